#include "services/identity/token_repository.h"

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cppconn/connection.h"
#include "db/errors.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/transaction.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"

namespace samen::identity {
namespace {

constexpr absl::string_view kSelectClient =
    "SELECT id, display_name, grants, secret_hash, previous_secret_hash, "
    "previous_secret_expire_time, create_time, secret_time FROM oauth_clients";

StoredClient ReadClient(const sql::ResultSet& rs) {
  StoredClient client;
  client.id = db::Str(rs, "id");
  client.display_name = db::Str(rs, "display_name");
  client.grants =
      absl::StrSplit(db::Str(rs, "grants"), ' ', absl::SkipWhitespace());
  client.secret_hash = db::Str(rs, "secret_hash");
  client.previous_secret_hash = db::NullableStr(rs, "previous_secret_hash");
  client.previous_secret_expire =
      db::NullableDatetime(rs, "previous_secret_expire_time");
  client.create_time = db::Datetime(rs, "create_time");
  client.secret_time = db::Datetime(rs, "secret_time");
  return client;
}

absl::Status ClientNotFound(const std::string& id) {
  return ResourceNotFound("clients/" + id);
}

}  // namespace

absl::Status TokenRepository::AddRefreshFamily(
    const std::string& family_id, const std::string& person_id,
    const std::string& client_id, const std::string& token_hash, absl::Time now,
    absl::Time expire, absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "start a refresh family", [&](sql::Connection& c) {
        db::ExecuteUpdate(c,
                          "INSERT INTO refresh_families (id, person_id, "
                          "client_id, create_time, expire_time) "
                          "VALUES (?, ?, ?, ?, ?)",
                          family_id, person_id, client_id, now, expire);
        db::ExecuteUpdate(c,
                          "INSERT INTO refresh_tokens (token_hash, family_id, "
                          "create_time) VALUES (?, ?, ?)",
                          token_hash, family_id, now);
        return absl::OkStatus();
      });
}

absl::StatusOr<RefreshOutcome> TokenRepository::UseRefreshToken(
    const std::string& token_hash, const std::string& client_id,
    const std::string& next_hash, absl::Time now, absl::Time deadline) {
  return db::InTransaction<RefreshOutcome>(
      *pool_, deadline, "use a refresh token",
      [&](sql::Connection& c) -> absl::StatusOr<RefreshOutcome> {
        db::Rows rs = db::ExecuteQuery(
            c,
            "SELECT t.use_time, f.id, f.person_id, f.client_id, "
            "f.expire_time, f.revoke_time FROM refresh_tokens t "
            "JOIN refresh_families f ON f.id = t.family_id "
            "WHERE t.token_hash = ? FOR UPDATE",
            token_hash);
        if (!rs->next()) {
          return absl::NotFoundError("unknown refresh token");
        }
        RefreshState state;
        state.used = db::NullableDatetime(*rs, "use_time").has_value();
        state.family_revoked =
            db::NullableDatetime(*rs, "revoke_time").has_value();
        state.family_expire = db::Datetime(*rs, "expire_time");
        state.family_client_id = db::Str(*rs, "client_id");
        RefreshOutcome outcome{JudgeRefresh(state, client_id, now),
                               db::Str(*rs, "id"), db::Str(*rs, "person_id")};
        rs.reset();
        if (outcome.verdict == RefreshVerdict::kRotate) {
          db::ExecuteUpdate(
              c, "UPDATE refresh_tokens SET use_time = ? WHERE token_hash = ?",
              now, token_hash);
          db::ExecuteUpdate(c,
                            "INSERT INTO refresh_tokens (token_hash, "
                            "family_id, create_time) VALUES (?, ?, ?)",
                            next_hash, outcome.family_id, now);
        } else if (outcome.verdict == RefreshVerdict::kReuse) {
          db::ExecuteUpdate(c,
                            "UPDATE refresh_families SET revoke_time = ?, "
                            "revoke_reason = 'reuse' WHERE id = ?",
                            now, outcome.family_id);
        }
        return outcome;
      });
}

