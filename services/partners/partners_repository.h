#pragma once

// The Partners service's SQL, and the only place with it. Every method runs in
// one transaction (or one autocommit read) on the service's own database,
// honours the deadline, and returns resources as API messages with name, etag
// and times filled in.
//
// Read-modify-write goes through a `Mutate` callback that runs inside the
// transaction after the row is locked (SELECT ... FOR UPDATE) and the etag
// checked; it applies the update mask, validates and authorises, so no decision
// can act on stale data.

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/pool.h"
#include "samen/partners/v1/joining_more.pb.h"
#include "samen/partners/v1/resources.pb.h"
#include "services/common/clock.h"
#include "services/common/resource/page.h"
#include "services/partners/accession_audit_rules.h"
#include "services/partners/accession_rules.h"
#include "services/partners/partners_rules.h"
#include "services/partners/role_grant_rules.h"

namespace samen::partners {

using resource::Page;  // a page of a listing: items and the next key

struct PartnershipFilter {
  std::string region;
  v1::Partnership::Status status = v1::Partnership::STATUS_UNSPECIFIED;
  v1::Sector sector = v1::SECTOR_UNSPECIFIED;
};

struct OrganisationFilter {
  v1::Organisation::Type type = v1::Organisation::TYPE_UNSPECIFIED;
  v1::Sector sector = v1::SECTOR_UNSPECIFIED;
  std::string city;
  std::string board_id;
  std::string partnership_id;
};

struct MembershipFilter {
  std::string partnership_id;  // "-" for all partnerships
  std::string organisation_id;
  v1::Membership::Role role = v1::Membership::ROLE_UNSPECIFIED;
  std::string cluster_id;
};

struct PersonFilter {
  std::string organisation_id;
  v1::Role role = v1::ROLE_UNSPECIFIED;
};

// Which role grants a listing reads.
struct RoleGrantFilter {
  std::string person_id;  // "-" for everyone
  // Only grants in these scopes, unless `all_scopes`.
  bool all_scopes = true;
  std::vector<std::string> scopes;
  std::string role;  // only grants of this role, unless empty
};

// A change to a grant as its history records it: who, and the calendar day
// (Europe/Amsterdam) that decides which memberships hold.
struct GrantChangeContext {
  std::string actor;
  std::string today;  // "YYYY-MM-DD"
};

// Decides, inside the transaction, whether the change to `grant` (as stored
// before the change, or as created) may go ahead, given what the directory
// says about its scope.
using AuthorizeGrant =
    std::function<absl::Status(const v1::RoleGrant&, const ScopeFacts&)>;

// Which applications of a partnership a listing reads.
struct ApplicationFilter {
  std::string partnership_id;
  // Every organisation's, or only those of `organisation_ids` and those
  // whose audit committee `committee_person_id` sits on.
  bool all_organisations = true;
  std::vector<std::string> organisation_ids;
  std::string committee_person_id;
};

// A document version to store (document_rules.h checked it).
struct NewDocument {
  v1::DocumentKind kind = v1::DOCUMENT_KIND_UNSPECIFIED;
  std::string step_id;
  std::string content_type;
  std::string sha256;
  int page_count = 0;
  std::string uploaded_by;
};
// Decides, under the application's row lock, whether the upload may go ahead,
// given the kinds the application already has.
using CheckUpload = std::function<absl::Status(
    const v1::Application& app, const std::set<v1::DocumentKind>& present)>;
// Makes the copy from the source protocol (rules and changes applied).
using CopyFn = std::function<absl::StatusOr<v1::AccessionProtocol>(
    const v1::AccessionProtocol& source)>;

// Makes the new application from the protocol it starts with
// (StartApplication).
using StartFrom =
    std::function<v1::Application(const v1::AccessionProtocol& protocol)>;
// Changes an application (step or decision) under its row lock; what the
// membership does as a result.
using ChangeApplicationFn =
    std::function<absl::StatusOr<MembershipEffect>(v1::Application* app)>;

template <typename T>
using Mutate = std::function<absl::Status(T* resource)>;

class PartnersRepository {
 public:
  // `clock` stamps create and update times; both outlive the repository.
  PartnersRepository(db::Pool* pool, const Clock* clock)
      : pool_(pool), clock_(clock) {}

