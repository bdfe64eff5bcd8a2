#include "tests/integration/induction/induction_env.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen::induction::testing {
namespace {

struct State {
  std::unique_ptr<samen::testing::Stack> stack;
  std::unique_ptr<v1::InductionService::Stub> induction[2];
  std::unique_ptr<pv1::PartnersService::Stub> partners;
  std::unique_ptr<db::Pool> db;
  std::string clock_file;
};

State& S() {
  static auto* s = new State;
  return *s;
}

class Environment final : public ::testing::Environment {
 public:
  void SetUp() override {
    S().clock_file = absl::StrCat("/tmp/samen-induction-clock-", getpid());
    SetNow(Utc("2030-03-25T07:00:00Z"));
    samen::testing::StackOptions options;
    options.server_replicas = 2;
    options.gateway = false;
    options.extra_server_args = {absl::StrCat("--clock_file=", S().clock_file)};
    S().stack = std::make_unique<samen::testing::Stack>(options);
    for (int i = 0; i < 2; ++i) {
      S().induction[i] = v1::InductionService::NewStub(grpc::CreateChannel(
          S().stack->server_address(i), grpc::InsecureChannelCredentials()));
    }
    S().partners = pv1::PartnersService::NewStub(grpc::CreateChannel(
        S().stack->server_address(0), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    S().db.reset();
    S().stack.reset();
    std::remove(S().clock_file.c_str());
  }
};

const auto* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new Environment);

}  // namespace

v1::InductionService::Stub& Induction(int replica) {
  return *S().induction[replica];
}
pv1::PartnersService::Stub& Partners() { return *S().partners; }

db::Pool& InductionDb() {
  if (S().db == nullptr) {
    db::MysqlOptions mysql = S().stack->mysql();
    mysql.database = S().stack->database_prefix() + "induction";
    mysql.pool_size = 2;
    S().db = std::make_unique<db::Pool>(mysql);
  }
  return *S().db;
}

std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) {
    ctx->AddMetadata("authorization", "Bearer " + token);
  }
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(30));
  return ctx;
}

void SetNow(absl::Time t) {
  const std::string tmp = S().clock_file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << absl::FormatTime(absl::RFC3339_full, t, absl::UTCTimeZone());
  }
  std::rename(tmp.c_str(), S().clock_file.c_str());
}

absl::Time Utc(const char* text) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &err)) {
    ADD_FAILURE() << text << ": " << err;
  }
  return t;
}

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

