// Webhooks end to end: samen-gateway in front of samen-server replicas over the
// test MariaDB, vacancies changed over HTTP, and a real HTTP receiver started
// by the test that verifies every Standard Webhooks signature on its own and
// answers scripted statuses. Also: killing the server between a change and its
// delivery, JSON-LD and the expired sync token over HTTP.

#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/e2e/vacancies/webhook_receiver.h"
#include "tests/support/http_client.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen {
namespace {

using testing::Bearer;
using ::testing::HasSubstr;
using testing::HttpClient;
using testing::HttpResponse;
using ::testing::Not;
using testing::WebhookReceiver;

google::protobuf::Struct Json(const std::string& body) {
  google::protobuf::Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(body, &s).ok())
      << body;
  return s;
}

std::string Str(const google::protobuf::Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? "" : it->second.string_value();
}

std::string Integration() {
  return testing::MintTestToken("vacature-site", "integration");
}
std::string HrAlmere() {
  return testing::MintTestToken("hr-almere",
                                "hr@organisations/almere-college-dronten");
}

class WebhooksTestBase : public ::testing::Test {
 protected:
  static void Start(int replicas, std::vector<std::string> extra) {
    testing::StackOptions options;
    options.server_replicas = replicas;
    options.extra_server_args = std::move(extra);
    stack_ = new testing::Stack(options);
  }
  static void Stop() {
    delete stack_;
    stack_ = nullptr;
  }
  void SetUp() override {
    http_ = std::make_unique<HttpClient>("127.0.0.1", stack_->gateway_port());
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& token, const std::string& body = "") {
    return http_->Request(method, target, body, Bearer(token));
  }

  // Registers an endpoint; returns {name, secret}.
  std::pair<std::string, std::string> Register(
      const std::string& url, const std::string& event_types_json = "[]") {
    HttpResponse r =
        Call("POST", "/v1/webhookEndpoints", Integration(),
             absl::StrCat(R"({"url":")", url, R"(","eventTypes":)",
                          event_types_json, R"(,"description":"e2e"})"));
    EXPECT_EQ(r.status, 201) << r.body;
    auto doc = Json(r.body);
    EXPECT_THAT(Str(doc, "secret"), ::testing::StartsWith("whsec_"));
    return {Str(doc, "name"), Str(doc, "secret")};
  }

  // Drafts and publishes a vacancy at Almere College Dronten; returns its name.
  std::string Publish(const std::string& id) { return PublishWith(*http_, id); }
  static std::string PublishWith(HttpClient& http, const std::string& id) {
    const std::string body =
        R"({"title":"Docent natuurkunde","subjects":["physics"],
        "degree":"FIRST_DEGREE","fte":0.8,"closingDate":"2099-12-31",
        "description":"Lesgeven in Dronten.","howToApply":"Mail ons."})";
    HttpResponse r = http.Request(
        "POST",
        absl::StrCat(
            "/v1/organisations/almere-college-dronten/vacancies?vacancy_id=",
            id),
        body, Bearer(HrAlmere()));
    EXPECT_EQ(r.status, 201) << r.body;
    const std::string name = Str(Json(r.body), "name");
    r = http.Request("POST", absl::StrCat("/v1/", name, ":publish"), "{}",
                     Bearer(HrAlmere()));
    EXPECT_EQ(r.status, 200) << r.body;
    return name;
  }

  std::vector<google::protobuf::Value> Attempts(const std::string& endpoint) {
    HttpResponse r = Call(
        "GET", absl::StrCat("/v1/", endpoint, "/deliveryAttempts?page_size=50"),
        Integration());
    EXPECT_EQ(r.status, 200) << r.body;
    auto doc = Json(r.body);
    std::vector<google::protobuf::Value> out;
    auto it = doc.fields().find("deliveryAttempts");
    if (it != doc.fields().end()) {
      for (const auto& v : it->second.list_value().values()) {
        out.push_back(v);
      }
    }
    return out;
  }

  static testing::Stack* stack_;
  std::unique_ptr<HttpClient> http_;
};

testing::Stack* WebhooksTestBase::stack_ = nullptr;

