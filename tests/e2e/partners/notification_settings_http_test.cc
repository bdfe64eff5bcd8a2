// A person's notification settings over HTTP, through a real samen-gateway in
// front of a real samen-server over the test MariaDB: what the app's
// "Meldingen" screen sends and sees.

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen {
namespace {

using testing::Bearer;
using ::testing::HasSubstr;
using testing::HttpClient;
using testing::HttpResponse;

constexpr char kNoor[] = "/v1/people/starter-noor/notificationSettings";

google::protobuf::Struct Json(const std::string& body) {
  google::protobuf::Struct s;
  auto status = google::protobuf::util::JsonStringToMessage(body, &s);
  EXPECT_TRUE(status.ok()) << body;
  return s;
}

const google::protobuf::Value& At(const google::protobuf::Struct& s,
                                  const std::string& key) {
  static const google::protobuf::Value* const kNone =
      new google::protobuf::Value();
  auto it = s.fields().find(key);
  return it == s.fields().end() ? *kNone : it->second;
}

// The `field` of each field violation in a problem+json body.
std::vector<std::string> ViolatedFields(const std::string& body) {
  std::vector<std::string> fields;
  const google::protobuf::Struct problem = Json(body);
  for (const auto& v : At(problem, "field_violations").list_value().values()) {
    fields.push_back(At(v.struct_value(), "field").string_value());
  }
  return fields;
}

class NotificationSettingsHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { stack_ = new testing::Stack(); }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  void SetUp() override {
    client_ = std::make_unique<HttpClient>("127.0.0.1", stack_->gateway_port());
  }

  static std::string Noor() {
    return testing::MintTestToken(
        "starter-noor", "starter@organisations/almere-college-dronten");
  }
  static std::string Admin() {
    return testing::MintTestToken("demo-admin", "admin");
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& token, const std::string& body = "") {
    return client_->Request(method, target, body, Bearer(token));
  }

  static testing::Stack* stack_;
  std::unique_ptr<HttpClient> client_;
};

testing::Stack* NotificationSettingsHttpTest::stack_ = nullptr;

TEST_F(NotificationSettingsHttpTest,
       GetsDefaultsPatchesWithEtagAndRefusesStale) {
  HttpResponse got = Call("GET", kNoor, Noor());
  ASSERT_EQ(got.status, 200) << got.body;
  auto defaults = Json(got.body);
  EXPECT_EQ(At(defaults, "name").string_value(),
            "people/starter-noor/notificationSettings");
  EXPECT_EQ(At(defaults, "language").string_value(), "nl");
  EXPECT_TRUE(At(defaults, "sessionReminders").bool_value());
  EXPECT_EQ(At(defaults, "reminderLead").string_value(), "86400s");
  EXPECT_TRUE(At(defaults, "hrDigest").bool_value());
  const std::string etag = At(defaults, "etag").string_value();
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(got.header("etag"), "\"" + etag + "\"");

  // The body's fields are the mask: only the lead changes.
  HttpResponse patched =
      Call("PATCH", kNoor, Noor(),
           R"({"reminderLead":"10800s","etag":")" + etag + R"("})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto saved = Json(patched.body);
  EXPECT_EQ(At(saved, "reminderLead").string_value(), "10800s");
  EXPECT_EQ(At(saved, "language").string_value(), "nl");
  EXPECT_TRUE(At(saved, "sessionReminders").bool_value());
  EXPECT_NE(At(saved, "etag").string_value(), etag);
  EXPECT_FALSE(At(saved, "updateTime").string_value().empty());

  // The etag read before is stale: 409, and nothing changes.
  HttpResponse stale =
      Call("PATCH", kNoor, Noor(),
           R"({"sessionReminders":false,"etag":")" + etag + R"("})");
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_THAT(stale.header("content-type"),
              HasSubstr("application/problem+json"));
  EXPECT_TRUE(At(Json(Call("GET", kNoor, Noor()).body), "sessionReminders")
                  .bool_value());

  // An explicit update_mask, and false as a value.
  HttpResponse masked = Call(
      "PATCH", std::string(kNoor) + "?update_mask=sessionReminders,language",
      Noor(), R"({"sessionReminders":false,"language":"en"})");
  ASSERT_EQ(masked.status, 200) << masked.body;
  auto after = Json(Call("GET", kNoor, Noor()).body);
  EXPECT_FALSE(At(after, "sessionReminders").bool_value());
  EXPECT_EQ(At(after, "language").string_value(), "en");
  EXPECT_EQ(At(after, "reminderLead").string_value(), "10800s");
}

TEST_F(NotificationSettingsHttpTest, BadValuesAre400NamingTheField) {
  const std::string daan = "/v1/people/starter-daan/notificationSettings";
  struct Bad {
    std::string body;
    std::vector<std::string> fields;
  };
  for (const Bad& b : std::vector<Bad>{
           {R"({"language":"de"})", {"notification_settings.language"}},
           {R"({"reminderLead":"1800s"})",
            {"notification_settings.reminder_lead"}},
           {R"({"reminderLead":"691200s"})",
            {"notification_settings.reminder_lead"}},
           {R"({"reminderLead":"3630s","language":"fr"})",
            {"notification_settings.language",
             "notification_settings.reminder_lead"}}}) {
    HttpResponse r = Call("PATCH", daan, Admin(), b.body);
    EXPECT_EQ(r.status, 400) << b.body << " " << r.body;
    EXPECT_EQ(ViolatedFields(r.body), b.fields) << b.body << " " << r.body;
  }
  HttpResponse mask = Call("PATCH", daan + "?update_mask=email", Admin(),
                           R"({"language":"en"})");
  EXPECT_EQ(mask.status, 400) << mask.body;
  EXPECT_THAT(mask.body, HasSubstr("update_mask"));
  // Unknown JSON fields are refused by the gateway, naming them.
  HttpResponse unknown =
      Call("PATCH", daan, Admin(), R"({"activityUpdates":false})");
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_THAT(unknown.body, HasSubstr("activityUpdates"));
  EXPECT_EQ(
      At(Json(Call("GET", daan, Admin()).body), "language").string_value(),
      "nl");
}

TEST_F(NotificationSettingsHttpTest, WhoMayReadAndChange) {
  const std::string ilse = "/v1/people/coach-ilse/notificationSettings";
  struct Row {
    std::string subject, grants, method;
    int answer;
  };
  for (const Row& row : std::vector<Row>{
           {"coach-ilse", "coach@organisations/almere-college-dronten", "GET",
            200},
           {"coach-ilse", "coach@organisations/almere-college-dronten", "PATCH",
            200},
           {"demo-admin", "admin", "GET", 200},
           {"demo-admin", "admin", "PATCH", 200},
           {"samen-notifications", "service", "GET", 200},
           {"samen-notifications", "service", "PATCH", 403},
           {"hr-almere", "hr@organisations/almere-college-dronten", "GET", 403},
           {"hr-almere", "hr@organisations/almere-college-dronten", "PATCH",
            403},
           {"coord-osof", "coordinator@partnerships/osof", "GET", 403},
           {"starter-noor", "starter@organisations/almere-college-dronten",
            "GET", 403},
           {"starter-noor", "starter@organisations/almere-college-dronten",
            "PATCH", 403},
           {"vacaturesite", "integration", "GET", 403}}) {
    HttpResponse r =
        Call(row.method, ilse, testing::MintTestToken(row.subject, row.grants),
             row.method == "PATCH" ? R"({"hrDigest":false})" : "");
    EXPECT_EQ(r.status, row.answer)
        << row.subject << " " << row.method << " " << r.body;
  }
  EXPECT_EQ(client_->Get(ilse).status, 401);
  EXPECT_EQ(
      Call("GET", "/v1/people/nobody/notificationSettings", Admin()).status,
      404);
  EXPECT_EQ(
      Call("GET", "/v1/people/nobody/notificationSettings", Noor()).status,
      403);
}

}  // namespace
}  // namespace samen