  absl::Status Ping(absl::Time deadline);

  // Partnerships.
  absl::StatusOr<v1::Partnership> GetPartnership(const std::string& id,
                                                 absl::Time deadline);
  absl::StatusOr<Page<v1::Partnership>> ListPartnerships(
      const PartnershipFilter& filter, const std::string& after, int limit,
      absl::Time deadline);
  absl::StatusOr<v1::Partnership> CreatePartnership(
      const std::string& id, const v1::Partnership& partnership,
      absl::Time deadline);
  absl::StatusOr<v1::Partnership> UpdatePartnership(
      const std::string& id, const std::string& etag,
      const Mutate<v1::Partnership>& mutate, absl::Time deadline);
  absl::Status DeletePartnership(const std::string& id, const std::string& etag,
                                 bool force, absl::Time deadline);

  // Organisations.
  absl::StatusOr<v1::Organisation> GetOrganisation(const std::string& id,
                                                   absl::Time deadline);
  absl::StatusOr<Page<v1::Organisation>> ListOrganisations(
      const OrganisationFilter& filter, const std::string& after, int limit,
      absl::Time deadline);
  absl::StatusOr<v1::Organisation> CreateOrganisation(
      const std::string& id, const v1::Organisation& organisation,
      absl::Time deadline);
  // `mutate` also receives the partnerships the organisation is a member of.
  absl::StatusOr<v1::Organisation> UpdateOrganisation(
      const std::string& id, const std::string& etag,
      const std::function<absl::Status(
          v1::Organisation*, const std::vector<std::string>&)>& mutate,
      absl::Time deadline);
  absl::Status DeleteOrganisation(const std::string& id,
                                  const std::string& etag, absl::Time deadline);
  // For each organisation id, the partnerships it is a member of (unknown ids
  // included with no partnerships).
  absl::StatusOr<std::vector<OrganisationScope>> ScopesOf(
      const std::vector<std::string>& ids, absl::Time deadline);

  // Memberships.
  absl::StatusOr<v1::Membership> GetMembership(
      const std::string& partnership_id, const std::string& organisation_id,
      absl::Time deadline);
  absl::StatusOr<Page<v1::Membership>> ListMemberships(
      const MembershipFilter& filter, const std::string& after, int limit,
      absl::Time deadline);
  absl::StatusOr<v1::Membership> CreateMembership(
      const std::string& partnership_id, const v1::Membership& membership,
      absl::Time deadline);
  absl::StatusOr<v1::Membership> UpdateMembership(
      const std::string& partnership_id, const std::string& organisation_id,
      const std::string& etag, const Mutate<v1::Membership>& mutate,
      absl::Time deadline);
  absl::Status DeleteMembership(const std::string& partnership_id,
                                const std::string& organisation_id,
                                const std::string& etag, absl::Time deadline);

  // People.
  absl::StatusOr<v1::Person> GetPerson(const std::string& id,
                                       absl::Time deadline);
  absl::StatusOr<Page<v1::Person>> ListPeople(const PersonFilter& filter,
                                              const std::string& after,
                                              int limit, absl::Time deadline);
  // `authorize` runs inside the transaction with the scopes of the new
  // affiliations.
  absl::StatusOr<v1::Person> CreatePerson(
      const std::string& id, const v1::Person& person,
      const std::function<absl::Status(const std::vector<OrganisationScope>&)>&
          authorize,
      absl::Time deadline);
  // `mutate` receives the scopes of the person's current affiliations;
  // `authorize_new` those of the affiliations after the change.
  absl::StatusOr<v1::Person> UpdatePerson(
      const std::string& id, const std::string& etag,
      const std::function<absl::Status(
          v1::Person*, const std::vector<OrganisationScope>&)>& mutate,
      const std::function<absl::Status(const std::vector<OrganisationScope>&)>&
          authorize_new,
      absl::Time deadline);
  // The person's role grants go with them, each with a DELETE history row
  // naming `actor`.
  absl::Status DeletePerson(
      const std::string& id, const std::string& etag, const std::string& actor,
      const std::function<absl::Status(const std::vector<OrganisationScope>&)>&
          authorize,
      absl::Time deadline);

