#pragma once

// A WHERE clause built from conditions written in the code and values bound to
// their placeholders, never from request text.
//
//   db::Where w;
//   w.Add("a.kind = ?", {int64_t{kind}});
//   w.AddIn("a.owner", owners);                  // a.owner IN (?, ?, ?)
//   auto ps = db::Prepare(c, absl::StrCat("SELECT ... FROM activities a",
//                                         w.Clause(), " ORDER BY a.id"));
//   w.Bind(*ps);
//
// Conditions are AND-joined in the order added, each parenthesised when it
// holds a top-level OR. Every condition must hold exactly as many `?` as it
// brings arguments; Bind() throws sql::SQLException (INTERNAL through
// db/transaction.h) when one did not.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace sql {
class PreparedStatement;
}

namespace samen::db {

class Where {
 public:
  // Bound with setString, setInt64, or as DATETIME(6) text in UTC.
  using Arg = std::variant<std::string, int64_t, absl::Time>;

  // ANDs `condition`, whose placeholders take `args` in order.
  Where& Add(absl::string_view condition, std::vector<Arg> args = {});

  // ANDs "`expression` IN (?, ?, ...)" for `values`; FALSE (no row) when
  // `values` is empty.
  template <typename T>
  Where& AddIn(absl::string_view expression, const std::vector<T>& values);

  bool empty() const { return conditions_.empty(); }
  // " WHERE c1 AND c2 ..." (with its leading space), or "" without conditions.
  std::string Clause() const;
  // "c1 AND c2 ..." (TRUE without conditions), to follow a WHERE of one's own.
  std::string Conditions() const;
  const std::vector<Arg>& args() const { return args_; }

  // Binds the arguments to placeholders first, first + 1, ...; returns the
  // index after the last, for what the query binds next (a LIMIT).
  int Bind(sql::PreparedStatement& ps, int first = 1) const;

 private:
  std::vector<std::string> conditions_;
  std::vector<Arg> args_;
  bool mismatched_ = false;
};

// "?, ?, ?" for n placeholders (n from our own data, never request text).
std::string Placeholders(size_t n);

// `values` as arguments, for a condition with Placeholders(values.size()).
template <typename T>
std::vector<Where::Arg> ArgsOf(const std::vector<T>& values) {
  std::vector<Where::Arg> args;
  args.reserve(values.size());
  for (const T& v : values) {
    if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) {
      args.emplace_back(static_cast<int64_t>(v));
    } else {
      args.emplace_back(v);
    }
  }
  return args;
}

template <typename T>
Where& Where::AddIn(absl::string_view expression,
                    const std::vector<T>& values) {
  if (values.empty()) {
    return Add("FALSE");
  }
  return Add(
      std::string(expression) + " IN (" + Placeholders(values.size()) + ")",
      ArgsOf(values));
}

}  // namespace samen::db
