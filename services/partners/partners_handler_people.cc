// People and their affiliations (roles per organisation).

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/privacy/person_data_rpc.h"
#include "services/common/resource/field_mask.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/partners/partners_handler.h"
#include "services/partners/partners_rules.h"

namespace samen::partners {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

namespace {

absl::Status MayManage(const auth::Principal& who,
                       const std::vector<OrganisationScope>& orgs) {
  if (CanManagePeopleOf(who, orgs)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "only HR of the person's organisations, coordinators of their "
      "partnerships and "
      "administrators manage people");
}

std::vector<std::string> OrganisationIds(const v1::Person& person) {
  std::vector<std::string> ids;
  for (const auto& a : person.affiliations()) {
    ids.push_back(a.organisation().substr(sizeof("organisations/") - 1));
  }
  return ids;
}

}  // namespace

ServerUnaryReactor* PartnersHandler::GetPerson(CallbackServerContext* ctx,
                                               const v1::GetPersonRequest* req,
                                               v1::Person* resp) {
  return runtime_->Serve(
      ctx, "GetPerson", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto id,
                         resource::ParseName(req.name(), "people", "name"));
        auto person = repo_->GetPerson(id, call.deadline);
        const bool self = call.principal.subject == id;
        if (!person.ok()) {
          // Whether someone exists is itself a detail: only those who read
          // the whole directory learn it.
          if (person.status().code() == absl::StatusCode::kNotFound && !self &&
              !ReadsWholeDirectory(call.principal)) {
            return absl::PermissionDeniedError(
                "you may only see people of your own organisations");
          }
          return person.status();
        }
        if (!self) {
          ASSIGN_OR_RETURN(
              auto scopes,
              repo_->ScopesOf(OrganisationIds(*person), call.deadline));
          if (!CanSeePeopleOf(call.principal, scopes)) {
            return absl::PermissionDeniedError(
                "you may only see people of your own organisations");
          }
        }
        *resp = *std::move(person);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ListPeople(
    CallbackServerContext* ctx, const v1::ListPeopleRequest* req,
    v1::ListPeopleResponse* resp) {
  return runtime_->Serve(
      ctx, "ListPeople", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(
            auto org, resource::ParseName(req.organisation(), "organisations",
                                          "organisation"));
        ASSIGN_OR_RETURN(auto scopes, repo_->ScopesOf({org}, call.deadline));
        if (!CanSeePeopleOf(call.principal, scopes)) {
          return absl::PermissionDeniedError(
              "you may only list people of your own organisations");
        }
        PersonFilter filter{org, req.role()};
        const std::string fingerprint =
            absl::StrCat("people|", org, "|", req.role());
        return resource::ServeListPage(
            req, fingerprint,
            [&](const resource::PageQuery& q) {
              return repo_->ListPeople(filter, q.after, q.size, call.deadline);
            },
            [](auto* r, auto item) { *r->add_people() = std::move(item); },
            resp);
      });
}

ServerUnaryReactor* PartnersHandler::CreatePerson(
    CallbackServerContext* ctx, const v1::CreatePersonRequest* req,
    v1::Person* resp) {
  return runtime_->Serve(
      ctx, "CreatePerson", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        RETURN_IF_ERROR(
            resource::ValidatePersonId(req.person_id(), "person_id"));
        if (privacy::IsPseudonym(req.person_id())) {
          return InvalidField(
              "person_id",
              absl::StrCat("must not start with ", privacy::kPseudonymPrefix,
                           " (reserved for the pseudonyms of erased people)"));
        }
        RETURN_IF_ERROR(ValidatePerson(req.person(), "person"));
        ASSIGN_OR_RETURN(auto p,
                         repo_->CreatePerson(
                             req.person_id(), req.person(),
                             [&](const std::vector<OrganisationScope>& orgs) {
                               return MayManage(call.principal, orgs);
                             },
                             call.deadline));
        *resp = std::move(p);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::UpdatePerson(
    CallbackServerContext* ctx, const v1::UpdatePersonRequest* req,
    v1::Person* resp) {
  return runtime_->Serve(
      ctx, "UpdatePerson", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto id =
            resource::ParseName(req.person().name(), "people", "person.name");
        if (!id.ok()) {
          return id.status();
        }
        ASSIGN_OR_RETURN(
            auto mask, resource::EffectiveMask(req.update_mask(), req.person(),
                                               UpdatablePersonFields()));
        // People may correct their own name and e-mail; affiliations are the
        // employer's.
        bool touches_affiliations = false;
        for (const auto& path : mask.paths()) {
          touches_affiliations = touches_affiliations || path == "affiliations";
        }
        const bool self_service =
            call.principal.subject == *id && !touches_affiliations;
        auto authorize = [&](const std::vector<OrganisationScope>& orgs) {
          return self_service ? absl::OkStatus()
                              : MayManage(call.principal, orgs);
        };
        ASSIGN_OR_RETURN(auto p,
                         repo_->UpdatePerson(
                             *id, req.person().etag(),
                             [&](v1::Person* current,
                                 const std::vector<OrganisationScope>& orgs) {
                               RETURN_IF_ERROR(authorize(orgs));
                               resource::ApplyMask(mask, req.person(), current);
                               return ValidatePerson(*current, "person");
                             },
                             authorize, call.deadline));
        *resp = std::move(p);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::DeletePerson(
    CallbackServerContext* ctx, const v1::DeletePersonRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeletePerson", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        ASSIGN_OR_RETURN(auto id,
                         resource::ParseName(req.name(), "people", "name"));
        return repo_->DeletePerson(
            id, req.etag(), call.principal.subject,
            [&](const std::vector<OrganisationScope>& orgs) {
              return MayManage(call.principal, orgs);
            },
            call.deadline);
      });
}

}  // namespace samen::partners
