// Students, placement rounds and funding over HTTP, through a real
// samen-gateway in front of a real samen-server over the test MariaDB with
// the demo data: the JSON a coordinator's screen sends and sees, custom
// methods (:propose, :publish, :forecastFunding) included.

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

class PlacementsHttpTest : public ::testing::Test {
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
  static std::string CoordOsof() {
    return testing::MintTestToken("coord-osof",
                                  "coordinator@partnerships/osof");
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& token, const std::string& body = "") {
    return client_->Request(method, target, body, Bearer(token));
  }

  static testing::Stack* stack_;
  std::unique_ptr<HttpClient> client_;
};

testing::Stack* PlacementsHttpTest::stack_ = nullptr;

TEST_F(PlacementsHttpTest, DemoRoundProposesWithExplanations) {
  // A demo student states preferences for OSOF's open round (not Dronten,
  // their school of 2026-2027: the rotation rule would refuse it).
  const std::string student = testing::MintTestToken(
      "lio-osof-003", "student@organisations/windesheim");
  HttpResponse pref =
      Call("PATCH",
           "/v1/partnerships/osof/placementRounds/round-2027-2028/preferences/"
           "st-lio-osof-003",
           student,
           R"({"choices":[{"school":"organisations/svol-lyceum",)"
           R"("reason":"dichtbij"}]})");
  ASSERT_EQ(pref.status, 200) << pref.body;
  EXPECT_THAT(pref.body, HasSubstr("svol-lyceum"));

  HttpResponse proposed = Call(
      "POST", "/v1/partnerships/osof/placementRounds/round-2027-2028:propose",
      CoordOsof(), R"({"timeLimitSeconds":60})");
  ASSERT_EQ(proposed.status, 200) << proposed.body;
  const google::protobuf::Struct round = Json(proposed.body);
  const auto& summary = At(round, "lastProposal").struct_value();
  EXPECT_EQ(At(summary, "status").string_value(), "OPTIMAL");
  EXPECT_GE(At(summary, "placed").number_value(), 120);
  EXPECT_EQ(At(summary, "objective").number_value(),
            At(summary, "bound").number_value());
  EXPECT_EQ(At(round, "capacities").list_value().values_size(), 8);

  HttpResponse mine =
      Call("GET",
           "/v1/partnerships/osof/placementRounds/round-2027-2028/placements?"
           "school=organisations/svol-lyceum",
           CoordOsof());
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_THAT(mine.body, HasSubstr("st-lio-osof-003"));
  EXPECT_THAT(mine.body, HasSubstr("preference 1"));

  // HR sees no students, not even the list.
  const std::string hr = testing::MintTestToken(
      "hr-almere", "hr@organisations/almere-college-dronten");
  EXPECT_EQ(Call("GET", "/v1/students", hr).status, 403);
}

TEST_F(PlacementsHttpTest, NewRoundPublishesOnceOverHttp) {
  const std::string stamp =
      absl::StrCat(absl::ToUnixMicros(absl::Now()) % 1000000000);
  const std::string p = "plh-" + stamp;
  ASSERT_EQ(
      Call("POST", "/v1/partnerships?partnership_id=" + p, Admin(),
           absl::StrCat(R"({"displayName":"HTTP placements )", stamp,
                        R"(","region":"Flevoland","status":"ACCREDITED"})"))
          .status,
      201);
  ASSERT_EQ(Call("POST", absl::StrCat("/v1/partnerships/", p, "/memberships"),
                 Admin(),
                 R"({"organisation":"organisations/svol-lyceum",)"
                 R"("role":"PARTNER","startDate":"2020-08-01"})")
                .status,
            201);
  const std::string person = "lio-" + p;
  ASSERT_EQ(Call("POST", "/v1/people?person_id=" + person, Admin(),
                 R"({"displayName":"Student HTTP","affiliations":[)"
                 R"({"organisation":"organisations/windesheim",)"
                 R"("roles":["STUDENT"]}]})")
                .status,
            201);
  HttpResponse created =
      Call("POST", "/v1/students?student_id=st-" + person, Admin(),
           absl::StrCat(R"({"person":"people/)", person, R"(","partnership":)",
                        R"("partnerships/)", p, R"(","institute":)",
                        R"("organisations/windesheim","category":"PABO",)",
                        R"("programmeYear":1,"startDate":"2026-09-01",)",
                        R"("home":{"postcodeArea":"8232","latitude":52.52,)",
                        R"("longitude":5.47}})"));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(At(Json(created.body), "category").string_value(), "PABO");

  const std::string round =
      absl::StrCat("/v1/partnerships/", p, "/placementRounds/r1");
  HttpResponse opened =
      Call("POST",
           absl::StrCat("/v1/partnerships/", p,
                        "/placementRounds?placement_round_id=r1"),
           Admin(),
           R"({"schoolYear":"2027-2028","capacities":[{"school":)"
           R"("organisations/svol-lyceum","places":[{"category":"PABO",)"
           R"("places":2}],"mentors":2,"countsForFunding":true,)"
           R"("latitude":52.5163,"longitude":5.479}]})");
  ASSERT_EQ(opened.status, 201) << opened.body;
  EXPECT_EQ(At(Json(opened.body), "state").string_value(), "OPEN");
  // Publishing before any proposal is refused.
  EXPECT_EQ(Call("POST", round + ":publish", Admin(), "{}").status, 400);
  ASSERT_EQ(Call("POST", round + ":propose", Admin(), "{}").status, 200);
  HttpResponse first = Call("POST", round + ":publish", Admin(), "{}");
  ASSERT_EQ(first.status, 200) << first.body;
  HttpResponse second = Call("POST", round + ":publish", Admin(), "{}");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(At(Json(first.body), "state").string_value(), "PUBLISHED");
  EXPECT_EQ(At(Json(first.body), "etag").string_value(),
            At(Json(second.body), "etag").string_value());
  HttpResponse student = Call("GET", "/v1/students/st-" + person, Admin());
  EXPECT_THAT(student.body, HasSubstr("2027-2028"));

  // The funding forecast of the round's year counts the one student.
  HttpResponse forecast = Call(
      "POST", absl::StrCat("/v1/partnerships/", p, ":forecastFunding"), Admin(),
      R"({"regulation":"fundingRegulations/tkao-staffel-v1",)"
      R"("schoolYear":"2027-2028","addSchools":[{"title":"Kampen",)"
      R"("expectedStudents":19}]})");
  ASSERT_EQ(forecast.status, 200) << forecast.body;
  const google::protobuf::Struct f = Json(forecast.body);
  EXPECT_EQ(At(f, "countedStudents").number_value(), 20);
  EXPECT_EQ(At(f, "amountEuros").string_value(), "60000");  // int64: a string
}

}  // namespace
}  // namespace samen
