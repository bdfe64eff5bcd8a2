// The Partners API over HTTP, through a real samen-gateway in front of a real
// samen-server over the test MariaDB: what a phone or a web page sees.

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/common/auth/auth.h"
#include "tests/support/http_client.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen {
namespace {

using testing::Bearer;
using ::testing::HasSubstr;
using testing::HttpClient;
using testing::HttpResponse;

google::protobuf::Struct Json(const std::string& body) {
  google::protobuf::Struct s;
  auto status = google::protobuf::util::JsonStringToMessage(body, &s);
  EXPECT_TRUE(status.ok()) << body;
  return s;
}

std::string Field(const std::string& body, const std::string& key) {
  auto s = Json(body);
  auto it = s.fields().find(key);
  if (it == s.fields().end()) {
    return "";
  }
  return it->second.has_string_value()
             ? it->second.string_value()
             : std::to_string(it->second.number_value());
}

class PartnersHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { stack_ = new testing::Stack(); }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  void SetUp() override {
    client_ = std::make_unique<HttpClient>("127.0.0.1", stack_->gateway_port());
  }

  static std::string Admin() {
    return testing::MintTestToken("demo-admin", "admin");
  }
  static std::string Coordinator() {
    return testing::MintTestToken("coord-osof",
                                  "coordinator@partnerships/osof");
  }
  static std::string Starter() {
    return testing::MintTestToken(
        "starter-noor", "starter@organisations/almere-college-dronten");
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& token, const std::string& body = "") {
    return client_->Request(method, target, body, Bearer(token));
  }

  static testing::Stack* stack_;
  std::unique_ptr<HttpClient> client_;
};

testing::Stack* PartnersHttpTest::stack_ = nullptr;

