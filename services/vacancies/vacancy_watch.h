#pragma once

// WatchVacancies: the vacancy feed as a server stream (Server-Sent Events at
// the gateway), for vacancy sites that want changes as they happen instead of
// polling SyncVacancies.
//
// One hub per replica. While any watch is open, its thread reads the feed's
// newest sequence number once per --vacancy_watch_interval (one cheap query per
// replica, however many watchers) and wakes at once on a change made on this
// replica. Each watch then reads the changes after its own position on the
// request executor and writes them as one message carrying the next sync
// token; a watch whose client reads slowly simply falls behind and catches up
// page by page (the feed is the buffer, not memory). Quiet streams get an
// empty message with the same token every --vacancy_watch_heartbeat so
// proxies keep them open. A stream ends with OK shortly before its deadline;
// the client resumes from its last token.

#include <memory>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/support/server_callback.h"
#include "samen/vacancies/v1/vacancies.pb.h"
#include "services/common/call.h"
#include "services/common/clock.h"
#include "services/common/executor.h"
#include "services/vacancies/vacancy_repository.h"
#include "services/vacancies/vacancy_rules.h"

namespace samen::vacancies {

struct VacancyWatchOptions {
  // How often a replica looks for changes made by other replicas.
  absl::Duration poll_interval = absl::Seconds(1);
  // An empty message after this long without one.
  absl::Duration heartbeat = absl::Seconds(25);
  // How long feed changes are kept (a sync token older than this is expired).
  absl::Duration feed_retention = absl::Hours(24 * 30);
  // Changes per message.
  int page_size = 100;
  // "Now" for the vacancies' effective status; never null. Heartbeats and
  // deadlines use the wall clock.
  const Clock* clock = nullptr;
};

using VacancyWatchReactor = grpc::ServerWriteReactor<v1::SyncVacanciesResponse>;

class VacancyWatchHub {
 public:
  VacancyWatchHub(VacancyRepository* repo, Executor* executor,
                  VacancyWatchOptions options);
  ~VacancyWatchHub();

  VacancyWatchHub(const VacancyWatchHub&) = delete;
  VacancyWatchHub& operator=(const VacancyWatchHub&) = delete;

  // A watch for `call` from `token` (nullopt: from now). A non-OK `admitted`
  // (authentication, permission, a malformed token) finishes the stream with
  // it before any message.
  VacancyWatchReactor* Start(std::shared_ptr<const CallContext> call,
                             std::optional<SyncToken> token,
                             absl::Status admitted);

  // A change on this replica: look now rather than at the next poll.
  void Poke();

  // The server is stopping: end every open watch with OK now (clients resume
  // from their last token on another replica) instead of at the grace period.
  void Drain();

  // Open watches (tests, metrics).
  size_t open() const;

 private:
  class Watch;

  void Loop();
  // Called by a watch when gRPC is done with it; freed by the hub's thread.
  void Retire(Watch* watch);
  void FreeRetired();

  VacancyRepository* const repo_;
  Executor* const executor_;
  const VacancyWatchOptions options_;

  mutable absl::Mutex mu_;
  std::set<Watch*> watches_ ABSL_GUARDED_BY(mu_);
  bool poked_ ABSL_GUARDED_BY(mu_) = false;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;

  // Separate from mu_: a watch may be retired while the hub ticks it.
  absl::Mutex retired_mu_;
  std::vector<Watch*> retired_ ABSL_GUARDED_BY(retired_mu_);

  std::thread thread_;
};

// The feed changes of `page` as a message: current vacancies and tombstones.
void AppendFeedChanges(FeedPage& page, v1::SyncVacanciesResponse* out);

}  // namespace samen::vacancies
