#pragma once

// The SQL of vacancies and the only place with it: vacancies and their
// subjects, the feed (vacancy_changes under vacancy_feed_state's row lock),
// shortage subjects, hiring agreements and vacancy profiles. Every change that
// alters what the public sees writes a feed row and hands the change to the
// ChangeSink (the webhook outbox) in the same transaction, so neither can be
// lost or appear without the change.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/pool.h"
#include "samen/vacancies/v1/vacancies.pb.h"
#include "services/vacancies/resource.h"
#include "services/vacancies/vacancy_rules.h"

namespace sql {
class Connection;
class PreparedStatement;
}  // namespace sql

namespace samen::vacancies {

// Receives each public change inside its transaction (the webhook outbox).
class ChangeSink {
 public:
  virtual ~ChangeSink() = default;
  // Throws sql::SQLException or returns an error to roll the change back.
  virtual absl::Status OnVacancyChange(sql::Connection& c, ChangeKind kind,
                                       const std::string& vacancy_name,
                                       absl::Time now) = 0;
};

// A vacancy as read, with what authorisation needs.
struct VacancyRecord {
  v1::Vacancy vacancy;  // derived fields filled, status effective
  SchoolScope school;
  v1::Vacancy::Status stored_status = v1::Vacancy::STATUS_UNSPECIFIED;
  absl::Time remove_time;  // close or expire time, for tombstones
  // The bounds of the vacancy's salary scale (salary_scales) valid on its
  // publication date, in its sector's collective agreement; 0 when it has no
  // scale, is not published, or no row was valid then.
  int scale_min_eur = 0;
  int scale_max_eur = 0;
};

// A school as vacancies need it: what the Partners directory says of it
// (school_directory.h), copied into directory_organisations and
// directory_memberships when one of its vacancies is written.
struct School {
  SchoolScope scope;  // partnerships: those of `memberships`
  partners_v1::Organisation::Type type =
      partners_v1::Organisation::TYPE_UNSPECIFIED;
  partners_v1::Sector sector = partners_v1::SECTOR_UNSPECIFIED;
  std::string display_name;
  std::string city;
  // The visiting address, website and logo; "" when the directory has none.
  std::string street_address;
  std::string postal_code;
  std::string website;
  std::string logo_url;
  // The current memberships.
  struct Membership {
    std::string partnership_id;
    std::string region;    // of the partnership
    std::string end_date;  // YYYY-MM-DD; "" while it lasts
  };
  std::vector<Membership> memberships;
};

struct VacancyFilter {
  std::string school_id;  // empty: every school
  std::string subject;
  std::string partnership_id;
  v1::Vacancy::Status status = v1::Vacancy::STATUS_UNSPECIFIED;  // effective
  // "For me": any of these subjects, one of these degrees, in one of these
  // regions (each empty: no condition).
  std::vector<std::string> any_subjects;
  std::vector<v1::DegreeLevel> degrees;
  std::vector<std::string> regions;
  // Visibility: published ones always; everything of these schools/boards
  // (HR), of member schools of these partnerships (coordinators), or all.
  bool see_everything = false;
  std::vector<std::string> hr_organisations;
  std::vector<std::string> coordinated_partnerships;
};

// Decides and edits inside the transaction, after the row is locked and the
// etag checked. `current` has the effective status.
using VacancyMutation = std::function<absl::Status(const SchoolScope& school,
                                                   v1::Vacancy* current)>;

struct FeedPage {
  std::vector<VacancyRecord> records;
  int64_t last_seq = 0;  // of the page (incremental) or the snapshot (full)
  bool more = false;
};

class VacancyRepository {
 public:
  VacancyRepository(db::Pool* pool, ChangeSink* sink)
      : pool_(pool), sink_(sink) {}

  // Whether the database answers (the health check).
  absl::Status Ping(absl::Time deadline);

  absl::StatusOr<VacancyRecord> Get(const std::string& school_id,
                                    const std::string& vacancy_id,
                                    absl::Time now, absl::Time deadline);
  absl::StatusOr<Page<VacancyRecord>> List(const VacancyFilter& filter,
                                           const std::string& after, int limit,
                                           absl::Time now, absl::Time deadline);
  // Creates a draft at `school` (already authorised), copying the school's
  // directory facts in the same transaction.
  absl::StatusOr<v1::Vacancy> Create(const School& school,
                                     const std::string& vacancy_id,
                                     const v1::Vacancy& vacancy, absl::Time now,
                                     absl::Time deadline);
  // Change and Delete first copy `school` (the directory's current facts;
  // null when the directory no longer has the school) and then decide with
  // the copy.
  absl::StatusOr<v1::Vacancy> Change(const std::string& school_id,
                                     const std::string& vacancy_id,
                                     const std::string& etag,
                                     const VacancyMutation& mutate,
                                     const School* school, absl::Time now,
                                     absl::Time deadline);
  absl::Status Delete(const std::string& school_id,
                      const std::string& vacancy_id, const std::string& etag,
                      const VacancyMutation& authorize, const School* school,
                      absl::Time now, absl::Time deadline);

