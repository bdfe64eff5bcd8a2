// Webhooks through VacanciesService (same suite and stack as
// vacancies_service_test.cc): endpoints must be https on public addresses,
// and a vacancy change writes its outbox rows in its own transaction.

#include "gmock/gmock.h"
#include "tests/integration/vacancies/vacancy_fixture.h"

namespace samen::vacancies_test {
namespace {

using ::testing::HasSubstr;

// This stack runs without --webhooks_allow_private, as production does.
TEST_F(VacanciesServiceTest, WebhookEndpointsMustBeHttpsOnPublicAddresses) {
  v1::CreateWebhookEndpointRequest req;
  v1::WebhookEndpoint out;
  for (const char* url :
       {"http://hooks.example.org/samen", "https://127.0.0.1/hook",
        "https://localhost/hook", "https://10.1.2.3/hook",
        "https://169.254.169.254/latest/meta-data", "https://[::1]/hook",
        "https://[fd00::1]/hook", "https://100.64.1.1/hook",
        "https://user:pw@hooks.example.org/",
        "https://no-such-host.invalid/"}) {
    req.mutable_webhook_endpoint()->set_url(url);
    grpc::Status s =
        stub().CreateWebhookEndpoint(As(Integration()).get(), req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << url;
    EXPECT_THAT(s.error_message(), HasSubstr("webhook_endpoint.url")) << url;
  }
  // Only integration clients register endpoints.
  req.mutable_webhook_endpoint()->set_url("https://93.184.216.34/hook");
  EXPECT_EQ(stub()
                .CreateWebhookEndpoint(As(HrAlmere()).get(), req, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A public address literal is accepted (nothing is sent until an event).
  grpc::Status s =
      stub().CreateWebhookEndpoint(As(Integration()).get(), req, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.state(), v1::WebhookEndpoint::ENABLED);
  EXPECT_THAT(out.secret(), ::testing::StartsWith("whsec_"));
  // The secret is stored, but not readable through the API.
  v1::GetWebhookEndpointRequest get;
  get.set_name(out.name());
  v1::WebhookEndpoint read;
  ASSERT_TRUE(
      stub().GetWebhookEndpoint(As(Integration()).get(), get, &read).ok());
  EXPECT_TRUE(read.secret().empty());
  EXPECT_EQ(
      SqlValue("SELECT LEFT(secret, 6) FROM webhook_endpoints WHERE id = '" +
               out.name().substr(sizeof("webhookEndpoints/") - 1) + "'"),
      "plain:");
  v1::DeleteWebhookEndpointRequest del;
  del.set_name(out.name());
  google::protobuf::Empty empty;
  EXPECT_TRUE(
      stub().DeleteWebhookEndpoint(As(Integration()).get(), del, &empty).ok());
}

// Vacancy changes write their webhook deliveries in the same transaction: a
// publish with one endpoint registered leaves exactly one event and delivery.
TEST_F(VacanciesServiceTest, ChangesWriteTheOutboxInTheirTransaction) {
  v1::CreateWebhookEndpointRequest req;
  req.mutable_webhook_endpoint()->set_url("https://93.184.216.34/outbox");
  req.mutable_webhook_endpoint()->add_event_types("vacancy.closed");
  v1::WebhookEndpoint endpoint;
  ASSERT_TRUE(
      stub()
          .CreateWebhookEndpoint(As(Integration()).get(), req, &endpoint)
          .ok());
  const std::string id =
      endpoint.name().substr(sizeof("webhookEndpoints/") - 1);
  v1::Vacancy v =
      Create("almere-college-dronten", "outbox-physics",
             Draft("Docent natuurkunde", {"physics"}), HrAlmere(), true);
  // Subscribed to closed only: publishing wrote nothing for it.
  EXPECT_EQ(
      SqlValue("SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint_id = '" +
               id + "'"),
      "0");
  v1::CloseVacancyRequest close;
  close.set_name(v.name());
  v1::Vacancy closed;
  ASSERT_TRUE(stub().CloseVacancy(As(HrAlmere()).get(), close, &closed).ok());
  EXPECT_EQ(
      SqlValue(
          "SELECT COUNT(*) FROM webhook_deliveries d JOIN webhook_events e ON "
          "e.id = d.event_id WHERE d.endpoint_id = '" +
          id +
          "' AND e.type = 'vacancy.closed' AND e.payload LIKE "
          "'%outbox-physics%'"),
      "1");
  v1::DeleteWebhookEndpointRequest del;
  del.set_name(endpoint.name());
  google::protobuf::Empty empty;
  EXPECT_TRUE(
      stub().DeleteWebhookEndpoint(As(Integration()).get(), del, &empty).ok());
}

}  // namespace
}  // namespace samen::vacancies_test
