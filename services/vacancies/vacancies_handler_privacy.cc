// ExportPersonData and ErasePersonData: a person's data in samen_vacancies
// exported or erased by the privacy engine (services/common/privacy/) as
// VacanciesDataMap() says. Internal: no HTTP route, only the `service` role
// (the privacy operation) and administrators.

#include "services/common/privacy/person_data_rpc.h"
#include "services/vacancies/privacy_map.h"
#include "services/vacancies/vacancies_handler.h"

namespace samen::vacancies {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

ServerUnaryReactor* VacanciesHandler::ExportPersonData(
    CallbackServerContext* ctx, const privacy::v1::ExportPersonDataRequest* req,
    privacy::v1::PersonData* resp) {
  return runtime_->Serve(ctx, "ExportPersonData", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           return privacy::ExportPersonDataRpc(
                               call, *options_.pool, VacanciesDataMap(), req,
                               resp);
                         });
}

ServerUnaryReactor* VacanciesHandler::ErasePersonData(
    CallbackServerContext* ctx, const privacy::v1::ErasePersonDataRequest* req,
    privacy::v1::ErasePersonDataResponse* resp) {
  return runtime_->Serve(ctx, "ErasePersonData", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           return privacy::ErasePersonDataRpc(
                               call, *options_.pool, VacanciesDataMap(), req,
                               resp);
                         });
}

}  // namespace samen::vacancies
