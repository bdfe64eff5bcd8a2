#include "gateway/path_template.h"

#include <optional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

PathTemplate MustParse(const std::string& text) {
  absl::StatusOr<PathTemplate> t = PathTemplate::Parse(text);
  EXPECT_TRUE(t.ok()) << text << ": " << t.status();
  return t.ok() ? *t : PathTemplate();
}

struct MatchCase {
  std::string templ;
  std::string path;
  std::optional<PathBindings> expected;
};

class PathTemplateMatch : public ::testing::TestWithParam<MatchCase> {};

TEST_P(PathTemplateMatch, MatchesAsSpecified) {
  const MatchCase& c = GetParam();
  PathTemplate t = MustParse(c.templ);
  std::optional<PathBindings> got = t.Match(c.path);
  ASSERT_EQ(got.has_value(), c.expected.has_value())
      << c.templ << " vs " << c.path;
  if (got.has_value()) {
    EXPECT_EQ(*got, *c.expected) << c.templ << " vs " << c.path;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, PathTemplateMatch,
    ::testing::Values(
        // Literals.
        MatchCase{"/v1/partnerships", "/v1/partnerships", PathBindings{}},
        MatchCase{"/v1/partnerships", "/v1/partnership", std::nullopt},
        MatchCase{"/v1/partnerships", "/v1/partnerships/", std::nullopt},
        MatchCase{"/v1/partnerships", "/v1/partnerships/x", std::nullopt},
        // A variable with a pattern.
        MatchCase{"/v1/{name=partnerships/*}", "/v1/partnerships/osof",
                  PathBindings{{"name", "partnerships/osof"}}},
        MatchCase{"/v1/{name=partnerships/*}", "/v1/organisations/osof",
                  std::nullopt},
        MatchCase{"/v1/{name=partnerships/*}", "/v1/partnerships",
                  std::nullopt},
        MatchCase{"/v1/{name=partnerships/*}", "/v1/partnerships/",
                  std::nullopt},
        MatchCase{"/v1/{name=partnerships/*}", "/v1/partnerships/a/b",
                  std::nullopt},
        // Nested field paths.
        MatchCase{"/v1/{partnership.name=partnerships/*}",
                  "/v1/partnerships/osof",
                  PathBindings{{"partnership.name", "partnerships/osof"}}},
        MatchCase{"/v1/{name=partnerships/*/memberships/*}",
                  "/v1/partnerships/osof/memberships/m1",
                  PathBindings{{"name", "partnerships/osof/memberships/m1"}}},
        MatchCase{"/v1/{parent=partnerships/*}/memberships",
                  "/v1/partnerships/osof/memberships",
                  PathBindings{{"parent", "partnerships/osof"}}},
        // Plain variables and several of them.
        MatchCase{"/v1/shelves/{shelf}/books/{book}", "/v1/shelves/s1/books/b2",
                  PathBindings{{"shelf", "s1"}, {"book", "b2"}}},
        // Wildcards outside variables.
        MatchCase{"/v1/*/things", "/v1/anything/things", PathBindings{}},
        MatchCase{"/v1/files/**", "/v1/files/a/b/c", PathBindings{}},
        MatchCase{"/v1/files/**", "/v1/files", std::nullopt},
        // `**` in a variable keeps slashes.
        MatchCase{"/v1/files/{name=**}", "/v1/files/a/b/c.txt",
                  PathBindings{{"name", "a/b/c.txt"}}},
        MatchCase{"/v1/{name=files/**}", "/v1/files/x/y",
                  PathBindings{{"name", "files/x/y"}}},
        // Percent-decoding: a single-segment variable gets %2F decoded...
        MatchCase{"/v1/things/{id}", "/v1/things/a%2Fb",
                  PathBindings{{"id", "a/b"}}},
        MatchCase{"/v1/things/{id}", "/v1/things/caf%C3%A9",
                  PathBindings{{"id", "caf\xC3\xA9"}}},
        // ... a multi-segment one keeps it encoded, decoding the rest.
        MatchCase{"/v1/{name=partnerships/*}", "/v1/partnerships/a%2Fb",
                  PathBindings{{"name", "partnerships/a%2Fb"}}},
        MatchCase{"/v1/{name=partnerships/*}", "/v1/partnerships/a%20b",
                  PathBindings{{"name", "partnerships/a b"}}},
        // Literals compare decoded.
        MatchCase{"/v1/partnerships", "/v1/partner%73hips", PathBindings{}},
        // Malformed escapes never match.
        MatchCase{"/v1/things/{id}", "/v1/things/a%2", std::nullopt},
        MatchCase{"/v1/things/{id}", "/v1/things/a%zz", std::nullopt},
        // Verbs.
        MatchCase{"/v1/{name=things/*}:run", "/v1/things/t1:run",
                  PathBindings{{"name", "things/t1"}}},
        MatchCase{"/v1/{name=things/*}:run", "/v1/things/t1", std::nullopt},
        MatchCase{"/v1/{name=things/*}:run", "/v1/things/t1:walk",
                  std::nullopt},
        MatchCase{"/v1/things:search", "/v1/things:search", PathBindings{}},
        MatchCase{"/v1/things:search", "/v1/things", std::nullopt},
        // Without a verb in the template a colon is part of the segment.
        MatchCase{"/v1/{name=things/*}", "/v1/things/t1:run",
                  PathBindings{{"name", "things/t1:run"}}}));

TEST(PathTemplate, ReportsStructure) {
  PathTemplate t = MustParse("/v1/{name=partnerships/*/memberships/*}:archive");
  EXPECT_EQ(t.verb(), "archive");
  EXPECT_EQ(t.literal_count(), 3);
  EXPECT_EQ(t.segment_count(), 5);
  EXPECT_FALSE(t.has_multi_wildcard());
  EXPECT_EQ(t.FirstLiteral(), "v1");
  EXPECT_THAT(t.VariableFieldPaths(), ElementsAre("name"));

  PathTemplate files = MustParse("/v1/files/{path=**}");
  EXPECT_TRUE(files.has_multi_wildcard());
  EXPECT_EQ(files.literal_count(), 2);
}

TEST(PathTemplate, RejectsInvalidTemplates) {
  for (const char* bad : {
           "",                      // empty
           "v1/things",             // no leading slash
           "/v1//things",           // empty segment
           "/v1/things/",           // trailing slash
           "/v1/{name",             // unterminated variable
           "/v1/{name=things/*",    // unterminated variable
           "/v1/{}",                // empty field path
           "/v1/{na-me}",           // not an identifier
           "/v1/{a..b}",            // empty identifier
           "/v1/{a={b}}",           // nested variable
           "/v1/{a=x/{b}}",         // nested variable
           "/v1/**/things",         // ** not last
           "/v1/{a=**}/x",          // ** not last
           "/v1/{a}/{a}",           // bound twice
           "/v1/things:",           // empty verb
           "/v1/th*ngs",            // wildcard inside a literal
           "/v1/{name=things/*}x",  // junk after a variable
       }) {
    EXPECT_FALSE(PathTemplate::Parse(bad).ok()) << "accepted \"" << bad << "\"";
  }
}

TEST(PathTemplate, ErrorsNameTheTemplate) {
  absl::StatusOr<PathTemplate> t = PathTemplate::Parse("/v1/**/x");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(std::string(t.status().message()),
              ::testing::HasSubstr("/v1/**/x"));
}

TEST(PercentDecode, DecodesAndKeepsSlashOnRequest) {
  EXPECT_EQ(PercentDecode("a%20b%2Fc", false), "a b/c");
  EXPECT_EQ(PercentDecode("a%20b%2fc", true), "a b%2fc");
  EXPECT_EQ(PercentDecode("%", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%4", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%G0", false), std::nullopt);
}

}  // namespace
}  // namespace samen::gateway
