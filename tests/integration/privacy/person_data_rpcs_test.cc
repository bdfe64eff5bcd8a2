// ExportPersonData and ErasePersonData of the Partners, Professionalisation,
// Vacancies and Identity services over real gRPC, against one samen-server
// hosting every service: internal (no HTTP route), only the `service` role
// and administrators; the export holds the person's rows and nothing of
// someone else's (Professionalisation adds their hours as `hours.csv`); the
// erasure removes them and a second call changes nothing. The directory
// refuses person ids that are pseudonyms. (Induction's are next to its other
// tests: tests/integration/induction/person_data_test.cc.)

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "cppconn/connection.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "db/transaction.h"
#include "google/api/annotations.pb.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/identity/v1/identity_service.grpc.pb.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "samen/professionalisation/v1/professionalisation_service.grpc.pb.h"
#include "samen/vacancies/v1/vacancies.grpc.pb.h"
#include "services/common/auth/auth.h"
#include "services/common/timestamp.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen::privacy {
namespace {

namespace pv1 = ::samen::partners::v1;
namespace prv1 = ::samen::professionalisation::v1;
namespace vv1 = ::samen::vacancies::v1;
namespace iv1 = ::samen::identity::v1;

constexpr char kSchool[] = "organisations/almere-college-dronten";

// A token with a display name (MintTestToken has none).
std::string Token(const std::string& subject, const std::string& grants,
                  const std::string& display_name = "") {
  auth::Principal p;
  p.subject = subject;
  p.display_name = display_name;
  for (absl::string_view grant :
       absl::StrSplit(grants, ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> parts =
        absl::StrSplit(grant, absl::MaxSplits('@', 1));
    p.grants.push_back({parts.first, parts.second});
  }
  auth::MintOptions options;
  options.secret = samen::testing::kTestJwtSecret;
  return *auth::MintHs256Token(p, options);
}

std::string Admin() { return Token("demo-admin", "admin"); }
std::string Service() { return Token("samen-privacy", "service"); }
std::string StarterToken(const std::string& id) {
  return Token(id, std::string("starter@") + kSchool, "Starter " + id);
}
std::string Coordinator() {
  return Token("coord-osof", "coordinator@partnerships/osof", "Femke de Vries");
}

// One statement on `pool`, for rows no RPC of this stack writes.
absl::Status Exec(db::Pool& pool, const std::string& text) {
  return db::RunWithConnection(
      pool, absl::Now() + absl::Seconds(30), "test statement",
      [&](sql::Connection& c) {
        std::unique_ptr<sql::Statement> stmt(c.createStatement());
        stmt->execute(text);
        return absl::OkStatus();
      });
}

// The first column of the first row of `text`.
int64_t QueryInt(db::Pool& pool, const std::string& text) {
  auto n = db::WithConnection<int64_t>(
      pool, absl::Now() + absl::Seconds(30), "test query",
      [&](sql::Connection& c) -> absl::StatusOr<int64_t> {
        std::unique_ptr<sql::Statement> stmt(c.createStatement());
        std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery(text));
        if (!rs->next()) {
          return absl::NotFoundError("no row");
        }
        return static_cast<int64_t>(rs->getInt64(1));
      });
  EXPECT_TRUE(n.ok()) << n.status() << " " << text;
  return n.value_or(-1);
}

std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(30));
  return ctx;
}

// A fresh person id, unique in this run.
std::string Unique(const std::string& prefix) {
  static int n = 0;
  return absl::StrCat(prefix, "-", getpid() % 100000, "-", ++n);
}

