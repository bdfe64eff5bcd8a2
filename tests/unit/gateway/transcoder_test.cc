#include "gateway/transcoder.h"

#include <string>

#include "gateway/json_syntax.h"
#include "gateway/problem.h"
#include "gateway_test.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/joining_more.pb.h"
#include "samen/partners/v1/partners_service.pb.h"

namespace samen::gateway {
namespace {

using ::samen::gateway::testing::Everything;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class Transcoder : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<RouteTable> table =
        RouteTable::Build({"samen.gateway.testing.TestService",
                           "samen.partners.v1.PartnersService"});
    ASSERT_TRUE(table.ok()) << table.status();
    table_ = *std::move(table);
  }

  // Builds the request for method + target with `body`; returns the status.
  absl::Status Build(const std::string& method, const std::string& target,
                     const std::string& body, google::protobuf::Message* out) {
    const size_t q = target.find('?');
    const std::string path = target.substr(0, q);
    const std::string query =
        q == std::string::npos ? "" : target.substr(q + 1);
    RouteMatch match = table_.Find(method, path);
    EXPECT_NE(match.route, nullptr) << method << " " << path;
    if (match.route == nullptr) {
      return absl::NotFoundError("no route");
    }
    EXPECT_EQ(out->GetDescriptor(), match.route->method->input_type());
    return BuildRequest(*match.route, match.bindings, query, body, out);
  }

  FieldViolation Violation(const std::string& method, const std::string& target,
                           const std::string& body) {
    Everything message;
    absl::Status status = Build(method, target, body, &message);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    Problem problem = ProblemFromStatus(status);
    EXPECT_EQ(problem.field_violations.size(), 1u) << status;
    return problem.field_violations.empty() ? FieldViolation{}
                                            : problem.field_violations[0];
  }

  RouteTable table_;
};

TEST_F(Transcoder, PathVariablesAndQuery) {
  Everything m;
  ASSERT_TRUE(Build("GET", "/v1/things/t1?i32=4&colours=RED", "", &m).ok());
  EXPECT_EQ(m.name(), "things/t1");
  EXPECT_EQ(m.i32(), 4);
  EXPECT_THAT(m.colours(), ElementsAre(testing::RED));
}

TEST_F(Transcoder, QueryMayNotRepeatThePathVariable) {
  EXPECT_EQ(Violation("GET", "/v1/things/t1?name=things/t2", "").field, "name");
}

TEST_F(Transcoder, WholeBody) {
  Everything m;
  ASSERT_TRUE(Build("PUT", "/v1/things/t1",
                    R"({"i32": 3, "inner": {"label": "x"}, "names": ["a"]})",
                    &m)
                  .ok());
  EXPECT_EQ(m.name(), "things/t1");
  EXPECT_EQ(m.i32(), 3);
  EXPECT_EQ(m.inner().label(), "x");
  EXPECT_THAT(m.names(), ElementsAre("a"));
}

TEST_F(Transcoder, PathWinsOverTheBody) {
  Everything m;
  ASSERT_TRUE(
      Build("PUT", "/v1/things/t1", R"({"name": "things/other"})", &m).ok());
  EXPECT_EQ(m.name(), "things/t1");
}

TEST_F(Transcoder, WholeBodyAllowsNoQueryParameters) {
  EXPECT_EQ(Violation("PUT", "/v1/things/t1?i32=1", "{}").field, "i32");
}

TEST_F(Transcoder, FieldBodyWithNestedPathVariable) {
  Everything m;
  ASSERT_TRUE(
      Build("PATCH", "/v1/inners/i1?update_mask=depth", R"({"depth": 2})", &m)
          .ok());
  EXPECT_EQ(m.inner().label(), "inners/i1");
  EXPECT_EQ(m.inner().depth(), 2);
  EXPECT_THAT(m.update_mask().paths(), ElementsAre("depth"));
}

TEST_F(Transcoder, RepeatedFieldBody) {
  Everything m;
  ASSERT_TRUE(Build("POST", "/v1/things/t1/names", R"(["a", "b"])", &m).ok());
  EXPECT_THAT(m.names(), ElementsAre("a", "b"));
  EXPECT_EQ(m.name(), "things/t1");
}

TEST_F(Transcoder, UpdatePartnershipGetsItsNameFromThePath) {
  samen::partners::v1::UpdatePartnershipRequest request;
  ASSERT_TRUE(
      Build(
          "PATCH", "/v1/partnerships/osof?updateMask=displayName",
          R"({"displayName": "Opleidingsschool", "name": "partnerships/else"})",
          &request)
          .ok());
  EXPECT_EQ(request.partnership().name(), "partnerships/osof");
  EXPECT_EQ(request.partnership().display_name(), "Opleidingsschool");
  EXPECT_THAT(request.update_mask().paths(), ElementsAre("display_name"));
}

TEST_F(Transcoder, ListMembershipsQuery) {
  samen::partners::v1::ListMembershipsRequest request;
  ASSERT_TRUE(
      Build("GET",
            "/v1/partnerships/-/"
            "memberships?pageSize=5&role=PARTNER&organisation=organisations/x",
            "", &request)
          .ok());
  EXPECT_EQ(request.parent(), "partnerships/-");
  EXPECT_EQ(request.page_size(), 5);
  EXPECT_EQ(request.role(), samen::partners::v1::Membership::PARTNER);
  EXPECT_EQ(request.organisation(), "organisations/x");
}

