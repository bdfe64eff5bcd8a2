// Lesson visits and intervision meetings.

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
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
  auto id = ParseName(name, "events", "name");
  if (!id.ok()) {
    return id.status();
  }
  auto e = repo_->GetEvent(*id, call.deadline);
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
          auto id = ParseName(s, "starters", "event.starters");
          if (!id.ok()) {
            return id.status();
          }
          if (!seen.insert(*id).second) {
            return InvalidField("event.starters", "lists a starter twice");
          }
          starters.push_back(*id);
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
          if (auto s = ValidateTimestamp(*t, has, field); !s.ok()) {
            return s;
          }
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
        if (auto s = ValidateText(e.title(), "event.title", 200, false);
            !s.ok()) {
          return s;
        }
        if (auto s = ValidateText(e.location(), "event.location", 200, false);
            !s.ok()) {
          return s;
        }
        if (call.principal.subject.empty()) {
          return Denied("events are planned by coaches");
        }
        auto r = repo_->CreateEvent(e, call.principal.subject, starters,
                                    clock_->Now(), call.deadline);
        if (!r.ok()) {
          return r.status();
        }
        *resp = std::move(r->event);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::GetEvent(CallbackServerContext* ctx,
                                               const v1::GetEventRequest* req,
                                               v1::Event* resp) {
  return runtime_->Serve(ctx, "GetEvent", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           auto e = VisibleEvent(call, req.name());
                           if (!e.ok()) {
                             return e.status();
                           }
                           *resp = std::move(e->event);
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
        auto size = EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        std::optional<absl::Time> from, to;
        if (req.has_start_time()) {
          if (auto s = ValidateTimestamp(req.start_time(), true, "start_time");
              !s.ok()) {
            return s;
          }
          from = FromProtoTime(req.start_time());
        }
        if (req.has_end_time()) {
          if (auto s = ValidateTimestamp(req.end_time(), true, "end_time");
              !s.ok()) {
            return s;
          }
          to = FromProtoTime(req.end_time());
        }
        const std::string fingerprint = absl::StrCat(
            "events|", call.principal.subject, "|", TimeKey(req.start_time()),
            "|", TimeKey(req.end_time()));
        auto after = DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        auto page = repo_->ListEvents(call.principal.subject, from, to, *after,
                                      *size, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        for (auto& r : page->items) {
          *resp->add_events() = std::move(r.event);
        }
        if (!page->next_key.empty()) {
          resp->set_next_page_token(
              EncodePageToken(page->next_key, fingerprint));
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::CancelEvent(
    CallbackServerContext* ctx, const v1::CancelEventRequest* req,
    v1::Event* resp) {
  return runtime_->Serve(
      ctx, "CancelEvent", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto e = VisibleEvent(call, req.name());
        if (!e.ok()) {
          return e.status();
        }
        if (call.principal.subject != e->coach_id) {
          return Denied("only the coach cancels an event");
        }
        if (auto s = ValidateText(req.reason(), "reason", 500, false, true);
            !s.ok()) {
          return s;
        }
        auto r = repo_->CancelEvent(
            e->event.name().substr(sizeof("events/") - 1),
            call.principal.subject, req.reason(), call.deadline);
        if (!r.ok()) {
          return r.status();
        }
        *resp = std::move(r->event);
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
        auto e = VisibleEvent(call, req.name());
        if (!e.ok()) {
          return e.status();
        }
        if (call.principal.subject != e->coach_id) {
          return Denied("only the coach marks an event held");
        }
        auto r =
            repo_->MarkEventHeld(e->event.name().substr(sizeof("events/") - 1),
                                 clock_->Now(), call.deadline);
        if (!r.ok()) {
          return r.status();
        }
        *resp = std::move(r->event);
        return absl::OkStatus();
      });
}

}  // namespace samen::induction
