// HR tracking and the audit of reads.

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
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
  auto id = ParseName(parent, "organisations", "parent");
  if (!id.ok()) {
    return id.status();
  }
  return HrScopeFor(call.principal, *id);
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
    const CallContext& call, const HrScope& scope) {
  std::vector<v1::StarterTracking> rows;
  const absl::Time now = clock_->Now();
  std::string after;
  do {
    auto page = repo_->Tracking(scope, after, kExportPage, now, call.deadline);
    if (!page.ok()) {
      return page.status();
    }
    for (auto& item : page->items) {
      AssessRisk(item.facts, now, &item.row);
      rows.push_back(std::move(item.row));
    }
    after = page->next_key;
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
        auto scope = ScopeOf(call, req.parent());
        if (!scope.ok()) {
          return scope.status();
        }
        auto size = EffectivePageSize(req.page_size(), 100, 500);
        if (!size.ok()) {
          return size.status();
        }
        const std::string fingerprint =
            absl::StrCat("tracking|", req.parent(), "|", req.at_risk_only());
        auto after = DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        const absl::Time now = clock_->Now();
        auto page = repo_->Tracking(*scope, *after, *size, now, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        std::vector<v1::StarterTracking> rows;
        for (auto& item : page->items) {
          AssessRisk(item.facts, now, &item.row);
          if (!req.at_risk_only() || item.row.at_risk()) {
            rows.push_back(std::move(item.row));
          }
        }
        if (auto s = AuditTracking(call, rows, "ListStarterTracking");
            !s.ok()) {
          return s;
        }
        for (auto& r : rows) {
          *resp->add_rows() = std::move(r);
        }
        if (!page->next_key.empty()) {
          resp->set_next_page_token(
              EncodePageToken(page->next_key, fingerprint));
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::SummarizeStarterTracking(
    CallbackServerContext* ctx, const v1::SummarizeStarterTrackingRequest* req,
    v1::SummarizeStarterTrackingResponse* resp) {
  return runtime_->Serve(ctx, "SummarizeStarterTracking", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           auto scope = ScopeOf(call, req.parent());
                           if (!scope.ok()) {
                             return scope.status();
                           }
                           auto rows = AllTracking(call, *scope);
                           if (!rows.ok()) {
                             return rows.status();
                           }
                           for (auto& c : CountBySchoolAndCohort(*rows)) {
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
        auto scope = ScopeOf(call, req.parent());
        if (!scope.ok()) {
          return scope.status();
        }
        auto rows = AllTracking(call, *scope);
        if (!rows.ok()) {
          return rows.status();
        }
        if (auto s = AuditTracking(call, *rows, "ExportStarterTracking");
            !s.ok()) {
          return s;
        }
        resp->set_content_type("text/csv; charset=utf-8");
        resp->set_data(TrackingCsv(*rows));
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
        auto starter_id = ParseName(req.parent(), "starters", "parent");
        if (!starter_id.ok()) {
          return starter_id.status();
        }
        if (call.principal.subject != *starter_id) {
          return Denied("only the starter lists who read their record");
        }
        auto size = EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        const std::string fingerprint = absl::StrCat("access|", *starter_id);
        auto after = DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        auto page =
            repo_->ListAccessRecords(*starter_id, *after, *size, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        for (auto& r : page->items) {
          *resp->add_records() = std::move(r);
        }
        if (!page->next_key.empty()) {
          resp->set_next_page_token(
              EncodePageToken(page->next_key, fingerprint));
        }
        return absl::OkStatus();
      });
}

}  // namespace samen::induction
