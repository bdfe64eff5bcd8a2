#include "services/partners/accession_audit_rules.h"

#include "services/partners/accession_rules.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/errors.h"
#include "services/common/resource/csv.h"
#include "services/common/resource/names.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"

namespace samen::partners {
namespace {

constexpr int kMaxCommittee = 12;
constexpr int kMaxInterviews = 20;
constexpr int64_t kMaxCostCents = 10'000'000;

absl::Status ValidateInterview(const v1::AuditInterview& i,
                               const std::string& f) {
  if (i.round() == v1::AuditInterview::ROUND_UNSPECIFIED) {
    return InvalidField(absl::StrCat(f, ".round"), "is required");
  }
  if (!i.has_start_time() || !i.has_end_time()) {
    return InvalidField(absl::StrCat(f, ".start_time"),
                        "start_time and end_time are required");
  }
  const int64_t start = i.start_time().seconds();
  const int64_t end = i.end_time().seconds();
  if (end <= start || end - start > 12 * 3600) {
    return InvalidField(absl::StrCat(f, ".end_time"),
                        "must fall after start_time, at most 12 hours later");
  }
  return resource::ValidateText(i.place(), absl::StrCat(f, ".place"), 200,
                                true);
}

bool SchoolDocument(v1::DocumentKind kind) {
  return kind == v1::SELF_EVALUATION || kind == v1::DEVELOPMENT_PLAN ||
         kind == v1::FACT_CORRECTIONS;
}

bool JoiningSchool(const auth::Principal& who, const v1::Application& app) {
  return who.HasRoleIn(auth::kHr, app.organisation()) ||
         who.HasRoleIn(auth::kSchoolEducator, app.organisation());
}

bool Manages(const auth::Principal& who, absl::string_view partnership_id) {
  return who.IsAdmin() ||
         who.HasRoleIn(auth::kCoordinator,
                       absl::StrCat("partnerships/", partnership_id));
}

absl::CivilDay DayOf(const google::protobuf::Timestamp& t) {
  return absl::ToCivilDay(absl::FromUnixSeconds(t.seconds()), AmsterdamZone());
}

v1::ApplicationOverviewRow RowOf(const v1::Application& app,
                                 absl::CivilDay today) {
  v1::ApplicationOverviewRow row;
  row.set_application(app.name());
  row.set_organisation(app.organisation());
  row.set_current_step(app.current_step());
  absl::CivilDay since = DayOf(app.create_time());
  for (int i = 0; i < app.steps_size(); ++i) {
    const auto& s = app.steps(i);
    if (s.step().id() != app.current_step()) {
      continue;
    }
    row.set_step_title(s.step().title());
    row.set_waiting_on(s.step().actor());
    row.set_waiting_for(s.step().needs());
    row.set_step_due_date(s.due_date());
    if (i > 0 && app.steps(i - 1).has_complete_time()) {
      since = DayOf(app.steps(i - 1).complete_time());
    }
    auto due = resource::ParseDate(s.due_date(), "due_date");
    row.set_step_overdue(due.ok() && *due < today);
  }
  row.set_step_since(resource::FormatDate(since));
  row.set_days_in_step(static_cast<int>(std::max<int64_t>(0, today - since)));
  row.set_reaudit_due_date(app.reaudit_due_date());
  row.set_overdue(IsOverdue(app, today));
  return row;
}

}  // namespace

absl::Status ValidateAudit(const v1::ApplicationAudit& a) {
  RETURN_IF_ERROR(
      resource::ValidateDate(a.requested_date(), "audit.requested_date", true));
  if (a.cost_cents() < 0 || a.cost_cents() > kMaxCostCents) {
    return InvalidField("audit.cost_cents",
                        "must be 0 to 10000000 (euro cents)");
  }
  if (a.committee_size() < 1 || a.committee_size() > kMaxCommittee) {
    return InvalidField("audit.committee", "must name 1 to 12 people");
  }
  std::set<std::string> seen;
  for (int i = 0; i < a.committee_size(); ++i) {
    const std::string f = absl::StrCat("audit.committee[", i, "]");
    RETURN_IF_ERROR(resource::ParseName(a.committee(i), "people", f).status());
    if (!seen.insert(a.committee(i)).second) {
      return InvalidField(f, "names a person twice");
    }
  }
  if (a.interviews_size() > kMaxInterviews) {
    return InvalidField("audit.interviews", "at most 20 interviews");
  }
  for (int i = 0; i < a.interviews_size(); ++i) {
    RETURN_IF_ERROR(ValidateInterview(
        a.interviews(i), absl::StrCat("audit.interviews[", i, "]")));
  }
  return absl::OkStatus();
}

absl::Status PlanAudit(v1::Application* app,
                       const v1::ApplicationAudit& audit) {
  if (app->state() != v1::Application::OPEN) {
    return absl::FailedPreconditionError(
        "the application is closed: its audit cannot change");
  }
  *app->mutable_audit() = audit;
  return absl::OkStatus();
}

std::vector<std::string> CommitteeIds(const v1::Application& app) {
  std::vector<std::string> ids;
  for (const auto& person : app.audit().committee()) {
    auto id = resource::ParseName(person, "people", "committee");
    if (id.ok()) {
      ids.push_back(*id);
    }
  }
  return ids;
}

bool OnCommittee(const auth::Principal& who, const v1::Application& app) {
  if (who.subject.empty()) {
    return false;
  }
  const std::vector<std::string> ids = CommitteeIds(app);
  return std::find(ids.begin(), ids.end(), who.subject) != ids.end();
}

absl::Status MaySeeApplicationOf(const auth::Principal& who,
                                 absl::string_view partnership_id,
                                 const v1::Application& app) {
  if (Manages(who, partnership_id) || JoiningSchool(who, app) ||
      OnCommittee(who, app)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "only the partnership's coordinators, the joining school and the audit "
      "committee see this application");
}

absl::Status MayUploadDocument(const auth::Principal& who,
                               absl::string_view partnership_id,
                               const v1::Application& app,
                               v1::DocumentKind kind) {
  if (Manages(who, partnership_id)) {
    return absl::OkStatus();
  }
  if (SchoolDocument(kind) ? JoiningSchool(who, app) : OnCommittee(who, app)) {
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(MaySeeApplicationOf(who, partnership_id, app));
  return absl::PermissionDeniedError(absl::StrCat(
      "the ", v1::DocumentKind_Name(kind), " is uploaded by ",
      SchoolDocument(kind) ? "the joining school" : "the audit committee",
      " or a coordinator"));
}

std::string DocumentSlug(v1::DocumentKind kind) {
  std::string slug = absl::AsciiStrToLower(v1::DocumentKind_Name(kind));
  std::replace(slug.begin(), slug.end(), '_', '-');
  return slug;
}

std::string DocumentName(const std::string& application, v1::DocumentKind kind,
                         int version) {
  return absl::StrCat(application, "/documents/", DocumentSlug(kind), "-v",
                      version);
}

absl::StatusOr<DocumentRef> ParseDocumentName(absl::string_view name,
                                              absl::string_view field) {
  ASSIGN_OR_RETURN(auto ids, resource::ParseNamePattern(
                                 name,
                                 "partnerships/{partnership}/applications/"
                                 "{application}/documents/{document}",
                                 field));
  DocumentRef ref{ids[0], ids[1]};
  const std::string& doc = ids[2];
  const size_t dash = doc.rfind("-v");
  int version = 0;
  if (dash != std::string::npos &&
      absl::SimpleAtoi(doc.substr(dash + 2), &version) && version >= 1) {
    for (int k = v1::SELF_EVALUATION; k <= v1::FINAL_REPORT; ++k) {
      const auto kind = static_cast<v1::DocumentKind>(k);
      if (doc.substr(0, dash) == DocumentSlug(kind)) {
        ref.kind = kind;
        ref.version = version;
        return ref;
      }
    }
  }
  return InvalidField(field,
                      "the document id is a kind and a version, e.g. "
                      "\"self-evaluation-v1\"");
}

absl::Status CheckDocumentStep(const v1::Application& app,
                               v1::DocumentKind kind,
                               const std::string& step_id,
                               const std::set<v1::DocumentKind>& present) {
  if (kind == v1::DOCUMENT_KIND_UNSPECIFIED) {
    return InvalidField("kind", "is required");
  }
  const v1::AccessionStep* step = nullptr;
  for (const auto& s : app.steps()) {
    if (s.step().id() == step_id) {
      step = &s.step();
    }
  }
  if (step == nullptr) {
    return InvalidField(
        "step_id",
        absl::StrCat("protocol version ", app.protocol_version(),
                     " of this application has no step \"", step_id, "\""));
  }
  if (app.state() != v1::Application::OPEN || step_id != app.current_step()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "documents of step \"", step_id,
        "\" are uploaded while it is the current step; the current step is \"",
        app.current_step(), "\""));
  }
  if (std::find(step->documents().begin(), step->documents().end(), kind) ==
      step->documents().end()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "step \"", step_id, "\" takes no ", v1::DocumentKind_Name(kind)));
  }
  if ((kind == v1::FACT_CORRECTIONS || kind == v1::FINAL_REPORT) &&
      !present.contains(v1::DRAFT_REPORT)) {
    return absl::FailedPreconditionError(
        absl::StrCat("the ", v1::DocumentKind_Name(kind),
                     " comes after the DRAFT_REPORT, and there is none yet"));
  }
  return absl::OkStatus();
}

