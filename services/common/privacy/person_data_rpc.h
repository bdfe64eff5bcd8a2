#pragma once

// The bodies of the two internal RPCs every service offers for a person's
// rights (proto/samen/privacy/v1/person_data.proto): ExportPersonData and
// ErasePersonData on the service's own database, as its data map says. A
// service's handler wraps them in its runtime's Serve:
//
//   return runtime_->Serve(ctx, "ExportPersonData", req, resp,
//       [this](const CallContext& call, const auto& req, auto* resp) {
//         return privacy::ExportPersonDataRpc(call, *pool_, InductionDataMap(),
//                                             req, resp);
//       });
//
// and may add files to the export afterwards (the iCalendar of the starter's
// sessions) or act before the erasure (cancel the starter's future bookings).

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "db/pool.h"
#include "samen/privacy/v1/person_data.pb.h"
#include "services/common/call.h"
#include "services/common/privacy/data_map.h"

namespace samen::privacy {

// Ids starting with this are pseudonyms of erased people: the directory
// refuses them as people's ids, ErasePersonData requires them.
inline constexpr absl::string_view kPseudonymPrefix = "erased-";

// Whether `id` is the pseudonym of an erased person.
bool IsPseudonym(absl::string_view id);

// OK for the `service` role (the privacy operation) and administrators;
// PERMISSION_DENIED for anyone else.
absl::Status MayHandPersonData(const auth::Principal& who);

// The person's id from `people/{person}`, after MayHandPersonData.
absl::StatusOr<std::string> PersonOf(const CallContext& call,
                                     absl::string_view name);

// The person's id of an erasure request, after MayHandPersonData and the
// pseudonym's check: what a service acting before the erasure (cancelling
// the starter's future bookings) checks first, so bad input changes nothing.
absl::StatusOr<std::string> ErasureSubject(
    const CallContext& call, const v1::ErasePersonDataRequest& req);

// Fills resp->data with the person's rows in the pool's database.
absl::Status ExportPersonDataRpc(const CallContext& call, db::Pool& pool,
                                 const DataMap& map,
                                 const v1::ExportPersonDataRequest& req,
                                 v1::PersonData* resp);

// Erases the person from the pool's database in batches of `batch_size` rows,
// stopping between batches when the call's deadline has passed
// (DEADLINE_EXCEEDED: call again with the same pseudonym to finish).
absl::Status ErasePersonDataRpc(const CallContext& call, db::Pool& pool,
                                const DataMap& map,
                                const v1::ErasePersonDataRequest& req,
                                v1::ErasePersonDataResponse* resp,
                                int batch_size = 200);

}  // namespace samen::privacy

// Defines `Handler::ExportPersonData` (or ErasePersonData) as the body above
// over the handler's `runtime_`, the service's pool (a db::Pool&) and its
// data map `map`, for the services whose RPC does nothing besides (induction
// cancels bookings before erasing, professionalisation adds hours.csv: theirs
// are written out). In the service's namespace:
//
//   SAMEN_EXPORT_PERSON_DATA_RPC(IdentityHandler, *pool_, IdentityDataMap())
#define SAMEN_EXPORT_PERSON_DATA_RPC(Handler, pool, map)                     \
  grpc::ServerUnaryReactor* Handler::ExportPersonData(                       \
      grpc::CallbackServerContext* ctx,                                      \
      const ::samen::privacy::v1::ExportPersonDataRequest* req,              \
      ::samen::privacy::v1::PersonData* resp) {                              \
    return runtime_->Serve(                                                  \
        ctx, "ExportPersonData", req, resp,                                  \
        [this](const ::samen::CallContext& call, const auto& req,            \
               auto* resp) -> absl::Status {                                 \
          return ::samen::privacy::ExportPersonDataRpc(call, pool, map, req, \
                                                       resp);                \
        });                                                                  \
  }

#define SAMEN_ERASE_PERSON_DATA_RPC(Handler, pool, map)                     \
  grpc::ServerUnaryReactor* Handler::ErasePersonData(                       \
      grpc::CallbackServerContext* ctx,                                     \
      const ::samen::privacy::v1::ErasePersonDataRequest* req,              \
      ::samen::privacy::v1::ErasePersonDataResponse* resp) {                \
    return runtime_->Serve(                                                 \
        ctx, "ErasePersonData", req, resp,                                  \
        [this](const ::samen::CallContext& call, const auto& req,           \
               auto* resp) -> absl::Status {                                \
          return ::samen::privacy::ErasePersonDataRpc(call, pool, map, req, \
                                                      resp);                \
        });                                                                 \
  }
