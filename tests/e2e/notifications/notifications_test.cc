// E-mail through the whole stack (docs/notifications.md): samen-server
// replicas deliver their outboxes to a real SMTP server on loopback
// (tests/support/smtp_catcher.py); invitations are read with libical.

#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cppconn/resultset.h"
#include "db/pool.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/transaction.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"
#include "tests/support/ical_check.h"
#include "tests/support/smtp_catcher.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen {
namespace {

using ::testing::HasSubstr;
using testing::HttpClient;
using testing::HttpResponse;
using ::testing::IsEmpty;

constexpr char kNoor[] = "noor.jansen@almerecollege.example";
constexpr char kIlse[] = "ilse.smit@almerecollege.example";

std::string Field(const std::string& body, const std::string& key) {
  google::protobuf::Struct s;
  if (!google::protobuf::util::JsonStringToMessage(body, &s).ok()) {
    return "";
  }
  auto it = s.fields().find(key);
  if (it == s.fields().end()) return "";
  if (it->second.has_string_value()) return it->second.string_value();
  return absl::StrCat(it->second.number_value());
}

// Every list item's `key` of a JSON list `list` in `body`.
std::vector<std::string> ListFields(const std::string& body,
                                    const std::string& list,
                                    const std::string& key) {
  google::protobuf::Struct s;
  std::vector<std::string> out;
  if (!google::protobuf::util::JsonStringToMessage(body, &s).ok()) return out;
  auto it = s.fields().find(list);
  if (it == s.fields().end()) return out;
  for (const auto& v : it->second.list_value().values()) {
    auto f = v.struct_value().fields().find(key);
    if (f != v.struct_value().fields().end()) {
      out.push_back(f->second.string_value());
    }
  }
  return out;
}

std::vector<std::string> StackArgs(const std::string& smtp_url) {
  return {"--smtp_url=" + smtp_url,
          "--smtp_tls=none",
          "--smtp_timeout=3s",
          "--mail_from=Samen <noreply@samen.test>",
          "--app_url=http://localhost:{gateway_port}",
          "--mail_poll_interval=200ms",
          "--mail_retry_schedule=1s,2s,4s,8s"};
}

// The messages to `address`.
std::vector<testing::CaughtMail> To(const std::vector<testing::CaughtMail>& all,
                                    const std::string& address) {
  std::vector<testing::CaughtMail> out;
  for (const auto& m : all) {
    for (const auto& r : m.rcpt_tos) {
      if (r == address) out.push_back(m);
    }
  }
  return out;
}

// Polls until `n` messages to `address` arrived or `timeout` passed.
std::vector<testing::CaughtMail> WaitTo(const testing::SmtpCatcher& catcher,
                                        const std::string& address, size_t n,
                                        absl::Duration timeout) {
  const absl::Time until = absl::Now() + timeout;
  while (true) {
    auto got = To(catcher.Messages(), address);
    if (got.size() >= n || absl::Now() > until) return got;
    absl::SleepFor(absl::Milliseconds(100));
  }
}

testing::IcalSummary Invitation(const testing::CaughtMail& m) {
  const testing::CaughtPart* part = m.FindPart("text/calendar");
  EXPECT_NE(part, nullptr) << m.raw;
  if (part == nullptr) return {};
  auto parsed = testing::ParseIcal(part->text);
  EXPECT_TRUE(parsed.ok()) << parsed.status() << part->text;
  if (!parsed.ok()) return {};
  EXPECT_THAT(parsed->restriction_errors, IsEmpty()) << part->text;
  EXPECT_THAT(parsed->parse_errors, IsEmpty()) << part->text;
  bool attached = false;
  for (const auto& p : m.parts) {
    attached |= p.filename == "invite.ics";
  }
  EXPECT_TRUE(attached) << "no invite.ics attachment";
  return *parsed;
}

// One row per attempt of the delivery log of `database` for messages to
// `recipient` of `kind`: "outcome:detail".
std::vector<std::string> DeliveryLog(const testing::Stack& stack,
                                     const std::string& service,
                                     const std::string& recipient,
                                     const std::string& kind) {
  db::MysqlOptions mysql = stack.mysql();
  mysql.database = stack.database_prefix() + service;
  db::Pool pool(mysql);
  std::vector<std::string> out;
  auto s = db::RunInTransaction(
      pool, absl::Now() + absl::Seconds(10), "read log",
      [&](sql::Connection& c) {
        db::Rows rs = db::ExecuteQuery(
            c,
            "SELECT a.outcome, a.detail FROM notification_attempts a JOIN "
            "notification_outbox o ON o.id = a.notification_id WHERE "
            "o.recipient_id = ? AND o.kind = ? ORDER BY o.id, a.attempt",
            recipient, kind);
        while (rs->next()) {
          out.push_back(
              absl::StrCat(rs->getInt("outcome"), ":", db::Str(*rs, "detail")));
        }
        return absl::OkStatus();
      });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

// How many outbox rows of `kind` are in `state`.
int OutboxCount(const testing::Stack& stack, const std::string& service,
                const std::string& kind, int state) {
  db::MysqlOptions mysql = stack.mysql();
  mysql.database = stack.database_prefix() + service;
  db::Pool pool(mysql);
  int n = -1;
  auto s = db::RunInTransaction(
      pool, absl::Now() + absl::Seconds(10), "count", [&](sql::Connection& c) {
        db::Rows rs = db::ExecuteQuery(
            c,
            "SELECT COUNT(*) AS n FROM notification_outbox WHERE kind = ? AND "
            "state = ?",
            kind, state);
        rs->next();
        n = rs->getInt("n");
        return absl::OkStatus();
      });
  EXPECT_TRUE(s.ok()) << s;
  return n;
}

std::string Noor() {
  return testing::MintTestToken("starter-noor",
                                "starter@organisations/almere-college-dronten");
}
std::string Admin() { return testing::MintTestToken("admin-e2e", "admin"); }

// Books Noor's first open slot with Ilse; the booking's JSON.
std::string BookFirstSlot(HttpClient& http, std::string* second_slot) {
  HttpResponse slots =
      http.Request("GET", "/v1/starters/starter-noor/openSlots", "",
                   testing::Bearer(Noor()));
  EXPECT_EQ(slots.status, 200) << slots.body;
  const auto starts = ListFields(slots.body, "slots", "startTime");
  EXPECT_GE(starts.size(), 2u) << slots.body;
  if (starts.size() < 2) return "";
  if (second_slot != nullptr) *second_slot = starts[1];
  HttpResponse booked = http.Request(
      "POST", "/v1/starters/starter-noor/bookings",
      R"({"coach":"people/coach-ilse","startTime":")" + starts[0] + R"("})",
      testing::Bearer(Noor()));
  EXPECT_EQ(booked.status, 201) << booked.body;
  return booked.body;
}

class NotificationsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::SmtpCatcherOptions catcher;
    catcher.refuse = "^refused@";
    catcher_ = new testing::SmtpCatcher(catcher);
    testing::StackOptions options;
    options.server_replicas = 2;  // both replicas' workers race for the rows
    options.extra_server_args = StackArgs(catcher_->url());
    stack_ = new testing::Stack(options);
  }
  static void TearDownTestSuite() {
    delete stack_;
    delete catcher_;
  }
  void SetUp() override {
    http_ = std::make_unique<HttpClient>("127.0.0.1", stack_->gateway_port());
  }
  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& token, const std::string& body = "") {
    return http_->Request(method, target, body, testing::Bearer(token));
  }
  // A person in the directory, with `email` ("" for none).
  void Person(const std::string& id, const std::string& name,
              const std::string& email) {
    HttpResponse r =
        Call("POST", "/v1/people?person_id=" + id, Admin(),
             absl::StrCat(R"({"displayName":")", name, R"(")",
                          email.empty() ? "" : R"(,"email":")" + email + R"(")",
                          R"(,"affiliations":[{"organisation":"organisations/)",
                          R"(svol-lyceum","roles":["MENTOR"]}]})"));
    ASSERT_EQ(r.status, 201) << r.body;
  }
  static std::string Mentor(const std::string& id) {
    return testing::MintTestToken(id, "mentor@organisations/svol-lyceum");
  }
  // An OSOF mentor training with `capacity` places in 20 days.
  void Training(const std::string& id, int capacity) {
    const std::string date = absl::FormatTime(
        "%Y-%m-%d", absl::Now() + absl::Hours(24 * 20), absl::UTCTimeZone());
    HttpResponse r = Call(
        "POST", "/v1/activities?activity_id=" + id,
        testing::MintTestToken("coord-osof", "coordinator@partnerships/osof"),
        absl::StrCat(
            R"({"owner":"partnerships/osof","kind":"MENTOR_TRAINING",)",
            R"("title":"Intervisie <b>& begeleiden</b>",)",
            R"("audiences":["MENTORS"],"capacity":)", capacity,
            R"(,"hours":2,"sessions":[{"date":")", date,
            R"(","start":"15:00","end":"17:00",)",
            R"("location":"organisations/almere-college-dronten"}]})"));
    ASSERT_EQ(r.status, 201) << r.body;
  }
  void Enrol(const std::string& activity, const std::string& person,
             const std::string& state) {
    HttpResponse r = Call("POST", "/v1/activities/" + activity + "/enrolments",
                          Mentor(person), "{}");
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(Field(r.body, "state"), state);
  }
  void CancelEnrolment(const std::string& activity, const std::string& person) {
    HttpResponse r =
        Call("POST",
             "/v1/activities/" + activity + "/enrolments/" + person + ":cancel",
             Mentor(person), "{}");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  static inline testing::SmtpCatcher* catcher_ = nullptr;
  static inline testing::Stack* stack_ = nullptr;
  std::unique_ptr<HttpClient> http_;
};

