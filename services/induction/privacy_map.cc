// The data map of samen_induction (db/migrations/induction/). Erasure order:
// notes before the entries they hang on are anonymised, starter_coaches before
// the starter row whose id they reference, attempts before their messages.

#include "services/induction/privacy_map.h"

#include "services/common/notify/outbox_privacy.h"

namespace samen::induction {
namespace {

using privacy::Column;
using privacy::Erasure;
using privacy::Link;
using privacy::Scrub;
using privacy::Table;
using enum privacy::DataKind;
using enum privacy::Export;

constexpr char kCoachingLine[] =
    "the starter and their coaches; never HR (the employer line)";
constexpr char kStarterRecord[] =
    "the starter, their coaches, HR and school educators of the school or "
    "board, coordinators of the programme's partnership (reads by others than "
    "the starter and coaches are recorded in access_records)";

constexpr Link kPersonLinks[] = {{.column = "person_id"}};

constexpr Column kProgrammes[] = {
    {.name = "id"},
    {.name = "display_name"},
    {.name = "owner"},
    {.name = "duration_years"},
    {.name = "description"},
    {.name = "minimum_notice_seconds"},
    {.name = "booking_horizon_seconds"},
    {.name = "cancellation_notice_seconds"},
    {.name = "at_risk_after_weeks"},
    {.name = "version"},
    {.name = "create_time"},
    {.name = "update_time"},
};

constexpr Column kProgrammeYears[] = {
    {.name = "programme_id"},
    {.name = "starter_kind"},
    {.name = "year"},
    {.name = "coaching_sessions"},
    {.name = "lesson_visits"},
    {.name = "intervision_meetings"},
    {.name = "learning_arrangements"},
    {.name = "training_items"},
};

constexpr Column kStarters[] = {
    {.name = "id", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "display_name",
     .kind = kIdentifying,
     .scrub = Scrub::kReplace,
     .replacement = ""},
    {.name = "school_id", .kind = kEmployment},
    {.name = "board_id", .kind = kEmployment},
    {.name = "programme_id", .kind = kEmployment},
    {.name = "kind", .kind = kEmployment},
    {.name = "start_date", .kind = kEmployment},
    {.name = "subjects",
     .kind = kEmployment,
     .scrub = Scrub::kReplace,
     .replacement = ""},
    {.name = "current_year", .kind = kEmployment},
    {.name = "status", .kind = kEmployment},
    {.name = "version"},
    {.name = "create_time", .export_as = kContext},
    {.name = "update_time"},
};
constexpr Link kStarterLinks[] = {
    {.column = "id",
     .action = Erasure::kAnonymise,
     .why = "the school's HR tracking and its counts per school and cohort"},
};

constexpr Column kStarterCoaches[] = {
    {.name = "starter_id", .kind = kIdentifying},
    {.name = "coach_id", .kind = kIdentifying},
    {.name = "position"},
};
constexpr Link kStarterCoachLinks[] = {
    {.column = "starter_id"},
    {.column = "coach_id"},
};

constexpr Column kPersonLocks[] = {
    {.name = "person_id", .kind = kTechnical},
};

constexpr Column kCoachAvailability[] = {
    {.name = "coach_id", .kind = kIdentifying},
    {.name = "slot_minutes", .kind = kEmployment},
    {.name = "buffer_minutes", .kind = kEmployment},
    {.name = "max_sessions_per_day", .kind = kEmployment},
    {.name = "location", .kind = kContact},
    {.name = "online_link", .kind = kContact},
    {.name = "version"},
    {.name = "create_time"},
    {.name = "update_time"},
};
constexpr Link kCoachLinks[] = {{.column = "coach_id"}};

constexpr Column kAvailabilityWindows[] = {
    {.name = "coach_id", .kind = kIdentifying},
    {.name = "position"},
    {.name = "weekday", .kind = kEmployment},
    {.name = "start_minute", .kind = kEmployment},
    {.name = "end_minute", .kind = kEmployment},
};

constexpr Column kAvailabilityExceptions[] = {
    {.name = "coach_id", .kind = kIdentifying},
    {.name = "position"},
    {.name = "day", .kind = kEmployment},
    {.name = "kind", .kind = kEmployment},
    {.name = "start_minute", .kind = kEmployment},
    {.name = "end_minute", .kind = kEmployment},
};

constexpr Column kCalendarEntries[] = {
    {.name = "id", .export_as = kContext},
    {.name = "kind", .kind = kAttendance},
    {.name = "coach_id", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "starter_id", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "title",
     .kind = kAttendance,
     .scrub = Scrub::kReplace,
     .replacement = ""},
    {.name = "start_time", .kind = kAttendance},
    {.name = "end_time", .kind = kAttendance},
    {.name = "state", .kind = kAttendance},
    {.name = "programme_year", .kind = kAttendance},
    {.name = "late_cancellation", .kind = kAttendance},
    {.name = "cancel_reason",
     .kind = kAttendance,
     .readers = kCoachingLine,
     .scrub = Scrub::kReplace,
     .replacement = ""},
    {.name = "cancelled_by", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "location",
     .kind = kContact,
     .scrub = Scrub::kReplace,
     .replacement = ""},
    {.name = "online_link",
     .kind = kContact,
     .scrub = Scrub::kReplace,
     .replacement = ""},
    {.name = "ical_uid"},
    {.name = "sequence"},
    {.name = "request_id", .kind = kTechnical, .scrub = Scrub::kNull},
    {.name = "version"},
    {.name = "create_time", .export_as = kContext},
    {.name = "update_time"},
};
constexpr char kCountsForSchool[] =
    "sessions held, used and missed count for the school's HR tracking and "
    "the coach's record";
constexpr Link kCalendarEntryLinks[] = {
    {.column = "starter_id",
     .action = Erasure::kAnonymise,
     .why = kCountsForSchool},
    {.column = "coach_id",
     .action = Erasure::kAnonymise,
     .why = kCountsForSchool},
    {.column = "cancelled_by",
     .action = Erasure::kAnonymise,
     .why = kCountsForSchool},
    {.column = "id",
     .action = Erasure::kKeep,
     .condition =
         "id IN (SELECT entry_id FROM entry_participants WHERE person_id = ?)",
     .why = "an intervision meeting of others the person took part in; their "
            "participation is anonymised in entry_participants"},
};

constexpr Column kEntryParticipants[] = {
    {.name = "entry_id", .export_as = kContext},
    {.name = "person_id", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "role", .kind = kAttendance},
};
constexpr Link kParticipantLinks[] = {
    {.column = "person_id",
     .action = Erasure::kAnonymise,
     .why = "attendance counts for the school and the last contact in HR "
            "tracking"},
};

constexpr Column kTimeClaims[] = {
    {.name = "person_id", .kind = kTechnical},
    {.name = "quantum", .kind = kTechnical},
    {.name = "entry_id"},
};

constexpr Column kCoachingNotes[] = {
    {.name = "id", .export_as = kContext},
    {.name = "entry_id", .export_as = kContext},
    {.name = "author_id", .kind = kIdentifying},
    {.name = "text",
     .kind = kCoachingContent,
     .readers = "the starter and the coach of the session only"},
    {.name = "create_time", .kind = kCoachingContent},
};
constexpr Link kNoteLinks[] = {
    {.column = "entry_id",
     .condition = "entry_id IN (SELECT id FROM calendar_entries WHERE "
                  "starter_id = ?)"},
    {.column = "author_id"},
};

constexpr Column kCalendarFeeds[] = {
    {.name = "person_id", .kind = kIdentifying},
    {.name = "token_sha256", .kind = kTechnical, .export_as = kWithheld},
    {.name = "issue_time", .kind = kTechnical},
};

constexpr Column kAccessRecords[] = {
    {.name = "id"},
    {.name = "starter_id", .kind = kIdentifying},
    {.name = "viewer_id", .kind = kIdentifying},
    {.name = "viewer_name", .kind = kIdentifying},
    {.name = "viewer_role", .kind = kEmployment},
    {.name = "action", .kind = kTechnical},
    {.name = "access_time", .kind = kTechnical},
};
constexpr Link kAccessLinks[] = {
    {.column = "starter_id"},
    {.column = "viewer_id",
     .action = Erasure::kKeep,
     .why = "the starter's right to know who read their record (AVG art. "
            "15(1)(c)) and accountability (art. 5(2)); goes with the record"},
};

constexpr Column kJobs[] = {
    {.name = "job"},         {.name = "period"},      {.name = "done"},
    {.name = "lease_until"}, {.name = "finish_time"},
};

constexpr Table kTables[] = {
    {.name = "coaching_notes",
     .purpose = "Confidential notes on a coaching session or lesson visit, "
                "written by the starter or the coach.",
     .links = kNoteLinks,
     .columns = kCoachingNotes,
     .readers = kCoachingLine,
     .retention =
         "until 12 months after the starter's induction ends: the programme "
         "records no end date, so the end is when the starter's record was "
         "last changed once their status is completed or left (later edits "
         "only keep the notes longer); notes of an intervision meeting, "
         "which has no single starter, 12 months after the meeting",
     .retention_days = 365,
     // An entry's starter has finished (3 completed, 4 left) since before
     // the cutoff; or the entry has no starter and ended before it. A
     // starter still active or paused keeps every note (NULL < ? is not
     // true).
     .expiry = {.condition =
                    "entry_id IN (SELECT e.id FROM calendar_entries e LEFT "
                    "JOIN starters s ON s.id = e.starter_id WHERE (CASE WHEN "
                    "e.starter_id IS NULL THEN e.end_time WHEN s.status IN "
                    "(3, 4) THEN s.update_time END) < ?)"}},
    {.name = "calendar_feeds",
     .purpose = "The hash of a person's secret calendar-feed URL.",
     .links = kPersonLinks,
     .columns = kCalendarFeeds,
     .readers = "the person",
     .retention = "until revoked"},
    {.name = "access_records",
     .purpose = "Who read a starter's record, other than the starter and "
                "their coaches.",
     .links = kAccessLinks,
     .columns = kAccessRecords,
     .readers = "the starter",
     .retention = "as long as the starter's record they protect: deleted "
                  "with it (erasure), no period of their own"},
    {.name = "starter_coaches",
     .purpose = "Which coaches guide which starter.",
     .links = kStarterCoachLinks,
     .columns = kStarterCoaches,
     .readers = kStarterRecord,
     .retention = "as long as the starter's record"},
    {.name = "time_claims",
     .purpose = "One row per person and 5 minutes of an active session: no "
                "double booking.",
     .links = kPersonLinks,
     .columns = kTimeClaims,
     .readers = "nobody through the API",
     .retention = "pruned a week after the session ended",
     .retention_days = 7,
     .expiry = {.enforced_by = "induction's claim pruner (claim_pruner.h), "
                               "every 10 minutes"}},
    {.name = "person_locks",
     .purpose = "One row per starter and coach, locked by bookings.",
     .links = kPersonLinks,
     .columns = kPersonLocks,
     .readers = "nobody through the API",
     .retention = "as long as the person books or coaches"},
    {.name = "availability_windows",
     .purpose = "A coach's weekly times for coaching.",
     .links = kCoachLinks,
     .columns = kAvailabilityWindows,
     .readers = "the coach; starters see only free slots",
     .retention = "as long as the coach coaches"},
    {.name = "availability_exceptions",
     .purpose = "A coach's days off and extra times.",
     .links = kCoachLinks,
     .columns = kAvailabilityExceptions,
     .readers = "the coach; starters see only free slots",
     .retention = "as long as the coach coaches"},
    {.name = "coach_availability",
     .purpose = "A coach's booking settings and where they meet.",
     .links = kCoachLinks,
     .columns = kCoachAvailability,
     .readers = "the coach; their starters see location and link on bookings",
     .retention = "as long as the coach coaches"},
    notify::kAttemptsTable,
    notify::OutboxTable(
        "E-mail to people (confirmations, reminders, the HR digest)."),
    {.name = "notification_jobs",
     .purpose = "Periodic jobs (the weekly HR digest) claimed per period.",
     .columns = kJobs,
     .readers = "operators",
     .retention = "as long as the database"},
    {.name = "calendar_entries",
     .purpose = "Coaching bookings, lesson visits and intervision meetings.",
     .links = kCalendarEntryLinks,
     .columns = kCalendarEntries,
     .readers = "the starter and their coaches; HR only as counts (held, "
                "used, last contact), never titles or reasons",
     .retention = "the starter's induction; anonymised on erasure"},
    {.name = "entry_participants",
     .purpose = "Everyone taking part in an entry.",
     .links = kParticipantLinks,
     .columns = kEntryParticipants,
     .readers = "the participants and the coach",
     .retention = "as long as the entry"},
    {.name = "starters",
     .purpose = "A starting teacher's place in an induction programme.",
     .links = kStarterLinks,
     .columns = kStarters,
     .readers = kStarterRecord,
     .retention = "the induction (one to three years) and the school's "
                  "tracking; anonymised on erasure"},
    {.name = "programmes",
     .purpose = "Induction programmes of a school or partnership.",
     .columns = kProgrammes,
     .readers = "everyone signed in",
     .retention = "as long as the programme"},
    {.name = "programme_years",
     .purpose = "A programme's quota per year and starter kind.",
     .columns = kProgrammeYears,
     .readers = "everyone signed in",
     .retention = "as long as the programme"},
};

constexpr privacy::DataMap kMap{.service = "induction", .tables = kTables};

}  // namespace

const privacy::DataMap& InductionDataMap() { return kMap; }

}  // namespace samen::induction
