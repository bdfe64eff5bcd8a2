// The feed: SyncVacancies (pages of changes since a sync token) and
// WatchVacancies (the same as a server stream, vacancy_watch.h).

#include <optional>

#include "db/sql_time.h"
#include "services/common/errors.h"
#include "services/common/timestamp.h"
#include "services/vacancies/resource.h"
#include "services/vacancies/vacancies_handler.h"
#include "services/vacancies/vacancy_rules.h"
#include "services/vacancies/vacancy_watch.h"

namespace samen::vacancies {

VacanciesHandler::Reactor* VacanciesHandler::SyncVacancies(
    Ctx* ctx, const v1::SyncVacanciesRequest* req,
    v1::SyncVacanciesResponse* resp) {
  return runtime_->Serve(
      ctx, "SyncVacancies", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        if (auto s = MaySyncVacancies(call.principal); !s.ok()) {
          return s;
        }
        auto size = EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        const absl::Time now = options_.clock->Now();
        auto bounds = repo_->FeedBounds(call.deadline);
        if (!bounds.ok()) {
          return bounds.status();
        }
        const auto [last_seq, pruned_through] = *bounds;
        SyncPosition position;
        if (!req.sync_token().empty()) {
          auto token = DecodeSyncToken(req.sync_token(), "sync_token");
          if (!token.ok()) {
            return token.status();
          }
          if (auto s = CheckSyncTokenUsable(
                  *token, now, options_.feed_retention, pruned_through);
              !s.ok()) {
            return s;
          }
          position.full = false;
          position.seq = token->seq;
        } else {
          position.seq = last_seq;  // the snapshot a full sync starts from
        }
        if (!req.page_token().empty()) {
          auto p = DecodeSyncPosition(req.page_token(), req.sync_token());
          if (!p.ok()) {
            return p.status();
          }
          position = *p;
          if (!position.full && position.seq < pruned_through) {
            return CheckSyncTokenUsable({position.seq, now}, now,
                                        options_.feed_retention,
                                        pruned_through);
          }
        }
        if (position.full) {
          VacancyFilter filter;
          filter.status = v1::Vacancy::PUBLISHED;
          auto page =
              repo_->List(filter, position.last_id, *size, now, call.deadline);
          if (!page.ok()) {
            return page.status();
          }
          for (auto& r : page->items) {
            *resp->add_vacancies() = std::move(r.vacancy);
          }
          if (page->next_key.empty()) {
            resp->set_next_sync_token(EncodeSyncToken({position.seq, now}));
          } else {
            position.last_id = page->next_key;
            resp->set_next_page_token(
                EncodeSyncPosition(position, req.sync_token()));
          }
          return absl::OkStatus();
        }
        auto page =
            repo_->ChangesSince(position.seq, *size, now, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        AppendFeedChanges(*page, resp);
        if (page->more) {
          resp->set_next_page_token(EncodeSyncPosition(
              {false, page->last_seq, ""}, req.sync_token()));
        } else {
          resp->set_next_sync_token(EncodeSyncToken({page->last_seq, now}));
        }
        return absl::OkStatus();
      });
}

grpc::ServerWriteReactor<v1::SyncVacanciesResponse>*
VacanciesHandler::WatchVacancies(Ctx* ctx,
                                 const v1::WatchVacanciesRequest* req) {
  // A watch lasts as long as the caller's deadline allows, up to an hour (the
  // gateway's --stream_timeout is shorter).
  auto call = std::make_shared<CallContext>();
  absl::Status admitted =
      runtime_->Admit(ctx, "WatchVacancies", /*allow_anonymous=*/false,
                      absl::Hours(1), call.get());
  if (admitted.ok()) {
    admitted = MaySyncVacancies(call->principal);
  }
  std::optional<SyncToken> token;
  if (admitted.ok() && !req->sync_token().empty()) {
    auto decoded = DecodeSyncToken(req->sync_token(), "sync_token");
    if (decoded.ok()) {
      token = *decoded;
    } else {
      admitted = decoded.status();
    }
  }
  return watch_hub_->Start(std::move(call), token, std::move(admitted));
}

}  // namespace samen::vacancies
