// read_path_booking_load: the bookings row of bench/read_path.sh. Uncontended
// CreateBooking over gRPC: no two calls in flight share a starter or a coach.
//
// Setup (bench/lib/booking_setup.h), through the public gRPC APIs (an admin
// token minted with SAMEN_JWT_HS256_SECRET): one programme (100 coaching
// sessions a year, a 60-day booking horizon); per worker one coach, available
// every day 00:00-23:55 in 15-minute slots without buffer, and
// --starters_per_coach starters of that coach (people in the Partners directory
// at --school). Then each of the --concurrency workers books its own coach's
// open slots one after the other for --seconds, its starters taking turns (a
// starter may book 100 sessions a year), each call as the starter, and prints:
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
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "bench/lib/booking_setup.h"
#include "bench/lib/grpc_client.h"
#include "grpcpp/grpcpp.h"
#include "samen/induction/v1/induction_service.grpc.pb.h"

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
using Clock = std::chrono::steady_clock;
using ::samen::bench::BookingWorker;

// Books the worker's slots in order until `deadline`, its starters in turn.
void Book(iv1::InductionService::Stub* stub, Clock::time_point deadline,
          BookingWorker* w) {
  for (size_t k = 0; Clock::now() < deadline; ++k) {
    if (!samen::bench::BookSlot(stub, k, w).has_value()) {
      return;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  const int per_coach = absl::GetFlag(FLAGS_starters_per_coach);
  const std::vector<std::shared_ptr<grpc::Channel>> channels =
      samen::bench::LoadChannels(absl::GetFlag(FLAGS_target));

  samen::bench::BookingSetupOptions options;
  options.school = absl::GetFlag(FLAGS_school);
  options.prefix = absl::GetFlag(FLAGS_prefix);
  std::vector<BookingWorker> workers =
      samen::bench::SetUpWorkers(channels, options, concurrency, per_coach);

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

  int exhausted = 0;
  for (const BookingWorker& w : workers) {
    exhausted += w.exhausted ? 1 : 0;
  }
  if (exhausted > 0) {
    std::fprintf(stderr,
                 "note: %d workers ran out of slots or quota before the end "
                 "(raise --starters_per_coach)\n",
                 exhausted);
  }
  return samen::bench::ReportBookings(workers, seconds) > 0 ? 0 : 1;
}
