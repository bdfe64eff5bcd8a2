// The edge features over real sockets: conditional requests, idempotency keys,
// partial responses, derived update masks, gzip, CORS, rate limits, backend
// retries and the reason -> status mapping.

#include <zlib.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/auth/auth.h"
#include "tests/unit/gateway/edge_http_fixture.h"

namespace samen::gateway::testing {
namespace {

using ::samen::testing::Headers;
using ::samen::testing::HttpResponse;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOsof[] = "/v1/partnerships/osof";

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

// --- Conditional requests ---------------------------------------------------

TEST_F(EdgeHttpTest, GetCarriesAStrongETag) {
  HttpResponse r = Send("GET", kOsof);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("etag"), "\"v1\"");
  // A list has no etag of its own: a strong one from its body.
  EXPECT_THAT(Send("GET", "/v1/partnerships").header("etag"),
              ::testing::MatchesRegex("\"b[0-9a-f]{16}\""));
}

TEST_F(EdgeHttpTest, RepeatedGetWithIfNoneMatchIs304WithoutBody) {
  const std::string etag = Send("GET", kOsof).header("etag");
  for (const std::string& value :
       {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    HttpResponse r = Send("GET", kOsof, "", {{"If-None-Match", value}});
    EXPECT_EQ(r.status, 304) << value;
    EXPECT_EQ(r.body, "") << value;
    EXPECT_EQ(r.header("etag"), "\"v1\"") << value;
    EXPECT_EQ(r.header("content-length"), "") << value;
  }
  HttpResponse changed = Send("GET", kOsof, "", {{"If-None-Match", "\"v0\""}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_THAT(changed.body, HasSubstr("osof"));
  // The connection is still usable after the bodiless 304s.
  EXPECT_EQ(client_->connections_opened(), 1);
  HttpResponse bad = Send("GET", kOsof, "", {{"If-None-Match", "v1"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("If-None-Match"));
}

TEST_F(EdgeHttpTest, IfMatchFillsTheEtagOfPatchAndDelete) {
  HttpResponse patch = Send("PATCH", kOsof, R"({"displayName": "Renamed"})",
                            {{"If-Match", "\"v1\""}});
  EXPECT_EQ(patch.status, 200) << patch.body;
  EXPECT_THAT(backend_.last().request, HasSubstr(R"(etag: "v1")"));
  HttpResponse del = Send("DELETE", kOsof, "", {{"If-Match", "\"v1\""}});
  EXPECT_EQ(del.status, 204) << del.body;
  EXPECT_EQ(backend_.last().request, R"(name: "partnerships/osof" etag: "v1")");
}

TEST_F(EdgeHttpTest, StaleIfMatchIs412) {
  HttpResponse patch = Send("PATCH", kOsof, R"({"displayName": "Renamed"})",
                            {{"If-Match", "\"v0\""}});
  EXPECT_EQ(patch.status, 412) << patch.body;
  EXPECT_EQ(patch.header("content-type"), "application/problem+json");
  EXPECT_EQ(Field(patch.body, "reason"), "ETAG_MISMATCH");
  EXPECT_EQ(Field(patch.body, "code"), "ABORTED");
  HttpResponse del = Send("DELETE", kOsof, "", {{"If-Match", "\"v0\""}});
  EXPECT_EQ(del.status, 412);
}

TEST_F(EdgeHttpTest, StaleEtagInTheBodyStays409) {
  HttpResponse r =
      Send("PATCH", kOsof, R"({"displayName": "Renamed", "etag": "v0"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Field(r.body, "reason"), "ETAG_MISMATCH");
}

TEST_F(EdgeHttpTest, IfMatchThatCannotHoldIs412WithoutABackendCall) {
  HttpResponse weak = Send("DELETE", kOsof, "", {{"If-Match", "W/\"v1\""}});
  EXPECT_EQ(weak.status, 412);
  HttpResponse differs =
      Send("PATCH", kOsof, R"({"etag": "v1"})", {{"If-Match", "\"v2\""}});
  EXPECT_EQ(differs.status, 412);
  EXPECT_EQ(backend_.calls(), 0);
  HttpResponse two = Send("DELETE", kOsof, "", {{"If-Match", "\"a\", \"b\""}});
  EXPECT_EQ(two.status, 400);
  EXPECT_THAT(two.body, HasSubstr("If-Match"));
}

// --- Idempotency keys ------------------------------------------------------

TEST_F(EdgeHttpTest, OnePostSentThreeTimesWithAKeyCreatesOnce) {
  const Headers key = {{"Idempotency-Key", "3f1c9a7e-retry"}};
  const std::string body = R"({"displayName": "Nieuw", "region": "Flevoland"})";
  std::vector<HttpResponse> answers;
  for (int i = 0; i < 3; ++i) {
    answers.push_back(
        Send("POST", "/v1/partnerships?partnershipId=nieuw", body, key));
  }
  EXPECT_EQ(backend_.creations(), 1);
  EXPECT_EQ(backend_.calls(), 3);
  for (const HttpResponse& r : answers) {
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.body, answers[0].body);
    EXPECT_EQ(r.header("location"), "/v1/partnerships/nieuw");
  }
  EXPECT_THAT(backend_.last().request,
              HasSubstr(R"(request_id: "3f1c9a7e-retry")"));
  // Without a key, each POST acts.
  Send("POST", "/v1/partnerships?partnershipId=nieuw", body);
  EXPECT_EQ(backend_.creations(), 2);
}

TEST_F(EdgeHttpTest, SameKeyDifferentPayloadIs422) {
  const Headers key = {{"Idempotency-Key", "k-422"}};
  EXPECT_EQ(Send("POST", "/v1/partnerships?partnershipId=a", "{}", key).status,
            201);
  HttpResponse r = Send("POST", "/v1/partnerships?partnershipId=b", "{}", key);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(Field(r.body, "reason"), "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(Field(r.body, "code"), "FAILED_PRECONDITION");
}

TEST_F(EdgeHttpTest, SameKeyWhileTheFirstRunsIs409WithRetryAfter) {
  HttpResponse r = Send("POST", "/v1/partnerships?partnershipId=a", "{}",
                        {{"Idempotency-Key", "busy"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(Field(r.body, "reason"), "IDEMPOTENCY_KEY_IN_USE");
  EXPECT_EQ(r.header("retry-after"), "1");
}

TEST_F(EdgeHttpTest, BadOrUnusableKeysAre400NamingTheHeader) {
  HttpResponse long_key = Send("POST", "/v1/partnerships?partnershipId=a", "{}",
                               {{"Idempotency-Key", std::string(256, 'k')}});
  EXPECT_EQ(long_key.status, 400);
  EXPECT_THAT(long_key.body, HasSubstr("Idempotency-Key"));
  HttpResponse no_field =
      Send("POST", "/v1/things:ping", "{}", {{"Idempotency-Key", "k-1"}});
  EXPECT_EQ(no_field.status, 400);
  EXPECT_THAT(no_field.body, HasSubstr("Idempotency-Key"));
  EXPECT_EQ(backend_.calls(), 0);
}

TEST_F(EdgeHttpTest, PatchTakesAnIdempotencyKeyToo) {
  Send("PATCH", kOsof, R"({"region": "Flevoland"})",
       {{"Idempotency-Key", "\"patch-1\""}});
  EXPECT_THAT(backend_.last().request, HasSubstr(R"(request_id: "patch-1")"));
}

// --- Partial responses and update masks -------------------------------------

TEST_F(EdgeHttpTest, FieldsShrinksTheResponse) {
  HttpResponse full = Send("GET", kOsof);
  HttpResponse partial =
      Send("GET", "/v1/partnerships/osof?fields=name,clusters.displayName");
  EXPECT_EQ(partial.status, 200) << partial.body;
  EXPECT_EQ(
      partial.body,
      R"({"name":"partnerships/osof","clusters":[{"displayName":"Noord"},)"
      R"({"displayName":"Zuid"}]})");
  EXPECT_LT(partial.body.size(), full.body.size());
  // The validator still describes the whole resource.
  EXPECT_EQ(partial.header("etag"), "\"v1\"");
  HttpResponse list =
      Send("GET", "/v1/partnerships?fields=partnerships.name,next_page_token");
  EXPECT_EQ(
      list.body,
      R"({"partnerships":[{"name":"partnerships/osof"}],"nextPageToken":"next"})");
}

TEST_F(EdgeHttpTest, UnknownFieldsAre400NamingThemBeforeAnyBackendCall) {
  HttpResponse r =
      Send("GET", "/v1/partnerships/osof?fields=name,colour,clusters.size");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(Field(r.body, "detail"), HasSubstr("colour, clusters.size"));
  EXPECT_THAT(r.body, HasSubstr(R"("field":"fields")"));
  EXPECT_EQ(backend_.calls(), 0);
}

TEST_F(EdgeHttpTest, PatchWithoutMaskDerivesItFromTheBodyKeys) {
  HttpResponse r =
      Send("PATCH", kOsof,
           R"({"name": "partnerships/osof", "etag": "v1", "displayName": "X",
          "academic": false, "updateTime": "2024-01-01T00:00:00Z"})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(
      backend_.last().request,
      HasSubstr(R"(update_mask { paths: "academic" paths: "display_name" })"));
  Send("PATCH", "/v1/partnerships/osof?updateMask=region",
       R"({"displayName": "X"})");
  EXPECT_THAT(backend_.last().request,
              HasSubstr(R"(update_mask { paths: "region" })"));
}

// --- Compression ------------------------------------------------------------

TEST_F(EdgeHttpTest, GzipResponseDecodesToTheSameJson) {
  const std::string target = "/v1/partnerships?pageSize=60";
  HttpResponse plain = Send("GET", target);
  ASSERT_GE(plain.body.size(), 1024u);
  EXPECT_EQ(plain.header("content-encoding"), "");
  EXPECT_EQ(plain.header("vary"), "Accept-Encoding");
  HttpResponse zipped =
      Send("GET", target, "", {{"Accept-Encoding", "gzip, br"}});
  EXPECT_EQ(zipped.status, 200);
  EXPECT_EQ(zipped.header("content-encoding"), "gzip");
  EXPECT_EQ(zipped.header("vary"), "Accept-Encoding");
  EXPECT_LT(zipped.body.size(), plain.body.size() / 4);
  EXPECT_TRUE(Gunzip(zipped.body) == plain.body);
  // Small bodies stay as they are.
  HttpResponse small = Send("GET", kOsof, "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(small.header("content-encoding"), "");
}

// --- Backend retries and the reason mapping ---------------------------------

TEST_F(EdgeHttpTest, ReadsAreRetriedOnUnavailableWritesAreNot) {
  HttpResponse read = Send("GET", "/v1/partnerships/flaky");
  EXPECT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(backend_.calls(), 3);
  HttpResponse write =
      Send("POST", "/v1/partnerships?partnershipId=flaky", "{}");
  EXPECT_EQ(write.status, 503);
  EXPECT_EQ(backend_.calls(), 4);
}

TEST_F(EdgeHttpTest, ExpiredSyncTokenIs410) {
  HttpResponse r = Send("GET", "/v1/partnerships/expired");
  EXPECT_EQ(r.status, 410);
  EXPECT_EQ(Field(r.body, "reason"), "SYNC_TOKEN_EXPIRED");
}

// --- CORS -------------------------------------------------------------------

class CorsHttpTest : public EdgeHttpTest {
 protected:
  void SetUp() override {
    Options options = BaseOptions();
    options.gateway.cors.allowed_origins = {"https://app.samen.example"};
    Start(options);
  }
};

Headers Preflight(const std::string& origin) {
  return {{"Origin", origin},
          {"Access-Control-Request-Method", "PATCH"},
          {"Access-Control-Request-Headers", "authorization, if-match"}};
}

TEST_F(CorsHttpTest, PreflightFromAnAllowedOrigin) {
  HttpResponse r =
      Send("OPTIONS", kOsof, "", Preflight("https://app.samen.example"));
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("access-control-allow-origin"),
            "https://app.samen.example");
  EXPECT_EQ(r.header("access-control-allow-methods"),
            "DELETE, GET, HEAD, PATCH, OPTIONS");
  EXPECT_THAT(r.header("access-control-allow-headers"), HasSubstr("If-Match"));
  EXPECT_THAT(r.header("access-control-allow-headers"),
              HasSubstr("Authorization"));
  EXPECT_EQ(r.header("access-control-max-age"), "3600");
  EXPECT_THAT(r.header("vary"), HasSubstr("Origin"));
  EXPECT_EQ(backend_.calls(), 0);
}

TEST_F(CorsHttpTest, PreflightFromARefusedOriginIs403) {
  HttpResponse r =
      Send("OPTIONS", kOsof, "", Preflight("https://evil.example"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.header("access-control-allow-origin"), "");
  EXPECT_EQ(r.header("access-control-allow-methods"), "");
  EXPECT_EQ(
      Send("OPTIONS", "/v1/nothing", "", Preflight("https://app.samen.example"))
          .status,
      404);
}

TEST_F(CorsHttpTest, ActualResponsesCarryCorsHeadersForAllowedOriginsOnly) {
  HttpResponse allowed =
      Send("GET", kOsof, "", {{"Origin", "https://app.samen.example"}});
  EXPECT_EQ(allowed.header("access-control-allow-origin"),
            "https://app.samen.example");
  EXPECT_THAT(allowed.header("access-control-expose-headers"),
              HasSubstr("ETag"));
  EXPECT_THAT(allowed.header("access-control-expose-headers"),
              HasSubstr("RateLimit"));
  EXPECT_THAT(allowed.header("vary"), HasSubstr("Origin"));
  HttpResponse error = Send("GET", "/v1/partnerships/missing", "",
                            {{"Origin", "https://app.samen.example"}});
  EXPECT_EQ(error.header("access-control-allow-origin"),
            "https://app.samen.example");
  HttpResponse refused =
      Send("GET", kOsof, "", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(refused.status, 200);
  EXPECT_EQ(refused.header("access-control-allow-origin"), "");
  EXPECT_THAT(refused.header("vary"), HasSubstr("Origin"));
}

TEST_F(CorsHttpTest, PlainOptionsListsTheMethods) {
  HttpResponse r = Send("OPTIONS", kOsof);
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("allow"), "DELETE, GET, HEAD, PATCH, OPTIONS");
}

// --- Rate limits ------------------------------------------------------------

constexpr char kSecret[] = "gateway-test-secret-of-sufficient-length";

class RateLimitHttpTest : public EdgeHttpTest {
 protected:
  void SetUp() override {
    Options options = BaseOptions();
    options.gateway.rate_limit.rps = 0.5;
    options.gateway.rate_limit.burst = 3;
    auth::VerifierOptions verifier;
    verifier.hs256_secret = kSecret;
    options.auth = verifier;
    Start(options);
  }

  static Headers As(const std::string& subject) {
    auth::Principal principal;
    principal.subject = subject;
    auth::MintOptions mint;
    mint.secret = kSecret;
    return samen::testing::Bearer(*auth::MintHs256Token(principal, mint));
  }
};

TEST_F(RateLimitHttpTest, BurstThen429WithRetryAfter) {
  for (int i = 0; i < 3; ++i) {
    HttpResponse r = Send("GET", kOsof, "", As("p-1"));
    EXPECT_EQ(r.status, 200) << i << r.body;
    EXPECT_EQ(r.header("ratelimit-policy"), "\"edge\";q=3;w=6");
    EXPECT_THAT(r.header("ratelimit"),
                HasSubstr("\"edge\";r=" + std::to_string(2 - i) + ";t="));
  }
  HttpResponse limited = Send("GET", kOsof, "", As("p-1"));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.header("content-type"), "application/problem+json");
  EXPECT_EQ(limited.header("retry-after"), "2");
  EXPECT_THAT(limited.header("ratelimit"), HasSubstr("r=0"));
  EXPECT_EQ(Field(limited.body, "code"), "RESOURCE_EXHAUSTED");
  EXPECT_EQ(backend_.calls(), 3);
  // Another subject has its own bucket; anonymous callers share their
  // address's.
  EXPECT_EQ(Send("GET", kOsof, "", As("p-2")).status, 200);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Send("GET", kOsof).status, 401);
  }
  EXPECT_EQ(Send("GET", kOsof).status, 429);
  // Probes are never limited.
  EXPECT_EQ(Send("GET", "/healthz").status, 200);
  EXPECT_THAT(Send("GET", "/metrics").body,
              HasSubstr("samen_gateway_rate_limited_total 2\n"));
}

}  // namespace
}  // namespace samen::gateway::testing
