#pragma once

// The Induction service's SQL, and the only place with it. Every method runs in
// one transaction (or one autocommit read) on the service's own database and
// honours the deadline. Transactions may be retried on deadlock, so callbacks
// passed in must only decide, never act.
//
// Calendar writes (bookings, reschedules, events) lock the rows of every person
// involved in person_locks, in id order, then read what the rules need, let
// calendar_rules decide, and write the entry together with its time claims,
// whose primary key (person, 5-minute quantum) makes an overlap impossible to
// commit from any replica.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/pool.h"
#include "samen/induction/v1/calendar.pb.h"
#include "samen/induction/v1/programmes.pb.h"
#include "samen/induction/v1/tracking.pb.h"
#include "services/common/clock.h"
#include "services/common/resource/page.h"
#include "services/induction/access_rules.h"
#include "services/induction/calendar_rules.h"
#include "services/induction/ical.h"
#include "services/induction/tracking_rules.h"

namespace samen::induction {

using resource::Page;  // a page of a listing: items and the next key

// A starter with what authorisation needs.
struct StarterRecord {
  v1::Starter starter;
  StarterScope scope;
};

// Which starters a listing may return: the union of these.
struct StarterVisibility {
  bool all = false;
  std::string self_id;
  std::string coach_id;                       // starters coached by this person
  std::vector<std::string> organisation_ids;  // school or board ids
  std::vector<std::string> educator_school_ids;
  std::vector<std::string> programme_owners;  // "partnerships/x"
};

struct StarterFilter {
  std::string school_id;
  std::string programme_id;
  std::string coach_id;
};

// What a new starter needs from the directory and the request.
struct NewStarter {
  v1::Starter starter;  // validated, with defaults
  std::string id;
  std::string display_name;
  std::string board_id;
};

// A booking with the starter and coach it belongs to.
struct BookingRecord {
  v1::Booking booking;
  std::string starter_id;
  std::string coach_id;
};

struct BookingFilter {
  std::string starter_id;  // empty with coach_id for a coach's listing
  std::string coach_id;
  std::optional<absl::Time> from;
  std::optional<absl::Time> to;
};

// One thing a person's calendar feed shows.
struct FeedItem {
  IcalEvent event;
};

// An event with its participants.
struct EventRecord {
  v1::Event event;
  std::vector<std::string> starter_ids;
  std::string coach_id;
};

// One row of HR tracking, before the risk assessment.
struct TrackingItem {
  v1::StarterTracking row;
  TrackingFacts facts;
};

// Which starters a tracking listing holds, within the HR scope; empty or 0
// means any.
struct TrackingFilter {
  std::string starter_id;
  v1::Starter::Status status = v1::Starter::STATUS_UNSPECIFIED;
  int current_year = 0;
  // Also erased starters (their id a pseudonym, privacy::IsPseudonym): only
  // the per-school counts include them; HR's list, export and digest do not.
  bool include_erased = false;
};

struct AccessEntry {
  std::string starter_id;
  std::string viewer_id;
  std::string viewer_name;
  std::string viewer_role;
  std::string action;
};

class InductionRepository {
 public:
  // `clock` stamps create and update times; both outlive the repository.
  InductionRepository(db::Pool* pool, const Clock* clock)
      : pool_(pool), clock_(clock) {}

  absl::Status Ping(absl::Time deadline);

  // ---- Programmes (programme_repository.cc)
  absl::StatusOr<v1::Programme> GetProgramme(const std::string& id,
                                             absl::Time deadline);
  absl::StatusOr<Page<v1::Programme>> ListProgrammes(const std::string& owner,
                                                     const std::string& after,
                                                     int limit,
                                                     absl::Time deadline);
  absl::StatusOr<v1::Programme> CreateProgramme(const std::string& id,
                                                const v1::Programme& p,
                                                absl::Time deadline);
  // `mutate` runs on the locked row after the etag check.
  absl::StatusOr<v1::Programme> UpdateProgramme(
      const std::string& id, const std::string& etag,
      const std::function<absl::Status(v1::Programme*)>& mutate,
      absl::Time deadline);

