// The mobile-grade edge end to end: samen-gateway (CORS and a rate limit
// switched on) in front of a real samen-server over the test MariaDB, driven
// over HTTP the way a phone or a web page would.

#include <zlib.h>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen {
namespace {

using ::testing::HasSubstr;
using testing::Headers;
using testing::HttpClient;
using testing::HttpResponse;

constexpr char kOrigin[] = "https://app.samen.example";

google::protobuf::Struct Json(const std::string& body) {
  google::protobuf::Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(body, &s).ok())
      << body;
  return s;
}

std::string Field(const std::string& body, const std::string& key) {
  auto s = Json(body);
  auto it = s.fields().find(key);
  return it == s.fields().end() ? "" : it->second.string_value();
}

std::string Gunzip(const std::string& in) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buffer[4096];
  int result = Z_OK;
  while (result == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof(buffer);
    result = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof(buffer) - zs.avail_out);
  }
  EXPECT_EQ(result, Z_STREAM_END);
  inflateEnd(&zs);
  return out;
}

// Each test acts as its own subjects, so the per-subject rate limit of one
// test never touches another.
Headers As(const std::string& subject, const std::string& grants,
           Headers extra = {}) {
  extra.emplace_back("Authorization",
                     "Bearer " + testing::MintTestToken(subject, grants));
  return extra;
}

class EdgeE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::StackOptions options;
    options.extra_gateway_args = {
        absl::StrCat("--cors_allowed_origins=", kOrigin), "--rate_limit_rps=1",
        "--rate_limit_burst=25", "--anonymous_rate_limit_rps=1",
        "--anonymous_rate_limit_burst=5"};
    stack_ = new testing::Stack(options);
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  void SetUp() override {
    client_ = std::make_unique<HttpClient>("127.0.0.1", stack_->gateway_port());
  }

  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::string& body, const Headers& headers) {
    HttpResponse r = client_->Request(method, target, body, headers);
    EXPECT_NE(r.status, 0) << r.body;
    return r;
  }

  static testing::Stack* stack_;
  std::unique_ptr<HttpClient> client_;
};

testing::Stack* EdgeE2eTest::stack_ = nullptr;

TEST_F(EdgeE2eTest, RepeatedGetIs304) {
  const Headers reader =
      As("edge-304", "starter@organisations/almere-college-dronten");
  HttpResponse first = Send("GET", "/v1/partnerships/osof", "", reader);
  ASSERT_EQ(first.status, 200) << first.body;
  const std::string etag = first.header("etag");
  EXPECT_EQ(etag, absl::StrCat("\"", Field(first.body, "etag"), "\""));
  Headers again = reader;
  again.emplace_back("If-None-Match", etag);
  HttpResponse second = Send("GET", "/v1/partnerships/osof", "", again);
  EXPECT_EQ(second.status, 304);
  EXPECT_EQ(second.body, "");
  EXPECT_EQ(second.header("etag"), etag);
}

TEST_F(EdgeE2eTest, StaleIfMatchIs412AndChangesNothing) {
  const Headers admin = As("edge-412", "admin");
  ASSERT_EQ(
      Send(
          "POST", "/v1/partnerships?partnership_id=edge-412",
          R"({"displayName":"Edge 412","region":"Zeeland","status":"ASPIRING"})",
          admin)
          .status,
      201);
  const std::string etag =
      Send("GET", "/v1/partnerships/edge-412", "", admin).header("etag");
  Headers if_match = admin;
  if_match.emplace_back("If-Match", etag);
  HttpResponse fresh = Send("PATCH", "/v1/partnerships/edge-412",
                            R"({"region":"Zeeuws-Vlaanderen"})", if_match);
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  EXPECT_NE(absl::StrCat("\"", Field(fresh.body, "etag"), "\""), etag);
  HttpResponse stale = Send("PATCH", "/v1/partnerships/edge-412",
                            R"({"region":"Elders"})", if_match);
  EXPECT_EQ(stale.status, 412) << stale.body;
  EXPECT_EQ(Field(stale.body, "reason"), "ETAG_MISMATCH");
  EXPECT_EQ(Send("DELETE", "/v1/partnerships/edge-412", "", if_match).status,
            412);
  HttpResponse now = Send("GET", "/v1/partnerships/edge-412", "", admin);
  EXPECT_EQ(Field(now.body, "region"), "Zeeuws-Vlaanderen");
  Headers current = admin;
  current.emplace_back("If-Match", now.header("etag"));
  EXPECT_EQ(Send("DELETE", "/v1/partnerships/edge-412", "", current).status,
            204);
}

