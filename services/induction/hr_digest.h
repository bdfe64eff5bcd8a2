#pragma once

// The weekly HR digest (docs/notifications.md): on Monday from 07:00
// (Europe/Amsterdam) every HR person of a school with active starters gets
// the school's starters at risk, with why and their progress — counts and
// times only, never coaching content. Every replica runs the check; one
// claims the week (notification_jobs) and enqueues the messages, keyed per
// school, week and person, so nobody gets it twice. People switch it off in
// their notification settings.

#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/clock.h"
#include "services/common/directory/directory.h"
#include "services/common/notify/mail_worker.h"
#include "services/common/notify/notifier.h"
#include "services/induction/induction_repository.h"

namespace samen::induction {

inline constexpr char kHrDigest[] = "hr_digest";

// The week `now` falls in, named by its Monday ("2026-11-30"), and when its
// digest is due (that Monday, 07:00 Europe/Amsterdam). Pure.
struct DigestWeek {
  std::string period;
  absl::Time due;
};
DigestWeek DigestWeekOf(absl::Time now);

class HrDigest {
 public:
  // Checks every `interval` on its own thread; all pointers outlive it.
  HrDigest(InductionRepository* repository, directory::Directory* directory,
           notify::Notifier* notifier, const Clock* clock,
           absl::Duration interval);
  ~HrDigest();

  // This week's digests, if due and not yet made by any replica.
  absl::Status RunOnce();

 private:
  void Loop();
  absl::Status MakeDigests(const std::string& period, absl::Time now);

  InductionRepository* const repository_;
  directory::Directory* const directory_;
  notify::Notifier* const notifier_;
  const Clock* const clock_;
  const absl::Duration interval_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

// The message for one HR person (InductionComposer hands hr_digest here).
absl::StatusOr<notify::Composition> ComposeHrDigest(
    const notify::ClaimedNotification& n, const notify::Recipient& to,
    const notify::ComposeContext& ctx);

}  // namespace samen::induction
