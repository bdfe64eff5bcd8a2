#pragma once

// Writing a ZIP archive (PKWARE APPNOTE 6.3, the subset every unzip reads):
// each entry deflated with zlib and checked by its CRC-32, names in UTF-8
// (flag bit 11), no ZIP64, so at most 65535 entries and 4 GiB in all. Used for
// a person's data export (docs/privacy.md). Pure, in memory.
//
//   resource::ZipWriter zip;
//   RETURN_IF_ERROR(zip.Add("LEESMIJ.txt", text, now));
//   RETURN_IF_ERROR(zip.Add("induction/data.json", json, now));
//   std::string bytes = std::move(zip).Finish();

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace samen::resource {

class ZipWriter {
 public:
  // Adds a file `name` ("induction/data.json": relative, '/'-separated, no
  // "." or ".." parts, no backslash) holding `content`, modified at
  // `modified` (stored as local time in Europe/Amsterdam, as ZIP has no time
  // zone). INVALID_ARGUMENT for a bad or repeated name, OUT_OF_RANGE when the
  // archive would outgrow the ZIP limits; the archive is unchanged then.
  absl::Status Add(absl::string_view name, absl::string_view content,
                   absl::Time modified);

  // The archive: the entries, their central directory and its end record.
  std::string Finish() &&;

  // How many entries were added.
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string name;
    uint32_t crc = 0;
    uint32_t compressed = 0;
    uint32_t uncompressed = 0;
    uint16_t dos_time = 0;
    uint16_t dos_date = 0;
    uint32_t offset = 0;
  };
  std::vector<Entry> entries_;
  std::string out_;
};

}  // namespace samen::resource
