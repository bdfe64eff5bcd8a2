// Activities: the catalogue, create, update, delete.

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/errors.h"
#include "services/common/sql_time.h"
#include "services/partners/partners_rules.h"
#include "services/professionalisation/professionalisation_handler.h"

namespace samen::professionalisation {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

ProfessionalisationHandler::ProfessionalisationHandler(
    ProfessionalisationRepository* repository, PartnersDirectory* partners,
    CallRuntime* runtime, Clock clock)
    : repo_(repository),
      partners_(partners),
      runtime_(runtime),
      clock_(clock ? std::move(clock) : Clock([] { return NowMicros(); })) {}

absl::Status ProfessionalisationHandler::ResolveLocations(
    const CallContext& call, const Owner& owner, v1::Activity* a,
    absl::string_view prefix) {
  std::map<std::string, LocationInfo> seen;
  for (int i = 0; i < a->sessions_size(); ++i) {
    v1::Session* s = a->mutable_sessions(i);
    if (s->location().empty()) {
      s->clear_location_display_name();
      s->clear_city();
      continue;
    }
    const std::string field =
        absl::StrCat(prefix, ".sessions[", i, "].location");
    auto id = partners::ParseName(s->location(), "organisations", field);
    if (!id.ok()) {
      return id.status();
    }
    auto it = seen.find(*id);
    if (it == seen.end()) {
      auto info = partners_->CheckLocation(call, owner, *id, field);
      if (!info.ok()) {
        return info.status();
      }
      it = seen.emplace(*id, *info).first;
    }
    s->set_location_display_name(it->second.display_name);
    s->set_city(it->second.city);
  }
  return absl::OkStatus();
}

absl::StatusOr<ActivityFacts> ProfessionalisationHandler::RequireOrganiser(
    const CallContext& call, const std::string& activity_id) {
  auto facts = repo_->GetFacts(activity_id, call.deadline);
  if (!facts.ok()) {
    return facts.status();
  }
  if (auto s = MayOrganise(call.principal, facts->owner); !s.ok()) {
    return s;
  }
  return facts;
}

ServerUnaryReactor* ProfessionalisationHandler::GetActivity(
    CallbackServerContext* ctx, const v1::GetActivityRequest* req,
    v1::Activity* resp) {
  return runtime_->Serve(ctx, "GetActivity", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           auto id = ParseActivityName(req.name(), "name");
                           if (!id.ok()) {
                             return id.status();
                           }
                           auto a = repo_->GetActivity(*id, call.deadline);
                           if (!a.ok()) {
                             return a.status();
                           }
                           *resp = *std::move(a);
                           return absl::OkStatus();
                         });
}