class WebhooksHttpTest : public WebhooksTestBase {
 protected:
  static void SetUpTestSuite() {
    receiver_ = new WebhookReceiver();
    Start(2, {"--webhooks_allow_private",
              "--webhook_retry_schedule=300ms,300ms,300ms,300ms",
              "--webhook_poll_interval=100ms", "--webhook_timeout=3s",
              "--webhook_secret_key=e2e-webhook-secret-key",
              "--vacancy_maintenance_interval=200ms"});
  }
  static void TearDownTestSuite() {
    Stop();
    delete receiver_;
    receiver_ = nullptr;
  }
  static WebhookReceiver* receiver_;
};

WebhookReceiver* WebhooksHttpTest::receiver_ = nullptr;

TEST_F(WebhooksHttpTest,
       RetriedDeliveryArrivesSignedAndAGoneEndpointIsDisabled) {
  auto [retrying, retrying_secret] =
      Register(receiver_->Url("/retrying"), R"(["vacancy.published"])");
  auto [gone, gone_secret] = Register(receiver_->Url("/gone"));
  receiver_->SetSecret("/retrying", retrying_secret);
  receiver_->SetSecret("/gone", gone_secret);
  receiver_->Script("/retrying", {500, 500}, 200);
  receiver_->Script("/gone", {}, 410);

  const absl::Time before = absl::Now();
  const std::string vacancy = Publish("webhook-retried");

  ASSERT_TRUE(receiver_->WaitFor("/retrying", 3, absl::Seconds(20)));
  ASSERT_TRUE(receiver_->WaitFor("/gone", 1, absl::Seconds(20)));
  absl::SleepFor(absl::Seconds(1));  // nothing more may come
  auto got = receiver_->Received("/retrying");
  ASSERT_EQ(got.size(), 3u);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_TRUE(got[i].signature_valid) << got[i].signature;
    EXPECT_EQ(got[i].id, got[0].id)
        << "every attempt carries the same webhook-id";
    EXPECT_THAT(got[i].id, ::testing::StartsWith("msg_"));
    int64_t ts = 0;
    ASSERT_TRUE(absl::SimpleAtoi(got[i].timestamp, &ts));
    EXPECT_NEAR(static_cast<double>(ts), absl::ToUnixSeconds(absl::Now()), 60);
    EXPECT_EQ(got[i].answered, i < 2 ? 500 : 200);
  }
  // Retries wait for the schedule.
  EXPECT_GE(got[1].received - got[0].received, absl::Milliseconds(200));
  auto payload = Json(got[0].body);
  EXPECT_EQ(Str(payload, "type"), "vacancy.published");
  EXPECT_EQ(Str(payload.fields().at("data").struct_value(), "name"), vacancy);
  EXPECT_FALSE(Str(payload, "timestamp").empty());
  EXPECT_GE(got[0].received, before);

  // 410: delivered once, then the endpoint is disabled.
  auto gone_got = receiver_->Received("/gone");
  ASSERT_EQ(gone_got.size(), 1u);
  EXPECT_TRUE(gone_got[0].signature_valid);
  HttpResponse r = Call("GET", absl::StrCat("/v1/", gone), Integration());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(Json(r.body), "state"), "DISABLED");
  EXPECT_THAT(Str(Json(r.body), "disabledReason"), HasSubstr("410"));

  // The next change reaches the retrying endpoint (published only) but not the
  // disabled one; an update is not a published event.
  const std::string second = Publish("webhook-second");
  ASSERT_TRUE(receiver_->WaitFor("/retrying", 4, absl::Seconds(20)));
  r = Call("PATCH", absl::StrCat("/v1/", second), HrAlmere(),
           R"({"title":"Docent NLT"})");
  ASSERT_EQ(r.status, 200) << r.body;
  absl::SleepFor(absl::Seconds(1));
  EXPECT_EQ(receiver_->Received("/retrying").size(), 4u);
  EXPECT_EQ(receiver_->Received("/gone").size(), 1u);
  EXPECT_EQ(receiver_->ConcurrentDuplicates(), 0);
}

