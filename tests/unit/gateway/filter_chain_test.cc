#include "gateway/filter_chain.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "google/protobuf/empty.pb.h"
#include "gtest/gtest.h"

namespace samen::gateway {
namespace {

// Records what every filter instance sees; `answer_at` makes one answer.
struct Log {
  std::vector<std::string> events;
  int created = 0;
};

class Recording : public Filter {
 public:
  Recording(std::string name, Log* log, std::string answer_at)
      : name_(std::move(name)), log_(log), answer_at_(std::move(answer_at)) {}

  std::optional<Reply> OnRequest(Exchange& exchange) override {
    log_->events.push_back(name_ + ".request");
    return Answer("request");
  }
  std::optional<Reply> OnMessage(Exchange& exchange,
                                 google::protobuf::Message& message) override {
    log_->events.push_back(name_ + ".message");
    return Answer("message");
  }
  void OnReply(const Exchange& exchange, Reply& reply) override {
    log_->events.push_back(name_ + ".reply");
    // Each filter leaves its mark on the way out, in the order it runs.
    reply.response.body() += name_;
  }

 private:
  std::optional<Reply> Answer(const std::string& stage) {
    if (answer_at_ != stage) {
      return std::nullopt;
    }
    return Reply(MakeResponse(429, "text/plain", "by " + name_ + ":"), "");
  }

  const std::string name_;
  Log* const log_;
  const std::string answer_at_;
};

FilterFactory Factory(const std::string& name, Log* log,
                      const std::string& answer_at = "") {
  return [name, log, answer_at] {
    ++log->created;
    return std::make_unique<Recording>(name, log, answer_at);
  };
}

std::shared_ptr<Exchange> NewExchange() {
  HttpRequest request(boost::beast::http::verb::get, "/v1/things?x=1", 11);
  return std::make_shared<Exchange>(std::move(request),
                                    RequestContext{"req-1", "10.0.0.1"});
}

TEST(FilterChain, RunsRequestsInOrderAndRepliesInReverse) {
  Log log;
  FilterChain chain(
      {Factory("a", &log), Factory("b", &log), Factory("c", &log)});
  std::optional<Reply> sent;
  auto pass = chain.Start(NewExchange(), [&](Reply r) { sent = std::move(r); });
  ASSERT_NE(pass, nullptr);
  EXPECT_FALSE(sent.has_value());
  google::protobuf::Empty message;
  EXPECT_TRUE(pass->OnMessage(message));
  pass->Respond(Reply(MakeResponse(200, "text/plain", "backend:"), "/v1"));
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->response.result_int(), 200);
  EXPECT_EQ(sent->response.body(), "backend:cba");
  EXPECT_EQ(log.events,
            (std::vector<std::string>{"a.request", "b.request", "c.request",
                                      "a.message", "b.message", "c.message",
                                      "c.reply", "b.reply", "a.reply"}));
}

TEST(FilterChain, AnAnswerSkipsTheLaterFiltersAndGoesBackThroughTheEarlier) {
  Log log;
  FilterChain chain(
      {Factory("a", &log), Factory("b", &log, "request"), Factory("c", &log)});
  std::optional<Reply> sent;
  auto pass = chain.Start(NewExchange(), [&](Reply r) { sent = std::move(r); });
  EXPECT_EQ(pass, nullptr);
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->response.result_int(), 429);
  // The answering filter sees its own reply; c never saw the request.
  EXPECT_EQ(sent->response.body(), "by b:ba");
  EXPECT_EQ(log.events, (std::vector<std::string>{"a.request", "b.request",
                                                  "b.reply", "a.reply"}));
}

TEST(FilterChain, AnAnswerToTheMessageGoesBackThroughEveryFilter) {
  Log log;
  FilterChain chain(
      {Factory("a", &log), Factory("b", &log, "message"), Factory("c", &log)});
  std::optional<Reply> sent;
  auto pass = chain.Start(NewExchange(), [&](Reply r) { sent = std::move(r); });
  ASSERT_NE(pass, nullptr);
  google::protobuf::Empty message;
  EXPECT_FALSE(pass->OnMessage(message));
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->response.body(), "by b:cba");
  EXPECT_EQ(log.events, (std::vector<std::string>{
                            "a.request", "b.request", "c.request", "a.message",
                            "b.message", "c.reply", "b.reply", "a.reply"}));
}

TEST(FilterChain, EveryRequestGetsFreshFilters) {
  Log log;
  FilterChain chain({Factory("a", &log), Factory("b", &log)});
  for (int i = 0; i < 3; ++i) {
    auto pass = chain.Start(NewExchange(), [](Reply) {});
    ASSERT_NE(pass, nullptr);
    pass->Respond(Reply(MakeResponse(204, "", ""), ""));
  }
  EXPECT_EQ(log.created, 6);
}

TEST(FilterChain, AResponderKeepsThePassAliveUntilTheReply) {
  Log log;
  FilterChain chain({Factory("a", &log)});
  std::optional<Reply> sent;
  Responder later;
  {
    auto pass =
        chain.Start(NewExchange(), [&](Reply r) { sent = std::move(r); });
    ASSERT_NE(pass, nullptr);
    later = FilterChain::Pass::ResponderFor(std::move(pass));
  }
  later(Reply(MakeResponse(200, "text/plain", "late:"), ""));
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->response.body(), "late:a");
}

TEST(Exchange, SplitsTheTargetAndReadsHeaders) {
  HttpRequest request(boost::beast::http::verb::get, "/v1/a/b?fields=name", 11);
  request.set("X-Forwarded-For", "1.2.3.4");
  Exchange exchange(std::move(request), RequestContext{"id", ""});
  EXPECT_EQ(exchange.method, "GET");
  EXPECT_EQ(exchange.path, "/v1/a/b");
  EXPECT_EQ(exchange.query, "fields=name");
  EXPECT_TRUE(exchange.success.is_get);
  EXPECT_EQ(exchange.Header("x-forwarded-for"), "1.2.3.4");
  EXPECT_EQ(exchange.Header(boost::beast::http::field::origin), "");
  EXPECT_EQ(exchange.route_name(), "");
}

}  // namespace
}  // namespace samen::gateway
