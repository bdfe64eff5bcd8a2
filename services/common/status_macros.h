#pragma once

// RETURN_IF_ERROR and ASSIGN_OR_RETURN, as in Abseil-based codebases, so that
// error propagation reads as one line instead of an `if (!x.ok())` block.
//
//   RETURN_IF_ERROR(ValidateText(name, "display_name", 200, true));
//   ASSIGN_OR_RETURN(std::string id, ParseName(req.name(), "partnerships",
//   "name")); ASSIGN_OR_RETURN(auto page, repo.List(filter));
//
// Both work in any function returning absl::Status or absl::StatusOr<T>. The
// expression is evaluated once; on error its status is returned unchanged.

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define SAMEN_STATUS_MACROS_CONCAT_INNER(x, y) x##y
#define SAMEN_STATUS_MACROS_CONCAT(x, y) SAMEN_STATUS_MACROS_CONCAT_INNER(x, y)

#define RETURN_IF_ERROR(expr)                                 \
  do {                                                        \
    const ::absl::Status samen_status_macros_status = (expr); \
    if (!samen_status_macros_status.ok()) {                   \
      return samen_status_macros_status;                      \
    }                                                         \
  } while (false)

#define ASSIGN_OR_RETURN(lhs, rexpr)                                      \
  SAMEN_ASSIGN_OR_RETURN_IMPL(                                            \
      SAMEN_STATUS_MACROS_CONCAT(samen_status_macros_or_, __LINE__), lhs, \
      rexpr)

#define SAMEN_ASSIGN_OR_RETURN_IMPL(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                \
  if (!statusor.ok()) {                                   \
    return std::move(statusor).status();                  \
  }                                                       \
  lhs = *std::move(statusor)
