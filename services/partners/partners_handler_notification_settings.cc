// Notification settings: a person's choices about the e-mail Samen sends them
// (people/{person}/notificationSettings). Who may read and change them is
// decided from the token alone, before the directory is read, so that whether
// someone exists is learnt only by those who may see their settings.

#include "services/common/resource/field_mask.h"
#include "services/common/status_macros.h"
#include "services/partners/notification_settings_rules.h"
#include "services/partners/partners_handler.h"

namespace samen::partners {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

ServerUnaryReactor* PartnersHandler::GetNotificationSettings(
    CallbackServerContext* ctx, const v1::GetNotificationSettingsRequest* req,
    v1::NotificationSettings* resp) {
  return runtime_->Serve(
      ctx, "GetNotificationSettings", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto person,
                         ParseNotificationSettingsName(req.name(), "name"));
        RETURN_IF_ERROR(MayReadNotificationSettings(call.principal, person));
        ASSIGN_OR_RETURN(*resp,
                         repo_->GetNotificationSettings(person, call.deadline));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::UpdateNotificationSettings(
    CallbackServerContext* ctx,
    const v1::UpdateNotificationSettingsRequest* req,
    v1::NotificationSettings* resp) {
  return runtime_->Serve(
      ctx, "UpdateNotificationSettings", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        const v1::NotificationSettings& patch = req.notification_settings();
        ASSIGN_OR_RETURN(auto person,
                         ParseNotificationSettingsName(
                             patch.name(), "notification_settings.name"));
        RETURN_IF_ERROR(MayUpdateNotificationSettings(call.principal, person));
        ASSIGN_OR_RETURN(auto mask, resource::EffectiveMask(
                                        req.update_mask(), patch,
                                        UpdatableNotificationSettingsFields()));
        ASSIGN_OR_RETURN(*resp, repo_->UpdateNotificationSettings(
                                    person, patch.etag(),
                                    [&](v1::NotificationSettings* current) {
                                      resource::ApplyMask(mask, patch, current);
                                      return ValidateNotificationSettings(
                                          *current, "notification_settings");
                                    },
                                    call.deadline));
        return absl::OkStatus();
      });
}

}  // namespace samen::partners
