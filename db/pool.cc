#include "db/pool.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"
#include "db/errors.h"
#include "db/session.h"

namespace samen::db {

struct Lease::Slot {
  internal::Session session;
  absl::Time idle_since = absl::InfinitePast();
  int64_t uses = 0;  // leases served, this one included
};

Lease::Lease() = default;

Lease::Lease(Pool* pool, std::unique_ptr<Slot> slot)
    : pool_(pool), slot_(std::move(slot)) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      slot_(std::move(other.slot_)),
      broken_(std::exchange(other.broken_, false)) {}

Lease& Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    if (pool_ != nullptr && slot_ != nullptr) {
      pool_->Release(std::move(slot_), broken_);
    }
    pool_ = std::exchange(other.pool_, nullptr);
    slot_ = std::move(other.slot_);
    broken_ = std::exchange(other.broken_, false);
  }
  return *this;
}

Lease::~Lease() {
  if (pool_ != nullptr && slot_ != nullptr) {
    pool_->Release(std::move(slot_), broken_);
  }
}

sql::Connection& Lease::conn() const { return *slot_->session.conn; }

bool Lease::reused() const { return slot_ != nullptr && slot_->uses > 1; }

absl::Status Lease::ApplyDeadline(absl::Time deadline) {
  const absl::Duration remaining = deadline - absl::Now();
  if (remaining <= absl::ZeroDuration()) {
    return absl::DeadlineExceededError(
        "deadline passed before the statement was sent");
  }
  const internal::SessionLimits limits = internal::LimitsFor(remaining);
  if (limits == slot_->session.limits) {
    return absl::OkStatus();
  }
  try {
    internal::SetLimits(slot_->session, limits);
  } catch (const sql::SQLException& e) {
    if (internal::IsDead(conn(), e)) {
      MarkBroken();
    }
    return FromSqlException(e, "apply deadline");
  }
  return absl::OkStatus();
}

Pool::Pool(MysqlOptions options)
    : options_(std::move(options)), driver_(&internal::Driver()) {}

Pool::~Pool() {
  std::vector<std::unique_ptr<Lease::Slot>> idle;
  {
    absl::MutexLock lock(&mu_);
    idle.swap(idle_);
    open_ -= static_cast<int>(idle.size());
  }
  // Closing sends COM_QUIT; done outside the lock. Leased connections must have
  // been returned already (see pool.h).
  idle.clear();
}

absl::StatusOr<Lease> Pool::Acquire(absl::Time deadline) {
  return AcquireImpl(deadline, false);
}

absl::StatusOr<Lease> Pool::AcquireValidated(absl::Time deadline) {
  return AcquireImpl(deadline, true);
}

absl::StatusOr<Lease> Pool::AcquireImpl(absl::Time deadline, bool validate) {
  const int capacity = std::max(1, options_.pool_size);
  while (true) {
    std::unique_ptr<Lease::Slot> slot;
    {
      absl::MutexLock lock(&mu_);
      auto available = [this, capacity]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return !idle_.empty() || open_ < capacity;
      };
      if (!mu_.AwaitWithDeadline(absl::Condition(&available), deadline)) {
        return absl::DeadlineExceededError(
            "no database connection free before the deadline");
      }
      if (!idle_.empty()) {
        // Most recently used first: the least likely to have gone stale.
        slot = std::move(idle_.back());
        idle_.pop_back();
      } else {
        ++open_;  // reserves the place while the connection opens without the
                  // lock
      }
    }
    if (slot == nullptr) {
      absl::StatusOr<std::unique_ptr<Lease::Slot>> opened = Open(deadline);
      if (!opened.ok()) {
        absl::MutexLock lock(&mu_);
        --open_;
        return opened.status();
      }
      slot = *std::move(opened);
    } else if (validate ||
               absl::Now() - slot->idle_since >= options_.validate_after_idle) {
      bool valid = false;
      try {
        valid = slot->session.conn->isValid();
      } catch (const sql::SQLException&) {
        valid = false;
      }
      if (!valid) {
        Discard(std::move(slot));
        continue;
      }
    }
    ++slot->uses;
    return Lease(this, std::move(slot));
  }
}

absl::StatusOr<std::unique_ptr<Lease::Slot>> Pool::Open(absl::Time deadline) {
  MysqlOptions options = options_;
  options.connect_timeout =
      std::min(options.connect_timeout, deadline - absl::Now());
  auto slot = std::make_unique<Lease::Slot>();
  try {
    slot->session = internal::OpenSession(*driver_, options, options.database,
                                          options.io_timeout);
  } catch (const sql::SQLException& e) {
    return internal::ConnectFailed(e);
  }
  return slot;
}

void Pool::Release(std::unique_ptr<Lease::Slot> slot, bool broken) {
  if (broken) {
    Discard(std::move(slot));
    return;
  }
  slot->idle_since = absl::Now();
  absl::MutexLock lock(&mu_);
  idle_.push_back(std::move(slot));
}

void Pool::Discard(std::unique_ptr<Lease::Slot> slot) {
  slot.reset();  // closes the connection, without holding the lock
  absl::MutexLock lock(&mu_);
  --open_;
  ++discarded_;
}

int Pool::open_connections() const {
  absl::MutexLock lock(&mu_);
  return open_;
}

int64_t Pool::discarded_connections() const {
  absl::MutexLock lock(&mu_);
  return discarded_;
}

}  // namespace samen::db
