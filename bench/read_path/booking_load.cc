// read_path_booking_load: the bookings row of bench/read_path.sh. Uncontended
// CreateBooking over gRPC: no two calls in flight share a starter or a coach.
//
// Setup, through the public gRPC APIs (an admin token minted with
// SAMEN_JWT_HS256_SECRET): one programme (100 coaching sessions a year, a
// 60-day booking horizon); per worker one coach, available every day
// 00:00-23:55 in 15-minute slots without buffer, and --starters_per_coach
// starters of that coach (people in the Partners directory at --school). Then
// each of the --concurrency workers books its own coach's open slots one after
// the other for --seconds, its starters taking turns (a starter may book 100
// sessions a year), each call as the starter, and prints:
//
//   requests/s 123.4 p50_ms 1.234 p99_ms 5.678 calls 2468 errors 0
//
// (the line of bench/gateway_cost/grpc_load.cc). A worker that runs out of
// slots or quota stops early and is reported on stderr. Exits 1 when setup
// fails or the first booking does.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <latch>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/lib/grpc_client.h"
#include "grpcpp/grpcpp.h"
#include "samen/induction/v1/induction_service.grpc.pb.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "services/common/auth/auth.h"

ABSL_FLAG(std::string, target, "127.0.0.1:9090",
          "samen-server hosting partners and induction");
ABSL_FLAG(int, concurrency, 64, "calls in flight (one coach each)");
ABSL_FLAG(int, seconds, 10, "measured duration");
ABSL_FLAG(int, starters_per_coach, 4,
          "starters of each coach (each may book 100 sessions)");
ABSL_FLAG(std::string, school, "almere-college-dronten",
          "demo school the bench people work at");
ABSL_FLAG(std::string, prefix, "rp", "prefix of the ids this run creates");

namespace {

namespace iv1 = ::samen::induction::v1;
namespace pv1 = ::samen::partners::v1;
using Clock = std::chrono::steady_clock;

constexpr int kQuota = 100;       // coaching sessions per starter and year
constexpr int kSlotsPerDay = 95;  // 00:00-23:55 in 15-minute slots

std::string Token(const std::string& subject, const std::string& role,
                  const std::string& scope) {
  const char* secret = std::getenv("SAMEN_JWT_HS256_SECRET");
  if (secret == nullptr || *secret == '\0') {
    std::fprintf(stderr, "SAMEN_JWT_HS256_SECRET must be set\n");
    std::exit(2);
  }
  samen::auth::Principal p;
  p.subject = subject;
  p.grants.push_back({role, scope});
  samen::auth::MintOptions o;
  o.secret = secret;
  auto token = samen::auth::MintHs256Token(p, o);
  if (!token.ok()) {
    std::fprintf(stderr, "mint token: %s\n", token.status().ToString().c_str());
    std::exit(2);
  }
  return *token;
}

using ::samen::bench::As;

void Check(const grpc::Status& s, const std::string& what) {
  if (!s.ok()) {
    std::fprintf(stderr, "setup failed: %s: %d %s\n", what.c_str(),
                 s.error_code(), s.error_message().c_str());
    std::exit(1);
  }
}

// What one worker books with: its coach, its starters (with their tokens) and
// the coach's open slots in order.
struct Worker {
  std::string coach;
  std::vector<std::string> starters;
  std::vector<std::string> tokens;
  std::vector<google::protobuf::Timestamp> slots;
  std::vector<int64_t> latencies_us;
  int64_t errors = 0;
  bool exhausted = false;
  std::string first_error;
};

class Setup {
 public:
  Setup(std::shared_ptr<grpc::Channel> channel, std::string school,
        std::string prefix)
      : partners_(pv1::PartnersService::NewStub(channel)),
        induction_(iv1::InductionService::NewStub(channel)),
        school_(std::move(school)),
        prefix_(std::move(prefix)),
        admin_(Token(prefix_ + "-admin", "admin", "")) {}

