#include "services/identity/identity_rules.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth/token_claims.h"
#include "services/common/errors.h"

namespace samen::identity {
namespace {

constexpr size_t kMaxReturnTo = 2000;

bool IsIdChar(char c) {
  return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-';
}

bool IsResourceId(absl::string_view id) {
  if (id.empty() || id.size() > 63) {
    return false;
  }
  for (char c : id) {
    if (!IsIdChar(c)) {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<auth::Grant> ParseClientGrant(absl::string_view text,
                                             absl::string_view field) {
  absl::StatusOr<auth::Grant> grant = auth::ParseGrantText(text);
  if (!grant.ok()) {
    return InvalidField(field, grant.status().message());
  }
  if (grant->role == auth::kAdmin) {
    return InvalidField(field, "a machine client cannot be an administrator");
  }
  if (grant->scope.empty()) {
    return grant;
  }
  for (absl::string_view collection : {"organisations/", "partnerships/"}) {
    if (absl::StartsWith(grant->scope, collection) &&
        IsResourceId(
            absl::string_view(grant->scope).substr(collection.size()))) {
      return grant;
    }
  }
  return InvalidField(field, absl::StrCat("scope \"", grant->scope,
                                          "\" is not organisations/{id} or "
                                          "partnerships/{id}"));
}

std::vector<std::string> GrantTexts(const std::vector<auth::Grant>& grants) {
  std::vector<std::string> texts;
  texts.reserve(grants.size());
  for (const auth::Grant& grant : grants) {
    texts.push_back(auth::GrantText(grant));
  }
  return texts;
}

std::string SafeReturnTo(absl::string_view return_to) {
  if (return_to.empty() || return_to.size() > kMaxReturnTo ||
      return_to[0] != '/') {
    return "/";
  }
  if (return_to.size() > 1 && (return_to[1] == '/' || return_to[1] == '\\')) {
    return "/";  // "//evil.example" is another origin
  }
  for (char c : return_to) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '\\') {
      return "/";
    }
  }
  return std::string(return_to);
}

absl::Status ValidateClientId(absl::string_view client_id) {
  if (client_id.size() < 3 || client_id.size() > 63 ||
      !absl::ascii_islower(client_id[0]) || !IsResourceId(client_id)) {
    return InvalidField("client_id",
                        "must be 3-63 characters of a-z, 0-9 and \"-\", "
                        "starting with a letter");
  }
  return absl::OkStatus();
}

std::optional<std::string> SessionDeadReason(const SessionTimes& session,
                                             absl::Duration idle,
                                             absl::Time now) {
  if (session.ended) {
    return "ended";
  }
  if (now >= session.expire) {
    return "expired";
  }
  if (now >= session.last_seen + idle) {
    return "idle";
  }
  return std::nullopt;
}

absl::Time AccessTokenExpiry(absl::Time now, absl::Duration ttl,
                             std::optional<absl::Time> session_expire) {
  const absl::Time expiry = now + ttl;
  return session_expire.has_value() ? std::min(expiry, *session_expire)
                                    : expiry;
}

RefreshVerdict JudgeRefresh(const RefreshState& state,
                            absl::string_view client_id, absl::Time now) {
  if (state.family_client_id != client_id) {
    return RefreshVerdict::kWrongClient;
  }
  if (state.family_revoked) {
    return RefreshVerdict::kRevoked;
  }
  if (state.used) {
    return RefreshVerdict::kReuse;
  }
  if (now >= state.family_expire) {
    return RefreshVerdict::kExpired;
  }
  return RefreshVerdict::kRotate;
}

}  // namespace samen::identity