TEST_F(NotificationsTest,
       ABookingInvitesBothAndEveryChangeUpdatesTheInvitation) {
  std::string second;
  const std::string booking = BookFirstSlot(*http_, &second);
  const std::string name = Field(booking, "name");
  const std::string uid = Field(booking, "icalUid");
  ASSERT_FALSE(uid.empty()) << booking;

  for (const char* who : {kNoor, kIlse}) {
    auto got = WaitTo(*catcher_, who, 1, absl::Seconds(20));
    ASSERT_EQ(got.size(), 1u) << who << "\n" << catcher_->Log();
    const auto& m = got[0];
    EXPECT_THAT(m.subject, HasSubstr("Coachgesprek gepland"));
    EXPECT_THAT(m.Header("message-id"), HasSubstr("@samen.test>"));
    EXPECT_EQ(m.Header("list-unsubscribe"), "");  // transactional
    EXPECT_NE(m.FindPart("text/plain"), nullptr);
    EXPECT_NE(m.FindPart("text/html"), nullptr);
    const auto ics = Invitation(m);
    EXPECT_EQ(ics.method, "REQUEST");
    EXPECT_EQ(ics.uid, uid);
    EXPECT_EQ(ics.sequence, 0);
    EXPECT_EQ(ics.organizer, kIlse);
    EXPECT_THAT(ics.attendees, ::testing::Contains(kNoor));
    absl::Time start;
    std::string err;
    ASSERT_TRUE(absl::ParseTime(absl::RFC3339_full, Field(booking, "startTime"),
                                &start, &err));
    EXPECT_EQ(ics.dtstart, start);
  }

  HttpResponse moved = Call("POST", "/v1/" + name + ":reschedule", Noor(),
                            R"({"startTime":")" + second + R"("})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  for (const char* who : {kNoor, kIlse}) {
    auto got = WaitTo(*catcher_, who, 2, absl::Seconds(20));
    ASSERT_EQ(got.size(), 2u) << who;
    EXPECT_THAT(got[1].subject, HasSubstr("verzet"));
    const auto ics = Invitation(got[1]);
    EXPECT_EQ(ics.method, "REQUEST");
    EXPECT_EQ(ics.uid, uid);  // the same event, moved
    EXPECT_EQ(ics.sequence, 1);
    EXPECT_NE(got[1].message_id, got[0].message_id);
  }

  HttpResponse cancelled =
      Call("POST", "/v1/" + name + ":cancel", Noor(), R"({"reason":"ziek"})");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  for (const char* who : {kNoor, kIlse}) {
    auto got = WaitTo(*catcher_, who, 3, absl::Seconds(20));
    ASSERT_EQ(got.size(), 3u) << who;
    EXPECT_THAT(got[2].subject, HasSubstr("afgezegd"));
    const auto ics = Invitation(got[2]);
    EXPECT_EQ(ics.method, "CANCEL");
    EXPECT_EQ(ics.uid, uid);
    EXPECT_EQ(ics.sequence, 2);
    EXPECT_EQ(ics.status, "CANCELLED");
    EXPECT_THAT(got[2].FindPart("text/plain")->text, HasSubstr("ziek"));
  }
  // Each change's reminders were withdrawn by the next; none is left to
  // remind anyone of a session that is not there.
  EXPECT_EQ(OutboxCount(*stack_, "induction", "session_reminder", 1), 0);
  EXPECT_EQ(OutboxCount(*stack_, "induction", "session_reminder", 5), 4);
  // Nothing more arrives: three messages each, not one twice.
  absl::SleepFor(absl::Seconds(2));
  EXPECT_EQ(To(catcher_->Messages(), kNoor).size(), 3u);
  EXPECT_EQ(To(catcher_->Messages(), kIlse).size(), 3u);
}