TEST_F(EdgeE2eTest, OnePostSentThreeTimesWithAKeyCreatesOneResource) {
  const Headers keyed =
      As("edge-idem", "admin", {{"Idempotency-Key", "b6f0e3c2-edge-idem"}});
  const std::string body =
      R"({"displayName":"Edge Idem","region":"Edge-Idem-Land","status":"ASPIRING"})";
  std::vector<HttpResponse> answers;
  for (int i = 0; i < 3; ++i) {
    answers.push_back(
        Send("POST", "/v1/partnerships?partnership_id=edge-idem", body, keyed));
  }
  for (const HttpResponse& r : answers) {
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.body, answers[0].body);
  }
  // Exactly one partnership with that name exists.
  HttpResponse list =
      Send("GET", "/v1/partnerships?page_size=100&region=Edge-Idem-Land", "",
           As("edge-idem", "admin"));
  EXPECT_EQ(
      Json(list.body).fields().at("partnerships").list_value().values_size(), 1)
      << list.body;
  // The same key for another request is refused.
  HttpResponse reused = Send(
      "POST", "/v1/partnerships?partnership_id=edge-idem-2",
      R"({"displayName":"Edge Idem 2","region":"Edge-Idem-Land","status":"ASPIRING"})",
      keyed);
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_EQ(Field(reused.body, "reason"), "IDEMPOTENCY_KEY_REUSED");
}

TEST_F(EdgeE2eTest, PatchWithoutMaskSetsTheFieldsSentEvenToDefaults) {
  const Headers admin = As("edge-mask", "admin");
  ASSERT_EQ(
      Send(
          "POST", "/v1/partnerships?partnership_id=edge-mask",
          R"({"displayName":"Edge Mask","region":"Utrecht","status":"ASPIRING","academic":true})",
          admin)
          .status,
      201);
  HttpResponse got = Send("GET", "/v1/partnerships/edge-mask", "", admin);
  // Clients echo the resource back, output-only fields included.
  HttpResponse patched =
      Send("PATCH", "/v1/partnerships/edge-mask",
           absl::StrCat(R"({"name":"partnerships/edge-mask","etag":")",
                        Field(got.body, "etag"), R"(","academic":false})"),
           admin);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_THAT(patched.body, ::testing::Not(HasSubstr("academic")));
  EXPECT_EQ(Field(patched.body, "region"), "Utrecht");
}

TEST_F(EdgeE2eTest, FieldsShrinksTheResponse) {
  const Headers reader = As("edge-fields", "admin");
  HttpResponse full = Send("GET", "/v1/partnerships?page_size=100", "", reader);
  HttpResponse names =
      Send("GET", "/v1/partnerships?page_size=100&fields=partnerships.name", "",
           reader);
  ASSERT_EQ(names.status, 200) << names.body;
  EXPECT_LT(names.body.size() * 3, full.body.size());
  const google::protobuf::Struct doc = Json(names.body);
  ASSERT_TRUE(doc.fields().contains("partnerships")) << names.body;
  for (const auto& p : doc.fields().at("partnerships").list_value().values()) {
    EXPECT_EQ(p.struct_value().fields().size(), 1u);
  }
  HttpResponse unknown =
      Send("GET", "/v1/partnerships/osof?fields=colour", "", reader);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_THAT(unknown.body, HasSubstr("colour"));
}

TEST_F(EdgeE2eTest, GzipDecodesToTheSameJson) {
  const Headers reader = As("edge-gzip", "admin");
  HttpResponse plain =
      Send("GET", "/v1/partnerships?page_size=100", "", reader);
  ASSERT_GE(plain.body.size(), 1024u);
  Headers gzip = reader;
  gzip.emplace_back("Accept-Encoding", "gzip");
  HttpResponse zipped = Send("GET", "/v1/partnerships?page_size=100", "", gzip);
  EXPECT_EQ(zipped.header("content-encoding"), "gzip");
  EXPECT_THAT(zipped.header("vary"), HasSubstr("Accept-Encoding"));
  EXPECT_LT(zipped.body.size(), plain.body.size());
  EXPECT_TRUE(Gunzip(zipped.body) == plain.body);
}