  void Programme() {
    iv1::CreateProgrammeRequest req;
    req.set_programme_id(prefix_ + "-programme");
    auto* p = req.mutable_programme();
    p->set_display_name("Read-path bench " + prefix_);
    p->set_owner("organisations/" + school_);
    p->set_duration_years(1);
    auto* y = p->add_years();
    y->set_year(1);
    y->set_coaching_sessions(kQuota);
    p->mutable_booking_policy()->mutable_booking_horizon()->set_seconds(60 *
                                                                        86400);
    iv1::Programme out;
    Check(induction_->CreateProgramme(As(admin_).get(), req, &out),
          "create programme");
  }

  // Creates worker `w`'s coach, availability and starters; lists the slots.
  void Fill(int w, int starters, Worker* worker) {
    worker->coach = absl::StrCat(prefix_, "-coach-", w);
    Person(worker->coach, pv1::COACH);
    Availability(worker->coach);
    for (int s = 0; s < starters; ++s) {
      const std::string id = absl::StrCat(prefix_, "-starter-", w, "-", s);
      Person(id, pv1::STARTER);
      iv1::CreateStarterRequest req;
      auto* st = req.mutable_starter();
      st->set_person("people/" + id);
      st->set_school("organisations/" + school_);
      st->set_programme("programmes/" + prefix_ + "-programme");
      st->set_start_date("2025-08-18");
      st->add_coaches("people/" + worker->coach);
      iv1::Starter out;
      Check(induction_->CreateStarter(As(admin_).get(), req, &out),
            "enrol " + id);
      worker->starters.push_back(out.name());
      worker->tokens.push_back(
          Token(id, "starter", "organisations/" + school_));
    }
    Slots(starters, worker);
  }

 private:
  void Person(const std::string& id, pv1::Role role) {
    pv1::CreatePersonRequest req;
    req.set_person_id(id);
    req.mutable_person()->set_display_name("Bench " + id);
    auto* a = req.mutable_person()->add_affiliations();
    a->set_organisation("organisations/" + school_);
    a->add_roles(role);
    pv1::Person out;
    Check(partners_->CreatePerson(As(admin_).get(), req, &out), "create " + id);
  }

  void Availability(const std::string& coach) {
    iv1::UpdateAvailabilityRequest req;
    auto* a = req.mutable_availability();
    a->set_name("coaches/" + coach + "/availability");
    a->set_slot_minutes(15);
    a->set_buffer_minutes(0);
    for (int d = iv1::MONDAY; d <= iv1::SUNDAY; ++d) {
      auto* window = a->add_weekly_windows();
      window->set_day(static_cast<iv1::Weekday>(d));
      window->set_start_time("00:00");
      window->set_end_time("23:55");
    }
    iv1::Availability out;
    Check(induction_->UpdateAvailability(As(admin_).get(), req, &out),
          "availability of " + coach);
  }

  // Enough open slots for every starter's quota, from the day after tomorrow
  // (the default minimum notice is 24 hours).
  void Slots(int starters, Worker* worker) {
    const int days = (starters * kQuota + kSlotsPerDay - 1) / kSlotsPerDay + 1;
    const absl::CivilDay first =
        absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) + 2;
    iv1::ListOpenSlotsRequest req;
    req.set_starter(worker->starters[0]);
    req.set_coach("people/" + worker->coach);
    req.set_start_date(absl::FormatCivilTime(first));
    req.set_end_date(absl::FormatCivilTime(first + days - 1));
    iv1::ListOpenSlotsResponse resp;
    Check(induction_->ListOpenSlots(As(worker->tokens[0]).get(), req, &resp),
          "open slots of " + worker->coach);
    for (const auto& slot : resp.slots()) {
      worker->slots.push_back(slot.start_time());
    }
  }

  std::unique_ptr<pv1::PartnersService::Stub> partners_;
  std::unique_ptr<iv1::InductionService::Stub> induction_;
  const std::string school_;
  const std::string prefix_;
  const std::string admin_;
};