TEST_F(NotificationsTest, AWaitlistPromotionMailsThePromotedPersonOnce) {
  Person("e2e-mail-anna", "Anna Visser", "anna.visser@svol.example");
  Person("e2e-mail-bas", "Bas van Dijk", "bas.vandijk@svol.example");
  Training("e2e-mail-promo", 1);
  Enrol("e2e-mail-promo", "e2e-mail-anna", "ENROLLED");
  Enrol("e2e-mail-promo", "e2e-mail-bas", "WAITLISTED");
  CancelEnrolment("e2e-mail-promo", "e2e-mail-anna");

  auto got =
      WaitTo(*catcher_, "bas.vandijk@svol.example", 1, absl::Seconds(20));
  ASSERT_EQ(got.size(), 1u) << catcher_->Log();
  EXPECT_THAT(got[0].subject, HasSubstr("Er is een plek voor je"));
  // The title is escaped in the HTML part and plain in the text part.
  EXPECT_THAT(got[0].FindPart("text/html")->text,
              HasSubstr("Intervisie &lt;b&gt;&amp; begeleiden&lt;/b&gt;"));
  EXPECT_THAT(got[0].FindPart("text/plain")->text,
              HasSubstr("Intervisie <b>& begeleiden</b>"));
  EXPECT_EQ(got[0].FindPart("text/calendar"), nullptr);
  // Two replicas, one message; Anna, who cancelled herself, gets none.
  absl::SleepFor(absl::Seconds(3));
  EXPECT_EQ(To(catcher_->Messages(), "bas.vandijk@svol.example").size(), 1u);
  EXPECT_EQ(To(catcher_->Messages(), "anna.visser@svol.example").size(), 0u);
  EXPECT_THAT(DeliveryLog(*stack_, "professionalisation", "e2e-mail-bas",
                          "waitlist_promoted"),
              ::testing::ElementsAre(::testing::StartsWith("1:accepted")));
}