  // Role grants (role_grant_repository.cc). Creates, updates and deletes lock
  // the person's row, so that the overlap check holds across replicas, and
  // write a history row with `ctx.actor` in the same transaction.
  absl::StatusOr<v1::RoleGrant> GetRoleGrant(const std::string& person_id,
                                             const std::string& id,
                                             absl::Time deadline);
  absl::StatusOr<Page<v1::RoleGrant>> ListRoleGrants(
      const RoleGrantFilter& filter, const std::string& after, int limit,
      absl::Time deadline);
  // Every scope within the partnerships `partnership_ids` on `today`: each
  // existing partnership and the organisations that are its members that day.
  absl::StatusOr<std::vector<std::string>> ScopesWithin(
      const std::vector<std::string>& partnership_ids, const std::string& today,
      absl::Time deadline);
  // `grant` is validated, with its start_date set.
  absl::StatusOr<v1::RoleGrant> CreateRoleGrant(const std::string& person_id,
                                                const std::string& id,
                                                const v1::RoleGrant& grant,
                                                const GrantChangeContext& ctx,
                                                const AuthorizeGrant& authorize,
                                                absl::Time deadline);
  // `mutate` applies the mask and validates the result.
  absl::StatusOr<v1::RoleGrant> UpdateRoleGrant(
      const std::string& person_id, const std::string& id,
      const std::string& etag, const GrantChangeContext& ctx,
      const AuthorizeGrant& authorize, const Mutate<v1::RoleGrant>& mutate,
      absl::Time deadline);
  absl::Status DeleteRoleGrant(const std::string& person_id,
                               const std::string& id, const std::string& etag,
                               const GrantChangeContext& ctx,
                               const AuthorizeGrant& authorize,
                               absl::Time deadline);
  // A person's grant history, newest first; `after` is the sequence number
  // the previous page ended on ("" for the first page).
  absl::StatusOr<Page<v1::RoleGrantChange>> ListRoleGrantChanges(
      const RoleGrantFilter& filter, const std::string& after, int limit,
      absl::Time deadline);
  // The person with id `person_id`, or else the one whose e-mail address is
  // `email` (case-insensitively; FAILED_PRECONDITION when several are), with
  // the grants active on `today`.
  absl::StatusOr<v1::SignInProfile> LookUpSignInProfile(
      const std::string& person_id, const std::string& email,
      const std::string& today, absl::Time deadline);

  // Notification settings (notification_settings_repository.cc): the stored
  // ones, or the defaults with the defaults' etag when the person never saved
  // any; NOT_FOUND when there is no such person.
  absl::StatusOr<v1::NotificationSettings> GetNotificationSettings(
      const std::string& person_id, absl::Time deadline);
  // Locks the person, checks `etag` against the current settings (defaults
  // included), lets `mutate` apply the mask and validate, and saves.
  absl::StatusOr<v1::NotificationSettings> UpdateNotificationSettings(
      const std::string& person_id, const std::string& etag,
      const Mutate<v1::NotificationSettings>& mutate, absl::Time deadline);

