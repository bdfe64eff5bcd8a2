// Scale-out on one machine (issue 7): two gateways in front of two replicas of
// every service, as separate processes over one MariaDB. Traffic runs through
// both gateways while one replica is killed (SIGKILL) and later restarted;
// requests keep succeeding and no invariant breaks: no lost update under
// optimistic concurrency (partners), no double booking of a coach (induction),
// no over-full activity (professionalisation).

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <random>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen {
namespace {

std::string JsonField(const std::string& body, const std::string& key) {
  google::protobuf::Struct s;
  if (!google::protobuf::util::JsonStringToMessage(body, &s).ok()) {
    return "";
  }
  auto it = s.fields().find(key);
  return it == s.fields().end() ? "" : it->second.string_value();
}

// The entries of the list field `list` of a JSON body, as objects.
std::vector<google::protobuf::Struct> JsonList(const std::string& body,
                                               const std::string& list) {
  std::vector<google::protobuf::Struct> out;
  google::protobuf::Struct s;
  if (!google::protobuf::util::JsonStringToMessage(body, &s).ok()) {
    return out;
  }
  auto it = s.fields().find(list);
  if (it == s.fields().end()) {
    return out;
  }
  for (const auto& v : it->second.list_value().values()) {
    out.push_back(v.struct_value());
  }
  return out;
}

std::string Str(const google::protobuf::Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? "" : it->second.string_value();
}

// Every page of a list, following nextPageToken.
template <typename Get>
std::vector<google::protobuf::Struct> AllPages(Get get, const std::string& path,
                                               const std::string& list) {
  std::vector<google::protobuf::Struct> out;
  std::string token;
  do {
    const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    testing::HttpResponse r = get(
        absl::StrCat(path, sep, "page_size=100",
                     token.empty() ? "" : absl::StrCat("&page_token=", token)));
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) {
      break;
    }
    for (auto& item : JsonList(r.body, list)) {
      out.push_back(std::move(item));
    }
    token = JsonField(r.body, "nextPageToken");
  } while (!token.empty());
  return out;
}

// Outcomes of the writes that must keep an invariant, per kind.
struct Writes {
  std::atomic<int> acknowledged{0};  // 2xx
  std::atomic<int> refused{0};       // 4xx: the rules said no (taken, full...)
  std::atomic<int> lost{0};          // no answer after the retries
  std::atomic<int> retried{0};       // retries after no answer or a 5xx
};

// A POST as a phone sends it: with an Idempotency-Key, retried after no
// answer or a 5xx (200 ms apart), and after 409 IDEMPOTENCY_KEY_IN_USE (the
// first attempt's claim; Retry-After: 1), for up to a minute. When the first
// attempt died with its replica, its claim lapses after 35 s. The services
// replay the first outcome, so a retry never acts twice.
testing::HttpResponse PostIdempotently(testing::HttpClient& c,
                                       const std::string& target,
                                       const std::string& body,
                                       const std::string& token,
                                       const std::string& key, Writes* w) {
  testing::HttpResponse r;
  const absl::Time give_up = absl::Now() + absl::Minutes(1);
  while (true) {
    r = c.Request(
        "POST", target, body,
        {{"Authorization", "Bearer " + token}, {"Idempotency-Key", key}});
    const bool in_use =
        r.status == 409 &&
        r.body.find("IDEMPOTENCY_KEY_IN_USE") != std::string::npos;
    if ((r.status != 0 && r.status < 500 && !in_use) || absl::Now() > give_up) {
      return r;
    }
    ++w->retried;
    absl::SleepFor(in_use ? absl::Seconds(1) : absl::Milliseconds(200));
  }
}

struct Counts {
  std::atomic<int> requests{0};
  std::atomic<int> ok{0};
  std::atomic<int> conflicts{0};  // 409 on a stale etag: expected, retried
  std::atomic<int> errors{0};     // anything else
  std::atomic<int> increments{0};
  std::atomic<int> ambiguous{0};  // a write whose answer was lost
  absl::Mutex mu;
  absl::Time last_error ABSL_GUARDED_BY(mu) = absl::InfinitePast();
  void Error() {
    ++errors;
    absl::MutexLock lock(&mu);
    last_error = absl::Now();
  }
};

TEST(ScaleOut, TrafficSurvivesAKilledReplicaWithoutLostUpdates) {
  testing::StackOptions options;
  options.server_replicas = 2;
  options.gateways = 2;
  testing::Stack stack(options);
  const std::string admin = testing::MintTestToken("demo-admin", "admin");
  auto auth = [&](testing::HttpClient& c, const std::string& method,
                  const std::string& target, const std::string& body = "") {
    return c.Request(method, target, body, testing::Bearer(admin));
  };
  {
    testing::HttpClient setup("127.0.0.1", stack.gateway_port(0));
    auto created = auth(
        setup, "POST", "/v1/partnerships?partnership_id=counter",
        R"({"displayName":"Teller","region":"count 0","status":"ASPIRING"})");
    ASSERT_EQ(created.status, 201) << created.body;
  }

  // Induction: a coach with open days and eight starters who all want the
  // same 40 slots. Professionalisation: a training with 5 places that 40
  // mentors try to join.
  const std::string school = "organisations/almere-college-dronten";
  constexpr int kStarters = 8;
  constexpr int kSlots = 40;
  constexpr int kPlaces = 5;
  constexpr int kMentors = 40;
  std::vector<std::string> slots;
  {
    testing::HttpClient setup("127.0.0.1", stack.gateway_port(0));
    auto person = [&](const std::string& id, const std::string& role) {
      auto r = auth(setup, "POST", "/v1/people?person_id=" + id,
                    absl::StrCat(R"({"displayName":"Scale-out )", id,
                                 R"(","affiliations":[{"organisation":")",
                                 school, R"(","roles":[")", role, R"("]}]})"));
      ASSERT_EQ(r.status, 201) << r.body;
    };
    person("so-coach", "COACH");
    auto r =
        auth(setup, "POST", "/v1/programmes?programme_id=so-programme",
             absl::StrCat(R"({"displayName":"Scale-out","owner":")", school,
                          R"(","durationYears":1,"years":[{"year":1,)",
                          R"("coachingSessions":100}]})"));
    ASSERT_EQ(r.status, 201) << r.body;
    std::string windows;
    for (const char* day : {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY",
                            "FRIDAY", "SATURDAY", "SUNDAY"}) {
      absl::StrAppend(&windows, windows.empty() ? "" : ",", R"({"day":")", day,
                      R"(","startTime":"09:00","endTime":"17:00"})");
    }
    r = auth(setup, "PATCH", "/v1/coaches/so-coach/availability",
             absl::StrCat(R"({"slotMinutes":45,"bufferMinutes":15,)",
                          R"("weeklyWindows":[)", windows, "]}"));
    ASSERT_EQ(r.status, 200) << r.body;
    for (int i = 0; i < kStarters; ++i) {
      const std::string id = absl::StrCat("so-starter-", i);
      person(id, "STARTER");
      r = auth(
          setup, "POST", "/v1/starters",
          absl::StrCat(R"({"person":"people/)", id, R"(","school":")", school,
                       R"(","programme":"programmes/so-programme",)",
                       R"("startDate":"2025-08-18",)",
                       R"("coaches":["people/so-coach"]})"));
      ASSERT_EQ(r.status, 201) << r.body;
    }
    const absl::CivilDay today =
        absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
    r = setup.Request(
        "GET",
        absl::StrCat("/v1/starters/so-starter-0/openSlots?start_date=",
                     absl::FormatCivilTime(today + 2),
                     "&end_date=", absl::FormatCivilTime(today + 12)),
        "",
        testing::Bearer(
            testing::MintTestToken("so-starter-0", "starter@" + school)));
    ASSERT_EQ(r.status, 200) << r.body;
    for (const auto& slot : JsonList(r.body, "slots")) {
      if (static_cast<int>(slots.size()) < kSlots) {
        slots.push_back(Str(slot, "startTime"));
      }
    }
    ASSERT_EQ(static_cast<int>(slots.size()), kSlots) << r.body;

    const std::string in_20_days = absl::FormatCivilTime(today + 20);
    r = setup.Request(
        "POST", "/v1/activities?activity_id=so-training",
        absl::StrCat(
            R"({"owner":"partnerships/osof","kind":"MENTOR_TRAINING",)",
            R"("title":"Scale-out training","audiences":["MENTORS"],)",
            R"("capacity":)", kPlaces, R"(,"hours":2,"sessions":[{"date":")",
            in_20_days, R"(","start":"15:00","end":"17:00",)",
            R"("location":")", school, R"("}]})"),
        testing::Bearer(testing::MintTestToken(
            "coord-osof", "coordinator@partnerships/osof")));
    ASSERT_EQ(r.status, 201) << r.body;
  }

  Counts counts;
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {  // readers
    threads.emplace_back([&, t] {
      testing::HttpClient c("127.0.0.1", stack.gateway_port(t % 2));
      while (!stop) {
        ++counts.requests;
        auto r = auth(c, "GET",
                      t % 3 == 0 ? "/v1/partnerships?page_size=3"
                                 : "/v1/partnerships/osof");
        if (r.status == 200) {
          ++counts.ok;
        } else {
          counts.Error();
        }
      }
    });
  }
  for (int t = 0; t < 3; ++t) {  // writers: read-modify-write with the etag
    threads.emplace_back([&, t] {
      testing::HttpClient c("127.0.0.1", stack.gateway_port(t % 2));
      while (!stop) {
        ++counts.requests;
        auto read = auth(c, "GET", "/v1/partnerships/counter");
        if (read.status != 200) {
          counts.Error();
          continue;
        }
        ++counts.ok;
        int n = 0;
        ASSERT_TRUE(
            absl::SimpleAtoi(JsonField(read.body, "region").substr(6), &n));
        ++counts.requests;
        auto write =
            auth(c, "PATCH", "/v1/partnerships/counter",
                 absl::StrCat(R"({"region":"count )", n + 1, R"(","etag":")",
                              JsonField(read.body, "etag"), R"("})"));
        if (write.status == 200) {
          ++counts.ok;
          ++counts.increments;
        } else if (write.status == 409) {
          ++counts.conflicts;
        } else {
          ++counts.ambiguous;
          counts.Error();
        }
      }
    });
  }

  // Bookings: each starter tries the 40 slots in its own order, one attempt
  // every 150 ms, so the attempts span the kill.
  Writes bookings;
  absl::Mutex booked_mu;
  std::vector<std::string> booked;  // names of acknowledged bookings
  for (int i = 0; i < kStarters; ++i) {
    threads.emplace_back([&, i] {
      testing::HttpClient c("127.0.0.1", stack.gateway_port(i % 2));
      const std::string token = testing::MintTestToken(
          absl::StrCat("so-starter-", i), "starter@" + school);
      std::vector<int> order(kSlots);
      for (int k = 0; k < kSlots; ++k) {
        order[k] = k;
      }
      std::shuffle(order.begin(), order.end(), std::mt19937(i));
      absl::SleepFor(absl::Seconds(2));
      for (int k : order) {
        if (stop) {
          return;
        }
        ++counts.requests;
        auto r = PostIdempotently(
            c, absl::StrCat("/v1/starters/so-starter-", i, "/bookings"),
            absl::StrCat(R"({"coach":"people/so-coach","startTime":")",
                         slots[k], R"("})"),
            token, absl::StrCat("so-book-", i, "-", k), &bookings);
        if (r.status == 201) {
          ++counts.ok;
          ++bookings.acknowledged;
          absl::MutexLock lock(&booked_mu);
          booked.push_back(JsonField(r.body, "name"));
        } else if (r.status >= 400 && r.status < 500) {
          ++bookings.refused;  // taken by another starter (409), ...
        } else {
          ++bookings.lost;
          counts.Error();
        }
        absl::SleepFor(absl::Milliseconds(150));
      }
    });
  }
  // Enrolments: 40 mentors, four at a time, one every 100 ms per thread. All
  // 40 are attempted even after `stop`: a mentor whose request died with the
  // killed replica waits until its claim lapses (about 35 s) before the retry
  // is served, and the mentors after it in that thread must still get a turn.
  Writes enrolments;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      testing::HttpClient c("127.0.0.1", stack.gateway_port(t % 2));
      absl::SleepFor(absl::Milliseconds(2500));
      for (int m = t; m < kMentors; m += 4) {
        ++counts.requests;
        auto r = PostIdempotently(
            c, "/v1/activities/so-training/enrolments", "{}",
            testing::MintTestToken(absl::StrCat("so-mentor-", m),
                                   "mentor@organisations/svol-lyceum"),
            absl::StrCat("so-enrol-", m), &enrolments);
        if (r.status == 201) {
          ++counts.ok;
          ++enrolments.acknowledged;
        } else if (r.status >= 400 && r.status < 500) {
          ++enrolments.refused;
        } else {
          ++enrolments.lost;
          counts.Error();
        }
        absl::SleepFor(absl::Milliseconds(100));
      }
    });
  }

  absl::SleepFor(absl::Seconds(3));
  const int before_kill = counts.requests.load();
  const absl::Time killed = absl::Now();
  stack.server(0).Kill();
  absl::SleepFor(absl::Seconds(3));
  stack.RestartServer(0);
  absl::SleepFor(absl::Seconds(3));
  stop = true;
  for (auto& t : threads) {
    t.join();
  }

  absl::Time last_error;
  {
    absl::MutexLock lock(&counts.mu);
    last_error = counts.last_error;
  }
  const double recovery_ms =
      last_error < killed ? 0.0
                          : absl::ToDoubleMilliseconds(last_error - killed);
  testing::HttpClient check("127.0.0.1", stack.gateway_port(1));
  const auto final_read = auth(check, "GET", "/v1/partnerships/counter");
  ASSERT_EQ(final_read.status, 200);
  int final_count = 0;
  ASSERT_TRUE(absl::SimpleAtoi(JsonField(final_read.body, "region").substr(6),
                               &final_count));

  std::printf(
      "scale-out: %d requests (%d before the kill), %d ok, %d etag conflicts, "
      "%d errors "
      "(%d writes with a lost answer), recovery %.0f ms after the kill; "
      "counter %d after "
      "%d acknowledged increments\n",
      counts.requests.load(), before_kill, counts.ok.load(),
      counts.conflicts.load(), counts.errors.load(), counts.ambiguous.load(),
      recovery_ms, final_count, counts.increments.load());

  EXPECT_GT(counts.ok.load(), 300);
  EXPECT_LT(counts.errors.load() * 50, counts.requests.load())
      << "more than 2% failed";
  EXPECT_LT(recovery_ms, 3000) << "errors went on after the replica was gone";
  // No lost update: every acknowledged increment is in the counter; writes
  // whose answer was lost may or may not have applied.
  EXPECT_GE(final_count, counts.increments.load());
  EXPECT_LE(final_count, counts.increments.load() + counts.ambiguous.load());

  // No double booking: the coach's confirmed bookings never overlap, each
  // slot is held at most once, and every acknowledged booking is there.
  const std::string coach_token =
      testing::MintTestToken("so-coach", "coach@" + school);
  auto as_coach = [&](const std::string& path) {
    return check.Request("GET", path, "", testing::Bearer(coach_token));
  };
  auto get = [&](const std::string& path) { return auth(check, "GET", path); };
  std::vector<std::pair<std::string, std::string>> intervals;
  std::set<std::string> held;
  for (const auto& b :
       AllPages(as_coach, "/v1/starters/-/bookings?coach=people/so-coach",
                "bookings")) {
    if (Str(b, "state") != "CONFIRMED") {
      continue;
    }
    intervals.push_back({Str(b, "startTime"), Str(b, "endTime")});
    held.insert(Str(b, "name"));
  }
  std::sort(intervals.begin(), intervals.end());
  for (size_t i = 1; i < intervals.size(); ++i) {
    // RFC 3339 UTC strings of one format compare as times.
    EXPECT_LE(intervals[i - 1].second, intervals[i].first)
        << "overlapping bookings at " << intervals[i].first;
  }
  EXPECT_LE(static_cast<int>(intervals.size()), kSlots);
  for (const std::string& name : booked) {
    EXPECT_TRUE(held.count(name) == 1) << name << " was acknowledged but lost";
  }
  // With retries every booking attempt got an answer, so the confirmed ones
  // are exactly the acknowledged ones.
  EXPECT_EQ(bookings.lost.load(), 0);
  EXPECT_EQ(static_cast<int>(intervals.size()), bookings.acknowledged.load());

  // No over-full activity: at most 5 hold a place, the rest wait in line.
  int enrolled = 0;
  int waitlisted = 0;
  for (const auto& e :
       AllPages(get, "/v1/activities/so-training/enrolments", "enrolments")) {
    enrolled += Str(e, "state") == "ENROLLED";
    waitlisted += Str(e, "state") == "WAITLISTED";
  }
  EXPECT_EQ(enrolled, std::min(kPlaces, enrolled + waitlisted));
  // Every mentor got an answer and holds one enrolment: retries that reached
  // the service twice replayed the first outcome instead of enrolling again.
  EXPECT_EQ(enrolments.lost.load(), 0);
  EXPECT_EQ(enrolments.acknowledged.load(), kMentors);
  EXPECT_EQ(enrolled + waitlisted, kMentors);
  std::printf(
      "scale-out: bookings %d acknowledged, %d refused, %d retried, %d "
      "without an answer; %zu confirmed, none overlapping. Enrolments %d "
      "acknowledged, %d refused, %d retried, %d without an answer; %d "
      "enrolled of %d places, %d waitlisted\n",
      bookings.acknowledged.load(), bookings.refused.load(),
      bookings.retried.load(), bookings.lost.load(), intervals.size(),
      enrolments.acknowledged.load(), enrolments.refused.load(),
      enrolments.retried.load(), enrolments.lost.load(), enrolled, kPlaces,
      waitlisted);
}

}  // namespace
}  // namespace samen
