// Lesson visits and intervision meetings.

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/induction/calendar_rules.h"
#include "services/induction/induction_handler.h"
#include "services/induction/names.h"

namespace samen::induction {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

namespace {

constexpr int kMaxIntervisionStarters = 12;

bool TakesPart(const EventRecord& e, const std::string& person) {
  return person == e.coach_id ||
         std::find(e.starter_ids.begin(), e.starter_ids.end(), person) !=
             e.starter_ids.end();
}

std::string TimeKey(const google::protobuf::Timestamp& t) {
  return absl::StrCat(t.seconds(), ".", t.nanos());
}

}  // namespace

absl::StatusOr<EventRecord> InductionHandler::VisibleEvent(
    const CallContext& call, absl::string_view name) {
  ASSIGN_OR_RETURN(auto id, resource::ParseName(name, "events", "name"));
  auto e = repo_->GetEvent(id, call.deadline);
  if (!e.ok()) {
    return e.status();
  }
  if (!TakesPart(*e, call.principal.subject)) {
    return absl::NotFoundError(absl::StrCat(name, " does not exist"));
  }
  return e;
}

ServerUnaryReactor* InductionHandler::CreateEvent(
    CallbackServerContext* ctx, const v1::CreateEventRequest* req,
    v1::Event* resp) {
  return runtime_->Serve(
      ctx, "CreateEvent", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        const v1::Event& e = req.event();
        if (e.kind() != v1::Event::LESSON_VISIT &&
            e.kind() != v1::Event::INTERVISION) {
          return InvalidField("event.kind", "is required");
        }
        std::vector<std::string> starters;
        std::set<std::string> seen;
        for (const auto& s : e.starters()) {
          ASSIGN_OR_RETURN(
              auto id, resource::ParseName(s, "starters", "event.starters"));
          if (!seen.insert(id).second) {
            return InvalidField("event.starters", "lists a starter twice");
          }
          starters.push_back(id);
        }
        if (e.kind() == v1::Event::LESSON_VISIT && starters.size() != 1) {
          return InvalidField("event.starters",
                              "a lesson visit is for exactly one starter");
        }
        if (starters.empty() ||
            starters.size() > static_cast<size_t>(kMaxIntervisionStarters)) {
          return InvalidField(
              "event.starters",
              absl::StrCat("must list 1 to ", kMaxIntervisionStarters,
                           " starters"));
        }
        for (const auto& [t, has, field] :
             {std::tuple(&e.start_time(), e.has_start_time(),
                         "event.start_time"),
              std::tuple(&e.end_time(), e.has_end_time(), "event.end_time")}) {
          RETURN_IF_ERROR(ValidateTimestamp(*t, has, field));
          if (!IsQuantumAligned(FromProtoTime(*t))) {
            return InvalidField(field, "must be on a 5-minute boundary");
          }
        }
        const absl::Time start = FromProtoTime(e.start_time());
        const absl::Time end = FromProtoTime(e.end_time());
        if (end <= start || end - start > absl::Hours(8)) {
          return InvalidField("event.end_time",
                              "must be after the start, at most 8 hours later");
        }
        if (start <= clock_->Now()) {
          return InvalidField("event.start_time", "must be in the future");
        }
        RETURN_IF_ERROR(
            resource::ValidateText(e.title(), "event.title", 200, false));
        RETURN_IF_ERROR(
            resource::ValidateText(e.location(), "event.location", 200, false));
        if (call.principal.subject.empty()) {
          return Denied("events are planned by coaches");
        }
        ASSIGN_OR_RETURN(auto r,
                         repo_->CreateEvent(e, call.principal.subject, starters,
                                            clock_->Now(), call.deadline));
        *resp = std::move(r.event);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::GetEvent(CallbackServerContext* ctx,
                                               const v1::GetEventRequest* req,
                                               v1::Event* resp) {
  return runtime_->Serve(ctx, "GetEvent", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           ASSIGN_OR_RETURN(auto e,
                                            VisibleEvent(call, req.name()));
                           *resp = std::move(e.event);
                           return absl::OkStatus();
                         });
}

ServerUnaryReactor* InductionHandler::ListEvents(
    CallbackServerContext* ctx, const v1::ListEventsRequest* req,
    v1::ListEventsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListEvents", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        std::optional<absl::Time> from, to;
        if (req.has_start_time()) {
          RETURN_IF_ERROR(
              ValidateTimestamp(req.start_time(), true, "start_time"));
          from = FromProtoTime(req.start_time());
        }
        if (req.has_end_time()) {
          RETURN_IF_ERROR(ValidateTimestamp(req.end_time(), true, "end_time"));
          to = FromProtoTime(req.end_time());
        }
        if (from && to && *to <= *from) {
          return InvalidField("end_time", "must be after start_time");
        }
        if (!v1::Event::Kind_IsValid(req.kind())) {
          return InvalidField("kind", "must be LESSON_VISIT or INTERVISION");
        }
        const std::string fingerprint = absl::StrCat(
            "events|", call.principal.subject, "|", TimeKey(req.start_time()),
            "|", TimeKey(req.end_time()), "|", req.kind());
        return resource::ServeListPage(
            req, fingerprint,
            [&](const resource::PageQuery& q) {
              return repo_->ListEvents(call.principal.subject, req.kind(), from,
                                       to, q.after, q.size, call.deadline);
            },
            [](auto* r, auto item) {
              *r->add_events() = std::move(item.event);
            },
            resp);
      });
}

ServerUnaryReactor* InductionHandler::CancelEvent(
    CallbackServerContext* ctx, const v1::CancelEventRequest* req,
    v1::Event* resp) {
  return runtime_->Serve(
      ctx, "CancelEvent", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto e, VisibleEvent(call, req.name()));
        if (call.principal.subject != e.coach_id) {
          return Denied("only the coach cancels an event");
        }
        RETURN_IF_ERROR(
            resource::ValidateText(req.reason(), "reason", 500, false, true));
        ASSIGN_OR_RETURN(
            auto r, repo_->CancelEvent(
                        e.event.name().substr(sizeof("events/") - 1),
                        call.principal.subject, req.reason(), call.deadline));
        *resp = std::move(r.event);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::RecordEventAttendance(
    CallbackServerContext* ctx, const v1::RecordEventAttendanceRequest* req,
    v1::Event* resp) {
  return runtime_->Serve(
      ctx, "RecordEventAttendance", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto e, VisibleEvent(call, req.name()));
        if (call.principal.subject != e.coach_id) {
          return Denied("only the coach marks an event held");
        }
        ASSIGN_OR_RETURN(
            auto r,
            repo_->MarkEventHeld(e.event.name().substr(sizeof("events/") - 1),
                                 clock_->Now(), call.deadline));
        *resp = std::move(r.event);
        return absl::OkStatus();
      });
}

}  // namespace samen::induction
