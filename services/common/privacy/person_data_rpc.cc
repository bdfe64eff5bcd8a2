#include "services/common/privacy/person_data_rpc.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cppconn/connection.h"
#include "db/transaction.h"
#include "services/common/errors.h"
#include "services/common/privacy/engine.h"
#include "services/common/resource/names.h"
#include "services/common/status_macros.h"

namespace samen::privacy {

bool IsPseudonym(absl::string_view id) {
  return absl::StartsWith(id, kPseudonymPrefix);
}

absl::Status MayHandPersonData(const auth::Principal& who) {
  if (who.HasRole(auth::kService) || who.HasRole(auth::kAdmin)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "a person's data is exported and erased by Samen's privacy operation "
      "(the service role) or an administrator");
}

absl::StatusOr<std::string> PersonOf(const CallContext& call,
                                     absl::string_view name) {
  RETURN_IF_ERROR(MayHandPersonData(call.principal));
  return resource::ParseName(name, "people", "person");
}

absl::Status ExportPersonDataRpc(const CallContext& call, db::Pool& pool,
                                 const DataMap& map,
                                 const v1::ExportPersonDataRequest& req,
                                 v1::PersonData* resp) {
  ASSIGN_OR_RETURN(const std::string person, PersonOf(call, req.person()));
  ASSIGN_OR_RETURN(
      *resp->mutable_data(),
      db::WithConnection<google::protobuf::Struct>(
          pool, call.deadline, "export person data",
          [&](sql::Connection& c) { return ExportPerson(c, map, person); }));
  return absl::OkStatus();
}

absl::StatusOr<std::string> ErasureSubject(
    const CallContext& call, const v1::ErasePersonDataRequest& req) {
  ASSIGN_OR_RETURN(std::string person, PersonOf(call, req.person()));
  if (req.pseudonym().empty()) {
    return InvalidField("pseudonym", "is required");
  }
  if (!IsPseudonym(req.pseudonym()) ||
      req.pseudonym().size() == kPseudonymPrefix.size()) {
    return InvalidField("pseudonym",
                        absl::StrCat("must be ", kPseudonymPrefix,
                                     " followed by the erasure's own part"));
  }
  return person;
}

absl::Status ErasePersonDataRpc(const CallContext& call, db::Pool& pool,
                                const DataMap& map,
                                const v1::ErasePersonDataRequest& req,
                                v1::ErasePersonDataResponse* resp,
                                int batch_size) {
  ASSIGN_OR_RETURN(const std::string person, ErasureSubject(call, req));
  ErasureOptions options{
      .pseudonym = req.pseudonym(),
      .batch_size = batch_size,
      // Out of time: stop between batches; the caller calls again.
      .after_batch = [&](absl::string_view, int64_t) {
        return absl::Now() < call.deadline
                   ? absl::OkStatus()
                   : absl::DeadlineExceededError(
                         "erase person data: out of time; call again with "
                         "the same pseudonym to finish");
      }};
  ASSIGN_OR_RETURN(
      const auto tables,
      (db::WithConnection<std::vector<TableErasure>>(
          pool, call.deadline, "erase person data", [&](sql::Connection& c) {
            return ErasePerson(c, map, person, options);
          })));
  for (const TableErasure& t : tables) {
    v1::TableErasure* out = resp->add_tables();
    out->set_table(t.table);
    out->set_deleted(t.deleted);
    out->set_anonymised(t.anonymised);
    out->set_kept(t.kept);
  }
  return absl::OkStatus();
}

}  // namespace samen::privacy
