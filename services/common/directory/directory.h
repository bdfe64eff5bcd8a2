#pragma once

// The one client other services use to reach the Partners directory: people,
// organisations, partnerships and memberships, read through the Partners gRPC
// API with the caller's token, request id and deadline (docs/architecture.md,
// decision 3: a service reaches another's data only through its API). An
// interface, so a service's rules can be tested without a Partners service.
//
// Errors keep the directory's code with a message in Samen's words:
// NOT_FOUND (no such resource), PERMISSION_DENIED (the caller may not see it),
// UNAVAILABLE (the Partners service did not answer in time), and for anything
// else the code the directory gave.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "samen/partners/v1/resources.pb.h"
#include "services/common/call.h"

namespace samen::directory {

struct Person {
  std::string id;
  std::string display_name;
  std::vector<std::string> organisation_ids;  // where they work or study
  std::string email;                          // work e-mail; "" when unknown
};

// A person's choices about the e-mail Samen sends them
// (people/{person}/notificationSettings); the defaults for someone who never
// saved any. Transactional e-mail (confirmations, changes, waitlist promotions,
// enrolment decisions, cancellations) is sent whatever these say.
struct NotificationSettings {
  std::string language = "nl";  // "nl" or "en"
  bool session_reminders = true;
  absl::Duration reminder_lead = absl::Hours(24);
  bool hr_digest = true;
};

struct Organisation {
  enum class Type { kUnspecified, kSchool, kBoard, kInstitute };
  std::string id;
  std::string display_name;
  std::string city;
  Type type = Type::kUnspecified;
  std::string board_id;  // a school's board; "" when it has none
  partners::v1::Sector sector = partners::v1::SECTOR_UNSPECIFIED;
  // The visiting address, website and logo; "" when not given.
  std::string street_address;
  std::string postal_code;
  std::string website;
  std::string logo_url;
};

struct Partnership {
  std::string id;
  std::string display_name;
  std::string region;
};

// One membership of an organisation in a partnership.
struct Membership {
  std::string partnership_id;
  std::string organisation_id;
  std::string start_date;  // YYYY-MM-DD
  std::string end_date;    // YYYY-MM-DD; "" while it lasts
};

class Directory {
 public:
  virtual ~Directory() = default;

  virtual absl::StatusOr<Person> GetPerson(const CallContext& call,
                                           const std::string& person_id) = 0;
  virtual absl::StatusOr<Organisation> GetOrganisation(
      const CallContext& call, const std::string& organisation_id) = 0;
  // OK when the partnership exists and the caller may see it.
  virtual absl::Status CheckPartnership(const CallContext& call,
                                        const std::string& partnership_id) = 0;
  virtual absl::StatusOr<Partnership> GetPartnership(
      const CallContext& call, const std::string& partnership_id) = 0;
  // Every partnership, ordered by id.
  virtual absl::StatusOr<std::vector<Partnership>> ListPartnerships(
      const CallContext& call) = 0;
  // OK when `organisation_id` is a member of `partnership_id`; NOT_FOUND when
  // it is not.
  virtual absl::Status CheckMembership(const CallContext& call,
                                       const std::string& partnership_id,
                                       const std::string& organisation_id) = 0;
  // Ids of the partnerships `organisation_id` is a member of.
  virtual absl::StatusOr<std::vector<std::string>> PartnershipsOf(
      const CallContext& call, const std::string& organisation_id) = 0;
  // Ids of the organisations that are members of `partnership_id`.
  virtual absl::StatusOr<std::vector<std::string>> MembersOf(
      const CallContext& call, const std::string& partnership_id) = 0;
  // Every membership of `organisation_id`, ended ones too, with its dates.
  virtual absl::StatusOr<std::vector<Membership>> MembershipsOf(
      const CallContext& call, const std::string& organisation_id) = 0;
  // The person's notification settings. Readable by the person, administrators
  // and the `service` role (the notification workers' own token).
  virtual absl::StatusOr<NotificationSettings> GetNotificationSettings(
      const CallContext& call, const std::string& person_id) = 0;
  // Ids of the people holding `role` in `scope` today ("hr",
  // "organisations/almere-college"), via ListRoleGrants(parent people/-, role,
  // scope), all pages; an empty `scope` means any. Each id once, in the
  // directory's order.
  virtual absl::StatusOr<std::vector<std::string>> PeopleWithRole(
      const CallContext& call, const std::string& role,
      const std::string& scope) = 0;
};

// The Partners service over gRPC on `channel` (PeerChannel("partners")).
std::unique_ptr<Directory> NewGrpcDirectory(
    std::shared_ptr<grpc::Channel> channel);

}  // namespace samen::directory
