#pragma once

// Columns that hold a short list as comma-separated text ("VO,MBO"): sectors,
// audiences, roles, organisations. The items never contain a comma (enum
// names, resource ids).

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace samen::db {

// "a,b,c" -> {"a", "b", "c"}; "" -> {}.
inline std::vector<std::string> SplitList(absl::string_view text) {
  return absl::StrSplit(text, ',', absl::SkipEmpty());
}

inline std::string JoinList(const std::vector<std::string>& values) {
  return absl::StrJoin(values, ",");
}

// Enum values (as ints, e.g. a proto's repeated enum field) by name:
// JoinEnums<v1::Sector>(p.sectors(), v1::Sector_Name).
template <typename Enum, typename Range, typename NameFn>
std::string JoinEnums(const Range& values, NameFn name) {
  std::vector<std::string> names;
  for (int v : values) {
    names.push_back(name(static_cast<Enum>(v)));
  }
  return absl::StrJoin(names, ",");
}

// The names `parse` knows, in order; unknown names are skipped (a value a
// newer release stored): SplitEnums<v1::Sector>(text, v1::Sector_Parse).
template <typename Enum, typename ParseFn>
std::vector<Enum> SplitEnums(absl::string_view text, ParseFn parse) {
  std::vector<Enum> out;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    Enum e;
    if (parse(std::string(part), &e)) {
      out.push_back(e);
    }
  }
  return out;
}

}  // namespace samen::db
