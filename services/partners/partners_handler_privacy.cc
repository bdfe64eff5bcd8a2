// ExportPersonData and ErasePersonData: a person's data in samen_partners
// exported or erased by the privacy engine (services/common/privacy/) as
// PartnersDataMap() says. Internal: no HTTP route, only the `service` role
// (the privacy operation) and administrators.

#include "services/common/privacy/person_data_rpc.h"
#include "services/partners/partners_handler.h"
#include "services/partners/privacy_map.h"

namespace samen::partners {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

ServerUnaryReactor* PartnersHandler::ExportPersonData(
    CallbackServerContext* ctx, const privacy::v1::ExportPersonDataRequest* req,
    privacy::v1::PersonData* resp) {
  return runtime_->Serve(ctx, "ExportPersonData", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           return privacy::ExportPersonDataRpc(
                               call, *pool_, PartnersDataMap(), req, resp);
                         });
}

ServerUnaryReactor* PartnersHandler::ErasePersonData(
    CallbackServerContext* ctx, const privacy::v1::ErasePersonDataRequest* req,
    privacy::v1::ErasePersonDataResponse* resp) {
  return runtime_->Serve(ctx, "ErasePersonData", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           return privacy::ErasePersonDataRpc(
                               call, *pool_, PartnersDataMap(), req, resp);
                         });
}

}  // namespace samen::partners
