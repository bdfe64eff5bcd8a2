#pragma once

// Runs requests through a FilterChain of a few filters, against the routes of
// the test service, without sockets or backends: what the unit tests of the
// filters under tests/unit/gateway/<folder>/ share.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gateway/filter_chain.h"
#include "gateway/route_table.h"
#include "gateway/transcoder.h"
#include "gateway_test.pb.h"
#include "gtest/gtest.h"

namespace samen::gateway::testing {

inline constexpr char kTestService[] = "samen.gateway.testing.TestService";
inline constexpr char kStreamService[] = "samen.gateway.testing.StreamService";

// What became of one request.
struct Outcome {
  // Set when a filter answered (before or after the message was built).
  std::optional<Reply> answer;
  // The reply the backend stand-in gave, after the way out; set otherwise.
  std::optional<Reply> reply;
  std::shared_ptr<Exchange> exchange;
  std::unique_ptr<google::protobuf::Message> message;
};

class FilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Everything linked;  // links the test descriptors in
    absl::StatusOr<RouteTable> routes =
        RouteTable::Build({kTestService, kStreamService});
    ASSERT_TRUE(routes.ok()) << routes.status();
    routes_ = std::make_unique<RouteTable>(*std::move(routes));
  }

  // A request for `method` and `target`, with `headers`, its route found.
  std::shared_ptr<Exchange> NewExchange(
      boost::beast::http::verb method, const std::string& target,
      const std::vector<std::pair<std::string, std::string>>& headers = {},
      const std::string& body = "", const std::string& address = "10.0.0.1") {
    HttpRequest request(method, target, 11);
    for (const auto& [name, value] : headers) {
      request.set(name, value);
    }
    request.body() = body;
    auto exchange = std::make_shared<Exchange>(
        std::move(request), RequestContext{"req-1", address});
    exchange->match = routes_->Find(exchange->method, exchange->path);
    return exchange;
  }

  // Runs the chain; a request that no filter answers is built (when it has a
  // route) and gets `backend` (200 "ok" by default) through the way out.
  Outcome Run(const FilterChain& chain, std::shared_ptr<Exchange> exchange,
              std::optional<Reply> backend = std::nullopt) {
    Outcome outcome;
    outcome.exchange = exchange;
    std::optional<Reply> sent;
    auto pass = chain.Start(exchange, [&](Reply r) { sent = std::move(r); });
    if (pass == nullptr) {
      outcome.answer = std::move(sent);
      return outcome;
    }
    if (const Route* route = exchange->route()) {
      outcome.message = NewRequestMessage(*route);
      absl::Status built =
          BuildRequest(*route, exchange->match.bindings, exchange->query,
                       exchange->request.body(), outcome.message.get());
      EXPECT_TRUE(built.ok()) << built;
      if (!pass->OnMessage(*outcome.message)) {
        outcome.answer = std::move(sent);
        return outcome;
      }
    }
    pass->Respond(backend.has_value()
                      ? *std::move(backend)
                      : Reply(MakeResponse(200, "text/plain", "ok"), ""));
    outcome.reply = std::move(sent);
    return outcome;
  }

  std::unique_ptr<RouteTable> routes_;
};

inline bool HasHeader(const Reply& reply, absl::string_view name) {
  return reply.response.find(boost::beast::string_view(
             name.data(), name.size())) != reply.response.end();
}

}  // namespace samen::gateway::testing
