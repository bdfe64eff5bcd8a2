// Notification settings (people/{person}/notificationSettings) as a black box:
// samen-server over the test MariaDB with the demo data, driven over real
// gRPC. The defaults for someone who never saved any, masked updates with
// etags, bad values naming the field, and who may read and change them.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "tests/integration/partners/partners_grpc_fixture.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen::partners {
namespace {

namespace v1 = ::samen::partners::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kAlmere[] = "organisations/almere-college-dronten";

class NotificationSettingsTest : public PartnersGrpcTest {
 protected:
  static std::string Service() {
    return testing::MintTestToken("samen-notifications", "service");
  }
  static std::string Starter(const std::string& who) {
    return testing::MintTestToken(who, std::string("starter@") + kAlmere);
  }
  static std::string Name(const std::string& person) {
    return "people/" + person + "/notificationSettings";
  }

  static grpc::Status Get(const std::string& token, const std::string& person,
                          v1::NotificationSettings* out) {
    v1::GetNotificationSettingsRequest req;
    req.set_name(Name(person));
    return stub_->GetNotificationSettings(As(token).get(), req, out);
  }
  static v1::NotificationSettings Get(const std::string& person) {
    v1::NotificationSettings s;
    grpc::Status st = Get(Admin(), person, &s);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return s;
  }
  // Updates `person`'s settings to `patch` (name filled in) with `paths`.
  static grpc::Status Update(const std::string& token,
                             const std::string& person,
                             v1::NotificationSettings patch,
                             const std::vector<std::string>& paths,
                             v1::NotificationSettings* out) {
    v1::UpdateNotificationSettingsRequest req;
    patch.set_name(Name(person));
    *req.mutable_notification_settings() = std::move(patch);
    for (const auto& p : paths) {
      req.mutable_update_mask()->add_paths(p);
    }
    return stub_->UpdateNotificationSettings(As(token).get(), req, out);
  }
};

TEST_F(NotificationSettingsTest, SomeoneWhoNeverSavedReadsTheDefaults) {
  v1::NotificationSettings s;
  grpc::Status st = Get(Starter("starter-daan"), "starter-daan", &s);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(s.name(), "people/starter-daan/notificationSettings");
  EXPECT_EQ(s.language(), "nl");
  EXPECT_TRUE(s.session_reminders());
  EXPECT_EQ(s.reminder_lead().seconds(), 24 * 3600);
  EXPECT_TRUE(s.hr_digest());
  EXPECT_FALSE(s.has_update_time());
  // The defaults' etag is stable, and differs between people.
  EXPECT_FALSE(s.etag().empty());
  EXPECT_EQ(Get("starter-daan").etag(), s.etag());
  EXPECT_NE(Get("coach-ilse").etag(), s.etag());
}

TEST_F(NotificationSettingsTest, UpdateChangesTheMaskedFieldsAndChecksEtag) {
  const v1::NotificationSettings defaults = Get("starter-noor");
  v1::NotificationSettings patch;
  patch.set_session_reminders(false);
  patch.set_language("en");  // not in the mask: stays
  patch.set_etag(defaults.etag());
  v1::NotificationSettings saved;
  grpc::Status st = Update(Starter("starter-noor"), "starter-noor", patch,
                           {"session_reminders"}, &saved);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_FALSE(saved.session_reminders());
  EXPECT_EQ(saved.language(), "nl");
  EXPECT_EQ(saved.reminder_lead().seconds(), 24 * 3600);
  EXPECT_TRUE(saved.has_update_time());
  EXPECT_NE(saved.etag(), defaults.etag());
  EXPECT_EQ(Get("starter-noor").etag(), saved.etag());

  // The defaults' etag is stale now: ABORTED, and nothing changes.
  patch.set_session_reminders(true);
  v1::NotificationSettings out;
  EXPECT_EQ(Update(Starter("starter-noor"), "starter-noor", patch,
                   {"session_reminders"}, &out)
                .error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_FALSE(Get("starter-noor").session_reminders());

  // With the fresh etag; JSON spelling in the mask works too.
  v1::NotificationSettings lead;
  lead.mutable_reminder_lead()->set_seconds(3 * 3600);
  lead.set_language("en");
  lead.set_etag(saved.etag());
  st = Update(Starter("starter-noor"), "starter-noor", lead,
              {"reminderLead", "language"}, &out);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(out.reminder_lead().seconds(), 3 * 3600);
  EXPECT_EQ(out.language(), "en");
  EXPECT_FALSE(out.session_reminders());
  EXPECT_NE(out.etag(), saved.etag());
  // Without an etag, the last writer wins (as for every resource).
  v1::NotificationSettings digest;
  digest.set_hr_digest(false);
  st = Update(Admin(), "starter-noor", digest, {"hr_digest"}, &out);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_FALSE(out.hr_digest());
  EXPECT_EQ(out.language(), "en");
}

TEST_F(NotificationSettingsTest, BadValuesNameTheFieldAndChangeNothing) {
  const v1::NotificationSettings before = Get("coach-bram");
  struct Bad {
    std::string language;
    int64_t lead_seconds;
    std::vector<std::string> paths;
    std::vector<std::string> fields;
  };
  for (const Bad& b : std::vector<Bad>{
           {"de", 3600, {"language"}, {"notification_settings.language"}},
           {"nl",
            1800,
            {"reminder_lead"},
            {"notification_settings.reminder_lead"}},
           {"nl",
            8 * 86400,
            {"reminder_lead"},
            {"notification_settings.reminder_lead"}},
           {"nl",
            3630,
            {"reminder_lead"},
            {"notification_settings.reminder_lead"}},
           {"fr",
            60,
            {"language", "reminder_lead"},
            {"notification_settings.language",
             "notification_settings.reminder_lead"}},
           {"nl", 3600, {"email"}, {"update_mask"}},
           {"nl", 3600, {"etag", "display_name"}, {"update_mask"}}}) {
    v1::NotificationSettings patch;
    patch.set_language(b.language);
    patch.mutable_reminder_lead()->set_seconds(b.lead_seconds);
    v1::NotificationSettings out;
    grpc::Status st = Update(Admin(), "coach-bram", patch, b.paths, &out);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << b.language << " " << b.lead_seconds;
    EXPECT_EQ(ViolatedFields(st), b.fields)
        << b.language << " " << b.lead_seconds << " " << st.error_message();
  }
  // A malformed name is named too.
  v1::UpdateNotificationSettingsRequest req;
  req.mutable_notification_settings()->set_name("people/coach-bram");
  v1::NotificationSettings out;
  grpc::Status st =
      stub_->UpdateNotificationSettings(As(Admin()).get(), req, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(st), ElementsAre("notification_settings.name"));
  EXPECT_EQ(Get("coach-bram").etag(), before.etag());
}

TEST_F(NotificationSettingsTest, ThePersonAdminsAndServicesReadOthersDoNot) {
  struct Reader {
    std::string token;
    grpc::StatusCode code;
  };
  const std::vector<Reader> readers = {
      {Starter("starter-noor"), grpc::StatusCode::OK},
      {Admin(), grpc::StatusCode::OK},
      {Service(), grpc::StatusCode::OK},
      {Starter("starter-daan"), grpc::StatusCode::PERMISSION_DENIED},
      {testing::MintTestToken("hr-almere", std::string("hr@") + kAlmere),
       grpc::StatusCode::PERMISSION_DENIED},
      {testing::MintTestToken("coach-ilse", std::string("coach@") + kAlmere),
       grpc::StatusCode::PERMISSION_DENIED},
      {testing::MintTestToken("coord-osof", "coordinator@partnerships/osof"),
       grpc::StatusCode::PERMISSION_DENIED},
      {testing::MintTestToken("vacaturesite", "integration"),
       grpc::StatusCode::PERMISSION_DENIED},
      {testing::MintTestToken("samen-x", std::string("service@") + kAlmere),
       grpc::StatusCode::PERMISSION_DENIED}};
  for (size_t i = 0; i < readers.size(); ++i) {
    v1::NotificationSettings s;
    EXPECT_EQ(Get(readers[i].token, "starter-noor", &s).error_code(),
              readers[i].code)
        << "reader " << i;
  }
}

TEST_F(NotificationSettingsTest, ThePersonAndAdminsChangeNobodyElse) {
  struct Writer {
    std::string token;
    grpc::StatusCode code;
  };
  const std::vector<Writer> writers = {
      {testing::MintTestToken("coach-ilse", std::string("coach@") + kAlmere),
       grpc::StatusCode::OK},  // the person themself
      {Admin(), grpc::StatusCode::OK},
      {Service(), grpc::StatusCode::PERMISSION_DENIED},
      {Starter("starter-noor"), grpc::StatusCode::PERMISSION_DENIED},
      {testing::MintTestToken("hr-almere", std::string("hr@") + kAlmere),
       grpc::StatusCode::PERMISSION_DENIED},
      {testing::MintTestToken("coord-osof", "coordinator@partnerships/osof"),
       grpc::StatusCode::PERMISSION_DENIED}};
  for (size_t i = 0; i < writers.size(); ++i) {
    const bool before = Get("coach-ilse").session_reminders();
    v1::NotificationSettings patch;
    patch.set_session_reminders(!before);
    v1::NotificationSettings out;
    EXPECT_EQ(Update(writers[i].token, "coach-ilse", patch,
                     {"session_reminders"}, &out)
                  .error_code(),
              writers[i].code)
        << "writer " << i;
    EXPECT_EQ(Get("coach-ilse").session_reminders(),
              writers[i].code == grpc::StatusCode::OK ? !before : before)
        << "writer " << i;
  }
}

TEST_F(NotificationSettingsTest, OnlyThoseWhoMayReadLearnThatNobodyIsThere) {
  v1::NotificationSettings s;
  EXPECT_EQ(Get(Admin(), "no-such-person", &s).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(Service(), "no-such-person", &s).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(Starter("no-such-person"), "no-such-person", &s).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(Starter("starter-noor"), "no-such-person", &s).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::NotificationSettings patch;
  patch.set_hr_digest(false);
  EXPECT_EQ(
      Update(Admin(), "no-such-person", patch, {"hr_digest"}, &s).error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Update(Service(), "no-such-person", patch, {"hr_digest"}, &s)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(NotificationSettingsTest, SettingsGoWithThePerson) {
  v1::CreatePersonRequest create;
  create.set_person_id("leaver-1");
  create.mutable_person()->set_display_name("Leaver");
  auto* affiliation = create.mutable_person()->add_affiliations();
  affiliation->set_organisation(kAlmere);
  affiliation->add_roles(v1::STARTER);
  v1::Person person;
  grpc::Status st = stub_->CreatePerson(As(Admin()).get(), create, &person);
  ASSERT_TRUE(st.ok()) << st.error_message();
  v1::NotificationSettings patch;
  patch.set_language("en");
  v1::NotificationSettings out;
  ASSERT_TRUE(Update(Admin(), "leaver-1", patch, {"language"}, &out).ok());
  v1::DeletePersonRequest del;
  del.set_name("people/leaver-1");
  google::protobuf::Empty empty;
  ASSERT_TRUE(stub_->DeletePerson(As(Admin()).get(), del, &empty).ok());
  // Created again, the person starts from the defaults.
  ASSERT_TRUE(stub_->CreatePerson(As(Admin()).get(), create, &person).ok());
  EXPECT_EQ(Get("leaver-1").language(), "nl");
}

}  // namespace
}  // namespace samen::partners
