// Joining a partnership over HTTP, through a real samen-gateway in front of a
// real samen-server over the test MariaDB: a coordinator starts an
// application and completes its first step with the etag, a stale etag is 409,
// and a starter is 403.

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
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

std::string Field(const std::string& body, const std::string& key) {
  google::protobuf::Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(body, &s).ok())
      << body;
  auto it = s.fields().find(key);
  return it == s.fields().end() ? "" : it->second.string_value();
}

TEST(AccessionHttp, CoordinatorStartsAndCompletesAStepWithTheEtag) {
  testing::Stack stack;
  HttpClient client("127.0.0.1", stack.gateway_port());
  const std::string admin = testing::MintTestToken("demo-admin", "admin");
  const std::string coord = testing::MintTestToken(
      "coord-p2", "coordinator@partnerships/partnerschap-2");
  const std::string org =
      absl::StrCat("join-http-", absl::ToUnixMicros(absl::Now()) % 100000000);

  HttpResponse r = client.Request(
      "POST", "/v1/organisations?organisationId=" + org,
      R"({"displayName":"Joining over HTTP","type":"SCHOOL","sector":"VO"})",
      Bearer(admin));
  ASSERT_EQ(r.status, 201) << r.body;

  r = client.Request(
      "POST",
      "/v1/partnerships/partnerschap-2/applications?applicationId=app-" + org,
      absl::StrCat(
          R"({"organisation":"organisations/)", org,
          R"(","protocol":"partnerships/partnerschap-2/accessionProtocols/toetreding"})"),
      Bearer(coord));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Field(r.body, "currentStep"), "orientation");
  const std::string etag = Field(r.body, "etag");
  const std::string app =
      "/v1/partnerships/partnerschap-2/applications/app-" + org;

  const std::string complete =
      absl::StrCat(R"({"stepId":"orientation","comment":"good talk","etag":")",
                   etag, R"("})");
  r = client.Request("POST", app + ":completeStep", complete, Bearer(coord));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Field(r.body, "currentStep"), "self-evaluation");

  r = client.Request("POST", app + ":completeStep", complete, Bearer(coord));
  EXPECT_EQ(r.status, 409) << r.body;

  r = client.Request(
      "GET", app, "",
      Bearer(testing::MintTestToken(
          "starter-noor", "starter@organisations/almere-college-dronten")));
  EXPECT_EQ(r.status, 403) << r.body;
}

}  // namespace
}  // namespace samen
