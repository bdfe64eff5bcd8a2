#pragma once

// What the identity service is configured with: Samen's issuer, its signing
// keys, the timeouts, and the organisations' OpenID Connect providers
// (docs/security.md, "Identity providers"). Flags are read in services/server
// (identity_flags.cc); this library gets the values.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/identity/identity_rules.h"

namespace samen::identity {

// One organisation's (or board's) OpenID Connect provider.
struct ProviderConfig {
  std::string id;            // "demo", "entra-almere": in /auth/login?provider=
  std::string display_name;  // "Schoolaccount Almere College"
  std::string issuer;     // exact `iss`; discovery at issuer + /.well-known/...
  std::string client_id;  // Samen's web client at the provider
  std::string client_secret;  // read from client_secret_file
  // Client ids of Samen's native app at this provider: ID tokens issued to
  // them may be exchanged for Samen tokens (RFC 8693).
  std::vector<std::string> native_client_ids;
  std::string scopes = "openid email profile";
};

struct IdentityOptions {
  // Samen's issuer (`iss` of its tokens): the gateway's public URL.
  std::string issuer;
  // `aud` of Samen's tokens.
  std::string audience = "samen";
  // PEM files of EC P-256 private keys; the newest signs, all are published.
  std::vector<std::string> signing_key_files;
  std::vector<ProviderConfig> providers;
  Lifetimes lifetimes;
  // Extra CA certificates for the providers' HTTPS (tests); "" = system store.
  std::string ca_file;
};

// Parses the providers file (JSON):
//   {"providers": [{"id": "demo", "displayName": "...", "issuer":
//   "https://...",
//     "clientId": "...", "clientSecretFile": "/secrets/demo",
//     "nativeClientIds": ["samen-app"], "scopes": ["openid", "email",
//     "profile"]}]}
//   ("scopes" may also be one space-separated string)
// `source` names the file in errors; secret files are read relative to the
// working directory. INVALID_ARGUMENT naming the entry and member that is
// wrong; NOT_FOUND for an unreadable secret file.
absl::StatusOr<std::vector<ProviderConfig>> ParseProviders(
    absl::string_view json, absl::string_view source);
absl::StatusOr<std::vector<ProviderConfig>> LoadProvidersFile(
    const std::string& path);

// Checks the options as a whole: an issuer URL, at least one signing key file,
// unique provider ids, positive lifetimes with an access token of at most 15
// minutes.
absl::Status ValidateOptions(const IdentityOptions& options);

}  // namespace samen::identity
