#include "services/identity/session_repository.h"

#include "absl/strings/str_cat.h"
#include "cppconn/connection.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/transaction.h"
#include "services/common/call.h"
#include "services/common/status_macros.h"

namespace samen::identity {
namespace {

constexpr absl::string_view kSelectAttempt =
    "SELECT binding_hash, provider_id, nonce, code_verifier, redirect_uri, "
    "return_to, expire_time, use_time FROM sign_in_attempts "
    "WHERE state_hash = ? FOR UPDATE";

constexpr absl::string_view kSelectSession =
    "SELECT id, person_id, provider_id, id_token, csrf_token, user_agent, "
    "create_time, last_seen_time, expire_time, end_time FROM web_sessions "
    "WHERE secret_hash = ?";

SignInAttempt ReadAttempt(const sql::ResultSet& rs) {
  SignInAttempt attempt;
  attempt.binding_hash = db::Str(rs, "binding_hash");
  attempt.provider_id = db::Str(rs, "provider_id");
  attempt.nonce = db::Str(rs, "nonce");
  attempt.code_verifier = db::Str(rs, "code_verifier");
  attempt.redirect_uri = db::Str(rs, "redirect_uri");
  attempt.return_to = db::Str(rs, "return_to");
  attempt.expire = db::Datetime(rs, "expire_time");
  attempt.used = db::NullableDatetime(rs, "use_time").has_value();
  return attempt;
}

WebSession ReadSession(const sql::ResultSet& rs) {
  WebSession session;
  session.id = db::Str(rs, "id");
  session.person_id = db::Str(rs, "person_id");
  session.provider_id = db::Str(rs, "provider_id");
  session.id_token = db::Str(rs, "id_token");
  session.csrf_token = db::Str(rs, "csrf_token");
  session.user_agent = db::Str(rs, "user_agent");
  session.create_time = db::Datetime(rs, "create_time");
  session.last_seen = db::Datetime(rs, "last_seen_time");
  session.expire = db::Datetime(rs, "expire_time");
  session.ended = db::NullableDatetime(rs, "end_time").has_value();
  return session;
}

}  // namespace

absl::Status SessionRepository::AddSignInAttempt(const std::string& state_hash,
                                                 const SignInAttempt& attempt,
                                                 absl::Time now,
                                                 absl::Time deadline) {
  return db::RunWithConnection(
      *pool_, deadline, "record a sign-in", [&](sql::Connection& c) {
        db::ExecuteUpdate(
            c,
            "INSERT INTO sign_in_attempts (state_hash, binding_hash, "
            "provider_id, nonce, code_verifier, redirect_uri, return_to, "
            "create_time, expire_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            state_hash, attempt.binding_hash, attempt.provider_id,
            attempt.nonce, attempt.code_verifier, attempt.redirect_uri,
            attempt.return_to, now, attempt.expire);
        return absl::OkStatus();
      });
}

absl::StatusOr<SignInAttempt> SessionRepository::TakeSignInAttempt(
    const std::string& state_hash, absl::Time now, absl::Time deadline) {
  return db::InTransaction<SignInAttempt>(
      *pool_, deadline, "complete a sign-in",
      [&](sql::Connection& c) -> absl::StatusOr<SignInAttempt> {
        db::ExecuteUpdate(
            c, "DELETE FROM sign_in_attempts WHERE expire_time < ? LIMIT 100",
            now - absl::Hours(24));
        ASSIGN_OR_RETURN(
            SignInAttempt attempt,
            db::ReadOne(db::ExecuteQuery(c, kSelectAttempt, state_hash),
                        ReadAttempt,
                        [] { return absl::NotFoundError("no such sign-in"); }));
        if (!attempt.used) {
          db::ExecuteUpdate(c,
                            "UPDATE sign_in_attempts SET use_time = ? "
                            "WHERE state_hash = ?",
                            now, state_hash);
        }
        return attempt;
      });
}

absl::StatusOr<std::optional<std::string>> SessionRepository::FindPinnedPerson(
    const std::string& issuer, const std::string& subject,
    absl::Time deadline) {
  return db::WithConnection<std::optional<std::string>>(
      *pool_, deadline, "find a provider account",
      [&](sql::Connection& c) -> absl::StatusOr<std::optional<std::string>> {
        db::Rows rs =
            db::ExecuteQuery(c,
                             "SELECT person_id FROM person_identities "
                             "WHERE issuer_hash = ? AND subject = ?",
                             Sha256Hex(issuer), subject);
        if (!rs->next()) {
          return std::nullopt;
        }
        return db::Str(*rs, "person_id");
      });
}

absl::Status SessionRepository::PinIdentity(const std::string& issuer,
                                            const std::string& subject,
                                            const std::string& person_id,
                                            const std::string& email,
                                            absl::Time now,
                                            absl::Time deadline) {
  return db::RunWithConnection(
      *pool_, deadline, "pin a provider account", [&](sql::Connection& c) {
        // The first pin wins: a later sign-in only records its time.
        db::ExecuteUpdate(
            c,
            "INSERT INTO person_identities (issuer_hash, subject, issuer, "
            "person_id, matched_email, create_time, last_sign_in_time) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
            "last_sign_in_time = VALUES(last_sign_in_time)",
            Sha256Hex(issuer), subject, issuer, person_id, email, now, now);
        return absl::OkStatus();
      });
}

absl::Status SessionRepository::AddSession(const std::string& secret_hash,
                                           const WebSession& session,
                                           absl::Time deadline) {
  return db::RunWithConnection(
      *pool_, deadline, "open a session", [&](sql::Connection& c) {
        db::ExecuteUpdate(
            c,
            "INSERT INTO web_sessions (id, secret_hash, person_id, "
            "provider_id, id_token, csrf_token, user_agent, create_time, "
            "last_seen_time, expire_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?)",
            session.id, secret_hash, session.person_id, session.provider_id,
            session.id_token, session.csrf_token, session.user_agent,
            session.create_time, session.last_seen, session.expire);
        return absl::OkStatus();
      });
}

absl::StatusOr<WebSession> SessionRepository::FindSession(
    const std::string& secret_hash, absl::Time deadline) {
  return db::WithConnection<WebSession>(
      *pool_, deadline, "find a session",
      [&](sql::Connection& c) -> absl::StatusOr<WebSession> {
        return db::ReadOne(
            db::ExecuteQuery(c, kSelectSession, secret_hash), ReadSession,
            [] { return absl::NotFoundError("no such session"); });
      });
}

absl::Status SessionRepository::TouchSession(const std::string& id,
                                             absl::Time now,
                                             absl::Time deadline) {
  return db::RunWithConnection(
      *pool_, deadline, "keep a session alive", [&](sql::Connection& c) {
        db::ExecuteUpdate(c,
                          "UPDATE web_sessions SET last_seen_time = ? "
                          "WHERE id = ? AND last_seen_time < ?",
                          now, id, now);
        return absl::OkStatus();
      });
}

absl::Status SessionRepository::EndSession(const std::string& id,
                                           const std::string& reason,
                                           absl::Time now,
                                           absl::Time deadline) {
  return db::RunWithConnection(
      *pool_, deadline, "end a session", [&](sql::Connection& c) {
        db::ExecuteUpdate(c,
                          "UPDATE web_sessions SET end_time = ?, "
                          "end_reason = ? WHERE id = ? AND end_time IS NULL",
                          now, reason, id);
        return absl::OkStatus();
      });
}

absl::StatusOr<int> SessionRepository::EndPersonSessions(
    const std::string& person_id, const std::string& reason, absl::Time now,
    absl::Time deadline) {
  return db::WithConnection<int>(
      *pool_, deadline, "end a person's sessions",
      [&](sql::Connection& c) -> absl::StatusOr<int> {
        return db::ExecuteUpdate(
            c,
            "UPDATE web_sessions SET end_time = ?, end_reason = ? "
            "WHERE person_id = ? AND end_time IS NULL",
            now, reason, person_id);
      });
}

}  // namespace samen::identity
