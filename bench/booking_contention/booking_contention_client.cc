// Load client for the booking contention benchmark
// (bench/booking_contention.sh).
//
// Sets up, through the public gRPC APIs: `--clients` starters in the Partners
// directory and in one Induction programme, all coached by one coach who
// publishes availability; then takes the coach's first `--slots` open slots and
// lets every starter, each on its own thread, try to book them all at once, in
// its own random order, until one succeeds (a starter wants one session).
// Requests alternate between the `--targets` (samen-server replicas).
//
// Prints request throughput, latency percentiles and the outcome counts.
// Exits 1 unless exactly `--slots` bookings succeeded and every other answer
// was ALREADY_EXISTS or ABORTED (HTTP 409).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <latch>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/lib/grpc_client.h"
#include "grpcpp/grpcpp.h"
#include "samen/induction/v1/induction_service.grpc.pb.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "services/common/auth/auth.h"

ABSL_FLAG(std::string, targets, "127.0.0.1:9090",
          "Comma-separated gRPC targets of the samen-server replicas");
ABSL_FLAG(int, clients, 200, "Concurrent clients (one starter each)");
ABSL_FLAG(int, slots, 20, "Slots they all try to book");
ABSL_FLAG(std::string, school, "almere-college-dronten",
          "Demo school the bench people work at");
ABSL_FLAG(std::string, prefix, "bench", "Prefix of the ids this run creates");

namespace {

namespace iv1 = ::samen::induction::v1;
namespace pv1 = ::samen::partners::v1;

std::string Secret() {
  const char* s = std::getenv("SAMEN_JWT_HS256_SECRET");
  if (s == nullptr || *s == '\0') {
    std::fprintf(stderr, "SAMEN_JWT_HS256_SECRET must be set\n");
    std::exit(2);
  }
  return s;
}

std::string Token(const std::string& subject, const std::string& role,
                  const std::string& scope) {
  samen::auth::Principal p;
  p.subject = subject;
  p.grants.push_back({role, scope});
  samen::auth::MintOptions o;
  o.secret = Secret();
  auto t = samen::auth::MintHs256Token(p, o);
  if (!t.ok()) {
    std::fprintf(stderr, "mint token: %s\n", t.status().ToString().c_str());
    std::exit(2);
  }
  return *t;
}

std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
  return ::samen::bench::As(token, std::chrono::seconds(60));
}

void Check(const grpc::Status& s, const std::string& what) {
  if (!s.ok()) {
    std::fprintf(stderr, "setup failed: %s: %d %s\n", what.c_str(),
                 s.error_code(), s.error_message().c_str());
    std::exit(2);
  }
}

struct Attempt {
  double ms;
  grpc::StatusCode code;
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int clients = absl::GetFlag(FLAGS_clients);
  const int wanted = absl::GetFlag(FLAGS_slots);
  const std::string school = absl::GetFlag(FLAGS_school);
  const std::string prefix = absl::GetFlag(FLAGS_prefix);
  std::vector<std::string> targets =
      absl::StrSplit(absl::GetFlag(FLAGS_targets), ',', absl::SkipEmpty());

