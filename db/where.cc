#include "db/where.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"
#include "db/sql_time.h"

namespace samen::db {
namespace {

// True when `condition` has an OR outside parentheses, so that ANDing it to
// another would change its meaning.
bool HasTopLevelOr(absl::string_view condition) {
  int depth = 0;
  for (size_t i = 0; i < condition.size(); ++i) {
    const char c = condition[i];
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (depth == 0 && i + 4 <= condition.size() &&
               (c == ' ' || c == '\t' || c == '\n') &&
               absl::EqualsIgnoreCase(condition.substr(i + 1, 2), "OR") &&
               (condition[i + 3] == ' ' || condition[i + 3] == '(')) {
      return true;
    }
  }
  return false;
}

}  // namespace

Where& Where::Add(absl::string_view condition, std::vector<Arg> args) {
  const size_t marks = std::count(condition.begin(), condition.end(), '?');
  if (marks != args.size()) {
    mismatched_ = true;
  }
  conditions_.push_back(HasTopLevelOr(condition)
                            ? absl::StrCat("(", condition, ")")
                            : std::string(condition));
  for (Arg& a : args) {
    args_.push_back(std::move(a));
  }
  return *this;
}

std::string Where::Clause() const {
  if (conditions_.empty()) {
    return std::string();
  }
  return absl::StrCat(" WHERE ", absl::StrJoin(conditions_, " AND "));
}

std::string Where::Conditions() const {
  if (conditions_.empty()) {
    return "TRUE";
  }
  return absl::StrJoin(conditions_, " AND ");
}

int Where::Bind(sql::PreparedStatement& ps, int first) const {
  if (mismatched_) {
    throw sql::SQLException(
        "a WHERE condition's placeholders and arguments differ");
  }
  int i = first;
  for (const Arg& a : args_) {
    if (const auto* s = std::get_if<std::string>(&a)) {
      ps.setString(i++, *s);
    } else if (const auto* n = std::get_if<int64_t>(&a)) {
      ps.setInt64(i++, *n);
    } else {
      ps.setString(i++, FormatSqlDatetime(std::get<absl::Time>(a)));
    }
  }
  return i;
}

std::string Placeholders(size_t n) {
  std::vector<absl::string_view> marks(n, "?");
  return absl::StrJoin(marks, ", ");
}

}  // namespace samen::db
