// Server streams as Server-Sent Events, HttpBody responses, /metrics and the
// readiness rule, over real sockets.

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "boost/asio/connect.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/read.hpp"
#include "boost/asio/read_until.hpp"
#include "boost/asio/streambuf.hpp"
#include "boost/asio/write.hpp"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/gateway/edge_http_fixture.h"

namespace samen::gateway::testing {
namespace {

using ::samen::testing::HttpResponse;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The events of an event-stream body: each is its lines.
std::vector<std::vector<std::string>> Events(const std::string& body) {
  std::vector<std::vector<std::string>> events;
  for (absl::string_view block :
       absl::StrSplit(body, "\n\n", absl::SkipEmpty())) {
    events.push_back(absl::StrSplit(block, '\n'));
  }
  return events;
}

bool WaitFor(const std::function<bool()>& condition) {
  const auto until =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > until) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

TEST_F(EdgeHttpTest, ServerStreamIsServedAsServerSentEvents) {
  HttpResponse r =
      Send("GET", "/v1/things:watch?i32=3&score=1.5&fields=name,score");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "text/event-stream");
  EXPECT_EQ(r.header("cache-control"), "no-cache");
  EXPECT_EQ(r.header("transfer-encoding"), "chunked");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_THAT(
      Events(r.body),
      ElementsAre(ElementsAre(R"(data: {"name":"things/0","score":1.5})"),
                  ElementsAre(R"(data: {"name":"things/1","score":1.5})"),
                  ElementsAre(R"(data: {"name":"things/2","score":1.5})")));
  // The client reconnects after the stream and keeps working.
  EXPECT_EQ(Send("GET", "/healthz").status, 200);
}

TEST_F(EdgeHttpTest, HeadOfAStreamOpensNoStream) {
  HttpResponse r = Send("HEAD", "/v1/things:watch?i32=3");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/event-stream");
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(streams_.open_streams(), 0);
  EXPECT_EQ(Send("GET", "/healthz").status, 200);
}

TEST_F(EdgeHttpTest, FailureAfterTheFirstMessageIsAFinalErrorEvent) {
  HttpResponse r = Send("GET", "/v1/things:watch?i32=2&flag=true");
  EXPECT_EQ(r.status, 200);
  auto events = Events(r.body);
  ASSERT_EQ(events.size(), 3u) << r.body;
  ASSERT_EQ(events[2].size(), 2u);
  EXPECT_EQ(events[2][0], "event: error");
  const std::string problem = events[2][1].substr(std::string("data: ").size());
  EXPECT_EQ(Field(problem, "code"), "NOT_FOUND");
  EXPECT_EQ(Field(problem, "detail"), "thing went away");
  EXPECT_EQ(Field(problem, "request_id"), r.header("x-request-id"));
}

TEST_F(EdgeHttpTest, FailureBeforeAnyMessageIsAnOrdinaryProblem) {
  HttpResponse r = Send("GET", "/v1/things:watch?i32=0&flag=true");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  HttpResponse empty = Send("GET", "/v1/things:watch?i32=0");
  EXPECT_EQ(empty.status, 200);
  EXPECT_EQ(empty.header("content-type"), "text/event-stream");
  EXPECT_EQ(empty.body, "");
  EXPECT_EQ(Send("GET", "/v1/things:watch?fields=nope").status, 400);
}

TEST_F(EdgeHttpTest, ClientThatGoesAwayCancelsTheBackendStream) {
  namespace net = boost::asio;
  net::io_context ioc;
  net::ip::tcp::socket socket(ioc);
  socket.connect({net::ip::make_address("127.0.0.1"),
                  static_cast<unsigned short>(app_->port())});
  // 1000 messages, 50 ms apart: far longer than the test.
  net::write(socket, net::buffer(std::string(
                         "GET /v1/things:watch?i32=1000&i64=50 HTTP/1.1\r\n"
                         "Host: localhost\r\n\r\n")));
  net::streambuf buffer;
  net::read_until(socket, buffer, "data: ");
  EXPECT_EQ(streams_.open_streams(), 1);
  socket.close();
  EXPECT_TRUE(WaitFor([&] { return streams_.cancelled_streams() == 1; }));
  EXPECT_TRUE(WaitFor([&] { return streams_.open_streams() == 0; }));
}

TEST_F(EdgeHttpTest, ShutdownEndsOpenStreams) {
  std::thread watcher([&] {
    samen::testing::HttpClient other("127.0.0.1", app_->port());
    HttpResponse r = other.Get("/v1/things:watch?i32=1000&i64=20");
    EXPECT_EQ(r.status, 200);
    auto events = Events(r.body);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back()[0], "event: error") << r.body;
  });
  ASSERT_TRUE(WaitFor([&] { return streams_.open_streams() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  app_->Shutdown();
  app_->Wait();
  watcher.join();
  EXPECT_TRUE(WaitFor([&] { return streams_.open_streams() == 0; }));
}

TEST_F(EdgeHttpTest, HttpBodyIsSentAsIs) {
  HttpResponse r = Send("GET", "/v1/things:export?name=things/x&i32=4");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r.body, "name,count\nthings/x,4\n");
}

TEST_F(EdgeHttpTest, MetricsCountRequestsErrorsAndConnections) {
  Send("GET", "/v1/partnerships/osof");
  Send("GET", "/v1/partnerships/osof");
  Send("GET", "/v1/partnerships/missing");
  Send("GET", "/v1/nowhere");
  HttpResponse r = Send("GET", "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.header("content-type"), HasSubstr("text/plain; version=0.0.4"));
  const std::string route =
      "route=\"/v1/{name=partnerships/*}\",method=\"GET\"";
  EXPECT_THAT(r.body, HasSubstr("samen_gateway_http_requests_total{" + route +
                                ",status=\"200\"} 2\n"));
  EXPECT_THAT(r.body, HasSubstr("samen_gateway_http_requests_total{" + route +
                                ",status=\"404\"} 1\n"));
  EXPECT_THAT(r.body, HasSubstr("samen_gateway_http_requests_total{route=\"\","
                                "method=\"GET\",status=\"404\"} 1\n"));
  EXPECT_THAT(r.body,
              HasSubstr("samen_gateway_http_request_duration_seconds_count{" +
                        route + "} 3\n"));
  EXPECT_THAT(
      r.body,
      HasSubstr("samen_gateway_backend_errors_total{code=\"NOT_FOUND\"} 1\n"));
  // This very request is in flight; this client's connection is open.
  EXPECT_THAT(r.body, HasSubstr("samen_gateway_http_requests_in_flight 1\n"));
  EXPECT_THAT(r.body, HasSubstr("samen_gateway_open_connections 1\n"));
}

TEST_F(EdgeHttpTest, ServicesWithoutABackendAreNotServedNorAwaited) {
  Options options = BaseOptions();
  options.backends.default_target = "";
  options.backends.per_service.clear();
  options.backends.per_service[kPartners] = backend_.address();
  Start(options);
  EXPECT_EQ(Send("GET", "/readyz").status, 200);
  HttpResponse r = Send("GET", "/v1/things:watch?i32=1");
  EXPECT_EQ(r.status, 501);
  EXPECT_THAT(Field(r.body, "detail"), HasSubstr(kStream));
  // With a default target, every service counts.
  options.backends.default_target = "127.0.0.1:1";
  Start(options);
  HttpResponse not_ready = Send("GET", "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_THAT(Field(not_ready.body, "detail"), HasSubstr(kStream));
}

}  // namespace
}  // namespace samen::gateway::testing