absl::Time FromTs(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

std::string Unique(const std::string& prefix) {
  static std::atomic<int> n{0};
  return absl::StrCat(prefix, "-", getpid() % 100000, "-", ++n);
}

std::string AdminToken() {
  return samen::testing::MintTestToken("demo-admin", "admin");
}

std::string SubjectToken(const std::string& subject,
                         const std::string& grants) {
  return samen::testing::MintTestToken(subject, grants);
}

std::string EducatorToken() {
  return SubjectToken("t-educator",
                      absl::StrCat("school_educator@organisations/", kSchool));
}

void CreatePerson(const std::string& id, pv1::Role role,
                  const std::string& display_name) {
  pv1::CreatePersonRequest req;
  req.set_person_id(id);
  req.mutable_person()->set_display_name(
      display_name.empty() ? "Testpersoon " + id : display_name);
  auto* a = req.mutable_person()->add_affiliations();
  a->set_organisation(absl::StrCat("organisations/", kSchool));
  a->add_roles(role);
  pv1::Person p;
  grpc::Status s = Partners().CreatePerson(As(AdminToken()).get(), req, &p);
  ASSERT_TRUE(s.ok()) << id << ": " << s.error_message();
}

v1::Programme NewProgramme(const std::string& owner, int quota, Policy policy) {
  v1::Programme p;
  p.set_display_name("Begeleiding " + Unique("p"));
  p.set_owner(owner);
  p.set_duration_years(2);
  for (int year = 1; year <= 2; ++year) {
    auto* y = p.add_years();
    y->set_year(year);
    y->set_coaching_sessions(quota);
    y->set_lesson_visits(2);
    y->set_intervision_meetings(4);
  }
  auto* b = p.mutable_booking_policy();
  b->mutable_minimum_notice()->set_seconds(
      absl::ToInt64Seconds(policy.minimum_notice));
  b->mutable_booking_horizon()->set_seconds(
      absl::ToInt64Seconds(policy.horizon));
  b->mutable_cancellation_notice()->set_seconds(
      absl::ToInt64Seconds(policy.cancellation_notice));
  return p;
}

v1::Starter Enrol(const std::string& starter, const std::string& programme,
                  const std::vector<std::string>& coaches) {
  v1::CreateStarterRequest req;
  auto* s = req.mutable_starter();
  s->set_person("people/" + starter);
  s->set_school(absl::StrCat("organisations/", kSchool));
  s->set_programme(programme);
  s->set_kind(v1::NEWLY_GRADUATED);
  s->set_start_date("2029-08-20");
  s->add_subjects("Nederlands");
  for (const auto& c : coaches) {
    s->add_coaches("people/" + c);
  }
  v1::Starter out;
  grpc::Status st =
      Induction().CreateStarter(As(EducatorToken()).get(), req, &out);
  EXPECT_TRUE(st.ok()) << st.error_message();
  return out;
}

void PublishDaily(const std::string& coach, const std::string& from,
                  const std::string& to, int slot, int buffer,
                  int max_per_day) {
  v1::UpdateAvailabilityRequest req;
  auto* a = req.mutable_availability();
  a->set_name("coaches/" + coach + "/availability");
  a->set_slot_minutes(slot);
  a->set_buffer_minutes(buffer);
  a->set_max_sessions_per_day(max_per_day);
  a->set_location("Kamer 2.14");
  for (int d = v1::MONDAY; d <= v1::SUNDAY; ++d) {
    auto* w = a->add_weekly_windows();
    w->set_day(static_cast<v1::Weekday>(d));
    w->set_start_time(from);
    w->set_end_time(to);
  }
  v1::Availability out;
  grpc::Status s = Induction().UpdateAvailability(
      As(SubjectToken(coach, "coach@organisations/almere-college-dronten"))
          .get(),
      req, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
}

World MakeWorld(int starters, int quota, Policy policy, int max_per_day) {
  World w;
  const std::string id = Unique("pr");
  v1::CreateProgrammeRequest req;
  req.set_programme_id(id);
  *req.mutable_programme() =
      NewProgramme(absl::StrCat("organisations/", kSchool), quota, policy);
  v1::Programme p;
  grpc::Status s =
      Induction().CreateProgramme(As(EducatorToken()).get(), req, &p);
  EXPECT_TRUE(s.ok()) << s.error_message();
  w.programme = p.name();
  w.coach = Unique("coach");
  CreatePerson(w.coach, pv1::COACH);
  w.coach_token =
      SubjectToken(w.coach, "coach@organisations/almere-college-dronten");
  PublishDaily(w.coach, "09:00", "12:00", 45, 15, max_per_day);
  for (int i = 0; i < starters; ++i) {
    const std::string st = Unique("starter");
    CreatePerson(st, pv1::STARTER);
    Enrol(st, w.programme, {w.coach});
    w.starters.push_back(st);
    w.starter_tokens.push_back(
        SubjectToken(st, "starter@organisations/almere-college-dronten"));
  }
  return w;
}

grpc::Status Book(const World& w, int i, absl::Time start, v1::Booking* out,
                  int replica) {
  v1::CreateBookingRequest req;
  req.set_parent("starters/" + w.starters[i]);
  req.mutable_booking()->set_coach("people/" + w.coach);
  *req.mutable_booking()->mutable_start_time() = Ts(start);
  v1::Booking b;
  grpc::Status s = Induction(replica).CreateBooking(
      As(w.starter_tokens[i]).get(), req, out != nullptr ? out : &b);
  return s;
}

}  // namespace samen::induction::testing
