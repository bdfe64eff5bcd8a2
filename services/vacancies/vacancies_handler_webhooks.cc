// Webhook endpoints and their delivery log (VacanciesService).

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/sql_time.h"
#include "services/common/errors.h"
#include "services/common/resource/field_mask.h"
#include "services/common/resource/page.h"
#include "services/common/resource/text.h"
#include "services/common/timestamp.h"
#include "services/vacancies/resource.h"
#include "services/vacancies/vacancies_handler.h"
#include "services/vacancies/webhook_repository.h"
#include "services/vacancies/webhook_rules.h"
#include "services/vacancies/webhook_secrets.h"
#include "services/vacancies/webhook_url_policy.h"

namespace samen::vacancies {
namespace {

constexpr int kSecretBytes = 32;

std::string NewEndpointId() {
  return absl::StrCat("we", absl::BytesToHexString(RandomBytes(8)));
}

std::string NewSecret() { return FormatSecret(RandomBytes(kSecretBytes)); }

absl::Status ValidateEndpoint(const v1::WebhookEndpoint& e,
                              const WebhookUrlPolicy& policy) {
  if (auto s = policy.Check(e.url(), "webhook_endpoint.url"); !s.ok()) {
    return s.status();
  }
  if (auto s =
          ValidateEventTypes(e.event_types(), "webhook_endpoint.event_types");
      !s.ok()) {
    return s;
  }
  if (e.state() != v1::WebhookEndpoint::ENABLED &&
      e.state() != v1::WebhookEndpoint::DISABLED) {
    return InvalidField("webhook_endpoint.state",
                        "must be ENABLED or DISABLED");
  }
  return resource::ValidateText(e.description(), "webhook_endpoint.description",
                                500, false);
}

}  // namespace

VacanciesHandler::Reactor* VacanciesHandler::CreateWebhookEndpoint(
    Ctx* ctx, const v1::CreateWebhookEndpointRequest* req,
    v1::WebhookEndpoint* resp) {
  return runtime_->Serve(
      ctx, "CreateWebhookEndpoint", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        if (auto s = MayManageWebhooks(call.principal); !s.ok()) {
          return s;
        }
        v1::WebhookEndpoint e = req.webhook_endpoint();
        e.set_state(v1::WebhookEndpoint::ENABLED);
        if (auto s = ValidateEndpoint(e, *url_policy_); !s.ok()) {
          return s;
        }
        const std::string secret = NewSecret();
        auto created = webhooks_->CreateEndpoint(
            call.principal.subject, NewEndpointId(), e, secret,
            options_.clock->Now(), call.deadline);
        if (!created.ok()) {
          return created.status();
        }
        *resp = *std::move(created);
        resp->set_secret(secret);  // this once
        return absl::OkStatus();
      });
}

VacanciesHandler::Reactor* VacanciesHandler::GetWebhookEndpoint(
    Ctx* ctx, const v1::GetWebhookEndpointRequest* req,
    v1::WebhookEndpoint* resp) {
  return runtime_->Serve(
      ctx, "GetWebhookEndpoint", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto id = ParseEndpointName(req.name(), "name");
        if (!id.ok()) {
          return id.status();
        }
        auto r = webhooks_->GetEndpoint(*id, call.deadline);
        if (!r.ok()) {
          return r.status();
        }
        if (auto s = MayUseEndpoint(call.principal, r->owner, req.name());
            !s.ok()) {
          return s;
        }
        *resp = std::move(r->endpoint);
        return absl::OkStatus();
      });
}

VacanciesHandler::Reactor* VacanciesHandler::ListWebhookEndpoints(
    Ctx* ctx, const v1::ListWebhookEndpointsRequest* req,
    v1::ListWebhookEndpointsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListWebhookEndpoints", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        if (auto s = MayManageWebhooks(call.principal); !s.ok()) {
          return s;
        }
        auto size = resource::EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        const std::string fingerprint =
            absl::StrCat("endpoints|", call.principal.subject);
        auto after = resource::DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        auto page = webhooks_->ListEndpoints(call.principal.subject, *after,
                                             *size, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        for (auto& e : page->items) {
          *resp->add_webhook_endpoints() = std::move(e);
        }
        if (!page->next_key.empty()) {
          resp->set_next_page_token(
              resource::EncodePageToken(page->next_key, fingerprint));
        }
        return absl::OkStatus();
      });
}

