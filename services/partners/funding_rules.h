#pragma once

// Pure decisions about funding: a regulation (tiers on counted students up to
// a cap, or an amount per counted student up to a cap; stored as data,
// migration 0010) applied to a number of counted students, the distance to
// the next tier, and the distribution of an amount over partners by a key.
// No I/O: unit-tested in tests/unit/partners/funding_rules_test.cc.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace samen::partners::funding {

struct Tier {
  int min_students = 0;
  int64_t amount_euros = 0;
};

enum class Model { kTiered = 1, kPerStudent = 2 };

struct Regulation {
  std::string id;
  Model model = Model::kTiered;
  std::vector<Tier> tiers;        // kTiered
  int64_t per_student_euros = 0;  // kPerStudent
  int64_t cap_euros = 0;
};

// Tiers ascending by min_students (distinct, >= 0) with non-decreasing
// amounts; amounts and the cap non-negative; per-student amount for that
// model. INVALID_ARGUMENT naming what is wrong.
absl::Status ValidateRegulation(const Regulation& r);

struct Forecast {
  int counted_students = 0;
  int64_t amount_euros = 0;
  // Counted students at which the amount next rises; 0 when none (capped).
  int next_tier_students = 0;
  int students_to_next_tier = 0;
  int64_t next_tier_amount_euros = 0;
  bool capped = false;
};

// The amount for `counted` students (>= 0): the highest tier reached (none:
// 0), or counted * per-student amount; never above the cap.
absl::StatusOr<Forecast> ForecastFor(const Regulation& r, int counted);

struct Share {
  std::string partner;
  int key = 0;
  int64_t amount_euros = 0;
};

// `amount` over `keys` (partner, counted students hosted) in proportion to
// the key, rounded down; the euros left by rounding go one by one to the
// partners with the largest keys. Partners with key 0 get nothing; all keys 0:
// everything 0.
std::vector<Share> Distribute(
    int64_t amount, const std::vector<std::pair<std::string, int>>& keys);

}  // namespace samen::partners::funding
