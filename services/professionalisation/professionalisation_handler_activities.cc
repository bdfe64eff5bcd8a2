// Activities: the catalogue, create, update, delete.

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "samen/partners/v1/resources.pb.h"
#include "services/common/errors.h"
#include "services/common/resource/field_mask.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/professionalisation/professionalisation_handler.h"

namespace samen::professionalisation {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

namespace {

// What an activity shows of a host location.
struct LocationInfo {
  std::string display_name;
  std::string city;
};

// A directory answer about something the client named in `field`: NOT_FOUND
// becomes a bad field; other failures (refused, no answer) pass as they are.
absl::Status AsFieldError(const absl::Status& s, absl::string_view field) {
  return absl::IsNotFound(s) ? InvalidField(field, s.message()) : s;
}

// OK when the owning partnership or organisation exists.
absl::Status CheckOwner(directory::Directory& dir, const CallContext& call,
                        const Owner& owner, absl::string_view field) {
  if (owner.partnership) {
    return AsFieldError(dir.CheckPartnership(call, owner.id), field);
  }
  return AsFieldError(dir.GetOrganisation(call, owner.id).status(), field);
}

// The location's name and city; for a partnership's activity the location
// must be one of its members.
absl::StatusOr<LocationInfo> CheckLocation(directory::Directory& dir,
                                           const CallContext& call,
                                           const Owner& owner,
                                           const std::string& organisation_id,
                                           absl::string_view field) {
  auto org = dir.GetOrganisation(call, organisation_id);
  if (!org.ok()) {
    return AsFieldError(org.status(), field);
  }
  if (owner.partnership) {
    const absl::Status member =
        dir.CheckMembership(call, owner.id, organisation_id);
    if (absl::IsNotFound(member)) {
      return InvalidField(field,
                          absl::StrCat("organisations/", organisation_id,
                                       " is not a member of ", owner.name()));
    }
    RETURN_IF_ERROR(member);
  }
  return LocationInfo{org->display_name, org->city};
}

}  // namespace

ProfessionalisationHandler::ProfessionalisationHandler(
    ProfessionalisationRepository* repository, directory::Directory* partners,
    CallRuntime* runtime, const Clock* clock, db::Pool* pool)
    : repo_(repository),
      partners_(partners),
      runtime_(runtime),
      clock_(clock),
      pool_(pool) {}

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
    ASSIGN_OR_RETURN(
        auto id, resource::ParseName(s->location(), "organisations", field));
    auto it = seen.find(id);
    if (it == seen.end()) {
      ASSIGN_OR_RETURN(auto info,
                       CheckLocation(*partners_, call, owner, id, field));
      it = seen.emplace(id, info).first;
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
  RETURN_IF_ERROR(MayOrganise(call.principal, facts->owner));
  return facts;
}

ServerUnaryReactor* ProfessionalisationHandler::GetActivity(
    CallbackServerContext* ctx, const v1::GetActivityRequest* req,
    v1::Activity* resp) {
  return runtime_->Serve(
      ctx, "GetActivity", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto id, ParseActivityName(req.name(), "name"));
        ASSIGN_OR_RETURN(*resp, repo_->GetActivity(id, call.deadline));
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
          RETURN_IF_ERROR(resource::ValidateText(*value, field, max, false));
        }
        f.theme = req.theme();
        f.city = req.city();
        f.query = req.query();
        if (!req.owner().empty()) {
          ASSIGN_OR_RETURN(auto owner, ParseOwner(req.owner(), "owner"));
          f.owner = owner.name();
        }
        if (!req.location().empty()) {
          ASSIGN_OR_RETURN(
              auto loc,
              resource::ParseName(req.location(), "organisations", "location"));
          f.location_id = loc;
        }
        ASSIGN_OR_RETURN(
            auto range,
            CatalogueRange(req.start_date(), req.end_date(), clock_->Now()));
        f.range = range;
        f.only_with_free_places = req.only_with_free_places();
        const std::string fingerprint = absl::StrCat(
            "activities|", f.audience, "|", f.kind, "|", f.sector, "|",
            absl::AsciiStrToLower(f.theme), "|", f.owner, "|", f.location_id,
            "|", absl::AsciiStrToLower(f.city), "|", req.start_date(), "|",
            req.end_date(), "|", f.query, "|", f.only_with_free_places);
        return resource::ServeListPage(
            req, fingerprint,
            [&](const resource::PageQuery& q) {
              return repo_->ListActivities(f, q.after, q.size, call.deadline);
            },
            [](auto* r, auto item) { *r->add_activities() = std::move(item); },
            resp, 20, 100);
      });
}