TEST_F(NotificationsTest, NoAddressOrARefusedOneIsInTheDeliveryLog) {
  Person("e2e-mail-holder", "Cor Holder", "cor.holder@svol.example");
  Person("e2e-mail-refused", "Dirk Refused", "refused@svol.example");
  Person("e2e-mail-none", "Eva Zonder", "");
  Training("e2e-mail-bad", 1);
  Enrol("e2e-mail-bad", "e2e-mail-holder", "ENROLLED");
  Enrol("e2e-mail-bad", "e2e-mail-refused", "WAITLISTED");
  Enrol("e2e-mail-bad", "e2e-mail-none", "WAITLISTED");
  CancelEnrolment("e2e-mail-bad", "e2e-mail-holder");   // Dirk is promoted
  CancelEnrolment("e2e-mail-bad", "e2e-mail-refused");  // then Eva

  const absl::Time until = absl::Now() + absl::Seconds(20);
  std::vector<std::string> refused;
  std::vector<std::string> none;
  while (absl::Now() < until && (refused.empty() || none.empty())) {
    absl::SleepFor(absl::Milliseconds(200));
    refused = DeliveryLog(*stack_, "professionalisation", "e2e-mail-refused",
                          "waitlist_promoted");
    none = DeliveryLog(*stack_, "professionalisation", "e2e-mail-none",
                       "waitlist_promoted");
  }
  // A refusal (550) is final: failed, not retried.
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_THAT(refused[0], ::testing::StartsWith("3:"));
  EXPECT_THAT(refused[0], HasSubstr("550"));
  // No address: skipped, with the reason.
  ASSERT_EQ(none.size(), 1u);
  EXPECT_THAT(none[0], ::testing::StartsWith("4:"));
  EXPECT_THAT(none[0], HasSubstr("no e-mail address"));
  EXPECT_EQ(To(catcher_->Messages(), "refused@svol.example").size(), 0u);
}

