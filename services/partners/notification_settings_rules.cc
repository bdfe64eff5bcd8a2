#include "services/partners/notification_settings_rules.h"

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"

namespace samen::partners {
namespace {

bool IsSelf(const auth::Principal& who, absl::string_view person_id) {
  return !who.subject.empty() && who.subject == person_id;
}

absl::Duration FromProto(const google::protobuf::Duration& d) {
  return absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
}

}  // namespace

absl::StatusOr<std::string> ParseNotificationSettingsName(
    absl::string_view name, absl::string_view field) {
  return resource::ParseNameId(name, "people/{person}/notificationSettings",
                               field);
}

std::string NotificationSettingsName(absl::string_view person_id) {
  return absl::StrCat("people/", person_id, "/notificationSettings");
}

v1::NotificationSettings DefaultNotificationSettings(
    absl::string_view person_id) {
  v1::NotificationSettings s;
  s.set_name(NotificationSettingsName(person_id));
  s.set_language("nl");
  s.set_session_reminders(true);
  s.mutable_reminder_lead()->set_seconds(24 * 3600);
  s.set_hr_digest(true);
  return s;
}

absl::Status ValidateNotificationSettings(const v1::NotificationSettings& s,
                                          absl::string_view prefix) {
  std::vector<FieldViolation> wrong;
  if (s.language() != "nl" && s.language() != "en") {
    wrong.push_back({absl::StrCat(prefix, ".language"),
                     "must be \"nl\" (Dutch) or \"en\" (English)"});
  }
  const absl::Duration lead = FromProto(s.reminder_lead());
  if (lead < kMinReminderLead || lead > kMaxReminderLead ||
      absl::Trunc(lead, absl::Minutes(1)) != lead) {
    wrong.push_back({absl::StrCat(prefix, ".reminder_lead"),
                     "must be whole minutes from 1 hour (3600s) to 7 days "
                     "(604800s)"});
  }
  if (wrong.empty()) {
    return absl::OkStatus();
  }
  std::string message;
  for (const auto& w : wrong) {
    absl::StrAppend(&message, message.empty() ? "" : "; ", w.field, ": ",
                    w.description);
  }
  return WithFieldViolations(absl::InvalidArgumentError(message), wrong);
}

const std::vector<std::string>& UpdatableNotificationSettingsFields() {
  static const auto* fields = new std::vector<std::string>{
      "language", "session_reminders", "reminder_lead", "hr_digest"};
  return *fields;
}

absl::Status MayReadNotificationSettings(const auth::Principal& who,
                                         absl::string_view person_id) {
  if (IsSelf(who, person_id) || who.IsAdmin() ||
      who.HasRoleIn(auth::kService, "")) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "only the person themself, administrators and Samen's own services read "
      "notification settings");
}

absl::Status MayUpdateNotificationSettings(const auth::Principal& who,
                                           absl::string_view person_id) {
  if (IsSelf(who, person_id) || who.IsAdmin()) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "only the person themself and administrators change notification "
      "settings");
}

}  // namespace samen::partners
