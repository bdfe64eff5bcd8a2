// The gateway over real sockets: an in-process samen-gateway (GatewayApp) on
// 127.0.0.1:0 in front of a fake Partners backend, driven by a plain HTTP
// client.

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "boost/asio/buffers_iterator.hpp"
#include "boost/asio/connect.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/read_until.hpp"
#include "boost/asio/streambuf.hpp"
#include "boost/asio/write.hpp"
#include "gateway/gateway_app.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/common/auth/auth.h"
#include "tests/support/http_client.h"
#include "tests/unit/gateway/fake_partners_backend.h"

namespace samen::gateway {
namespace {

using ::samen::testing::Headers;
using ::samen::testing::HttpClient;
using ::samen::testing::HttpResponse;
using ::testing::HasSubstr;

constexpr char kSecret[] = "gateway-test-secret-of-sufficient-length";

google::protobuf::Struct Json(const std::string& body) {
  google::protobuf::Struct doc;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(body, &doc).ok())
      << body;
  return doc;
}

std::string Field(const google::protobuf::Struct& doc,
                  const std::string& name) {
  auto it = doc.fields().find(name);
  return it == doc.fields().end() ? "" : it->second.string_value();
}

std::string FirstViolationField(const HttpResponse& r) {
  google::protobuf::Struct doc = Json(r.body);
  auto it = doc.fields().find("field_violations");
  if (it == doc.fields().end() || it->second.list_value().values().empty()) {
    return "";
  }
  return Field(it->second.list_value().values(0).struct_value(), "field");
}

std::string Metadata(const testing::SeenCall& call, const std::string& key) {
  auto it = call.metadata.find(key);
  return it == call.metadata.end() ? "" : it->second;
}

// Sends a POST with "Expect: 100-continue" and a Content-Length of `length` on
// a raw connection; sends the body only when `send_body` and the server said
// 100. Returns the status codes received, in order.
std::vector<int> ExpectContinue(int port, size_t length, bool send_body) {
  namespace net = boost::asio;
  net::io_context ioc;
  net::ip::tcp::socket socket(ioc);
  socket.connect(
      {net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  net::write(socket, net::buffer(absl::StrCat(
                         "POST /v1/partnerships?partnershipId=e HTTP/1.1\r\n",
                         "Host: localhost\r\nExpect: 100-continue\r\n",
                         "Content-Type: application/json\r\nContent-Length: ",
                         length, "\r\n\r\n")));
  std::vector<int> statuses;
  net::streambuf buffer;
  for (int i = 0; i < 2; ++i) {
    boost::system::error_code ec;
    const size_t n = net::read_until(socket, buffer, "\r\n\r\n", ec);
    if (ec) {
      break;
    }
    std::string head(net::buffers_begin(buffer.data()),
                     net::buffers_begin(buffer.data()) + n);
    buffer.consume(n);
    int status = 0;
    if (head.size() > 12 && absl::SimpleAtoi(head.substr(9, 3), &status)) {
      statuses.push_back(status);
    }
    if (status != 100) {
      break;
    }
    if (!send_body) {
      break;
    }
    std::string body = "{}";
    body.resize(length, ' ');
    net::write(socket, net::buffer(body));
  }
  return statuses;
}

class GatewayHttp : public ::testing::Test {
 protected:
  void SetUp() override { Start(Options()); }
  void TearDown() override {
    client_.reset();
    app_.reset();
  }

  Options DefaultOptions() {
    Options options;
    options.http.listen = "127.0.0.1:0";
    options.http.threads = 2;
    options.backends.default_target = backend_.address();
    // The fake serves Partners only.
    options.services = {"samen.partners.v1.PartnersService"};
    return options;
  }

  void Start(Options options) {
    Options base = DefaultOptions();
    base.auth = options.auth;
    base.http.max_connections = options.http.max_connections;
    base.services = options.services.empty() ? base.services : options.services;
    absl::StatusOr<std::unique_ptr<GatewayApp>> app = GatewayApp::Start(base);
    ASSERT_TRUE(app.ok()) << app.status();
    app_ = *std::move(app);
    client_ = std::make_unique<HttpClient>("127.0.0.1", app_->port());
  }

  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::string& body = "", const Headers& headers = {}) {
    HttpResponse r = client_->Request(method, target, body, headers);
    EXPECT_NE(r.status, 0) << "transport failure: " << r.body;
    return r;
  }

  testing::FakePartnersBackend backend_;
  std::unique_ptr<GatewayApp> app_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(GatewayHttp, GetReturnsCanonicalJson) {
  HttpResponse r = Send("GET", "/v1/partnerships/osof");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(
      r.body,
      R"({"name":"partnerships/osof","displayName":"Opleidingsschool Oostelijk Flevoland",)"
      R"("status":"ACCREDITED","sectors":["VO"],"clusters":[{"id":"north","displayName":"Noord"},)"
      R"({"id":"south","displayName":"Zuid"}],"etag":"v1"})");
  EXPECT_EQ(backend_.last().method, "GetPartnership");
  EXPECT_EQ(backend_.last().request, R"(name: "partnerships/osof")");
}

TEST_F(GatewayHttp, ListBindsQueryParameters) {
  HttpResponse r =
      Send("GET", "/v1/partnerships?pageSize=5&status=ACCREDITED&sector=po");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(backend_.last().request,
            "page_size: 5 status: ACCREDITED sector: PO");
  EXPECT_EQ(Field(Json(r.body), "nextPageToken"), "next");
}

TEST_F(GatewayHttp, CreateAnswers201WithLocation) {
  HttpResponse r = Send("POST", "/v1/partnerships?partnershipId=new-one",
                        R"({"displayName": "New", "region": "Flevoland"})");
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.header("location"), "/v1/partnerships/new-one");
  EXPECT_EQ(Field(Json(r.body), "name"), "partnerships/new-one");
  EXPECT_EQ(
      backend_.last().request,
      R"(partnership_id: "new-one" partnership { display_name: "New" region: "Flevoland" })");
}

TEST_F(GatewayHttp, UpdateTakesTheNameFromThePath) {
  HttpResponse r = Send("PATCH", "/v1/partnerships/osof?updateMask=displayName",
                        R"({"displayName": "Renamed"})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(
      backend_.last().request,
      R"(partnership { name: "partnerships/osof" display_name: "Renamed" } )"
      R"(update_mask { paths: "display_name" })");
}

TEST_F(GatewayHttp, DeleteAnswers204WithoutBody) {
  HttpResponse r = Send("DELETE", "/v1/partnerships/osof?force=true");
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(backend_.last().request,
            R"(name: "partnerships/osof" force: true)");
}

TEST_F(GatewayHttp, UnknownPathIs404Problem) {
  HttpResponse r = Send("GET", "/v1/unicorns/1");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  google::protobuf::Struct doc = Json(r.body);
  EXPECT_EQ(Field(doc, "code"), "NOT_FOUND");
  EXPECT_EQ(Field(doc, "request_id"), r.header("x-request-id"));
  EXPECT_EQ(backend_.calls(), 0);
}

TEST_F(GatewayHttp, WrongMethodIs405WithAllow) {
  HttpResponse r = Send("PUT", "/v1/partnerships/osof", "{}");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "DELETE, GET, HEAD, PATCH");
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
}

TEST_F(GatewayHttp, MalformedJsonIs400WithPosition) {
  HttpResponse r = Send("POST", "/v1/partnerships?partnershipId=x",
                        R"({"displayName": "x",})");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(Field(Json(r.body), "detail"), HasSubstr("line 1, column 21"));
  EXPECT_EQ(backend_.calls(), 0);
}

TEST_F(GatewayHttp, UnknownBodyFieldIs400NamingIt) {
  HttpResponse r = Send("POST", "/v1/partnerships?partnershipId=x",
                        R"({"displayNmae": "x"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(FirstViolationField(r), "partnership.displayNmae");
}

TEST_F(GatewayHttp, BadQueryIs400NamingTheParameter) {
  HttpResponse unknown = Send("GET", "/v1/partnerships?page_sise=5");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(FirstViolationField(unknown), "page_sise");
  HttpResponse bad_int = Send("GET", "/v1/partnerships?page_size=lots");
  EXPECT_EQ(bad_int.status, 400);
  EXPECT_EQ(FirstViolationField(bad_int), "page_size");
  HttpResponse reserved = Send("GET", "/v1/partnerships?fields=nextPageToken");
  EXPECT_EQ(reserved.status, 200);
}

TEST_F(GatewayHttp, BodyOverTheLimitIs413) {
  const std::string body(1024 * 1024 + 1, ' ');
  HttpResponse r = Send("POST", "/v1/partnerships?partnershipId=x", body);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  // Exactly the limit is fine (an all-blank body is an empty message).
  HttpResponse fits = Send("POST", "/v1/partnerships?partnershipId=x",
                           std::string(1024 * 1024, ' '));
  EXPECT_EQ(fits.status, 201) << fits.body;
}

TEST_F(GatewayHttp, ExpectContinue) {
  // Too large: refused from the Content-Length alone, before the body is sent.
  EXPECT_EQ(ExpectContinue(app_->port(), 1024 * 1024 + 1, false),
            std::vector<int>{413});
  // Within the limit: 100 Continue, then the answer.
  EXPECT_EQ(ExpectContinue(app_->port(), 16, true),
            (std::vector<int>{100, 201}));
}

TEST_F(GatewayHttp, HugeHeaderIs431) {
  Headers options;
  options = {{"X-Padding", std::string(20000, 'a')}};
  HttpResponse r = Send("GET", "/v1/partnerships/osof", "", options);
  EXPECT_EQ(r.status, 431);
}

TEST_F(GatewayHttp, KeepsTheConnectionAlive) {
  HttpResponse first = Send("GET", "/v1/partnerships/osof");
  HttpResponse second = Send("POST", "/v1/partnerships?partnershipId=k", "{}");
  HttpResponse error = Send("GET", "/v1/nothing-here");
  HttpResponse third = Send("GET", "/v1/partnerships/osof");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(error.status, 404);
  EXPECT_EQ(third.status, 200);
  EXPECT_NE(third.header("connection"), "close");
  EXPECT_EQ(client_->connections_opened(), 1);
}

TEST_F(GatewayHttp, PropagatesAndEchoesTheRequestId) {
  Headers options;
  options = {{"X-Request-Id", "req-abc.123"}};
  HttpResponse r = Send("GET", "/v1/partnerships/osof", "", options);
  EXPECT_EQ(r.header("x-request-id"), "req-abc.123");
  EXPECT_EQ(Metadata(backend_.last(), "x-request-id"), "req-abc.123");

  HttpResponse fresh = Send("GET", "/v1/partnerships/osof");
  const std::string id = fresh.header("x-request-id");
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(Metadata(backend_.last(), "x-request-id"), id);

  options = {{"X-Request-Id", "has spaces and \"quotes\""}};
  HttpResponse replaced = Send("GET", "/v1/partnerships/osof", "", options);
  EXPECT_NE(replaced.header("x-request-id"), "has spaces and \"quotes\"");
}

TEST_F(GatewayHttp, ForwardsAuthorizationAsIs) {
  Headers options;
  options = {{"Authorization", "Bearer opaque.token.value"}};
  Send("GET", "/v1/partnerships/osof", "", options);
  EXPECT_EQ(Metadata(backend_.last(), "authorization"),
            "Bearer opaque.token.value");
}

TEST_F(GatewayHttp, AppendsTheClientToXForwardedFor) {
  Send("GET", "/v1/partnerships/osof");
  EXPECT_EQ(Metadata(backend_.last(), "x-forwarded-for"), "127.0.0.1");
  Send("GET", "/v1/partnerships/osof", "",
       {{"X-Forwarded-For", "203.0.113.7"}});
  EXPECT_EQ(Metadata(backend_.last(), "x-forwarded-for"),
            "203.0.113.7, 127.0.0.1");
}

TEST_F(GatewayHttp, SetsADeadline) {
  Send("GET", "/v1/partnerships/osof");
  // gRPC's grpc-timeout encoding may round the deadline up by a little.
  const absl::Duration slack = absl::Milliseconds(200);
  testing::SeenCall call = backend_.last();
  ASSERT_TRUE(call.has_deadline);
  EXPECT_LE(call.deadline_in, absl::Seconds(30) + slack);
  EXPECT_GT(call.deadline_in, absl::Seconds(25));

  Headers options;
  options = {{"X-Request-Timeout", "2.5"}};
  Send("GET", "/v1/partnerships/osof", "", options);
  EXPECT_LE(backend_.last().deadline_in, absl::Seconds(2.5) + slack);
  EXPECT_GT(backend_.last().deadline_in, absl::Seconds(1.5));

  options = {{"X-Request-Timeout", "600"}};  // never beyond the configured 30 s
  Send("GET", "/v1/partnerships/osof", "", options);
  EXPECT_LE(backend_.last().deadline_in, absl::Seconds(30) + slack);

  options = {{"X-Request-Timeout", "soon"}};
  EXPECT_EQ(Send("GET", "/v1/partnerships/osof", "", options).status, 400);
}

TEST_F(GatewayHttp, SlowBackendIs504) {
  Headers options;
  options = {{"X-Request-Timeout", "0.2"}};
  HttpResponse r = Send("GET", "/v1/partnerships/slow", "", options);
  EXPECT_EQ(r.status, 504);
  EXPECT_EQ(Field(Json(r.body), "code"), "DEADLINE_EXCEEDED");
}

TEST_F(GatewayHttp, BackendErrorsBecomeProblems) {
  HttpResponse missing = Send("GET", "/v1/partnerships/missing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Field(Json(missing.body), "detail"),
            "partnership partnerships/missing not found");

  HttpResponse invalid = Send("GET", "/v1/partnerships/invalid");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(invalid.header("content-type"), "application/problem+json");
  google::protobuf::Struct doc = Json(invalid.body);
  EXPECT_EQ(Field(doc, "code"), "INVALID_ARGUMENT");
  EXPECT_EQ(Field(doc, "reason"), "FIELD_REQUIRED");
  EXPECT_EQ(Field(doc, "type"), "https://samen.dev/problems/invalid-argument");
  EXPECT_EQ(FirstViolationField(invalid), "partnership.display_name");
}

TEST_F(GatewayHttp, HealthAndReadiness) {
  EXPECT_EQ(Send("GET", "/healthz").status, 200);
  EXPECT_EQ(Send("GET", "/readyz").status, 200);
  backend_.SetServing(false);
  HttpResponse not_ready = Send("GET", "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_THAT(Field(Json(not_ready.body), "detail"),
              HasSubstr("samen.partners.v1.PartnersService"));
  backend_.SetServing(true);
  EXPECT_EQ(Send("GET", "/readyz").status, 200);
}

TEST_F(GatewayHttp, EveryAnswerIsDatedAndRetryableOnesSayWhen) {
  for (const std::string path : {"/v1/partnerships/osof", "/nowhere"}) {
    HttpResponse r = Send("GET", path);
    absl::Time date;
    std::string error;
    ASSERT_TRUE(absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", r.header("date"),
                                absl::UTCTimeZone(), &date, &error))
        << path << ": " << r.header("date") << " " << error;
    EXPECT_LT(absl::AbsDuration(absl::Now() - date), absl::Minutes(1));
  }
  // A service's own estimate (google.rpc.RetryInfo), rounded up.
  HttpResponse busy = Send("GET", "/v1/partnerships/busy");
  EXPECT_EQ(busy.status, 429);
  EXPECT_EQ(busy.header("retry-after"), "7");
  backend_.SetServing(false);
  HttpResponse not_ready = Send("GET", "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_EQ(not_ready.header("retry-after"), "1");
}

TEST_F(GatewayHttp, HeadIsGetWithoutTheBody) {
  HttpResponse get = Send("GET", "/v1/partnerships/osof");
  HttpResponse head = Send("HEAD", "/v1/partnerships/osof");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("content-length"), std::to_string(get.body.size()));
  EXPECT_EQ(head.header("etag"), get.header("etag"));
  EXPECT_EQ(Send("HEAD", "/healthz").status, 200);
  EXPECT_EQ(Send("HEAD", "/openapi.json").status, 200);
  // The connection stays usable after a body-less answer.
  EXPECT_EQ(Send("GET", "/v1/partnerships/osof").body, get.body);
  // Where GET is allowed, HEAD is too.
  HttpResponse refused = Send("PUT", "/v1/partnerships/osof");
  EXPECT_EQ(refused.status, 405);
  EXPECT_THAT(refused.header("allow"), HasSubstr("HEAD"));
}

TEST_F(GatewayHttp, EveryGetHasAValidatorAndACachePolicy) {
  // A resource: its own etag. A list (no etag field): one from the body.
  for (const std::string path :
       {"/v1/partnerships/osof", "/v1/partnerships?page_size=2"}) {
    HttpResponse first = Send("GET", path);
    ASSERT_EQ(first.status, 200) << path;
    const std::string etag = first.header("etag");
    EXPECT_THAT(etag, ::testing::StartsWith("\"")) << path;
    EXPECT_EQ(first.header("cache-control"), "private, no-cache") << path;
    HttpResponse again = Send("GET", path, "", {{"If-None-Match", etag}});
    EXPECT_EQ(again.status, 304) << path;
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(again.header("etag"), etag);
    EXPECT_EQ(again.header("cache-control"), "private, no-cache");
    HttpResponse changed =
        Send("GET", path, "", {{"If-None-Match", "\"something-else\""}});
    EXPECT_EQ(changed.status, 200) << path;
  }
}

TEST_F(GatewayHttp, OpenApiDocumentIsCompressed) {
  HttpResponse plain = Send("GET", "/openapi.json");
  HttpResponse gzipped =
      Send("GET", "/openapi.json", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gzipped.status, 200);
  EXPECT_EQ(gzipped.header("content-encoding"), "gzip");
  EXPECT_LT(gzipped.body.size() * 4, plain.body.size());
}

TEST_F(GatewayHttp, FinishesInFlightRequestsOnShutdown) {
  std::thread slow([&] {
    HttpClient other("127.0.0.1", app_->port());
    HttpResponse r = other.Get("/v1/partnerships/slow");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("connection"), "close");
  });
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (backend_.calls() == 0 && absl::Now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(backend_.calls(), 1);
  Send("GET", "/healthz");  // leaves an idle keep-alive connection open
  app_->Shutdown();
  // Returns only after the slow answer went out and idle connections closed.
  app_->Wait();
  slow.join();
  HttpClient late("127.0.0.1", app_->port());
  EXPECT_EQ(late.Get("/healthz").status, 0);
}

TEST(GatewayHttpUnavailable, DeadBackendIs503) {
  Options options;
  options.http.listen = "127.0.0.1:0";
  options.backends.default_target = "127.0.0.1:1";
  absl::StatusOr<std::unique_ptr<GatewayApp>> app = GatewayApp::Start(options);
  ASSERT_TRUE(app.ok()) << app.status();
  HttpClient client("127.0.0.1", (*app)->port());
  HttpResponse r = client.Get("/v1/partnerships/osof");
  EXPECT_EQ(r.status, 503);
  // No internal addresses in what clients see.
  EXPECT_THAT(r.body, ::testing::Not(HasSubstr("127.0.0.1")));
  EXPECT_EQ(client.Get("/readyz").status, 503);
}

TEST_F(GatewayHttp, RefusesConnectionsBeyondTheLimit) {
  app_.reset();
  Options options;
  options.http.max_connections = 1;
  Start(options);
  HttpResponse first = Send("GET", "/healthz");  // holds the one connection
  EXPECT_EQ(first.status, 200);
  HttpClient second("127.0.0.1", app_->port());
  HttpResponse r = second.Get("/healthz");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.header("connection"), "close");
}

