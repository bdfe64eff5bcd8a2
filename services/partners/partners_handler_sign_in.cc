// Sign-in: who is signing in, with the grants to put into their access token.
// Called by Samen's token issuer (role `service`) and administrators.

#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/status_macros.h"
#include "services/partners/partners_handler.h"
#include "services/partners/role_grant_rules.h"

namespace samen::partners {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

ServerUnaryReactor* PartnersHandler::LookUpSignInProfile(
    CallbackServerContext* ctx, const v1::LookUpSignInProfileRequest* req,
    v1::SignInProfile* resp) {
  return runtime_->Serve(
      ctx, "LookUpSignInProfile", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        RETURN_IF_ERROR(MayLookUpSignInProfile(call.principal));
        std::string person_id;
        switch (req.key_case()) {
          case v1::LookUpSignInProfileRequest::kPerson: {
            ASSIGN_OR_RETURN(person_id, resource::ParseName(
                                            req.person(), "people", "person"));
            break;
          }
          case v1::LookUpSignInProfileRequest::kEmail:
            RETURN_IF_ERROR(ValidateLookUpEmail(req.email(), "email"));
            break;
          default:
            return InvalidField("person",
                                "set either person (people/{person}) or email");
        }
        ASSIGN_OR_RETURN(
            *resp, repo_->LookUpSignInProfile(person_id, req.email(), Today(),
                                              call.deadline));
        return absl::OkStatus();
      });
}

}  // namespace samen::partners
