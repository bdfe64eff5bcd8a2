#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "services/common/directory/directory.h"
#include "services/common/errors.h"
#include "services/common/peers.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"

namespace samen::directory {
namespace {

namespace pv1 = ::samen::partners::v1;

// The directory's answer in Samen's words; its own wording is not passed on.
absl::Status Explain(const grpc::Status& s, absl::string_view what) {
  switch (s.error_code()) {
    case grpc::StatusCode::NOT_FOUND:
      return absl::NotFoundError(absl::StrCat(what, " does not exist"));
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
      return absl::PermissionDeniedError(
          absl::StrCat("the Partners service refused to show ", what));
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return absl::UnavailableError(
          absl::StrCat("the Partners service did not answer about ", what));
    default:
      return absl::Status(
          FromGrpcStatus(s).code(),
          absl::StrCat("the Partners service could not look up ", what));
  }
}

std::string IdOf(absl::string_view name) {
  const size_t slash = name.rfind('/');
  return std::string(slash == absl::string_view::npos ? name
                                                      : name.substr(slash + 1));
}

// Membership names are partnerships/{partnership}/memberships/{id}.
std::string PartnershipOf(const pv1::Membership& m) {
  const absl::string_view name = m.name();
  const size_t start = name.find('/') + 1;
  return std::string(name.substr(start, name.find('/', start) - start));
}

// Today in Europe/Amsterdam, "YYYY-MM-DD": the day that decides which role
// grants hold.
std::string TodayInAmsterdam() {
  return absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), AmsterdamZone()));
}

// Whether the grant holds on `today` (dates "YYYY-MM-DD" compare as text).
bool HoldsOn(const pv1::RoleGrant& g, const std::string& today) {
  return g.start_date() <= today &&
         (g.end_date().empty() || today <= g.end_date());
}

Organisation::Type TypeOf(pv1::Organisation::Type type) {
  switch (type) {
    case pv1::Organisation::SCHOOL:
      return Organisation::Type::kSchool;
    case pv1::Organisation::SCHOOL_BOARD:
      return Organisation::Type::kBoard;
    case pv1::Organisation::INSTITUTE:
      return Organisation::Type::kInstitute;
    default:
      return Organisation::Type::kUnspecified;
  }
}

class GrpcDirectory final : public Directory {
 public:
  explicit GrpcDirectory(std::shared_ptr<grpc::Channel> channel)
      : stub_(pv1::PartnersService::NewStub(std::move(channel))) {}

  absl::StatusOr<Person> GetPerson(const CallContext& call,
                                   const std::string& person_id) override {
    pv1::GetPersonRequest req;
    req.set_name(absl::StrCat("people/", person_id));
    pv1::Person p;
    RETURN_IF_ERROR(Call(call, &pv1::PartnersService::Stub::GetPerson, req, &p,
                         req.name()));
    Person out{person_id, p.display_name(), {}, p.email()};
    for (const auto& a : p.affiliations()) {
      out.organisation_ids.push_back(IdOf(a.organisation()));
    }
    return out;
  }

  absl::StatusOr<Organisation> GetOrganisation(
      const CallContext& call, const std::string& organisation_id) override {
    pv1::GetOrganisationRequest req;
    req.set_name(absl::StrCat("organisations/", organisation_id));
    pv1::Organisation o;
    RETURN_IF_ERROR(Call(call, &pv1::PartnersService::Stub::GetOrganisation,
                         req, &o, req.name()));
    return Organisation{organisation_id,
                        o.display_name(),
                        o.city(),
                        TypeOf(o.type()),
                        o.board().empty() ? std::string() : IdOf(o.board()),
                        o.sector(),
                        o.street_address(),
                        o.postal_code(),
                        o.website(),
                        o.logo_url()};
  }

  absl::Status CheckPartnership(const CallContext& call,
                                const std::string& partnership_id) override {
    return GetPartnership(call, partnership_id).status();
  }

  absl::StatusOr<Partnership> GetPartnership(
      const CallContext& call, const std::string& partnership_id) override {
    pv1::GetPartnershipRequest req;
    req.set_name(absl::StrCat("partnerships/", partnership_id));
    pv1::Partnership p;
    RETURN_IF_ERROR(Call(call, &pv1::PartnersService::Stub::GetPartnership, req,
                         &p, req.name()));
    return Partnership{partnership_id, p.display_name(), p.region()};
  }

  absl::StatusOr<std::vector<Partnership>> ListPartnerships(
      const CallContext& call) override {
    return ListAll<Partnership>(
        call, pv1::ListPartnershipsRequest(),
        &pv1::PartnersService::Stub::ListPartnerships, "partnerships",
        [](const pv1::ListPartnershipsResponse& resp, auto&& add) {
          for (const auto& p : resp.partnerships()) {
            add(Partnership{IdOf(p.name()), p.display_name(), p.region()});
          }
        });
  }

  absl::Status CheckMembership(const CallContext& call,
                               const std::string& partnership_id,
                               const std::string& organisation_id) override {
    pv1::GetMembershipRequest req;
    req.set_name(absl::StrCat("partnerships/", partnership_id, "/memberships/",
                              organisation_id));
    pv1::Membership m;
    return Call(call, &pv1::PartnersService::Stub::GetMembership, req, &m,
                absl::StrCat("a membership of organisations/", organisation_id,
                             " in partnerships/", partnership_id));
  }

  absl::StatusOr<std::vector<std::string>> PartnershipsOf(
      const CallContext& call, const std::string& organisation_id) override {
    pv1::ListMembershipsRequest req;
    req.set_parent("partnerships/-");
    req.set_organisation(absl::StrCat("organisations/", organisation_id));
    return ListMemberships<std::string>(
        call, std::move(req),
        [](const pv1::Membership& m) { return PartnershipOf(m); });
  }

