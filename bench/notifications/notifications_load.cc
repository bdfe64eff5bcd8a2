// notifications_load: the bookings of bench/notifications.sh. --bookings
// uncontended CreateBooking calls over gRPC, as fast as --concurrency workers
// make them: each worker its own coach and starters (bench/lib/booking_setup.h;
// every person with an e-mail address at --email_domain), booking its coach's
// open slots in order, its starters taking turns, each call as the starter.
// The slots start --first_day days from today: beyond the 7 days before a
// session at which its reminders are due, so a run sends only the two
// confirmations per booking.
//
// Writes one line per booking made to --out:
//
//   <ical_uid> <call started, unix µs> <call returned, unix µs>
//
// and prints
//
//   requests/s 12.3 p50_ms 1.234 p99_ms 5.678 calls 1000 errors 0
//
// (the line of bench/gateway_cost/grpc_load.cc; the rate over the time from
// the first call to the last answer). Exits 1 when setup fails or no booking
// succeeded.

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
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/lib/booking_setup.h"
#include "bench/lib/grpc_client.h"
#include "grpcpp/grpcpp.h"
#include "samen/induction/v1/induction_service.grpc.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:9090",
          "samen-server(s) hosting partners and induction: host:port, or "
          "ipv4:host:port,host:port for several replicas (round robin)");
ABSL_FLAG(int, bookings, 1000, "bookings to make in all");
ABSL_FLAG(int, concurrency, 16, "calls in flight (one coach each)");
ABSL_FLAG(int, starters_per_coach, 4,
          "starters of each coach (each may book 100 sessions)");
ABSL_FLAG(int, first_day, 8, "the first day booked, days from today");
ABSL_FLAG(std::string, email_domain, "bench.example",
          "every bench person's address is <id>@<this>");
ABSL_FLAG(std::string, school, "almere-college-dronten",
          "demo school the bench people work at");
ABSL_FLAG(std::string, prefix, "nb", "prefix of the ids this run creates");
ABSL_FLAG(std::string, out, "bookings.txt", "where the bookings are written");

namespace {

namespace iv1 = ::samen::induction::v1;
using ::samen::bench::BookingWorker;

struct Made {
  std::string ical_uid;
  int64_t started_us;
  int64_t done_us;
};

// Books the worker's slots in order while `left` has bookings to hand out.
void Book(iv1::InductionService::Stub* stub, std::atomic<int>* left,
          BookingWorker* w, std::vector<Made>* made) {
  for (size_t k = 0;; ++k) {
    if (left->fetch_sub(1) <= 0) {
      return;
    }
    auto call = samen::bench::BookSlot(stub, k, w);
    if (!call.has_value()) {
      left->fetch_add(1);  // this worker is out of slots: another books it
      return;
    }
    if (call->booked) {
      made->push_back(
          {call->booking.ical_uid(), call->started_us, call->done_us});
    }
  }
}

bool Write(const std::vector<std::vector<Made>>& made) {
  FILE* f = std::fopen(absl::GetFlag(FLAGS_out).c_str(), "w");
  if (f == nullptr) {
    std::perror(absl::GetFlag(FLAGS_out).c_str());
    return false;
  }
  for (const auto& list : made) {
    for (const Made& m : list) {
      std::fprintf(f, "%s %lld %lld\n", m.ical_uid.c_str(),
                   static_cast<long long>(m.started_us),
                   static_cast<long long>(m.done_us));
    }
  }
  return std::fclose(f) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  const auto channels = samen::bench::LoadChannels(absl::GetFlag(FLAGS_target));
  samen::bench::BookingSetupOptions options;
  options.school = absl::GetFlag(FLAGS_school);
  options.prefix = absl::GetFlag(FLAGS_prefix);
  options.email_domain = absl::GetFlag(FLAGS_email_domain);
  options.first_day = absl::GetFlag(FLAGS_first_day);
  std::vector<BookingWorker> workers = samen::bench::SetUpWorkers(
      channels, options, concurrency, absl::GetFlag(FLAGS_starters_per_coach));

  std::atomic<int> left{absl::GetFlag(FLAGS_bookings)};
  std::vector<std::vector<Made>> made(concurrency);
  std::latch ready(concurrency + 1);
  std::vector<std::thread> threads;
  for (int w = 0; w < concurrency; ++w) {
    threads.emplace_back([&, w] {
      auto stub = iv1::InductionService::NewStub(channels[w % channels.size()]);
      ready.arrive_and_wait();
      Book(stub.get(), &left, &workers[w], &made[w]);
    });
  }
  const auto start = std::chrono::steady_clock::now();
  ready.arrive_and_wait();
  for (auto& t : threads) {
    t.join();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();

  if (left.load() > 0) {
    std::fprintf(stderr,
                 "note: the workers ran out of slots or quota %d bookings "
                 "short (raise --starters_per_coach)\n",
                 left.load());
  }
  const size_t booked = samen::bench::ReportBookings(workers, seconds);
  return Write(made) && booked > 0 ? 0 : 1;
}
