#pragma once

// Pure decisions about joining a partnership (docs/joining.md): what a valid
// accession protocol is, how an application starts from one, the state machine
// its steps and decisions follow, what a decision does to the membership, and
// who may see or manage applications. No I/O: unit-tested on their own.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "samen/partners/v1/joining.pb.h"
#include "samen/partners/v1/resources.pb.h"
#include "services/common/auth/auth.h"

namespace samen::partners {

namespace v1 = ::samen::partners::v1;

// `partnerships/{p}/accessionProtocols/{id}` or
// `partnerships/{p}/applications/{id}`.
struct AccessionName {
  std::string partnership_id;
  std::string id;
};
absl::StatusOr<AccessionName> ParseProtocolName(absl::string_view name,
                                                absl::string_view field);
absl::StatusOr<AccessionName> ParseApplicationName(absl::string_view name,
                                                   absl::string_view field);
std::string ProtocolName(const std::string& partnership_id,
                         const std::string& id);
std::string ApplicationName(const std::string& partnership_id,
                            const std::string& id);

// A protocol as given on create; `prefix` is the request field holding it.
absl::Status ValidateProtocol(const v1::AccessionProtocol& p,
                              absl::string_view prefix);

// The application `organisation_id` starts on `today` ("YYYY-MM-DD") with a
// copy of `protocol`'s steps: OPEN, at the first step, its due date set.
v1::Application StartApplication(const v1::AccessionProtocol& protocol,
                                 const std::string& organisation,
                                 const std::string& today);

// Who did something, when: the subject, the instant and its calendar day.
struct Act {
  std::string actor;
  absl::Time now;
  std::string today;  // "YYYY-MM-DD", Europe/Amsterdam
};

// Completes the current step `step_id` of `app` (not a DECISION step) with
// `comment` and `answers` (every checklist point exactly once), and moves on
// to the next step. FAILED_PRECONDITION when the application is closed, the
// step is not the current one, or it is a decision; INVALID_ARGUMENT for bad
// answers.
absl::Status CompleteStep(v1::Application* app, const std::string& step_id,
                          const std::string& comment,
                          const std::vector<v1::ChecklistAnswer>& answers,
                          const Act& act);

// What a decision does to the organisation's membership.
struct MembershipEffect {
  enum Kind {
    kSetRole,  // the membership has `role` from `date` (created if missing)
    kKeep,     // nothing changes
    kEnd,      // the membership ends on `date`
  };
  Kind kind = kKeep;
  v1::Membership::Role role = v1::Membership::ROLE_UNSPECIFIED;
  std::string date;  // the decision date
  // A re-audit's NOT_ADMITTED outcome with `stay_cooperating`: a FOLLOWING
  // school goes back to COOPERATING (the start decision's refusal of a
  // current PARTNER or FOLLOWING member does not apply).
  bool demote = false;
};

// Records `decision` on the current DECISION step of `app`: the START decision
// (with conditions) or the OUTCOME (after the REPORT step; FOLLOWING with
// deficiencies and a re-audit due within one year, defaulting to one year),
// closes the application on the outcome, and says what the membership does.
// On a re-audit (`reaudit_of` set), NOT_ADMITTED with `stay_cooperating`
// makes the school COOPERATING again.
absl::StatusOr<MembershipEffect> Decide(v1::Application* app,
                                        v1::AccessionDecision decision,
                                        const Act& act);

// The membership after `effect`, given the current one (nullopt: none). A
// role change of an existing membership keeps its start date unless it had
// ended; kEnd sets the end date to the decision date. nullopt: nothing to
// write. FAILED_PRECONDITION when a START decision meets a current PARTNER or
// FOLLOWING membership (that school is in already).
absl::StatusOr<std::optional<v1::Membership>> MembershipAfter(
    const std::optional<v1::Membership>& current,
    const std::string& organisation, const MembershipEffect& effect);

// Coordinators of the partnership and administrators.
absl::Status MayManageAccession(const auth::Principal& who,
                                absl::string_view partnership_id);
// The organisations whose applications `who` sees as the joining school: those
// where they hold `hr` or `school_educator`.
std::vector<std::string> JoiningOrganisationsOf(const auth::Principal& who);
// MayManageAccession, or HR/school educator of the application's organisation.
absl::Status MaySeeApplication(const auth::Principal& who,
                               absl::string_view partnership_id,
                               absl::string_view organisation_id);

}  // namespace samen::partners
