#include "gateway/etag/etag.h"

#include "gateway/route_table.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.pb.h"

namespace samen::gateway {
namespace {

using samen::partners::v1::DeletePartnershipRequest;
using samen::partners::v1::UpdatePartnershipRequest;

const Route& RouteFor(const RouteTable& table, absl::string_view method,
                      absl::string_view path) {
  RouteMatch match = table.Find(method, path);
  EXPECT_NE(match.route, nullptr) << method << " " << path;
  return *match.route;
}

RouteTable Partners() {
  auto table = RouteTable::Build({"samen.partners.v1.PartnersService"});
  EXPECT_TRUE(table.ok()) << table.status();
  return *std::move(table);
}

TEST(ParseEntityTags, StarListsAndWeakTags) {
  auto any = ParseEntityTags(" * ", "If-None-Match");
  ASSERT_TRUE(any.ok());
  EXPECT_TRUE(any->any);

  auto list = ParseEntityTags(R"("a1", W/"b2" ,, "")", "If-None-Match");
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->tags.size(), 3u);
  EXPECT_EQ(list->tags[0].opaque, "a1");
  EXPECT_FALSE(list->tags[0].weak);
  EXPECT_EQ(list->tags[1].opaque, "b2");
  EXPECT_TRUE(list->tags[1].weak);
  EXPECT_EQ(list->tags[2].opaque, "");
}

TEST(ParseEntityTags, RejectsUnquotedAndUnterminatedTagsNamingTheHeader) {
  for (const char* bad : {"abc", "\"abc", "\"a\" \"b\"", "W/abc", "", ","}) {
    auto parsed = ParseEntityTags(bad, "If-Match");
    EXPECT_FALSE(parsed.ok()) << bad;
    EXPECT_THAT(std::string(parsed.status().message()),
                ::testing::HasSubstr("If-Match"))
        << bad;
  }
}

TEST(StrongETag, QuotesValidValuesOnly) {
  EXPECT_EQ(StrongETag("7f3a"), "\"7f3a\"");
  EXPECT_EQ(StrongETag(""), std::nullopt);
  EXPECT_EQ(StrongETag("has space"), std::nullopt);
  EXPECT_EQ(StrongETag("quo\"te"), std::nullopt);
}

TEST(IfNoneMatch, WeakComparison) {
  auto list = ParseEntityTags(R"(W/"x", "y")", "If-None-Match");
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(IfNoneMatchMatches(*list, "x"));  // W/ ignored
  EXPECT_TRUE(IfNoneMatchMatches(*list, "y"));
  EXPECT_FALSE(IfNoneMatchMatches(*list, "z"));
  EXPECT_FALSE(IfNoneMatchMatches(*list, ""));
  auto any = ParseEntityTags("*", "If-None-Match");
  EXPECT_TRUE(IfNoneMatchMatches(*any, "whatever"));
}

TEST(ApplyIfMatch, PatchFillsTheBodyMessagesEtag) {
  RouteTable table = Partners();
  const Route& route = RouteFor(table, "PATCH", "/v1/partnerships/osof");
  UpdatePartnershipRequest request;
  auto tags = ParseEntityTags("\"e1\"", "If-Match");
  ASSERT_TRUE(ApplyIfMatch(route, *tags, &request).ok());
  EXPECT_EQ(request.partnership().etag(), "e1");
}

TEST(ApplyIfMatch, DeleteFillsTheRequestsEtag) {
  RouteTable table = Partners();
  const Route& route = RouteFor(table, "DELETE", "/v1/partnerships/osof");
  DeletePartnershipRequest request;
  auto tags = ParseEntityTags("\"e2\"", "If-Match");
  ASSERT_TRUE(ApplyIfMatch(route, *tags, &request).ok());
  EXPECT_EQ(request.etag(), "e2");
}

TEST(ApplyIfMatch, StarChangesNothing) {
  RouteTable table = Partners();
  const Route& route = RouteFor(table, "DELETE", "/v1/partnerships/osof");
  DeletePartnershipRequest request;
  auto tags = ParseEntityTags("*", "If-Match");
  ASSERT_TRUE(ApplyIfMatch(route, *tags, &request).ok());
  EXPECT_EQ(request.etag(), "");
}

TEST(ApplyIfMatch, RefusesWhatCannotHold) {
  RouteTable table = Partners();
  const Route& patch = RouteFor(table, "PATCH", "/v1/partnerships/osof");
  UpdatePartnershipRequest request;
  request.mutable_partnership()->set_etag("body-etag");
  auto other = ParseEntityTags("\"header-etag\"", "If-Match");
  EXPECT_EQ(ApplyIfMatch(patch, *other, &request).code(),
            absl::StatusCode::kFailedPrecondition);
  auto weak = ParseEntityTags("W/\"body-etag\"", "If-Match");
  EXPECT_EQ(ApplyIfMatch(patch, *weak, &request).code(),
            absl::StatusCode::kFailedPrecondition);
  auto two = ParseEntityTags("\"a\", \"b\"", "If-Match");
  EXPECT_EQ(ApplyIfMatch(patch, *two, &request).code(),
            absl::StatusCode::kInvalidArgument);
  auto same = ParseEntityTags("\"body-etag\"", "If-Match");
  EXPECT_TRUE(ApplyIfMatch(patch, *same, &request).ok());
}

TEST(ApplyIfMatch, RequestWithoutEtagIsInvalid) {
  RouteTable table = Partners();
  const Route& create = RouteFor(table, "POST", "/v1/partnerships");
  auto message = samen::partners::v1::CreatePartnershipRequest();
  auto tags = ParseEntityTags("\"x\"", "If-Match");
  // Create's body (Partnership) has an etag; that one is filled.
  EXPECT_TRUE(ApplyIfMatch(create, *tags, &message).ok());
  const Route& get = RouteFor(table, "GET", "/v1/partnerships/osof");
  samen::partners::v1::GetPartnershipRequest read;
  absl::Status s = ApplyIfMatch(get, *tags, &read);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace samen::gateway