TEST_F(PartnersHttpTest,
       ListsTheSevenDemoPartnershipsAndPagesWithNextPageToken) {
  HttpResponse all = Call("GET", "/v1/partnerships", Starter());
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_THAT(all.header("content-type"), HasSubstr("application/json"));
  auto list = Json(all.body);
  EXPECT_EQ(list.fields().at("partnerships").list_value().values_size(), 7);
  for (const char* name :
       {"Opleidingsschool Oostelijk Flevoland", "Opleidingshuis",
        "Regionale Opleidingsschool Rijnmond",
        "Fryske Opliedingsskoalle (FROSK)", "Partnerschap 2"}) {
    EXPECT_THAT(all.body, HasSubstr(name));
  }

  std::string token;
  int seen = 0;
  int pages = 0;
  do {
    std::string target = "/v1/partnerships?page_size=2";
    if (!token.empty()) {
      target += "&page_token=" + token;
    }
    HttpResponse page = Call("GET", target, Starter());
    ASSERT_EQ(page.status, 200) << page.body;
    auto json = Json(page.body);
    seen += json.fields().at("partnerships").list_value().values_size();
    token = Field(page.body, "nextPageToken");
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(seen, 7);
  EXPECT_EQ(pages, 4);
}

TEST_F(PartnersHttpTest, CreateGetPatchDeleteRoundTrip) {
  const std::string display =
      "Zeeuwse \\\"Coöperatie\\\" '; DROP TABLE partnerships; -- 🎓 ë ï";
  HttpResponse created = Call(
      "POST", "/v1/partnerships?partnership_id=zeeland", Admin(),
      R"({"displayName":")" + display +
          R"(","region":"Zeeland","status":"ASPIRING","sectors":["VO","MBO"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("location"), "/v1/partnerships/zeeland");
  const std::string verbatim =
      "Zeeuwse \"Coöperatie\" '; DROP TABLE partnerships; -- 🎓 ë ï";
  EXPECT_EQ(Field(created.body, "displayName"), verbatim);

  HttpResponse got = Call("GET", "/v1/partnerships/zeeland", Starter());
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(Field(got.body, "displayName"), verbatim);
  const std::string etag = Field(got.body, "etag");
  // Last-Modified is the resource's update_time as an HTTP-date, whatever
  // fields= keeps.
  absl::Time modified;
  std::string error;
  ASSERT_TRUE(absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT",
                              got.header("last-modified"), absl::UTCTimeZone(),
                              &modified, &error))
      << got.header("last-modified");
  EXPECT_LT(absl::AbsDuration(absl::Now() - modified), absl::Minutes(5));
  EXPECT_EQ(Call("GET", "/v1/partnerships/zeeland?fields=name", Starter())
                .header("last-modified"),
            got.header("last-modified"));

  HttpResponse patched =
      Call("PATCH", "/v1/partnerships/zeeland", Admin(),
           R"({"region":"Zeeuws-Vlaanderen","etag":")" + etag + R"("})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Field(patched.body, "region"), "Zeeuws-Vlaanderen");
  EXPECT_EQ(Field(patched.body, "displayName"), verbatim);

  // The etag read before the PATCH is stale now: 409 and nothing changes.
  HttpResponse stale = Call("PATCH", "/v1/partnerships/zeeland", Admin(),
                            R"({"region":"Elders","etag":")" + etag + R"("})");
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(
      Field(Call("GET", "/v1/partnerships/zeeland", Admin()).body, "region"),
      "Zeeuws-Vlaanderen");

  HttpResponse deleted = Call("DELETE", "/v1/partnerships/zeeland", Admin());
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_TRUE(deleted.body.empty());
  EXPECT_EQ(Call("GET", "/v1/partnerships/zeeland", Admin()).status, 404);
}

TEST_F(PartnersHttpTest, BadInputIsA4xxThatNamesTheProblemAndChangesNothing) {
  const std::string target = "/v1/partnerships?partnership_id=bad-input";
  HttpResponse malformed =
      Call("POST", target, Admin(), R"({"displayName": "x",)");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_THAT(malformed.header("content-type"),
              HasSubstr("application/problem+json"));
  EXPECT_FALSE(Field(malformed.body, "detail").empty());

  HttpResponse unknown =
      Call("POST", target, Admin(), R"({"displayName":"x","colour":"red"})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_THAT(unknown.body, HasSubstr("colour"));

  HttpResponse wrong_type = Call(
      "POST", target, Admin(),
      R"({"displayName":"x","region":"y","status":"ASPIRING","foundingYear":"long ago"})");
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_THAT(wrong_type.body, HasSubstr("partnership.founding_year"));

  HttpResponse missing =
      Call("POST", target, Admin(), R"({"displayName":"x","region":"y"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_THAT(missing.body, HasSubstr("partnership.status"));

  EXPECT_EQ(Call("GET", "/v1/partnerships/bad-input", Admin()).status, 404);
}

TEST_F(PartnersHttpTest, TokensAreCheckedAtTheEdgeAndRolesInTheService) {
  EXPECT_EQ(client_->Get("/v1/partnerships").status, 401);
  HttpResponse garbage = Call("GET", "/v1/partnerships", "not.a.jwt");
  EXPECT_EQ(garbage.status, 401);
  EXPECT_THAT(garbage.header("www-authenticate"), HasSubstr("Bearer"));

  auth::Principal who;
  who.subject = "mallory";
  who.grants.push_back({"admin", ""});
  auth::MintOptions forged;
  forged.secret = "a-completely-different-secret-of-48-bytes-length";
  EXPECT_EQ(Call("GET", "/v1/partnerships", *auth::MintHs256Token(who, forged))
                .status,
            401);
  auth::MintOptions expired;
  expired.secret = testing::kTestJwtSecret;
  expired.now = absl::Now() - absl::Hours(3);
  expired.ttl = absl::Hours(1);
  EXPECT_EQ(Call("GET", "/v1/partnerships", *auth::MintHs256Token(who, expired))
                .status,
            401);

  // A starter may read but not change; a coordinator of another partnership
  // neither.
  EXPECT_EQ(
      Call("PATCH", "/v1/partnerships/osof", Starter(), R"({"region":"x"})")
          .status,
      403);
  EXPECT_EQ(Call("PATCH", "/v1/partnerships/frosk", Coordinator(),
                 R"({"region":"x"})")
                .status,
            403);
  EXPECT_EQ(
      Field(Call("GET", "/v1/partnerships/frosk", Starter()).body, "region"),
      "Friesland");
}

TEST_F(PartnersHttpTest, DuplicateNameIsAConflict) {
  HttpResponse dup = Call(
      "POST", "/v1/partnerships?partnership_id=osof-copy", Admin(),
      R"({"displayName":"Opleidingsschool Oostelijk Flevoland","region":"Flevoland","status":"ACCREDITED"})");
  EXPECT_EQ(dup.status, 409) << dup.body;
  HttpResponse dup_id = Call(
      "POST", "/v1/partnerships?partnership_id=osof", Admin(),
      R"({"displayName":"Another","region":"Flevoland","status":"ACCREDITED"})");
  EXPECT_EQ(dup_id.status, 409) << dup_id.body;
}

TEST_F(PartnersHttpTest, BodyOverOneMebibyteIs413) {
  std::string huge =
      R"({"displayName":")" + std::string(1024 * 1024 + 16, 'a') + R"("})";
  HttpResponse r =
      Call("POST", "/v1/partnerships?partnership_id=huge", Admin(), huge);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Call("GET", "/v1/partnerships/huge", Admin()).status, 404);
}

TEST_F(PartnersHttpTest, KeepsConnectionsAliveAndEchoesRequestIds) {
  HttpClient client("127.0.0.1", stack_->gateway_port());
  for (int i = 0; i < 5; ++i) {
    HttpResponse r =
        client.Request("GET", "/v1/partnerships/osof", "",
                       {{"Authorization", "Bearer " + Starter()},
                        {"X-Request-Id", "e2e-req-" + std::to_string(i)}});
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("x-request-id"), "e2e-req-" + std::to_string(i));
  }
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(PartnersHttpTest, NestedResourcesAndQueryFilters) {
  HttpResponse r = Call(
      "GET",
      "/v1/partnerships/-/memberships?organisation=organisations/rowf-schagen",
      Starter());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r.body).fields().at("memberships").list_value().values_size(),
            2);
  r = Call(
      "GET",
      "/v1/organisations?partnership=partnerships/osof&sector=MBO&type=SCHOOL",
      Starter());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(
      Json(r.body).fields().at("organisations").list_value().values_size(), 2);
  r = Call("GET", "/v1/partnerships?status=NOT_A_STATUS", Starter());
  EXPECT_EQ(r.status, 400);
}

