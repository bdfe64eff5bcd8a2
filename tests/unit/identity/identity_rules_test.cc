#include "services/identity/identity_rules.h"

#include "gtest/gtest.h"

namespace samen::identity {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

TEST(SafeReturnTo, KeepsPathsOnThisSite) {
  EXPECT_EQ(SafeReturnTo("/"), "/");
  EXPECT_EQ(SafeReturnTo("/app/bookings?week=2"), "/app/bookings?week=2");
}

TEST(SafeReturnTo, SendsEverythingElseHome) {
  for (const char* bad :
       {"", "https://evil.example/", "//evil.example/x", "/\\evil.example",
        "app", "javascript:alert(1)", "/a\r\nSet-Cookie: x=1", "/a\\b"}) {
    EXPECT_EQ(SafeReturnTo(bad), "/") << bad;
  }
  EXPECT_EQ(SafeReturnTo("/" + std::string(2000, 'a')), "/");
}

TEST(ParseClientGrant, AcceptsRoleWithOrWithoutScope) {
  auto grant = ParseClientGrant("integration", "g");
  ASSERT_TRUE(grant.ok());
  EXPECT_EQ(grant->role, "integration");
  EXPECT_EQ(grant->scope, "");
  grant = ParseClientGrant("integration@partnerships/osof", "g");
  ASSERT_TRUE(grant.ok());
  EXPECT_EQ(grant->scope, "partnerships/osof");
}

TEST(ParseClientGrant, RefusesAdminUnknownRolesAndBadScopes) {
  for (const char* bad :
       {"admin", "wizard", "", "integration@people/x", "hr@organisations/",
        "hr@organisations/A B", "integration@partnerships/osof/x"}) {
    auto grant = ParseClientGrant(bad, "client.grants[0]");
    EXPECT_EQ(grant.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(grant.status().message().find("client.grants[0]"),
              std::string::npos)
        << grant.status();
  }
}

TEST(ValidateClientId, NeedsLowerCaseLettersDigitsAndHyphens) {
  EXPECT_TRUE(ValidateClientId("vacaturesite-flevoland").ok());
  for (const char* bad : {"", "ab", "Vacatures", "1site", "site_x", "site/x"}) {
    EXPECT_FALSE(ValidateClientId(bad).ok()) << bad;
  }
  EXPECT_FALSE(ValidateClientId(std::string(64, 'a')).ok());
}

TEST(SessionDeadReason, AliveWithinBothTimeouts) {
  SessionTimes session{kNow - absl::Minutes(30), kNow + absl::Hours(1), false};
  EXPECT_EQ(SessionDeadReason(session, absl::Hours(2), kNow), std::nullopt);
}

TEST(SessionDeadReason, EndsOnIdleAbsoluteOrSignOut) {
  EXPECT_EQ(
      SessionDeadReason({kNow - absl::Hours(2), kNow + absl::Hours(1), false},
                        absl::Hours(2), kNow),
      "idle");
  EXPECT_EQ(SessionDeadReason({kNow, kNow, false}, absl::Hours(2), kNow),
            "expired");
  EXPECT_EQ(SessionDeadReason({kNow, kNow + absl::Hours(1), true},
                              absl::Hours(2), kNow),
            "ended");
}

TEST(AccessTokenExpiry, NeverOutlivesTheSession) {
  EXPECT_EQ(AccessTokenExpiry(kNow, absl::Minutes(10), std::nullopt),
            kNow + absl::Minutes(10));
  EXPECT_EQ(AccessTokenExpiry(kNow, absl::Minutes(10), kNow + absl::Minutes(3)),
            kNow + absl::Minutes(3));
}

TEST(JudgeRefresh, RotatesAFreshTokenOfALiveFamily) {
  RefreshState state{false, false, kNow + absl::Hours(1), "samen-app"};
  EXPECT_EQ(JudgeRefresh(state, "samen-app", kNow), RefreshVerdict::kRotate);
}

TEST(JudgeRefresh, ReuseRevokedExpiredAndWrongClient) {
  RefreshState used{true, false, kNow + absl::Hours(1), "samen-app"};
  EXPECT_EQ(JudgeRefresh(used, "samen-app", kNow), RefreshVerdict::kReuse);
  RefreshState revoked{false, true, kNow + absl::Hours(1), "samen-app"};
  EXPECT_EQ(JudgeRefresh(revoked, "samen-app", kNow), RefreshVerdict::kRevoked);
  // A used token of a revoked family is not "reuse" again: nothing to revoke.
  RefreshState both{true, true, kNow + absl::Hours(1), "samen-app"};
  EXPECT_EQ(JudgeRefresh(both, "samen-app", kNow), RefreshVerdict::kRevoked);
  RefreshState old{false, false, kNow, "samen-app"};
  EXPECT_EQ(JudgeRefresh(old, "samen-app", kNow), RefreshVerdict::kExpired);
  EXPECT_EQ(JudgeRefresh(old, "other-app", kNow), RefreshVerdict::kWrongClient);
}

}  // namespace
}  // namespace samen::identity
