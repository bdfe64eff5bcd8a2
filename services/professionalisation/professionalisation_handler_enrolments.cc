// Enrolments: enrol, read, list, cancel, approve, decline.

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/professionalisation/professionalisation_handler.h"

namespace samen::professionalisation {
namespace {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

absl::Status NotYours(absl::string_view what) {
  return absl::PermissionDeniedError(what);
}

// Who may see an enrolment: the participant, the organisers, the managers who
// approve it.
bool MaySee(const auth::Principal& who, const ActivityFacts& facts,
            const v1::Enrolment& e) {
  const std::string person_id = e.person().substr(sizeof("people/") - 1);
  const std::vector<std::string> orgs(e.organisations().begin(),
                                      e.organisations().end());
  return who.subject == person_id || IsOrganiser(who, facts.owner) ||
         CanApprove(who, person_id, orgs);
}

}  // namespace

ServerUnaryReactor* ProfessionalisationHandler::CreateEnrolment(
    CallbackServerContext* ctx, const v1::CreateEnrolmentRequest* req,
    v1::Enrolment* resp) {
  return runtime_->Serve(
      ctx, "CreateEnrolment", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto activity_id,
                         ParseActivityName(req.parent(), "parent"));
        Enrollee who;
        who.actor_id = call.principal.subject;
        who.person_id = call.principal.subject;
        if (!req.enrolment().person().empty()) {
          ASSIGN_OR_RETURN(
              auto person,
              ParsePersonName(req.enrolment().person(), "enrolment.person"));
          who.person_id = person;
        }
        const bool on_behalf = who.person_id != call.principal.subject;
        if (on_behalf) {
          // Organisers enrol others (late registrations, school leaders).
          if (auto facts = RequireOrganiser(call, activity_id); !facts.ok()) {
            return facts.status();
          }
          // Name and organisations from the directory when it knows the
          // person; the enrolment works without them.
          if (auto info = partners_->GetPerson(call, who.person_id);
              info.ok()) {
            who.display_name = info->display_name;
            who.organisations.clear();
            for (const auto& id : info->organisation_ids) {
              who.organisations.push_back(absl::StrCat("organisations/", id));
            }
          }
        } else {
          who.display_name = call.principal.display_name;
          who.organisations = OrganisationsOf(call.principal);
        }
        const absl::Time now = clock_->Now();
        ASSIGN_OR_RETURN(
            auto e,
            repo_->Enrol(
                activity_id, who,
                [&](const EnrolContext& c) -> absl::StatusOr<State> {
                  if (!on_behalf) {
                    RETURN_IF_ERROR(
                        CheckAudience(call.principal, c.activity.audiences));
                    RETURN_IF_ERROR(CheckEnrolmentWindow(c.activity, now));
                  }
                  RETURN_IF_ERROR(CheckNotEnrolled(c.existing));
                  RETURN_IF_ERROR(
                      CheckSeriesCap(c.activity, c.active_in_series));
                  return Placement(c.activity,
                                   c.activity.approval_required && !on_behalf);
                },
                now, call.deadline));
        *resp = std::move(e);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* ProfessionalisationHandler::GetEnrolment(
    CallbackServerContext* ctx, const v1::GetEnrolmentRequest* req,
    v1::Enrolment* resp) {
  return runtime_->Serve(
      ctx, "GetEnrolment", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto name, ParseEnrolmentName(req.name(), "name"));
        ASSIGN_OR_RETURN(auto facts,
                         repo_->GetFacts(name.activity_id, call.deadline));
        ASSIGN_OR_RETURN(auto e, repo_->GetEnrolment(name, call.deadline));
        if (!MaySee(call.principal, facts, e)) {
          return NotYours(
              "only the participant, the organisers and the managers who "
              "approve see an enrolment");
        }
        *resp = std::move(e);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* ProfessionalisationHandler::ListEnrolments(
    CallbackServerContext* ctx, const v1::ListEnrolmentsRequest* req,
    v1::ListEnrolmentsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListEnrolments", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        EnrolmentFilter f;
        if (req.parent() != "activities/-") {
          ASSIGN_OR_RETURN(auto id, ParseActivityName(req.parent(), "parent"));
          f.activity_id = id;
        }
        if (!req.person().empty()) {
          ASSIGN_OR_RETURN(auto person,
                           ParsePersonName(req.person(), "person"));
          f.person_id = person;
        }
        if (!req.organisation().empty()) {
          ASSIGN_OR_RETURN(
              auto org, resource::ParseName(req.organisation(), "organisations",
                                            "organisation"));
          f.organisation = req.organisation();
        }
        if (!v1::Enrolment::State_IsValid(req.state())) {
          return InvalidField("state", "is not an enrolment state");
        }
        f.state = req.state();
        // Authorisation: own enrolments, an organiser's activity, or the
        // requests of an organisation the caller manages.
        const auth::Principal& who = call.principal;
        const bool own = !f.person_id.empty() && f.person_id == who.subject;
        const bool manages =
            !f.organisation.empty() && CanApprove(who, "", {f.organisation});
        bool allowed = own || manages || who.IsAdmin();
        if (!allowed && !f.activity_id.empty()) {
          ASSIGN_OR_RETURN(auto facts,
                           repo_->GetFacts(f.activity_id, call.deadline));
          allowed = IsOrganiser(who, facts.owner);
        }
        if (!allowed) {
          return NotYours(
              f.activity_id.empty()
                  ? "list your own enrolments (person) or those of an "
                    "organisation you manage as HR or school educator"
                  : "only organisers see an activity's participants");
        }
        const std::string fingerprint =
            absl::StrCat("enrolments|", f.activity_id, "|", f.person_id, "|",
                         f.organisation, "|", f.state);
        return resource::ServeListPage(
            req, fingerprint,
            [&](const resource::PageQuery& q) {
              return repo_->ListEnrolments(f, q.after, q.size, call.deadline);
            },
            [](auto* r, auto item) { *r->add_enrolments() = std::move(item); },
            resp, 20, 100);
      });
}

ServerUnaryReactor* ProfessionalisationHandler::CancelEnrolment(
    CallbackServerContext* ctx, const v1::CancelEnrolmentRequest* req,
    v1::Enrolment* resp) {
  return runtime_->Serve(
      ctx, "CancelEnrolment", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto name, ParseEnrolmentName(req.name(), "name"));
        RETURN_IF_ERROR(
            resource::ValidateText(req.reason(), "reason", 500, false));
        const absl::Time now = clock_->Now();
        ASSIGN_OR_RETURN(
            auto e,
            repo_->Cancel(
                name,
                [&](const ActivityFacts& facts, const v1::Enrolment& current) {
                  const bool organiser =
                      IsOrganiser(call.principal, facts.owner);
                  if (!organiser && call.principal.subject != name.person_id) {
                    return NotYours(
                        "only the participant and the organisers cancel an "
                        "enrolment");
                  }
                  return CheckCancellation(facts, current.state(), organiser,
                                           now);
                },
                req.reason(), call.principal.subject, now, call.deadline));
        *resp = std::move(e);
        return absl::OkStatus();
      });
}

