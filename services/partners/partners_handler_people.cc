// Memberships and people.

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
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

// ---- Memberships
// -----------------------------------------------------------------

ServerUnaryReactor* PartnersHandler::GetMembership(
    CallbackServerContext* ctx, const v1::GetMembershipRequest* req,
    v1::Membership* resp) {
  return runtime_->Serve(
      ctx, "GetMembership", req, resp,
      [this](const CallContext& call, const auto& req, auto* resp) {
        auto name = ParseMembershipName(req.name(), "name");
        if (!name.ok()) {
          return name.status();
        }
        auto m = repo_->GetMembership(name->partnership_id,
                                      name->organisation_id, call.deadline);
        if (!m.ok()) {
          return m.status();
        }
        *resp = *std::move(m);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::ListMemberships(
    CallbackServerContext* ctx, const v1::ListMembershipsRequest* req,
    v1::ListMembershipsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListMemberships", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto parent = ParseMembershipParent(req.parent(), "parent");
        if (!parent.ok()) {
          return parent.status();
        }
        auto size = EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        MembershipFilter filter;
        filter.partnership_id = *parent;
        filter.role = req.role();
        if (!req.organisation().empty()) {
          auto org =
              ParseName(req.organisation(), "organisations", "organisation");
          if (!org.ok()) {
            return org.status();
          }
          filter.organisation_id = *org;
        }
        if (!req.cluster().empty()) {
          if (auto s = ValidateResourceId(req.cluster(), "cluster"); !s.ok()) {
            return s;
          }
          filter.cluster_id = req.cluster();
        }
        const std::string fingerprint = absl::StrCat(
            "memberships|", filter.partnership_id, "|", filter.organisation_id,
            "|", filter.role, "|", filter.cluster_id);
        auto after = DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        auto page =
            repo_->ListMemberships(filter, *after, *size, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        for (auto& m : page->items) {
          *resp->add_memberships() = std::move(m);
        }
        if (!page->next_key.empty()) {
          resp->set_next_page_token(
              EncodePageToken(page->next_key, fingerprint));
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::CreateMembership(
    CallbackServerContext* ctx, const v1::CreateMembershipRequest* req,
    v1::Membership* resp) {
  return runtime_->Serve(
      ctx, "CreateMembership", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto partnership = ParseName(req.parent(), "partnerships", "parent");
        if (!partnership.ok()) {
          return partnership.status();
        }
        if (auto s = MayChangeMemberships(call.principal, *partnership);
            !s.ok()) {
          return s;
        }
        if (auto s = ValidateMembership(req.membership(), "membership");
            !s.ok()) {
          return s;
        }
        auto m = repo_->CreateMembership(*partnership, req.membership(),
                                         call.deadline);
        if (!m.ok()) {
          return m.status();
        }
        *resp = *std::move(m);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::UpdateMembership(
    CallbackServerContext* ctx, const v1::UpdateMembershipRequest* req,
    v1::Membership* resp) {
  return runtime_->Serve(
      ctx, "UpdateMembership", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto name =
            ParseMembershipName(req.membership().name(), "membership.name");
        if (!name.ok()) {
          return name.status();
        }
        if (auto s = MayChangeMemberships(call.principal, name->partnership_id);
            !s.ok()) {
          return s;
        }
        auto mask = EffectiveMask(req.update_mask(), req.membership(),
                                  UpdatableMembershipFields());
        if (!mask.ok()) {
          return mask.status();
        }
        auto m = repo_->UpdateMembership(
            name->partnership_id, name->organisation_id,
            req.membership().etag(),
            [&](v1::Membership* current) {
              ApplyMask(*mask, req.membership(), current);
              return ValidateMembership(*current, "membership");
            },
            call.deadline);
        if (!m.ok()) {
          return m.status();
        }
        *resp = *std::move(m);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::DeleteMembership(
    CallbackServerContext* ctx, const v1::DeleteMembershipRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeleteMembership", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        auto name = ParseMembershipName(req.name(), "name");
        if (!name.ok()) {
          return name.status();
        }
        if (auto s = MayChangeMemberships(call.principal, name->partnership_id);
            !s.ok()) {
          return s;
        }
        return repo_->DeleteMembership(name->partnership_id,
                                       name->organisation_id, req.etag(),
                                       call.deadline);
      });
}

// ---- People
// ----------------------------------------------------------------------

ServerUnaryReactor* PartnersHandler::GetPerson(CallbackServerContext* ctx,
                                               const v1::GetPersonRequest* req,
                                               v1::Person* resp) {
  return runtime_->Serve(
      ctx, "GetPerson", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto id = ParseName(req.name(), "people", "name");
        if (!id.ok()) {
          return id.status();
        }
        auto person = repo_->GetPerson(*id, call.deadline);
        const bool self = call.principal.subject == *id;
        if (!person.ok()) {
          // Whether someone exists is itself a detail: only admins learn it.
          if (person.status().code() == absl::StatusCode::kNotFound && !self &&
              !call.principal.IsAdmin()) {
            return absl::PermissionDeniedError(
                "you may only see people of your own organisations");
          }
          return person.status();
        }
        if (!self) {
          auto scopes =
              repo_->ScopesOf(OrganisationIds(*person), call.deadline);
          if (!scopes.ok()) {
            return scopes.status();
          }
          if (!CanSeePeopleOf(call.principal, *scopes)) {
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
        auto org =
            ParseName(req.organisation(), "organisations", "organisation");
        if (!org.ok()) {
          return org.status();
        }
        auto size = EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        auto scopes = repo_->ScopesOf({*org}, call.deadline);
        if (!scopes.ok()) {
          return scopes.status();
        }
        if (!CanSeePeopleOf(call.principal, *scopes)) {
          return absl::PermissionDeniedError(
              "you may only list people of your own organisations");
        }
        PersonFilter filter{*org, req.role()};
        const std::string fingerprint =
            absl::StrCat("people|", *org, "|", req.role());
        auto after = DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        auto page = repo_->ListPeople(filter, *after, *size, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        for (auto& p : page->items) {
          *resp->add_people() = std::move(p);
        }
        if (!page->next_key.empty()) {
          resp->set_next_page_token(
              EncodePageToken(page->next_key, fingerprint));
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::CreatePerson(
    CallbackServerContext* ctx, const v1::CreatePersonRequest* req,
    v1::Person* resp) {
  return runtime_->Serve(
      ctx, "CreatePerson", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        if (auto s = ValidatePersonId(req.person_id(), "person_id"); !s.ok()) {
          return s;
        }
        if (auto s = ValidatePerson(req.person(), "person"); !s.ok()) {
          return s;
        }
        auto p = repo_->CreatePerson(
            req.person_id(), req.person(),
            [&](const std::vector<OrganisationScope>& orgs) {
              return MayManage(call.principal, orgs);
            },
            call.deadline);
        if (!p.ok()) {
          return p.status();
        }
        *resp = *std::move(p);
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
        auto id = ParseName(req.person().name(), "people", "person.name");
        if (!id.ok()) {
          return id.status();
        }
        auto mask = EffectiveMask(req.update_mask(), req.person(),
                                  UpdatablePersonFields());
        if (!mask.ok()) {
          return mask.status();
        }
        // People may correct their own name and e-mail; affiliations are the
        // employer's.
        bool touches_affiliations = false;
        for (const auto& path : mask->paths()) {
          touches_affiliations = touches_affiliations || path == "affiliations";
        }
        const bool self_service =
            call.principal.subject == *id && !touches_affiliations;
        auto authorize = [&](const std::vector<OrganisationScope>& orgs) {
          return self_service ? absl::OkStatus()
                              : MayManage(call.principal, orgs);
        };
        auto p = repo_->UpdatePerson(
            *id, req.person().etag(),
            [&](v1::Person* current,
                const std::vector<OrganisationScope>& orgs) {
              if (auto s = authorize(orgs); !s.ok()) {
                return s;
              }
              ApplyMask(*mask, req.person(), current);
              return ValidatePerson(*current, "person");
            },
            authorize, call.deadline);
        if (!p.ok()) {
          return p.status();
        }
        *resp = *std::move(p);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::DeletePerson(
    CallbackServerContext* ctx, const v1::DeletePersonRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeletePerson", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        auto id = ParseName(req.name(), "people", "name");
        if (!id.ok()) {
          return id.status();
        }
        return repo_->DeletePerson(
            *id, req.etag(),
            [&](const std::vector<OrganisationScope>& orgs) {
              return MayManage(call.principal, orgs);
            },
            call.deadline);
      });
}

}  // namespace samen::partners
