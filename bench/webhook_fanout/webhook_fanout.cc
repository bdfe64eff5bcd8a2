// Fan-out benchmark driver: registers --endpoints webhook endpoints on a local
// receiver, makes --changes public vacancy changes (publishes, then updates)
// over gRPC against the replicas in --servers, and waits until every delivery
// arrived. Prints deliveries/s, the time until the last delivery, and checks
// that every delivery arrived, each signature verified, and no delivery was
// sent twice at the same time. Exit status 1 when a check fails.

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bench/lib/grpc_client.h"
#include "grpcpp/grpcpp.h"
#include "samen/vacancies/v1/vacancies.grpc.pb.h"
#include "tests/e2e/vacancies/webhook_receiver.h"

ABSL_FLAG(std::string, servers, "127.0.0.1:9090",
          "Comma-separated gRPC addresses");
ABSL_FLAG(std::string, hr_token, "", "Token of HR at --school");
ABSL_FLAG(std::string, integration_token, "", "Token of an integration client");
ABSL_FLAG(std::string, school, "almere-college-dronten",
          "School the vacancies belong to");
ABSL_FLAG(int, changes, 1000, "Public vacancy changes to make");
ABSL_FLAG(int, vacancies, 100,
          "Vacancies to publish (the other changes are updates)");
ABSL_FLAG(int, endpoints, 5, "Webhook endpoints");
ABSL_FLAG(int, client_threads, 4, "Concurrent clients making changes");
ABSL_FLAG(absl::Duration, receiver_delay, absl::ZeroDuration(),
          "How long the receiver holds each answer");
ABSL_FLAG(absl::Duration, timeout, absl::Minutes(5),
          "Give up waiting for deliveries after");

namespace v1 = samen::vacancies::v1;

namespace {

using ::samen::bench::As;

[[noreturn]] void Die(const std::string& what, const grpc::Status& s) {
  std::fprintf(stderr, "webhook_fanout: %s: %s\n", what.c_str(),
               s.error_message().c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string hr = absl::GetFlag(FLAGS_hr_token);
  const std::string integration = absl::GetFlag(FLAGS_integration_token);
  const int changes = absl::GetFlag(FLAGS_changes);
  const int vacancies = std::min(absl::GetFlag(FLAGS_vacancies), changes);
  const int endpoints = absl::GetFlag(FLAGS_endpoints);
  std::vector<std::unique_ptr<v1::VacanciesService::Stub>> stubs;
  for (absl::string_view s :
       absl::StrSplit(absl::GetFlag(FLAGS_servers), ',')) {
    stubs.push_back(v1::VacanciesService::NewStub(grpc::CreateChannel(
        std::string(s), grpc::InsecureChannelCredentials())));
  }

  samen::testing::WebhookReceiver receiver;
  receiver.SetDelay(absl::GetFlag(FLAGS_receiver_delay));
  for (int e = 0; e < endpoints; ++e) {
    const std::string path = absl::StrCat("/endpoint-", e);
    v1::CreateWebhookEndpointRequest req;
    req.mutable_webhook_endpoint()->set_url(receiver.Url(path));
    v1::WebhookEndpoint out;
    grpc::Status s =
        stubs[0]->CreateWebhookEndpoint(As(integration).get(), req, &out);
    if (!s.ok()) {
      Die("registering an endpoint", s);
    }
    receiver.SetSecret(path, out.secret());
  }

  // Drafts first: they are no public change and send nothing.
  const std::string run = absl::StrCat(absl::ToUnixSeconds(absl::Now()));
  std::vector<std::string> names(vacancies);
  for (int i = 0; i < vacancies; ++i) {
    v1::CreateVacancyRequest req;
    req.set_parent(absl::StrCat("organisations/", absl::GetFlag(FLAGS_school)));
    req.set_vacancy_id(absl::StrCat("bench-", run, "-", i));
    v1::Vacancy* v = req.mutable_vacancy();
    v->set_title(absl::StrCat("Benchmark vacancy ", i));
    v->add_subjects("physics");
    v->set_closing_date("2099-12-31");
    v->set_description("Fan-out benchmark.");
    v->set_how_to_apply("Nowhere.");
    v1::Vacancy out;
    grpc::Status s =
        stubs[i % stubs.size()]->CreateVacancy(As(hr).get(), req, &out);
    if (!s.ok()) {
      Die("drafting a vacancy", s);
    }
    names[i] = out.name();
  }

  const absl::Time start = absl::Now();
  std::atomic<int> next{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < absl::GetFlag(FLAGS_client_threads); ++t) {
    clients.emplace_back([&, t] {
      for (int i = next++; i < changes; i = next++) {
        auto& stub = *stubs[(i + t) % stubs.size()];
        v1::Vacancy out;
        grpc::Status s;
        if (i < vacancies) {
          v1::PublishVacancyRequest req;
          req.set_name(names[i]);
          s = stub.PublishVacancy(As(hr).get(), req, &out);
        } else {
          v1::UpdateVacancyRequest req;
          // Updates go to vacancies published long before (i - vacancies < i).
          req.mutable_vacancy()->set_name(names[(i - vacancies) % vacancies]);
          req.mutable_vacancy()->set_title(
              absl::StrCat("Benchmark vacancy, change ", i));
          s = stub.UpdateVacancy(As(hr).get(), req, &out);
        }
        if (!s.ok()) {
          Die(absl::StrCat("change ", i), s);
        }
      }
    });
  }
  for (auto& c : clients) {
    c.join();
  }
  const absl::Duration changing = absl::Now() - start;
  const int expected = changes * endpoints;
  const bool all =
      receiver.WaitForDelivered(expected, absl::GetFlag(FLAGS_timeout));
  const absl::Duration until_last = receiver.last_received() - start;

  int invalid = 0;
  for (int e = 0; e < endpoints; ++e) {
    for (const auto& d : receiver.Received(absl::StrCat("/endpoint-", e))) {
      invalid += d.signature_valid ? 0 : 1;
    }
  }
  const int delivered = receiver.DistinctDelivered();
  const int received = receiver.TotalReceived();
  std::printf(
      "changes:                 %d (%d publishes, %d updates) by %zu "
      "replicas\n",
      changes, vacancies, changes - vacancies, stubs.size());
  std::printf("endpoints:               %d\n", endpoints);
  std::printf("changes made in:         %.2f s (%.0f changes/s)\n",
              absl::ToDoubleSeconds(changing),
              changes / absl::ToDoubleSeconds(changing));
  std::printf(
      "deliveries:              %d of %d distinct, %d requests received\n",
      delivered, expected, received);
  std::printf("time until last:         %.2f s after the first change\n",
              absl::ToDoubleSeconds(until_last));
  std::printf("deliveries/s:            %.0f\n",
              received / absl::ToDoubleSeconds(until_last));
  std::printf("bad signatures:          %d\n", invalid);
  std::printf("sent twice concurrently: %d\n", receiver.ConcurrentDuplicates());
  std::printf("sent twice (after):      %d\n", received - delivered);
  const bool ok = all && delivered == expected && invalid == 0 &&
                  receiver.ConcurrentDuplicates() == 0;
  std::printf("%s\n",
              ok ? "OK: every delivery arrived, signed, none sent twice at once"
                 : "FAILED");
  return ok ? 0 : 1;
}