class PersonDataRpcs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    samen::testing::StackOptions options;
    options.gateway = false;
    stack_ = new samen::testing::Stack(options);
    auto channel = grpc::CreateChannel(stack_->server_address(0),
                                       grpc::InsecureChannelCredentials());
    partners_ = pv1::PartnersService::NewStub(channel).release();
    professionalisation_ =
        prv1::ProfessionalisationService::NewStub(channel).release();
    vacancies_ = vv1::VacanciesService::NewStub(channel).release();
    identity_ = iv1::IdentityService::NewStub(channel).release();
    db::MysqlOptions mysql = stack_->mysql();
    mysql.database = stack_->database_prefix() + "identity";
    mysql.pool_size = 2;
    identity_db_ = new db::Pool(mysql);
  }
  static void TearDownTestSuite() {
    delete identity_db_;
    delete identity_;
    delete vacancies_;
    delete professionalisation_;
    delete partners_;
    delete stack_;
  }

  template <typename Stub>
  static grpc::Status Export(Stub& stub, const std::string& token,
                             const std::string& person, v1::PersonData* out) {
    v1::ExportPersonDataRequest req;
    req.set_person("people/" + person);
    return stub.ExportPersonData(As(token).get(), req, out);
  }
  template <typename Stub>
  static grpc::Status Erase(Stub& stub, const std::string& token,
                            const std::string& person,
                            v1::ErasePersonDataResponse* out) {
    v1::ErasePersonDataRequest req;
    req.set_person("people/" + person);
    req.set_pseudonym("erased-" + person);
    return stub.ErasePersonData(As(token).get(), req, out);
  }
  // The person's rows of `table` in an export.
  static int RowsOf(const v1::PersonData& data, const std::string& table) {
    const auto& tables = data.data().fields().at("tables").struct_value();
    auto it = tables.fields().find(table);
    return it == tables.fields().end() ? 0
                                       : it->second.list_value().values_size();
  }
  static int64_t Changed(const v1::ErasePersonDataResponse& r) {
    int64_t n = 0;
    for (const auto& t : r.tables()) {
      n += t.deleted() + t.anonymised();
    }
    return n;
  }
  // Exports, erases, exports again and erases again: `person`'s rows were
  // there, and afterwards are not; the second erasure changes nothing.
  template <typename Stub>
  static void ExportThenEraseTwice(Stub& stub, const std::string& person,
                                   const std::string& table,
                                   const std::string& other,
                                   v1::PersonData* before) {
    ASSERT_TRUE(Export(stub, Service(), person, before).ok());
    EXPECT_GE(RowsOf(*before, table), 1) << table;
    EXPECT_TRUE(absl::StrContains(before->data().ShortDebugString(), person));
    EXPECT_FALSE(absl::StrContains(before->data().ShortDebugString(), other));
    v1::ErasePersonDataResponse erased;
    grpc::Status s = Erase(stub, Service(), person, &erased);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_GT(Changed(erased), 0);
    v1::PersonData after;
    ASSERT_TRUE(Export(stub, Service(), person, &after).ok());
    EXPECT_EQ(RowsOf(after, table), 0) << table;
    v1::ErasePersonDataResponse again;
    ASSERT_TRUE(Erase(stub, Service(), person, &again).ok());
    EXPECT_EQ(Changed(again), 0);
    // The other person's rows stand.
    v1::PersonData theirs;
    ASSERT_TRUE(Export(stub, Service(), other, &theirs).ok());
    EXPECT_GE(RowsOf(theirs, table), 1) << table;
  }

  static void CreatePerson(const std::string& id) {
    pv1::CreatePersonRequest req;
    req.set_person_id(id);
    req.mutable_person()->set_display_name("Testpersoon " + id);
    req.mutable_person()->set_email(id + "@school.example");
    auto* a = req.mutable_person()->add_affiliations();
    a->set_organisation(kSchool);
    a->add_roles(pv1::STARTER);
    pv1::Person p;
    grpc::Status s = partners_->CreatePerson(As(Admin()).get(), req, &p);
    ASSERT_TRUE(s.ok()) << id << ": " << s.error_message();
  }

  static samen::testing::Stack* stack_;
  static pv1::PartnersService::Stub* partners_;
  static prv1::ProfessionalisationService::Stub* professionalisation_;
  static vv1::VacanciesService::Stub* vacancies_;
  static iv1::IdentityService::Stub* identity_;
  static db::Pool* identity_db_;
};

samen::testing::Stack* PersonDataRpcs::stack_ = nullptr;
pv1::PartnersService::Stub* PersonDataRpcs::partners_ = nullptr;
prv1::ProfessionalisationService::Stub* PersonDataRpcs::professionalisation_ =
    nullptr;
vv1::VacanciesService::Stub* PersonDataRpcs::vacancies_ = nullptr;
iv1::IdentityService::Stub* PersonDataRpcs::identity_ = nullptr;
db::Pool* PersonDataRpcs::identity_db_ = nullptr;

