#include "gateway/fields/field_filter.h"

#include "gateway/route_table.h"
#include "gateway_test.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.pb.h"

namespace samen::gateway {
namespace {

using samen::gateway::testing::Everything;
using samen::partners::v1::Partnership;
using samen::partners::v1::UpdatePartnershipRequest;
using ::testing::HasSubstr;

Everything Sample() {
  Everything e;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(name: "things/1"
           flag: true
           i32: 7
           inner {
             label: "in"
             depth: 2
             child { label: "deep" }
           }
           inners { label: "a" depth: 1 tags: "t" }
           inners { label: "b" depth: 2 }
           labels { key: "k" value: "v" })pb",
      &e));
  return e;
}

TEST(FieldFilter, KeepsOnlyTheNamedFields) {
  auto filter = FieldFilter::Parse("name, i32", Everything::descriptor());
  ASSERT_TRUE(filter.ok()) << filter.status();
  Everything e = Sample();
  filter->Apply(&e);
  EXPECT_EQ(e.ShortDebugString(), R"(name: "things/1" i32: 7)");
}

TEST(FieldFilter, SubPathsApplyToEveryElementOfARepeatedField) {
  auto filter =
      FieldFilter::Parse("inners.label,inner.child", Everything::descriptor());
  ASSERT_TRUE(filter.ok()) << filter.status();
  Everything e = Sample();
  filter->Apply(&e);
  EXPECT_EQ(e.ShortDebugString(),
            R"(inner { child { label: "deep" } } )"
            R"(inners { label: "a" } inners { label: "b" })");
}

TEST(FieldFilter, AcceptsJsonNamesAndMergesOverlaps) {
  auto filter = FieldFilter::Parse("maybeCount,inner,inner.depth",
                                   Everything::descriptor());
  ASSERT_TRUE(filter.ok()) << filter.status();
  EXPECT_THAT(filter->mask().paths(),
              ::testing::ElementsAre("inner", "maybe_count"));
}

TEST(FieldFilter, UnknownPathsAreListedInOneError) {
  auto filter = FieldFilter::Parse("name,nope,inners.zzz,labels.k",
                                   Everything::descriptor());
  ASSERT_FALSE(filter.ok());
  const std::string message(filter.status().message());
  EXPECT_THAT(message, HasSubstr("fields"));
  EXPECT_THAT(message, HasSubstr("nope, inners.zzz, labels.k"));
  EXPECT_FALSE(FieldFilter::Parse(" , ", Everything::descriptor()).ok());
}

TEST(FieldsParameter, FindsAndDecodesIt) {
  EXPECT_EQ(*FieldsParameter("page_size=3&fields=name%2Cschools.name"),
            "name,schools.name");
  EXPECT_EQ(*FieldsParameter("page_size=3"), "");
  EXPECT_FALSE(FieldsParameter("fields=a&fields=b").ok());
}

class DeriveUpdateMaskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto table = RouteTable::Build({"samen.partners.v1.PartnersService"});
    ASSERT_TRUE(table.ok());
    table_ = *std::move(table);
    route_ = table_.Find("PATCH", "/v1/partnerships/osof").route;
    ASSERT_NE(route_, nullptr);
  }
  RouteTable table_;
  const Route* route_ = nullptr;
};

TEST_F(DeriveUpdateMaskTest, TopLevelKeysWithoutEchoedOutputOnlyFields) {
  UpdatePartnershipRequest request;
  ASSERT_TRUE(DeriveUpdateMask(*route_,
                               R"({"displayName": "X", "academic": false,
                                   "clusters": [], "name": "partnerships/osof",
                                   "etag": "e", "createTime": "2024-01-01T00:00:00Z",
                                   "update_time": "2024-01-01T00:00:00Z"})",
                               &request)
                  .ok());
  EXPECT_THAT(request.update_mask().paths(),
              ::testing::ElementsAre("academic", "clusters", "display_name"));
}

TEST_F(DeriveUpdateMaskTest, AnExplicitMaskIsKept) {
  UpdatePartnershipRequest request;
  request.mutable_update_mask()->add_paths("region");
  ASSERT_TRUE(
      DeriveUpdateMask(*route_, R"({"displayName": "X"})", &request).ok());
  EXPECT_THAT(request.update_mask().paths(), ::testing::ElementsAre("region"));
}

TEST_F(DeriveUpdateMaskTest, OtherMethodsAreLeftAlone) {
  const Route* create = table_.Find("POST", "/v1/partnerships").route;
  samen::partners::v1::CreatePartnershipRequest request;
  ASSERT_TRUE(
      DeriveUpdateMask(*create, R"({"displayName": "X"})", &request).ok());
  EXPECT_EQ(request.ShortDebugString(), "");
}

}  // namespace
}  // namespace samen::gateway
