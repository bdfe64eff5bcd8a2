#pragma once

// The web app's files (the esbuild dist: index.html, assets/<name>-<hash>.js,
// sw.js, manifest.webmanifest, icons/...), read into memory once at start-up:
// every request is a lookup by exact path in an immutable map, with no file
// I/O and no way to name anything outside the directory.
//
// Each file gets a strong ETag (a SHA-256 of its bytes), its Content-Type and
// Cache-Control (web_paths.h) and, when compressible, a gzip variant: the
// build's own `<file>.gz` when it holds the same bytes, else compressed here,
// kept only when smaller. A `.gz` next to its file is that file's variant,
// not a file of its own.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace samen::gateway::web {

struct StaticFilesOptions {
  // The dist directory; must hold index.html.
  std::string root;
  // Start-up fails when the files (with their .gz siblings) add up to more.
  uint64_t max_total_bytes = uint64_t{32} << 20;
};

struct StaticFile {
  std::string body;
  // The gzip variant; empty when there is none.
  std::string gzip;
  // Strong entity tags without the quotes, one per representation.
  std::string etag;
  std::string gzip_etag;
  std::string content_type;
  std::string cache_control;

  bool has_gzip() const { return !gzip.empty(); }
};

class StaticFiles {
 public:
  // Reads every regular file under `options.root`. Fails, naming the file,
  // on a symbolic link that leads outside the root (or to a directory), on
  // anything else that is not a regular file, a directory or a link, on a
  // missing index.html, and beyond `max_total_bytes`.
  static absl::StatusOr<std::shared_ptr<const StaticFiles>> Load(
      const StaticFilesOptions& options);

  // The file at the URL path ("/index.html", "/assets/app-3F2A9C1B.js"), or
  // null.
  const StaticFile* Find(absl::string_view path) const;

  size_t size() const { return files_.size(); }
  // The bytes held, both variants.
  uint64_t bytes() const { return bytes_; }

 private:
  StaticFiles() = default;

  absl::flat_hash_map<std::string, StaticFile> files_;
  uint64_t bytes_ = 0;
};

}  // namespace samen::gateway::web
