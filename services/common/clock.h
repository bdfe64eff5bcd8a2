#pragma once

// Every service's notion of "now", behind a seam so that rules can be tested
// at exact instants (the minimum notice to the second, a DST weekend) and the
// rows a repository stamps agree with the rules' time. samen-server makes one
// clock and hands it to every module, which passes it on to its handler and
// repository.

#include <memory>
#include <string>

#include "absl/time/time.h"

namespace samen {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

// absl::Now(), truncated to microseconds (what DATETIME(6) stores).
class SystemClock final : public Clock {
 public:
  absl::Time Now() const override;
};

// A fixed instant, for unit tests.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(absl::Time now) : now_(now) {}
  absl::Time Now() const override { return now_; }
  void Set(absl::Time now) { now_ = now; }

 private:
  absl::Time now_;
};

// For black-box tests only: reads an RFC 3339 instant from `path` on every
// call, so a test can move the time of running server processes. Falls back to
// the system clock when the file is missing or unreadable.
class FileClock final : public Clock {
 public:
  explicit FileClock(std::string path) : path_(std::move(path)) {}
  absl::Time Now() const override;

 private:
  std::string path_;
};

// The system clock, or for `file` not empty a FileClock (tests only).
std::unique_ptr<Clock> MakeClock(const std::string& file);

}  // namespace samen
