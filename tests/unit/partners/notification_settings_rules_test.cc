#include "services/partners/notification_settings_rules.h"

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace samen::partners {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

auth::Principal Who(std::vector<auth::Grant> grants,
                    std::string subject = "someone") {
  auth::Principal p;
  p.subject = std::move(subject);
  p.grants = std::move(grants);
  return p;
}

std::vector<std::string> ViolatedFields(const absl::Status& s) {
  std::vector<std::string> fields;
  auto payload = s.GetPayload("type.googleapis.com/google.rpc.BadRequest");
  if (!payload.has_value()) {
    return fields;
  }
  google::rpc::BadRequest br;
  br.ParseFromString(std::string(*payload));
  for (const auto& v : br.field_violations()) {
    fields.push_back(v.field());
  }
  return fields;
}

v1::NotificationSettings WithLead(int64_t seconds, int32_t nanos = 0) {
  v1::NotificationSettings s = DefaultNotificationSettings("noor");
  s.mutable_reminder_lead()->set_seconds(seconds);
  s.mutable_reminder_lead()->set_nanos(nanos);
  return s;
}

TEST(NotificationSettingsRules, DefaultsAreDutchRemindersADayBeforeAndDigest) {
  const v1::NotificationSettings s = DefaultNotificationSettings("noor");
  EXPECT_EQ(s.name(), "people/noor/notificationSettings");
  EXPECT_EQ(s.language(), "nl");
  EXPECT_TRUE(s.session_reminders());
  EXPECT_EQ(s.reminder_lead().seconds(), 86400);
  EXPECT_TRUE(s.hr_digest());
  EXPECT_TRUE(s.etag().empty());
  EXPECT_TRUE(ValidateNotificationSettings(s, "notification_settings").ok());
}

TEST(NotificationSettingsRules, ParsesOnlyTheSingletonName) {
  EXPECT_EQ(*ParseNotificationSettingsName(
                "people/starter-noor/notificationSettings", "name"),
            "starter-noor");
  for (const char* bad :
       {"people/starter-noor", "people/starter-noor/notificationSettings/x",
        "people//notificationSettings", "people/-/notificationsettings",
        "organisations/x/notificationSettings", ""}) {
    auto parsed = ParseNotificationSettingsName(bad, "name");
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(NotificationSettingsRules, LanguageIsDutchOrEnglish) {
  for (const char* ok : {"nl", "en"}) {
    v1::NotificationSettings s = DefaultNotificationSettings("noor");
    s.set_language(ok);
    EXPECT_TRUE(ValidateNotificationSettings(s, "notification_settings").ok());
  }
  for (const char* bad : {"", "de", "NL", "nl-NL", "english"}) {
    v1::NotificationSettings s = DefaultNotificationSettings("noor");
    s.set_language(bad);
    const absl::Status st = ValidateNotificationSettings(s, "ns");
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(ViolatedFields(st), ElementsAre("ns.language")) << bad;
  }
}

TEST(NotificationSettingsRules, LeadIsWholeMinutesFromOneHourToSevenDays) {
  for (int64_t ok : {3600, 3660, 3 * 3600, 86400, 2 * 86400, 604800}) {
    EXPECT_TRUE(ValidateNotificationSettings(WithLead(ok), "n").ok()) << ok;
  }
  for (int64_t bad : {0, 60, 3540, 3599, 3601, 604801, 604860, -3600}) {
    const absl::Status st = ValidateNotificationSettings(WithLead(bad), "n");
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(ViolatedFields(st), ElementsAre("n.reminder_lead")) << bad;
  }
  EXPECT_FALSE(ValidateNotificationSettings(WithLead(3600, 1), "n").ok());
}

TEST(NotificationSettingsRules, EveryWrongFieldIsNamed) {
  v1::NotificationSettings s = WithLead(0);
  s.set_language("fr");
  const absl::Status st =
      ValidateNotificationSettings(s, "notification_settings");
  EXPECT_THAT(ViolatedFields(st),
              ElementsAre("notification_settings.language",
                          "notification_settings.reminder_lead"));
  EXPECT_THAT(st.message(), HasSubstr("notification_settings.language"));
}

TEST(NotificationSettingsRules, UpdatableFieldsAreTheFourChoices) {
  EXPECT_THAT(UpdatableNotificationSettingsFields(),
              ElementsAre("language", "session_reminders", "reminder_lead",
                          "hr_digest"));
}

TEST(NotificationSettingsAuthorization, SelfAdminAndServiceRead) {
  EXPECT_TRUE(MayReadNotificationSettings(
                  Who({{"starter", "organisations/x"}}, "noor"), "noor")
                  .ok());
  EXPECT_TRUE(MayReadNotificationSettings(Who({{"admin", ""}}), "noor").ok());
  EXPECT_TRUE(MayReadNotificationSettings(Who({{"service", ""}}), "noor").ok());
  for (const auto& who :
       {Who({}), Who({{"hr", "organisations/x"}}),
        Who({{"coordinator", "partnerships/osof"}}),
        Who({{"coach", "organisations/x"}}), Who({{"integration", ""}}),
        Who({{"service", "organisations/x"}}), Who({}, "daan")}) {
    EXPECT_EQ(MayReadNotificationSettings(who, "noor").code(),
              absl::StatusCode::kPermissionDenied);
  }
  // A subject-less principal is nobody's self.
  EXPECT_EQ(MayReadNotificationSettings(Who({}, ""), "").code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(NotificationSettingsAuthorization, OnlySelfAndAdminChange) {
  EXPECT_TRUE(MayUpdateNotificationSettings(Who({}, "noor"), "noor").ok());
  EXPECT_TRUE(MayUpdateNotificationSettings(Who({{"admin", ""}}), "noor").ok());
  for (const auto& who :
       {Who({{"service", ""}}), Who({{"hr", "organisations/x"}}),
        Who({{"coordinator", "partnerships/osof"}}), Who({}, "daan"),
        Who({}, "")}) {
    EXPECT_EQ(MayUpdateNotificationSettings(who, "noor").code(),
              absl::StatusCode::kPermissionDenied);
  }
}

}  // namespace
}  // namespace samen::partners