  // The feed. `FeedBounds` reads last_seq and pruned_through.
  absl::StatusOr<std::pair<int64_t, int64_t>> FeedBounds(absl::Time deadline);
  // Changes after `after_seq`, at most `limit` rows, as the vacancies' current
  // state (each vacancy once, in order of its last change on the page).
  absl::StatusOr<FeedPage> ChangesSince(int64_t after_seq, int limit,
                                        absl::Time now, absl::Time deadline);

  // Maintenance (the worker): stores EXPIRED for published vacancies whose
  // expire time passed, with their feed rows and events; returns how many.
  absl::StatusOr<int> ExpireDue(absl::Time now, int limit, absl::Time deadline);
  // Deletes feed rows older than `cutoff`; returns how many.
  absl::StatusOr<int> PruneFeed(absl::Time cutoff, absl::Time deadline);

  // Vacancy profiles (a missing one reads as empty).
  absl::StatusOr<v1::VacancyProfile> GetProfile(const std::string& person_id,
                                                absl::Time deadline);
  absl::StatusOr<v1::VacancyProfile> UpdateProfile(
      const std::string& person_id, const std::string& etag,
      const std::function<absl::Status(v1::VacancyProfile*)>& mutate,
      absl::Time now, absl::Time deadline);

  // Shortage subjects of `region` (the partnerships' region text) whose slug
  // is `slug` (school_directory.h resolves it).
  absl::StatusOr<v1::ShortageSubjects> GetShortageSubjects(
      const std::string& slug, const std::string& region, absl::Time deadline);
  // Replaces the list (already authorised); published vacancies whose
  // shortage flag changes get a feed row and an update event.
  absl::StatusOr<v1::ShortageSubjects> UpdateShortageSubjects(
      const std::string& slug, const std::string& region,
      const std::string& etag, const std::vector<std::string>& subjects,
      absl::Time now, absl::Time deadline);

  // Hiring agreements of partnerships the directory has (a missing one reads
  // as no direct hire).
  absl::StatusOr<v1::HiringAgreement> GetHiringAgreement(
      const std::string& partnership_id, absl::Time deadline);
  absl::StatusOr<v1::HiringAgreement> UpdateHiringAgreement(
      const std::string& partnership_id, const std::string& etag,
      const std::function<absl::Status(v1::HiringAgreement*)>& mutate,
      absl::Time now, absl::Time deadline);

 private:
  db::Pool* pool_;
  ChangeSink* sink_;
};

// Shared by the vacancy repository files: records one public change (feed row
// under the feed lock, then the sink).
absl::Status RecordVacancyChange(sql::Connection& c, ChangeSink* sink,
                                 const std::string& vacancy_id,
                                 const std::string& vacancy_name,
                                 ChangeKind kind, absl::Time now);

// Records an update for every published vacancy selected by `query` (which
// returns id and school_id), bound by `bind`.
absl::Status TouchPublished(
    sql::Connection& c, ChangeSink* sink, const std::string& query,
    const std::function<void(sql::PreparedStatement&)>& bind, absl::Time now);

// Stores `school` as directory_organisations and directory_memberships rows
// (school_repository.cc). When a school already copied changed in what the
// public sees (name, city, partnerships, regions), its published vacancies
// get a feed row and an update event.
absl::Status CopySchool(sql::Connection& c, ChangeSink* sink,
                        const School& school, absl::Time now);

// OK when `v` has no salary scale or one of `salary_scales` in the collective
// agreement of its sector (salary_scale_repository.cc); INVALID_ARGUMENT
// naming `field` otherwise.
absl::Status CheckSalaryScale(sql::Connection& c, const v1::Vacancy& v,
                              const std::string& field);

// Loads vacancies with their derived fields; `where` follows "FROM vacancies v
// JOIN directory_organisations o ON o.id = v.school_id WHERE " (and may end in
// ORDER BY
// and LIMIT) and is bound by `bind`. `cache`: the text is a constant.
absl::StatusOr<std::vector<VacancyRecord>> LoadVacancies(
    sql::Connection& c, const std::string& where,
    const std::function<void(sql::PreparedStatement&)>& bind, absl::Time now,
    bool cache);

}  // namespace samen::vacancies