  // ---- Starters (starter_repository.cc)
  absl::StatusOr<StarterRecord> GetStarter(const std::string& id,
                                           absl::Time deadline);
  absl::StatusOr<Page<StarterRecord>> ListStarters(
      const StarterVisibility& visible, const StarterFilter& filter,
      const std::string& after, int limit, absl::Time deadline);
  // `check` runs inside the transaction with the new starter's scope and
  // programme (validation and authorisation).
  using StarterCheck = std::function<absl::Status(
      const StarterScope&, const v1::Starter&, const v1::Programme&)>;
  absl::StatusOr<StarterRecord> CreateStarter(const NewStarter& s,
                                              const StarterCheck& check,
                                              absl::Time deadline);
  // On the locked row: `authorize` with the current scope, then the etag,
  // `mutate`, and `check` on the result (with the programme it names then).
  absl::StatusOr<StarterRecord> UpdateStarter(
      const std::string& id, const std::string& etag,
      const std::function<absl::Status(const StarterScope&)>& authorize,
      const std::function<absl::Status(v1::Starter*)>& mutate,
      const StarterCheck& check, absl::Time deadline);

  // ---- Availability (availability_repository.cc)
  // NOT_FOUND when the coach has published none.
  absl::StatusOr<v1::Availability> GetAvailability(const std::string& coach_id,
                                                   absl::Time deadline);
  absl::StatusOr<v1::Availability> PutAvailability(const std::string& coach_id,
                                                   const AvailabilitySpec& spec,
                                                   const std::string& etag,
                                                   absl::Time deadline);
  // The open slots of `coach_id` for `starter_id` between two local dates.
  absl::StatusOr<std::vector<Interval>> OpenSlots(const std::string& starter_id,
                                                  const std::string& coach_id,
                                                  absl::CivilDay first,
                                                  absl::CivilDay last,
                                                  absl::Time now,
                                                  absl::Time deadline);

  // ---- Bookings (booking_repository.cc)
  // Books `start` with `coach_id` for `starter_id` at `now` (DecideBooking);
  // with `request_id`, a repeated request returns the first booking. A slot
  // visibly claimed already is refused before any lock is taken (the many
  // losers of a popular slot do not queue behind the coach's lock).
  //
  // Inside the transaction the first statement takes the person locks, so the
  // snapshot every later read uses is taken after them (InnoDB creates it at
  // the first consistent read) and sees every booking committed before.
  absl::StatusOr<BookingRecord> CreateBooking(const std::string& starter_id,
                                              const std::string& coach_id,
                                              absl::Time start,
                                              const std::string& request_id,
                                              absl::Time now,
                                              absl::Time deadline);
  absl::StatusOr<BookingRecord> GetBooking(const std::string& starter_id,
                                           const std::string& booking_id,
                                           absl::Time deadline);
  absl::StatusOr<Page<BookingRecord>> ListBookings(const BookingFilter& filter,
                                                   const std::string& after,
                                                   int limit,
                                                   absl::Time deadline);
  // By the starter (`by_coach` false: late when inside the cancellation
  // notice, refused once started) or the booking's coach (any time).
  // `coach_id` is the booking's coach (known from reading it: it never
  // changes), so both person rows are locked before anything is read.
  // `mail_starter` false: only the coach is told (the starter's erasure).
  absl::StatusOr<BookingRecord> CancelBooking(
      const std::string& starter_id, const std::string& booking_id,
      const std::string& coach_id, const std::string& actor_id, bool by_coach,
      const std::string& reason, const std::string& etag, absl::Time now,
      absl::Time deadline, bool mail_starter = true);
  // The starter's erasure, before the privacy engine runs: cancels each of
  // their bookings that is still CONFIRMED and starts after `now` through
  // CancelBooking as a cancellation not by the starter (never late), with
  // `reason` by `actor_id`: its time claims go, so the coach's time is free
  // again, and the coach is mailed; the starter is not. Returns how many it
  // cancelled (none on a second call).
  absl::StatusOr<int> CancelFutureBookings(const std::string& starter_id,
                                           const std::string& actor_id,
                                           const std::string& reason,
                                           absl::Time now, absl::Time deadline);
  absl::StatusOr<BookingRecord> RescheduleBooking(
      const std::string& starter_id, const std::string& booking_id,
      const std::string& coach_id, bool by_coach, absl::Time new_start,
      const std::string& etag, absl::Time now, absl::Time deadline);
  absl::StatusOr<BookingRecord> RecordAttendance(const std::string& starter_id,
                                                 const std::string& booking_id,
                                                 v1::EntryState state,
                                                 absl::Time now,
                                                 absl::Time deadline);

