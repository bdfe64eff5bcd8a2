#include "services/partners/funding_rules.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/str_cat.h"

namespace samen::partners::funding {

absl::Status ValidateRegulation(const Regulation& r) {
  if (r.cap_euros < 0) {
    return absl::InvalidArgumentError("cap_euros: is negative");
  }
  if (r.model == Model::kPerStudent) {
    if (r.per_student_euros <= 0) {
      return absl::InvalidArgumentError(
          "per_student_euros: must be positive for the per-student model");
    }
    return absl::OkStatus();
  }
  if (r.tiers.empty()) {
    return absl::InvalidArgumentError("tiers: a tiered regulation needs tiers");
  }
  for (size_t k = 0; k < r.tiers.size(); ++k) {
    const Tier& t = r.tiers[k];
    if (t.min_students < 0 || t.amount_euros < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("tiers[", k, "]: is negative"));
    }
    if (k > 0 && (t.min_students <= r.tiers[k - 1].min_students ||
                  t.amount_euros < r.tiers[k - 1].amount_euros)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "tiers[", k,
          "]: tiers must ascend by min_students with non-decreasing amounts"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Forecast> ForecastFor(const Regulation& r, int counted) {
  if (absl::Status s = ValidateRegulation(r); !s.ok()) {
    return s;
  }
  if (counted < 0) {
    return absl::InvalidArgumentError("counted_students: is negative");
  }
  Forecast f;
  f.counted_students = counted;
  if (r.model == Model::kPerStudent) {
    f.amount_euros = std::min(r.cap_euros, counted * r.per_student_euros);
    f.capped = f.amount_euros >= r.cap_euros;
    if (!f.capped) {
      f.next_tier_students = counted + 1;
      f.students_to_next_tier = 1;
      f.next_tier_amount_euros =
          std::min(r.cap_euros, (counted + 1) * r.per_student_euros);
    }
    return f;
  }
  for (const Tier& t : r.tiers) {
    if (t.min_students <= counted) {
      f.amount_euros = std::min(r.cap_euros, t.amount_euros);
    }
  }
  f.capped = f.amount_euros >= r.cap_euros;
  for (const Tier& t : r.tiers) {
    const int64_t amount = std::min(r.cap_euros, t.amount_euros);
    if (t.min_students > counted && amount > f.amount_euros) {
      f.next_tier_students = t.min_students;
      f.students_to_next_tier = t.min_students - counted;
      f.next_tier_amount_euros = amount;
      break;
    }
  }
  return f;
}

std::vector<Share> Distribute(
    int64_t amount, const std::vector<std::pair<std::string, int>>& keys) {
  std::vector<Share> out;
  int64_t total = 0;
  for (const auto& [partner, key] : keys) {
    out.push_back({partner, key, 0});
    total += std::max(0, key);
  }
  if (total == 0) {
    return out;
  }
  int64_t given = 0;
  for (Share& s : out) {
    s.amount_euros = amount * std::max(0, s.key) / total;
    given += s.amount_euros;
  }
  std::vector<size_t> order(out.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return out[a].key > out[b].key; });
  for (size_t k = 0; given < amount; k = (k + 1) % order.size()) {
    if (out[order[k]].key > 0) {
      ++out[order[k]].amount_euros;
      ++given;
    }
  }
  return out;
}

}  // namespace samen::partners::funding