absl::Status TokenRepository::RevokeFamily(const std::string& family_id,
                                           const std::string& reason,
                                           absl::Time now,
                                           absl::Time deadline) {
  return db::RunWithConnection(
      *pool_, deadline, "revoke a refresh family", [&](sql::Connection& c) {
        db::ExecuteUpdate(c,
                          "UPDATE refresh_families SET revoke_time = ?, "
                          "revoke_reason = ? WHERE id = ? AND revoke_time IS "
                          "NULL",
                          now, reason, family_id);
        return absl::OkStatus();
      });
}

absl::StatusOr<int> TokenRepository::RevokePersonFamilies(
    const std::string& person_id, const std::string& reason, absl::Time now,
    absl::Time deadline) {
  return db::WithConnection<int>(
      *pool_, deadline, "revoke a person's refresh tokens",
      [&](sql::Connection& c) -> absl::StatusOr<int> {
        return db::ExecuteUpdate(
            c,
            "UPDATE refresh_families SET revoke_time = ?, revoke_reason = ? "
            "WHERE person_id = ? AND revoke_time IS NULL AND expire_time > ?",
            now, reason, person_id, now);
      });
}

absl::StatusOr<std::vector<StoredClient>> TokenRepository::ListClients(
    absl::Time deadline) {
  return db::WithConnection<std::vector<StoredClient>>(
      *pool_, deadline, "list clients",
      [&](sql::Connection& c) -> absl::StatusOr<std::vector<StoredClient>> {
        std::vector<StoredClient> clients;
        db::Rows rs =
            db::ExecuteQuery(c, absl::StrCat(kSelectClient, " ORDER BY id"));
        while (rs->next()) {
          clients.push_back(ReadClient(*rs));
        }
        return clients;
      });
}

absl::StatusOr<StoredClient> TokenRepository::GetClient(const std::string& id,
                                                        absl::Time deadline) {
  return db::WithConnection<StoredClient>(
      *pool_, deadline, "get a client",
      [&](sql::Connection& c) -> absl::StatusOr<StoredClient> {
        return db::ReadOne(
            db::ExecuteQuery(c, absl::StrCat(kSelectClient, " WHERE id = ?"),
                             id),
            ReadClient, [&] { return ClientNotFound(id); });
      });
}

absl::Status TokenRepository::AddClient(const StoredClient& client,
                                        absl::Time deadline) {
  return db::RunWithConnection(
      *pool_, deadline, "add a client", [&](sql::Connection& c) {
        try {
          db::ExecuteUpdate(
              c,
              "INSERT INTO oauth_clients (id, display_name, grants, "
              "secret_hash, create_time, secret_time) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              client.id, client.display_name, absl::StrJoin(client.grants, " "),
              client.secret_hash, client.create_time, client.secret_time);
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == db::kErDupEntry) {
            return absl::AlreadyExistsError(
                absl::StrCat("clients/", client.id, " already exists"));
          }
          throw;
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<StoredClient> TokenRepository::RotateClientSecret(
    const std::string& id, const std::string& new_hash, absl::Time now,
    absl::Time previous_expire, absl::Time deadline) {
  return db::InTransaction<StoredClient>(
      *pool_, deadline, "rotate a client secret",
      [&](sql::Connection& c) -> absl::StatusOr<StoredClient> {
        const bool overlap = previous_expire > now;
        const int changed = db::ExecuteUpdate(
            c,
            overlap ? "UPDATE oauth_clients SET previous_secret_hash = "
                      "secret_hash, previous_secret_expire_time = ?, "
                      "secret_hash = ?, secret_time = ? WHERE id = ?"
                    : "UPDATE oauth_clients SET previous_secret_hash = NULL, "
                      "previous_secret_expire_time = ?, secret_hash = ?, "
                      "secret_time = ? WHERE id = ?",
            previous_expire, new_hash, now, id);
        if (changed == 0) {
          return ClientNotFound(id);
        }
        return db::ReadOne(
            db::ExecuteQuery(c, absl::StrCat(kSelectClient, " WHERE id = ?"),
                             id),
            ReadClient, [&] { return ClientNotFound(id); });
      });
}

absl::Status TokenRepository::DeleteClient(const std::string& id,
                                           absl::Time deadline) {
  return db::RunWithConnection(
      *pool_, deadline, "delete a client", [&](sql::Connection& c) {
        if (db::ExecuteUpdate(c, "DELETE FROM oauth_clients WHERE id = ?",
                              id) == 0) {
          return ClientNotFound(id);
        }
        return absl::OkStatus();
      });
}

}  // namespace samen::identity
