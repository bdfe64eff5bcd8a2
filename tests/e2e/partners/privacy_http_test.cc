// A person's export and erasure over HTTP, through a real samen-gateway in
// front of a real samen-server (every service) with the demo data: the demo
// starter Noor (bookings, a coaching note, enrolments with hours) exports her
// data and downloads the ZIP (every piece in it, nothing of another starter;
// nobody else may download it); an administrator erases her; afterwards no
// service returns her name or her note, the organiser's counts still add up
// and the HR tracking export has no row for her.

#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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
using ::testing::Not;

constexpr char kNote[] = "Rust in 2B";

google::protobuf::Struct Json(const std::string& body) {
  google::protobuf::Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(body, &s).ok())
      << body;
  return s;
}

// A top-level or dotted ("response.dataExport.name") field as text.
std::string Field(const std::string& body, const std::string& path) {
  google::protobuf::Struct s = Json(body);
  const google::protobuf::Value* v = nullptr;
  const google::protobuf::Struct* at = &s;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    auto it = at->fields().find(std::string(part));
    if (it == at->fields().end()) {
      return "";
    }
    v = &it->second;
    at = &v->struct_value();
  }
  if (v == nullptr) {
    return "";
  }
  if (v->has_bool_value()) {
    return v->bool_value() ? "true" : "false";
  }
  return v->has_number_value() ? absl::StrCat(v->number_value())
                               : v->string_value();
}

std::string Token(const std::string& who, const std::string& grants) {
  return testing::MintTestToken(who, grants);
}

class PrivacyHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::StackOptions options;
    options.extra_server_args = {"--privacy_poll_interval=200ms",
                                 "--privacy_call_timeout=20s"};
    stack_ = std::make_unique<testing::Stack>(options);
    client_ = std::make_unique<HttpClient>("127.0.0.1", stack_->gateway_port());
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& token, const std::string& body = "") {
    return client_->Request(method, target, body, Bearer(token));
  }

  // Polls the operation as `token` until it is done; its last body.
  std::string WaitDone(const std::string& name, const std::string& token) {
    const absl::Time until = absl::Now() + absl::Seconds(60);
    std::string body;
    while (absl::Now() < until) {
      HttpResponse r = Call("GET", "/v1/" + name, token);
      EXPECT_EQ(r.status, 200) << r.body;
      body = r.body;
      if (r.status != 200 || Field(body, "done") == "true") {
        return body;
      }
      absl::SleepFor(absl::Milliseconds(200));
    }
    ADD_FAILURE() << name << " not done: " << body;
    return body;
  }

  std::unique_ptr<testing::Stack> stack_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(PrivacyHttpTest, StarterExportsDownloadsIsErasedAndCountsStillAddUp) {
  const std::string noor =
      Token("starter-noor", "starter@organisations/almere-college-dronten");
  const std::string admin = Token("demo-admin", "admin");
  const std::string coord =
      Token("coord-osof", "coordinator@partnerships/osof");
  const std::string coach =
      Token("coach-ilse", "coach@organisations/almere-college-dronten");
  const std::string hr =
      Token("hr-almere", "hr@organisations/almere-college-dronten");

  // The organiser's figures before.
  HttpResponse feedback = Call(
      "GET", "/v1/activities/osof-lab-oudergesprekken/feedbackSummary", coord);
  ASSERT_EQ(feedback.status, 200) << feedback.body;
  HttpResponse intervision =
      Call("GET", "/v1/activities/osof-intervisie-1", coord);
  ASSERT_EQ(intervision.status, 200) << intervision.body;
  HttpResponse tracking = Call(
      "GET", "/v1/organisations/almere-college-dronten/starterTracking:export",
      hr);
  ASSERT_EQ(tracking.status, 200) << tracking.body;
  ASSERT_THAT(tracking.body, HasSubstr("Noor"));

  // Noor asks for her data.
  HttpResponse r =
      Call("POST", "/v1/people/starter-noor:exportData", noor, "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string export_op = Field(r.body, "name");
  ASSERT_THAT(export_op, ::testing::StartsWith("operations/"));
  EXPECT_EQ(Field(r.body, "metadata.kind"), "EXPORT");
  const std::string done = WaitDone(export_op, noor);
  const std::string archive = Field(done, "response.dataExport.name");
  ASSERT_FALSE(archive.empty()) << done;

  // Only she downloads it.
  EXPECT_EQ(Call("GET", "/v1/" + archive + ":download", admin).status, 403);
  EXPECT_EQ(Call("GET", "/v1/" + archive + ":download", coach).status, 403);
  HttpResponse zip = Call("GET", "/v1/" + archive + ":download", noor);
  ASSERT_EQ(zip.status, 200) << zip.body;
  EXPECT_EQ(zip.header("content-type"), "application/zip");
  EXPECT_EQ(absl::StrCat(zip.body.size()),
            Field(done, "response.dataExport.sizeBytes"));
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/privacy-http-noor.zip");
  std::ofstream(path, std::ios::binary) << zip.body;
  ASSERT_EQ(testing::Shell(absl::StrCat("unzip -tq '", path, "'")), 0);
  auto entry = [&](const std::string& name) {
    return testing::Shell(absl::StrCat("unzip -l '", path, "' '", name,
                                       "' >/dev/null")) == 0;
  };
  for (const char* name :
       {"LEESMIJ.txt", "identity/data.json", "vacancies/data.json",
        "induction/data.json", "induction/sessions.ics",
        "professionalisation/data.json", "professionalisation/hours.csv",
        "partners/data.json"}) {
    EXPECT_TRUE(entry(name)) << name;
  }
  auto grep = [&](const std::string& member, const std::string& text) {
    return testing::Shell(absl::StrCat("unzip -p '", path, "' ", member,
                                       " | grep -qF -- '", text, "'")) == 0;
  };
  EXPECT_TRUE(grep("induction/data.json", kNote));              // the note
  EXPECT_TRUE(grep("induction/data.json", "kamer B1.12"));      // a session
  EXPECT_TRUE(grep("induction/sessions.ics", "BEGIN:VEVENT"));  // calendar
  EXPECT_TRUE(grep("professionalisation/data.json", "enrolments"));
  EXPECT_TRUE(grep("professionalisation/data.json", "Noor Jansen"));
  EXPECT_TRUE(grep("professionalisation/hours.csv", "2"));  // hours
  EXPECT_TRUE(grep("partners/data.json", "noor.jansen@almerecollege.example"));
  EXPECT_TRUE(grep("LEESMIJ.txt", "Te downloaden tot"));
  // Nothing of another starter.
  EXPECT_FALSE(grep("'*'", "starter-daan"));
  EXPECT_FALSE(grep("'*'", "Daan"));

  // Only an administrator erases, on the privacy officer's word.
  EXPECT_EQ(Call("POST", "/v1/people/starter-noor:erase", noor, "{}").status,
            403);
  EXPECT_EQ(Call("POST", "/v1/people/starter-noor:erase", coord, "{}").status,
            403);
  const std::string erase_body =
      R"({"requestId":"erase-noor-1","reason":"verzoek via de privacyfunctionaris"})";
  r = Call("POST", "/v1/people/starter-noor:erase", admin, erase_body);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string erase_op = Field(r.body, "name");
  const std::string erased = WaitDone(erase_op, admin);
  ASSERT_EQ(Field(erased, "error.message"), "") << erased;
  EXPECT_THAT(Field(erased, "metadata.person"),
              ::testing::StartsWith("people/erased-"));
  EXPECT_THAT(erased, HasSubstr("coaching_notes"));
  // The same request again: the same operation.
  r = Call("POST", "/v1/people/starter-noor:erase", admin, erase_body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Field(r.body, "name"), erase_op);

  // No service returns her name or her note.
  EXPECT_EQ(Call("GET", "/v1/people/starter-noor", admin).status, 404);
  for (const auto& [target, token] :
       std::vector<std::pair<std::string, std::string>>{
           {"/v1/people?organisation=organisations/almere-college-dronten",
            admin},
           {"/v1/starters/-/bookings?coach=people/coach-ilse", coach},
           {"/v1/activities/osof-intervisie-1/enrolments", coord},
           {"/v1/activities/osof-lab-oudergesprekken/enrolments", coord},
           {"/v1/organisations/-/starterTracking", hr}}) {
    HttpResponse after = Call("GET", target, token);
    EXPECT_EQ(after.status, 200) << target << ": " << after.body;
    EXPECT_THAT(after.body, Not(HasSubstr("Noor"))) << target;
    EXPECT_THAT(after.body, Not(HasSubstr("starter-noor"))) << target;
    EXPECT_THAT(after.body, Not(HasSubstr(kNote))) << target;
  }
  // Her old export is gone with her.
  EXPECT_EQ(Call("GET", "/v1/" + archive + ":download", noor).status, 404);

  // The organiser's figures still add up; HR's export has no row for her.
  HttpResponse feedback_after = Call(
      "GET", "/v1/activities/osof-lab-oudergesprekken/feedbackSummary", coord);
  ASSERT_EQ(feedback_after.status, 200) << feedback_after.body;
  EXPECT_EQ(Field(feedback_after.body, "completedCount"),
            Field(feedback.body, "completedCount"));
  EXPECT_EQ(Field(feedback_after.body, "averageScore"),
            Field(feedback.body, "averageScore"));
  HttpResponse intervision_after =
      Call("GET", "/v1/activities/osof-intervisie-1", coord);
  ASSERT_EQ(intervision_after.status, 200) << intervision_after.body;
  EXPECT_EQ(Field(intervision_after.body, "enrolledCount"),
            Field(intervision.body, "enrolledCount"));
  HttpResponse tracking_after = Call(
      "GET", "/v1/organisations/almere-college-dronten/starterTracking:export",
      hr);
  ASSERT_EQ(tracking_after.status, 200) << tracking_after.body;
  EXPECT_THAT(tracking_after.body, Not(HasSubstr("Noor")));
  EXPECT_THAT(tracking_after.body, Not(HasSubstr("starter-noor")));

  // Erased: she cannot be exported or erased again.
  EXPECT_EQ(
      Call("POST", "/v1/people/starter-noor:exportData", admin, "{}").status,
      404);
  EXPECT_EQ(Call("POST", "/v1/people/starter-noor:erase", admin,
                 R"({"requestId":"erase-noor-2"})")
                .status,
            404);
}

TEST_F(PrivacyHttpTest, AnAdministratorsExportOfAStudentIsOnTheirRecord) {
  const std::string admin = Token("demo-admin", "admin");
  const std::string student =
      Token("lio-osof-001", "student@organisations/windesheim");
  HttpResponse r =
      Call("POST", "/v1/people/lio-osof-001:exportData", admin, "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Field(r.body, "metadata.requestedBy"), "people/demo-admin");
  // The student sees who exported their data; their own export is no read
  // by someone else.
  r = Call("POST", "/v1/people/lio-osof-001:exportData", student, "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  HttpResponse records =
      Call("GET", "/v1/students/st-lio-osof-001/accessRecords", student);
  ASSERT_EQ(records.status, 200) << records.body;
  const auto list = Json(records.body).fields().at("records").list_value();
  int exports = 0;
  for (const auto& v : list.values()) {
    const auto& f = v.struct_value().fields();
    if (f.at("method").string_value() == "ExportPersonalData") {
      ++exports;
      EXPECT_EQ(f.at("viewer").string_value(), "people/demo-admin");
      EXPECT_EQ(f.at("viewerRole").string_value(), "admin");
    }
  }
  EXPECT_EQ(exports, 1) << records.body;
}

TEST_F(PrivacyHttpTest, AnAdministratorsExportOfAStarterIsInTheirInzage) {
  const std::string admin = Token("demo-admin", "admin");
  const std::string daan =
      Token("starter-daan", "starter@organisations/svol-havo");
  HttpResponse r =
      Call("POST", "/v1/people/starter-daan:exportData", admin, "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  WaitDone(Field(r.body, "name"), admin);
  // Daan's own export is no read by someone else.
  r = Call("POST", "/v1/people/starter-daan:exportData", daan, "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  WaitDone(Field(r.body, "name"), daan);
  HttpResponse records =
      Call("GET", "/v1/starters/starter-daan/accessRecords", daan);
  ASSERT_EQ(records.status, 200) << records.body;
  const google::protobuf::Struct json = Json(records.body);
  int exports = 0;
  for (const auto& v : json.fields().at("records").list_value().values()) {
    const auto& f = v.struct_value().fields();
    if (f.at("action").string_value() == "ExportPersonalData") {
      ++exports;
      EXPECT_EQ(f.at("viewer").string_value(), "people/demo-admin");
      EXPECT_EQ(f.at("viewerRole").string_value(), "admin");
    }
  }
  EXPECT_EQ(exports, 1) << records.body;
}

}  // namespace
}  // namespace samen
