// RETURN_IF_ERROR and ASSIGN_OR_RETURN: the error comes back unchanged, the
// value is moved out, and the expression runs once.

#include "services/common/status_macros.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace samen {
namespace {

absl::StatusOr<std::unique_ptr<std::string>> Make(bool ok, int* calls) {
  ++*calls;
  if (!ok) {
    return absl::NotFoundError("no such thing");
  }
  return std::make_unique<std::string>("thing");
}

absl::Status Check(bool ok, int* calls) {
  ++*calls;
  return ok ? absl::OkStatus() : absl::InvalidArgumentError("bad");
}

absl::StatusOr<std::string> UseBoth(bool make_ok, bool check_ok, int* calls) {
  RETURN_IF_ERROR(Check(check_ok, calls));
  ASSIGN_OR_RETURN(std::unique_ptr<std::string> p, Make(make_ok, calls));
  ASSIGN_OR_RETURN(auto again, Make(make_ok, calls));
  return *p + "+" + *again;
}

TEST(StatusMacros, PassesValuesThroughAndEvaluatesOnce) {
  int calls = 0;
  auto v = UseBoth(true, true, &calls);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, "thing+thing");
  EXPECT_EQ(calls, 3);
}

TEST(StatusMacros, ReturnsTheFirstErrorUnchanged) {
  int calls = 0;
  auto v = UseBoth(true, false, &calls);
  EXPECT_EQ(v.status(), absl::InvalidArgumentError("bad"));
  EXPECT_EQ(calls, 1);
  calls = 0;
  v = UseBoth(false, true, &calls);
  EXPECT_EQ(v.status(), absl::NotFoundError("no such thing"));
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace samen
