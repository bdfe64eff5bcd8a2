// Attendance, exports, development records, completions for Induction,
// feedback and the event log.

#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/page.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"
#include "services/professionalisation/csv_export.h"
#include "services/professionalisation/professionalisation_handler.h"

namespace samen::professionalisation {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

namespace {

// Person ids from `people/{id}` names, each once; a person in both lists is
// refused.
absl::StatusOr<std::pair<std::vector<std::string>, std::vector<std::string>>>
ParseMarks(const google::protobuf::RepeatedPtrField<std::string>& attended,
           const google::protobuf::RepeatedPtrField<std::string>& absent) {
  std::pair<std::vector<std::string>, std::vector<std::string>> out;
  std::set<std::string> seen;
  for (int list = 0; list < 2; ++list) {
    const auto& names = list == 0 ? attended : absent;
    for (int i = 0; i < names.size(); ++i) {
      const std::string field =
          absl::StrCat(list == 0 ? "attended" : "absent", "[", i, "]");
      ASSIGN_OR_RETURN(auto id, ParsePersonName(names[i], field));
      if (!seen.insert(id).second) {
        return InvalidField(field, "names a person listed before");
      }
      (list == 0 ? out.first : out.second).push_back(id);
    }
  }
  if (seen.empty()) {
    return InvalidField("attended", "name at least one participant");
  }
  if (seen.size() > 500) {
    return InvalidField("attended", "at most 500 people per request");
  }
  return out;
}

}  // namespace

absl::StatusOr<ProfessionalisationRepository::PersonRecord>
ProfessionalisationHandler::ReadableRecord(const CallContext& call,
                                           const std::string& person_id,
                                           bool completions) {
  auto record = repo_->GetRecord(person_id, call.deadline);
  if (!record.ok()) {
    return record.status();
  }
  const bool allowed =
      completions
          ? CanCheckCompletions(call.principal, person_id,
                                record->organisations)
          : CanReadRecord(call.principal, person_id, record->organisations);
  if (!allowed) {
    return absl::PermissionDeniedError(
        "only the person, and HR and school educators of an organisation "
        "they enrolled from, read a development record");
  }
  return record;
}

ServerUnaryReactor* ProfessionalisationHandler::RecordAttendance(
    CallbackServerContext* ctx, const v1::RecordAttendanceRequest* req,
    v1::RecordAttendanceResponse* resp) {
  return runtime_->Serve(
      ctx, "RecordAttendance", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto session,
                         ParseSessionName(req.session(), "session"));
        ASSIGN_OR_RETURN(auto marks, ParseMarks(req.attended(), req.absent()));
        const absl::Time now = clock_->Now();
        ASSIGN_OR_RETURN(
            auto updated,
            repo_->RecordAttendance(
                session, marks.first, marks.second,
                [&](const ActivityFacts& facts, absl::Time start) {
                  RETURN_IF_ERROR(MayOrganise(call.principal, facts.owner));
                  return CheckAttendanceTime(start, now);
                },
                call.principal.subject, now, call.deadline));
        for (auto& e : updated) {
          *resp->add_enrolments() = std::move(e);
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* ProfessionalisationHandler::ExportSignInSheet(
    CallbackServerContext* ctx, const v1::ExportSignInSheetRequest* req,
    google::api::HttpBody* resp) {
  return runtime_->Serve(
      ctx, "ExportSignInSheet", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto id, ParseActivityName(req.name(), "name"));
        if (auto facts = RequireOrganiser(call, id); !facts.ok()) {
          return facts.status();
        }
        auto activity = repo_->GetActivity(id, call.deadline);
        if (!activity.ok()) {
          return activity.status();
        }
        if (!req.session().empty()) {
          bool known = false;
          for (const auto& s : activity->sessions()) {
            known = known || s.id() == req.session();
          }
          if (!known) {
            return InvalidField("session", "is not a session of the activity");
          }
        }
        ASSIGN_OR_RETURN(auto participants,
                         repo_->Participants(id, call.deadline));
        resp->set_content_type(kCsvContentType);
        resp->set_data(SignInSheetCsv(*activity, participants, req.session()));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* ProfessionalisationHandler::GetDevelopmentRecord(
    CallbackServerContext* ctx, const v1::GetDevelopmentRecordRequest* req,
    v1::DevelopmentRecord* resp) {
  return runtime_->Serve(
      ctx, "GetDevelopmentRecord", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto person, ParseRecordName(req.name(), "name"));
        ASSIGN_OR_RETURN(auto record,
                         ReadableRecord(call, person, /*completions=*/false));
        *resp = BuildRecord(person, std::move(record.rows));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* ProfessionalisationHandler::ExportDevelopmentRecord(
    CallbackServerContext* ctx, const v1::ExportDevelopmentRecordRequest* req,
    google::api::HttpBody* resp) {
  return runtime_->Serve(
      ctx, "ExportDevelopmentRecord", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto person, ParseRecordName(req.name(), "name"));
        ASSIGN_OR_RETURN(auto record,
                         ReadableRecord(call, person, /*completions=*/false));
        resp->set_content_type(kCsvContentType);
        resp->set_data(
            DevelopmentRecordCsv(BuildRecord(person, std::move(record.rows))));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* ProfessionalisationHandler::CheckCompletions(
    CallbackServerContext* ctx, const v1::CheckCompletionsRequest* req,
    v1::CheckCompletionsResponse* resp) {
  return runtime_->Serve(
      ctx, "CheckCompletions", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto person, ParsePersonName(req.person(), "person"));
        if (req.activities_size() == 0 || req.activities_size() > 100) {
          return InvalidField("activities", "name 1 to 100 activities");
        }
        for (int i = 0; i < req.activities_size(); ++i) {
          RETURN_IF_ERROR(resource::ValidateText(
              req.activities(i), absl::StrCat("activities[", i, "]"), 200,
              true));
        }
        ASSIGN_OR_RETURN(auto record,
                         ReadableRecord(call, person, /*completions=*/true));
        std::vector<std::string> wanted(req.activities().begin(),
                                        req.activities().end());
        for (auto& r : MatchCompletions(wanted, record.rows)) {
          *resp->add_results() = std::move(r);
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* ProfessionalisationHandler::SubmitFeedback(
    CallbackServerContext* ctx, const v1::SubmitFeedbackRequest* req,
    v1::Feedback* resp) {
  return runtime_->Serve(
      ctx, "SubmitFeedback", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto name,
                         ParseEnrolmentName(req.enrolment(), "enrolment"));
        if (name.person_id != call.principal.subject) {
          return absl::PermissionDeniedError(
              "only the participant gives feedback on their enrolment");
        }
        // Input errors first, so a bad score is reported before anything is
        // read.
        RETURN_IF_ERROR(CheckFeedback(req.score(), req.comment(), true));
        ASSIGN_OR_RETURN(auto f, repo_->SubmitFeedback(
                                     name, req.score(), req.comment(),
                                     [&](const v1::Enrolment& e) {
                                       return CheckFeedback(req.score(),
                                                            req.comment(),
                                                            e.completed());
                                     },
                                     clock_->Now(), call.deadline));
        *resp = std::move(f);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* ProfessionalisationHandler::GetFeedbackSummary(
    CallbackServerContext* ctx, const v1::GetFeedbackSummaryRequest* req,
    v1::FeedbackSummary* resp) {
  return runtime_->Serve(
      ctx, "GetFeedbackSummary", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto id, ParseFeedbackSummaryName(req.name(), "name"));
        if (auto facts = RequireOrganiser(call, id); !facts.ok()) {
          return facts.status();
        }
        ASSIGN_OR_RETURN(*resp, repo_->GetFeedbackSummary(id, call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* ProfessionalisationHandler::ListEnrolmentEvents(
    CallbackServerContext* ctx, const v1::ListEnrolmentEventsRequest* req,
    v1::ListEnrolmentEventsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListEnrolmentEvents", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(
            auto size, resource::EffectivePageSize(req.page_size(), 100, 1000));
        if (req.after_sequence() < 0) {
          return InvalidField("after_sequence", "must not be negative");
        }
        std::string activity_id;
        if (!req.activity().empty()) {
          ASSIGN_OR_RETURN(auto id,
                           ParseActivityName(req.activity(), "activity"));
          activity_id = id;
        }
        const auth::Principal& who = call.principal;
        if (!who.IsAdmin() && !who.HasRole(auth::kIntegration)) {
          if (activity_id.empty()) {
            return absl::PermissionDeniedError(
                "name the activity whose events to read; only administrators "
                "and integrations read the whole log");
          }
          if (auto facts = RequireOrganiser(call, activity_id); !facts.ok()) {
            return facts.status();
          }
        }
        const absl::Time read_time = clock_->Now();
        ASSIGN_OR_RETURN(auto events,
                         repo_->ListEvents(req.after_sequence(), size,
                                           activity_id, call.deadline));
        int64_t last = req.after_sequence();
        for (auto& e : events) {
          last = e.sequence();
          *resp->add_events() = std::move(e);
        }
        resp->set_next_after_sequence(last);
        ToTimestamp(read_time, resp->mutable_read_time());
        return absl::OkStatus();
      });
}

}  // namespace samen::professionalisation
