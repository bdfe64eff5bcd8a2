#pragma once

// gRPC surface of samen.vacancies.v1.VacanciesService: authorise, validate, map
// requests onto the vacancy and webhook repositories and the rules. Vacancies:
// vacancies_handler_vacancies.cc; the feed and its watch:
// vacancies_handler_feed.cc; profiles, shortage subjects and hiring
// agreements: vacancies_handler_settings.cc; webhook endpoints and the
// delivery log: vacancies_handler_webhooks.cc.

#include <functional>

#include "absl/time/time.h"
#include "samen/vacancies/v1/vacancies.grpc.pb.h"
#include "services/common/call.h"
#include "services/vacancies/vacancy_repository.h"

namespace samen::vacancies {

class VacancyWatchHub;
class WebhookRepository;
class WebhookUrlPolicy;

struct VacanciesHandlerOptions {
  // How long feed changes are kept; older sync tokens are expired.
  absl::Duration feed_retention = absl::Hours(24 * 30);
};

class VacanciesHandler final : public v1::VacanciesService::CallbackService {
 public:
  VacanciesHandler(VacancyRepository* vacancies, WebhookRepository* webhooks,
                   const WebhookUrlPolicy* url_policy, CallRuntime* runtime,
                   VacanciesHandlerOptions options)
      : repo_(vacancies),
        webhooks_(webhooks),
        url_policy_(url_policy),
        runtime_(runtime),
        options_(options) {}

  // Called after a change that may have written webhook deliveries, so the
  // delivery worker need not wait for its next poll.
  void set_on_change(std::function<void()> f) { on_change_ = std::move(f); }
  // Serves WatchVacancies; required before the service starts.
  void set_watch_hub(VacancyWatchHub* hub) { watch_hub_ = hub; }

  using Reactor = grpc::ServerUnaryReactor;
  using Ctx = grpc::CallbackServerContext;

  Reactor* GetVacancy(Ctx* ctx, const v1::GetVacancyRequest* req,
                      v1::Vacancy* resp) override;
  Reactor* ListVacancies(Ctx* ctx, const v1::ListVacanciesRequest* req,
                         v1::ListVacanciesResponse* resp) override;
  Reactor* CreateVacancy(Ctx* ctx, const v1::CreateVacancyRequest* req,
                         v1::Vacancy* resp) override;
  Reactor* UpdateVacancy(Ctx* ctx, const v1::UpdateVacancyRequest* req,
                         v1::Vacancy* resp) override;
  Reactor* PublishVacancy(Ctx* ctx, const v1::PublishVacancyRequest* req,
                          v1::Vacancy* resp) override;
  Reactor* CloseVacancy(Ctx* ctx, const v1::CloseVacancyRequest* req,
                        v1::Vacancy* resp) override;
  Reactor* DeleteVacancy(Ctx* ctx, const v1::DeleteVacancyRequest* req,
                         google::protobuf::Empty* resp) override;
  Reactor* GetVacancyJobPosting(Ctx* ctx,
                                const v1::GetVacancyJobPostingRequest* req,
                                google::api::HttpBody* resp) override;
  Reactor* ListVacanciesForMe(Ctx* ctx,
                              const v1::ListVacanciesForMeRequest* req,
                              v1::ListVacanciesResponse* resp) override;
  Reactor* SyncVacancies(Ctx* ctx, const v1::SyncVacanciesRequest* req,
                         v1::SyncVacanciesResponse* resp) override;
  grpc::ServerWriteReactor<v1::SyncVacanciesResponse>* WatchVacancies(
      Ctx* ctx, const v1::WatchVacanciesRequest* req) override;

  Reactor* GetVacancyProfile(Ctx* ctx, const v1::GetVacancyProfileRequest* req,
                             v1::VacancyProfile* resp) override;
  Reactor* UpdateVacancyProfile(Ctx* ctx,
                                const v1::UpdateVacancyProfileRequest* req,
                                v1::VacancyProfile* resp) override;
  Reactor* GetShortageSubjects(Ctx* ctx,
                               const v1::GetShortageSubjectsRequest* req,
                               v1::ShortageSubjects* resp) override;
  Reactor* UpdateShortageSubjects(Ctx* ctx,
                                  const v1::UpdateShortageSubjectsRequest* req,
                                  v1::ShortageSubjects* resp) override;
  Reactor* GetHiringAgreement(Ctx* ctx,
                              const v1::GetHiringAgreementRequest* req,
                              v1::HiringAgreement* resp) override;
  Reactor* UpdateHiringAgreement(Ctx* ctx,
                                 const v1::UpdateHiringAgreementRequest* req,
                                 v1::HiringAgreement* resp) override;

  Reactor* CreateWebhookEndpoint(Ctx* ctx,
                                 const v1::CreateWebhookEndpointRequest* req,
                                 v1::WebhookEndpoint* resp) override;
  Reactor* GetWebhookEndpoint(Ctx* ctx,
                              const v1::GetWebhookEndpointRequest* req,
                              v1::WebhookEndpoint* resp) override;
  Reactor* ListWebhookEndpoints(
      Ctx* ctx, const v1::ListWebhookEndpointsRequest* req,
      v1::ListWebhookEndpointsResponse* resp) override;
  Reactor* UpdateWebhookEndpoint(Ctx* ctx,
                                 const v1::UpdateWebhookEndpointRequest* req,
                                 v1::WebhookEndpoint* resp) override;
  Reactor* DeleteWebhookEndpoint(Ctx* ctx,
                                 const v1::DeleteWebhookEndpointRequest* req,
                                 google::protobuf::Empty* resp) override;
  Reactor* RotateWebhookSecret(Ctx* ctx,
                               const v1::RotateWebhookSecretRequest* req,
                               v1::WebhookEndpoint* resp) override;
  Reactor* ListWebhookDeliveryAttempts(
      Ctx* ctx, const v1::ListWebhookDeliveryAttemptsRequest* req,
      v1::ListWebhookDeliveryAttemptsResponse* resp) override;

 private:
  // UpdateVacancy, PublishVacancy and CloseVacancy: parses `name` (request
  // field `field`), then in the vacancy's transaction checks that the caller
  // may change it and that `action` is possible in its status, applies
  // `edit`, stores it into `resp` and wakes the worker and the watches.
  absl::Status ChangeVacancy(const CallContext& call, const std::string& name,
                             absl::string_view field, const std::string& etag,
                             VacancyAction action,
                             std::function<absl::Status(v1::Vacancy*)> edit,
                             v1::Vacancy* resp);
  // What ListVacanciesForMe matches: the request's subjects, degree and
  // regions, else the caller's profile's, else the regions of the caller's
  // organisations' partnerships; and the page-token fingerprint of that.
  absl::Status MatchFor(const CallContext& call,
                        const v1::ListVacanciesForMeRequest& req,
                        absl::Time now, VacancyFilter* filter,
                        std::string* fingerprint);
  void Changed() const {
    if (on_change_) {
      on_change_();
    }
  }

  VacancyRepository* repo_;
  WebhookRepository* webhooks_;
  const WebhookUrlPolicy* url_policy_;
  CallRuntime* runtime_;
  VacanciesHandlerOptions options_;
  std::function<void()> on_change_;
  VacancyWatchHub* watch_hub_ = nullptr;
};

// Fills the visibility fields of `filter` from the caller's grants.
void SetVisibility(const auth::Principal& who, VacancyFilter* filter);

}  // namespace samen::vacancies
