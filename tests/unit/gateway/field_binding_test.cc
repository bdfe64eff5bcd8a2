#include "gateway/field_binding.h"

#include <string>

#include "gateway/problem.h"
#include "gateway_test.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace samen::gateway {
namespace {

using ::samen::gateway::testing::Everything;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Everything Bind(const std::string& query, const BoundFields& bound = {}) {
  Everything message;
  absl::Status status = BindQueryParameters(query, bound, &message);
  EXPECT_TRUE(status.ok()) << query << ": " << status;
  return message;
}

// The field violation a failed binding reports.
FieldViolation Violation(const std::string& query,
                         const BoundFields& bound = {}) {
  Everything message;
  absl::Status status = BindQueryParameters(query, bound, &message);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << query;
  Problem problem = ProblemFromStatus(status);
  EXPECT_EQ(problem.field_violations.size(), 1u) << query << ": " << status;
  return problem.field_violations.empty() ? FieldViolation{}
                                          : problem.field_violations[0];
}

TEST(QueryBinding, Strings) {
  EXPECT_EQ(Bind("name=things%2Fa+b").name(), "things/a b");
  EXPECT_EQ(Bind("page_token=abc").page_token(), "abc");
  EXPECT_EQ(Bind("pageToken=abc").page_token(), "abc");  // JSON name
  EXPECT_EQ(Bind("name=").name(), "");
}

TEST(QueryBinding, Bytes) {
  EXPECT_EQ(Bind("blob=aGVsbG8=").blob(), "hello");
  EXPECT_EQ(Bind("blob=_-8").blob(), "\xff\xef");  // web-safe alphabet
  EXPECT_EQ(Violation("blob=***").field, "blob");
}

TEST(QueryBinding, Bools) {
  EXPECT_TRUE(Bind("flag=true").flag());
  EXPECT_TRUE(Bind("flag=1").flag());
  EXPECT_FALSE(Bind("flag=false").flag());
  EXPECT_FALSE(Bind("flag=0").flag());
  FieldViolation v = Violation("flag=yes");
  EXPECT_EQ(v.field, "flag");
  EXPECT_THAT(v.description, HasSubstr("boolean"));
}

TEST(QueryBinding, SignedIntegers) {
  EXPECT_EQ(Bind("i32=-42").i32(), -42);
  EXPECT_EQ(Bind("i32=2147483647").i32(), 2147483647);
  EXPECT_EQ(Bind("i64=-9223372036854775808").i64(), INT64_MIN);
  EXPECT_EQ(Bind("s32=-7").s32(), -7);
  FieldViolation not_number = Violation("i32=12abc");
  EXPECT_EQ(not_number.field, "i32");
  EXPECT_THAT(not_number.description, HasSubstr("not an integer"));
  FieldViolation too_big = Violation("i32=2147483648");
  EXPECT_EQ(too_big.field, "i32");
  EXPECT_THAT(too_big.description, HasSubstr("out of range"));
  EXPECT_THAT(Violation("i64=9223372036854775808").description,
              HasSubstr("out of range"));
  EXPECT_THAT(Violation("i32=1.5").description, HasSubstr("not an integer"));
}

TEST(QueryBinding, UnsignedIntegers) {
  EXPECT_EQ(Bind("u32=4294967295").u32(), 4294967295u);
  EXPECT_EQ(Bind("u64=18446744073709551615").u64(), UINT64_MAX);
  EXPECT_EQ(Bind("f64=7").f64(), 7u);
  EXPECT_THAT(Violation("u32=4294967296").description,
              HasSubstr("out of range"));
  EXPECT_THAT(Violation("u32=-1").description, HasSubstr("out of range"));
}

TEST(QueryBinding, FloatingPoint) {
  EXPECT_DOUBLE_EQ(Bind("score=2.5e3").score(), 2500);
  EXPECT_FLOAT_EQ(Bind("ratio=0.25").ratio(), 0.25f);
  EXPECT_TRUE(std::isinf(Bind("score=Infinity").score()));
  EXPECT_THAT(Violation("ratio=1e39").description, HasSubstr("out of range"));
  EXPECT_THAT(Violation("score=abc").description, HasSubstr("not a number"));
}

TEST(QueryBinding, Enums) {
  EXPECT_EQ(Bind("colour=RED").colour(), testing::RED);
  EXPECT_EQ(Bind("colour=green").colour(), testing::GREEN);
  EXPECT_EQ(Bind("colour=2").colour(), testing::GREEN);
  FieldViolation v = Violation("colour=BLUE");
  EXPECT_EQ(v.field, "colour");
  EXPECT_THAT(v.description, HasSubstr("RED, GREEN"));
  EXPECT_EQ(Violation("colour=7").field, "colour");
}

TEST(QueryBinding, RepeatedFieldsRepeatTheKey) {
  Everything m = Bind(
      "names=a&names=b&numbers=1&numbers=2&numbers=3&colours=RED&colours="
      "GREEN");
  EXPECT_THAT(m.names(), ElementsAre("a", "b"));
  EXPECT_THAT(m.numbers(), ElementsAre(1, 2, 3));
  EXPECT_THAT(m.colours(), ElementsAre(testing::RED, testing::GREEN));
}

TEST(QueryBinding, NestedFields) {
  Everything m =
      Bind("inner.label=x&inner.child.depth=3&inner.tags=a&inner.tags=b");
  EXPECT_EQ(m.inner().label(), "x");
  EXPECT_EQ(m.inner().child().depth(), 3);
  EXPECT_THAT(m.inner().tags(), ElementsAre("a", "b"));
}

TEST(QueryBinding, FieldMask) {
  Everything m = Bind("update_mask=display_name,region");
  EXPECT_THAT(m.update_mask().paths(), ElementsAre("display_name", "region"));
  Everything camel =
      Bind("updateMask=displayName,%20foundingYear,inner.childDepth");
  EXPECT_THAT(
      camel.update_mask().paths(),
      ElementsAre("display_name", "founding_year", "inner.child_depth"));
  EXPECT_EQ(Violation("update_mask=a;b").field, "update_mask");
}

TEST(QueryBinding, TimestampsAndDurations) {
  Everything m = Bind("when=2024-09-01T08:30:00Z&wait=1.5s");
  EXPECT_EQ(m.when().seconds(), 1725179400);
  EXPECT_EQ(m.wait().seconds(), 1);
  EXPECT_EQ(m.wait().nanos(), 500000000);
  EXPECT_EQ(Bind("when=2024-09-01T10:30:00%2B02:00").when().seconds(),
            1725179400);
  EXPECT_THAT(Violation("when=yesterday").description, HasSubstr("RFC 3339"));
  EXPECT_EQ(Violation("wait=soon").field, "wait");
}

TEST(QueryBinding, Wrappers) {
  Everything m = Bind("maybe_count=0&maybeText=hi&maybe_flag=false");
  ASSERT_TRUE(m.has_maybe_count());
  EXPECT_EQ(m.maybe_count().value(), 0);
  EXPECT_EQ(m.maybe_text().value(), "hi");
  ASSERT_TRUE(m.has_maybe_flag());
  EXPECT_FALSE(m.maybe_flag().value());
  EXPECT_THAT(Violation("maybe_count=x").description,
              HasSubstr("not an integer"));
}

TEST(QueryBinding, UnknownParametersAreErrors) {
  FieldViolation v = Violation("colour=RED&frobnicate=1");
  EXPECT_EQ(v.field, "frobnicate");
  EXPECT_THAT(v.description, HasSubstr("unknown query parameter"));
  EXPECT_EQ(Violation("inner.nope=1").field, "inner.nope");
  EXPECT_EQ(Violation("name.x=1").field, "name.x");  // below a scalar
  EXPECT_EQ(Violation("inners.label=1").field,
            "inners.label");  // below a repeated message
  EXPECT_EQ(Violation("maybe_count.value=1").field, "maybe_count.value");
}

TEST(QueryBinding, FieldsThatCannotComeFromTheUrl) {
  EXPECT_EQ(Violation("labels=a").field, "labels");
  EXPECT_EQ(Violation("inner=a").field, "inner");
  EXPECT_EQ(Violation("inners=a").field, "inners");
}

TEST(QueryBinding, SingularFieldTwiceIsAnError) {
  FieldViolation v = Violation("i32=1&i32=2");
  EXPECT_EQ(v.field, "i32");
  EXPECT_THAT(v.description, HasSubstr("more than once"));
  EXPECT_EQ(Violation("page_token=a&pageToken=b").field, "pageToken");
}

TEST(QueryBinding, ReservedParametersAreIgnored) {
  Everything m = Bind("fields=name&alt=json&$fields=x&name=n");
  EXPECT_EQ(m.name(), "n");
}

TEST(QueryBinding, FieldsBoundByPathOrBodyAreRefused) {
  BoundFields bound;
  bound.paths = {"name", "inner"};
  EXPECT_THAT(Violation("name=x", bound).description, HasSubstr("already set"));
  EXPECT_EQ(Violation("inner.label=x", bound).field, "inner.label");
  EXPECT_EQ(Bind("i32=1", bound).i32(), 1);

  BoundFields nested;
  nested.paths = {"inner.label"};
  EXPECT_EQ(Violation("inner=x", nested).field, "inner");
  EXPECT_EQ(Bind("inner.depth=2", nested).inner().depth(), 2);

  BoundFields all;
  all.all = true;
  EXPECT_THAT(Violation("i32=1", all).description, HasSubstr("request body"));
}

TEST(QueryBinding, MalformedEscapesAreErrors) {
  Everything message;
  EXPECT_EQ(BindQueryParameters("name=%zz", {}, &message).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ResolveFieldPath, AcceptsProtoAndJsonNames) {
  const auto* type = Everything::descriptor();
  auto a = ResolveFieldPath(type, "inner.child.depth");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(FieldPathName(*a), "inner.child.depth");
  auto b = ResolveFieldPath(type, "updateMask");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(FieldPathName(*b), "update_mask");
  EXPECT_FALSE(ResolveFieldPath(type, "inner..label").has_value());
  EXPECT_FALSE(ResolveFieldPath(type, "").has_value());
}

}  // namespace
}  // namespace samen::gateway
