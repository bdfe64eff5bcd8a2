// services/common/directory's gRPC client against a real Partners service
// (samen-server over the test MariaDB with the demo data): what the other
// services, and the notification workers with their `service` token, read.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "services/common/directory/directory.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen::directory {
namespace {

namespace pv1 = ::samen::partners::v1;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

constexpr char kAlmere[] = "organisations/almere-college-dronten";

class DirectoryClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::StackOptions options;
    options.gateway = false;
    stack_ = new testing::Stack(options);
    channel_ = grpc::CreateChannel(stack_->server_address(0),
                                   grpc::InsecureChannelCredentials());
  }
  static void TearDownTestSuite() {
    channel_.reset();
    delete stack_;
    stack_ = nullptr;
  }
  void SetUp() override { directory_ = NewGrpcDirectory(channel_); }

  // A call made with a token for `subject` holding `grants`.
  static CallContext As(const std::string& subject, const std::string& grants) {
    CallContext call;
    call.authorization = "Bearer " + testing::MintTestToken(subject, grants);
    call.request_id = "directory-client-test";
    call.deadline = absl::Now() + absl::Seconds(20);
    return call;
  }
  static CallContext Service() { return As("samen-notifications", "service"); }
  static CallContext Admin() { return As("demo-admin", "admin"); }

  // Grants `role` in `scope` to `person` from `start` to `end` as an admin,
  // with the grant id `id` ("": the server's choice).
  static void Grant(const std::string& person, const std::string& role,
                    const std::string& scope, const std::string& start,
                    const std::string& end, const std::string& id = "") {
    auto stub = pv1::PartnersService::NewStub(channel_);
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization",
                    "Bearer " + testing::MintTestToken("demo-admin", "admin"));
    pv1::CreateRoleGrantRequest req;
    req.set_parent("people/" + person);
    req.set_role_grant_id(id);
    req.mutable_role_grant()->set_role(role);
    req.mutable_role_grant()->set_scope(scope);
    req.mutable_role_grant()->set_start_date(start);
    req.mutable_role_grant()->set_end_date(end);
    pv1::RoleGrant out;
    grpc::Status s = stub->CreateRoleGrant(&ctx, req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static testing::Stack* stack_;
  static std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<Directory> directory_;
};

testing::Stack* DirectoryClientTest::stack_ = nullptr;
std::shared_ptr<grpc::Channel> DirectoryClientTest::channel_;

TEST_F(DirectoryClientTest, TheServiceRoleReadsAnyPersonWithTheirEmail) {
  auto noor = directory_->GetPerson(Service(), "starter-noor");
  ASSERT_TRUE(noor.ok()) << noor.status();
  EXPECT_EQ(noor->id, "starter-noor");
  EXPECT_EQ(noor->email, "noor.jansen@almerecollege.example");
  EXPECT_THAT(noor->organisation_ids, ElementsAre("almere-college-dronten"));
  EXPECT_EQ(directory_->GetPerson(Service(), "no-such-person").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(DirectoryClientTest, NotificationSettingsAreTheDefaultsUntilSaved) {
  auto defaults = directory_->GetNotificationSettings(Service(), "coach-bram");
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->language, "nl");
  EXPECT_TRUE(defaults->session_reminders);
  EXPECT_EQ(defaults->reminder_lead, absl::Hours(24));
  EXPECT_TRUE(defaults->hr_digest);

  auto stub = pv1::PartnersService::NewStub(channel_);
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization",
                  "Bearer " + testing::MintTestToken("coach-bram", ""));
  pv1::UpdateNotificationSettingsRequest req;
  auto* s = req.mutable_notification_settings();
  s->set_name("people/coach-bram/notificationSettings");
  s->set_language("en");
  s->set_session_reminders(false);
  s->mutable_reminder_lead()->set_seconds(2 * 86400);
  for (const char* path : {"language", "session_reminders", "reminder_lead"}) {
    req.mutable_update_mask()->add_paths(path);
  }
  pv1::NotificationSettings saved;
  grpc::Status st = stub->UpdateNotificationSettings(&ctx, req, &saved);
  ASSERT_TRUE(st.ok()) << st.error_message();

  auto read = directory_->GetNotificationSettings(Service(), "coach-bram");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->language, "en");
  EXPECT_FALSE(read->session_reminders);
  EXPECT_EQ(read->reminder_lead, absl::Hours(48));
  EXPECT_TRUE(read->hr_digest);

  // Nobody else's token reads them; nobody is not found.
  EXPECT_EQ(directory_
                ->GetNotificationSettings(
                    As("starter-noor", std::string("starter@") + kAlmere),
                    "coach-bram")
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(directory_->GetNotificationSettings(Service(), "no-such-person")
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

TEST_F(DirectoryClientTest, PeopleWithRoleAreThoseHoldingItThereToday) {
  auto hr = directory_->PeopleWithRole(Service(), "hr", kAlmere);
  ASSERT_TRUE(hr.ok()) << hr.status();
  EXPECT_THAT(*hr, ElementsAre("hr-almere"));

  // An ended grant and a future one do not count; a second current holder
  // does, once.
  Grant("hr-svol", "hr", kAlmere, "2020-01-01", "2020-12-31");
  Grant("coach-ilse", "hr", kAlmere, "2199-01-01", "");
  Grant("starter-daan", "hr", kAlmere, "2024-01-01", "2024-12-31");
  Grant("starter-daan", "hr", kAlmere, "2025-01-01", "");
  hr = directory_->PeopleWithRole(Service(), "hr", kAlmere);
  ASSERT_TRUE(hr.ok()) << hr.status();
  EXPECT_THAT(*hr, ElementsAre("hr-almere", "starter-daan"));
  EXPECT_THAT(*hr, Not(Contains("hr-svol")));

  // Another school's HR are theirs; administrators read the same.
  auto svol =
      directory_->PeopleWithRole(Admin(), "hr", "organisations/svol-havo");
  ASSERT_TRUE(svol.ok()) << svol.status();
  EXPECT_THAT(*svol, ElementsAre("hr-svol"));

  // A starter's token may not list who holds a role.
  EXPECT_EQ(directory_
                ->PeopleWithRole(
                    As("starter-noor", std::string("starter@") + kAlmere), "hr",
                    kAlmere)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(DirectoryClientTest, PeopleWithRoleReadsEveryPage) {
  // 105 ended grants, then the one current grant: listed in grant id order,
  // it comes after the first page of 100.
  const std::string school = "organisations/svol-vmbo";
  for (int i = 0; i < 105; ++i) {
    const std::string month =
        absl::StrFormat("%04d-%02d", 2010 + i / 12, i % 12 + 1);
    Grant("coach-bram", "mentor", school, month + "-01", month + "-02",
          absl::StrFormat("a%03d", i));
  }
  Grant("coach-bram", "mentor", school, "2026-01-01", "", "zz-current");
  auto mentors = directory_->PeopleWithRole(Service(), "mentor", school);
  ASSERT_TRUE(mentors.ok()) << mentors.status();
  EXPECT_THAT(*mentors, ElementsAre("coach-bram"));
}

}  // namespace
}  // namespace samen::directory