TEST_F(WebhooksHttpTest, DeliveryLogSecretShownOnceAndRotation) {
  auto [endpoint, secret] = Register(receiver_->Url("/logged"));
  receiver_->SetSecret("/logged", secret);
  receiver_->Script("/logged", {503}, 200);
  Publish("webhook-logged");
  ASSERT_TRUE(receiver_->WaitFor("/logged", 2, absl::Seconds(20)));

  std::vector<google::protobuf::Value> attempts;
  for (int i = 0; i < 50 && attempts.size() < 2; ++i) {
    absl::SleepFor(absl::Milliseconds(100));
    attempts = Attempts(endpoint);
  }
  ASSERT_EQ(attempts.size(), 2u);
  const auto& newest = attempts[0].struct_value().fields();
  const auto& oldest = attempts[1].struct_value().fields();
  EXPECT_EQ(newest.at("outcome").string_value(), "SUCCEEDED");
  EXPECT_EQ(newest.at("httpStatus").number_value(), 200);
  EXPECT_EQ(newest.at("attempt").number_value(), 2);
  EXPECT_EQ(oldest.at("outcome").string_value(), "FAILED");
  EXPECT_EQ(oldest.at("httpStatus").number_value(), 503);
  EXPECT_TRUE(oldest.contains("nextAttemptTime"));
  EXPECT_EQ(newest.at("eventId").string_value(),
            oldest.at("eventId").string_value());
  EXPECT_EQ(newest.at("eventType").string_value(), "vacancy.published");

  // The secret is never shown again; others see nothing of the endpoint.
  HttpResponse r = Call("GET", absl::StrCat("/v1/", endpoint), Integration());
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(Json(r.body).fields().contains("secret"));
  EXPECT_EQ(Call("GET", absl::StrCat("/v1/", endpoint),
                 testing::MintTestToken("other-site", "integration"))
                .status,
            404);
  EXPECT_EQ(Call("GET", absl::StrCat("/v1/", endpoint, "/deliveryAttempts"),
                 testing::MintTestToken("other-site", "integration"))
                .status,
            404);
  EXPECT_EQ(Call("GET", "/v1/webhookEndpoints", HrAlmere()).status, 403);

  // Rotation: the new secret signs what follows.
  r = Call("POST", absl::StrCat("/v1/", endpoint, ":rotateSecret"),
           Integration(), "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string rotated = Str(Json(r.body), "secret");
  ASSERT_THAT(rotated, ::testing::StartsWith("whsec_"));
  ASSERT_NE(rotated, secret);
  receiver_->SetSecret("/logged", rotated);
  Publish("webhook-rotated");
  ASSERT_TRUE(receiver_->WaitFor("/logged", 3, absl::Seconds(20)));
  EXPECT_TRUE(receiver_->Received("/logged")[2].signature_valid);
}

TEST_F(WebhooksHttpTest, JobPostingIsServedAsJsonLd) {
  const std::string vacancy = Publish("webhook-jsonld");
  HttpResponse r =
      Call("GET", absl::StrCat("/v1/", vacancy, ":jobPosting"), HrAlmere());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.header("content-type"), HasSubstr("application/ld+json"));
  auto doc = Json(r.body);
  EXPECT_EQ(Str(doc, "@type"), "JobPosting");
  EXPECT_EQ(Str(doc, "title"), "Docent natuurkunde");
  // The demo school's visiting address, website and logo
  // (db/demo/partners.sql), copied from the directory when the vacancy was
  // written.
  const auto& address = doc.fields()
                            .at("jobLocation")
                            .struct_value()
                            .fields()
                            .at("address")
                            .struct_value();
  EXPECT_EQ(Str(address, "streetAddress"), "Leerpad 12");
  EXPECT_EQ(Str(address, "postalCode"), "8251 DL");
  EXPECT_EQ(Str(address, "addressCountry"), "NL");
  const auto& org = doc.fields().at("hiringOrganization").struct_value();
  EXPECT_EQ(Str(org, "sameAs"), "https://www.almerecollege.example");
  EXPECT_EQ(Str(org, "logo"), "https://www.almerecollege.example/logo.png");
  // No salary scale given: no salary said.
  EXPECT_FALSE(doc.fields().contains("baseSalary"));
}