TEST_F(NotificationsTest, ACancelledActivityTellsEveryoneEnrolledOrWaiting) {
  Person("e2e-mail-fien", "Fien Kok", "fien.kok@svol.example");
  Person("e2e-mail-gijs", "Gijs Bos", "gijs.bos@svol.example");
  Training("e2e-mail-off", 1);
  Enrol("e2e-mail-off", "e2e-mail-fien", "ENROLLED");
  Enrol("e2e-mail-off", "e2e-mail-gijs", "WAITLISTED");
  const std::string coordinator =
      testing::MintTestToken("coord-osof", "coordinator@partnerships/osof");
  // Only organisers cancel; a reason is required.
  EXPECT_EQ(Call("POST", "/v1/activities/e2e-mail-off:cancel",
                 Mentor("e2e-mail-fien"), R"({"reason":"x"})")
                .status,
            403);
  HttpResponse no_reason =
      Call("POST", "/v1/activities/e2e-mail-off:cancel", coordinator, "{}");
  EXPECT_EQ(no_reason.status, 400) << no_reason.body;
  EXPECT_THAT(no_reason.body, HasSubstr("reason"));

  HttpResponse off =
      Call("POST", "/v1/activities/e2e-mail-off:cancel", coordinator,
           R"({"reason":"De trainer is ziek; we plannen een nieuwe datum."})");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(Field(off.body, "cancelTime").empty()) << off.body;
  // Zero counts are left out of the JSON.
  EXPECT_EQ(Field(off.body, "enrolledCount"), "") << off.body;
  EXPECT_EQ(Field(off.body, "waitlistedCount"), "") << off.body;
  for (const char* who : {"fien.kok@svol.example", "gijs.bos@svol.example"}) {
    auto got = WaitTo(*catcher_, who, 1, absl::Seconds(20));
    ASSERT_EQ(got.size(), 1u) << who;
    EXPECT_THAT(got[0].subject, HasSubstr("Gaat niet door"));
    EXPECT_THAT(got[0].FindPart("text/plain")->text,
                HasSubstr("De trainer is ziek"));
  }
  // A cancelled activity takes no enrolments and is not cancelled twice.
  HttpResponse late = Call("POST", "/v1/activities/e2e-mail-off/enrolments",
                           Mentor("e2e-mail-fien"), "{}");
  EXPECT_EQ(late.status, 400) << late.body;
  EXPECT_THAT(late.body, HasSubstr("ACTIVITY_CANCELLED"));
  HttpResponse again = Call("POST", "/v1/activities/e2e-mail-off:cancel",
                            coordinator, R"({"reason":"nogmaals"})");
  EXPECT_EQ(again.status, 400) << again.body;
  absl::SleepFor(absl::Seconds(2));
  EXPECT_EQ(To(catcher_->Messages(), "gijs.bos@svol.example").size(), 1u);
}

// The weekly digest: with the clock on a Monday morning both replicas check
// every second; each HR person gets their school's digest once, with
// progress only and a way to switch it off.
TEST(NotificationsDigestTest, HrGetsTheWeeklyDigestOnceWithProgressOnly) {
  testing::SmtpCatcher catcher;
  const std::string clock_file =
      absl::StrCat(::testing::TempDir(), "/digest-clock-", getpid());
  {
    // This week's Monday, 09:00 in Amsterdam.
    const absl::TimeZone amsterdam = [] {
      absl::TimeZone tz;
      absl::LoadTimeZone("Europe/Amsterdam", &tz);
      return tz;
    }();
    absl::CivilDay monday = absl::ToCivilDay(absl::Now(), amsterdam);
    while (absl::GetWeekday(monday) != absl::Weekday::monday) monday -= 1;
    std::ofstream(clock_file) << absl::FormatTime(
        absl::RFC3339_sec,
        absl::FromCivil(absl::CivilHour(monday) + 9, amsterdam),
        absl::UTCTimeZone());
  }
  testing::StackOptions options;
  options.server_replicas = 2;
  options.extra_server_args = StackArgs(catcher.url());
  options.extra_server_args.push_back("--hr_digest_check_interval=1s");
  options.extra_server_args.push_back("--clock_file=" + clock_file);
  testing::Stack stack(options);

  const std::string ruben = "ruben.dekker@almerecollege.example";
  auto got = WaitTo(catcher, ruben, 1, absl::Seconds(30));
  ASSERT_EQ(got.size(), 1u) << catcher.Log();
  EXPECT_THAT(got[0].subject, HasSubstr("Starters van Almere College Dronten"));
  EXPECT_THAT(got[0].Header("list-unsubscribe"),
              HasSubstr("/account/meldingen>"));
  const std::string text = got[0].FindPart("text/plain")->text;
  EXPECT_THAT(text, HasSubstr("actieve starters"));
  EXPECT_THAT(text, HasSubstr("Alleen voortgang"));
  // Progress only: no coaching note ever reaches HR.
  EXPECT_THAT(text, ::testing::Not(HasSubstr("Rust in 2B")));
  absl::SleepFor(absl::Seconds(3));
  EXPECT_EQ(To(catcher.Messages(), ruben).size(), 1u);
  std::remove(clock_file.c_str());
}

