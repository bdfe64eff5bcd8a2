#pragma once

// Pure decisions about vacancies: names, what a valid draft and a publishable
// vacancy are, the lifecycle, expiry at the end of the closing date in
// Europe/Amsterdam, who may see and change what, "for me" matching and the
// feed's sync tokens. No I/O; `now` is always passed in.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "samen/vacancies/v1/vacancies.pb.h"
#include "services/common/auth/auth.h"

namespace samen::vacancies {

namespace v1 = ::samen::vacancies::v1;
namespace partners_v1 = ::samen::partners::v1;

// ---- Names --------------------------------------------------------------

struct VacancyName {
  std::string school_id;
  std::string vacancy_id;
};

absl::StatusOr<VacancyName> ParseVacancyName(absl::string_view name,
                                             absl::string_view field);
std::string FormatVacancyName(absl::string_view school_id,
                              absl::string_view vacancy_id);
// The other names, for resource::ParseNameId; a list's parent may be
// "organisations/-" (every school).
inline constexpr char kVacancyParent[] = "organisations/{organisation|-}";
inline constexpr char kProfileName[] = "people/{person}/vacancyProfile";
inline constexpr char kShortageSubjectsName[] =
    "regions/{region}/shortageSubjects";
inline constexpr char kHiringAgreementName[] =
    "partnerships/{partnership}/hiringAgreement";

// The slug of a partnership region in resource names: lower-case ASCII letters
// and digits, every other run of characters one hyphen ("Noord-Holland West"
// -> "noord-holland-west").
std::string RegionSlug(absl::string_view region);

// ---- Validation ---------------------------------------------------------

// A subject slug: 2 to 63 of [a-z0-9-], starting with a letter.
absl::Status ValidateSubject(absl::string_view subject,
                             absl::string_view field);
// A list of distinct subject slugs, at most `max`.
absl::Status ValidateSubjects(
    const google::protobuf::RepeatedPtrField<std::string>& subjects,
    absl::string_view field, int max);

// Field checks of a vacancy as stored (after create defaults or a merged
// update); `prefix` is the request field holding it ("vacancy").
absl::Status ValidateVacancy(const v1::Vacancy& v, absl::string_view prefix);

// Fields UpdateVacancy may name.
const std::vector<std::string>& UpdatableVacancyFields();

// Stores descriptions in their canonical form: HTML sanitised.
void NormaliseVacancy(v1::Vacancy* v);

// ---- Time ---------------------------------------------------------------

// Europe/Amsterdam (loaded once; aborts when the zone database is missing).
absl::TimeZone Amsterdam();

// When a vacancy closing on `closing_date` ("YYYY-MM-DD") expires: the start of
// the following day in Europe/Amsterdam.
absl::StatusOr<absl::Time> ExpireTimeFor(absl::string_view closing_date);

// Today's date in Europe/Amsterdam, "YYYY-MM-DD".
std::string AmsterdamDate(absl::Time now);

// ---- Lifecycle ----------------------------------------------------------

// The status readers see: a PUBLISHED vacancy whose expire time has passed is
// EXPIRED, whether or not the worker has stored that yet.
v1::Vacancy::Status EffectiveStatus(v1::Vacancy::Status stored,
                                    absl::Time expire_time, absl::Time now);

// Whether everyone may see a vacancy in this (effective) status.
bool IsPublicStatus(v1::Vacancy::Status status);

// FAILED_PRECONDITION (reason VACANCY_INCOMPLETE) naming what is missing before
// `v` can be (or stay) published at `now`.
absl::Status CheckPublishable(const v1::Vacancy& v, absl::Time now);

enum class VacancyAction { kUpdate, kPublish, kClose, kDelete };

// FAILED_PRECONDITION (reason VACANCY_STATUS) when `action` is not possible
// in the effective status `status`.
absl::Status CheckTransition(v1::Vacancy::Status status, VacancyAction action);

// The status CloseVacancy stores for the requested outcome (UNSPECIFIED ->
// CLOSED); INVALID_ARGUMENT for any other.
absl::StatusOr<v1::Vacancy::Status> CloseOutcome(v1::Vacancy::Status outcome);

// ---- Authorisation ------------------------------------------------------

// What the directory knows about the school of a vacancy.
struct SchoolScope {
  std::string school_id;
  std::string board_id;  // empty when none
  // Partnerships the school is currently a member of (ids).
  std::vector<std::string> partnerships;
};

// HR of the school or its board, and administrators.
bool CanManageVacanciesOf(const auth::Principal& who,
                          const SchoolScope& school);
// Those, and coordinators of a partnership the school is a member of.
bool CanSeeAllVacanciesOf(const auth::Principal& who,
                          const SchoolScope& school);

// OK when `who` may read a vacancy in (effective) `status`; NOT_FOUND naming
// `name` otherwise, so drafts do not leak.
absl::Status MayReadVacancy(const auth::Principal& who,
                            const SchoolScope& school,
                            v1::Vacancy::Status status, absl::string_view name);
// OK when `who` may change vacancies of `school`: NOT_FOUND when they cannot
// even see this one, PERMISSION_DENIED when they can.
absl::Status MayChangeVacancy(const auth::Principal& who,
                              const SchoolScope& school,
                              v1::Vacancy::Status status,
                              absl::string_view name);
// For CreateVacancy: PERMISSION_DENIED unless HR of the school or its board.
absl::Status MayCreateVacancy(const auth::Principal& who,
                              const SchoolScope& school);

// Holds the starter or student role (ListVacanciesForMe).
absl::Status MayListVacanciesForMe(const auth::Principal& who);
// Integration clients and administrators read the feed.
absl::Status MaySyncVacancies(const auth::Principal& who);
// The person themself, or an administrator.
absl::Status MayUseProfile(const auth::Principal& who,
                           absl::string_view person_id);
// Coordinators of any of `partnerships_in_region`, and administrators.
absl::Status MayUpdateShortageSubjects(
    const auth::Principal& who,
    const std::vector<std::string>& partnerships_in_region);
// Coordinators of the partnership, and administrators.
absl::Status MayUpdateHiringAgreement(const auth::Principal& who,
                                      absl::string_view partnership_id);

// ---- Matching -----------------------------------------------------------

// Whether a teacher holding `held` may take a job asking for `asked`.
bool DegreeFits(v1::DegreeLevel held, v1::DegreeLevel asked);
// Vacancy degrees that fit `held` (UNSPECIFIED held fits every vacancy).
std::vector<v1::DegreeLevel> FittingDegrees(v1::DegreeLevel held);
// Whether any of `subjects` is in `shortage`.
bool HasShortageSubject(const std::vector<std::string>& subjects,
                        const std::vector<std::string>& shortage);

// ---- Feed ---------------------------------------------------------------

// What a sync token carries: the last change sequence the client has seen and
// when the token was issued.
struct SyncToken {
  int64_t seq = 0;
  absl::Time issued;
};

std::string EncodeSyncToken(const SyncToken& token);
// INVALID_ARGUMENT naming `field` when malformed.
absl::StatusOr<SyncToken> DecodeSyncToken(absl::string_view token,
                                          absl::string_view field);

// FAILED_PRECONDITION with reason SYNC_TOKEN_EXPIRED (HTTP 410) when the token
// is older than `retention` or changes after it were pruned
// (`pruned_through` >= its sequence + 1).
absl::Status CheckSyncTokenUsable(const SyncToken& token, absl::Time now,
                                  absl::Duration retention,
                                  int64_t pruned_through);

// Page positions inside one sync: a full sync pages by vacancy id under the
// sequence it started at; an incremental one by change sequence.
struct SyncPosition {
  bool full = true;
  int64_t seq = 0;      // full: snapshot sequence; incremental: last seen
  std::string last_id;  // full only
};
std::string EncodeSyncPosition(const SyncPosition& position,
                               absl::string_view sync_token);
// INVALID_ARGUMENT for a malformed token or one from another sync.
absl::StatusOr<SyncPosition> DecodeSyncPosition(absl::string_view page_token,
                                                absl::string_view sync_token);

// Kinds of feed changes, as stored in vacancy_changes.kind.
enum class ChangeKind { kPublished = 1, kUpdated = 2, kClosed = 3 };
// The webhook event type of a change: "vacancy.published", ...
absl::string_view EventTypeOf(ChangeKind kind);

}  // namespace samen::vacancies
