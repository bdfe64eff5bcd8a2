#include "db/list_column.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::db {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

enum class Colour { kRed = 1, kBlue = 2 };

std::string ColourName(Colour c) { return c == Colour::kRed ? "RED" : "BLUE"; }

bool ParseColour(const std::string& name, Colour* out) {
  if (name == "RED" || name == "BLUE") {
    *out = name == "RED" ? Colour::kRed : Colour::kBlue;
    return true;
  }
  return false;
}

TEST(ListColumn, SplitsAndJoinsCommaSeparatedText) {
  EXPECT_THAT(SplitList("a,b,,c"), ElementsAre("a", "b", "c"));
  EXPECT_THAT(SplitList(""), IsEmpty());
  EXPECT_EQ(JoinList({"a", "b"}), "a,b");
  EXPECT_EQ(JoinList({}), "");
}

TEST(ListColumn, EnumsByNameSkippingUnknownOnes) {
  EXPECT_EQ(JoinEnums<Colour>(std::vector<int>{2, 1}, ColourName), "BLUE,RED");
  EXPECT_THAT(SplitEnums<Colour>("RED,GREEN,BLUE", ParseColour),
              ElementsAre(Colour::kRed, Colour::kBlue));
}

}  // namespace
}  // namespace samen::db
