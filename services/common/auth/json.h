#pragma once

// The little JSON Samen's token code needs: parsing an object into a
// google.protobuf.Struct (protobuf's JSON parser is the only one available) and
// writing JSON string literals by hand for minting.

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/struct.pb.h"

namespace samen::auth::internal {

// Parses `json`, which must be a single JSON object. Returns nullopt for
// invalid JSON, for any other top-level value, for duplicate member names (RFC
// 7515 section 4) and for input that is not valid UTF-8. Protobuf's parser is
// lenient in harmless ways (trailing commas, single-quoted strings); it bounds
// nesting depth.
std::optional<google::protobuf::Struct> ParseJsonObject(absl::string_view json);

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(absl::string_view text);

// `text` as a quoted JSON string literal. `text` must be valid UTF-8.
std::string JsonQuote(absl::string_view text);

// The member `name` of `object`, or nullptr.
const google::protobuf::Value* FindMember(
    const google::protobuf::Struct& object, const std::string& name);

}  // namespace samen::auth::internal
