#pragma once

// The SQL of a person's export and erasure (privacy_operations,
// privacy_operation_steps, privacy_archives in samen_partners; migration
// 0011). An operation and one step per service are written in one
// transaction (the outbox, DESIGN decision 9); the privacy worker
// (privacy_worker.h) claims due steps with FOR UPDATE SKIP LOCKED in a short
// transaction that sets a lease, calls the service with no transaction open,
// and completes or fails the step under the operation's row lock, which is
// also where the operation finishes: the export's archive is built, the
// erasure's row pseudonymised.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/pool.h"
#include "services/common/clock.h"
#include "services/common/resource/page.h"
#include "services/partners/privacy_operation_rules.h"

namespace samen::partners {

struct OperationStep {
  std::string service;
  StepState state = StepState::kPending;
  int attempts = 0;
  std::string last_error;
  absl::Time update_time;
  // An erasure's: the serialised privacy.v1.ErasePersonDataResponse.
  std::string erasure;
};

struct ArchiveInfo {
  int64_t size_bytes = 0;
  std::string sha256;
  absl::Time expire_time;
};

struct OperationRow {
  std::string id;
  OperationKind kind = OperationKind::kExport;
  std::string person_id;
  std::string requested_by;
  std::string reason;
  OperationState state = OperationState::kRunning;
  int error_code = 0;
  std::string error_message;
  absl::Time create_time;
  absl::Time update_time;
  std::vector<OperationStep> steps;  // in position order
  std::optional<ArchiveInfo> archive;
};

struct NewOperation {
  OperationKind kind = OperationKind::kExport;
  std::string person_id;
  std::string requested_by;
  std::string request_id;  // may be empty
  std::string reason;
  std::vector<std::string> services;
  // The requester's name and the role that allowed it, for the record of
  // reads (student_access_records) when they export someone else.
  std::string requester_name;
  std::string requester_role;
};

// A step a worker holds the lease of.
struct ClaimedStep {
  std::string operation_id;
  std::string service;
  OperationKind kind = OperationKind::kExport;
  std::string person_id;
  std::string requested_by;
  std::string pseudonym;
  int attempts = 0;  // including this one
  std::string lease_token;
};

// Builds the archive from the export's parts (BuildExportArchive with the
// operation's times).
using ArchiveBuilder = std::function<absl::StatusOr<std::string>(
    const std::string& person_id, const std::vector<ServiceExport>& parts,
    absl::Time now, absl::Time expire_time)>;

class PrivacyOperationRepository {
 public:
  PrivacyOperationRepository(db::Pool* pool, const Clock* clock)
      : pool_(pool), clock_(clock) {}

  // Starts an operation with its steps, or returns the one this request
  // started before (same requested_by, kind and request_id), or, for an
  // erasure, the one already running for the person. NOT_FOUND when the
  // person is not in the directory; FAILED_PRECONDITION for an export while
  // the person is being erased; INVALID_ARGUMENT when the request_id was
  // used for another person. An erasure reuses the pseudonym of an earlier
  // one of the person that failed, so their rows stay one pseudonym. An
  // export asked by someone else (an administrator on the person's behalf)
  // is a read of the person's student records: recorded in
  // student_access_records in the same transaction.
  absl::StatusOr<OperationRow> Start(const NewOperation& op,
                                     absl::Time deadline);

  // NOT_FOUND naming it.
  absl::StatusOr<OperationRow> Get(const std::string& id, absl::Time deadline);

  // The person's operations, newest first; keys are "create_time|id".
  absl::StatusOr<resource::Page<OperationRow>> List(
      const std::string& person_id, const std::string& after, int size,
      absl::Time deadline);

  // The archive's bytes when `operation_id` is an export of `person_id` that
  // has not expired by `now`; NOT_FOUND otherwise.
  absl::StatusOr<std::string> ReadArchive(const std::string& operation_id,
                                          const std::string& person_id,
                                          absl::Time now, absl::Time deadline);

  // ---- The worker

  // Leases up to `limit` due steps until now + `lease` (SKIP LOCKED, so
  // workers take different ones); counts the attempt.
  absl::StatusOr<std::vector<ClaimedStep>> Claim(absl::Time now, int limit,
                                                 absl::Duration lease,
                                                 absl::Time deadline);

  // The service answered `result` (serialised). Marks the step done, wakes
  // waiting steps when the others are done (*woke), and when every step is
  // done finishes the operation: an export's archive is built with `build`
  // and kept until now + `export_ttl`, an erasure's row gets the pseudonym.
  // false when the lease was lost (another worker took the step over, or the
  // operation ended).
  absl::StatusOr<bool> Complete(const ClaimedStep& step,
                                const std::string& result,
                                const ArchiveBuilder& build,
                                absl::Duration export_ttl, bool* woke,
                                absl::Time deadline);

  // The call failed with `error`: called again at `retry_at`, or, without
  // one, the step and the operation have failed (the other steps are
  // cancelled). false when the lease was lost.
  absl::StatusOr<bool> Fail(const ClaimedStep& step, const absl::Status& error,
                            std::optional<absl::Time> retry_at,
                            absl::Time deadline);

  // Deletes up to `limit` archives expired by `now`; how many.
  absl::StatusOr<int> DeleteExpiredArchives(absl::Time now, int limit,
                                            absl::Time deadline);

 private:
  db::Pool* pool_;
  const Clock* clock_;
};

}  // namespace samen::partners
