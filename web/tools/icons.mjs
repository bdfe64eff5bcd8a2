// Samen's icons, drawn here rather than committed as binaries: a rounded
// square in the accent colour with two overlapping circles ("samen" is
// "together"). PNG encoding by hand (zlib from Node), ICO wraps a PNG.

import { deflateSync } from "node:zlib";

const accent = [0xb3, 0x46, 0x1b];
const white = [0xff, 0xff, 0xff];

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) {
      crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
    }
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function blend(under, over, alpha) {
  return under.map((value, i) => Math.round(value * (1 - alpha) + over[i] * alpha));
}

// `maskable`: full-bleed background, the mark inside the 80% safe zone.
function mark(maskable) {
  const scale = maskable ? 0.7 : 1;
  return (x, y) => {
    const cx = (x - 0.5) / scale + 0.5;
    const cy = (y - 0.5) / scale + 0.5;
    const inside = (px, py, r) => (cx - px) ** 2 + (cy - py) ** 2 <= r * r;
    let colour = accent;
    let alpha = 255;
    if (!maskable) {
      const d = Math.max(Math.abs(x - 0.5) - 0.32, 0) ** 2 + Math.max(Math.abs(y - 0.5) - 0.32, 0) ** 2;
      alpha = d <= 0.18 ** 2 ? 255 : 0;
    }
    if (inside(0.62, 0.5, 0.22)) {
      colour = blend(colour, white, 0.65);
    }
    if (inside(0.38, 0.5, 0.22)) {
      colour = white;
    }
    return [...colour, alpha];
  };
}

function ico(pngData, size) {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header[6] = size;
  header[7] = size;
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(pngData.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, pngData]);
}

// name -> bytes
export function icons() {
  return {
    "icons/icon-192.png": png(192, mark(false)),
    "icons/icon-512.png": png(512, mark(false)),
    "icons/maskable-512.png": png(512, mark(true)),
    "icons/apple-touch-icon.png": png(180, mark(true)),
    "favicon.ico": ico(png(32, mark(false)), 32),
  };
}