TEST_F(PersonDataRpcs, AreInternalAndOnlyForTheServiceRoleAndAdministrators) {
  for (const char* name :
       {"samen.partners.v1.PartnersService",
        "samen.professionalisation.v1.ProfessionalisationService",
        "samen.vacancies.v1.VacanciesService",
        "samen.identity.v1.IdentityService"}) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    ASSERT_NE(service, nullptr) << name;
    for (const char* rpc : {"ExportPersonData", "ErasePersonData"}) {
      const auto* method = service->FindMethodByName(rpc);
      ASSERT_NE(method, nullptr) << name << "." << rpc;
      EXPECT_FALSE(method->options().HasExtension(google::api::http))
          << name << "." << rpc;
    }
  }
  const std::string person = Unique("p-denied");
  CreatePerson(person);
  for (const std::string& token :
       {StarterToken(person), Coordinator(),
        Token("hr-almere", std::string("hr@") + kSchool)}) {
    auto denied = [&](auto& stub) {
      v1::PersonData data;
      EXPECT_EQ(Export(stub, token, person, &data).error_code(),
                grpc::StatusCode::PERMISSION_DENIED);
      v1::ErasePersonDataResponse erased;
      EXPECT_EQ(Erase(stub, token, person, &erased).error_code(),
                grpc::StatusCode::PERMISSION_DENIED);
    };
    denied(*partners_);
    denied(*professionalisation_);
    denied(*vacancies_);
    denied(*identity_);
  }
  // Nothing was erased by the refused calls.
  pv1::GetPersonRequest get;
  get.set_name("people/" + person);
  pv1::Person p;
  EXPECT_TRUE(partners_->GetPerson(As(Admin()).get(), get, &p).ok());
  for (const std::string& token : {Admin(), Service()}) {
    v1::PersonData data;
    EXPECT_TRUE(Export(*partners_, token, person, &data).ok());
    EXPECT_TRUE(Export(*professionalisation_, token, person, &data).ok());
    EXPECT_TRUE(Export(*vacancies_, token, person, &data).ok());
    EXPECT_TRUE(Export(*identity_, token, person, &data).ok());
  }
}

TEST_F(PersonDataRpcs, PartnersExportsAndErasesOnePerson) {
  const std::string person = Unique("p-anna");
  const std::string other = Unique("p-bram");
  CreatePerson(person);
  CreatePerson(other);
  v1::PersonData data;
  ExportThenEraseTwice(*partners_, person, "people", other, &data);
  EXPECT_TRUE(absl::StrContains(data.data().ShortDebugString(),
                                person + "@school.example"));
  pv1::GetPersonRequest get;
  get.set_name("people/" + person);
  pv1::Person p;
  EXPECT_EQ(partners_->GetPerson(As(Admin()).get(), get, &p).error_code(),
            grpc::StatusCode::NOT_FOUND);
  get.set_name("people/" + other);
  EXPECT_TRUE(partners_->GetPerson(As(Admin()).get(), get, &p).ok());
}

