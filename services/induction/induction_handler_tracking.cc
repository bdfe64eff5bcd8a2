// HR tracking and the audit of reads.

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/status_macros.h"
#include "services/induction/access_rules.h"
#include "services/induction/induction_handler.h"
#include "services/induction/names.h"
#include "services/induction/tracking_rules.h"

namespace samen::induction {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

namespace {

// "organisations/{id}" or "organisations/-" -> the caller's HR scope.
absl::StatusOr<HrScope> ScopeOf(const CallContext& call,
                                absl::string_view parent) {
  if (parent == "organisations/-") {
    return HrScopeFor(call.principal, "-");
  }
  ASSIGN_OR_RETURN(auto id,
                   resource::ParseName(parent, "organisations", "parent"));
  return HrScopeFor(call.principal, id);
}

// The listing's filters; INVALID_ARGUMENT naming the field when one is bad.
absl::StatusOr<TrackingFilter> FilterOf(
    const v1::ListStarterTrackingRequest& req) {
  TrackingFilter filter;
  if (!v1::Starter::Status_IsValid(req.status())) {
    return InvalidField("status",
                        "must be ACTIVE, PAUSED, COMPLETED or LEFT (or unset)");
  }
  filter.status = req.status();
  if (req.programme_year() < 0 || req.programme_year() > 3) {
    return InvalidField("programme_year", "must be 1 to 3 (0 means any year)");
  }
  filter.current_year = req.programme_year();
  return filter;
}

constexpr int kExportPage = 500;

}  // namespace

absl::Status InductionHandler::AuditTracking(
    const CallContext& call, const std::vector<v1::StarterTracking>& rows,
    absl::string_view action) {
  std::vector<AccessEntry> entries;
  const std::string role(call.principal.IsAdmin() ? auth::kAdmin : auth::kHr);
  for (const auto& r : rows) {
    entries.push_back({r.starter().substr(sizeof("starters/") - 1),
                       call.principal.subject, call.principal.display_name,
                       role, std::string(action)});
  }
  if (entries.empty()) {
    return absl::OkStatus();
  }
  return repo_->RecordAccess(entries, clock_->Now(), call.deadline);
}

absl::StatusOr<std::vector<v1::StarterTracking>> InductionHandler::AllTracking(
    const CallContext& call, const HrScope& scope, bool include_erased) {
  std::vector<v1::StarterTracking> rows;
  const absl::Time now = clock_->Now();
  TrackingFilter filter;
  filter.include_erased = include_erased;
  std::string after;
  do {
    ASSIGN_OR_RETURN(
        auto page,
        repo_->Tracking(scope, filter, after, kExportPage, now, call.deadline));
    for (auto& item : page.items) {
      AssessRisk(item.facts, now, &item.row);
      rows.push_back(std::move(item.row));
    }
    after = page.next_key;
  } while (!after.empty());
  return rows;
}

ServerUnaryReactor* InductionHandler::ListStarterTracking(
    CallbackServerContext* ctx, const v1::ListStarterTrackingRequest* req,
    v1::ListStarterTrackingResponse* resp) {
  return runtime_->Serve(
      ctx, "ListStarterTracking", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto scope, ScopeOf(call, req.parent()));
        ASSIGN_OR_RETURN(const TrackingFilter filter, FilterOf(req));
        const std::string fingerprint =
            absl::StrCat("tracking|", req.parent(), "|", req.at_risk_only(),
                         "|", req.status(), "|", req.programme_year());
        const absl::Time now = clock_->Now();
        return resource::ServeListPage(
            req, fingerprint,
            [&](const resource::PageQuery& q)
                -> absl::StatusOr<Page<v1::StarterTracking>> {
              ASSIGN_OR_RETURN(auto page,
                               repo_->Tracking(scope, filter, q.after, q.size,
                                               now, call.deadline));
              Page<v1::StarterTracking> rows{{}, page.next_key};
              for (auto& item : page.items) {
                AssessRisk(item.facts, now, &item.row);
                if (!req.at_risk_only() || item.row.at_risk()) {
                  rows.items.push_back(std::move(item.row));
                }
              }
              RETURN_IF_ERROR(
                  AuditTracking(call, rows.items, "ListStarterTracking"));
              return rows;
            },
            [](auto* r, v1::StarterTracking row) {
              *r->add_rows() = std::move(row);
            },
            resp, /*default_size=*/100, /*max_size=*/500);
      });
}

ServerUnaryReactor* InductionHandler::SummarizeStarterTracking(
    CallbackServerContext* ctx, const v1::SummarizeStarterTrackingRequest* req,
    v1::SummarizeStarterTrackingResponse* resp) {
  return runtime_->Serve(
      ctx, "SummarizeStarterTracking", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto scope, ScopeOf(call, req.parent()));
        // Erased starters still count for their school and cohort.
        ASSIGN_OR_RETURN(auto rows,
                         AllTracking(call, scope, /*include_erased=*/true));
        for (auto& c : CountBySchoolAndCohort(rows)) {
          *resp->add_counts() = std::move(c);
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::ExportStarterTracking(
    CallbackServerContext* ctx, const v1::ExportStarterTrackingRequest* req,
    google::api::HttpBody* resp) {
  return runtime_->Serve(
      ctx, "ExportStarterTracking", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto scope, ScopeOf(call, req.parent()));
        ASSIGN_OR_RETURN(auto rows, AllTracking(call, scope));
        RETURN_IF_ERROR(AuditTracking(call, rows, "ExportStarterTracking"));
        resp->set_content_type("text/csv; charset=utf-8");
        resp->set_data(TrackingCsv(rows));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::GetCoachingUsage(
    CallbackServerContext* ctx, const v1::GetCoachingUsageRequest* req,
    v1::CoachingUsage* resp) {
  return runtime_->Serve(
      ctx, "GetCoachingUsage", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto id, ParseCoachingUsageName(req.name(), "name"));
        ASSIGN_OR_RETURN(auto r, repo_->GetStarter(id, call.deadline));
        if (AccessToStarter(call.principal, r.scope).relation ==
            Relation::kNone) {
          return Denied(
              "only who may read the starter sees their coaching usage");
        }
        RETURN_IF_ERROR(Audit(call, {r}, "GetCoachingUsage"));
        // Counted by the query that counts HR's tracking row of the starter.
        HrScope everyone;
        everyone.all = true;
        TrackingFilter only;
        only.starter_id = id;
        ASSIGN_OR_RETURN(auto page,
                         repo_->Tracking(everyone, only, "", 1, clock_->Now(),
                                         call.deadline));
        if (page.items.empty()) {
          return ResourceNotFound(absl::StrCat("starters/", id));
        }
        *resp = UsageOf(page.items.front().row);
        resp->set_name(req.name());
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::ListAccessRecords(
    CallbackServerContext* ctx, const v1::ListAccessRecordsRequest* req,
    v1::ListAccessRecordsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListAccessRecords", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(
            auto starter_id,
            resource::ParseName(req.parent(), "starters", "parent"));
        if (call.principal.subject != starter_id) {
          return Denied("only the starter lists who read their record");
        }
        const std::string fingerprint = absl::StrCat("access|", starter_id);
        return resource::ServeListPage(
            req, fingerprint,
            [&](const resource::PageQuery& q) {
              return repo_->ListAccessRecords(starter_id, q.after, q.size,
                                              call.deadline);
            },
            [](auto* r, auto item) { *r->add_records() = std::move(item); },
            resp);
      });
}

}  // namespace samen::induction
