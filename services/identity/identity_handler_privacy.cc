// ExportPersonData and ErasePersonData: a person's data in samen_identity
// exported or erased by the privacy engine (services/common/privacy/) as
// IdentityDataMap() says. Internal: no HTTP route, only the `service` role
// (the privacy operation) and administrators.

#include "services/common/privacy/person_data_rpc.h"
#include "services/identity/identity_handler.h"
#include "services/identity/privacy_map.h"

namespace samen::identity {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

ServerUnaryReactor* IdentityHandler::ExportPersonData(
    CallbackServerContext* ctx, const privacy::v1::ExportPersonDataRequest* req,
    privacy::v1::PersonData* resp) {
  return runtime_->Serve(ctx, "ExportPersonData", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           return privacy::ExportPersonDataRpc(
                               call, *pool_, IdentityDataMap(), req, resp);
                         });
}

ServerUnaryReactor* IdentityHandler::ErasePersonData(
    CallbackServerContext* ctx, const privacy::v1::ErasePersonDataRequest* req,
    privacy::v1::ErasePersonDataResponse* resp) {
  return runtime_->Serve(ctx, "ErasePersonData", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           return privacy::ErasePersonDataRpc(
                               call, *pool_, IdentityDataMap(), req, resp);
                         });
}

}  // namespace samen::identity