VacanciesHandler::Reactor* VacanciesHandler::UpdateWebhookEndpoint(
    Ctx* ctx, const v1::UpdateWebhookEndpointRequest* req,
    v1::WebhookEndpoint* resp) {
  return runtime_->Serve(
      ctx, "UpdateWebhookEndpoint", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        const auto& in = req.webhook_endpoint();
        auto id = ParseEndpointName(in.name(), "webhook_endpoint.name");
        if (!id.ok()) {
          return id.status();
        }
        auto mask = resource::EffectiveMask(req.update_mask(), in,
                                            UpdatableWebhookFields());
        if (!mask.ok()) {
          return mask.status();
        }
        auto updated = webhooks_->UpdateEndpoint(
            *id, in.etag(),
            [&](EndpointRecord* current, EndpointChange*) -> absl::Status {
              if (auto s =
                      MayUseEndpoint(call.principal, current->owner, in.name());
                  !s.ok()) {
                return s;
              }
              resource::ApplyMask(*mask, in, &current->endpoint);
              return ValidateEndpoint(current->endpoint, *url_policy_);
            },
            options_.clock->Now(), call.deadline);
        if (!updated.ok()) {
          return updated.status();
        }
        *resp = *std::move(updated);
        return absl::OkStatus();
      });
}

VacanciesHandler::Reactor* VacanciesHandler::DeleteWebhookEndpoint(
    Ctx* ctx, const v1::DeleteWebhookEndpointRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeleteWebhookEndpoint", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        auto id = ParseEndpointName(req.name(), "name");
        if (!id.ok()) {
          return id.status();
        }
        return webhooks_->DeleteEndpoint(
            *id, req.etag(),
            [&](const EndpointRecord& r) {
              return MayUseEndpoint(call.principal, r.owner, req.name());
            },
            options_.clock->Now(), call.deadline);
      });
}

VacanciesHandler::Reactor* VacanciesHandler::RotateWebhookSecret(
    Ctx* ctx, const v1::RotateWebhookSecretRequest* req,
    v1::WebhookEndpoint* resp) {
  return runtime_->Serve(
      ctx, "RotateWebhookSecret", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto id = ParseEndpointName(req.name(), "name");
        if (!id.ok()) {
          return id.status();
        }
        const std::string secret = NewSecret();
        auto updated = webhooks_->UpdateEndpoint(
            *id, "",
            [&](EndpointRecord* current, EndpointChange* change) {
              change->new_secret = secret;
              return MayUseEndpoint(call.principal, current->owner, req.name());
            },
            options_.clock->Now(), call.deadline);
        if (!updated.ok()) {
          return updated.status();
        }
        *resp = *std::move(updated);
        resp->set_secret(secret);
        return absl::OkStatus();
      });
}

VacanciesHandler::Reactor* VacanciesHandler::ListWebhookDeliveryAttempts(
    Ctx* ctx, const v1::ListWebhookDeliveryAttemptsRequest* req,
    v1::ListWebhookDeliveryAttemptsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListWebhookDeliveryAttempts", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto id = ParseEndpointName(req.parent(), "parent");
        if (!id.ok()) {
          return id.status();
        }
        auto size = resource::EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        auto endpoint = webhooks_->GetEndpoint(*id, call.deadline);
        if (!endpoint.ok()) {
          return endpoint.status();
        }
        if (auto s =
                MayUseEndpoint(call.principal, endpoint->owner, req.parent());
            !s.ok()) {
          return s;
        }
        const std::string fingerprint = absl::StrCat("attempts|", req.parent());
        auto before_text =
            resource::DecodePageToken(req.page_token(), fingerprint);
        if (!before_text.ok()) {
          return before_text.status();
        }
        int64_t before = 0;
        if (!before_text->empty() && !absl::SimpleAtoi(*before_text, &before)) {
          return InvalidField("page_token",
                              "is not a token this service issued");
        }
        auto page = webhooks_->ListAttempts(*id, before, *size, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        for (auto& a : page->items) {
          *resp->add_delivery_attempts() = std::move(a);
        }
        if (!page->next_key.empty()) {
          resp->set_next_page_token(
              resource::EncodePageToken(page->next_key, fingerprint));
        }
        return absl::OkStatus();
      });
}

}  // namespace samen::vacancies
