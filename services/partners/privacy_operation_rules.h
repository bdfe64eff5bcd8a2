#pragma once

// Pure decisions of a person's export and erasure across the services
// (docs/privacy.md): who may ask for what, the order the services' steps run
// in, which failures are tried again, and the export's archive (a ZIP with
// each service's data and files and a LEESMIJ.txt). No I/O.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/auth/auth.h"

namespace samen::partners {

enum class OperationKind { kExport = 1, kErase = 2 };
enum class OperationState { kRunning = 1, kSucceeded = 2, kFailed = 3 };
enum class StepState {
  kWaiting = 1,  // for the other steps (partners' own erasure)
  kPending = 2,
  kDone = 3,
  kFailed = 4,
  kCancelled = 5,
};

// Every service that holds people's data, in the order their steps are
// listed; the partners service (the directory) last.
inline constexpr absl::string_view kPersonDataServices[] = {
    "identity", "vacancies", "induction", "professionalisation", "partners"};

// "induction,partners" -> the services, in kPersonDataServices order.
// INVALID_ARGUMENT naming --privacy_services for an unknown or repeated one
// or none.
absl::StatusOr<std::vector<std::string>> ParsePrivacyServices(
    absl::string_view text);

// The steps of a new operation: every service pending, except that an
// erasure's partners step waits until every other service has erased the
// person (it deletes the person from the directory, which the others may
// still look up).
struct PlannedStep {
  std::string service;
  StepState state;
};
std::vector<PlannedStep> PlanSteps(OperationKind kind,
                                   const std::vector<std::string>& services);

// The person themselves or an administrator.
absl::Status MayExport(const auth::Principal& who, absl::string_view person_id);
// Administrators only.
absl::Status MayErase(const auth::Principal& who);
// The person the operations are about, and administrators.
bool MayReadOperations(const auth::Principal& who, absl::string_view person_id);
// The person themselves only.
absl::Status MayDownload(const auth::Principal& who,
                         absl::string_view person_id);

// "/samen.induction.v1.InductionService/ExportPersonData".
std::string PersonDataMethod(absl::string_view service, OperationKind kind);

// Whether a step that failed with `code` is called again (after the retry
// schedule's wait): the service was unreachable, busy or slow, or the
// erasure stopped at its deadline between batches.
bool RetryableStepFailure(absl::StatusCode code);

// One service's part of an export: its serialised privacy.v1.PersonData.
struct ServiceExport {
  std::string service;
  std::string person_data;
};

// The archive of an export: `<service>/data.json` (pretty JSON) and the
// service's files under `<service>/` for each part, and LEESMIJ.txt.
// INVALID_ARGUMENT when a part does not parse or names a file twice.
absl::StatusOr<std::string> BuildExportArchive(
    absl::string_view person_id, const std::vector<ServiceExport>& parts,
    absl::Time now, absl::Time expire_time);

// The LEESMIJ.txt of an archive (Dutch): what it holds and until when it can
// be downloaded.
std::string ExportReadme(absl::string_view person_id,
                         const std::vector<std::string>& services,
                         absl::Time now, absl::Time expire_time);

}  // namespace samen::partners
