// Coaches' availability, open slots and coaching bookings.

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"
#include "services/induction/access_rules.h"
#include "services/induction/calendar_rules.h"
#include "services/induction/induction_handler.h"
#include "services/induction/names.h"

namespace samen::induction {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

namespace {

constexpr int kMaxSlotDays = 62;

absl::Status ValidateRequestId(absl::string_view id) {
  if (id.size() > 64) {
    return InvalidField("request_id", "must be at most 64 characters");
  }
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) {
      return InvalidField("request_id", "must be printable ASCII");
    }
  }
  return absl::OkStatus();
}

bool Coaches(const StarterScope& scope, absl::string_view person) {
  return std::find(scope.coach_ids.begin(), scope.coach_ids.end(), person) !=
         scope.coach_ids.end();
}

std::string TokenKey(const google::protobuf::Timestamp& t) {
  return absl::StrCat(t.seconds(), ".", t.nanos());
}

}  // namespace

absl::Time FromProtoTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

absl::Status ValidateTimestamp(const google::protobuf::Timestamp& t, bool has,
                               absl::string_view field) {
  if (!has) {
    return InvalidField(field, "is required");
  }
  // 2000-01-01 to 2100-01-01.
  if (t.seconds() < 946684800 || t.seconds() > 4102444800 || t.nanos() < 0 ||
      t.nanos() > 999999999) {
    return InvalidField(field, "must be a time between 2000 and 2100");
  }
  return absl::OkStatus();
}

absl::StatusOr<BookingRecord> InductionHandler::VisibleBooking(
    const CallContext& call, absl::string_view name, absl::string_view field) {
  ASSIGN_OR_RETURN(auto parsed, ParseBookingName(name, field));
  auto r =
      repo_->GetBooking(parsed.starter_id, parsed.booking_id, call.deadline);
  if (!r.ok()) {
    return r.status();
  }
  const std::string& me = call.principal.subject;
  if (me.empty() || (me != r->starter_id && me != r->coach_id)) {
    // Same answer as for a booking that does not exist.
    return absl::NotFoundError(absl::StrCat(name, " does not exist"));
  }
  return r;
}