ServerUnaryReactor* ProfessionalisationHandler::ListActivities(
    CallbackServerContext* ctx, const v1::ListActivitiesRequest* req,
    v1::ListActivitiesResponse* resp) {
  return runtime_->Serve(
      ctx, "ListActivities", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto size = PageSize(req.page_size(), 20, 100);
        if (!size.ok()) {
          return size.status();
        }
        ActivityFilter f;
        if (!v1::Audience_IsValid(req.audience())) {
          return InvalidField("audience", "is not an audience");
        }
        if (!v1::ActivityKind_IsValid(req.kind())) {
          return InvalidField("kind", "is not an activity kind");
        }
        if (!partners::v1::Sector_IsValid(req.sector())) {
          return InvalidField("sector", "is not a sector");
        }
        f.audience = req.audience();
        f.kind = req.kind();
        f.sector = req.sector();
        for (const auto& [value, field, max] :
             {std::tuple{&req.theme(), "theme", 63},
              std::tuple{&req.city(), "city", 100},
              std::tuple{&req.query(), "query", 100}}) {
          if (auto s = partners::ValidateText(*value, field, max, false);
              !s.ok()) {
            return s;
          }
        }
        f.theme = req.theme();
        f.city = req.city();
        f.query = req.query();
        if (!req.owner().empty()) {
          auto owner = ParseOwner(req.owner(), "owner");
          if (!owner.ok()) {
            return owner.status();
          }
          f.owner = owner->name();
        }
        if (!req.location().empty()) {
          auto loc =
              partners::ParseName(req.location(), "organisations", "location");
          if (!loc.ok()) {
            return loc.status();
          }
          f.location_id = *loc;
        }
        auto range = CatalogueRange(req.start_date(), req.end_date(), clock_());
        if (!range.ok()) {
          return range.status();
        }
        f.range = *range;
        f.only_with_free_places = req.only_with_free_places();
        const std::string fingerprint = absl::StrCat(
            "activities|", f.audience, "|", f.kind, "|", f.sector, "|",
            absl::AsciiStrToLower(f.theme), "|", f.owner, "|", f.location_id,
            "|", absl::AsciiStrToLower(f.city), "|", req.start_date(), "|",
            req.end_date(), "|", f.query, "|", f.only_with_free_places);
        auto after = partners::DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        auto page = repo_->ListActivities(f, *after, *size, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        for (auto& a : page->items) {
          *resp->add_activities() = std::move(a);
        }
        if (!page->next_key.empty()) {
          resp->set_next_page_token(
              partners::EncodePageToken(page->next_key, fingerprint));
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* ProfessionalisationHandler::CreateActivity(
    CallbackServerContext* ctx, const v1::CreateActivityRequest* req,
    v1::Activity* resp) {
  return runtime_->Serve(
      ctx, "CreateActivity", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto owner = ParseOwner(req.activity().owner(), "activity.owner");
        if (!owner.ok()) {
          return owner.status();
        }
        if (auto s = MayOrganise(call.principal, *owner); !s.ok()) {
          return s;
        }
        if (auto s =
                partners::ValidateResourceId(req.activity_id(), "activity_id");
            !s.ok()) {
          return s;
        }
        v1::Activity a = req.activity();
        if (auto s =
                ValidateAndResolveActivity(&a, req.activity_id(), "activity");
            !s.ok()) {
          return s;
        }
        const absl::Time now = clock_();
        ApplyCreateDefaults(&a, now);
        if (auto s = CheckEnrolmentTimes(a, "activity"); !s.ok()) {
          return s;
        }
        if (auto s = partners_->CheckOwner(call, *owner, "activity.owner");
            !s.ok()) {
          return s;
        }
        if (auto s = ResolveLocations(call, *owner, &a, "activity"); !s.ok()) {
          return s;
        }
        auto created =
            repo_->CreateActivity(req.activity_id(), a, now, call.deadline);
        if (!created.ok()) {
          return created.status();
        }
        *resp = *std::move(created);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* ProfessionalisationHandler::UpdateActivity(
    CallbackServerContext* ctx, const v1::UpdateActivityRequest* req,
    v1::Activity* resp) {
  return runtime_->Serve(
      ctx, "UpdateActivity", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto id = ParseActivityName(req.activity().name(), "activity.name");
        if (!id.ok()) {
          return id.status();
        }
        auto facts = RequireOrganiser(call, *id);
        if (!facts.ok()) {
          return facts.status();
        }
        auto mask = partners::EffectiveMask(req.update_mask(), req.activity(),
                                            UpdatableActivityFields());
        if (!mask.ok()) {
          return mask.status();
        }
        // Host locations come from the Partners service, outside the
        // transaction; the owner cannot change, so the check stays valid.
        v1::Activity patch = req.activity();
        for (const auto& path : mask->paths()) {
          if (path == "sessions") {
            if (auto s =
                    ResolveLocations(call, facts->owner, &patch, "activity");
                !s.ok()) {
              return s;
            }
          }
        }
        auto updated = repo_->UpdateActivity(
            *id, req.activity().etag(),
            [&](v1::Activity* current) -> absl::Status {
              partners::ApplyMask(*mask, patch, current);
              if (auto s = ValidateAndResolveActivity(current, *id, "activity");
                  !s.ok()) {
                return s;
              }
              if (auto s = CheckEnrolmentTimes(*current, "activity"); !s.ok()) {
                return s;
              }
              return CheckCapacity(current->capacity(),
                                   current->enrolled_count());
            },
            call.principal.subject, clock_(), call.deadline);
        if (!updated.ok()) {
          return updated.status();
        }
        *resp = *std::move(updated);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* ProfessionalisationHandler::DeleteActivity(
    CallbackServerContext* ctx, const v1::DeleteActivityRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeleteActivity", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        auto id = ParseActivityName(req.name(), "name");
        if (!id.ok()) {
          return id.status();
        }
        if (auto facts = RequireOrganiser(call, *id); !facts.ok()) {
          return facts.status();
        }
        return repo_->DeleteActivity(*id, req.etag(), call.deadline);
      });
}

}  // namespace samen::professionalisation
