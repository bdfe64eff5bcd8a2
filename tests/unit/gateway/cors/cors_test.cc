#include "gateway/cors/cors.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::gateway {
namespace {

namespace http = boost::beast::http;
using ::testing::HasSubstr;

Cors Make(std::vector<std::string> origins, bool credentials = false) {
  CorsOptions options;
  options.allowed_origins = std::move(origins);
  options.allow_credentials = credentials;
  EXPECT_TRUE(Cors::Validate(options).ok());
  return Cors(options);
}

HttpRequest Preflight(const std::string& origin) {
  HttpRequest request(http::verb::options, "/v1/partnerships/osof", 11);
  request.set(http::field::origin, origin);
  request.set(http::field::access_control_request_method, "PATCH");
  return request;
}

TEST(Cors, ValidatesTheOptions) {
  CorsOptions star;
  star.allowed_origins = {"*"};
  EXPECT_TRUE(Cors::Validate(star).ok());
  star.allow_credentials = true;
  EXPECT_FALSE(Cors::Validate(star).ok());
  CorsOptions path;
  path.allowed_origins = {"https://app.example.org/path"};
  EXPECT_FALSE(Cors::Validate(path).ok());
  EXPECT_EQ(
      ParseOriginList(" https://a.example , http://b.example:8080,"),
      (std::vector<std::string>{"https://a.example", "http://b.example:8080"}));
}

TEST(Cors, PreflightFromAnAllowedOrigin) {
  Cors cors = Make({"https://app.example.org"});
  HttpRequest request = Preflight("https://app.example.org");
  ASSERT_TRUE(Cors::IsPreflight(request));
  HttpResponse r = cors.Preflight(request, {"DELETE", "GET", "PATCH"});
  EXPECT_EQ(r.result_int(), 204u);
  EXPECT_EQ(r[http::field::access_control_allow_origin],
            "https://app.example.org");
  EXPECT_EQ(r[http::field::access_control_allow_methods],
            "DELETE, GET, PATCH, OPTIONS");
  EXPECT_THAT(std::string(r[http::field::access_control_allow_headers]),
              HasSubstr("Idempotency-Key"));
  EXPECT_EQ(r[http::field::access_control_max_age], "3600");
  EXPECT_THAT(std::string(r[http::field::vary]), HasSubstr("Origin"));
  EXPECT_EQ(r.find(http::field::access_control_allow_credentials), r.end());
}

TEST(Cors, PreflightFromAnotherOriginIs403WithoutCorsHeaders) {
  Cors cors = Make({"https://app.example.org"});
  HttpResponse r = cors.Preflight(Preflight("https://evil.example"), {"GET"});
  EXPECT_EQ(r.result_int(), 403u);
  EXPECT_EQ(r.find(http::field::access_control_allow_origin), r.end());
  EXPECT_EQ(r.find(http::field::access_control_allow_methods), r.end());
}

TEST(Cors, ActualResponses) {
  Cors cors = Make({"https://app.example.org"}, true);
  HttpResponse allowed = MakeResponse(200, "application/json", "{}");
  cors.Decorate("https://app.example.org", &allowed);
  EXPECT_EQ(allowed[http::field::access_control_allow_origin],
            "https://app.example.org");
  EXPECT_EQ(allowed[http::field::access_control_allow_credentials], "true");
  EXPECT_THAT(std::string(allowed[http::field::access_control_expose_headers]),
              HasSubstr("ETag"));
  EXPECT_EQ(allowed[http::field::vary], "Origin");

  HttpResponse refused = MakeResponse(200, "application/json", "{}");
  cors.Decorate("https://evil.example", &refused);
  EXPECT_EQ(refused.find(http::field::access_control_allow_origin),
            refused.end());
  EXPECT_EQ(refused[http::field::vary], "Origin");
}

TEST(Cors, StarAnswersAnyOriginWithStar) {
  Cors cors = Make({"*"});
  HttpResponse r = MakeResponse(200, "application/json", "{}");
  cors.Decorate("https://whoever.example", &r);
  EXPECT_EQ(r[http::field::access_control_allow_origin], "*");
}

TEST(Cors, OffByDefault) {
  Cors cors = Make({});
  HttpResponse r = MakeResponse(200, "application/json", "{}");
  cors.Decorate("https://app.example.org", &r);
  EXPECT_EQ(r.find(http::field::access_control_allow_origin), r.end());
  EXPECT_EQ(r.find(http::field::vary), r.end());
  EXPECT_EQ(cors.Preflight(Preflight("https://app.example.org"), {"GET"})
                .result_int(),
            403u);
}

}  // namespace
}  // namespace samen::gateway