// A replica killed while its SMTP conversation is stalled: the message is
// sent once, by the replica that takes over when the lease runs out, and the
// delivery log shows the interrupted attempt.
TEST(NotificationsFailureTest,
     AReplicaKilledMidDeliveryLosesNothingAndSendsNothingTwice) {
  testing::SmtpCatcherOptions stall;
  stall.stall = "^noor\\.jansen@";
  stall.stall_for = absl::Seconds(30);
  stall.stall_times = 1;
  testing::SmtpCatcher catcher(stall);
  testing::StackOptions options;
  options.extra_server_args = StackArgs(catcher.url());
  options.extra_server_args.push_back("--mail_workers=1");
  testing::Stack stack(options);
  HttpClient http("127.0.0.1", stack.gateway_port());
  ASSERT_FALSE(BookFirstSlot(http, nullptr).empty());

  const absl::Time until = absl::Now() + absl::Seconds(20);
  while (catcher.Stats().stalled_recipients == 0 && absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_EQ(catcher.Stats().stalled_recipients, 1) << catcher.Log();
  stack.server(0).Kill();
  stack.RestartServer(0);

  auto got = WaitTo(catcher, kNoor, 1, absl::Seconds(40));
  ASSERT_EQ(got.size(), 1u) << catcher.Log();
  EXPECT_THAT(got[0].subject, HasSubstr("Coachgesprek gepland"));
  absl::SleepFor(absl::Seconds(2));
  EXPECT_EQ(To(catcher.Messages(), kNoor).size(), 1u);
  EXPECT_EQ(To(catcher.Messages(), kIlse).size(), 1u);
  const auto log =
      DeliveryLog(stack, "induction", "starter-noor", "booking_confirmed");
  ASSERT_EQ(log.size(), 2u);
  EXPECT_THAT(log[0], ::testing::StartsWith("5:"));  // interrupted
  EXPECT_THAT(log[1], ::testing::StartsWith("1:"));  // sent
}

// No SMTP server: the API answers as always; the worker retries on its
// schedule, and delivers once the server is there.
TEST(NotificationsFailureTest,
     AnUnreachableServerIsRetriedWithBackoffThenDelivered) {
  const int port = testing::FreePort();
  testing::StackOptions options;
  options.extra_server_args =
      StackArgs(absl::StrCat("smtp://127.0.0.1:", port));
  testing::Stack stack(options);
  HttpClient http("127.0.0.1", stack.gateway_port());
  ASSERT_FALSE(BookFirstSlot(http, nullptr).empty());

  std::vector<std::string> log;
  const absl::Time until = absl::Now() + absl::Seconds(20);
  while (log.size() < 2 && absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(200));
    log = DeliveryLog(stack, "induction", "starter-noor", "booking_confirmed");
  }
  ASSERT_GE(log.size(), 2u);
  EXPECT_THAT(log[0], ::testing::StartsWith("2:"));  // retry
  EXPECT_THAT(log[1], ::testing::StartsWith("2:"));
  EXPECT_EQ(OutboxCount(stack, "induction", "booking_confirmed", 1), 2);

  testing::SmtpCatcherOptions on_port;
  on_port.port = port;
  testing::SmtpCatcher catcher(on_port);
  auto got = WaitTo(catcher, kNoor, 1, absl::Seconds(30));
  ASSERT_EQ(got.size(), 1u) << catcher.Log();
  ASSERT_EQ(WaitTo(catcher, kIlse, 1, absl::Seconds(30)).size(), 1u);
  // Sent is recorded just after the relay's answer: wait for both rows.
  const absl::Time until_sent = absl::Now() + absl::Seconds(10);
  while (OutboxCount(stack, "induction", "booking_confirmed", 2) < 2 &&
         absl::Now() < until_sent) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(OutboxCount(stack, "induction", "booking_confirmed", 2), 2);
}

}  // namespace
}  // namespace samen
