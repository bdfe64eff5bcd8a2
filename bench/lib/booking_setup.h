#pragma once

// What the booking benchmarks share (bench/read_path/booking_load.cc,
// bench/notifications/notifications_load.cc): coaches and starters made
// through the public gRPC APIs with an admin token minted with
// SAMEN_JWT_HS256_SECRET, so that calls in flight never share a coach or a
// starter. One programme (100 coaching sessions a year, a 60-day booking
// horizon); per worker one coach, available every day 00:00-23:55 in
// 15-minute slots without buffer, and its own starters at one demo school;
// then the coach's open slots, enough for every starter's quota.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "google/protobuf/timestamp.pb.h"
#include "grpcpp/grpcpp.h"
#include "samen/induction/v1/induction_service.grpc.pb.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"

namespace samen::bench {

constexpr int kQuota = 100;       // coaching sessions per starter and year
constexpr int kSlotsPerDay = 95;  // 00:00-23:55 in 15-minute slots

// A token for `subject` holding `role` in `scope`, signed with
// SAMEN_JWT_HS256_SECRET; exits 2 when that is unset.
std::string MintToken(const std::string& subject, const std::string& role,
                      const std::string& scope);

// Exits 1 with `what` when a setup call failed.
void CheckSetup(const grpc::Status& s, const std::string& what);

// What one worker books with: its coach, its starters (with their tokens) and
// the coach's open slots in order; and what it measured.
struct BookingWorker {
  std::string coach;
  std::vector<std::string> starters;
  std::vector<std::string> tokens;
  std::vector<google::protobuf::Timestamp> slots;
  std::vector<int64_t> latencies_us;
  int64_t errors = 0;
  bool exhausted = false;
  std::string first_error;
};

struct BookingSetupOptions {
  std::string school = "almere-college-dronten";  // a demo school
  std::string prefix = "rp";                      // of every id made
  // Non-empty: every person gets the address `<id>@<email_domain>`.
  std::string email_domain;
  int first_day = 2;  // slots from today + this many days (24 h notice)
};

class BookingSetup {
 public:
  BookingSetup(std::shared_ptr<grpc::Channel> channel,
               BookingSetupOptions options);

  void Programme();
  // Creates worker `w`'s coach, availability and starters; lists the slots.
  void Fill(int w, int starters, BookingWorker* worker);

 private:
  void Person(const std::string& id, ::samen::partners::v1::Role role);
  void Availability(const std::string& coach);
  void Slots(int starters, BookingWorker* worker);

  std::unique_ptr<::samen::partners::v1::PartnersService::Stub> partners_;
  std::unique_ptr<::samen::induction::v1::InductionService::Stub> induction_;
  const BookingSetupOptions options_;
  const std::string admin_;
};

// The programme, then every worker filled by eight threads over `channels`
// (each its own coach and `per_coach` starters). Prints the setup's size and
// time on stderr.
std::vector<BookingWorker> SetUpWorkers(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const BookingSetupOptions& options, int workers, int per_coach);

// `n` connections to `target` (round robin over its addresses), as many
// phones would not share one HTTP/2 connection.
std::vector<std::shared_ptr<grpc::Channel>> LoadChannels(
    const std::string& target, int n = 4);

// One CreateBooking of worker `w`: slot `k` for its starters in turn, with
// wall-clock microseconds around the call. nullopt (and `w->exhausted`) when
// the worker has no slot or quota left; otherwise the latency or the first
// error is recorded in `w`.
struct BookingCall {
  bool booked = false;
  int64_t started_us = 0;
  int64_t done_us = 0;
  ::samen::induction::v1::Booking booking;
};
std::optional<BookingCall> BookSlot(
    ::samen::induction::v1::InductionService::Stub* stub, size_t k,
    BookingWorker* w);

// Prints the workers' bookings as one line on stdout ("requests/s … p50_ms …
// p99_ms … calls … errors …") and their first error on stderr; how many were
// booked.
size_t ReportBookings(const std::vector<BookingWorker>& workers,
                      double seconds);

// The p-th quantile (0..1) of sorted microseconds, in milliseconds.
double PercentileMs(const std::vector<int64_t>& sorted, double p);

}  // namespace samen::bench
