// The Professionalisation API over HTTP, through a real samen-gateway in front
// of two samen-server replicas over the test MariaDB, with the demo data: what
// the app and the organisers' web pages see.

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
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
using ::testing::StartsWith;

google::protobuf::Struct Json(const std::string& body) {
  google::protobuf::Struct s;
  auto status = google::protobuf::util::JsonStringToMessage(body, &s);
  EXPECT_TRUE(status.ok()) << body;
  return s;
}

// A top-level field as text ("" when absent; numbers without decimals).
std::string Field(const std::string& body, const std::string& key) {
  auto s = Json(body);
  auto it = s.fields().find(key);
  if (it == s.fields().end()) {
    return "";
  }
  if (it->second.has_string_value()) {
    return it->second.string_value();
  }
  if (it->second.has_bool_value()) {
    return it->second.bool_value() ? "true" : "false";
  }
  return absl::StrCat(it->second.number_value());
}

std::string Token(const std::string& subject, const std::string& grants,
                  const std::string& name = "") {
  auth::Principal p;
  p.subject = subject;
  p.display_name = name;
  for (absl::string_view grant :
       absl::StrSplit(grants, ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> parts =
        absl::StrSplit(grant, absl::MaxSplits('@', 1));
    p.grants.push_back({parts.first, parts.second});
  }
  auth::MintOptions options;
  options.secret = testing::kTestJwtSecret;
  return *auth::MintHs256Token(p, options);
}

std::string DateIn(int days) {
  return absl::FormatTime("%Y-%m-%d", absl::Now() + absl::Hours(24 * days),
                          absl::UTCTimeZone());
}

class ProfessionalisationHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::StackOptions options;
    options.server_replicas = 2;
    stack_ = new testing::Stack(options);
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  void SetUp() override {
    client_ = std::make_unique<HttpClient>("127.0.0.1", stack_->gateway_port());
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& token, const std::string& body = "") {
    return client_->Request(method, target, body, Bearer(token));
  }

  static std::string Coordinator() {
    return Token("coord-osof", "coordinator@partnerships/osof",
                 "Femke de Vries");
  }
  static std::string Noor() {
    return Token("starter-noor", "starter@organisations/almere-college-dronten",
                 "Noor Jansen");
  }
  static std::string Mentor(const std::string& id, const std::string& name) {
    return Token(id, "mentor@organisations/svol-lyceum", name);
  }

  // An OSOF training for mentors with `capacity` places in 20 days.
  HttpResponse CreateTraining(const std::string& id, int capacity) {
    return Call(
        "POST", "/v1/activities?activity_id=" + id, Coordinator(),
        absl::StrCat(
            R"({"owner":"partnerships/osof","kind":"MENTOR_TRAINING",)",
            R"("title":"Werkplekbegeleiderstraining — coöperatief leren",)",
            R"("audiences":["MENTORS"],"capacity":)", capacity,
            R"(,"hours":2.5,"themes":["feedback geven"],"sessions":[)",
            R"({"date":")", DateIn(20), R"(","start":"15:00","end":"17:30",)",
            R"("location":"organisations/almere-college-dronten"}]})"));
  }

  static testing::Stack* stack_;
  std::unique_ptr<HttpClient> client_;
};

testing::Stack* ProfessionalisationHttpTest::stack_ = nullptr;

TEST_F(ProfessionalisationHttpTest, TheCatalogueShowsTheDemoSeason) {
  HttpResponse labs =
      Call("GET",
           "/v1/activities?owner=partnerships/opleidingshuis&kind=SKILLS_LAB"
           "&page_size=50",
           Noor());
  ASSERT_EQ(labs.status, 200) << labs.body;
  // The three-week rhythm: the labs that have not ended yet.
  EXPECT_THAT(labs.body, HasSubstr("Vaardighedenlab: oudergesprekken"));
  EXPECT_THAT(labs.body, HasSubstr("Vaardighedenlab: didactisch coachen"));
  EXPECT_THAT(labs.body, ::testing::Not(HasSubstr("Studieloopbaan")));

  HttpResponse full = Call("GET", "/v1/activities/osof-wpb-najaar", Noor());
  ASSERT_EQ(full.status, 200) << full.body;
  EXPECT_EQ(Field(full.body, "enrolledCount"), "16");
  EXPECT_EQ(Field(full.body, "waitlistedCount"), "4");
  EXPECT_EQ(Field(full.body, "freePlaces"), "");  // 0 is left out in JSON

  HttpResponse free =
      Call("GET",
           "/v1/activities?kind=MENTOR_TRAINING&only_with_free_places=true"
           "&page_size=50",
           Noor());
  ASSERT_EQ(free.status, 200) << free.body;
  EXPECT_THAT(free.body, HasSubstr("activities/oh-wpb"));
  EXPECT_THAT(free.body,
              ::testing::Not(HasSubstr("activities/osof-wpb-najaar")));
  EXPECT_THAT(free.body, ::testing::Not(HasSubstr("activities/frosk-wpb")));

  HttpResponse in_utrecht =
      Call("GET", "/v1/activities?city=Utrecht&query=intervisie", Noor());
  ASSERT_EQ(in_utrecht.status, 200);
  EXPECT_THAT(in_utrecht.body, HasSubstr("Intervisie (week 2)"));
  EXPECT_EQ(Call("GET", "/v1/activities?start_date=morgen", Noor()).status,
            400);
  EXPECT_EQ(client_->Get("/v1/activities").status, 401);
}

