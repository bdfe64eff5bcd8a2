#include "bench/lib/booking_setup.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/lib/grpc_client.h"
#include "services/common/auth/auth.h"

namespace samen::bench {
namespace {

namespace iv1 = ::samen::induction::v1;
namespace pv1 = ::samen::partners::v1;

}  // namespace

std::string MintToken(const std::string& subject, const std::string& role,
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

void CheckSetup(const grpc::Status& s, const std::string& what) {
  if (!s.ok()) {
    std::fprintf(stderr, "setup failed: %s: %d %s\n", what.c_str(),
                 s.error_code(), s.error_message().c_str());
    std::exit(1);
  }
}

BookingSetup::BookingSetup(std::shared_ptr<grpc::Channel> channel,
                           BookingSetupOptions options)
    : partners_(pv1::PartnersService::NewStub(channel)),
      induction_(iv1::InductionService::NewStub(channel)),
      options_(std::move(options)),
      admin_(MintToken(options_.prefix + "-admin", "admin", "")) {}

void BookingSetup::Programme() {
  iv1::CreateProgrammeRequest req;
  req.set_programme_id(options_.prefix + "-programme");
  auto* p = req.mutable_programme();
  p->set_display_name("Bench " + options_.prefix);
  p->set_owner("organisations/" + options_.school);
  p->set_duration_years(1);
  auto* y = p->add_years();
  y->set_year(1);
  y->set_coaching_sessions(kQuota);
  p->mutable_booking_policy()->mutable_booking_horizon()->set_seconds(60 *
                                                                      86400);
  iv1::Programme out;
  CheckSetup(induction_->CreateProgramme(As(admin_).get(), req, &out),
             "create programme");
}

void BookingSetup::Fill(int w, int starters, BookingWorker* worker) {
  const std::string& prefix = options_.prefix;
  worker->coach = absl::StrCat(prefix, "-coach-", w);
  Person(worker->coach, pv1::COACH);
  Availability(worker->coach);
  for (int s = 0; s < starters; ++s) {
    const std::string id = absl::StrCat(prefix, "-starter-", w, "-", s);
    Person(id, pv1::STARTER);
    iv1::CreateStarterRequest req;
    auto* st = req.mutable_starter();
    st->set_person("people/" + id);
    st->set_school("organisations/" + options_.school);
    st->set_programme("programmes/" + prefix + "-programme");
    st->set_start_date("2025-08-18");
    st->add_coaches("people/" + worker->coach);
    iv1::Starter out;
    CheckSetup(induction_->CreateStarter(As(admin_).get(), req, &out),
               "enrol " + id);
    worker->starters.push_back(out.name());
    worker->tokens.push_back(
        MintToken(id, "starter", "organisations/" + options_.school));
  }
  Slots(starters, worker);
}

void BookingSetup::Person(const std::string& id, pv1::Role role) {
  pv1::CreatePersonRequest req;
  req.set_person_id(id);
  req.mutable_person()->set_display_name("Bench " + id);
  if (!options_.email_domain.empty()) {
    req.mutable_person()->set_email(
        absl::StrCat(id, "@", options_.email_domain));
  }
  auto* a = req.mutable_person()->add_affiliations();
  a->set_organisation("organisations/" + options_.school);
  a->add_roles(role);
  pv1::Person out;
  CheckSetup(partners_->CreatePerson(As(admin_).get(), req, &out),
             "create " + id);
}

void BookingSetup::Availability(const std::string& coach) {
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
  CheckSetup(induction_->UpdateAvailability(As(admin_).get(), req, &out),
             "availability of " + coach);
}

// Enough open slots for every starter's quota, from options_.first_day on.
void BookingSetup::Slots(int starters, BookingWorker* worker) {
  const int days = (starters * kQuota + kSlotsPerDay - 1) / kSlotsPerDay + 1;
  const absl::CivilDay first =
      absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) + options_.first_day;
  iv1::ListOpenSlotsRequest req;
  req.set_starter(worker->starters[0]);
  req.set_coach("people/" + worker->coach);
  req.set_start_date(absl::FormatCivilTime(first));
  req.set_end_date(absl::FormatCivilTime(first + days - 1));
  iv1::ListOpenSlotsResponse resp;
  CheckSetup(induction_->ListOpenSlots(As(worker->tokens[0]).get(), req, &resp),
             "open slots of " + worker->coach);
  for (const auto& slot : resp.slots()) {
    worker->slots.push_back(slot.start_time());
  }
}

std::vector<BookingWorker> SetUpWorkers(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const BookingSetupOptions& options, int workers, int per_coach) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<BookingWorker> out(workers);
  BookingSetup(channels[0], options).Programme();
  // Eight setup threads, each filling every eighth worker.
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      BookingSetup mine(channels[t % channels.size()], options);
      for (int w = t; w < workers; w += 8) {
        mine.Fill(w, per_coach, &out[w]);
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  std::fprintf(
      stderr, "setup: %d coaches, %d starters, %zu open slots each, %.1f s\n",
      workers, workers * per_coach, out.empty() ? 0 : out[0].slots.size(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count());
  return out;
}

double PercentileMs(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) {
    return 0;
  }
  const size_t i =
      std::min(sorted.size() - 1,
               static_cast<size_t>(p * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[i]) / 1000.0;
}

std::vector<std::shared_ptr<grpc::Channel>> LoadChannels(
    const std::string& target, int n) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < n; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.use_local_subchannel_pool", 1);
    args.SetLoadBalancingPolicyName("round_robin");
    channels.push_back(grpc::CreateCustomChannel(
        target, grpc::InsecureChannelCredentials(), args));
  }
  return channels;
}

