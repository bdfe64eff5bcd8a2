// Enrolments: enrol, read, list, cancel, approve, decline.

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/partners/partners_rules.h"
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
        auto activity_id = ParseActivityName(req.parent(), "parent");
        if (!activity_id.ok()) {
          return activity_id.status();
        }
        Enrollee who;
        who.actor_id = call.principal.subject;
        who.person_id = call.principal.subject;
        if (!req.enrolment().person().empty()) {
          auto person =
              ParsePersonName(req.enrolment().person(), "enrolment.person");
          if (!person.ok()) {
            return person.status();
          }
          who.person_id = *person;
        }
        const bool on_behalf = who.person_id != call.principal.subject;
        if (on_behalf) {
          // Organisers enrol others (late registrations, school leaders).
          if (auto facts = RequireOrganiser(call, *activity_id); !facts.ok()) {
            return facts.status();
          }
          // Name and organisations from the directory when it knows the
          // person; the enrolment works without them.
          if (auto info = partners_->LookupPerson(call, who.person_id);
              info.ok()) {
            who.display_name = info->display_name;
            who.organisations = info->organisations;
          }
        } else {
          who.display_name = call.principal.display_name;
          who.organisations = OrganisationsOf(call.principal);
        }
        const absl::Time now = clock_();
        auto e = repo_->Enrol(
            *activity_id, who,
            [&](const EnrolContext& c) -> absl::StatusOr<State> {
              if (!on_behalf) {
                if (auto s =
                        CheckAudience(call.principal, c.activity.audiences);
                    !s.ok()) {
                  return s;
                }
                if (auto s = CheckEnrolmentWindow(c.activity, now); !s.ok()) {
                  return s;
                }
              }
              if (auto s = CheckNotEnrolled(c.existing); !s.ok()) {
                return s;
              }
              if (auto s = CheckSeriesCap(c.activity, c.active_in_series);
                  !s.ok()) {
                return s;
              }
              return Placement(c.activity,
                               c.activity.approval_required && !on_behalf);
            },
            now, call.deadline);
        if (!e.ok()) {
          return e.status();
        }
        *resp = *std::move(e);
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
        auto name = ParseEnrolmentName(req.name(), "name");
        if (!name.ok()) {
          return name.status();
        }
        auto facts = repo_->GetFacts(name->activity_id, call.deadline);
        if (!facts.ok()) {
          return facts.status();
        }
        auto e = repo_->GetEnrolment(*name, call.deadline);
        if (!e.ok()) {
          return e.status();
        }
        if (!MaySee(call.principal, *facts, *e)) {
          return NotYours(
              "only the participant, the organisers and the managers who "
              "approve see an enrolment");
        }
        *resp = *std::move(e);
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
        auto size = PageSize(req.page_size(), 20, 100);
        if (!size.ok()) {
          return size.status();
        }
        EnrolmentFilter f;
        if (req.parent() != "activities/-") {
          auto id = ParseActivityName(req.parent(), "parent");
          if (!id.ok()) {
            return id.status();
          }
          f.activity_id = *id;
        }
        if (!req.person().empty()) {
          auto person = ParsePersonName(req.person(), "person");
          if (!person.ok()) {
            return person.status();
          }
          f.person_id = *person;
        }
        if (!req.organisation().empty()) {
          auto org = partners::ParseName(req.organisation(), "organisations",
                                         "organisation");
          if (!org.ok()) {
            return org.status();
          }
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
          auto facts = repo_->GetFacts(f.activity_id, call.deadline);
          if (!facts.ok()) {
            return facts.status();
          }
          allowed = IsOrganiser(who, facts->owner);
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
        auto after = partners::DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        auto page = repo_->ListEnrolments(f, *after, *size, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        for (auto& e : page->items) {
          *resp->add_enrolments() = std::move(e);
        }
        if (!page->next_key.empty()) {
          resp->set_next_page_token(
              partners::EncodePageToken(page->next_key, fingerprint));
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* ProfessionalisationHandler::CancelEnrolment(
    CallbackServerContext* ctx, const v1::CancelEnrolmentRequest* req,
    v1::Enrolment* resp) {
  return runtime_->Serve(
      ctx, "CancelEnrolment", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto name = ParseEnrolmentName(req.name(), "name");
        if (!name.ok()) {
          return name.status();
        }
        if (auto s = partners::ValidateText(req.reason(), "reason", 500, false);
            !s.ok()) {
          return s;
        }
        const absl::Time now = clock_();
        auto e = repo_->Cancel(
            *name,
            [&](const ActivityFacts& facts, const v1::Enrolment& current) {
              const bool organiser = IsOrganiser(call.principal, facts.owner);
              if (!organiser && call.principal.subject != name->person_id) {
                return NotYours(
                    "only the participant and the organisers cancel an "
                    "enrolment");
              }
              return CheckCancellation(facts, current.state(), organiser, now);
            },
            req.reason(), call.principal.subject, now, call.deadline);
        if (!e.ok()) {
          return e.status();
        }
        *resp = *std::move(e);
        return absl::OkStatus();
      });
}

namespace {

template <typename Request>
absl::Status DecideEnrolment(ProfessionalisationRepository* repo,
                             const CallContext& call, const Request& req,
                             bool approve, const std::string& reason,
                             absl::Time now, v1::Enrolment* resp) {
  auto name = ParseEnrolmentName(req.name(), "name");
  if (!name.ok()) {
    return name.status();
  }
  if (auto s = partners::ValidateText(reason, "reason", 500, false); !s.ok()) {
    return s;
  }
  auto e = repo->Decide(
      *name, approve,
      [&](const ActivityFacts&, const v1::Enrolment& current) {
        const std::vector<std::string> orgs(current.organisations().begin(),
                                            current.organisations().end());
        if (!CanApprove(call.principal, name->person_id, orgs)) {
          return NotYours(
              "only HR and school educators of the participant's "
              "organisation decide on an enrolment (not the participant)");
        }
        return CheckPending(current.state());
      },
      reason, call.principal.subject, now, call.deadline);
  if (!e.ok()) {
    return e.status();
  }
  *resp = *std::move(e);
  return absl::OkStatus();
}

}  // namespace

ServerUnaryReactor* ProfessionalisationHandler::ApproveEnrolment(
    CallbackServerContext* ctx, const v1::ApproveEnrolmentRequest* req,
    v1::Enrolment* resp) {
  return runtime_->Serve(
      ctx, "ApproveEnrolment", req, resp,
      [this](const CallContext& call, const auto& req, auto* resp) {
        return DecideEnrolment(repo_, call, req, /*approve=*/true, "", clock_(),
                               resp);
      });
}

ServerUnaryReactor* ProfessionalisationHandler::DeclineEnrolment(
    CallbackServerContext* ctx, const v1::DeclineEnrolmentRequest* req,
    v1::Enrolment* resp) {
  return runtime_->Serve(
      ctx, "DeclineEnrolment", req, resp,
      [this](const CallContext& call, const auto& req, auto* resp) {
        return DecideEnrolment(repo_, call, req, /*approve=*/false,
                               req.reason(), clock_(), resp);
      });
}

}  // namespace samen::professionalisation
