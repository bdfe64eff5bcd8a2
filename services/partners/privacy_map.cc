// The data map of samen_partners (db/migrations/partners/): the directory.
// Erasure order: a person's affiliations, grants and settings before the
// person (their foreign keys would cascade, but then the counts would not
// say so).

#include "services/partners/privacy_map.h"

namespace samen::partners {
namespace {

using privacy::Column;
using privacy::Erasure;
using privacy::Link;
using privacy::Scrub;
using privacy::Table;
using enum privacy::DataKind;
using enum privacy::Export;

constexpr char kDirectoryReaders[] =
    "the person; coordinators of their partnerships; administrators; the "
    "`service` role (sign-in, e-mail workers)";

constexpr Link kPersonLinks[] = {{.column = "person_id"}};

constexpr Column kPartnerships[] = {
    {.name = "id"},
    {.name = "display_name"},
    {.name = "region"},
    {.name = "status"},
    {.name = "academic"},
    {.name = "founding_year"},
    {.name = "accreditation_year"},
    {.name = "sectors"},
    {.name = "version"},
    {.name = "create_time"},
    {.name = "update_time"},
};

constexpr Column kClusters[] = {
    {.name = "partnership_id"},
    {.name = "cluster_id"},
    {.name = "display_name"},
    {.name = "position"},
};

constexpr Column kOrganisations[] = {
    {.name = "id"},
    {.name = "display_name"},
    {.name = "type"},
    {.name = "sector"},
    {.name = "board_id"},
    {.name = "city"},
    {.name = "institute_kind"},
    {.name = "website"},
    {.name = "street_address"},
    {.name = "postal_code"},
    {.name = "logo_url"},
    {.name = "version"},
    {.name = "create_time"},
    {.name = "update_time"},
};

constexpr Column kMemberships[] = {
    {.name = "partnership_id"}, {.name = "organisation_id"},
    {.name = "role"},           {.name = "start_date"},
    {.name = "end_date"},       {.name = "cluster_id"},
    {.name = "version"},        {.name = "create_time"},
    {.name = "update_time"},
};

constexpr Column kPeople[] = {
    {.name = "id", .kind = kIdentifying},
    {.name = "display_name", .kind = kIdentifying},
    {.name = "email", .kind = kContact},
    {.name = "version"},
    {.name = "create_time", .kind = kTechnical},
    {.name = "update_time", .kind = kTechnical},
};
constexpr Link kPeopleLinks[] = {{.column = "id"}};

constexpr Column kAffiliations[] = {
    {.name = "person_id", .kind = kIdentifying},
    {.name = "organisation_id", .kind = kEmployment},
    {.name = "roles", .kind = kEmployment},
    {.name = "position"},
};

constexpr Column kRoleGrants[] = {
    {.name = "person_id", .kind = kIdentifying},
    {.name = "id", .export_as = kContext},
    {.name = "role", .kind = kEmployment},
    {.name = "scope", .kind = kEmployment},
    {.name = "start_date", .kind = kEmployment},
    {.name = "end_date", .kind = kEmployment},
    {.name = "version"},
    {.name = "create_time", .kind = kTechnical},
    {.name = "update_time", .kind = kTechnical},
    {.name = "created_by", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
};
constexpr Link kRoleGrantLinks[] = {
    {.column = "person_id"},
    {.column = "created_by",
     .action = Erasure::kAnonymise,
     .why = "the grant is someone else's"},
};

constexpr Column kRoleGrantChanges[] = {
    {.name = "seq", .export_as = kContext},
    {.name = "person_id", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "role_grant_id", .export_as = kContext},
    {.name = "action", .kind = kEmployment},
    {.name = "actor", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "change_time", .kind = kEmployment},
    {.name = "role", .kind = kEmployment},
    {.name = "scope", .kind = kEmployment},
    {.name = "start_date_before", .kind = kEmployment},
    {.name = "end_date_before", .kind = kEmployment},
    {.name = "start_date_after", .kind = kEmployment},
    {.name = "end_date_after", .kind = kEmployment},
};
constexpr char kAuditTrail[] =
    "the audit trail of who held and granted which rights when";
constexpr Link kRoleGrantChangeLinks[] = {
    {.column = "person_id", .action = Erasure::kAnonymise, .why = kAuditTrail},
    {.column = "actor", .action = Erasure::kAnonymise, .why = kAuditTrail},
};

constexpr Column kNotificationSettings[] = {
    {.name = "person_id", .kind = kIdentifying},
    {.name = "language", .kind = kPreferences},
    {.name = "session_reminders", .kind = kPreferences},
    {.name = "reminder_lead_minutes", .kind = kPreferences},
    {.name = "hr_digest", .kind = kPreferences},
    {.name = "version"},
    {.name = "create_time", .kind = kTechnical},
    {.name = "update_time", .kind = kTechnical},
};

constexpr Column kProtocols[] = {
    {.name = "partnership_id"},   {.name = "protocol_id"},
    {.name = "protocol_version"}, {.name = "body"},
    {.name = "version"},          {.name = "create_time"},
    {.name = "update_time"},
};

constexpr Column kApplications[] = {
    {.name = "partnership_id", .export_as = kContext},
    {.name = "application_id", .export_as = kContext},
    {.name = "organisation_id", .export_as = kContext},
    {.name = "open_organisation_id"},
    {.name = "protocol_id"},
    {.name = "state", .export_as = kContext},
    {.name = "body",
     .kind = kEmployment,
     .readers = "the applying organisation's HR and school educators; "
                "coordinators of the partnership"},
    {.name = "version"},
    {.name = "create_time"},
    {.name = "update_time"},
};
constexpr Link kApplicationLinks[] = {
    {.column = "body",
     .action = Erasure::kKeep,
     .condition = "LOCATE(CONCAT('\"', ?, '\"'), body) > 0",
     .why = "the steps' completed_by and the decisions' decided_by are the "
            "steering group's written decision record (NVAO accreditation "
            "file), kept as long as the membership it decided"},
};

constexpr Column kMembershipChanges[] = {
    {.name = "seq", .export_as = kContext},
    {.name = "partnership_id", .export_as = kContext},
    {.name = "organisation_id", .export_as = kContext},
    {.name = "role_before"},
    {.name = "role_after"},
    {.name = "end_date_after"},
    {.name = "actor", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "cause"},
    {.name = "change_time", .kind = kEmployment},
};
constexpr Link kMembershipChangeLinks[] = {
    {.column = "actor",
     .action = Erasure::kAnonymise,
     .why = "the history of the partnership's memberships"},
};

// Students and their placements (0010): a student's record, preferences,
// placements and placement history go with them. Erasing a student lowers
// the partnership's counted students of a round still to be funded by one.
constexpr char kStudentReaders[] =
    "the student; institute educators of their institute; coordinators of "
    "their partnership; school educators and mentors of a school they are or "
    "were placed at";
constexpr char kTheirStudentRows[] =
    "student_id IN (SELECT id FROM students WHERE person_id = ?)";

constexpr Column kStudents[] = {
    {.name = "id", .export_as = kContext},
    {.name = "person_id", .kind = kIdentifying},
    {.name = "partnership_id", .export_as = kContext},
    {.name = "institute_id", .kind = kEmployment},
    {.name = "category", .kind = kEmployment},
    {.name = "programme_year", .kind = kEmployment},
    {.name = "body",
     .kind = kEmployment},  // subjects, start date, home area and coordinates
    {.name = "version"},
    {.name = "create_time", .kind = kTechnical},
    {.name = "update_time", .kind = kTechnical},
};
constexpr Link kStudentLinks[] = {{.column = "person_id"}};

constexpr Column kStudentPlacements[] = {
    {.name = "student_id", .export_as = kContext},
    {.name = "school_year", .kind = kEmployment},
    {.name = "school_id", .kind = kEmployment},
    {.name = "round_id", .export_as = kContext},
};
constexpr Column kPlacementPreferences[] = {
    {.name = "partnership_id", .export_as = kContext},
    {.name = "round_id", .export_as = kContext},
    {.name = "student_id", .export_as = kContext},
    {.name = "body", .kind = kPreferences},  // schools wished, reasons
    {.name = "version"},
    {.name = "create_time", .kind = kTechnical},
    {.name = "update_time", .kind = kTechnical},
};
constexpr Column kPlacements[] = {
    {.name = "partnership_id", .export_as = kContext},
    {.name = "round_id", .export_as = kContext},
    {.name = "student_id", .export_as = kContext},
    {.name = "school_id", .kind = kEmployment},
    {.name = "locked", .kind = kEmployment},
    {.name = "body", .kind = kEmployment},  // preference met, travel, reasons
    {.name = "version"},
    {.name = "create_time", .kind = kTechnical},
    {.name = "update_time", .kind = kTechnical},
};
constexpr Link kThroughStudent[] = {
    {.column = "student_id", .condition = kTheirStudentRows}};

constexpr Column kStudentAccessRecords[] = {
    {.name = "id"},
    {.name = "student_id", .kind = kIdentifying},
    {.name = "viewer_id", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "viewer_name",
     .kind = kIdentifying,
     .scrub = Scrub::kReplace,
     .replacement = ""},
    {.name = "viewer_role", .kind = kEmployment},
    {.name = "action", .kind = kTechnical},
    {.name = "method", .kind = kTechnical},
    {.name = "access_time", .kind = kTechnical},
};
constexpr Link kStudentAccessLinks[] = {
    {.column = "student_id", .condition = kTheirStudentRows},
    {.column = "viewer_id",
     .action = Erasure::kAnonymise,
     .why = "the student's right to know that their record was read (AVG "
            "art. 15(1)(c)); the reader's id and name go"},
};

constexpr Column kPlacementRounds[] = {
    {.name = "partnership_id"}, {.name = "round_id"},
    {.name = "school_year"},    {.name = "state"},
    {.name = "body"},  // capacities per school, the last proposal's summary
    {.name = "version"},        {.name = "create_time"},
    {.name = "update_time"},    {.name = "publish_time"},
};
constexpr Column kFundingRegulations[] = {
    {.name = "id"},        {.name = "regulation_key"},
    {.name = "version"},   {.name = "title"},
    {.name = "source"},    {.name = "valid_from"},
    {.name = "model"},     {.name = "per_student_euros"},
    {.name = "cap_euros"},
};
constexpr Column kFundingTiers[] = {
    {.name = "regulation_id"},
    {.name = "min_students"},
    {.name = "amount_euros"},
};

// The audit of an application (0009).
constexpr Column kCommitteeMembers[] = {
    {.name = "partnership_id", .export_as = kContext},
    {.name = "application_id", .export_as = kContext},
    {.name = "person_id", .kind = kEmployment},
};
constexpr Link kCommitteeLinks[] = {
    {.column = "person_id",
     .action = Erasure::kKeep,
     .why = "who audited a school is part of the steering group's written "
            "decision record (NVAO accreditation file), kept as long as the "
            "membership it decided"},
};
constexpr Column kDocuments[] = {
    {.name = "partnership_id", .export_as = kContext},
    {.name = "application_id", .export_as = kContext},
    {.name = "kind", .export_as = kContext},
    {.name = "version", .export_as = kContext},
    {.name = "step_id"},
    {.name = "content_type"},
    {.name = "size_bytes"},
    {.name = "sha256"},
    {.name = "page_count"},
    {.name = "uploaded_by", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "create_time", .kind = kEmployment},
};
constexpr Link kDocumentLinks[] = {
    {.column = "uploaded_by",
     .action = Erasure::kAnonymise,
     .why = "the document is the school's, part of its application"},
};
// A school's documents (self-evaluation, plans, audit reports): about the
// school, linked to no person.
constexpr Column kDocumentBytes[] = {
    {.name = "partnership_id"}, {.name = "application_id"}, {.name = "kind"},
    {.name = "version"},        {.name = "data"},
};

// The privacy operations themselves (privacy_operation_repository.cc). An
// export's operation, steps and archive go with the person; an erasure's
// operation and steps stay as the record that the request was honoured, with
// the person's id replaced by the pseudonym.
constexpr char kOperationsOfExports[] =
    "operation_id IN (SELECT id FROM privacy_operations WHERE person_id = ? "
    "AND kind = 1)";
constexpr char kOperationsOfErasures[] =
    "operation_id IN (SELECT id FROM privacy_operations WHERE person_id = ? "
    "AND kind = 2)";
constexpr char kOperationReaders[] = "the person; administrators";

constexpr Column kPrivacyArchives[] = {
    {.name = "operation_id", .export_as = kContext},
    {.name = "content",
     .kind = kIdentifying,
     .readers = "the person only (DownloadDataExport)",
     .export_as = kWithheld},
    {.name = "sha256", .kind = kTechnical},
    {.name = "size_bytes", .kind = kTechnical},
    {.name = "create_time", .kind = kTechnical},
    {.name = "expire_time", .kind = kTechnical},
};
constexpr Link kPrivacyArchiveLinks[] = {
    {.column = "operation_id",
     .condition =
         "operation_id IN (SELECT id FROM privacy_operations WHERE person_id "
         "= ?)"},
};

constexpr Column kPrivacySteps[] = {
    {.name = "operation_id", .export_as = kContext},
    {.name = "service", .export_as = kContext},
    {.name = "position"},
    {.name = "state", .export_as = kContext},
    {.name = "attempts"},
    {.name = "next_attempt_time"},
    {.name = "lease_token"},
    {.name = "last_error", .kind = kTechnical},
    // An export's: the person's data from that service until the archive is
    // built; an erasure's: the counts of what it did.
    {.name = "result",
     .kind = kIdentifying,
     .readers = "nobody through the API (the privacy worker)",
     .export_as = kWithheld},
    {.name = "update_time", .kind = kTechnical},
};
constexpr Link kPrivacyStepLinks[] = {
    {.column = "operation_id", .condition = kOperationsOfExports},
    {.column = "operation_id",
     .action = Erasure::kKeep,
     .condition = kOperationsOfErasures,
     .why = "the record that the erasure was honoured: per service what it "
            "did, counts only"},
};

constexpr Column kPrivacyOperations[] = {
    {.name = "id", .export_as = kContext},
    {.name = "kind", .export_as = kContext},
    {.name = "person_id", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "requested_by", .kind = kIdentifying, .scrub = Scrub::kPseudonym},
    {.name = "request_id", .kind = kTechnical},
    // Free text of an administrator: cleared, in case it names someone.
    {.name = "reason", .kind = kIdentifying, .scrub = Scrub::kNull},
    {.name = "pseudonym", .kind = kTechnical},
    {.name = "state", .export_as = kContext},
    {.name = "error_code", .kind = kTechnical},
    {.name = "error_message", .kind = kTechnical},
    {.name = "create_time", .kind = kTechnical},
    {.name = "update_time", .kind = kTechnical},
};
// In this order: the person's exports go, then what is left of theirs (their
// erasures) is anonymised.
constexpr Link kPrivacyOperationLinks[] = {
    {.column = "person_id", .condition = "person_id = ? AND kind = 1"},
    {.column = "person_id",
     .action = Erasure::kAnonymise,
     .why = "an erasure's: the record that it was honoured (AVG art. 5(2), "
            "accountability)"},
    {.column = "requested_by",
     .action = Erasure::kAnonymise,
     .why = "the operation is about someone else"},
};

constexpr Table kTables[] = {
    {.name = "privacy_archives",
     .purpose = "The archive of a finished export of a person's data (a "
                "ZIP), until it expires.",
     .links = kPrivacyArchiveLinks,
     .columns = kPrivacyArchives,
     .readers = "the person only",
     .retention = "7 days (--privacy_export_ttl), then the privacy worker "
                  "deletes it",
     .retention_days = 7,
     .expiry = {.enforced_by = "the privacy worker (privacy_worker.cc), at "
                               "each archive's expire_time"}},
    {.name = "privacy_operation_steps",
     .purpose = "One service's part of an export or erasure: its state, "
                "attempts and result (the outbox of the privacy worker).",
     .links = kPrivacyStepLinks,
     .columns = kPrivacySteps,
     .readers = kOperationReaders,
     .retention = "an export's until the person is erased; an erasure's as "
                  "long as its operation"},
    {.name = "privacy_operations",
     .purpose = "Exports and erasures of a person (AVG art. 15 and 17): who "
                "asked, when, how it went.",
     .links = kPrivacyOperationLinks,
     .columns = kPrivacyOperations,
     .readers = kOperationReaders,
     .retention = "an export's until the person is erased; an erasure's "
                  "(pseudonymised) as the record that it was honoured"},
    {.name = "student_access_records",
     .purpose = "Who read a student's record (GetStudent, the students' list, "
                "the placements listing), other than the student.",
     .links = kStudentAccessLinks,
     .columns = kStudentAccessRecords,
     .readers = "the student",
     .retention = "as long as the student record they protect: deleted with "
                  "it (DeleteStudent, erasure), no period of their own"},
    {.name = "placement_preferences",
     .purpose = "A student's wishes for a placement round, with reasons, and "
                "the institute's learning question.",
     .links = kThroughStudent,
     .columns = kPlacementPreferences,
     .readers = "the student; their institute educators; coordinators",
     .retention = "as long as the student record"},
    {.name = "placements",
     .purpose = "Proposed and published placements of a round, with why.",
     .links = kThroughStudent,
     .columns = kPlacements,
     .readers = kStudentReaders,
     .retention = "as long as the student record"},
    {.name = "student_placements",
     .purpose = "A student's placement history (school per school year).",
     .links = kThroughStudent,
     .columns = kStudentPlacements,
     .readers = kStudentReaders,
     .retention = "as long as the student record"},
    {.name = "students",
     .purpose = "Students (leraren in opleiding): category, institute, year, "
                "subjects, home area for travel.",
     .links = kStudentLinks,
     .columns = kStudents,
     .readers = kStudentReaders,
     .retention = "until the training ends and the year's funding is "
                  "settled"},
    {.name = "placement_rounds",
     .purpose = "A partnership's placement round: capacities per school.",
     .columns = kPlacementRounds,
     .readers = "coordinators; institute and school educators",
     .retention = "as long as the partnership"},
    {.name = "funding_regulations",
     .purpose = "Funding regulations as versioned data.",
     .columns = kFundingRegulations,
     .readers = "coordinators",
     .retention = "as long as they apply"},
    {.name = "funding_tiers",
     .purpose = "A regulation's tiers (staffels).",
     .columns = kFundingTiers,
     .readers = "coordinators",
     .retention = "as long as they apply"},
    {.name = "accession_committee_members",
     .purpose = "Who audits an application.",
     .links = kCommitteeLinks,
     .columns = kCommitteeMembers,
     .readers = "coordinators of the partnership; the committee",
     .retention = "as long as the membership it decided"},
    {.name = "accession_documents",
     .purpose = "Versions of an application's documents: type, size, "
                "SHA-256, who uploaded them.",
     .links = kDocumentLinks,
     .columns = kDocuments,
     .readers = "the applying organisation's HR and school educators; "
                "coordinators; the audit committee",
     .retention = "as long as the membership it decided"},
    {.name = "accession_document_bytes",
     .purpose = "The documents' bytes (about the school, not a person).",
     .columns = kDocumentBytes,
     .readers = "as accession_documents",
     .retention = "as long as the membership it decided"},
    {.name = "affiliations",
     .purpose = "Where a person works and in which roles.",
     .links = kPersonLinks,
     .columns = kAffiliations,
     .readers = kDirectoryReaders,
     .retention = "as long as the person is in the directory"},
    {.name = "role_grants",
     .purpose = "The roles a person holds, in which scope and when; what "
                "their access tokens carry.",
     .links = kRoleGrantLinks,
     .columns = kRoleGrants,
     .readers = kDirectoryReaders,
     .retention = "as long as the person is in the directory"},
    {.name = "role_grant_changes",
     .purpose = "Every change to a grant: who, when, what (append-only).",
     .links = kRoleGrantChangeLinks,
     .columns = kRoleGrantChanges,
     .readers = "administrators; coordinators within their partnership",
     .retention = "7 years (accountability for access rights)",
     .retention_days = 2557,
     .expiry = {.condition = "change_time < ?"}},
    {.name = "notification_settings",
     .purpose = "A person's e-mail language, reminders and HR digest.",
     .links = kPersonLinks,
     .columns = kNotificationSettings,
     .readers = "the person; the `service` role (e-mail workers)",
     .retention = "as long as the person is in the directory"},
    {.name = "people",
     .purpose = "The directory's people: who signs in, coaches, starts, "
                "enrols.",
     .links = kPeopleLinks,
     .columns = kPeople,
     .readers = kDirectoryReaders,
     .retention = "as long as they work in a partnership"},
    {.name = "accession_applications",
     .purpose = "An organisation's application to join a partnership, its "
                "steps and decisions (JSON body).",
     .links = kApplicationLinks,
     .columns = kApplications,
     .readers = "the applying organisation's HR and school educators; "
                "coordinators of the partnership",
     .retention = "as long as the membership it decided"},
    {.name = "membership_changes",
     .purpose = "What applications did to memberships (append-only).",
     .links = kMembershipChangeLinks,
     .columns = kMembershipChanges,
     .readers = "coordinators of the partnership",
     .retention = "as long as the partnership"},
    {.name = "partnerships",
     .purpose = "The partnerships.",
     .columns = kPartnerships,
     .readers = "everyone signed in",
     .retention = "as long as the partnership"},
    {.name = "partnership_clusters",
     .purpose = "Regional clusters of a partnership.",
     .columns = kClusters,
     .readers = "everyone signed in",
     .retention = "as long as the partnership"},
    {.name = "organisations",
     .purpose = "School boards, schools and institutes.",
     .columns = kOrganisations,
     .readers = "everyone signed in",
     .retention = "as long as the organisation"},
    {.name = "memberships",
     .purpose = "An organisation's place in a partnership.",
     .columns = kMemberships,
     .readers = "everyone signed in",
     .retention = "as long as the partnership"},
    {.name = "accession_protocols",
     .purpose = "A partnership's protocol for joining (JSON body).",
     .columns = kProtocols,
     .readers = "everyone signed in",
     .retention = "as long as the partnership"},
};

constexpr privacy::DataMap kMap{.service = "partners", .tables = kTables};

}  // namespace

const privacy::DataMap& PartnersDataMap() { return kMap; }

}  // namespace samen::partners
