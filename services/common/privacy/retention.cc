#include "services/common/privacy/retention.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cppconn/prepared_statement.h"
#include "db/rows.h"
#include "db/statement.h"
#include "db/transaction.h"
#include "services/common/logging.h"

namespace samen::privacy {
namespace {

// What --retention may name: a table with a retention condition, or where
// its rows are deleted instead (empty when no map lists it at all).
struct Known {
  bool has_condition = false;
  std::string enforced_by;
  bool listed = false;
};

Known Find(absl::string_view table, std::span<const DataMap* const> maps) {
  Known k;
  for (const DataMap* map : maps) {
    for (const Table* t : AllTables(*map)) {
      if (t->name != table) {
        continue;
      }
      k.listed = true;
      k.has_condition |= !t->expiry.condition.empty();
      if (!t->expiry.enforced_by.empty()) {
        k.enforced_by = std::string(t->expiry.enforced_by);
      }
    }
  }
  return k;
}

absl::Status Invalid(absl::string_view entry, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("--retention: \"", entry, "\": ", what));
}

// How long a pass holds the lease after it was taken or renewed: past the
// next pass's start, so that the holder renews it before another replica
// could take it; if the holder dies, another takes over after this.
absl::Duration LeaseTime(const RetentionOptions& options) {
  const absl::Duration interval = options.interval > absl::ZeroDuration()
                                      ? options.interval
                                      : absl::Hours(1);
  return interval + std::max(interval / 2, absl::Minutes(1));
}

// Deletes one batch of `t`'s rows past `cutoff`: how many went.
absl::StatusOr<int64_t> DeleteBatch(db::Pool& pool, const Table& t,
                                    absl::Time cutoff, int batch) {
  // Table name and condition are constants of the map, never request text.
  const std::string text = absl::StrCat("DELETE FROM ", t.name, " WHERE ",
                                        t.expiry.condition, " LIMIT ?");
  return db::WithConnection<int64_t>(
      pool, absl::Now() + absl::Seconds(60), "delete rows past retention",
      [&](sql::Connection& c) -> absl::StatusOr<int64_t> {
        db::Statement ps(c, text, /*cache=*/true);
        db::BindDatetime(*ps, 1, cutoff);
        ps->setInt(2, batch);
        return static_cast<int64_t>(ps->executeUpdate());
      });
}

}  // namespace

absl::StatusOr<std::map<std::string, int, std::less<>>> ParseRetention(
    absl::string_view text, std::span<const DataMap* const> maps) {
  std::map<std::string, int, std::less<>> out;
  for (absl::string_view entry :
       absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    entry = absl::StripAsciiWhitespace(entry);
    const std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(entry, absl::MaxSplits('=', 1));
    const absl::string_view table = absl::StripAsciiWhitespace(parts.first);
    const absl::string_view days_text =
        absl::StripAsciiWhitespace(parts.second);
    if (table.empty() || days_text.empty()) {
      return Invalid(entry, "expected table=days, e.g. coaching_notes=180");
    }
    int days = 0;
    if (!absl::SimpleAtoi(days_text, &days) || days <= 0) {
      return Invalid(entry, "the days must be a whole number above 0");
    }
    const Known known = Find(table, maps);
    if (!known.listed) {
      return Invalid(entry, absl::StrCat("no service has a table ", table));
    }
    if (!known.has_condition) {
      return Invalid(
          entry,
          known.enforced_by.empty()
              ? absl::StrCat("the rows of ", table,
                             " do not expire by time (docs/privacy.md)")
              : absl::StrCat("the retention of ", table, " is kept by ",
                             known.enforced_by, ", not by this setting"));
    }
    if (!out.emplace(std::string(table), days).second) {
      return Invalid(entry, absl::StrCat(table, " is named twice"));
    }
  }
  return out;
}

int RetentionDays(const Table& table, const RetentionOptions& options) {
  auto it = options.days.find(table.name);
  return it == options.days.end() ? table.retention_days : it->second;
}

absl::StatusOr<RetentionPass> EnforceRetention(
    db::Pool& pool, const DataMap& map, const RetentionOptions& options,
    const Clock& clock, db::JobLease& lease,
    const std::function<bool()>& stop) {
  RetentionPass pass;
  absl::Time now = clock.Now();
  auto taken = lease.Take(now, now + LeaseTime(options),
                          absl::Now() + absl::Seconds(30));
  if (!taken.ok()) {
    return taken.status();
  }
  if (!*taken) {
    return pass;
  }
  pass.ran = true;
  const int batch = std::max(1, options.batch);
  for (const Table& t : map.tables) {
    if (t.expiry.condition.empty()) {
      continue;
    }
    TableRetention& done = pass.tables.emplace_back();
    done.table = std::string(t.name);
    done.days = RetentionDays(t, options);
    // One cutoff for the whole table: rows that expire during the pass wait
    // for the next one.
    const absl::Time cutoff = now - absl::Hours(24) * done.days;
    while (true) {
      if (stop()) {
        return pass;
      }
      auto deleted = DeleteBatch(pool, t, cutoff, batch);
      if (!deleted.ok()) {
        return deleted.status();
      }
      done.deleted += *deleted;
      if (*deleted < batch) {
        break;
      }
      absl::SleepFor(options.pause);
      // Still ours? (A pass that stalled past its lease stops: another
      // replica may be running it now.)
      now = clock.Now();
      auto renewed = lease.Take(now, now + LeaseTime(options),
                                absl::Now() + absl::Seconds(30));
      if (!renewed.ok()) {
        return renewed.status();
      }
      if (!*renewed) {
        return pass;
      }
    }
  }
  return pass;
}

RetentionJob::RetentionJob(db::Pool* pool, const DataMap* map,
                           const Clock* clock, RetentionOptions options)
    : pool_(pool),
      map_(map),
      clock_(clock),
      options_(std::move(options)),
      lease_(pool, "retention", db::JobLeaseHolder()),
      thread_([this] { Loop(); }) {}

RetentionJob::~RetentionJob() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  thread_.join();
  // Another replica takes over at once rather than when the lease runs out.
  if (absl::Status s = lease_.Release(absl::Now() + absl::Seconds(5));
      !s.ok()) {
    log::Warning(
        "releasing the retention lease failed",
        {{"service", std::string(map_->service)}, {"error", s.ToString()}});
  }
}

bool RetentionJob::stopping() {
  absl::MutexLock lock(&mu_);
  return stop_;
}

void RetentionJob::Loop() {
  while (!stopping()) {
    auto pass = EnforceRetention(*pool_, *map_, options_, *clock_, lease_,
                                 [this] { return stopping(); });
    if (!pass.ok()) {
      log::Warning("retention pass failed; trying again at the next",
                   {{"service", std::string(map_->service)},
                    {"error", pass.status().ToString()}});
    } else if (pass->ran) {
      for (const TableRetention& t : pass->tables) {
        log::Info("retention", {{"service", std::string(map_->service)},
                                {"table", t.table},
                                {"days", absl::StrCat(t.days)},
                                {"deleted", absl::StrCat(t.deleted)}});
      }
    }
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(&stop_), options_.interval);
  }
}

std::unique_ptr<RetentionJob> StartRetention(db::Pool* pool, const DataMap& map,
                                             const Clock* clock,
                                             const RetentionOptions* options) {
  if (options == nullptr || options->interval <= absl::ZeroDuration()) {
    return nullptr;
  }
  return std::make_unique<RetentionJob>(pool, &map, clock, *options);
}

}  // namespace samen::privacy