  // ---- Events (event_repository.cc)
  absl::StatusOr<EventRecord> CreateEvent(
      const v1::Event& event, const std::string& coach_id,
      const std::vector<std::string>& starters, absl::Time now,
      absl::Time deadline);
  absl::StatusOr<EventRecord> GetEvent(const std::string& id,
                                       absl::Time deadline);
  // Events the person takes part in, by start time; of `kind` unless it is
  // KIND_UNSPECIFIED.
  absl::StatusOr<Page<EventRecord>> ListEvents(const std::string& person_id,
                                               v1::Event::Kind kind,
                                               std::optional<absl::Time> from,
                                               std::optional<absl::Time> to,
                                               const std::string& after,
                                               int limit, absl::Time deadline);
  absl::StatusOr<EventRecord> CancelEvent(const std::string& id,
                                          const std::string& actor_id,
                                          const std::string& reason,
                                          absl::Time deadline);
  absl::StatusOr<EventRecord> MarkEventHeld(const std::string& id,
                                            absl::Time now,
                                            absl::Time deadline);

  // ---- Notes and feeds (notes_feed_repository.cc)
  absl::StatusOr<v1::Note> CreateNote(const BookingRecord& session,
                                      const std::string& author_id,
                                      const std::string& text,
                                      absl::Time deadline);
  absl::StatusOr<std::vector<v1::Note>> ListNotes(const BookingRecord& session,
                                                  absl::Time deadline);
  absl::Status PutFeedToken(const std::string& person_id,
                            const std::string& token_sha256, absl::Time now,
                            absl::Time deadline);
  absl::Status DeleteFeedToken(const std::string& person_id,
                               absl::Time deadline);
  // OK when `token_sha256` is the person's current token hash; NOT_FOUND
  // otherwise (no hint which part was wrong).
  absl::Status CheckFeedToken(const std::string& person_id,
                              const std::string& token_sha256,
                              absl::Time deadline);
  // The person's bookings and events from `since` on, by start time.
  absl::StatusOr<std::vector<IcalEvent>> FeedEvents(
      const std::string& person_id, absl::Time since, absl::Time deadline);

  // ---- Tracking and audit (tracking_repository.cc)
  // Starters at the schools or boards of `scope` that pass `filter`, by id,
  // with this year's counts; `now` decides past and future.
  absl::StatusOr<Page<TrackingItem>> Tracking(const HrScope& scope,
                                              const TrackingFilter& filter,
                                              const std::string& after,
                                              int limit, absl::Time now,
                                              absl::Time deadline);
  // Schools with at least one ACTIVE starter, by id (the weekly HR digest).
  absl::StatusOr<std::vector<std::string>> SchoolsWithActiveStarters(
      absl::Time deadline);
  absl::Status RecordAccess(const std::vector<AccessEntry>& entries,
                            absl::Time now, absl::Time deadline);
  absl::StatusOr<Page<v1::AccessRecord>> ListAccessRecords(
      const std::string& starter_id, const std::string& after, int limit,
      absl::Time deadline);

  // ---- Housekeeping (calendar_repository.cc)
  // Deletes up to `limit` time claims older than `before` of entries that
  // ended before it, oldest first, in one autocommit statement; how many.
  absl::StatusOr<int> PrunePastClaims(absl::Time before, int limit,
                                      absl::Time deadline);

  // Called after a change that enqueued e-mail has committed (the module
  // wakes the mail worker).
  void set_mail_enqueued(std::function<void()> f) {
    mail_enqueued_ = std::move(f);
  }

 private:
  db::Pool* pool_;
  const Clock* clock_;
  std::function<void()> mail_enqueued_;
};

}  // namespace samen::induction
