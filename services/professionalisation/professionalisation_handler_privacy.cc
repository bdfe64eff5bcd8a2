// ExportPersonData and ErasePersonData: a person's data in
// samen_professionalisation exported or erased by the privacy engine
// (services/common/privacy/) as ProfessionalisationDataMap() says; the export
// adds `hours.csv`, their development record as ExportDevelopmentRecord writes
// it. Internal: no HTTP route, only the `service` role (the privacy operation)
// and administrators.

#include "services/common/privacy/person_data_rpc.h"
#include "services/common/status_macros.h"
#include "services/professionalisation/csv_export.h"
#include "services/professionalisation/enrolment_rules.h"
#include "services/professionalisation/privacy_map.h"
#include "services/professionalisation/professionalisation_handler.h"

namespace samen::professionalisation {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

ServerUnaryReactor* ProfessionalisationHandler::ExportPersonData(
    CallbackServerContext* ctx, const privacy::v1::ExportPersonDataRequest* req,
    privacy::v1::PersonData* resp) {
  return runtime_->Serve(
      ctx, "ExportPersonData", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        RETURN_IF_ERROR(privacy::ExportPersonDataRpc(
            call, *pool_, ProfessionalisationDataMap(), req, resp));
        ASSIGN_OR_RETURN(const std::string person,
                         privacy::PersonOf(call, req.person()));
        ASSIGN_OR_RETURN(auto record, repo_->GetRecord(person, call.deadline));
        // Only someone with credited hours gets the file.
        if (!record.rows.empty()) {
          auto* file = resp->add_files();
          file->set_name("hours.csv");
          file->set_content_type(kCsvContentType);
          file->set_content(DevelopmentRecordCsv(
              BuildRecord(person, std::move(record.rows))));
        }
        return absl::OkStatus();
      });
}

SAMEN_ERASE_PERSON_DATA_RPC(ProfessionalisationHandler, *pool_,
                            ProfessionalisationDataMap())

}  // namespace samen::professionalisation