TEST_F(Transcoder, EmptyBodyIsAnEmptyMessage) {
  Everything m;
  ASSERT_TRUE(Build("PUT", "/v1/things/t1", "", &m).ok());
  EXPECT_EQ(m.name(), "things/t1");
  ASSERT_TRUE(Build("PUT", "/v1/things/t1", " \r\n", &m).ok());
}

TEST_F(Transcoder, BodyOnABodylessRouteIsAnError) {
  Everything m;
  absl::Status status = Build("GET", "/v1/things/t1", R"({"i32": 1})", &m);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("no request body"));
}

TEST_F(Transcoder, UnknownBodyFieldIsNamed) {
  EXPECT_EQ(
      Violation("PUT", "/v1/things/t1", R"({"i32": 1, "bogus": 2})").field,
      "bogus");
  FieldViolation nested = Violation(
      "PUT", "/v1/things/t1", R"({"inners": [{"label": "a", "zzz": 1}]})");
  EXPECT_EQ(nested.field, "inners[0].zzz");
  EXPECT_EQ(nested.description, "unknown field");
  // In a field body the name is given from the request message.
  EXPECT_EQ(Violation("PATCH", "/v1/inners/i1", R"({"nope": 1})").field,
            "inner.nope");
}

TEST_F(Transcoder, WrongTypeIsNamed) {
  FieldViolation v = Violation("PUT", "/v1/things/t1", R"({"i32": "many"})");
  EXPECT_EQ(v.field, "i32");
  EXPECT_THAT(v.description, HasSubstr("many"));
  EXPECT_EQ(Violation("PUT", "/v1/things/t1", R"({"colour": "BLUE"})").field,
            "colour");
}

TEST_F(Transcoder, MalformedJsonSaysWhere) {
  Everything m;
  absl::Status status =
      Build("PUT", "/v1/things/t1", "{\n  \"i32\": 1,\n  }", &m);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("line 3, column 3"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("malformed JSON"));
  absl::Status array = Build("PUT", "/v1/things/t1", "[1]", &m);
  EXPECT_THAT(std::string(array.message()), HasSubstr("JSON object"));
}

TEST_F(Transcoder, RendersCanonicalJsonWithoutDefaults) {
  RouteMatch match = table_.Find("GET", "/v1/things/t1");
  ASSERT_NE(match.route, nullptr);
  Everything response;
  response.set_page_token("p");
  response.set_colour(testing::GREEN);
  response.set_i32(0);
  absl::StatusOr<std::string> json = RenderResponse(*match.route, response);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(*json, R"({"colour":"GREEN","pageToken":"p"})");
}

TEST_F(Transcoder, RendersTheResponseBodyField) {
  RouteMatch match = table_.Find("POST", "/v1/things/t1:run");
  ASSERT_NE(match.route, nullptr);
  testing::Wrapped response;
  response.mutable_thing()->set_name("things/t1");
  response.set_extra("hidden");
  absl::StatusOr<std::string> json = RenderResponse(*match.route, response);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(*json, R"({"name":"things/t1"})");
}

TEST(JsonSyntax, ReportsPositions) {
  EXPECT_FALSE(CheckJsonSyntax(R"({"a": [1, 2, {"b": null}], "c": "\u00e9"})")
                   .has_value());
  EXPECT_FALSE(CheckJsonSyntax(" -1.5e+3 ").has_value());
  auto error = CheckJsonSyntax(R"({"a": tru})");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->offset, 6u);
  EXPECT_EQ(error->line, 1);
  EXPECT_EQ(error->column, 7);
  auto second_line = CheckJsonSyntax("{\"a\": 1,\n \"b\" 2}");
  ASSERT_TRUE(second_line.has_value());
  EXPECT_EQ(second_line->line, 2);
  EXPECT_EQ(second_line->column, 6);
  EXPECT_THAT(second_line->message, HasSubstr("':'"));
  for (const char* bad : {"", "{", "{\"a\":1}}", "[1,]", "01", "\"\x01\"",
                          "{'a': 1}", "nul", "\"\\x\"", "1.", "-"}) {
    EXPECT_TRUE(CheckJsonSyntax(bad).has_value()) << bad;
  }
  std::string deep(200, '[');
  EXPECT_TRUE(CheckJsonSyntax(deep + std::string(200, ']')).has_value());
}

// A route whose body is a google.api.HttpBody takes the raw bytes and the
// Content-Type as they are (an upload), never parsed as JSON.
TEST_F(Transcoder, HttpBodyBodyTakesTheRawBytesAndContentType) {
  const std::string path =
      "/v1/partnerships/p2/applications/a1/documents:upload";
  RouteMatch match = table_.Find("POST", path);
  ASSERT_NE(match.route, nullptr);
  EXPECT_TRUE(match.route->http_body_request);
  samen::partners::v1::UploadApplicationDocumentRequest req;
  const std::string bytes("%PDF-1.7\n\0{not json\n%%EOF", 25);
  absl::Status s = BuildRequest(*match.route, match.bindings,
                                "kind=SELF_EVALUATION&stepId=self-evaluation",
                                bytes, &req, "application/pdf");
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(req.parent(), "partnerships/p2/applications/a1");
  EXPECT_EQ(req.kind(), samen::partners::v1::SELF_EVALUATION);
  EXPECT_EQ(req.step_id(), "self-evaluation");
  EXPECT_EQ(req.content().content_type(), "application/pdf");
  EXPECT_EQ(req.content().data(), bytes);
  // A JSON route is not one.
  EXPECT_FALSE(table_.Find("POST", "/v1/partnerships/p2/applications/a1:decide")
                   .route->http_body_request);
}

}  // namespace
}  // namespace samen::gateway
