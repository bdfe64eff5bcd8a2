// Ids and resource names, as every service parses them.

#include "services/common/resource/names.h"

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/unit/common/resource/violated_field.h"

namespace samen::resource {
namespace {

TEST(ResourceIds, AcceptsSlugs) {
  EXPECT_TRUE(ValidateId("osof", "id").ok());
  EXPECT_TRUE(ValidateId("rpo-rijnmond", "id").ok());
  EXPECT_TRUE(ValidateId("p2", "id").ok());
}

TEST(ResourceIds, RejectsEverythingElseNamingTheField) {
  for (const char* bad :
       {"", "a", "Osof", "1abc", "abc-", "ab_c", "ab c", "ab/c", "é-school",
        "'; DROP TABLE partnerships; --"}) {
    absl::Status s = ValidateId(bad, "partnership_id");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(ViolatedField(s), "partnership_id") << bad;
  }
  EXPECT_FALSE(ValidateId(std::string(64, 'a'), "id").ok());
  EXPECT_TRUE(ValidateId(std::string(63, 'a'), "id").ok());
}

TEST(ResourceNames, ParsesCollectionAndId) {
  EXPECT_EQ(*ParseName("partnerships/osof", "partnerships", "name"), "osof");
  EXPECT_FALSE(ParseName("organisations/osof", "partnerships", "name").ok());
  EXPECT_FALSE(ParseName("partnerships/", "partnerships", "name").ok());
  EXPECT_FALSE(ParseName("partnerships/osof/x", "partnerships", "name").ok());
  EXPECT_EQ(*ParseName("people/auth0|abc.def@x", "people", "name"),
            "auth0|abc.def@x");
}

TEST(ResourceNames, PersonCollectionsTakePersonIds) {
  EXPECT_EQ(*ParseName("starters/starter-noor", "starters", "name"),
            "starter-noor");
  EXPECT_EQ(*ParseName("coaches/auth0|Ilse", "coaches", "name"), "auth0|Ilse");
  EXPECT_FALSE(ParseName("programmes/Osof", "programmes", "name").ok());
  EXPECT_FALSE(ParseName("starters/a/b", "starters", "name").ok());
  EXPECT_EQ(ViolatedField(ParseName("", "people", "coach").status()), "coach");
}

TEST(ResourceNames, PatternsReturnTheirIdsInOrder) {
  auto ids = ParseNamePattern("starters/starter-noor/bookings/b0123",
                              "starters/{starter}/bookings/{booking}", "name");
  ASSERT_TRUE(ids.ok());
  EXPECT_THAT(*ids, ::testing::ElementsAre("starter-noor", "b0123"));
  // A person variable takes person ids, every other variable slugs.
  EXPECT_TRUE(ParseNamePattern("starters/Auth0|X/bookings/b1",
                               "starters/{starter}/bookings/{booking}", "n")
                  .ok());
  EXPECT_FALSE(ParseNamePattern("starters/x/bookings/B1",
                                "starters/{starter}/bookings/{booking}", "n")
                   .ok());
  // Literal segments and the number of segments must match.
  EXPECT_FALSE(ParseNamePattern("starters/x/notes/b1",
                                "starters/{starter}/bookings/{booking}", "n")
                   .ok());
  EXPECT_FALSE(ParseNamePattern("starters/x/bookings",
                                "starters/{starter}/bookings/{booking}", "n")
                   .ok());
  // The wildcard only where the pattern allows it.
  EXPECT_THAT(*ParseNamePattern("partnerships/-/memberships/svol",
                                "partnerships/{partnership|-}/memberships/"
                                "{membership}",
                                "n"),
              ::testing::ElementsAre("-", "svol"));
  EXPECT_FALSE(ParseNamePattern("partnerships/osof/memberships/-",
                                "partnerships/{partnership|-}/memberships/"
                                "{membership}",
                                "n")
                   .ok());
  const absl::Status bad =
      ParseNamePattern("x", "coaches/{coach}/availability", "parent").status();
  EXPECT_EQ(ViolatedField(bad), "parent");
  EXPECT_THAT(std::string(bad.message()),
              ::testing::HasSubstr("coaches/{coach}/availability"));
  // The message shows a wildcard variable as the name it stands for.
  EXPECT_THAT(
      std::string(
          ParseNamePattern("x", "organisations/{organisation|-}", "parent")
              .status()
              .message()),
      ::testing::HasSubstr("must look like organisations/{organisation}"));
}

TEST(Names, NameIdIsTheOneVariableOfItsPattern) {
  EXPECT_EQ(*ParseNameId("people/starter-noor/vacancyProfile",
                         "people/{person}/vacancyProfile", "name"),
            "starter-noor");
  EXPECT_EQ(*ParseNameId("organisations/-", "organisations/{organisation|-}",
                         "parent"),
            "-");
  EXPECT_EQ(ParseNameId("regions/flevoland",
                        "regions/{region}/shortageSubjects", "name")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  // A pattern with two variables is a programming error, not the caller's.
  EXPECT_EQ(ParseNameId("a/xx/c/yy", "a/{x}/c/{y}", "name").status().code(),
            absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace samen::resource
