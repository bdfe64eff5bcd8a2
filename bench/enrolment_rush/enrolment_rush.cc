// enrolment_rush: N people enrol for one activity at the same moment, spread
// over several samen-server replicas (gRPC callback API, every call in flight
// at once). Prints enrolments/s and latency percentiles, checks the answers
// (places, waitlist positions in arrival order), then lets some participants
// cancel at once so that the waitlist is promoted, and writes one line per
// person (person, replica, state, arrival, waitlist position, latency in µs)
// for bench/enrolment_rush.sh to compare with the database.
//
//   enrolment_rush --targets=127.0.0.1:9090,127.0.0.1:9091 --secret=...
//       [--clients=1000] [--capacity=30] [--cancel=10] [--activity=rush]
//       [--out=results.tsv]

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "samen/professionalisation/v1/professionalisation_service.grpc.pb.h"
#include "services/common/auth/auth.h"

namespace {

namespace v1 = ::samen::professionalisation::v1;
using Clock = std::chrono::steady_clock;

struct Options {
  std::vector<std::string> targets;
  std::string secret;
  int clients = 1000;
  int capacity = 30;
  int cancel = 10;
  std::string activity = "rush";
  std::string out = "enrolment_rush.tsv";
};

bool Parse(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::pair<std::string, std::string> kv =
        absl::StrSplit(argv[i], absl::MaxSplits('=', 1));
    if (kv.first == "--targets") {
      o->targets = absl::StrSplit(kv.second, ',', absl::SkipEmpty());
    } else if (kv.first == "--secret") {
      o->secret = kv.second;
    } else if (kv.first == "--clients") {
      if (!absl::SimpleAtoi(kv.second, &o->clients)) return false;
    } else if (kv.first == "--capacity") {
      if (!absl::SimpleAtoi(kv.second, &o->capacity)) return false;
    } else if (kv.first == "--cancel") {
      if (!absl::SimpleAtoi(kv.second, &o->cancel)) return false;
    } else if (kv.first == "--activity") {
      o->activity = kv.second;
    } else if (kv.first == "--out") {
      o->out = kv.second;
    } else {
      std::fprintf(stderr, "unknown argument %s\n", argv[i]);
      return false;
    }
  }
  if (o->secret.empty()) {
    if (const char* s = std::getenv("SAMEN_JWT_HS256_SECRET")) {
      o->secret = s;
    }
  }
  return !o->targets.empty() && !o->secret.empty() && o->clients > 0;
}

std::string Mint(const std::string& secret, const std::string& subject,
                 const std::string& grants) {
  samen::auth::Principal p;
  p.subject = subject;
  p.display_name = subject;
  std::pair<std::string, std::string> g =
      absl::StrSplit(grants, absl::MaxSplits('@', 1));
  p.grants.push_back({g.first, g.second});
  samen::auth::MintOptions options;
  options.secret = secret;
  auto token = samen::auth::MintHs256Token(p, options);
  if (!token.ok()) {
    std::fprintf(stderr, "mint: %s\n", token.status().ToString().c_str());
    std::exit(1);
  }
  return *token;
}

// One call in flight: everything the callback API needs kept alive.
struct Call {
  grpc::ClientContext ctx;
  v1::CreateEnrolmentRequest enrol;
  v1::CancelEnrolmentRequest cancel;
  v1::Enrolment response;
  grpc::Status status;
  int replica = 0;
  Clock::time_point sent;
  Clock::duration latency{};
};

// Runs `calls` all at once; `start` issues one; returns the wall time.
template <typename Start>
Clock::duration RunAll(std::vector<std::unique_ptr<Call>>& calls, Start start) {
  std::mutex mu;
  std::condition_variable done;
  size_t finished = 0;
  const auto begin = Clock::now();
  for (auto& call : calls) {
    call->ctx.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(120));
    call->sent = Clock::now();
    Call* c = call.get();
    start(c, [c, &mu, &done, &finished](grpc::Status s) {
      c->latency = Clock::now() - c->sent;
      c->status = std::move(s);
      std::lock_guard<std::mutex> lock(mu);
      ++finished;
      done.notify_one();
    });
  }
  std::unique_lock<std::mutex> lock(mu);
  done.wait(lock, [&] { return finished == calls.size(); });
  return Clock::now() - begin;
}

double Ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

void PrintLatencies(const char* what, std::vector<std::unique_ptr<Call>>& calls,
                    Clock::duration wall) {
  std::vector<double> ms;
  for (const auto& c : calls) {
    ms.push_back(Ms(c->latency));
  }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(p * ms.size()))];
  };
  std::printf(
      "%-8s %5zu calls in %8.1f ms: %8.0f /s   p50 %7.1f ms   p95 %7.1f ms   "
      "p99 %7.1f ms   max %7.1f ms\n",
      what, calls.size(), Ms(wall), calls.size() / (Ms(wall) / 1000.0),
      pct(0.50), pct(0.95), pct(0.99), ms.back());
}