TEST_F(PartnersHttpTest, RoleGrantsAndTheSignInLookUpOverHttp) {
  HttpResponse r =
      Call("POST", "/v1/people/starter-noor/roleGrants?role_grant_id=mentor-1",
           Coordinator(),
           R"({"role":"mentor","scope":"organisations/almere-college-dronten",)"
           R"("startDate":"2020-01-01"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Field(r.body, "name"), "people/starter-noor/roleGrants/mentor-1");
  EXPECT_EQ(Field(r.body, "grantedBy"), "coord-osof");
  r = Call("PATCH", "/v1/people/starter-noor/roleGrants/mentor-1",
           Coordinator(), R"({"endDate":"2020-06-30"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Field(r.body, "endDate"), "2020-06-30");
  r = Call("GET",
           "/v1/people/-/roleGrants?scope=organisations/almere-college-dronten",
           Coordinator());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr("people/starter-noor/roleGrants/mentor-1"));
  r = Call("GET", "/v1/people/starter-noor/roleGrantChanges", Starter());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(
      Json(r.body).fields().at("roleGrantChanges").list_value().values_size(),
      2);
  r = Call("POST", "/v1/people/starter-noor/roleGrants", Coordinator(),
           R"({"role":"admin"})");
  EXPECT_EQ(r.status, 403) << r.body;

  r = Call("GET",
           "/v1/people:lookUpSignInProfile?email=Noor.Jansen@almerecollege."
           "example",
           testing::MintTestToken("samen-identity", "service"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Field(r.body, "person"), "people/starter-noor");
  const auto grants =
      Json(r.body).fields().at("activeGrants").list_value().values();
  ASSERT_EQ(grants.size(), 1);  // the mentor grant ended in 2020
  EXPECT_EQ(grants[0].struct_value().fields().at("role").string_value(),
            "starter");
  r = Call("GET", "/v1/people:lookUpSignInProfile?person=people/starter-noor",
           Starter());
  EXPECT_EQ(r.status, 403) << r.body;
}

TEST_F(PartnersHttpTest, ACoordinatorListsThePartnershipsPeopleByRole) {
  // Every coach grant within OSOF and its member schools, and nothing else.
  HttpResponse r =
      Call("GET", "/v1/people/-/roleGrants?role=coach", Coordinator());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr("people/coach-ilse/roleGrants/"));
  EXPECT_THAT(r.body, HasSubstr("people/coach-bram/roleGrants/"));
  const auto coaches = Json(r.body);
  for (const auto& g :
       coaches.fields().at("roleGrants").list_value().values()) {
    EXPECT_EQ(g.struct_value().fields().at("role").string_value(), "coach");
  }
  // With a scope: one school's coaches; another partnership's stay hidden.
  r = Call("GET",
           "/v1/people/-/roleGrants?role=coach&scope=organisations/"
           "almere-college-dronten",
           Coordinator());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr("people/coach-ilse/roleGrants/"));
  EXPECT_THAT(r.body, ::testing::Not(HasSubstr("coach-bram")));
  r = Call("GET",
           "/v1/people/-/roleGrants?role=mentor&scope=organisations/"
           "academie-tien",
           Coordinator());
  EXPECT_EQ(r.status, 403) << r.body;
  r = Call("GET", "/v1/people/-/roleGrants?role=wizard", Coordinator());
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_THAT(r.body, HasSubstr("\"field\":\"role\""));
}

}  // namespace
}  // namespace samen