class GatewayHttpWithAuth : public GatewayHttp {
 protected:
  void SetUp() override {
    Options options;
    auth::VerifierOptions verifier;
    verifier.hs256_secret = kSecret;
    options.auth = verifier;
    Start(options);
  }

  std::string Token(const std::string& secret) {
    auth::Principal principal;
    principal.subject = "p-1";
    principal.grants = {{"coordinator", "partnerships/osof"}};
    auth::MintOptions mint;
    mint.secret = secret;
    absl::StatusOr<std::string> token = auth::MintHs256Token(principal, mint);
    EXPECT_TRUE(token.ok()) << token.status();
    return token.ok() ? *token : "";
  }
};

TEST_F(GatewayHttpWithAuth, MissingTokenIs401) {
  HttpResponse r = Send("GET", "/v1/partnerships/osof");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("www-authenticate"), "Bearer");
  EXPECT_EQ(Field(Json(r.body), "code"), "UNAUTHENTICATED");
  EXPECT_EQ(backend_.calls(), 0);
}

TEST_F(GatewayHttpWithAuth, ForgedTokenIs401InvalidToken) {
  Headers options;
  options = {{"Authorization",
              "Bearer " + Token("some-other-secret-of-enough-length")}};
  HttpResponse r = Send("GET", "/v1/partnerships/osof", "", options);
  EXPECT_EQ(r.status, 401);
  EXPECT_THAT(r.header("www-authenticate"),
              HasSubstr("Bearer error=\"invalid_token\""));
  EXPECT_THAT(r.header("www-authenticate"), HasSubstr("error_description="));
  EXPECT_EQ(backend_.calls(), 0);

  options = {{"Authorization", "Basic dXNlcjpwYXNz"}};
  EXPECT_EQ(Send("GET", "/v1/partnerships/osof", "", options).status, 401);
}

TEST_F(GatewayHttpWithAuth, ValidTokenPassesAndIsForwarded) {
  const std::string header = "Bearer " + Token(kSecret);
  Headers options;
  options = {{"Authorization", header}};
  HttpResponse r = Send("GET", "/v1/partnerships/osof", "", options);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Metadata(backend_.last(), "authorization"), header);
  EXPECT_EQ(Send("GET", "/healthz").status, 200);  // probes need no token
}

}  // namespace
}  // namespace samen::gateway