TEST_F(EdgeE2eTest, PreflightFromAnAllowedAndARefusedOrigin) {
  Headers preflight = {
      {"Origin", kOrigin},
      {"Access-Control-Request-Method", "PATCH"},
      {"Access-Control-Request-Headers", "authorization,if-match"}};
  HttpResponse allowed =
      Send("OPTIONS", "/v1/partnerships/osof", "", preflight);
  EXPECT_EQ(allowed.status, 204);
  EXPECT_EQ(allowed.header("access-control-allow-origin"), kOrigin);
  EXPECT_THAT(allowed.header("access-control-allow-methods"),
              HasSubstr("PATCH"));
  preflight[0].second = "https://elsewhere.example";
  HttpResponse refused =
      Send("OPTIONS", "/v1/partnerships/osof", "", preflight);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.header("access-control-allow-origin"), "");
  HttpResponse actual = Send("GET", "/v1/partnerships/osof", "",
                             As("edge-cors", "admin", {{"Origin", kOrigin}}));
  EXPECT_EQ(actual.header("access-control-allow-origin"), kOrigin);
  EXPECT_THAT(actual.header("access-control-expose-headers"),
              HasSubstr("ETag"));
}

TEST_F(EdgeE2eTest, BurstThen429) {
  const Headers caller = As("edge-burst", "admin");
  int ok = 0;
  HttpResponse last;
  for (int i = 0; i < 40; ++i) {
    last = Send("GET", "/v1/partnerships/osof", "", caller);
    if (last.status != 200) {
      break;
    }
    ++ok;
  }
  EXPECT_GE(ok, 25);
  EXPECT_LE(ok, 30);  // the burst plus what refilled meanwhile
  EXPECT_EQ(last.status, 429);
  EXPECT_FALSE(last.header("retry-after").empty());
  EXPECT_THAT(last.header("ratelimit"), HasSubstr("r=0"));
  EXPECT_EQ(last.header("ratelimit-policy"), "\"edge\";q=25;w=25");
  // Someone else is still served.
  EXPECT_EQ(Send("GET", "/v1/partnerships/osof", "", As("edge-other", "admin"))
                .status,
            200);
  HttpResponse metrics = Send("GET", "/metrics", "", {});
  EXPECT_THAT(metrics.body, HasSubstr("samen_gateway_rate_limited_total 1\n"));
  EXPECT_THAT(
      metrics.body,
      HasSubstr("samen_gateway_http_requests_total{route=\"/v1/"
                "{name=partnerships/*}\",method=\"GET\",status=\"429\"} 1\n"));
}

// Callers without a token share a smaller bucket per client address, so a
// flood of anonymous or 401 requests is cut off early; callers with a token
// are not affected by it.
TEST_F(EdgeE2eTest, AnonymousCallersHaveTheirOwnLimit) {
  int answered = 0;
  HttpResponse last;
  for (int i = 0; i < 20; ++i) {
    last = Send("GET", "/v1/partnerships", "", {});
    if (last.status != 401) {
      break;
    }
    ++answered;
  }
  EXPECT_GE(answered, 5);
  EXPECT_LE(answered, 8);
  EXPECT_EQ(last.status, 429);
  EXPECT_EQ(last.header("ratelimit-policy"), "\"anonymous\";q=5;w=5");
  EXPECT_FALSE(last.header("retry-after").empty());
  // A bad token counts as anonymous too.
  EXPECT_EQ(
      Send("GET", "/v1/partnerships", "", {{"Authorization", "Bearer forged"}})
          .status,
      429);
  HttpResponse with_token =
      Send("GET", "/v1/partnerships/osof", "", As("edge-anon-other", "admin"));
  EXPECT_EQ(with_token.status, 200);
  EXPECT_EQ(with_token.header("ratelimit-policy"), "\"edge\";q=25;w=25");
}

TEST_F(EdgeE2eTest, OversizedBodyIs413AndHeaderIs431) {
  HttpResponse big =
      Send("POST", "/v1/partnerships?partnership_id=too-big",
           std::string((1 << 20) + 1, ' '), As("edge-413", "admin"));
  EXPECT_EQ(big.status, 413);
  HttpResponse header =
      Send("GET", "/v1/partnerships/osof", "",
           As("edge-431", "admin", {{"X-Padding", std::string(20000, 'a')}}));
  EXPECT_EQ(header.status, 431);
}

TEST_F(EdgeE2eTest, ProbesAndMetrics) {
  EXPECT_EQ(Send("GET", "/healthz", "", {}).status, 200);
  EXPECT_EQ(Send("GET", "/readyz", "", {}).status, 200);
  HttpResponse metrics = Send("GET", "/metrics", "", {});
  EXPECT_EQ(metrics.status, 200);
  EXPECT_THAT(metrics.body, HasSubstr("samen_gateway_open_connections "));
  EXPECT_THAT(
      metrics.body,
      HasSubstr(
          "# TYPE samen_gateway_http_request_duration_seconds histogram"));
}

}  // namespace
}  // namespace samen
