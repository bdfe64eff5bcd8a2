#include "services/common/resource/zip.h"

#include <zlib.h>

#include <limits>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"

namespace samen::resource {
namespace {

constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr uint16_t kVersionNeeded = 20;  // 2.0: deflate
// Made by Unix (3) so that unzip gives the files rw-r--r--.
constexpr uint16_t kVersionMadeBy = (3 << 8) | 20;
constexpr uint16_t kUtf8Names = 1 << 11;
constexpr uint16_t kDeflate = 8;
constexpr uint32_t kRegularFile0644 = 0100644u << 16;
constexpr uint64_t kMax32 = std::numeric_limits<uint32_t>::max();

void Put16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}

void Put32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) {
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
}

absl::Status CheckName(absl::string_view name) {
  if (name.empty() || name.size() > 1024) {
    return absl::InvalidArgumentError("zip entry name must be 1 to 1024 bytes");
  }
  if (absl::StrContains(name, '\\') || absl::StrContains(name, '\0')) {
    return absl::InvalidArgumentError(absl::StrCat(
        "zip entry name \"", name, "\" must not contain a backslash or NUL"));
  }
  for (absl::string_view part : absl::StrSplit(name, '/')) {
    if (part.empty() || part == "." || part == "..") {
      return absl::InvalidArgumentError(absl::StrCat(
          "zip entry name \"", name,
          "\" must be relative, without empty, \".\" or \"..\" parts"));
    }
  }
  return absl::OkStatus();
}

// MS-DOS date and time (2-second resolution, years 1980..2107).
void DosDateTime(absl::Time t, uint16_t* time, uint16_t* date) {
  static const absl::TimeZone* zone = [] {
    auto* z = new absl::TimeZone;
    if (!absl::LoadTimeZone("Europe/Amsterdam", z)) {
      *z = absl::UTCTimeZone();
    }
    return z;
  }();
  absl::CivilSecond c = absl::ToCivilSecond(t, *zone);
  if (c.year() < 1980) {
    c = absl::CivilSecond(1980, 1, 1, 0, 0, 0);
  } else if (c.year() > 2107) {
    c = absl::CivilSecond(2107, 12, 31, 23, 59, 58);
  }
  *time = static_cast<uint16_t>((c.hour() << 11) | (c.minute() << 5) |
                                (c.second() / 2));
  *date = static_cast<uint16_t>(((c.year() - 1980) << 9) | (c.month() << 5) |
                                c.day());
}

// Raw deflate (no zlib header), as ZIP stores it.
absl::StatusOr<std::string> Deflate(absl::string_view in) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return absl::InternalError("zlib deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const size_t written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) {
    return absl::InternalError(absl::StrCat("zlib deflate failed: ", rc));
  }
  out.resize(written);
  return out;
}

}  // namespace

absl::Status ZipWriter::Add(absl::string_view name, absl::string_view content,
                            absl::Time modified) {
  if (absl::Status s = CheckName(name); !s.ok()) {
    return s;
  }
  for (const Entry& e : entries_) {
    if (e.name == name) {
      return absl::InvalidArgumentError(
          absl::StrCat("zip entry \"", name, "\" was already added"));
    }
  }
  if (entries_.size() >= 0xffff || content.size() > kMax32) {
    return absl::OutOfRangeError("zip archive would need ZIP64");
  }
  absl::StatusOr<std::string> deflated = Deflate(content);
  if (!deflated.ok()) {
    return deflated.status();
  }
  if (out_.size() + 30 + name.size() + deflated->size() > kMax32) {
    return absl::OutOfRangeError("zip archive would need ZIP64");
  }
  Entry e;
  e.name = std::string(name);
  e.crc = static_cast<uint32_t>(crc32(
      crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(content.data()),
      static_cast<uInt>(content.size())));
  e.compressed = static_cast<uint32_t>(deflated->size());
  e.uncompressed = static_cast<uint32_t>(content.size());
  DosDateTime(modified, &e.dos_time, &e.dos_date);
  e.offset = static_cast<uint32_t>(out_.size());
  Put32(out_, kLocalHeader);
  Put16(out_, kVersionNeeded);
  Put16(out_, kUtf8Names);
  Put16(out_, kDeflate);
  Put16(out_, e.dos_time);
  Put16(out_, e.dos_date);
  Put32(out_, e.crc);
  Put32(out_, e.compressed);
  Put32(out_, e.uncompressed);
  Put16(out_, static_cast<uint16_t>(e.name.size()));
  Put16(out_, 0);  // extra field
  out_.append(e.name);
  out_.append(*deflated);
  entries_.push_back(std::move(e));
  return absl::OkStatus();
}

std::string ZipWriter::Finish() && {
  const uint32_t directory_offset = static_cast<uint32_t>(out_.size());
  for (const Entry& e : entries_) {
    Put32(out_, kCentralHeader);
    Put16(out_, kVersionMadeBy);
    Put16(out_, kVersionNeeded);
    Put16(out_, kUtf8Names);
    Put16(out_, kDeflate);
    Put16(out_, e.dos_time);
    Put16(out_, e.dos_date);
    Put32(out_, e.crc);
    Put32(out_, e.compressed);
    Put32(out_, e.uncompressed);
    Put16(out_, static_cast<uint16_t>(e.name.size()));
    Put16(out_, 0);  // extra field
    Put16(out_, 0);  // comment
    Put16(out_, 0);  // disk number
    Put16(out_, 0);  // internal attributes
    Put32(out_, kRegularFile0644);
    Put32(out_, e.offset);
    out_.append(e.name);
  }
  const uint32_t directory_size =
      static_cast<uint32_t>(out_.size()) - directory_offset;
  Put32(out_, kEndOfCentralDirectory);
  Put16(out_, 0);  // this disk
  Put16(out_, 0);  // the directory's disk
  Put16(out_, static_cast<uint16_t>(entries_.size()));
  Put16(out_, static_cast<uint16_t>(entries_.size()));
  Put32(out_, directory_size);
  Put32(out_, directory_offset);
  Put16(out_, 0);  // comment
  return std::move(out_);
}

}  // namespace samen::resource