int Fail(const std::string& why) {
  std::printf("FAIL: %s\n", why.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!Parse(argc, argv, &o)) {
    std::fprintf(stderr,
                 "usage: enrolment_rush --targets=h:p[,h:p...] --secret=S "
                 "[--clients=1000] [--capacity=30] [--cancel=10] "
                 "[--activity=rush] [--out=file]\n");
    return 2;
  }
  std::vector<std::unique_ptr<v1::ProfessionalisationService::Stub>> stubs;
  for (const auto& t : o.targets) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    stubs.push_back(
        v1::ProfessionalisationService::NewStub(grpc::CreateCustomChannel(
            t, grpc::InsecureChannelCredentials(), args)));
  }
  const std::string activity = "activities/" + o.activity;

  // The activity: OSOF's mentor training with `capacity` places, in a month.
  {
    v1::CreateActivityRequest req;
    req.set_activity_id(o.activity);
    v1::Activity* a = req.mutable_activity();
    a->set_owner("partnerships/osof");
    a->set_kind(v1::MENTOR_TRAINING);
    a->set_title("Werkplekbegeleiderstraining (enrolment rush)");
    a->add_audiences(v1::MENTORS);
    a->set_capacity(o.capacity);
    a->set_hours(6);
    auto* s = a->add_sessions();
    s->set_date(absl::FormatTime("%Y-%m-%d", absl::Now() + absl::Hours(24 * 30),
                                 absl::UTCTimeZone()));
    s->set_start("15:00");
    s->set_end("17:30");
    s->set_location("organisations/svol-lyceum");
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization",
                    "Bearer " + Mint(o.secret, "coord-osof",
                                     "coordinator@partnerships/osof"));
    v1::Activity created;
    grpc::Status st = stubs[0]->CreateActivity(&ctx, req, &created);
    if (!st.ok() && st.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
      return Fail("create activity: " + st.error_message());
    }
  }

  // Everyone enrols at once, alternating replicas.
  std::vector<std::string> people;
  std::vector<std::unique_ptr<Call>> calls;
  for (int i = 0; i < o.clients; ++i) {
    people.push_back(absl::StrFormat("rush-%04d", i + 1));
    auto c = std::make_unique<Call>();
    c->replica = i % static_cast<int>(stubs.size());
    c->enrol.set_parent(activity);
    c->ctx.AddMetadata("authorization",
                       "Bearer " + Mint(o.secret, people.back(),
                                        "mentor@organisations/svol-lyceum"));
    calls.push_back(std::move(c));
  }
  std::printf("%d enrolments for %s (%d places) over %zu replicas\n", o.clients,
              activity.c_str(), o.capacity, stubs.size());
  Clock::duration wall = RunAll(calls, [&](Call* c, auto done) {
    stubs[c->replica]->async()->CreateEnrolment(&c->ctx, &c->enrol,
                                                &c->response, done);
  });
  PrintLatencies("enrol", calls, wall);

  std::map<std::string, int> errors;
  int enrolled = 0;
  int waitlisted = 0;
  std::vector<int64_t> arrivals;
  bool positions_ok = true;
  for (const auto& c : calls) {
    if (!c->status.ok()) {
      ++errors[c->status.error_message()];
      continue;
    }
    arrivals.push_back(c->response.arrival());
    if (c->response.state() == v1::Enrolment::ENROLLED) {
      ++enrolled;
      positions_ok = positions_ok && c->response.arrival() <= o.capacity;
    } else if (c->response.state() == v1::Enrolment::WAITLISTED) {
      ++waitlisted;
      positions_ok = positions_ok && c->response.waitlist_position() ==
                                         c->response.arrival() - o.capacity;
    }
  }
  for (const auto& [message, n] : errors) {
    std::printf("error x%d: %s\n", n, message.c_str());
  }
  std::sort(arrivals.begin(), arrivals.end());
  bool arrivals_ok = true;
  for (size_t i = 0; i < arrivals.size(); ++i) {
    arrivals_ok = arrivals_ok && arrivals[i] == static_cast<int64_t>(i + 1);
  }
  std::printf("answers: %d enrolled, %d waitlisted, %zu failed\n", enrolled,
              waitlisted, calls.size() - enrolled - waitlisted);
  int rc = 0;
  if (!errors.empty()) rc = Fail("some enrolments failed");
  if (enrolled != std::min(o.capacity, o.clients)) {
    rc = Fail(absl::StrCat(enrolled, " enrolled, expected ", o.capacity));
  }
  if (!arrivals_ok) rc = Fail("arrival numbers are not 1..N without gaps");
  if (!positions_ok) {
    rc = Fail("a place or waitlist position does not follow arrival order");
  }

  std::ofstream out(o.out);
  for (size_t i = 0; i < calls.size(); ++i) {
    const auto& c = calls[i];
    out << people[i] << '\t' << c->replica << '\t'
        << v1::Enrolment::State_Name(c->response.state()) << '\t'
        << c->response.arrival() << '\t' << c->response.waitlist_position()
        << '\t'
        << std::chrono::duration_cast<std::chrono::microseconds>(c->latency)
               .count()
        << '\n';
  }

  // The first `cancel` participants with a place leave at once: each freed
  // place goes to the head of the waitlist.
  std::vector<std::unique_ptr<Call>> cancels;
  for (size_t i = 0;
       i < calls.size() && static_cast<int>(cancels.size()) < o.cancel; ++i) {
    if (calls[i]->response.state() != v1::Enrolment::ENROLLED) {
      continue;
    }
    auto c = std::make_unique<Call>();
    c->replica = static_cast<int>(cancels.size() % stubs.size());
    c->cancel.set_name(absl::StrCat(activity, "/enrolments/", people[i]));
    c->ctx.AddMetadata("authorization",
                       "Bearer " + Mint(o.secret, people[i],
                                        "mentor@organisations/svol-lyceum"));
    cancels.push_back(std::move(c));
  }
  if (!cancels.empty()) {
    wall = RunAll(cancels, [&](Call* c, auto done) {
      stubs[c->replica]->async()->CancelEnrolment(&c->ctx, &c->cancel,
                                                  &c->response, done);
    });
    PrintLatencies("cancel", cancels, wall);
    for (const auto& c : cancels) {
      if (!c->status.ok()) {
        rc = Fail("cancel: " + c->status.error_message());
      }
    }
  }
  return rc;
}
