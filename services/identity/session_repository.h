#pragma once

// The only place with SQL for web sign-ins: sign-ins in progress, provider
// accounts pinned to people, and web sessions (db/migrations/identity). Keys
// and secrets arrive here already hashed (Sha256Hex); nothing here sees a raw
// secret.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/pool.h"

namespace samen::identity {

// A web sign-in between BeginSignIn and CompleteSignIn.
struct SignInAttempt {
  std::string binding_hash;
  std::string provider_id;
  std::string nonce;
  std::string code_verifier;
  std::string redirect_uri;
  std::string return_to;
  absl::Time expire;
  bool used = false;  // completed (or tried) before
};

// A web session.
struct WebSession {
  std::string id;
  std::string person_id;
  std::string provider_id;
  std::string id_token;  // for the provider's logout (id_token_hint)
  std::string csrf_token;
  std::string user_agent;
  absl::Time create_time;
  absl::Time last_seen;
  absl::Time expire;
  bool ended = false;
};

class SessionRepository {
 public:
  explicit SessionRepository(db::Pool* pool) : pool_(pool) {}

  absl::Status AddSignInAttempt(const std::string& state_hash,
                                const SignInAttempt& attempt, absl::Time now,
                                absl::Time deadline);
  // The attempt for `state_hash`, marked used in the same transaction (so a
  // replayed callback finds it used); NOT_FOUND when there is none. Also
  // deletes attempts that expired more than a day ago.
  absl::StatusOr<SignInAttempt> TakeSignInAttempt(const std::string& state_hash,
                                                  absl::Time now,
                                                  absl::Time deadline);

  // The person a provider account was pinned to, if any.
  absl::StatusOr<std::optional<std::string>> FindPinnedPerson(
      const std::string& issuer, const std::string& subject,
      absl::Time deadline);
  // Pins the account to `person_id` (first sign-in, matched by e-mail), or
  // records the sign-in time of an account already pinned to them.
  absl::Status PinIdentity(const std::string& issuer,
                           const std::string& subject,
                           const std::string& person_id,
                           const std::string& email, absl::Time now,
                           absl::Time deadline);

  absl::Status AddSession(const std::string& secret_hash,
                          const WebSession& session, absl::Time deadline);
  // NOT_FOUND when no session has this secret.
  absl::StatusOr<WebSession> FindSession(const std::string& secret_hash,
                                         absl::Time deadline);
  absl::Status TouchSession(const std::string& id, absl::Time now,
                            absl::Time deadline);
  // Ends the session (no-op when it has ended already).
  absl::Status EndSession(const std::string& id, const std::string& reason,
                          absl::Time now, absl::Time deadline);
  // Ends every open session of the person; how many.
  absl::StatusOr<int> EndPersonSessions(const std::string& person_id,
                                        const std::string& reason,
                                        absl::Time now, absl::Time deadline);

 private:
  db::Pool* const pool_;
};

}  // namespace samen::identity
