// The data map of samen_professionalisation
// (db/migrations/professionalisation/). Erasure order: attempts before their
// messages; attendance and feedback with their enrolment (foreign keys over
// (activity_id, person_id): all three move to the pseudonym in one erasure).

#include "services/professionalisation/privacy_map.h"

#include "services/common/notify/outbox_privacy.h"

namespace samen::professionalisation {
namespace {

using privacy::Column;
using privacy::Erasure;
using privacy::Link;
using privacy::Scrub;
using privacy::Table;
using enum privacy::DataKind;
using enum privacy::Export;

constexpr char kOrganiser[] =
    "the person; the activity's organiser (owner's coordinators and school "
    "educators); HR of their organisation as hours and completion";

constexpr Column kActivities[] = {
    {.name = "id"},
    {.name = "owner"},
    {.name = "kind"},
    {.name = "title"},
    {.name = "description"},
    {.name = "audiences"},
    {.name = "sectors"},
    {.name = "capacity"},
    {.name = "enrolment_open_time"},
    {.name = "enrolment_close_time"},
    {.name = "cancellation_deadline"},
    {.name = "hours_centis"},
    {.name = "approval_required"},
    {.name = "series_id"},
    {.name = "series_cap"},
    {.name = "required_sessions"},
    {.name = "first_start"},
    {.name = "last_end"},
    {.name = "enrolled_count"},
    {.name = "waitlisted_count"},
    {.name = "pending_count"},
    {.name = "next_arrival"},
    {.name = "version"},
    {.name = "create_time"},
    {.name = "update_time"},
    {.name = "cancel_time"},
    {.name = "cancel_reason"},
};

constexpr Column kSessions[] = {
    {.name = "activity_id"}, {.name = "session_id"},    {.name = "position"},
    {.name = "title"},       {.name = "local_date"},    {.name = "local_start"},
    {.name = "local_end"},   {.name = "start_time"},    {.name = "end_time"},
    {.name = "location_id"}, {.name = "location_name"}, {.name = "city"},
    {.name = "online"},      {.name = "room"},
};

constexpr Column kThemes[] = {
    {.name = "activity_id"},
    {.name = "theme"},
    {.name = "position"},
};

constexpr Column kEnrolments[] = {
    {.name = "activity_id", .export_as = kContext},
    {.name = "person_id", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "state", .kind = kAttendance},
    {.name = "arrival"},
    {.name = "display_name",
     .kind = kIdentifying,
     .scrub = Scrub::kReplace,
     .replacement = ""},
    {.name = "organisations", .kind = kEmployment},
    {.name = "enrolled_by", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "promoted", .kind = kAttendance},
    {.name = "completed", .kind = kAttendance},
    {.name = "completion_time", .kind = kAttendance},
    {.name = "note",
     .kind = kAttendance,
     .scrub = Scrub::kReplace,
     .replacement = ""},
    {.name = "request_time", .kind = kAttendance},
    {.name = "state_time", .kind = kAttendance},
};
constexpr char kCountsForOrganiser[] =
    "enrolments, waitlists and attendance count for the organiser's report "
    "and the activity's capacity";
constexpr Link kEnrolmentLinks[] = {
    {.column = "person_id",
     .action = Erasure::kAnonymise,
     .why = kCountsForOrganiser},
    {.column = "enrolled_by",
     .action = Erasure::kAnonymise,
     .why = "the enrolment is someone else's"},
};

constexpr Column kSeriesParticipants[] = {
    {.name = "owner"},
    {.name = "series_id"},
    {.name = "person_id", .kind = kTechnical},
};
constexpr Link kPersonLinks[] = {{.column = "person_id"}};

constexpr Column kAttendanceColumns[] = {
    {.name = "activity_id", .export_as = kContext},
    {.name = "session_id", .export_as = kContext},
    {.name = "person_id", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "attended", .kind = kAttendance},
    {.name = "marked_by", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "mark_time", .kind = kAttendance},
};
constexpr Link kAttendanceLinks[] = {
    {.column = "person_id",
     .action = Erasure::kAnonymise,
     .why = kCountsForOrganiser},
    {.column = "marked_by",
     .action = Erasure::kAnonymise,
     .why = "the attendance is someone else's"},
};

constexpr Column kRecords[] = {
    {.name = "person_id", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "activity_id", .export_as = kContext},
    {.name = "title", .export_as = kContext},
    {.name = "kind", .export_as = kContext},
    {.name = "owner", .export_as = kContext},
    {.name = "hours_centis", .kind = kHours},
    {.name = "completion_time", .kind = kHours},
    {.name = "organisations", .kind = kEmployment},
    {.name = "create_time"},
};
constexpr Link kRecordLinks[] = {
    {.column = "person_id",
     .action = Erasure::kAnonymise,
     .why = "hours credited per organisation fund the institute and the "
            "partnership (TKAO accounts)"},
};

constexpr Column kFeedbackColumns[] = {
    {.name = "activity_id", .export_as = kContext},
    {.name = "person_id", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "score", .kind = kFeedback},
    {.name = "comment",
     .kind = kFeedback,
     .scrub = Scrub::kReplace,
     .replacement = ""},
    {.name = "update_time", .kind = kFeedback},
};
constexpr Link kFeedbackLinks[] = {
    {.column = "person_id",
     .action = Erasure::kAnonymise,
     .why = "the score counts in the activity's evaluation"},
};

constexpr Column kEvents[] = {
    {.name = "seq", .export_as = kContext},
    {.name = "activity_id", .export_as = kContext},
    {.name = "person_id", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "kind", .kind = kAttendance},
    {.name = "previous_state", .kind = kAttendance},
    {.name = "state", .kind = kAttendance},
    {.name = "waitlist_position", .kind = kAttendance},
    {.name = "enrolled_count"},
    {.name = "waitlisted_count"},
    {.name = "actor", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "event_time", .kind = kAttendance},
};
constexpr Link kEventLinks[] = {
    {.column = "person_id",
     .action = Erasure::kAnonymise,
     .why = "the event log organisers' integrations follow by sequence"},
    {.column = "actor",
     .action = Erasure::kAnonymise,
     .why = "the event log organisers' integrations follow by sequence"},
};

constexpr Column kSequence[] = {{.name = "id"}, {.name = "next_seq"}};

constexpr Table kTables[] = {
    notify::kAttemptsTable,
    notify::OutboxTable(
        "E-mail to people (confirmations, promotions, reminders)."),
    {.name = "series_participants",
     .purpose = "Locks one person's enrolments in a series (the per-person "
                "cap).",
     .links = kPersonLinks,
     .columns = kSeriesParticipants,
     .readers = "nobody through the API",
     .retention = "as long as the series"},
    {.name = "attendance",
     .purpose = "Who attended which session of an activity.",
     .links = kAttendanceLinks,
     .columns = kAttendanceColumns,
     .readers = kOrganiser,
     .retention = "as long as the activity's report",
     .relaxed_foreign_keys = true},
    {.name = "feedback",
     .purpose = "A participant's evaluation of an activity.",
     .links = kFeedbackLinks,
     .columns = kFeedbackColumns,
     .readers = "the person; the organiser sees scores and comments",
     .retention = "as long as the activity's report",
     .relaxed_foreign_keys = true},
    {.name = "enrolments",
     .purpose = "A person's enrolment, waitlist place or approval request.",
     .links = kEnrolmentLinks,
     .columns = kEnrolments,
     .readers = kOrganiser,
     .retention = "as long as the activity's report",
     .relaxed_foreign_keys = true},
    {.name = "development_records",
     .purpose = "Completed activities with the hours credited (the "
                "development record).",
     .links = kRecordLinks,
     .columns = kRecords,
     .readers = "the person; HR of their organisations (hours)",
     .retention = "the person's employment and the funding's audit period"},
    {.name = "enrolment_events",
     .purpose = "The log of enrolment changes (outbox for integrations).",
     .links = kEventLinks,
     .columns = kEvents,
     .readers = "the activity's organiser and their integrations",
     .retention = "as long as the activity"},
    {.name = "enrolment_event_sequence",
     .purpose = "The next event sequence number.",
     .columns = kSequence,
     .readers = "nobody through the API",
     .retention = "as long as the database"},
    {.name = "activities",
     .purpose = "Professionalisation activities of a partnership or school.",
     .columns = kActivities,
     .readers = "everyone signed in",
     .retention = "as long as the organiser keeps them"},
    {.name = "activity_sessions",
     .purpose = "The sessions of an activity.",
     .columns = kSessions,
     .readers = "everyone signed in",
     .retention = "as long as the activity"},
    {.name = "activity_themes",
     .purpose = "An activity's themes.",
     .columns = kThemes,
     .readers = "everyone signed in",
     .retention = "as long as the activity"},
};

constexpr privacy::DataMap kMap{.service = "professionalisation",
                                .tables = kTables};

}  // namespace

const privacy::DataMap& ProfessionalisationDataMap() { return kMap; }

}  // namespace samen::professionalisation