TEST_F(ProfessionalisationHttpTest, EnrolWaitlistCancelAndPromotion) {
  HttpResponse created = CreateTraining("e2e-wpb", 1);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("location"), "/v1/activities/e2e-wpb");
  EXPECT_EQ(Field(created.body, "title"),
            "Werkplekbegeleiderstraining — coöperatief leren");
  EXPECT_THAT(created.body, HasSubstr("Almere College Dronten"));

  const std::string anouk = Mentor("e2e-anouk", "Anouk Meijer");
  const std::string bram = Mentor("e2e-bram", "Bram de Boer");
  HttpResponse first =
      Call("POST", "/v1/activities/e2e-wpb/enrolments", anouk, "{}");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.header("location"),
            "/v1/activities/e2e-wpb/enrolments/e2e-anouk");
  EXPECT_EQ(Field(first.body, "state"), "ENROLLED");
  HttpResponse second =
      Call("POST", "/v1/activities/e2e-wpb/enrolments", bram, "{}");
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(Field(second.body, "state"), "WAITLISTED");
  EXPECT_EQ(Field(second.body, "waitlistPosition"), "1");
  // The app's "my activities": one's own enrolments across activities, with
  // state and waitlist position; nobody else's.
  HttpResponse mine =
      Call("GET", "/v1/activities/-/enrolments?person=people/e2e-bram", bram);
  ASSERT_EQ(mine.status, 200) << mine.body;
  bool listed = false;
  const auto mine_json = Json(mine.body);
  for (const auto& e :
       mine_json.fields().at("enrolments").list_value().values()) {
    const auto& f = e.struct_value().fields();
    if (f.at("name").string_value() ==
        "activities/e2e-wpb/enrolments/e2e-bram") {
      listed = true;
      EXPECT_EQ(f.at("state").string_value(), "WAITLISTED");
      EXPECT_EQ(f.at("waitlistPosition").number_value(), 1);
    }
  }
  EXPECT_TRUE(listed) << mine.body;
  EXPECT_EQ(
      Call("GET", "/v1/activities/-/enrolments?person=people/e2e-bram", anouk)
          .status,
      403);

  // A starter is not the audience: 403 with the reason.
  HttpResponse wrong =
      Call("POST", "/v1/activities/e2e-wpb/enrolments", Noor(), "{}");
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  EXPECT_THAT(wrong.header("content-type"), HasSubstr("problem+json"));
  EXPECT_THAT(wrong.body, HasSubstr("AUDIENCE_MISMATCH"));

  HttpResponse cancelled =
      Call("POST", "/v1/activities/e2e-wpb/enrolments/e2e-anouk:cancel", anouk,
           R"({"reason":"ziek"})");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(Field(cancelled.body, "state"), "CANCELLED");
  HttpResponse promoted =
      Call("GET", "/v1/activities/e2e-wpb/enrolments/e2e-bram", bram);
  ASSERT_EQ(promoted.status, 200);
  EXPECT_EQ(Field(promoted.body, "state"), "ENROLLED");
  EXPECT_EQ(Field(promoted.body, "promoted"), "true");

  HttpResponse events = Call(
      "GET", "/v1/enrolmentEvents?activity=activities/e2e-wpb", Coordinator());
  ASSERT_EQ(events.status, 200) << events.body;
  EXPECT_THAT(events.body, HasSubstr("\"PROMOTED\""));
  EXPECT_THAT(events.body, HasSubstr("people/e2e-bram"));

  HttpResponse participants = Call(
      "GET", "/v1/activities/e2e-wpb/enrolments?state=ENROLLED", Coordinator());
  ASSERT_EQ(participants.status, 200);
  EXPECT_THAT(participants.body, HasSubstr("Bram de Boer"));
  EXPECT_THAT(participants.body, ::testing::Not(HasSubstr("Anouk")));
  EXPECT_EQ(Call("GET", "/v1/activities/e2e-wpb/enrolments", bram).status, 403);

  HttpResponse sheet =
      Call("GET", "/v1/activities/e2e-wpb:exportSignInSheet", Coordinator());
  ASSERT_EQ(sheet.status, 200) << sheet.body;
  EXPECT_THAT(sheet.header("content-type"), HasSubstr("text/csv"));
  EXPECT_THAT(sheet.body, StartsWith("\xEF\xBB\xBF"
                                     "Activiteit,"));
  EXPECT_THAT(sheet.body, HasSubstr("Bram de Boer,people/e2e-bram"));
}

