// ExportPersonData and ErasePersonData: a person's data in samen_induction
// exported or erased by the privacy engine (services/common/privacy/) as
// InductionDataMap() says. Internal: no HTTP route, only the `service` role
// (the privacy operation) and administrators.

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cppconn/connection.h"
#include "db/transaction.h"
#include "services/common/errors.h"
#include "services/common/privacy/engine.h"
#include "services/common/resource/names.h"
#include "services/common/status_macros.h"
#include "services/induction/induction_handler.h"
#include "services/induction/privacy_map.h"

namespace samen::induction {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

namespace {

// Rows changed per statement: small enough that no batch holds a hot table's
// locks for long.
constexpr int kEraseBatch = 200;

absl::Status MayHandPersonData(const auth::Principal& who) {
  if (who.HasRole(auth::kService) || who.HasRole(auth::kAdmin)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "a person's data is exported and erased by Samen's privacy operation "
      "(the service role) or an administrator");
}

}  // namespace

ServerUnaryReactor* InductionHandler::ExportPersonData(
    CallbackServerContext* ctx, const v1::ExportPersonDataRequest* req,
    v1::PersonData* resp) {
  return runtime_->Serve(
      ctx, "ExportPersonData", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        RETURN_IF_ERROR(MayHandPersonData(call.principal));
        ASSIGN_OR_RETURN(const std::string person,
                         resource::ParseName(req.person(), "people", "person"));
        ASSIGN_OR_RETURN(*resp->mutable_data(),
                         db::WithConnection<google::protobuf::Struct>(
                             *pool_, call.deadline, "export person data",
                             [&](sql::Connection& c) {
                               return privacy::ExportPerson(
                                   c, InductionDataMap(), person);
                             }));
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::ErasePersonData(
    CallbackServerContext* ctx, const v1::ErasePersonDataRequest* req,
    v1::ErasePersonDataResponse* resp) {
  return runtime_->Serve(
      ctx, "ErasePersonData", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        RETURN_IF_ERROR(MayHandPersonData(call.principal));
        ASSIGN_OR_RETURN(const std::string person,
                         resource::ParseName(req.person(), "people", "person"));
        if (req.pseudonym().empty()) {
          return InvalidField("pseudonym", "is required");
        }
        privacy::ErasureOptions options{
            .pseudonym = req.pseudonym(),
            .batch_size = kEraseBatch,
            // Out of time: stop between batches; the caller calls again.
            .after_batch = [&](absl::string_view, int64_t) {
              return absl::Now() < call.deadline
                         ? absl::OkStatus()
                         : absl::DeadlineExceededError(
                               "erase person data: out of time; call again "
                               "with the same pseudonym to finish");
            }};
        ASSIGN_OR_RETURN(
            const auto tables,
            (db::WithConnection<std::vector<privacy::TableErasure>>(
                *pool_, call.deadline, "erase person data",
                [&](sql::Connection& c) {
                  return privacy::ErasePerson(c, InductionDataMap(), person,
                                              options);
                })));
        for (const privacy::TableErasure& t : tables) {
          v1::TableErasure* out = resp->add_tables();
          out->set_table(t.table);
          out->set_deleted(t.deleted);
          out->set_anonymised(t.anonymised);
          out->set_kept(t.kept);
        }
        return absl::OkStatus();
      });
}

}  // namespace samen::induction