// Vacancy sites and search engines read published vacancies without a token
// (samen.api.anonymous_access); drafts stay hidden, and a token that is sent
// is still checked.
TEST_F(WebhooksHttpTest, PublishedVacanciesNeedNoToken) {
  const std::string vacancy = Publish("webhook-public");
  HttpResponse r = http_->Get(absl::StrCat("/v1/", vacancy));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(Json(r.body), "title"), "Docent natuurkunde");
  r = http_->Get("/v1/organisations/-/vacancies?page_size=100");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, ::testing::HasSubstr(vacancy));
  r = http_->Get(absl::StrCat("/v1/", vacancy, ":jobPosting"));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Str(Json(r.body), "@type"), "JobPosting");
  // Public answers may be cached briefly by anyone, with a validator that
  // turns a repeat into 304 (the JSON-LD too, from its body); the same
  // resource read with a token is the caller's own.
  EXPECT_EQ(r.header("cache-control"), "public, max-age=60");
  const std::string etag = r.header("etag");
  ASSERT_FALSE(etag.empty());
  HttpResponse repeat =
      http_->Request("GET", absl::StrCat("/v1/", vacancy, ":jobPosting"), "",
                     {{"If-None-Match", etag}});
  EXPECT_EQ(repeat.status, 304)
      << etag << " / " << repeat.header("etag") << " / "
      << repeat.header("cache-control") << " / " << repeat.body.size();
  EXPECT_EQ(http_->Get("/v1/organisations/-/vacancies").header("cache-control"),
            "public, max-age=60");
  EXPECT_EQ(Call("GET", absl::StrCat("/v1/", vacancy), HrAlmere())
                .header("cache-control"),
            "private, no-cache");

  HttpResponse draft =
      Call("POST",
           "/v1/organisations/almere-college-dronten/vacancies?vacancy_id="
           "webhook-draft",
           HrAlmere(),
           R"({"title":"Docent wiskunde","subjects":["mathematics"],
          "degree":"FIRST_DEGREE","fte":0.6,"closingDate":"2099-12-31"})");
  ASSERT_EQ(draft.status, 201) << draft.body;
  const std::string draft_name = Str(Json(draft.body), "name");
  EXPECT_EQ(http_->Get(absl::StrCat("/v1/", draft_name)).status, 404);
  EXPECT_THAT(http_->Get("/v1/organisations/-/vacancies?page_size=100").body,
              ::testing::Not(::testing::HasSubstr(draft_name)));

  // Only these routes are open: the rest still needs a token, and a bad
  // token is refused even where none is needed.
  EXPECT_EQ(http_->Get("/v1/partnerships").status, 401);
  EXPECT_EQ(
      http_->Get(absl::StrCat("/v1/", vacancy), Bearer("not-a-token")).status,
      401);
}

// The data of each Server-Sent Event in `body`, in order.
std::vector<std::string> EventData(const std::string& body) {
  std::vector<std::string> out;
  for (absl::string_view event : absl::StrSplit(body, "\n\n")) {
    for (absl::string_view line : absl::StrSplit(event, '\n')) {
      if (absl::ConsumePrefix(&line, "data: ")) {
        out.emplace_back(line);
      }
    }
  }
  return out;
}

