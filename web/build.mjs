// Builds the Samen app into dist/, which samen-gateway serves (--web_root):
//   index.html               the shell (no inline script; served no-cache)
//   assets/*-[hash].js|css   the code, split per area, content-hashed (immutable)
//   sw.js                    the service worker with this build's file list
//   manifest.webmanifest, icons/, favicon.ico, robots.txt
// and a .gz next to every compressible file. It fails when the JavaScript a
// phone downloads in total passes the budget (100 KB gzipped).
//
//   node build.mjs            production build
//   node build.mjs --check    also type-check (tsc --noEmit)

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { icons } from "./tools/icons.mjs";

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, "dist");
const budgetBytes = 100 * 1024;

if (process.argv.includes("--check")) {
  execFileSync(join(root, "node_modules/.bin/tsc"), ["--noEmit", "-p", root], { stdio: "inherit" });
  execFileSync(join(root, "node_modules/.bin/tsc"), ["--noEmit", "-p", join(root, "tsconfig.sw.json")], { stdio: "inherit" });
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const app = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { app: "src/main.ts", styles: "src/styles.css" },
  bundle: true,
  splitting: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: "linked",
  legalComments: "linked",
  outdir: dist,
  entryNames: "assets/[name]-[hash]",
  chunkNames: "assets/chunk-[hash]",
  metafile: true,
  logLevel: "warning",
});

const outputs = Object.keys(app.metafile.outputs).map((file) => "/" + relative(dist, join(root, file)));
const script = outputs.find((file) => /\/assets\/app-[^/]+\.js$/.test(file));
const style = outputs.find((file) => /\/assets\/styles-[^/]+\.css$/.test(file));
if (!script || !style) {
  throw new Error(`build: no app script or stylesheet among ${outputs.join(", ")}`);
}
// The chunks the entry imports statically: preloaded, so a phone fetches them
// in parallel rather than one after the other.
const entry = app.metafile.outputs[relative(root, join(dist, script.slice(1)))];
const preloads = entry.imports.filter((each) => each.kind === "import-statement").map((each) => "/" + relative(dist, join(root, each.path)));

cpSync(join(root, "public"), dist, { recursive: true });
for (const [name, bytes] of Object.entries(icons())) {
  mkdirSync(dirname(join(dist, name)), { recursive: true });
  writeFileSync(join(dist, name), bytes);
}

writeFileSync(
  join(dist, "index.html"),
  `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>Samen</title>
<meta name="description" content="Samen: de app van je opleidingsschool voor coaching, inductie en professionalisering.">
<meta name="theme-color" content="#0b5d6b">
<link rel="manifest" href="/manifest.webmanifest">
<link rel="icon" href="/favicon.ico" sizes="32x32">
<link rel="icon" href="/icons/icon-192.png" type="image/png" sizes="192x192">
<link rel="apple-touch-icon" href="/icons/apple-touch-icon.png">
<link rel="stylesheet" href="${style}">
${preloads.map((file) => `<link rel="modulepreload" href="${file}">`).join("\n")}
<script type="module" src="${script}"></script>
</head>
<body>
<samen-app></samen-app>
<noscript><p class="noscript">Samen werkt alleen met JavaScript aan. Zet JavaScript aan in je browser en laad de pagina opnieuw.</p></noscript>
</body>
</html>
`,
);

// The files the service worker keeps for offline use: the shell, not source maps.
function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
const precache = filesUnder(dist)
  .map((file) => "/" + relative(dist, file))
  .filter((file) => !file.endsWith(".map") && !file.endsWith(".LEGAL.txt") && file !== "/robots.txt")
  .sort();
const version = createHash("sha256").update(precache.map((file) => file + readFileSync(join(dist, file.slice(1))).length).join("\n")).digest("hex").slice(0, 16);

await esbuild.build({
  absWorkingDir: root,
  entryPoints: ["src/sw.ts"],
  bundle: true,
  format: "iife",
  target: "es2022",
  minify: true,
  outfile: join(dist, "sw.js"),
  define: { SAMEN_VERSION: JSON.stringify(version), SAMEN_PRECACHE: JSON.stringify(precache.filter((file) => file !== "/index.html")) },
  logLevel: "warning",
});

// Gzip siblings for the gateway to send to browsers that accept gzip.
let scriptBytes = 0;
for (const file of filesUnder(dist)) {
  if (!/\.(js|css|html|webmanifest|json|svg|txt|map)$/.test(file)) {
    continue;
  }
  const packed = gzipSync(readFileSync(file), { level: 9 });
  writeFileSync(`${file}.gz`, packed);
  if (file.endsWith(".js") && !file.endsWith("sw.js")) {
    scriptBytes += packed.length;
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`web: built dist/ (${precache.length} files, version ${version}); JavaScript ${kb(scriptBytes)} gzipped of ${kb(budgetBytes)}`);
if (scriptBytes > budgetBytes) {
  console.error(`web: the JavaScript is over its budget: ${kb(scriptBytes)} > ${kb(budgetBytes)} gzipped`);
  process.exit(1);
}
