#include "services/vacancies/vacancy_watch.h"

#include <algorithm>
#include <utility>

#include "absl/time/clock.h"
#include "db/sql_time.h"
#include "services/common/logging.h"
#include "services/common/timestamp.h"

namespace samen::vacancies {

void AppendFeedChanges(FeedPage& page, v1::SyncVacanciesResponse* out) {
  for (auto& r : page.records) {
    if (IsPublicStatus(r.vacancy.status())) {
      *out->add_vacancies() = std::move(r.vacancy);
      continue;
    }
    auto* t = out->add_tombstones();
    t->set_name(r.vacancy.name());
    t->set_status(r.vacancy.status());
    if (r.remove_time != absl::InfinitePast() &&
        r.remove_time != absl::InfiniteFuture()) {
      ToTimestamp(r.remove_time, t->mutable_remove_time());
    }
  }
}

// One open stream. Invariant: at most one fetch or write is in flight
// (`busy_`), and Finish is only called when none is, so the executor's jobs
// never outlive the reactor.
class VacancyWatchHub::Watch final : public VacancyWatchReactor {
 public:
  Watch(VacancyWatchHub* hub, std::shared_ptr<const CallContext> call,
        std::optional<SyncToken> token)
      : hub_(hub), call_(std::move(call)), token_(token) {}

  // Called once, right after construction: the first message at once (the
  // changes since the token, or an empty one with the current position).
  void Begin() {
    absl::MutexLock lock(&mu_);
    FetchLocked();
  }

  void FinishWith(const absl::Status& status) {
    absl::MutexLock lock(&mu_);
    FinishLocked(status);
  }

  // From the hub's thread: the feed's newest sequence number (0 when the poll
  // failed) and the time.
  void Tick(int64_t last_seq, absl::Time now) {
    absl::MutexLock lock(&mu_);
    newest_ = std::max(newest_, last_seq);
    if (busy_ || finished_) {
      return;
    }
    if (draining_ || now >= call_->deadline - kEndBeforeDeadline) {
      FinishLocked(absl::OkStatus());
    } else if (seq_ >= 0 && newest_ > seq_) {
      FetchLocked();
    } else if (seq_ >= 0 && now - last_write_ >= hub_->options_.heartbeat) {
      out_.Clear();
      out_.set_next_sync_token(EncodeSyncToken({seq_, now}));
      WriteLocked(now);
    }
  }

  void Drain() {
    absl::MutexLock lock(&mu_);
    draining_ = true;
    if (!busy_) {
      FinishLocked(absl::OkStatus());
    }
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    busy_ = false;
    if (!ok || cancelled_) {
      FinishLocked(absl::CancelledError("the client went away"));
    } else if (draining_) {
      FinishLocked(absl::OkStatus());
    } else if (more_ || newest_ > seq_) {
      FetchLocked();
    }
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
    if (!busy_) {
      FinishLocked(absl::CancelledError("the client cancelled the watch"));
    }
  }

  void OnDone() override { hub_->Retire(this); }

 private:
  // Ends a stream this long before its deadline, so it closes cleanly.
  static constexpr absl::Duration kEndBeforeDeadline = absl::Seconds(1);

  void FinishLocked(const absl::Status& status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) {
      return;
    }
    finished_ = true;
    if (!status.ok() && status.code() != absl::StatusCode::kCancelled) {
      log::Info("vacancy watch ended", {{"request_id", call_->request_id},
                                        {"subject", call_->principal.subject},
                                        {"error", status.ToString()}});
    }
    Finish(ToGrpcStatus(status));
  }