  // Accession (accession_repository.cc): protocols are immutable once created.
  absl::StatusOr<v1::AccessionProtocol> GetAccessionProtocol(
      const std::string& partnership_id, const std::string& id,
      absl::Time deadline);
  absl::StatusOr<Page<v1::AccessionProtocol>> ListAccessionProtocols(
      const std::string& partnership_id, const std::string& after, int limit,
      absl::Time deadline);
  absl::StatusOr<v1::AccessionProtocol> CreateAccessionProtocol(
      const std::string& partnership_id, const std::string& id,
      const v1::AccessionProtocol& protocol, absl::Time deadline);
  absl::StatusOr<v1::Application> GetApplication(
      const std::string& partnership_id, const std::string& id,
      absl::Time deadline);
  absl::StatusOr<Page<v1::Application>> ListApplications(
      const ApplicationFilter& filter, const std::string& after, int limit,
      absl::Time deadline);
  // Reads the protocol `protocol_id` (INVALID_ARGUMENT when missing) and
  // stores what `start` makes of it; ALREADY_EXISTS when the id is taken or
  // the organisation has an open application in the partnership (the
  // database's unique key decides, also under concurrent creates).
  absl::StatusOr<v1::Application> CreateApplication(
      const std::string& partnership_id, const std::string& id,
      const std::string& protocol_id, const StartFrom& start,
      absl::Time deadline);
  // Locks the application, checks `etag` (ABORTED when stale), lets `change`
  // apply a step or decision, and writes the membership it asks for with a
  // membership_changes row naming `actor`, all in one transaction.
  absl::StatusOr<v1::Application> ChangeApplication(
      const std::string& partnership_id, const std::string& id,
      const std::string& etag, const std::string& actor,
      const ChangeApplicationFn& change, absl::Time deadline);

  // Audit, documents, overview and history (accession_audit_repository.cc).
  // Locks the application, checks `etag`, checks that the committee's people
  // exist (INVALID_ARGUMENT naming the entry), lets `plan` apply the audit,
  // and writes it with the committee's rows.
  absl::StatusOr<v1::Application> PlanApplicationAudit(
      const std::string& partnership_id, const std::string& id,
      const std::string& etag, const v1::ApplicationAudit& audit,
      const Mutate<v1::Application>& plan, absl::Time deadline);
  // Under the application's row lock: `check`, then the next version of the
  // kind with its bytes (nothing stored when `check` refuses).
  absl::StatusOr<v1::ApplicationDocument> AddApplicationDocument(
      const std::string& partnership_id, const std::string& id,
      const NewDocument& doc, const std::string& bytes,
      const CheckUpload& check, absl::Time deadline);
  // Every version (of `kind`, unless unspecified), by kind and version;
  // `after` is the previous page's last document id.
  absl::StatusOr<Page<v1::ApplicationDocument>> ListApplicationDocuments(
      const std::string& partnership_id, const std::string& id,
      v1::DocumentKind kind, const std::string& after, int limit,
      absl::Time deadline);
  // One version's metadata and bytes.
  absl::StatusOr<std::pair<v1::ApplicationDocument, std::string>>
  ReadApplicationDocument(const std::string& partnership_id,
                          const std::string& id, v1::DocumentKind kind,
                          int version, absl::Time deadline);
  // What the application's documents are: (step id, kind) of each upload.
  absl::StatusOr<UploadedDocuments> ListUploadedDocuments(
      const std::string& partnership_id, const std::string& id,
      absl::Time deadline);
  // Every open application of the partnership (at most 2000), by id.
  absl::StatusOr<std::vector<v1::Application>> ListOpenApplications(
      const std::string& partnership_id, absl::Time deadline);
  // The membership's changes, oldest first; `after` is the last seq read.
  absl::StatusOr<Page<v1::MembershipChange>> ListMembershipChanges(
      const std::string& partnership_id, const std::string& organisation_id,
      const std::string& after, int limit, absl::Time deadline);
  // Reads the source protocol (NOT_FOUND naming it) and stores `copy` of it
  // as `partnerships/{partnership_id}/accessionProtocols/{id}`.
  absl::StatusOr<v1::AccessionProtocol> CopyAccessionProtocol(
      const std::string& partnership_id, const std::string& id,
      const std::string& source_partnership_id, const std::string& source_id,
      const CopyFn& copy, absl::Time deadline);

 private:
  db::Pool* pool_;
  const Clock* clock_;
};

}  // namespace samen::partners