absl::Status CheckStepDocumentsUploaded(const v1::Application& app,
                                        const std::string& step_id,
                                        const UploadedDocuments& uploaded) {
  if (app.state() != v1::Application::OPEN || step_id != app.current_step()) {
    return absl::OkStatus();
  }
  std::vector<std::string> missing;
  for (const auto& s : app.steps()) {
    if (s.step().id() != step_id) {
      continue;
    }
    for (int k : s.step().documents()) {
      const auto kind = static_cast<v1::DocumentKind>(k);
      if (kind != v1::FACT_CORRECTIONS && kind != v1::DRAFT_REPORT &&
          !uploaded.contains({step_id, kind})) {
        missing.push_back(v1::DocumentKind_Name(kind));
      }
    }
  }
  if (missing.empty()) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "step \"", step_id, "\" completes once its ",
      absl::StrJoin(missing, " and "), " is uploaded in it; upload it first"));
}

v1::Application StartReaudit(const v1::Application& closed,
                             const std::string& today) {
  v1::Application app;
  app.set_organisation(closed.organisation());
  app.set_protocol(closed.protocol());
  app.set_protocol_version(closed.protocol_version());
  app.set_state(v1::Application::OPEN);
  app.set_reaudit_of(closed.name());
  app.set_reaudit_due_date(closed.outcome_decision().reaudit_due_date());
  bool from_audit = false;
  for (const auto& s : closed.steps()) {
    from_audit = from_audit || s.step().kind() == v1::AccessionStep::AUDIT;
    if (from_audit) {
      *app.add_steps()->mutable_step() = s.step();
    }
  }
  if (app.steps_size() > 0) {
    v1::ApplicationStep* first = app.mutable_steps(0);
    app.set_current_step(first->step().id());
    auto day = resource::ParseDate(today, "today");
    if (first->step().due_days() > 0 && day.ok()) {
      first->set_due_date(
          resource::FormatDate(*day + first->step().due_days()));
    }
  }
  return app;
}