namespace {

template <typename Request>
absl::Status DecideEnrolment(ProfessionalisationRepository* repo,
                             const CallContext& call, const Request& req,
                             bool approve, const std::string& reason,
                             absl::Time now, v1::Enrolment* resp) {
  ASSIGN_OR_RETURN(auto name, ParseEnrolmentName(req.name(), "name"));
  RETURN_IF_ERROR(resource::ValidateText(reason, "reason", 500, false));
  ASSIGN_OR_RETURN(
      auto e,
      repo->Decide(
          name, approve,
          [&](const ActivityFacts&, const v1::Enrolment& current) {
            const std::vector<std::string> orgs(current.organisations().begin(),
                                                current.organisations().end());
            if (!CanApprove(call.principal, name.person_id, orgs)) {
              return NotYours(
                  "only HR and school educators of the participant's "
                  "organisation decide on an enrolment (not the participant)");
            }
            return CheckPending(current.state());
          },
          reason, call.principal.subject, now, call.deadline));
  *resp = std::move(e);
  return absl::OkStatus();
}

}  // namespace

ServerUnaryReactor* ProfessionalisationHandler::ApproveEnrolment(
    CallbackServerContext* ctx, const v1::ApproveEnrolmentRequest* req,
    v1::Enrolment* resp) {
  return runtime_->Serve(
      ctx, "ApproveEnrolment", req, resp,
      [this](const CallContext& call, const auto& req, auto* resp) {
        return DecideEnrolment(repo_, call, req, /*approve=*/true, "",
                               clock_->Now(), resp);
      });
}

ServerUnaryReactor* ProfessionalisationHandler::DeclineEnrolment(
    CallbackServerContext* ctx, const v1::DeclineEnrolmentRequest* req,
    v1::Enrolment* resp) {
  return runtime_->Serve(
      ctx, "DeclineEnrolment", req, resp,
      [this](const CallContext& call, const auto& req, auto* resp) {
        return DecideEnrolment(repo_, call, req, /*approve=*/false,
                               req.reason(), clock_->Now(), resp);
      });
}

}  // namespace samen::professionalisation