ServerUnaryReactor* InductionHandler::GetAvailability(
    CallbackServerContext* ctx, const v1::GetAvailabilityRequest* req,
    v1::Availability* resp) {
  return runtime_->Serve(
      ctx, "GetAvailability", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto coach = ParseAvailabilityName(req.name(), "name");
        if (!coach.ok()) {
          return coach.status();
        }
        const auth::Principal& me = call.principal;
        if (me.subject != *coach && !me.IsAdmin()) {
          auto starter = repo_->GetStarter(me.subject, call.deadline);
          if (!starter.ok() || !Coaches(starter->scope, *coach)) {
            return Denied(
                "a coach's availability is for the coach and the starters "
                "they coach");
          }
        }
        ASSIGN_OR_RETURN(*resp, repo_->GetAvailability(*coach, call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::UpdateAvailability(
    CallbackServerContext* ctx, const v1::UpdateAvailabilityRequest* req,
    v1::Availability* resp) {
  return runtime_->Serve(
      ctx, "UpdateAvailability", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto coach = ParseAvailabilityName(req.availability().name(),
                                           "availability.name");
        if (!coach.ok()) {
          return coach.status();
        }
        if (call.principal.subject != *coach && !call.principal.IsAdmin()) {
          return Denied("only the coach sets their availability");
        }
        ASSIGN_OR_RETURN(auto spec, AvailabilityFromProto(req.availability()));
        ASSIGN_OR_RETURN(
            *resp, repo_->PutAvailability(
                       *coach, spec, req.availability().etag(), call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::ListOpenSlots(
    CallbackServerContext* ctx, const v1::ListOpenSlotsRequest* req,
    v1::ListOpenSlotsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListOpenSlots", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(
            auto starter_id,
            resource::ParseName(req.starter(), "starters", "starter"));
        const absl::Time now = clock_->Now();
        absl::CivilDay first = absl::ToCivilDay(now, Amsterdam());
        if (!req.start_date().empty()) {
          ASSIGN_OR_RETURN(auto d,
                           resource::ParseDate(req.start_date(), "start_date"));
          first = d;
        }
        absl::CivilDay last = first + 13;
        if (!req.end_date().empty()) {
          ASSIGN_OR_RETURN(auto d,
                           resource::ParseDate(req.end_date(), "end_date"));
          last = d;
        }
        if (last < first || last - first > kMaxSlotDays) {
          return InvalidField("end_date",
                              absl::StrCat("must be on or after start_date "
                                           "and at most ",
                                           kMaxSlotDays, " days after it"));
        }
        auto starter = repo_->GetStarter(starter_id, call.deadline);
        if (!starter.ok()) {
          return starter.status();
        }
        const Relation rel =
            AccessToStarter(call.principal, starter->scope).relation;
        if (rel != Relation::kSelf && rel != Relation::kCoach) {
          return Denied("open slots are for the starter and their coaches");
        }
        std::vector<std::string> coaches = starter->scope.coach_ids;
        if (!req.coach().empty()) {
          auto coach = resource::ParseName(req.coach(), "people", "coach");
          if (!coach.ok()) {
            return coach.status();
          }
          if (!Coaches(starter->scope, *coach)) {
            return InvalidField("coach", "is not one of the starter's coaches");
          }
          coaches = {*coach};
        }
        if (starter->starter.status() != v1::Starter::ACTIVE) {
          return absl::OkStatus();  // nothing to book
        }
        std::vector<v1::Slot> slots;
        for (const auto& coach : coaches) {
          ASSIGN_OR_RETURN(auto open,
                           repo_->OpenSlots(starter_id, coach, first, last, now,
                                            call.deadline));
          auto availability = repo_->GetAvailability(coach, call.deadline);
          for (const auto& o : open) {
            v1::Slot s;
            s.set_coach(absl::StrCat("people/", coach));
            ToTimestamp(o.start, s.mutable_start_time());
            ToTimestamp(o.end, s.mutable_end_time());
            if (availability.ok()) {
              s.set_location(availability->location());
              s.set_online_link(availability->online_link());
            }
            slots.push_back(std::move(s));
          }
        }
        std::stable_sort(slots.begin(), slots.end(),
                         [](const v1::Slot& a, const v1::Slot& b) {
                           return a.start_time().seconds() <
                                  b.start_time().seconds();
                         });
        for (auto& s : slots) {
          *resp->add_slots() = std::move(s);
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::CreateBooking(
    CallbackServerContext* ctx, const v1::CreateBookingRequest* req,
    v1::Booking* resp) {
  return runtime_->Serve(
      ctx, "CreateBooking", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(
            auto starter_id,
            resource::ParseName(req.parent(), "starters", "parent"));
        ASSIGN_OR_RETURN(auto coach_id,
                         resource::ParseName(req.booking().coach(), "people",
                                             "booking.coach"));
        RETURN_IF_ERROR(ValidateTimestamp(req.booking().start_time(),
                                          req.booking().has_start_time(),
                                          "booking.start_time"));
        RETURN_IF_ERROR(ValidateRequestId(req.request_id()));
        const std::string& me = call.principal.subject;
        // A starter booking for themselves needs no read here (the booking's
        // transaction reads the starter anyway); a coach must be theirs.
        if (me != starter_id) {
          auto starter = repo_->GetStarter(starter_id, call.deadline);
          if (!starter.ok()) {
            return starter.status();
          }
          if (me != coach_id || !Coaches(starter->scope, me)) {
            return Denied(
                "a session is booked by the starter, or by their coach with "
                "themselves");
          }
        }
        ASSIGN_OR_RETURN(
            auto r,
            repo_->CreateBooking(
                starter_id, coach_id, FromProtoTime(req.booking().start_time()),
                req.request_id(), clock_->Now(), call.deadline));
        *resp = std::move(r.booking);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::GetBooking(
    CallbackServerContext* ctx, const v1::GetBookingRequest* req,
    v1::Booking* resp) {
  return runtime_->Serve(
      ctx, "GetBooking", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto r, VisibleBooking(call, req.name(), "name"));
        *resp = std::move(r.booking);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::ListBookings(
    CallbackServerContext* ctx, const v1::ListBookingsRequest* req,
    v1::ListBookingsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListBookings", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        const std::string& me = call.principal.subject;
        BookingFilter filter;
        if (!req.coach().empty()) {
          ASSIGN_OR_RETURN(auto coach,
                           resource::ParseName(req.coach(), "people", "coach"));
          filter.coach_id = coach;
        }
        if (req.parent() == "starters/-") {
          if (filter.coach_id.empty()) {
            return InvalidField("coach", "is required with starters/-");
          }
          if (filter.coach_id != me && !call.principal.IsAdmin()) {
            return Denied("a coach lists their own bookings");
          }
        } else {
          ASSIGN_OR_RETURN(
              auto starter_id,
              resource::ParseName(req.parent(), "starters", "parent"));
          filter.starter_id = starter_id;
          if (me != starter_id) {
            auto starter = repo_->GetStarter(starter_id, call.deadline);
            if (!starter.ok() || !Coaches(starter->scope, me)) {
              return Denied(
                  "a starter's bookings are for the starter and their coaches");
            }
            filter.coach_id = me;  // a coach sees the sessions with them
          }
        }
        if (req.has_start_time()) {
          RETURN_IF_ERROR(
              ValidateTimestamp(req.start_time(), true, "start_time"));
          filter.from = FromProtoTime(req.start_time());
        }
        if (req.has_end_time()) {
          RETURN_IF_ERROR(ValidateTimestamp(req.end_time(), true, "end_time"));
          filter.to = FromProtoTime(req.end_time());
        }
        if (filter.from && filter.to && *filter.to <= *filter.from) {
          return InvalidField("end_time", "must be after start_time");
        }
        const std::string fingerprint = absl::StrCat(
            "bookings|", req.parent(), "|", filter.coach_id, "|",
            TokenKey(req.start_time()), "|", TokenKey(req.end_time()));
        return resource::ServeListPage(
            req, fingerprint,
            [&](const resource::PageQuery& q) {
              return repo_->ListBookings(filter, q.after, q.size,
                                         call.deadline);
            },
            [](auto* r, auto item) {
              *r->add_bookings() = std::move(item.booking);
            },
            resp);
      });
}

ServerUnaryReactor* InductionHandler::CancelBooking(
    CallbackServerContext* ctx, const v1::CancelBookingRequest* req,
    v1::Booking* resp) {
  return runtime_->Serve(
      ctx, "CancelBooking", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto b, VisibleBooking(call, req.name(), "name"));
        const bool by_coach = call.principal.subject == b.coach_id;
        if (auto s =
                resource::ValidateText(req.reason(), "reason", 500, by_coach,
                                       /*multiline=*/true);
            !s.ok()) {
          return by_coach && req.reason().empty()
                     ? InvalidField("reason",
                                    "is required when the coach cancels")
                     : s;
        }
        ASSIGN_OR_RETURN(
            auto r,
            repo_->CancelBooking(
                b.starter_id,
                b.booking.name().substr(b.booking.name().rfind('/') + 1),
                b.coach_id, call.principal.subject, by_coach, req.reason(),
                req.etag(), clock_->Now(), call.deadline));
        *resp = std::move(r.booking);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::RescheduleBooking(
    CallbackServerContext* ctx, const v1::RescheduleBookingRequest* req,
    v1::Booking* resp) {
  return runtime_->Serve(
      ctx, "RescheduleBooking", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto b, VisibleBooking(call, req.name(), "name"));
        RETURN_IF_ERROR(ValidateTimestamp(req.start_time(),
                                          req.has_start_time(), "start_time"));
        const bool by_coach = call.principal.subject == b.coach_id;
        ASSIGN_OR_RETURN(
            auto r,
            repo_->RescheduleBooking(
                b.starter_id,
                b.booking.name().substr(b.booking.name().rfind('/') + 1),
                b.coach_id, by_coach, FromProtoTime(req.start_time()),
                req.etag(), clock_->Now(), call.deadline));
        *resp = std::move(r.booking);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::RecordAttendance(
    CallbackServerContext* ctx, const v1::RecordAttendanceRequest* req,
    v1::Booking* resp) {
  return runtime_->Serve(
      ctx, "RecordAttendance", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        if (req.state() != v1::HELD && req.state() != v1::NO_SHOW) {
          return InvalidField("state", "must be HELD or NO_SHOW");
        }
        ASSIGN_OR_RETURN(auto b, VisibleBooking(call, req.name(), "name"));
        if (call.principal.subject != b.coach_id) {
          return Denied("only the coach records attendance");
        }
        ASSIGN_OR_RETURN(
            auto r,
            repo_->RecordAttendance(
                b.starter_id,
                b.booking.name().substr(b.booking.name().rfind('/') + 1),
                req.state(), clock_->Now(), call.deadline));
        *resp = std::move(r.booking);
        return absl::OkStatus();
      });
}

}  // namespace samen::induction
