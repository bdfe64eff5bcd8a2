#include "gateway/web/static_files.h"

#include <openssl/evp.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <system_error>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/compression/gzip.h"
#include "gateway/web/web_paths.h"
#include "services/common/logging.h"

namespace samen::gateway::web {
namespace {

namespace fs = std::filesystem;

constexpr absl::string_view kGzipSuffix = ".gz";

// URL path ("/assets/app.js") -> the file to read (a link resolved).
using Listing = std::map<std::string, fs::path>;

bool Within(const fs::path& root, const fs::path& path) {
  const fs::path relative = path.lexically_relative(root);
  return !relative.empty() && *relative.begin() != "..";
}

std::string Shown(const fs::path& root, const fs::path& path) {
  return path.lexically_relative(root).generic_string();
}

// A symbolic link under `root`: where it leads when that is a regular file
// inside `root`.
absl::StatusOr<fs::path> FollowLink(const fs::path& root,
                                    const fs::path& link) {
  std::error_code error;
  const fs::path target = fs::canonical(link, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("--web_root: the link ", Shown(root, link),
                     " leads nowhere (", error.message(), ")"));
  }
  if (!Within(root, target)) {
    return absl::FailedPreconditionError(
        absl::StrCat("--web_root: the link ", Shown(root, link),
                     " leads outside ", root.string(), " (to ", target.string(),
                     "); only links to files "
                     "inside the directory are served"));
  }
  if (!fs::is_regular_file(target)) {
    return absl::FailedPreconditionError(
        absl::StrCat("--web_root: the link ", Shown(root, link),
                     " does not lead to a regular file"));
  }
  return target;
}

// Every file under `root` by URL path.
absl::StatusOr<Listing> List(const fs::path& root) {
  Listing listing;
  std::error_code error;
  for (fs::recursive_directory_iterator it(root, error), end;
       !error && it != end; it.increment(error)) {
    const fs::path& path = it->path();
    const std::string url = absl::StrCat("/", Shown(root, path));
    const fs::file_status status = it->symlink_status();
    if (fs::is_symlink(status)) {
      absl::StatusOr<fs::path> target = FollowLink(root, path);
      if (!target.ok()) {
        return target.status();
      }
      listing[url] = *std::move(target);
    } else if (fs::is_regular_file(status)) {
      listing[url] = path;
    } else if (!fs::is_directory(status)) {
      return absl::FailedPreconditionError(
          absl::StrCat("--web_root: ", Shown(root, path),
                       " is neither a regular file nor a directory"));
    }
  }
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--web_root: cannot read ", root.string(), ": ", error.message()));
  }
  return listing;
}

absl::StatusOr<std::string> ReadFile(const fs::path& path, uint64_t limit) {
  std::error_code error;
  const uintmax_t size = fs::file_size(path, error);
  if (error || size > limit) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--web_root: cannot read ", path.string(),
        error ? absl::StrCat(": ", error.message()) : " (too large)"));
  }
  std::string bytes(size, '\0');
  std::ifstream in(path, std::ios::binary);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size)) ||
      in.peek() != std::ifstream::traits_type::eof()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--web_root: cannot read ", path.string(), " (changed while read?)"));
  }
  return bytes;
}

// The first 128 bits of the SHA-256 of `bytes`, in hex.
std::string ContentHash(absl::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(),
             nullptr);
  return absl::BytesToHexString(absl::string_view(
      reinterpret_cast<const char*>(digest), std::min(length, 16u)));
}

// The gzip variant: the build's `.gz` when it holds the same bytes, else
// compressed here; "" when not smaller.
std::string GzipVariant(const std::string& url, const std::string& body,
                        const std::string* precompressed) {
  if (precompressed != nullptr) {
    absl::StatusOr<std::string> inflated = Gunzip(*precompressed, body.size());
    if (inflated.ok() && *inflated == body) {
      return precompressed->size() < body.size() ? *precompressed : "";
    }
    log::Warning("web file's .gz does not hold the file; compressing it here",
                 {{"path", url}});
  }
  if (!IsCompressible(ContentTypeFor(url))) {
    return "";
  }
  absl::StatusOr<std::string> compressed = Gzip(body);
  if (!compressed.ok() || compressed->size() >= body.size()) {
    return "";
  }
  return *std::move(compressed);
}

StaticFile MakeFile(const std::string& url, std::string body,
                    const std::string* precompressed) {
  StaticFile file;
  file.gzip = GzipVariant(url, body, precompressed);
  file.etag = ContentHash(body);
  if (file.has_gzip()) {
    file.gzip_etag = absl::StrCat(file.etag, "-gzip");
  }
  file.body = std::move(body);
  file.content_type = ContentTypeFor(url);
  file.cache_control = CacheControlFor(url);
  return file;
}

// The URL path whose gzip variant `url` is, or "".
std::string VariantOf(const Listing& listing, const std::string& url) {
  if (!absl::EndsWith(url, kGzipSuffix)) {
    return "";
  }
  std::string base = url.substr(0, url.size() - kGzipSuffix.size());
  return listing.count(base) > 0 ? base : "";
}

}  // namespace

absl::StatusOr<std::shared_ptr<const StaticFiles>> StaticFiles::Load(
    const StaticFilesOptions& options) {
  std::error_code error;
  const fs::path root = fs::canonical(options.root, error);
  if (error || !fs::is_directory(root)) {
    return absl::FailedPreconditionError(
        absl::StrCat("--web_root=", options.root, " is not a directory"));
  }
  absl::StatusOr<Listing> listing = List(root);
  if (!listing.ok()) {
    return listing.status();
  }
  if (listing->count("/index.html") == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--web_root=", options.root, " holds no index.html (the app shell)"));
  }
  uint64_t total = 0;
  for (const auto& [url, path] : *listing) {
    total += fs::file_size(path, error);
    if (error) {
      return absl::FailedPreconditionError(absl::StrCat(
          "--web_root: cannot read ", path.string(), ": ", error.message()));
    }
  }
  if (total > options.max_total_bytes) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--web_root=", options.root, " holds ", total, " bytes, more than ",
        "the ", options.max_total_bytes, " bytes the gateway keeps in memory"));
  }
  std::map<std::string, std::string> bytes;
  for (const auto& [url, path] : *listing) {
    absl::StatusOr<std::string> read = ReadFile(path, options.max_total_bytes);
    if (!read.ok()) {
      return read.status();
    }
    bytes[url] = *std::move(read);
  }
  std::shared_ptr<StaticFiles> files(new StaticFiles());
  for (auto& [url, body] : bytes) {
    if (!VariantOf(*listing, url).empty()) {
      continue;
    }
    auto gz = bytes.find(absl::StrCat(url, kGzipSuffix));
    StaticFile file = MakeFile(url, std::move(body),
                               gz == bytes.end() ? nullptr : &gz->second);
    files->bytes_ += file.body.size() + file.gzip.size();
    files->files_.emplace(url, std::move(file));
  }
  return std::shared_ptr<const StaticFiles>(std::move(files));
}

const StaticFile* StaticFiles::Find(absl::string_view path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace samen::gateway::web
