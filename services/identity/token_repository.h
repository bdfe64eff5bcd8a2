#pragma once

// The only place with SQL for Samen's own tokens: refresh-token families
// (rotation, reuse detection) and machine clients (hashed secrets, rotation
// with overlap). Secrets arrive hashed.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/pool.h"
#include "services/identity/identity_rules.h"

namespace samen::identity {

// What happened to a presented refresh token.
struct RefreshOutcome {
  RefreshVerdict verdict;
  std::string family_id;
  std::string person_id;
};

struct StoredClient {
  std::string id;
  std::string display_name;
  std::vector<std::string> grants;  // "role@scope"
  std::string secret_hash;
  std::string previous_secret_hash;  // "" when none
  std::optional<absl::Time> previous_secret_expire;
  absl::Time create_time;
  absl::Time secret_time;
};

class TokenRepository {
 public:
  explicit TokenRepository(db::Pool* pool) : pool_(pool) {}

  // A new family for a native-app sign-in, with its first token.
  absl::Status AddRefreshFamily(const std::string& family_id,
                                const std::string& person_id,
                                const std::string& client_id,
                                const std::string& token_hash, absl::Time now,
                                absl::Time expire, absl::Time deadline);
  // Judges the token presented by `client_id` (JudgeRefresh) and acts in one
  // transaction: on kRotate marks it used and stores `next_hash` in its
  // family; on kReuse revokes the family. NOT_FOUND for an unknown token.
  absl::StatusOr<RefreshOutcome> UseRefreshToken(const std::string& token_hash,
                                                 const std::string& client_id,
                                                 const std::string& next_hash,
                                                 absl::Time now,
                                                 absl::Time deadline);
  absl::Status RevokeFamily(const std::string& family_id,
                            const std::string& reason, absl::Time now,
                            absl::Time deadline);
  // Revokes every live family of the person; how many.
  absl::StatusOr<int> RevokePersonFamilies(const std::string& person_id,
                                           const std::string& reason,
                                           absl::Time now, absl::Time deadline);

  absl::StatusOr<std::vector<StoredClient>> ListClients(absl::Time deadline);
  // NOT_FOUND when there is no such client.
  absl::StatusOr<StoredClient> GetClient(const std::string& id,
                                         absl::Time deadline);
  // ALREADY_EXISTS when the id is taken.
  absl::Status AddClient(const StoredClient& client, absl::Time deadline);
  // Sets a new secret; the current one becomes the previous one until
  // `previous_expire` (or is dropped when that is not after `now`).
  absl::StatusOr<StoredClient> RotateClientSecret(const std::string& id,
                                                  const std::string& new_hash,
                                                  absl::Time now,
                                                  absl::Time previous_expire,
                                                  absl::Time deadline);
  // NOT_FOUND when there is no such client.
  absl::Status DeleteClient(const std::string& id, absl::Time deadline);

 private:
  db::Pool* const pool_;
};

}  // namespace samen::identity
