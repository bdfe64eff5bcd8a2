// HR tracking and the audit of reads.

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/induction/access_rules.h"
#include "services/induction/induction_handler.h"
#include "services/induction/names.h"

namespace samen::induction {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

ServerUnaryReactor* InductionHandler::ListAccessRecords(
    CallbackServerContext* ctx, const v1::ListAccessRecordsRequest* req,
    v1::ListAccessRecordsResponse* resp) {
  return runtime_->Serve(
      ctx, "ListAccessRecords", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto starter_id = ParseName(req.parent(), "starters", "parent");
        if (!starter_id.ok()) {
          return starter_id.status();
        }
        if (call.principal.subject != *starter_id) {
          return Denied("only the starter lists who read their record");
        }
        auto size = EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        const std::string fingerprint = absl::StrCat("access|", *starter_id);
        auto after = DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        auto page =
            repo_->ListAccessRecords(*starter_id, *after, *size, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        for (auto& r : page->items) {
          *resp->add_records() = std::move(r);
        }
        if (!page->next_key.empty()) {
          resp->set_next_page_token(
              EncodePageToken(page->next_key, fingerprint));
        }
        return absl::OkStatus();
      });
}

}  // namespace samen::induction
