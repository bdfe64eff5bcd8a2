#pragma once

// gRPC surface of samen.vacancies.v1.VacanciesService: authorise, validate, map
// requests onto the vacancy and webhook repositories and the rules. Vacancies:
// vacancies_handler_vacancies.cc; the feed and its watch:
// vacancies_handler_feed.cc; profiles, shortage subjects and hiring
// agreements: vacancies_handler_settings.cc; webhook endpoints and the
// delivery log: vacancies_handler_webhooks.cc.

#include <functional>
#include <optional>

#include "absl/time/time.h"
#include "db/pool.h"
#include "samen/vacancies/v1/vacancies.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/clock.h"
#include "services/common/directory/directory.h"
#include "services/vacancies/vacancy_repository.h"

namespace samen::vacancies {

class VacancyWatchHub;
class WebhookRepository;
class WebhookUrlPolicy;

struct VacanciesHandlerOptions {
  // How long feed changes are kept; older sync tokens are expired.
  absl::Duration feed_retention = absl::Hours(24 * 30);
  // "Now" for every rule (expiry, "for me", settings); never null.
  const Clock* clock = nullptr;
  // The Partners directory: schools, memberships, regions; never null.
  directory::Directory* directory = nullptr;
  // samen_vacancies, for a person's export and erasure; never null.
  db::Pool* pool = nullptr;
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

  // Short names for the definitions in vacancies_handler_*.cc.
  using Reactor = grpc::ServerUnaryReactor;
  using Ctx = grpc::CallbackServerContext;

  SAMEN_UNARY_RPC(GetVacancy, v1::GetVacancyRequest, v1::Vacancy);
  SAMEN_UNARY_RPC(ListVacancies, v1::ListVacanciesRequest,
                  v1::ListVacanciesResponse);
  SAMEN_UNARY_RPC(CreateVacancy, v1::CreateVacancyRequest, v1::Vacancy);
  SAMEN_UNARY_RPC(UpdateVacancy, v1::UpdateVacancyRequest, v1::Vacancy);
  SAMEN_UNARY_RPC(PublishVacancy, v1::PublishVacancyRequest, v1::Vacancy);
  SAMEN_UNARY_RPC(CloseVacancy, v1::CloseVacancyRequest, v1::Vacancy);
  SAMEN_UNARY_RPC(DeleteVacancy, v1::DeleteVacancyRequest,
                  google::protobuf::Empty);
  SAMEN_UNARY_RPC(GetVacancyJobPosting, v1::GetVacancyJobPostingRequest,
                  google::api::HttpBody);
  SAMEN_UNARY_RPC(ListVacanciesForMe, v1::ListVacanciesForMeRequest,
                  v1::ListVacanciesResponse);
  SAMEN_UNARY_RPC(SyncVacancies, v1::SyncVacanciesRequest,
                  v1::SyncVacanciesResponse);
  grpc::ServerWriteReactor<v1::SyncVacanciesResponse>* WatchVacancies(
      grpc::CallbackServerContext* ctx,
      const v1::WatchVacanciesRequest* req) override;

  SAMEN_UNARY_RPC(GetVacancyProfile, v1::GetVacancyProfileRequest,
                  v1::VacancyProfile);
  SAMEN_UNARY_RPC(UpdateVacancyProfile, v1::UpdateVacancyProfileRequest,
                  v1::VacancyProfile);
  SAMEN_UNARY_RPC(GetShortageSubjects, v1::GetShortageSubjectsRequest,
                  v1::ShortageSubjects);
  SAMEN_UNARY_RPC(UpdateShortageSubjects, v1::UpdateShortageSubjectsRequest,
                  v1::ShortageSubjects);
  SAMEN_UNARY_RPC(GetHiringAgreement, v1::GetHiringAgreementRequest,
                  v1::HiringAgreement);
  SAMEN_UNARY_RPC(UpdateHiringAgreement, v1::UpdateHiringAgreementRequest,
                  v1::HiringAgreement);

  SAMEN_UNARY_RPC(CreateWebhookEndpoint, v1::CreateWebhookEndpointRequest,
                  v1::WebhookEndpoint);
  SAMEN_UNARY_RPC(GetWebhookEndpoint, v1::GetWebhookEndpointRequest,
                  v1::WebhookEndpoint);
  SAMEN_UNARY_RPC(ListWebhookEndpoints, v1::ListWebhookEndpointsRequest,
                  v1::ListWebhookEndpointsResponse);
  SAMEN_UNARY_RPC(UpdateWebhookEndpoint, v1::UpdateWebhookEndpointRequest,
                  v1::WebhookEndpoint);
  SAMEN_UNARY_RPC(DeleteWebhookEndpoint, v1::DeleteWebhookEndpointRequest,
                  google::protobuf::Empty);
  SAMEN_UNARY_RPC(RotateWebhookSecret, v1::RotateWebhookSecretRequest,
                  v1::WebhookEndpoint);
  SAMEN_UNARY_RPC(ListWebhookDeliveryAttempts,
                  v1::ListWebhookDeliveryAttemptsRequest,
                  v1::ListWebhookDeliveryAttemptsResponse);

  // A person's data (vacancies_handler_privacy.cc).
  SAMEN_UNARY_RPC(ExportPersonData, privacy::v1::ExportPersonDataRequest,
                  privacy::v1::PersonData);
  SAMEN_UNARY_RPC(ErasePersonData, privacy::v1::ErasePersonDataRequest,
                  privacy::v1::ErasePersonDataResponse);

 private:
  // The vacancy `name` names, when the caller may read it (published, or a
  // draft of their school); NOT_FOUND otherwise.
  absl::StatusOr<VacancyRecord> ReadableVacancy(const CallContext& call,
                                                const std::string& name);
  // The directory's current facts about `school_id`, to copy before one of
  // its vacancies changes; nullopt when the directory no longer has it (the
  // copy then stands).
  absl::StatusOr<std::optional<School>> FreshSchool(
      const CallContext& call, const std::string& school_id, absl::Time now);
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
