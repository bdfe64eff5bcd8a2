#pragma once

// A strict RFC 8259 syntax check that reports where a JSON text goes wrong
// (offset, line and column), so that a malformed request body gets an error a
// person can act on. Only syntax: what the values mean is the protobuf JSON
// parser's business.

#include <cstddef>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace samen::gateway {

struct JsonSyntaxError {
  size_t offset = 0;  // bytes from the start
  int line = 1;       // 1-based
  int column = 1;     // 1-based, in bytes
  std::string message;
};

// Nothing when `json` is one well-formed JSON value (surrounded by optional
// whitespace).
std::optional<JsonSyntaxError> CheckJsonSyntax(absl::string_view json,
                                               int max_depth = 100);

}  // namespace samen::gateway