TEST_F(PersonDataRpcs, TheDirectoryRefusesPseudonymsAsPersonIds) {
  pv1::CreatePersonRequest req;
  req.set_person_id("erased-x");
  req.mutable_person()->set_display_name("Niemand");
  auto* a = req.mutable_person()->add_affiliations();
  a->set_organisation(kSchool);
  a->add_roles(pv1::STARTER);
  pv1::Person p;
  grpc::Status s = partners_->CreatePerson(As(Admin()).get(), req, &p);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "person_id"))
      << s.error_message();
  pv1::GetPersonRequest get;
  get.set_name("people/erased-x");
  EXPECT_EQ(partners_->GetPerson(As(Admin()).get(), get, &p).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(PersonDataRpcs, VacanciesExportsAndErasesOneProfile) {
  const std::string person = Unique("p-vera");
  const std::string other = Unique("p-wim");
  for (const std::string& id : {person, other}) {
    vv1::UpdateVacancyProfileRequest req;
    req.mutable_vacancy_profile()->set_name("people/" + id + "/vacancyProfile");
    req.mutable_vacancy_profile()->add_subjects("wiskunde");
    req.mutable_vacancy_profile()->set_degree(vv1::FIRST_DEGREE);
    vv1::VacancyProfile stored;
    grpc::Status s = vacancies_->UpdateVacancyProfile(
        As(StarterToken(id)).get(), req, &stored);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  v1::PersonData data;
  ExportThenEraseTwice(*vacancies_, person, "vacancy_profiles", other, &data);
  EXPECT_TRUE(absl::StrContains(data.data().ShortDebugString(), "wiskunde"));
}

TEST_F(PersonDataRpcs, IdentityExportsAndErasesSignInsButNoSecrets) {
  const std::string person = Unique("p-ida");
  const std::string other = Unique("p-jan");
  // Rows as a sign-in leaves them (this stack has no signing keys to sign in
  // with).
  for (const std::string& id : {person, other}) {
    ASSERT_TRUE(Exec(*identity_db_,
                     absl::StrCat("INSERT INTO person_identities (issuer_hash, "
                                  "subject, issuer, person_id, matched_email, "
                                  "create_time, last_sign_in_time) VALUES "
                                  "(REPEAT('a', 64), 'sub-",
                                  id, "', 'https://idp.example', '", id, "', '",
                                  id, "@school.example', NOW(), NOW())"))
                    .ok());
  }
  ASSERT_TRUE(Exec(*identity_db_,
                   absl::StrCat("INSERT INTO web_sessions (id, "
                                "secret_hash, person_id, provider_id, "
                                "id_token, csrf_token, user_agent, "
                                "create_time, last_seen_time, "
                                "expire_time) VALUES (LEFT(MD5('",
                                person, "'), 32), REPEAT('s', 64), '", person,
                                "', 'school', 'header.payload.signature', "
                                "REPEAT('c', 43), 'Firefox', NOW(), "
                                "NOW(), NOW() + INTERVAL 1 DAY)"))
                  .ok());
  v1::PersonData data;
  ExportThenEraseTwice(*identity_, person, "person_identities", other, &data);
  EXPECT_EQ(RowsOf(data, "web_sessions"), 1);
  const std::string text = data.data().ShortDebugString();
  EXPECT_TRUE(absl::StrContains(text, person + "@school.example"));
  EXPECT_TRUE(absl::StrContains(text, "Firefox"));
  EXPECT_FALSE(absl::StrContains(text, "ssssssss"));
  EXPECT_FALSE(absl::StrContains(text, "header.payload.signature"));
  EXPECT_EQ(QueryInt(*identity_db_,
                     absl::StrCat("SELECT COUNT(*) FROM web_sessions WHERE "
                                  "person_id = '",
                                  person, "'")),
            0);
}

// A local date `days` from today.
std::string DateIn(int days) {
  return absl::FormatTime("%Y-%m-%d", absl::Now() + absl::Hours(24 * days),
                          absl::UTCTimeZone());
}

TEST_F(PersonDataRpcs, ProfessionalisationExportsTheHoursAndErases) {
  // Two sessions held (3 and 2 days ago) and one next week; two complete it.
  const std::string activity = Unique("act-held");
  prv1::CreateActivityRequest create;
  create.set_activity_id(activity);
  prv1::Activity& a = *create.mutable_activity();
  a.set_owner("partnerships/osof");
  a.set_kind(prv1::SKILLS_LAB);
  a.set_title("Lab didactisch coachen");
  a.set_capacity(10);
  a.set_hours(3.5);
  a.set_required_sessions(2);
  for (int days : {-3, -2, 7}) {
    auto* s = a.add_sessions();
    s->set_date(DateIn(days));
    s->set_start("09:00");
    s->set_end("12:00");
    s->set_location("organisations/svol-lyceum");
  }
  ToTimestamp(absl::Now() - absl::Hours(24 * 30),
              a.mutable_enrolment_open_time());
  ToTimestamp(absl::Now() + absl::Hours(24 * 5),
              a.mutable_enrolment_close_time());
  prv1::Activity created;
  grpc::Status s = professionalisation_->CreateActivity(As(Coordinator()).get(),
                                                        create, &created);
  ASSERT_TRUE(s.ok()) << s.error_message();

  const std::string person = Unique("p-noor");
  const std::string other = Unique("p-otto");
  for (const std::string& id : {person, other}) {
    prv1::CreateEnrolmentRequest req;
    req.set_parent("activities/" + activity);
    prv1::Enrolment e;
    s = professionalisation_->CreateEnrolment(As(StarterToken(id)).get(), req,
                                              &e);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  for (const char* session : {"s1", "s2"}) {
    prv1::RecordAttendanceRequest req;
    req.set_session(
        absl::StrCat("activities/", activity, "/sessions/", session));
    req.add_attended("people/" + person);
    req.add_absent("people/" + other);
    prv1::RecordAttendanceResponse resp;
    s = professionalisation_->RecordAttendance(As(Coordinator()).get(), req,
                                               &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  v1::PersonData data;
  ExportThenEraseTwice(*professionalisation_, person, "enrolments", other,
                       &data);
  const v1::PersonDataFile* hours = nullptr;
  for (const auto& f : data.files()) {
    if (f.name() == "hours.csv") {
      hours = &f;
    }
  }
  ASSERT_NE(hours, nullptr);
  EXPECT_EQ(hours->content_type(), "text/csv; charset=utf-8");
  const std::string& csv = hours->content();
  EXPECT_TRUE(absl::StrContains(csv, "Schooljaar,Datum,Activiteit"));
  EXPECT_TRUE(
      absl::StrContains(csv, absl::StrCat(DateIn(-2),
                                          ",Lab didactisch coachen,SKILLS_LAB,"
                                          "partnerships/osof,3.50,activities/",
                                          activity)))
      << csv;
  EXPECT_TRUE(absl::StrContains(csv, ",,Totaal,,,3.50,")) << csv;

  // Afterwards: no hours to hand over; the other person has none either.
  v1::PersonData after;
  ASSERT_TRUE(Export(*professionalisation_, Service(), person, &after).ok());
  EXPECT_EQ(after.files_size(), 0);
  v1::PersonData theirs;
  ASSERT_TRUE(Export(*professionalisation_, Service(), other, &theirs).ok());
  EXPECT_EQ(theirs.files_size(), 0);
}

}  // namespace
}  // namespace samen::privacy
