#pragma once

// Pure decisions about a person's notification settings
// (people/{person}/notificationSettings): the name, the defaults a person has
// before saving any, valid values, the fields an update may name, and who may
// read and change them. No I/O: unit-tested in tests/unit/partners.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "samen/partners/v1/resources.pb.h"
#include "services/common/auth/auth.h"

namespace samen::partners {

namespace v1 = ::samen::partners::v1;

// The shortest and longest time before a session a reminder may go out.
inline constexpr absl::Duration kMinReminderLead = absl::Hours(1);
inline constexpr absl::Duration kMaxReminderLead = absl::Hours(7 * 24);

// "people/{person}/notificationSettings" -> the person's id; INVALID_ARGUMENT
// naming `field` otherwise.
absl::StatusOr<std::string> ParseNotificationSettingsName(
    absl::string_view name, absl::string_view field);
std::string NotificationSettingsName(absl::string_view person_id);

// What a person who never saved settings has: language "nl", session reminders
// 24 hours before, the HR digest on. Name set; etag and times not.
v1::NotificationSettings DefaultNotificationSettings(
    absl::string_view person_id);

// `language` is "nl" or "en"; `reminder_lead` is whole minutes from 1 hour to
// 7 days. INVALID_ARGUMENT with a field violation per wrong field, named under
// `prefix` ("notification_settings.language").
absl::Status ValidateNotificationSettings(const v1::NotificationSettings& s,
                                          absl::string_view prefix);

// Fields an update may name: language, session_reminders, reminder_lead,
// hr_digest.
const std::vector<std::string>& UpdatableNotificationSettingsFields();

// Reading: the person themself, administrators and Samen's own services (the
// unscoped `service` role, which sends the e-mail). PERMISSION_DENIED
// otherwise.
absl::Status MayReadNotificationSettings(const auth::Principal& who,
                                         absl::string_view person_id);
// Changing: the person themself and administrators. PERMISSION_DENIED
// otherwise.
absl::Status MayUpdateNotificationSettings(const auth::Principal& who,
                                           absl::string_view person_id);

}  // namespace samen::partners
