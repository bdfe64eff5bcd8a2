// ExportPersonData and ErasePersonData: a person's data in samen_induction
// exported or erased by the privacy engine (services/common/privacy/) as
// InductionDataMap() says. The export adds `sessions.ics`, their sessions as
// their calendar feed renders them; the erasure first cancels their future
// bookings as a starter, so their coaches' time is free again. Internal: no
// HTTP route, only the `service` role (the privacy operation) and
// administrators.

#include "services/common/privacy/person_data_rpc.h"
#include "services/common/resource/names.h"
#include "services/common/status_macros.h"
#include "services/induction/ical.h"
#include "services/induction/induction_handler.h"
#include "services/induction/privacy_map.h"

namespace samen::induction {
namespace {

// The cancel_reason of a booking cancelled by its starter's erasure (the
// coach's cancellation e-mail shows it; the erasure then clears it).
constexpr char kErasedReason[] = "erased";

// Whether the export holds a starter record: only a starter's record has
// reads on record.
bool IsStarter(const google::protobuf::Struct& data) {
  const auto& tables = data.fields().find("tables");
  if (tables == data.fields().end()) {
    return false;
  }
  const auto& starters =
      tables->second.struct_value().fields().find("starters");
  return starters != tables->second.struct_value().fields().end() &&
         starters->second.list_value().values_size() > 0;
}

}  // namespace

// An export of a starter's data asked for by someone else (an administrator
// on their behalf) is a read of the starter's record: on record, like HR's.
absl::Status InductionHandler::RecordExportBy(
    const CallContext& call, const privacy::v1::ExportPersonDataRequest& req,
    const std::string& person, const google::protobuf::Struct& data) {
  if (req.requested_by().empty() || !IsStarter(data)) {
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(const std::string viewer,
                   resource::ParseName(req.requested_by(), "people", "person"));
  if (viewer == person) {
    return absl::OkStatus();
  }
  return repo_->RecordAccess({{.starter_id = person,
                               .viewer_id = viewer,
                               .viewer_role = std::string(auth::kAdmin),
                               .action = "ExportPersonalData"}},
                             clock_->Now(), call.deadline);
}

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

ServerUnaryReactor* InductionHandler::ExportPersonData(
    CallbackServerContext* ctx, const privacy::v1::ExportPersonDataRequest* req,
    privacy::v1::PersonData* resp) {
  return runtime_->Serve(
      ctx, "ExportPersonData", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        RETURN_IF_ERROR(privacy::ExportPersonDataRpc(
            call, *pool_, InductionDataMap(), req, resp));
        ASSIGN_OR_RETURN(const std::string person,
                         privacy::PersonOf(call, req.person()));
        RETURN_IF_ERROR(RecordExportBy(call, req, person, resp->data()));
        // Every session they take part in (as starter or coach), not only the
        // feed's recent ones.
        ASSIGN_OR_RETURN(
            auto events,
            repo_->FeedEvents(person, absl::UnixEpoch(), call.deadline));
        if (!events.empty()) {
          auto* file = resp->add_files();
          file->set_name("sessions.ics");
          file->set_content_type("text/calendar; charset=utf-8");
          file->set_content(
              RenderCalendar(kSessionsCalendarName, events, clock_->Now()));
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* InductionHandler::ErasePersonData(
    CallbackServerContext* ctx, const privacy::v1::ErasePersonDataRequest* req,
    privacy::v1::ErasePersonDataResponse* resp) {
  return runtime_->Serve(
      ctx, "ErasePersonData", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(const std::string person,
                         privacy::ErasureSubject(call, req));
        // Their future bookings go first, as cancellations, by them (the
        // erasure then pseudonymises that too): the coach's time is free
        // again and the coach is told; a second call finds none.
        RETURN_IF_ERROR(repo_
                            ->CancelFutureBookings(person, person,
                                                   kErasedReason, clock_->Now(),
                                                   call.deadline)
                            .status());
        return privacy::ErasePersonDataRpc(call, *pool_, InductionDataMap(),
                                           req, resp);
      });
}

}  // namespace samen::induction