std::string ReauditId(const std::string& application_id) {
  return absl::StrCat(application_id.substr(0, 55), "-reaudit");
}

bool IsOverdue(const v1::Application& app, absl::CivilDay today) {
  if (app.state() != v1::Application::OPEN || app.reaudit_due_date().empty()) {
    return false;
  }
  auto due = resource::ParseDate(app.reaudit_due_date(), "reaudit_due_date");
  return due.ok() && *due < today;
}

void MarkOverdue(v1::Application* app, absl::CivilDay today) {
  app->set_overdue(IsOverdue(*app, today));
}

absl::StatusOr<v1::AccessionProtocol> CopyProtocol(
    const v1::AccessionProtocol& source, bool same_partnership,
    const v1::AccessionProtocol& changes,
    const google::protobuf::FieldMask& mask) {
  v1::AccessionProtocol copy = source;
  copy.clear_name();
  copy.clear_etag();
  copy.clear_create_time();
  copy.clear_update_time();
  copy.set_version(same_partnership ? source.version() + 1 : 1);
  for (const std::string& path : mask.paths()) {
    if (path == "display_name" || path == "displayName") {
      copy.set_display_name(changes.display_name());
    } else if (path == "version") {
      copy.set_version(changes.version());
    } else if (path == "steps") {
      *copy.mutable_steps() = changes.steps();
    } else {
      return InvalidField("update_mask",
                          absl::StrCat("\"", path,
                                       "\" cannot change: only display_name, "
                                       "version and steps"));
    }
  }
  RETURN_IF_ERROR(ValidateProtocol(copy, "accession_protocol"));
  return copy;
}

v1::ApplicationsOverview Overview(const std::vector<v1::Application>& open,
                                  absl::CivilDay today, int horizon_days) {
  v1::ApplicationsOverview out;
  out.set_as_of(resource::FormatDate(today));
  for (const auto& app : open) {
    if (app.state() != v1::Application::OPEN) {
      continue;
    }
    v1::ApplicationOverviewRow row = RowOf(app, today);
    auto due = resource::ParseDate(app.reaudit_due_date(), "reaudit_due_date");
    if (due.ok() && *due <= today + horizon_days) {
      *out.add_reaudits_due() = row;
    }
    *out.add_applications() = std::move(row);
  }
  std::stable_sort(out.mutable_reaudits_due()->begin(),
                   out.mutable_reaudits_due()->end(),
                   [](const auto& a, const auto& b) {
                     return a.reaudit_due_date() < b.reaudit_due_date();
                   });
  return out;
}

std::string OverviewCsv(const v1::ApplicationsOverview& overview) {
  std::string out = resource::kUtf8Bom;
  out += resource::CsvRecord({"application", "organisation", "current_step",
                              "step_title", "waiting_on", "waiting_for",
                              "step_since", "days_in_step", "step_due_date",
                              "step_overdue", "reaudit_due_date", "overdue"});
  for (const auto& r : overview.applications()) {
    out += resource::CsvRecord(
        {r.application(), r.organisation(), r.current_step(), r.step_title(),
         v1::AccessionStep::Actor_Name(r.waiting_on()), r.waiting_for(),
         r.step_since(), absl::StrCat(r.days_in_step()), r.step_due_date(),
         r.step_overdue() ? "yes" : "no", r.reaudit_due_date(),
         r.overdue() ? "yes" : "no"});
  }
  return out;
}

}  // namespace samen::partners
