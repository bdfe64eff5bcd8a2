#include "services/common/resource/names.h"

#include "services/common/status_macros.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/errors.h"

namespace samen::resource {
namespace {

bool IsIdChar(char c) {
  return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-';
}

bool IsPersonIdChar(char c) {
  return absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' ||
         c == '@' || c == '|' || c == ':';
}

// Pattern variables that stand for a person: "{starter}" in
// "starters/{starter}/bookings/{booking}".
bool IsPersonVariable(absl::string_view variable) {
  return variable == "person" || variable == "starter" || variable == "coach" ||
         variable == "mentor";
}

}  // namespace

absl::Status ValidateId(absl::string_view id, absl::string_view field) {
  if (id.empty()) {
    return InvalidField(field, "is required");
  }
  const bool ok = id.size() >= 2 && id.size() <= 63 &&
                  absl::ascii_islower(id.front()) && id.back() != '-' &&
                  std::all_of(id.begin(), id.end(), IsIdChar);
  if (!ok) {
    return InvalidField(
        field,
        "must be 2 to 63 lower-case letters, digits or hyphens, starting "
        "with a letter and not ending with a hyphen");
  }
  return absl::OkStatus();
}

absl::Status ValidatePersonId(absl::string_view id, absl::string_view field) {
  if (id.empty()) {
    return InvalidField(field, "is required");
  }
  if (id.size() > 128 || !std::all_of(id.begin(), id.end(), IsPersonIdChar)) {
    return InvalidField(
        field, "must be 1 to 128 letters, digits or any of - . _ @ | :");
  }
  return absl::OkStatus();
}

bool IsPersonCollection(absl::string_view collection) {
  return collection == "people" || collection == "starters" ||
         collection == "coaches" || collection == "mentors" ||
         collection == "calendarFeeds";
}

absl::StatusOr<std::string> ParseName(absl::string_view name,
                                      absl::string_view collection,
                                      absl::string_view field) {
  if (name.empty()) {
    return InvalidField(field, "is required");
  }
  absl::string_view id = name;
  if (!absl::ConsumePrefix(&id, collection) || !absl::ConsumePrefix(&id, "/")) {
    return InvalidField(field,
                        absl::StrCat("must look like ", collection, "/{id}"));
  }
  const absl::Status valid = IsPersonCollection(collection)
                                 ? ValidatePersonId(id, field)
                                 : ValidateId(id, field);
  if (!valid.ok()) {
    return InvalidField(field, absl::StrCat("must look like ", collection,
                                            "/{id} with a valid id"));
  }
  return std::string(id);
}

absl::StatusOr<std::vector<std::string>> ParseNamePattern(
    absl::string_view name, absl::string_view pattern,
    absl::string_view field) {
  if (name.empty()) {
    return InvalidField(field, "is required");
  }
  const std::vector<absl::string_view> want = absl::StrSplit(pattern, '/');
  const std::vector<absl::string_view> got = absl::StrSplit(name, '/');
  // "{x|-}" reads "{x}" in the message; the wildcard is for lists.
  const absl::Status shape = InvalidField(
      field, absl::StrCat("must look like ",
                          absl::StrReplaceAll(pattern, {{"|-}", "}"}})));
  if (want.size() != got.size()) {
    return shape;
  }
  std::vector<std::string> ids;
  for (size_t i = 0; i < want.size(); ++i) {
    absl::string_view variable = want[i];
    if (!absl::ConsumePrefix(&variable, "{") ||
        !absl::ConsumeSuffix(&variable, "}")) {
      if (got[i] != want[i]) {
        return shape;
      }
      continue;
    }
    const bool wildcard = absl::ConsumeSuffix(&variable, "|-");
    if (wildcard && got[i] == "-") {
      ids.emplace_back("-");
      continue;
    }
    const bool person = IsPersonVariable(variable);
    if (!(person ? ValidatePersonId(got[i], field) : ValidateId(got[i], field))
             .ok()) {
      return shape;
    }
    ids.emplace_back(got[i]);
  }
  return ids;
}

absl::StatusOr<std::string> ParseNameId(absl::string_view name,
                                        absl::string_view pattern,
                                        absl::string_view field) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseNamePattern(name, pattern, field));
  if (ids.size() != 1) {
    return absl::InternalError(
        absl::StrCat("name pattern ", pattern, " has ", ids.size(),
                     " variables; ParseNameId takes one"));
  }
  return std::move(ids.front());
}

std::string Tail(absl::string_view name) {
  return std::string(name.substr(name.find('/') + 1));
}

}  // namespace samen::resource
