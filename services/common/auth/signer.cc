#include "services/common/auth/signer.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth/base64url.h"
#include "services/common/auth/json.h"
#include "services/common/status_macros.h"

namespace samen::auth {
namespace {

namespace fs = std::filesystem;

constexpr size_t kCoordinateSize = 32;
constexpr size_t kMaxPemBytes = 64 * 1024;

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct BignumDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};

// Refuses to prompt for a passphrase: encrypted keys fail to load.
int NoPassphrase(char*, int, int, void*) { return 0; }

// A public coordinate of an EC key, 32 big-endian bytes, base64url.
std::optional<std::string> Coordinate(EVP_PKEY* key, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  std::unique_ptr<BIGNUM, BignumDeleter> bn(raw);
  std::string bytes(kCoordinateSize, '\0');
  if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()),
                   kCoordinateSize) != static_cast<int>(kCoordinateSize)) {
    ERR_clear_error();
    return std::nullopt;
  }
  return internal::Base64UrlEncode(bytes);
}

bool IsP256(EVP_PKEY* key) {
  char group[64] = {0};
  size_t length = 0;
  const bool ok =
      EVP_PKEY_is_a(key, "EC") == 1 &&
      EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                     sizeof(group), &length) == 1 &&
      absl::string_view(group, length) == "prime256v1";
  ERR_clear_error();
  return ok;
}

absl::StatusOr<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read signing key file ", path.string()));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  if (contents.str().size() > kMaxPemBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("signing key file ", path.string(), " is too large"));
  }
  return contents.str();
}

// One candidate key file: its text and its place in the list.
struct KeyFile {
  std::string path;
  std::string pem;
};

absl::Status AddFile(const fs::path& path, std::vector<KeyFile>* files) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return absl::NotFoundError(
        absl::StrCat("cannot read signing key file ", path.string()));
  }
  ASSIGN_OR_RETURN(std::string pem, ReadFile(path));
  files->push_back({path.string(), std::move(pem)});
  return absl::OkStatus();
}

absl::Status AddDirectory(const fs::path& dir, std::vector<KeyFile>* files) {
  std::error_code ec;
  std::vector<fs::path> pems;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".pem") {
      pems.push_back(entry.path());
    }
  }
  if (ec) {
    return absl::NotFoundError(
        absl::StrCat("cannot list signing key directory ", dir.string(), ": ",
                     ec.message()));
  }
  if (pems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "signing key directory ", dir.string(), " has no *.pem file"));
  }
  std::sort(pems.begin(), pems.end());
  for (const fs::path& path : pems) {
    RETURN_IF_ERROR(AddFile(path, files));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SigningKeys::Key> SigningKeys::ParseKey(
    absl::string_view pem, absl::string_view source) {
  std::unique_ptr<BIO, BioDeleter> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EVP_PKEY* raw =
      bio == nullptr
          ? nullptr
          : PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr);
  ERR_clear_error();
  if (raw == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, " is not an unencrypted PEM private key"));
  }
  Key key{internal::EvpPkeyPtr(raw), "", "", ""};
  if (!IsP256(key.key.get())) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, " is not an EC P-256 key (ES256 needs one)"));
  }
  std::optional<std::string> x = Coordinate(raw, OSSL_PKEY_PARAM_EC_PUB_X);
  std::optional<std::string> y = Coordinate(raw, OSSL_PKEY_PARAM_EC_PUB_Y);
  if (!x.has_value() || !y.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": cannot read the public point"));
  }
  key.x = *std::move(x);
  key.y = *std::move(y);
  // RFC 7638: required members only, in lexicographic order, no whitespace.
  const std::string canonical =
      absl::StrCat(R"({"crv":"P-256","kty":"EC","x":")", key.x, R"(","y":")",
                   key.y, R"("})");
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(canonical.data()),
         canonical.size(), digest);
  key.kid = internal::Base64UrlEncode(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
  return key;
}

absl::StatusOr<std::unique_ptr<SigningKeys>> SigningKeys::Load(
    const std::vector<std::string>& paths) {
  std::vector<KeyFile> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      RETURN_IF_ERROR(AddDirectory(path, &files));
    } else {
      RETURN_IF_ERROR(AddFile(path, &files));
    }
  }
  if (files.empty()) {
    return absl::InvalidArgumentError("no signing key files given");
  }
  // The last listed signs (file times on a Kubernetes Secret mount say
  // nothing): keys_ keeps the signing key first.
  std::reverse(files.begin(), files.end());
  std::vector<Key> keys;
  for (const KeyFile& file : files) {
    ASSIGN_OR_RETURN(
        Key key,
        ParseKey(file.pem, absl::StrCat("signing key file ", file.path)));
    keys.push_back(std::move(key));
  }
  return std::unique_ptr<SigningKeys>(new SigningKeys(std::move(keys)));
}

absl::StatusOr<std::unique_ptr<SigningKeys>> SigningKeys::FromPems(
    const std::vector<std::string>& pems) {
  if (pems.empty()) {
    return absl::InvalidArgumentError("no signing keys given");
  }
  std::vector<Key> keys;
  for (size_t i = 0; i < pems.size(); ++i) {
    ASSIGN_OR_RETURN(Key key,
                     ParseKey(pems[i], absl::StrCat("signing key #", i)));
    keys.push_back(std::move(key));
  }
  return std::unique_ptr<SigningKeys>(new SigningKeys(std::move(keys)));
}

absl::StatusOr<std::string> SigningKeys::Sign(absl::string_view payload_json,
                                              TokenType type) const {
  if (!internal::ParseJsonObject(payload_json).has_value()) {
    return absl::InvalidArgumentError("token payload is not a JSON object");
  }
  const Key& key = keys_.front();
  const std::string header =
      absl::StrCat(R"({"alg":"ES256","typ":")",
                   type == TokenType::kAccessToken ? "at+jwt" : "JWT",
                   R"(","kid":")", key.kid, R"("})");
  const std::string signing_input =
      absl::StrCat(internal::Base64UrlEncode(header), ".",
                   internal::Base64UrlEncode(payload_json));
  const std::string signature =
      internal::SignEs256(key.key.get(), signing_input);
  if (signature.empty()) {
    return absl::InternalError("ES256 signing failed");
  }
  return absl::StrCat(signing_input, ".", internal::Base64UrlEncode(signature));
}

std::string SigningKeys::PublicJwksJson() const {
  std::string out = R"({"keys":[)";
  for (size_t i = 0; i < keys_.size(); ++i) {
    const Key& key = keys_[i];
    absl::StrAppend(&out, i == 0 ? "" : ",",
                    R"({"kty":"EC","crv":"P-256","x":")", key.x, R"(","y":")",
                    key.y, R"(","kid":")", key.kid,
                    R"(","use":"sig","alg":"ES256"})");
  }
  out.append("]}");
  return out;
}

std::vector<std::string> SigningKeys::kids() const {
  std::vector<std::string> kids;
  for (const Key& key : keys_) {
    kids.push_back(key.kid);
  }
  return kids;
}

absl::StatusOr<std::string> GenerateEcP256PrivateKeyPem() {
  internal::EvpPkeyPtr key(EVP_EC_gen("P-256"));
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  if (key == nullptr || bio == nullptr ||
      PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0,
                               nullptr, nullptr) != 1) {
    ERR_clear_error();
    return absl::InternalError("cannot generate an EC P-256 key");
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace samen::auth
