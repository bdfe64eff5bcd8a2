#pragma once

// Who may do what in the Induction service, decided from the token's grants
// (role + scope) and the facts of the resource. Pure; unit-tested.
//
// The coaching line and the employer line stay apart (DOMAIN.md): coaching
// notes are for the starter and the coach of that session only, whatever
// other role someone holds; HR sees tracking, never notes.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/auth/auth.h"

namespace samen::induction {

// What authorisation needs to know about one starter.
struct StarterScope {
  std::string starter_id;
  std::string school_id;
  std::string board_id;         // empty when the school has no board
  std::string programme_owner;  // "organisations/x" or "partnerships/x"
  std::vector<std::string> coach_ids;
};

enum class Relation {
  kNone,
  kSelf,   // the starter
  kCoach,  // one of the starter's coaches
  kStaff,  // HR, school educator, coordinator or administrator
};

struct Access {
  Relation relation = Relation::kNone;
  // For kStaff: the role that allowed it ("hr", "school_educator",
  // "coordinator", "admin"), recorded in the audit.
  std::string role;
};

// How `who` relates to the starter (self and coach win over staff roles).
Access AccessToStarter(const auth::Principal& who, const StarterScope& s);

// Staff only: HR or school educator of the school, HR of its board, a
// coordinator of the partnership owning the programme, an administrator.
absl::Status MayManageStarter(const auth::Principal& who,
                              const StarterScope& s);

// Coordinators of an owning partnership; school educators and HR of an owning
// school; administrators.
absl::Status MayManageProgramme(const auth::Principal& who,
                                absl::string_view owner);

// Only the starter and the coach of the session, whatever other roles the
// caller holds (administrators included). The message names no content.
absl::Status MayAccessNotes(const auth::Principal& who,
                            absl::string_view starter_id,
                            absl::string_view session_coach_id);
// The PERMISSION_DENIED MayAccessNotes answers.
absl::Status NotesDenied();

// Organisations whose starters the caller may track as HR.
struct HrScope {
  bool all = false;                           // administrators
  std::vector<std::string> organisation_ids;  // schools or boards
};
// `organisation_id` is "-" for every organisation in the caller's HR scope.
absl::StatusOr<HrScope> HrScopeFor(const auth::Principal& who,
                                   absl::string_view organisation_id);

}  // namespace samen::induction