  void WriteLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    busy_ = true;
    last_write_ = now;
    StartWrite(&out_);
  }

  void FetchLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    busy_ = true;
    const int64_t from = seq_;
    if (!hub_->executor_->Submit([this, from] { Fetch(from); })) {
      busy_ = false;
      if (from < 0) {  // nothing sent yet: the client should retry
        FinishLocked(absl::ResourceExhaustedError(
            "server busy: too many requests queued, retry later"));
      }
      // Otherwise the next tick tries again.
    }
  }

  // On the executor: reads the changes after `from` (-1: the start).
  void Fetch(int64_t from) {
    // The write time (for heartbeats) is the wall clock's; the status of the
    // vacancies read is decided in the service's time.
    const absl::Time now = absl::Now();
    const absl::Time deadline =
        std::min(call_->deadline, now + absl::Seconds(10));
    absl::StatusOr<v1::SyncVacanciesResponse> message =
        Read(from, hub_->options_.clock->Now(), deadline);
    absl::MutexLock lock(&mu_);
    busy_ = false;
    if (cancelled_) {
      FinishLocked(absl::CancelledError("the client cancelled the watch"));
      return;
    }
    if (!message.ok()) {
      FinishLocked(message.status());
      return;
    }
    out_ = *std::move(message);
    WriteLocked(now);
  }

  absl::StatusOr<v1::SyncVacanciesResponse> Read(int64_t from, absl::Time now,
                                                 absl::Time deadline) {
    VacancyRepository* repo = hub_->repo_;
    v1::SyncVacanciesResponse message;
    if (from < 0) {
      auto bounds = repo->FeedBounds(deadline);
      if (!bounds.ok()) {
        return bounds.status();
      }
      const auto [last_seq, pruned_through] = *bounds;
      if (!token_.has_value()) {  // from now
        SetPosition(last_seq, false, last_seq);
        message.set_next_sync_token(EncodeSyncToken({last_seq, now}));
        return message;
      }
      if (auto s = CheckSyncTokenUsable(
              *token_, now, hub_->options_.feed_retention, pruned_through);
          !s.ok()) {
        return s;
      }
      from = token_->seq;
    }
    auto page =
        repo->ChangesSince(from, hub_->options_.page_size, now, deadline);
    if (!page.ok()) {
      return page.status();
    }
    const int64_t reached = std::max(from, page->last_seq);
    SetPosition(reached, page->more, 0);
    AppendFeedChanges(*page, &message);
    message.set_next_sync_token(EncodeSyncToken({reached, now}));
    return message;
  }

  void SetPosition(int64_t seq, bool more, int64_t newest) {
    absl::MutexLock lock(&mu_);
    seq_ = seq;
    more_ = more;
    newest_ = std::max(newest_, newest);
  }

  VacancyWatchHub* const hub_;
  const std::shared_ptr<const CallContext> call_;
  const std::optional<SyncToken> token_;

  absl::Mutex mu_;
  int64_t seq_ ABSL_GUARDED_BY(mu_) = -1;  // -1: not yet known
  int64_t newest_ ABSL_GUARDED_BY(mu_) = 0;
  bool more_ ABSL_GUARDED_BY(mu_) = false;
  bool busy_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time last_write_ ABSL_GUARDED_BY(mu_);
  v1::SyncVacanciesResponse out_ ABSL_GUARDED_BY(mu_);
};

VacancyWatchHub::VacancyWatchHub(VacancyRepository* repo, Executor* executor,
                                 VacancyWatchOptions options)
    : repo_(repo),
      executor_(executor),
      options_(options),
      thread_([this] { Loop(); }) {}

VacancyWatchHub::~VacancyWatchHub() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  thread_.join();
  FreeRetired();
}

VacancyWatchReactor* VacancyWatchHub::Start(
    std::shared_ptr<const CallContext> call, std::optional<SyncToken> token,
    absl::Status admitted) {
  auto* watch = new Watch(this, std::move(call), token);
  if (!admitted.ok()) {
    watch->FinishWith(admitted);
    return watch;
  }
  {
    absl::MutexLock lock(&mu_);
    watches_.insert(watch);
  }
  watch->Begin();
  return watch;
}

void VacancyWatchHub::Poke() {
  absl::MutexLock lock(&mu_);
  poked_ = true;
}

void VacancyWatchHub::Drain() {
  absl::MutexLock lock(&mu_);
  for (Watch* watch : watches_) {
    watch->Drain();
  }
}

size_t VacancyWatchHub::open() const {
  absl::MutexLock lock(&mu_);
  return watches_.size();
}

void VacancyWatchHub::Retire(Watch* watch) {
  absl::MutexLock lock(&retired_mu_);
  retired_.push_back(watch);
}

void VacancyWatchHub::FreeRetired() {
  std::vector<Watch*> retired;
  {
    absl::MutexLock lock(&retired_mu_);
    retired.swap(retired_);
  }
  absl::MutexLock lock(&mu_);
  for (Watch* watch : retired) {
    watches_.erase(watch);
    delete watch;
  }
}

void VacancyWatchHub::Loop() {
  auto woken = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stop_ || poked_;
  };
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(absl::Condition(&woken), options_.poll_interval);
      if (stop_) {
        return;
      }
      poked_ = false;
    }
    FreeRetired();
    {
      absl::MutexLock lock(&mu_);
      if (watches_.empty()) {
        continue;
      }
    }
    int64_t newest = 0;
    auto bounds = repo_->FeedBounds(absl::Now() + absl::Seconds(5));
    if (bounds.ok()) {
      newest = bounds->first;
    } else {
      log::Warning("vacancy watch: reading the feed failed",
                   {{"error", bounds.status().ToString()}});
    }
    const absl::Time now = absl::Now();
    absl::MutexLock lock(&mu_);
    for (Watch* watch : watches_) {
      watch->Tick(newest, now);
    }
  }
}

}  // namespace samen::vacancies