ServerUnaryReactor* ProfessionalisationHandler::CreateActivity(
    CallbackServerContext* ctx, const v1::CreateActivityRequest* req,
    v1::Activity* resp) {
  return runtime_->Serve(
      ctx, "CreateActivity", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto owner,
                         ParseOwner(req.activity().owner(), "activity.owner"));
        RETURN_IF_ERROR(MayOrganise(call.principal, owner));
        RETURN_IF_ERROR(resource::ValidateId(req.activity_id(), "activity_id"));
        v1::Activity a = req.activity();
        RETURN_IF_ERROR(
            ValidateAndResolveActivity(&a, req.activity_id(), "activity"));
        const absl::Time now = clock_->Now();
        ApplyCreateDefaults(&a, now);
        RETURN_IF_ERROR(CheckEnrolmentTimes(a, "activity"));
        RETURN_IF_ERROR(CheckOwner(*partners_, call, owner, "activity.owner"));
        RETURN_IF_ERROR(ResolveLocations(call, owner, &a, "activity"));
        ASSIGN_OR_RETURN(*resp, repo_->CreateActivity(req.activity_id(), a, now,
                                                      call.deadline));
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
        ASSIGN_OR_RETURN(
            auto id, ParseActivityName(req.activity().name(), "activity.name"));
        ASSIGN_OR_RETURN(auto facts, RequireOrganiser(call, id));
        ASSIGN_OR_RETURN(auto mask, resource::EffectiveMask(
                                        req.update_mask(), req.activity(),
                                        UpdatableActivityFields()));
        // Host locations come from the Partners service, outside the
        // transaction; the owner cannot change, so the check stays valid.
        v1::Activity patch = req.activity();
        for (const auto& path : mask.paths()) {
          if (path == "sessions") {
            RETURN_IF_ERROR(
                ResolveLocations(call, facts.owner, &patch, "activity"));
          }
        }
        ASSIGN_OR_RETURN(
            auto updated,
            repo_->UpdateActivity(
                id, req.activity().etag(),
                [&](v1::Activity* current) -> absl::Status {
                  resource::ApplyMask(mask, patch, current);
                  RETURN_IF_ERROR(
                      ValidateAndResolveActivity(current, id, "activity"));
                  RETURN_IF_ERROR(CheckEnrolmentTimes(*current, "activity"));
                  return CheckCapacity(current->capacity(),
                                       current->enrolled_count());
                },
                call.principal.subject, clock_->Now(), call.deadline));
        *resp = std::move(updated);
        return absl::OkStatus();
      });
}

ServerUnaryReactor* ProfessionalisationHandler::DeleteActivity(
    CallbackServerContext* ctx, const v1::DeleteActivityRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeleteActivity", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        ASSIGN_OR_RETURN(auto id, ParseActivityName(req.name(), "name"));
        if (auto facts = RequireOrganiser(call, id); !facts.ok()) {
          return facts.status();
        }
        return repo_->DeleteActivity(id, req.etag(), call.deadline);
      });
}

ServerUnaryReactor* ProfessionalisationHandler::CancelActivity(
    CallbackServerContext* ctx, const v1::CancelActivityRequest* req,
    v1::Activity* resp) {
  return runtime_->Serve(
      ctx, "CancelActivity", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(auto id, ParseActivityName(req.name(), "name"));
        RETURN_IF_ERROR(RequireOrganiser(call, id).status());
        RETURN_IF_ERROR(resource::ValidateText(req.reason(), "reason", 500,
                                               /*required=*/true));
        ASSIGN_OR_RETURN(
            *resp, repo_->CancelActivity(id, req.etag(), req.reason(),
                                         call.principal.subject, clock_->Now(),
                                         call.deadline));
        return absl::OkStatus();
      });
}

}  // namespace samen::professionalisation
