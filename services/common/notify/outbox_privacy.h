#pragma once

// The data map of the notification outbox's two tables (docs/privacy.md), the
// same in every service database that has them (the outbox migration of
// induction and professionalisation): each service's map lists these two
// entries among its tables.

#include "services/common/privacy/data_map.h"

namespace samen::notify {

inline constexpr privacy::Column kOutboxColumns[] = {
    {.name = "id"},
    {.name = "message_key", .kind = privacy::DataKind::kTechnical},
    {.name = "topic", .kind = privacy::DataKind::kTechnical},
    {.name = "kind", .kind = privacy::DataKind::kTechnical},
    {.name = "recipient_id", .kind = privacy::DataKind::kIdentifying},
    {.name = "payload", .kind = privacy::DataKind::kContact},
    {.name = "state", .kind = privacy::DataKind::kTechnical},
    {.name = "attempts", .kind = privacy::DataKind::kTechnical},
    {.name = "next_attempt_time", .kind = privacy::DataKind::kTechnical},
    {.name = "lease_token"},
    {.name = "last_error", .kind = privacy::DataKind::kTechnical},
    {.name = "create_time", .kind = privacy::DataKind::kTechnical},
    {.name = "finish_time", .kind = privacy::DataKind::kTechnical},
};
inline constexpr privacy::Link kOutboxLinks[] = {{.column = "recipient_id"}};

inline constexpr privacy::Column kAttemptColumns[] = {
    {.name = "notification_id", .export_as = privacy::Export::kContext},
    {.name = "attempt"},
    {.name = "attempt_time", .kind = privacy::DataKind::kTechnical},
    {.name = "duration_ms"},
    {.name = "outcome", .kind = privacy::DataKind::kTechnical},
    {.name = "detail", .kind = privacy::DataKind::kTechnical},
};
inline constexpr privacy::Link kAttemptLinks[] = {
    {.column = "notification_id",
     .condition = "notification_id IN (SELECT id FROM notification_outbox "
                  "WHERE recipient_id = ?)"},
};

// Before the outbox in a map: the attempts find the person's rows through it.
inline constexpr privacy::Table kAttemptsTable = {
    .name = "notification_attempts",
    .purpose = "The delivery log of each e-mail attempt.",
    .links = kAttemptLinks,
    .columns = kAttemptColumns,
    .readers = "operators",
    .retention = "90 days after the attempt",
    .retention_days = 90,
    .expiry = {.condition = "attempt_time < ?"}};

// `purpose` names the service's messages.
constexpr privacy::Table OutboxTable(absl::string_view purpose) {
  return {
      .name = "notification_outbox",
      .purpose = purpose,
      .links = kOutboxLinks,
      .columns = kOutboxColumns,
      .readers = "operators; the recipient receives it",
      .retention = "90 days after it was sent or given up",
      .retention_days = 90,
      // state 1 is pending: only finished messages expire.
      .expiry = {.condition =
                     "state <> 1 AND COALESCE(finish_time, create_time) < ?"}};
}

}  // namespace samen::notify