std::optional<BookingCall> BookSlot(
    ::samen::induction::v1::InductionService::Stub* stub, size_t k,
    BookingWorker* w) {
  const size_t starters = w->starters.size();
  if (k >= w->slots.size() || k >= starters * kQuota) {
    w->exhausted = true;
    return std::nullopt;
  }
  ::samen::induction::v1::CreateBookingRequest req;
  req.set_parent(w->starters[k % starters]);
  req.mutable_booking()->set_coach("people/" + w->coach);
  *req.mutable_booking()->mutable_start_time() = w->slots[k];
  BookingCall call;
  call.started_us = absl::ToUnixMicros(absl::Now());
  grpc::Status s = stub->CreateBooking(As(w->tokens[k % starters]).get(), req,
                                       &call.booking);
  call.done_us = absl::ToUnixMicros(absl::Now());
  call.booked = s.ok();
  if (s.ok()) {
    w->latencies_us.push_back(call.done_us - call.started_us);
  } else if (w->errors++ == 0) {
    w->first_error = absl::StrCat(s.error_code(), " ", s.error_message());
  }
  return call;
}

size_t ReportBookings(const std::vector<BookingWorker>& workers,
                      double seconds) {
  std::vector<int64_t> all;
  int64_t errors = 0;
  std::string first_error;
  for (const BookingWorker& w : workers) {
    all.insert(all.end(), w.latencies_us.begin(), w.latencies_us.end());
    errors += w.errors;
    if (first_error.empty()) {
      first_error = w.first_error;
    }
  }
  std::sort(all.begin(), all.end());
  if (errors > 0) {
    std::fprintf(stderr, "%lld failed bookings; the first: %s\n",
                 static_cast<long long>(errors), first_error.c_str());
  }
  std::printf("requests/s %.1f p50_ms %.3f p99_ms %.3f calls %zu errors %lld\n",
              static_cast<double>(all.size()) / seconds,
              PercentileMs(all, 0.50), PercentileMs(all, 0.99), all.size(),
              static_cast<long long>(errors));
  return all.size();
}

}  // namespace samen::bench
