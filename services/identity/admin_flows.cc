// IdentityService: what administrators (and a person for their own sessions)
// may do with sessions and machine clients.

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/auth/random.h"
#include "services/common/auth/token_claims.h"
#include "services/common/errors.h"
#include "services/common/logging.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"
#include "services/identity/sign_in_flows.h"

namespace samen::identity {
namespace {

constexpr size_t kSecretBytes = 32;
constexpr absl::Duration kDefaultOverlap = absl::Hours(24);
constexpr absl::Duration kMaxOverlap = absl::Hours(24 * 30);

absl::Status RequireAdmin(const CallContext& call) {
  if (!call.principal.IsAdmin()) {
    return absl::PermissionDeniedError(
        "only an administrator may manage machine clients");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ClientIdOf(absl::string_view name) {
  if (!absl::ConsumePrefix(&name, "clients/") || name.empty()) {
    return InvalidField("name", "must be clients/{client}");
  }
  return std::string(name);
}

void ToProto(const StoredClient& stored, v1::Client* out) {
  out->set_name(absl::StrCat("clients/", stored.id));
  out->set_display_name(stored.display_name);
  for (const std::string& grant : stored.grants) {
    out->add_grants(grant);
  }
  *out->mutable_create_time() = ToProtoTimestamp(stored.create_time);
  *out->mutable_secret_time() = ToProtoTimestamp(stored.secret_time);
  if (!stored.previous_secret_hash.empty() &&
      stored.previous_secret_expire.has_value()) {
    *out->mutable_previous_secret_expire_time() =
        ToProtoTimestamp(*stored.previous_secret_expire);
  }
}

}  // namespace

absl::Status SignInFlows::RevokePersonSessions(
    const CallContext& call, const v1::RevokePersonSessionsRequest& request,
    v1::RevokePersonSessionsResponse* out) {
  absl::string_view person = request.person();
  if (!absl::ConsumePrefix(&person, "people/") || person.empty()) {
    return InvalidField("person", "must be people/{person}");
  }
  if (!call.principal.IsAdmin() && call.principal.subject != person) {
    return absl::PermissionDeniedError(
        "only an administrator or the person themself may end their "
        "sessions");
  }
  const absl::Time now = clock_->Now();
  const std::string id(person);
  ASSIGN_OR_RETURN(int sessions, sessions_.EndPersonSessions(id, "revoked", now,
                                                             call.deadline));
  ASSIGN_OR_RETURN(int families, tokens_.RevokePersonFamilies(
                                     id, "revoked", now, call.deadline));
  log::Info("sessions revoked",
            {{"person", id},
             {"by", call.principal.subject},
             {"sessions", std::to_string(sessions)},
             {"refresh_families", std::to_string(families)}});
  out->set_sessions_ended(sessions);
  out->set_refresh_families_revoked(families);
  return absl::OkStatus();
}

absl::Status SignInFlows::ListClients(const CallContext& call,
                                      v1::ListClientsResponse* out) {
  RETURN_IF_ERROR(RequireAdmin(call));
  ASSIGN_OR_RETURN(std::vector<StoredClient> clients,
                   tokens_.ListClients(call.deadline));
  for (const StoredClient& client : clients) {
    ToProto(client, out->add_clients());
  }
  return absl::OkStatus();
}

absl::Status SignInFlows::CreateClient(const CallContext& call,
                                       const v1::CreateClientRequest& request,
                                       v1::ClientWithSecret* out) {
  RETURN_IF_ERROR(RequireAdmin(call));
  RETURN_IF_ERROR(ValidateClientId(request.client_id()));
  const v1::Client& client = request.client();
  if (client.display_name().empty() || client.display_name().size() > 200) {
    return InvalidField("client.display_name", "must be 1-200 characters");
  }
  if (client.grants().empty()) {
    return InvalidField("client.grants", "needs at least one grant");
  }
  StoredClient stored;
  stored.id = request.client_id();
  stored.display_name = client.display_name();
  for (int i = 0; i < client.grants_size(); ++i) {
    ASSIGN_OR_RETURN(auth::Grant grant,
                     ParseClientGrant(client.grants(i),
                                      absl::StrCat("client.grants[", i, "]")));
    stored.grants.push_back(auth::GrantText(grant));
  }
  ASSIGN_OR_RETURN(const std::string secret, auth::RandomToken(kSecretBytes));
  stored.secret_hash = Sha256Hex(secret);
  stored.create_time = stored.secret_time = clock_->Now();
  RETURN_IF_ERROR(tokens_.AddClient(stored, call.deadline));
  ToProto(stored, out->mutable_client());
  out->set_client_id(stored.id);
  out->set_client_secret(secret);
  return absl::OkStatus();
}

absl::Status SignInFlows::RotateClientSecret(
    const CallContext& call, const v1::RotateClientSecretRequest& request,
    v1::ClientWithSecret* out) {
  RETURN_IF_ERROR(RequireAdmin(call));
  ASSIGN_OR_RETURN(std::string id, ClientIdOf(request.name()));
  absl::Duration overlap = kDefaultOverlap;
  if (request.has_overlap_seconds()) {
    if (request.overlap_seconds() < 0 ||
        absl::Seconds(request.overlap_seconds()) > kMaxOverlap) {
      return InvalidField("overlap_seconds",
                          "must be between 0 and 2592000 (30 days)");
    }
    overlap = absl::Seconds(request.overlap_seconds());
  }
  ASSIGN_OR_RETURN(const std::string secret, auth::RandomToken(kSecretBytes));
  const absl::Time now = clock_->Now();
  ASSIGN_OR_RETURN(StoredClient stored,
                   tokens_.RotateClientSecret(id, Sha256Hex(secret), now,
                                              now + overlap, call.deadline));
  ToProto(stored, out->mutable_client());
  out->set_client_id(stored.id);
  out->set_client_secret(secret);
  return absl::OkStatus();
}

absl::Status SignInFlows::DeleteClient(const CallContext& call,
                                       const v1::DeleteClientRequest& request) {
  RETURN_IF_ERROR(RequireAdmin(call));
  ASSIGN_OR_RETURN(std::string id, ClientIdOf(request.name()));
  return tokens_.DeleteClient(id, call.deadline);
}

}  // namespace samen::identity
