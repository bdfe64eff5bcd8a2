// Confidential coaching notes and the iCalendar feed.

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "openssl/rand.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"
#include "services/induction/access_rules.h"
#include "services/induction/ical.h"
#include "services/induction/induction_handler.h"
#include "services/induction/names.h"

namespace samen::induction {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

namespace {

// How far back the feed reaches.
constexpr absl::Duration kFeedHistory = absl::Hours(24 * 90);

// The raw SHA-256 of a feed token (what the database keeps).
std::string TokenHash(absl::string_view token) {
  return absl::HexStringToBytes(Sha256Hex(token));
}

absl::StatusOr<std::string> OwnFeed(const CallContext& call,
                                    absl::string_view name) {
  auto person = resource::ParseName(name, "calendarFeeds", "name");
  if (!person.ok()) {
    return person.status();
  }
  if (call.principal.subject != *person) {
    return Denied("a calendar feed is managed by its own person only");
  }
  return person;
}

}  // namespace

absl::StatusOr<BookingRecord> InductionHandler::NoteSession(
    const CallContext& call, absl::string_view parent) {
  ASSIGN_OR_RETURN(auto parsed, ParseBookingName(parent, "parent"));
  auto session =
      repo_->GetBooking(parsed.starter_id, parsed.booking_id, call.deadline);
  if (!session.ok()) {
    // Only the starter named in the path learns that a session is missing.
    if (session.status().code() == absl::StatusCode::kNotFound &&
        call.principal.subject != parsed.starter_id) {
      return NotesDenied();
    }
    return session.status();
  }
  RETURN_IF_ERROR(
      MayAccessNotes(call.principal, session->starter_id, session->coach_id));
  return session;
}

ServerUnaryReactor* InductionHandler::CreateNote(
    CallbackServerContext* ctx, const v1::CreateNoteRequest* req,
    v1::Note* resp) {
  return runtime_->Serve(
      ctx, "CreateNote", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto session, NoteSession(call, req.parent()));
        RETURN_IF_ERROR(resource::ValidateText(
            req.note().text(), "note.text", 10000, true, /*multiline=*/true));
        ASSIGN_OR_RETURN(*resp,
                         repo_->CreateNote(session, call.principal.subject,
                                           req.note().text(), call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::ListNotes(CallbackServerContext* ctx,
                                                const v1::ListNotesRequest* req,
                                                v1::ListNotesResponse* resp) {
  return runtime_->Serve(
      ctx, "ListNotes", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto session, NoteSession(call, req.parent()));
        ASSIGN_OR_RETURN(auto notes, repo_->ListNotes(session, call.deadline));
        for (auto& n : notes) {
          *resp->add_notes() = std::move(n);
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::IssueCalendarFeed(
    CallbackServerContext* ctx, const v1::IssueCalendarFeedRequest* req,
    v1::CalendarFeed* resp) {
  return runtime_->Serve(
      ctx, "IssueCalendarFeed", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto person, OwnFeed(call, req.name()));
        unsigned char random[32];
        if (RAND_bytes(random, sizeof(random)) != 1) {
          return absl::InternalError("no randomness for a feed token");
        }
        const std::string token = absl::WebSafeBase64Escape(absl::string_view(
            reinterpret_cast<const char*>(random), sizeof(random)));
        const absl::Time now = clock_->Now();
        RETURN_IF_ERROR(
            repo_->PutFeedToken(person, TokenHash(token), now, call.deadline));
        resp->set_name(req.name());
        resp->set_token(token);
        resp->set_path(
            absl::StrCat("/v1/", req.name(), "/events.ics?token=", token));
        ToTimestamp(now, resp->mutable_issue_time());
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::RevokeCalendarFeed(
    CallbackServerContext* ctx, const v1::RevokeCalendarFeedRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "RevokeCalendarFeed", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        ASSIGN_OR_RETURN(auto person, OwnFeed(call, req.name()));
        return repo_->DeleteFeedToken(person, call.deadline);
      });
}

ServerUnaryReactor* InductionHandler::GetCalendarFeedContent(
    CallbackServerContext* ctx, const v1::GetCalendarFeedContentRequest* req,
    google::api::HttpBody* resp) {
  // Authorised by the feed token in the request, not by a bearer token:
  // calendar apps subscribe to a URL and send no Authorization header.
  return runtime_->ServePublic(
      ctx, "GetCalendarFeedContent", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto person, resource::ParseName(
                                          req.name(), "calendarFeeds", "name"));
        if (req.token().empty() || req.token().size() > 200) {
          return absl::NotFoundError("no calendar feed with this token");
        }
        RETURN_IF_ERROR(repo_->CheckFeedToken(person, TokenHash(req.token()),
                                              call.deadline));
        const absl::Time now = clock_->Now();
        ASSIGN_OR_RETURN(
            auto events,
            repo_->FeedEvents(person, now - kFeedHistory, call.deadline));
        resp->set_content_type("text/calendar; charset=utf-8");
        resp->set_data(RenderCalendar(kSessionsCalendarName, events, now));
        return absl::OkStatus();
      });
}

}  // namespace samen::induction
