// The data map of samen_identity (db/migrations/identity/): sign-in. Secrets
// are stored only as hashes, and never exported. Erasure order: refresh
// tokens before their families.

#include "services/identity/privacy_map.h"

namespace samen::identity {
namespace {

using privacy::Column;
using privacy::Link;
using privacy::Table;
using enum privacy::DataKind;
using enum privacy::Export;

constexpr Link kPersonLinks[] = {{.column = "person_id"}};

constexpr Column kSignInAttempts[] = {
    {.name = "state_hash", .kind = kTechnical},
    {.name = "binding_hash", .kind = kTechnical},
    {.name = "provider_id", .kind = kTechnical},
    {.name = "nonce", .kind = kTechnical},
    {.name = "code_verifier", .kind = kTechnical},
    {.name = "redirect_uri", .kind = kTechnical},
    {.name = "return_to", .kind = kTechnical},
    {.name = "create_time", .kind = kTechnical},
    {.name = "expire_time", .kind = kTechnical},
    {.name = "use_time", .kind = kTechnical},
};

constexpr Column kPersonIdentities[] = {
    {.name = "issuer_hash", .kind = kTechnical, .export_as = kWithheld},
    {.name = "subject", .kind = kIdentifying},
    {.name = "issuer", .kind = kIdentifying},
    {.name = "person_id", .kind = kIdentifying},
    {.name = "matched_email", .kind = kContact},
    {.name = "create_time", .kind = kTechnical},
    {.name = "last_sign_in_time", .kind = kTechnical},
};

constexpr Column kWebSessions[] = {
    {.name = "id", .kind = kTechnical, .export_as = kWithheld},
    {.name = "secret_hash", .kind = kTechnical, .export_as = kWithheld},
    {.name = "person_id", .kind = kIdentifying},
    {.name = "provider_id", .kind = kTechnical},
    {.name = "id_token", .kind = kIdentifying, .export_as = kWithheld},
    {.name = "csrf_token", .kind = kTechnical, .export_as = kWithheld},
    {.name = "user_agent", .kind = kTechnical},
    {.name = "create_time", .kind = kTechnical},
    {.name = "last_seen_time", .kind = kTechnical},
    {.name = "expire_time", .kind = kTechnical},
    {.name = "end_time", .kind = kTechnical},
    {.name = "end_reason", .kind = kTechnical},
};

constexpr Column kRefreshFamilies[] = {
    {.name = "id", .kind = kTechnical, .export_as = kWithheld},
    {.name = "person_id", .kind = kIdentifying},
    {.name = "client_id", .kind = kTechnical},
    {.name = "create_time", .kind = kTechnical},
    {.name = "expire_time", .kind = kTechnical},
    {.name = "revoke_time", .kind = kTechnical},
    {.name = "revoke_reason", .kind = kTechnical},
};

constexpr Column kRefreshTokens[] = {
    {.name = "token_hash", .kind = kTechnical, .export_as = kWithheld},
    {.name = "family_id", .kind = kTechnical, .export_as = kWithheld},
    {.name = "create_time", .kind = kTechnical},
    {.name = "use_time", .kind = kTechnical},
};
constexpr Link kRefreshTokenLinks[] = {
    {.column = "family_id",
     .condition =
         "family_id IN (SELECT id FROM refresh_families WHERE person_id = ?)"},
};

constexpr Column kOauthClients[] = {
    {.name = "id"},
    {.name = "display_name"},
    {.name = "grants"},
    {.name = "secret_hash"},
    {.name = "previous_secret_hash"},
    {.name = "previous_secret_expire_time"},
    {.name = "create_time"},
    {.name = "secret_time"},
};

constexpr Table kTables[] = {
    {.name = "sign_in_attempts",
     .purpose = "A web sign-in between its start and the provider's answer; "
                "not yet anyone's.",
     .columns = kSignInAttempts,
     .readers = "nobody through the API",
     .retention = "10 minutes, one use; then pruned",
     .retention_days = 1,
     .expiry = {.enforced_by = "the sign-in itself, which deletes attempts "
                               "expired a day ago (session_repository.cc)"}},
    {.name = "person_identities",
     .purpose = "The provider account (issuer and subject) pinned to a "
                "person, matched once by verified e-mail.",
     .links = kPersonLinks,
     .columns = kPersonIdentities,
     .readers = "nobody through the API (sign-in only)",
     .retention = "as long as the person is in the directory"},
    {.name = "web_sessions",
     .purpose = "Web sessions (the gateway's cookie holds the secret).",
     .links = kPersonLinks,
     .columns = kWebSessions,
     .readers = "the person (to end them); administrators",
     .retention = "until the session ends (at most 12 hours), then 30 days",
     .retention_days = 30,
     .expiry = {.condition =
                    "LEAST(expire_time, COALESCE(end_time, expire_time)) < ?"}},
    {.name = "refresh_tokens",
     .purpose = "The rotating refresh tokens of a native-app sign-in.",
     .links = kRefreshTokenLinks,
     .columns = kRefreshTokens,
     .readers = "nobody through the API",
     .retention = "as long as their family: deleted with it (ON DELETE "
                  "CASCADE)"},
    {.name = "refresh_families",
     .purpose = "One native-app sign-in and its revocation.",
     .links = kPersonLinks,
     .columns = kRefreshFamilies,
     .readers = "the person (to revoke them); administrators",
     .retention = "until the family ends (30 days after sign-in, or "
                  "revoked), then 30 days",
     .retention_days = 30,
     .expiry = {.condition =
                    "LEAST(expire_time, COALESCE(revoke_time, expire_time)) "
                    "< ?"}},
    {.name = "oauth_clients",
     .purpose = "Machine clients of the client-credentials grant.",
     .columns = kOauthClients,
     .readers = "administrators",
     .retention = "until deleted"},
};

constexpr privacy::DataMap kMap{.service = "identity", .tables = kTables};

}  // namespace

const privacy::DataMap& IdentityDataMap() { return kMap; }

}  // namespace samen::identity