// Books the worker's slots in order until `deadline`, its starters in turn.
void Book(iv1::InductionService::Stub* stub, Clock::time_point deadline,
          Worker* w) {
  const size_t starters = w->starters.size();
  for (size_t k = 0;; ++k) {
    if (Clock::now() >= deadline) {
      return;
    }
    if (k >= w->slots.size() || k >= starters * kQuota) {
      w->exhausted = true;
      return;
    }
    iv1::CreateBookingRequest req;
    req.set_parent(w->starters[k % starters]);
    req.mutable_booking()->set_coach("people/" + w->coach);
    *req.mutable_booking()->mutable_start_time() = w->slots[k];
    iv1::Booking out;
    const Clock::time_point started = Clock::now();
    grpc::Status s =
        stub->CreateBooking(As(w->tokens[k % starters]).get(), req, &out);
    if (s.ok()) {
      w->latencies_us.push_back(
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() -
                                                                started)
              .count());
    } else if (w->errors++ == 0) {
      w->first_error = absl::StrCat(s.error_code(), " ", s.error_message());
    }
  }
}

double Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) {
    return 0;
  }
  const size_t i =
      std::min(sorted.size() - 1,
               static_cast<size_t>(p * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[i]) / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  const int per_coach = absl::GetFlag(FLAGS_starters_per_coach);
  // A few connections, as many phones would not share one HTTP/2 connection.
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < 4; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.use_local_subchannel_pool", 1);
    channels.push_back(grpc::CreateCustomChannel(
        absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials(), args));
  }

  const auto setup_start = Clock::now();
  std::vector<Worker> workers(concurrency);
  {
    Setup setup(channels[0], absl::GetFlag(FLAGS_school),
                absl::GetFlag(FLAGS_prefix));
    setup.Programme();
    // Eight setup threads, each filling every eighth worker.
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        Setup mine(channels[t % channels.size()], absl::GetFlag(FLAGS_school),
                   absl::GetFlag(FLAGS_prefix));
        for (int w = t; w < concurrency; w += 8) {
          mine.Fill(w, per_coach, &workers[w]);
        }
      });
    }
    for (auto& t : threads) {
      t.join();
    }
  }
  std::fprintf(
      stderr, "setup: %d coaches, %d starters, %zu open slots each, %.1f s\n",
      concurrency, concurrency * per_coach, workers[0].slots.size(),
      std::chrono::duration<double>(Clock::now() - setup_start).count());

  std::latch ready(concurrency + 1);
  Clock::time_point deadline;
  std::vector<std::thread> threads;
  for (int w = 0; w < concurrency; ++w) {
    threads.emplace_back([&, w] {
      auto stub = iv1::InductionService::NewStub(channels[w % channels.size()]);
      ready.arrive_and_wait();
      Book(stub.get(), deadline, &workers[w]);
    });
  }
  const Clock::time_point start = Clock::now();
  deadline = start + std::chrono::seconds(absl::GetFlag(FLAGS_seconds));
  ready.arrive_and_wait();  // the workers read `deadline` only after this
  for (auto& t : threads) {
    t.join();
  }
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<int64_t> all;
  int64_t errors = 0;
  int exhausted = 0;
  std::string first_error;
  for (const Worker& w : workers) {
    all.insert(all.end(), w.latencies_us.begin(), w.latencies_us.end());
    errors += w.errors;
    exhausted += w.exhausted ? 1 : 0;
    if (first_error.empty()) {
      first_error = w.first_error;
    }
  }
  std::sort(all.begin(), all.end());
  if (exhausted > 0) {
    std::fprintf(stderr,
                 "note: %d workers ran out of slots or quota before the end "
                 "(raise --starters_per_coach)\n",
                 exhausted);
  }
  if (errors > 0) {
    std::fprintf(stderr, "%lld failed bookings; the first: %s\n",
                 static_cast<long long>(errors), first_error.c_str());
  }
  std::printf("requests/s %.1f p50_ms %.3f p99_ms %.3f calls %zu errors %lld\n",
              static_cast<double>(all.size()) / seconds, Percentile(all, 0.50),
              Percentile(all, 0.99), all.size(),
              static_cast<long long>(errors));
  return all.empty() ? 1 : 0;
}
