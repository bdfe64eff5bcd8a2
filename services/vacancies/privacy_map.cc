// The data map of samen_vacancies (db/migrations/vacancies/): vacancies are
// the schools' and the webhooks machine clients'; only a person's vacancy
// profile is theirs. A vacancy's free text may name a contact person, which
// no person id links: the school changes it through the API.

#include "services/vacancies/privacy_map.h"

namespace samen::vacancies {
namespace {

using privacy::Column;
using privacy::Link;
using privacy::Table;
using enum privacy::DataKind;

constexpr Column kDirectoryOrganisations[] = {
    {.name = "id"},          {.name = "display_name"},
    {.name = "city"},        {.name = "street_address"},
    {.name = "postal_code"}, {.name = "website"},
    {.name = "logo_url"},    {.name = "type"},
    {.name = "sector"},      {.name = "board_id"},
    {.name = "copy_time"},
};

constexpr Column kDirectoryMemberships[] = {
    {.name = "organisation_id"},
    {.name = "partnership_id"},
    {.name = "region"},
    {.name = "end_date"},
};

constexpr Column kVacancies[] = {
    {.name = "id"},
    {.name = "school_id"},
    {.name = "title"},
    {.name = "subjects"},
    {.name = "degree"},
    {.name = "sector"},
    {.name = "fte_centis"},
    {.name = "contract_type"},
    {.name = "salary_scale"},
    {.name = "salary_min_eur"},
    {.name = "salary_max_eur"},
    {.name = "start_date"},
    {.name = "closing_date"},
    {.name = "expire_time"},
    {.name = "description"},
    {.name = "description_format"},
    {.name = "how_to_apply", .kind = kContact},
    {.name = "application_url"},
    {.name = "status"},
    {.name = "publish_time"},
    {.name = "close_time"},
    {.name = "version"},
    {.name = "create_time"},
    {.name = "update_time"},
};

constexpr Column kVacancySubjects[] = {{.name = "vacancy_id"},
                                       {.name = "subject"}};

constexpr Column kVacancyChanges[] = {
    {.name = "seq"},
    {.name = "vacancy_id"},
    {.name = "kind"},
    {.name = "change_time"},
};

constexpr Column kFeedState[] = {
    {.name = "id"},
    {.name = "last_seq"},
    {.name = "pruned_through"},
};

constexpr Column kShortage[] = {
    {.name = "region"},
    {.name = "subjects"},
    {.name = "version"},
    {.name = "update_time"},
};

constexpr Column kHiring[] = {
    {.name = "partnership_id"}, {.name = "direct_hire"}, {.name = "note"},
    {.name = "version"},        {.name = "update_time"},
};

constexpr Column kProfiles[] = {
    {.name = "person_id", .kind = kIdentifying},
    {.name = "subjects", .kind = kPreferences},
    {.name = "degree", .kind = kPreferences},
    {.name = "regions", .kind = kPreferences},
    {.name = "version"},
    {.name = "update_time", .kind = kTechnical},
};
constexpr Link kProfileLinks[] = {{.column = "person_id"}};

constexpr Column kEndpoints[] = {
    {.name = "id"},          {.name = "owner"},           {.name = "url"},
    {.name = "event_types"}, {.name = "description"},     {.name = "secret"},
    {.name = "state"},       {.name = "disabled_reason"}, {.name = "version"},
    {.name = "create_time"}, {.name = "update_time"},
};

constexpr Column kEvents[] = {
    {.name = "id"},
    {.name = "type"},
    {.name = "payload"},
    {.name = "create_time"},
};

constexpr Column kDeliveries[] = {
    {.name = "id"},          {.name = "event_id"},
    {.name = "endpoint_id"}, {.name = "state"},
    {.name = "attempts"},    {.name = "next_attempt_time"},
    {.name = "lease_token"}, {.name = "create_time"},
    {.name = "finish_time"},
};

constexpr Column kAttempts[] = {
    {.name = "id"},           {.name = "delivery_id"},
    {.name = "endpoint_id"},  {.name = "event_id"},
    {.name = "event_type"},   {.name = "attempt"},
    {.name = "attempt_time"}, {.name = "duration_ms"},
    {.name = "http_status"},  {.name = "error"},
    {.name = "outcome"},      {.name = "next_attempt_time"},
};

constexpr Column kSalaryScales[] = {
    {.name = "agreement"},       {.name = "scale"},
    {.name = "valid_from"},      {.name = "min_monthly_eur"},
    {.name = "max_monthly_eur"},
};

constexpr char kMachines[] =
    "the integration client that registered the endpoint; administrators";

constexpr Table kTables[] = {
    {.name = "vacancy_profiles",
     .purpose = "What \"vacancies for me\" matches for a person.",
     .links = kProfileLinks,
     .columns = kProfiles,
     .readers = "the person",
     .retention = "until the person changes or erases it"},
    {.name = "vacancies",
     .purpose = "Vacancies at partner schools; how_to_apply may name a "
                "contact person in free text.",
     .columns = kVacancies,
     .readers = "everyone (published ones); the school's HR",
     .retention = "until the school deletes it"},
    {.name = "vacancy_subjects",
     .purpose = "A vacancy's subjects, for matching.",
     .columns = kVacancySubjects,
     .readers = "everyone",
     .retention = "as long as the vacancy"},
    {.name = "vacancy_changes",
     .purpose = "The public feed of vacancy changes.",
     .columns = kVacancyChanges,
     .readers = "integration clients",
     .retention = "the feed's retention window"},
    {.name = "vacancy_feed_state",
     .purpose = "The feed's last and pruned sequence numbers.",
     .columns = kFeedState,
     .readers = "nobody through the API",
     .retention = "as long as the database"},
    {.name = "shortage_subject_lists",
     .purpose = "Shortage subjects per region.",
     .columns = kShortage,
     .readers = "everyone",
     .retention = "until changed"},
    {.name = "hiring_agreements",
     .purpose = "A partnership's direct-hire agreement.",
     .columns = kHiring,
     .readers = "everyone",
     .retention = "until changed"},
    {.name = "directory_organisations",
     .purpose = "Schools as the Partners directory described them (a copy).",
     .columns = kDirectoryOrganisations,
     .readers = "everyone",
     .retention = "copied again on every write"},
    {.name = "directory_memberships",
     .purpose = "Those schools' partnerships (a copy).",
     .columns = kDirectoryMemberships,
     .readers = "everyone",
     .retention = "copied again on every write"},
    {.name = "webhook_endpoints",
     .purpose = "Webhook endpoints of integration clients (machines).",
     .columns = kEndpoints,
     .readers = kMachines,
     .retention = "until the client deletes it"},
    {.name = "webhook_events",
     .purpose = "Vacancy events to deliver (the outbox).",
     .columns = kEvents,
     .readers = kMachines,
     .retention = "30 days after the event, once no delivery of it is pending",
     .retention_days = 30,
     // Delivery state 1 is pending.
     .expiry = {.condition = "create_time < ? AND id NOT IN (SELECT event_id "
                             "FROM webhook_deliveries WHERE state = 1)"}},
    {.name = "webhook_deliveries",
     .purpose = "One delivery per event and endpoint.",
     .columns = kDeliveries,
     .readers = kMachines,
     .retention = "30 days after it was delivered, failed or cancelled",
     .retention_days = 30,
     .expiry = {.condition =
                    "state <> 1 AND COALESCE(finish_time, create_time) < ?"}},
    {.name = "webhook_attempts",
     .purpose = "The delivery log.",
     .columns = kAttempts,
     .readers = kMachines,
     .retention = "30 days after the attempt",
     .retention_days = 30,
     .expiry = {.condition = "attempt_time < ?"}},
    {.name = "salary_scales",
     .purpose = "Salary scales of the collective agreements.",
     .columns = kSalaryScales,
     .readers = "everyone",
     .retention = "as long as the agreement"},
};

constexpr privacy::DataMap kMap{.service = "vacancies", .tables = kTables};

}  // namespace

const privacy::DataMap& VacanciesDataMap() { return kMap; }

}  // namespace samen::vacancies