  // A few channels per replica, so that clients do not all share one
  // HTTP/2 connection.
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int copy = 0; copy < 4; ++copy) {  // 4 connections per replica
    for (const auto& t : targets) {
      grpc::ChannelArguments args;
      args.SetInt("grpc.use_local_subchannel_pool", 1);  // own connection
      channels.push_back(grpc::CreateCustomChannel(
          t, grpc::InsecureChannelCredentials(), args));
    }
  }
  auto induction = [&](int i) {
    return iv1::InductionService::NewStub(channels[i % channels.size()]);
  };
  auto partners = pv1::PartnersService::NewStub(channels[0]);
  const std::string admin = Token(absl::StrCat(prefix, "-admin"), "admin", "");

  // ---- Setup through the APIs.
  auto person = [&](const std::string& id, pv1::Role role) {
    pv1::CreatePersonRequest req;
    req.set_person_id(id);
    req.mutable_person()->set_display_name("Bench " + id);
    auto* a = req.mutable_person()->add_affiliations();
    a->set_organisation("organisations/" + school);
    a->add_roles(role);
    pv1::Person out;
    Check(partners->CreatePerson(As(admin).get(), req, &out), "create " + id);
  };
  const std::string coach = absl::StrCat(prefix, "-coach");
  person(coach, pv1::COACH);
  {
    iv1::CreateProgrammeRequest req;
    req.set_programme_id(absl::StrCat(prefix, "-programme"));
    auto* p = req.mutable_programme();
    p->set_display_name(absl::StrCat("Bench programme ", prefix));
    p->set_owner("organisations/" + school);
    p->set_duration_years(1);
    auto* y = p->add_years();
    y->set_year(1);
    y->set_coaching_sessions(100);
    iv1::Programme out;
    Check(induction(0)->CreateProgramme(As(admin).get(), req, &out),
          "create programme");
  }
  {
    iv1::UpdateAvailabilityRequest req;
    auto* a = req.mutable_availability();
    a->set_name("coaches/" + coach + "/availability");
    a->set_slot_minutes(45);
    a->set_buffer_minutes(15);
    for (int d = iv1::MONDAY; d <= iv1::SUNDAY; ++d) {
      auto* w = a->add_weekly_windows();
      w->set_day(static_cast<iv1::Weekday>(d));
      w->set_start_time("09:00");
      w->set_end_time("17:00");
    }
    iv1::Availability out;
    Check(induction(0)->UpdateAvailability(As(admin).get(), req, &out),
          "publish availability");
  }
  std::vector<std::string> starters, tokens;
  for (int i = 0; i < clients; ++i) {
    const std::string id = absl::StrCat(prefix, "-starter-", i);
    person(id, pv1::STARTER);
    iv1::CreateStarterRequest req;
    auto* s = req.mutable_starter();
    s->set_person("people/" + id);
    s->set_school("organisations/" + school);
    s->set_programme(absl::StrCat("programmes/", prefix, "-programme"));
    s->set_start_date("2025-08-18");
    s->add_coaches("people/" + coach);
    iv1::Starter out;
    Check(induction(i)->CreateStarter(As(admin).get(), req, &out),
          "enrol " + id);
    starters.push_back(id);
    tokens.push_back(Token(id, "starter", "organisations/" + school));
  }
  std::vector<google::protobuf::Timestamp> slots;
  {
    iv1::ListOpenSlotsRequest req;
    req.set_starter("starters/" + starters[0]);
    const absl::CivilDay today =
        absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
    req.set_start_date(absl::FormatCivilTime(today + 2));
    req.set_end_date(absl::FormatCivilTime(today + 12));
    iv1::ListOpenSlotsResponse resp;
    Check(induction(0)->ListOpenSlots(As(tokens[0]).get(), req, &resp),
          "list open slots");
    for (const auto& s : resp.slots()) {
      if (static_cast<int>(slots.size()) < wanted) {
        slots.push_back(s.start_time());
      }
    }
    if (static_cast<int>(slots.size()) < wanted) {
      std::fprintf(stderr, "only %zu open slots\n", slots.size());
      return 2;
    }
  }

  // ---- Contention.
  std::mutex mu;
  std::vector<Attempt> attempts;
  std::map<std::string, int> others;  // unexpected answers
  std::atomic<int> booked{0};
  std::latch ready(clients + 1);
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      auto stub = induction(i);
      std::vector<int> order(wanted);
      for (int k = 0; k < wanted; ++k) {
        order[k] = k;
      }
      std::shuffle(order.begin(), order.end(), std::mt19937(i));
      std::vector<Attempt> mine;
      ready.arrive_and_wait();
      for (int k : order) {
        iv1::CreateBookingRequest req;
        req.set_parent("starters/" + starters[i]);
        req.mutable_booking()->set_coach("people/" + coach);
        *req.mutable_booking()->mutable_start_time() = slots[k];
        iv1::Booking out;
        const auto t0 = std::chrono::steady_clock::now();
        grpc::Status s = stub->CreateBooking(As(tokens[i]).get(), req, &out);
        const double ms = std::chrono::duration<double, std::milli>(
                              std::chrono::steady_clock::now() - t0)
                              .count();
        mine.push_back({ms, s.error_code()});
        if (s.ok()) {
          ++booked;
          break;
        }
        if (s.error_code() != grpc::StatusCode::ALREADY_EXISTS &&
            s.error_code() != grpc::StatusCode::ABORTED) {
          std::lock_guard<std::mutex> lock(mu);
          ++others[absl::StrCat(s.error_code(), " ", s.error_message())];
        }
      }
      std::lock_guard<std::mutex> lock(mu);
      attempts.insert(attempts.end(), mine.begin(), mine.end());
    });
  }
  ready.arrive_and_wait();
  const auto start = std::chrono::steady_clock::now();
  for (auto& t : threads) {
    t.join();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();

  std::vector<double> ms;
  int refused = 0;
  for (const auto& a : attempts) {
    ms.push_back(a.ms);
    if (a.code == grpc::StatusCode::ALREADY_EXISTS ||
        a.code == grpc::StatusCode::ABORTED) {
      ++refused;
    }
  }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) {
    return ms.empty() ? 0.0
                      : ms[std::min(ms.size() - 1,
                                    static_cast<size_t>(p * ms.size()))];
  };
  int other_count = 0;
  for (const auto& [what, n] : others) {
    other_count += n;
  }
  std::printf("clients %d, slots %d, replicas %zu\n", clients, wanted,
              targets.size());
  std::printf(
      "booking requests %zu in %.2f s: %.0f requests/s, p50 %.1f ms, "
      "p99 %.1f ms, max %.1f ms\n",
      attempts.size(), seconds, attempts.size() / seconds, pct(0.50), pct(0.99),
      ms.empty() ? 0.0 : ms.back());
  std::printf(
      "succeeded %d (expected %d), refused with ALREADY_EXISTS/ABORTED "
      "(HTTP 409) %d, other answers %d\n",
      booked.load(), wanted, refused, other_count);
  for (const auto& [what, n] : others) {
    std::printf("  %d x %s\n", n, what.c_str());
  }
  return booked.load() == wanted && other_count == 0 ? 0 : 1;
}