TEST_F(ProfessionalisationHttpTest, WindowAndDeadlineRulesAnswer4xx) {
  HttpResponse created = CreateTraining("e2e-closed", 5);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string etag = Field(created.body, "etag");
  // Close enrolment in the past, with the etag just read.
  HttpResponse closed = Call(
      "PATCH", "/v1/activities/e2e-closed", Coordinator(),
      absl::StrCat(R"({"enrolmentOpenTime":"2020-01-01T00:00:00Z",)",
                   R"("enrolmentCloseTime":"2020-02-01T00:00:00Z","etag":")",
                   etag, R"("})"));
  ASSERT_EQ(closed.status, 200) << closed.body;
  HttpResponse late = Call("POST", "/v1/activities/e2e-closed/enrolments",
                           Mentor("e2e-late", "Late"), "{}");
  EXPECT_EQ(late.status, 400) << late.body;
  EXPECT_THAT(late.body, HasSubstr("ENROLMENT_CLOSED"));
  // The old etag no longer matches.
  EXPECT_EQ(Call("PATCH", "/v1/activities/e2e-closed", Coordinator(),
                 absl::StrCat(R"({"capacity":6,"etag":")", etag, R"("})"))
                .status,
            409);
  // A bad field is named.
  HttpResponse bad =
      Call("POST", "/v1/activities?activity_id=e2e-bad", Coordinator(),
           R"({"owner":"partnerships/osof","kind":"SYMPOSIUM",)"
           R"("title":"x","capacity":0,"sessions":[]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("activity.sessions"));
}

TEST_F(ProfessionalisationHttpTest, RecordHoursAndCompletionsForInduction) {
  // Demo: Noor completed the intervision (2 h) and the parent-talk lab (3 h).
  HttpResponse record =
      Call("GET", "/v1/people/starter-noor/developmentRecord", Noor());
  ASSERT_EQ(record.status, 200) << record.body;
  EXPECT_EQ(Field(record.body, "totalHours"), "5");
  EXPECT_THAT(record.body, HasSubstr("Vaardighedenlab: oudergesprekken"));
  HttpResponse hr =
      Call("GET", "/v1/people/starter-noor/developmentRecord",
           Token("hr-almere", "hr@organisations/almere-college-dronten"));
  EXPECT_EQ(hr.status, 200) << hr.body;
  EXPECT_EQ(Call("GET", "/v1/people/starter-noor/developmentRecord",
                 Token("starter-daan", "starter@organisations/svol-havo"))
                .status,
            403);

  HttpResponse csv =
      Call("GET", "/v1/people/starter-noor/developmentRecord:export", Noor());
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_THAT(csv.body, StartsWith("\xEF\xBB\xBF"
                                   "Schooljaar,"));
  EXPECT_THAT(csv.body, HasSubstr(",,Totaal,,,5.00,\r\n"));

  HttpResponse check =
      Call("POST", "/v1/people/starter-noor:checkCompletions",
           Token("coach-ilse", "coach@organisations/almere-college-dronten"),
           R"j({"activities":["activities/osof-lab-oudergesprekken",)j"
           R"j("Intervisie startende leraren (1)","Symposium"]})j");
  ASSERT_EQ(check.status, 200) << check.body;
  auto results = Json(check.body).fields().at("results").list_value();
  ASSERT_EQ(results.values_size(), 3);
  auto completed = [&](int i) {
    const auto& f = results.values(i).struct_value().fields();
    auto it = f.find("completed");
    return it != f.end() && it->second.bool_value();
  };
  EXPECT_TRUE(completed(0));
  EXPECT_TRUE(completed(1));
  EXPECT_FALSE(completed(2));

  HttpResponse feedback =
      Call("GET", "/v1/activities/osof-lab-oudergesprekken/feedbackSummary",
           Coordinator());
  ASSERT_EQ(feedback.status, 200) << feedback.body;
  EXPECT_EQ(Field(feedback.body, "averageScore"), "4.5");
}

TEST_F(ProfessionalisationHttpTest, ManagersApproveRequests) {
  // Demo: Sanne asked for the Rijnmond research workshop; her school's HR
  // decides.
  const std::string hr =
      Token("hr-maassluis", "hr@organisations/rijnmond-vo-maassluis");
  HttpResponse pending =
      Call("GET",
           "/v1/activities/-/enrolments?organisation=organisations/"
           "rijnmond-vo-maassluis&state=PENDING_APPROVAL",
           hr);
  ASSERT_EQ(pending.status, 200) << pending.body;
  EXPECT_THAT(pending.body, HasSubstr("Sanne Mulder"));
  EXPECT_EQ(Call("POST",
                 "/v1/activities/rijnmond-werkplaats/enrolments/"
                 "starter-sanne:approve",
                 Coordinator(), "{}")
                .status,
            403);
  HttpResponse approved = Call("POST",
                               "/v1/activities/rijnmond-werkplaats/enrolments/"
                               "starter-sanne:approve",
                               hr, "{}");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(Field(approved.body, "state"), "ENROLLED");
}

}  // namespace
}  // namespace samen