// WatchVacancies over HTTP: Server-Sent Events through the gateway from two
// replicas. A vacancy published on either replica while the stream is open
// arrives as an event; the stream ends cleanly before its deadline, and the
// last token resumes it without repeating what was seen.
TEST_F(WebhooksHttpTest, WatchStreamsChangesAsServerSentEvents) {
  std::thread publisher([] {
    absl::SleepFor(absl::Seconds(1));
    HttpClient http("127.0.0.1", stack_->gateway_port());
    PublishWith(http, "watched-live");
  });
  HttpResponse r =
      http_->Get("/v1/vacancies:watch",
                 {{"Authorization", absl::StrCat("Bearer ", Integration())},
                  {"X-Request-Timeout", "5"}});
  publisher.join();
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "text/event-stream");
  EXPECT_THAT(r.body, Not(HasSubstr("event: error")));
  std::vector<std::string> events = EventData(r.body);
  ASSERT_GE(events.size(), 2u) << r.body;
  // First, at once: where the feed is now.
  EXPECT_EQ(Json(events.front()).fields().count("vacancies"), 0u);
  const std::string start = Str(Json(events.front()), "nextSyncToken");
  EXPECT_FALSE(start.empty());
  std::string last_token;
  bool seen = false;
  for (const std::string& data : events) {
    seen = seen || absl::StrContains(data, "vacancies/watched-live");
    last_token = Str(Json(data), "nextSyncToken");
    EXPECT_FALSE(last_token.empty()) << data;
  }
  EXPECT_TRUE(seen) << r.body;

  // From the first token: the change again; from the last: nothing new.
  r = http_->Get(absl::StrCat("/v1/vacancies:watch?sync_token=", start),
                 {{"Authorization", absl::StrCat("Bearer ", Integration())},
                  {"X-Request-Timeout", "2"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr("vacancies/watched-live"));
  r = http_->Get(absl::StrCat("/v1/vacancies:watch?sync_token=", last_token),
                 {{"Authorization", absl::StrCat("Bearer ", Integration())},
                  {"X-Request-Timeout", "2"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, Not(HasSubstr("vacancies/watched-live")));
}

// Failures before the first message are ordinary problem responses.
TEST_F(WebhooksHttpTest, WatchRefusalsAreProblems) {
  HttpResponse r = http_->Get("/v1/vacancies:watch");
  EXPECT_EQ(r.status, 401) << r.body;
  r = Call("GET", "/v1/vacancies:watch", HrAlmere());
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  r = Call("GET", "/v1/vacancies:watch?sync_token=not-a-token", Integration());
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_THAT(r.body, HasSubstr("sync_token"));
}

// One replica, a slow retry schedule and a short feed retention.
class WebhookCrashTest : public WebhooksTestBase {
 protected:
  static void SetUpTestSuite() {
    Start(1, {"--webhooks_allow_private",
              "--webhook_retry_schedule=1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,"
              "1s,1s",
              "--webhook_poll_interval=100ms", "--webhook_timeout=2s",
              "--webhook_secret_key=e2e-webhook-secret-key",
              "--vacancy_feed_retention=3s",
              "--vacancy_maintenance_interval=200ms"});
  }
  static void TearDownTestSuite() { Stop(); }
};

TEST_F(WebhookCrashTest,
       KillingTheServerBetweenChangeAndDeliveryStillDelivers) {
  const int port = testing::FreePort();
  const std::string url = absl::StrCat("http://127.0.0.1:", port, "/crash");
  auto [endpoint, secret] = Register(url);
  Publish("webhook-crash");
  // The change is committed and its delivery due; the receiver is not up yet,
  // so the first attempt fails (connection refused) and is logged.
  std::vector<google::protobuf::Value> attempts;
  for (int i = 0; i < 100 && attempts.empty(); ++i) {
    absl::SleepFor(absl::Milliseconds(100));
    attempts = Attempts(endpoint);
  }
  ASSERT_FALSE(attempts.empty());
  const auto& first = attempts[0].struct_value().fields();
  EXPECT_FALSE(first.contains("httpStatus"));  // 0: no answer
  ASSERT_TRUE(first.contains("error"));
  EXPECT_FALSE(first.at("error").string_value().empty());

  stack_->server(0).Kill();
  WebhookReceiver receiver(port);
  receiver.SetSecret("/crash", secret);
  stack_->RestartServer(0);

  ASSERT_TRUE(receiver.WaitFor("/crash", 1, absl::Seconds(30)));
  absl::SleepFor(absl::Seconds(2));
  auto got = receiver.Received("/crash");
  ASSERT_EQ(got.size(), 1u) << "delivered once, not again";
  EXPECT_TRUE(got[0].signature_valid);
  EXPECT_EQ(got[0].answered, 200);
  EXPECT_THAT(got[0].body, HasSubstr("webhook-crash"));
}

TEST_F(WebhookCrashTest, ExpiredSyncTokenIsGoneOverHttp) {
  HttpResponse r =
      Call("GET", "/v1/vacancies:sync?page_size=100", Integration());
  ASSERT_EQ(r.status, 200) << r.body;
  std::string token = Str(Json(r.body), "nextSyncToken");
  for (int i = 0; i < 20 && token.empty(); ++i) {  // follow the pages
    r = Call("GET",
             absl::StrCat("/v1/vacancies:sync?page_size=100&page_token=",
                          Str(Json(r.body), "nextPageToken")),
             Integration());
    token = Str(Json(r.body), "nextSyncToken");
  }
  ASSERT_FALSE(token.empty());
  Publish("webhook-feed-410");
  absl::SleepFor(absl::Seconds(4));
  r = Call("GET", absl::StrCat("/v1/vacancies:sync?sync_token=", token),
           Integration());
  EXPECT_EQ(r.status, 410) << r.body;
  EXPECT_THAT(r.body, HasSubstr("SYNC_TOKEN_EXPIRED"));
}

}  // namespace
}  // namespace samen
