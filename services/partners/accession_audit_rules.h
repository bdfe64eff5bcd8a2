#pragma once

// Pure decisions about joining, continued (docs/joining.md): the audit and
// who is on its committee, who sees an application and uploads which
// document, in which step documents belong, the re-audit a FOLLOWING outcome
// opens and when it is overdue, and the steering group's overview. No I/O:
// unit-tested on their own.

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/field_mask.pb.h"
#include "samen/partners/v1/joining.pb.h"
#include "samen/partners/v1/joining_more.pb.h"
#include "services/common/auth/auth.h"

namespace samen::partners {

namespace v1 = ::samen::partners::v1;

// An audit as given to `:planAudit` (fields named "audit.…").
absl::Status ValidateAudit(const v1::ApplicationAudit& audit);
// Sets `audit` on the open application `app`; FAILED_PRECONDITION when closed.
absl::Status PlanAudit(v1::Application* app, const v1::ApplicationAudit& audit);
// The person ids (`people/{id}`) on the application's audit committee.
std::vector<std::string> CommitteeIds(const v1::Application& app);
// `who` is named on the application's audit committee.
bool OnCommittee(const auth::Principal& who, const v1::Application& app);

// Coordinators and administrators, the joining organisation's HR and school
// educators, and the members of the application's audit committee.
absl::Status MaySeeApplicationOf(const auth::Principal& who,
                                 absl::string_view partnership_id,
                                 const v1::Application& app);
// Who uploads `kind`: coordinators and administrators any; the joining
// school the self-evaluation, development plan and fact corrections; the
// audit committee the draft and final reports.
absl::Status MayUploadDocument(const auth::Principal& who,
                               absl::string_view partnership_id,
                               const v1::Application& app,
                               v1::DocumentKind kind);

// "self-evaluation" for SELF_EVALUATION, and so on.
std::string DocumentSlug(v1::DocumentKind kind);
// `{application}/documents/{slug}-v{version}`.
std::string DocumentName(const std::string& application, v1::DocumentKind kind,
                         int version);
// Parses `partnerships/{p}/applications/{a}/documents/{slug}-v{n}`.
struct DocumentRef {
  std::string partnership_id;
  std::string application_id;
  v1::DocumentKind kind = v1::DOCUMENT_KIND_UNSPECIFIED;
  int version = 0;
};
absl::StatusOr<DocumentRef> ParseDocumentName(absl::string_view name,
                                              absl::string_view field);

// Whether `kind` may be uploaded in step `step_id` of `app` now, given the
// kinds already uploaded (`present`): the step exists in the application's
// protocol version (else INVALID_ARGUMENT), is the current step and takes
// `kind` (else FAILED_PRECONDITION), and fact corrections and the final
// report come after a draft report (FAILED_PRECONDITION).
absl::Status CheckDocumentStep(const v1::Application& app,
                               v1::DocumentKind kind,
                               const std::string& step_id,
                               const std::set<v1::DocumentKind>& present);

// The documents an application holds, as (step id, kind) of each upload.
using UploadedDocuments = std::set<std::pair<std::string, v1::DocumentKind>>;
// Whether the current step `step_id` of `app` may complete given what was
// uploaded in it: every kind the step takes, but fact corrections (the school
// may have none) and the draft (the final report comes after one anyway).
// FAILED_PRECONDITION naming what is missing. OK for a step that is not the
// current one (CompleteStep refuses that, more precisely).
absl::Status CheckStepDocumentsUploaded(const v1::Application& app,
                                        const std::string& step_id,
                                        const UploadedDocuments& uploaded);

// The re-audit that an ADMITTED_FOLLOWING outcome of `closed` opens: the same
// organisation and protocol version, the steps from the first AUDIT step on,
// due on the outcome's re-audit date. `today` is "YYYY-MM-DD".
v1::Application StartReaudit(const v1::Application& closed,
                             const std::string& today);
// The id of that re-audit: the application's id with "-reaudit" (shortened
// to stay a valid id).
std::string ReauditId(const std::string& application_id);

// An open re-audit whose due date lies before `today`.
bool IsOverdue(const v1::Application& app, absl::CivilDay today);
// Sets the output-only `overdue` flag as of `today`.
void MarkOverdue(v1::Application* app, absl::CivilDay today);

// The copy of `source` with the fields of `mask` (display_name, version,
// steps) taken from `changes`; without `version`, the source's version + 1
// within the same partnership, else 1. Validated as a new protocol.
absl::StatusOr<v1::AccessionProtocol> CopyProtocol(
    const v1::AccessionProtocol& source, bool same_partnership,
    const v1::AccessionProtocol& changes,
    const google::protobuf::FieldMask& mask);

// The steering group's overview of `open` applications as of `today`;
// re-audits due within `horizon_days` (or overdue) also in `reaudits_due`.
v1::ApplicationsOverview Overview(const std::vector<v1::Application>& open,
                                  absl::CivilDay today, int horizon_days);
// The overview's applications as CSV (resource/csv.h).
std::string OverviewCsv(const v1::ApplicationsOverview& overview);

}  // namespace samen::partners
