#pragma once

// What the HS256 tests share: a secret, an instant, a verifier, payloads, a
// sample principal and minting options valid at that instant.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "services/common/auth/auth.h"

namespace samen::auth::testing {

inline constexpr char kSecret[] = "0123456789abcdef0123456789abcdef-local";
inline constexpr char kHs256Header[] = R"({"alg":"HS256","typ":"JWT"})";
inline const absl::Time kNow = absl::FromUnixSeconds(1'700'000'000);

inline std::unique_ptr<TokenVerifier> MakeVerifier(
    VerifierOptions options = {}) {
  if (options.hs256_secret.empty() && options.jwks_file.empty()) {
    options.hs256_secret = kSecret;
  }
  auto verifier = TokenVerifier::Create(options);
  EXPECT_TRUE(verifier.ok()) << verifier.status();
  return verifier.ok() ? *std::move(verifier) : nullptr;
}

// A payload valid at kNow with `extra` members appended.
inline std::string Payload(absl::string_view extra = "") {
  return absl::StrCat(R"({"sub":"person-1","exp":)",
                      absl::ToUnixSeconds(kNow + absl::Hours(1)), extra, "}");
}

inline void ExpectUnauthenticated(const absl::StatusOr<Principal>& result,
                                  absl::string_view message) {
  ASSERT_FALSE(result.ok())
      << "accepted a token that should fail with " << message;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnauthenticated)
      << result.status();
  EXPECT_EQ(result.status().message(), message);
}

inline Principal SamplePrincipal() {
  Principal p;
  p.subject = "idp|42";
  p.display_name = "Fatima \"Tima\" de Vries\n";
  p.grants = {{"coordinator", "partnerships/osof"},
              {"hr", "organisations/almere-college-dronten"},
              {"admin", ""}};
  return p;
}

inline MintOptions Mint(absl::Time now = kNow) {
  MintOptions options;
  options.secret = kSecret;
  options.now = now;
  options.ttl = absl::Hours(1);
  return options;
}

}  // namespace samen::auth::testing
