#include <string>
#include <vector>

#include "db/migrator.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::db {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(SplitStatements, SplitsOnSemicolonsAndTrims) {
  EXPECT_THAT(SplitStatements(
                  "CREATE TABLE a (x INT);\n\n  CREATE TABLE b (y INT) ;\n"),
              ElementsAre("CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)"));
}

TEST(SplitStatements, LastStatementNeedsNoSemicolon) {
  EXPECT_THAT(SplitStatements("SELECT 1; SELECT 2"),
              ElementsAre("SELECT 1", "SELECT 2"));
}

TEST(SplitStatements, DropsEmptyAndCommentOnlyStatements) {
  EXPECT_THAT(
      SplitStatements(";;  ;\n-- just a comment;\n# another\n/* block; */ ;"),
      IsEmpty());
  EXPECT_THAT(SplitStatements(""), IsEmpty());
  EXPECT_THAT(SplitStatements("SELECT 1; -- trailing; comment"),
              ElementsAre("SELECT 1"));
}

TEST(SplitStatements, IgnoresSemicolonsInsideQuotes) {
  EXPECT_THAT(
      SplitStatements(
          "INSERT INTO t VALUES ('a;b', \"c;d\"); SELECT `we;ird` FROM t"),
      ElementsAre("INSERT INTO t VALUES ('a;b', \"c;d\")",
                  "SELECT `we;ird` FROM t"));
}

TEST(SplitStatements, HandlesEscapedAndDoubledQuotes) {
  EXPECT_THAT(
      SplitStatements(
          R"(SELECT 'it\'s; fine'; SELECT 'it''s; fine'; SELECT "a\";b")"),
      ElementsAre(R"(SELECT 'it\'s; fine')", "SELECT 'it''s; fine'",
                  R"(SELECT "a\";b")"));
  // Backslash is no escape inside backticks; a doubled backtick is.
  EXPECT_THAT(SplitStatements("SELECT `a\\`; SELECT `b``;c`"),
              ElementsAre("SELECT `a\\`", "SELECT `b``;c`"));
  EXPECT_THAT(SplitStatements(R"(SELECT '\\'; SELECT 2)"),
              ElementsAre(R"(SELECT '\\')", "SELECT 2"));
}

TEST(SplitStatements, IgnoresSemicolonsInsideComments) {
  EXPECT_THAT(
      SplitStatements(
          "CREATE TABLE a ( -- one; two\n x INT /* three; */ ); # four;\n"
          "SELECT 1"),
      // A comment after a ';' opens the next statement's text.
      ElementsAre("CREATE TABLE a ( -- one; two\n x INT /* three; */ )",
                  "# four;\nSELECT 1"));
}

TEST(SplitStatements, QuotesInsideCommentsDoNotOpenStrings) {
  EXPECT_THAT(SplitStatements("-- don't\nSELECT 1; /* it's */ SELECT 2"),
              ElementsAre("-- don't\nSELECT 1", "/* it's */ SELECT 2"));
}

TEST(SplitStatements, DoubleDashWithoutSpaceIsMinusMinus) {
  EXPECT_THAT(SplitStatements("SELECT 1--1; SELECT 2"),
              ElementsAre("SELECT 1--1", "SELECT 2"));
}

TEST(SplitStatements, UnterminatedQuoteKeepsTheRest) {
  EXPECT_THAT(SplitStatements("SELECT 'abc; def"),
              ElementsAre("SELECT 'abc; def"));
}

TEST(Checksum, IsHexSha256) {
  EXPECT_EQ(Checksum(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Checksum("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Checksum, ChangesWithAnyByte) {
  EXPECT_NE(Checksum("CREATE TABLE a (x INT);"),
            Checksum("CREATE TABLE a (x INT); "));
}

}  // namespace
}  // namespace samen::db