  absl::StatusOr<std::vector<std::string>> MembersOf(
      const CallContext& call, const std::string& partnership_id) override {
    pv1::ListMembershipsRequest req;
    req.set_parent(absl::StrCat("partnerships/", partnership_id));
    return ListMemberships<std::string>(
        call, std::move(req),
        [](const pv1::Membership& m) { return IdOf(m.organisation()); });
  }

  absl::StatusOr<std::vector<Membership>> MembershipsOf(
      const CallContext& call, const std::string& organisation_id) override {
    pv1::ListMembershipsRequest req;
    req.set_parent("partnerships/-");
    req.set_organisation(absl::StrCat("organisations/", organisation_id));
    return ListMemberships<Membership>(
        call, std::move(req), [](const pv1::Membership& m) {
          return Membership{PartnershipOf(m), IdOf(m.organisation()),
                            m.start_date(), m.end_date()};
        });
  }

  absl::StatusOr<NotificationSettings> GetNotificationSettings(
      const CallContext& call, const std::string& person_id) override {
    pv1::GetNotificationSettingsRequest req;
    req.set_name(absl::StrCat("people/", person_id, "/notificationSettings"));
    pv1::NotificationSettings s;
    RETURN_IF_ERROR(Call(
        call, &pv1::PartnersService::Stub::GetNotificationSettings, req, &s,
        absl::StrCat("the notification settings of people/", person_id)));
    NotificationSettings out;
    out.language = s.language();
    out.session_reminders = s.session_reminders();
    out.reminder_lead = absl::Seconds(s.reminder_lead().seconds()) +
                        absl::Nanoseconds(s.reminder_lead().nanos());
    out.hr_digest = s.hr_digest();
    return out;
  }

  absl::StatusOr<std::vector<std::string>> PeopleWithRole(
      const CallContext& call, const std::string& role,
      const std::string& scope) override {
    pv1::ListRoleGrantsRequest req;
    req.set_parent("people/-");
    req.set_role(role);
    req.set_scope(scope);
    const std::string today = TodayInAmsterdam();
    ASSIGN_OR_RETURN(
        std::vector<std::string> holders,
        ListAll<std::string>(
            call, std::move(req), &pv1::PartnersService::Stub::ListRoleGrants,
            absl::StrCat("the ", role, " grants in ", scope),
            [&](const pv1::ListRoleGrantsResponse& resp, auto&& add) {
              for (const auto& g : resp.role_grants()) {
                if (g.role() == role && (scope.empty() || g.scope() == scope) &&
                    HoldsOn(g, today)) {
                  // people/{person}/roleGrants/{grant}
                  const absl::string_view name = g.name();
                  const size_t start = name.find('/') + 1;
                  add(std::string(
                      name.substr(start, name.find('/', start) - start)));
                }
              }
            }));
    // A person with two grants (one after the other) appears once.
    std::vector<std::string> ids;
    std::set<std::string> seen;
    for (auto& id : holders) {
      if (seen.insert(id).second) {
        ids.push_back(std::move(id));
      }
    }
    return ids;
  }

 private:
  template <typename Request, typename Response>
  using Method = grpc::Status (pv1::PartnersService::Stub::*)(
      grpc::ClientContext*, const Request&, Response*);

  template <typename Request, typename Response>
  absl::Status Call(const CallContext& call, Method<Request, Response> method,
                    const Request& req, Response* resp,
                    absl::string_view what) {
    grpc::ClientContext ctx;
    PrepareOutgoing(call, &ctx);
    const grpc::Status s = (stub_.get()->*method)(&ctx, req, resp);
    return s.ok() ? absl::OkStatus() : Explain(s, what);
  }

  // Every page of a listing: `add_page(response, add)` calls add(item) for
  // each item of a page.
  template <typename Item, typename Request, typename Response,
            typename AddPage>
  absl::StatusOr<std::vector<Item>> ListAll(const CallContext& call,
                                            Request req,
                                            Method<Request, Response> method,
                                            absl::string_view what,
                                            AddPage add_page) {
    std::vector<Item> items;
    req.set_page_size(100);
    // The directory has tens of partnerships and a partnership tens of
    // members; the bound stops a runaway listing.
    for (int page = 0; page < 100; ++page) {
      Response resp;
      RETURN_IF_ERROR(Call(call, method, req, &resp, what));
      add_page(resp, [&](Item item) { items.push_back(std::move(item)); });
      if (resp.next_page_token().empty()) {
        return items;
      }
      req.set_page_token(resp.next_page_token());
    }
    return absl::ResourceExhaustedError(
        absl::StrCat("more than 10,000 ", what, ": the listing was stopped"));
  }

  template <typename Item, typename ItemFn>
  absl::StatusOr<std::vector<Item>> ListMemberships(
      const CallContext& call, pv1::ListMembershipsRequest req,
      ItemFn item_of) {
    return ListAll<Item>(
        call, std::move(req), &pv1::PartnersService::Stub::ListMemberships,
        "memberships",
        [&](const pv1::ListMembershipsResponse& resp, auto&& add) {
          for (const auto& m : resp.memberships()) {
            add(item_of(m));
          }
        });
  }

  std::unique_ptr<pv1::PartnersService::Stub> stub_;
};

}  // namespace

std::unique_ptr<Directory> NewGrpcDirectory(
    std::shared_ptr<grpc::Channel> channel) {
  return std::make_unique<GrpcDirectory>(std::move(channel));
}

}  // namespace samen::directory
