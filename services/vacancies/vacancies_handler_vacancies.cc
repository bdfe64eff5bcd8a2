// Vacancies, "for me", JSON-LD and the feed.

#include "services/partners/vacancy_handler.h"

#include <optional>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/errors.h"
#include "services/common/resource/field_mask.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/resource/text.h"
#include "services/common/sql_time.h"
#include "services/partners/partners_rules.h"
#include "services/partners/vacancy_job_posting.h"
#include "services/partners/vacancy_rules.h"
#include "services/partners/vacancy_watch.h"

namespace samen::partners {
namespace {

std::string NewVacancyId() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local absl::BitGen gen;
  std::string id = "v";
  for (int i = 0; i < 11; ++i) {
    id.push_back(kAlphabet[absl::Uniform<int>(gen, 0, 36)]);
  }
  return id;
}

std::vector<std::string> IdsOfScopes(const std::vector<std::string>& scopes,
                                     absl::string_view collection) {
  std::vector<std::string> out;
  const std::string prefix = absl::StrCat(collection, "/");
  for (const auto& s : scopes) {
    if (absl::StartsWith(s, prefix)) {
      out.push_back(s.substr(prefix.size()));
    }
  }
  return out;
}

void AddPage(Page<VacancyRecord>& page, v1::ListVacanciesResponse* resp,
             const std::string& fingerprint) {
  for (auto& r : page.items) {
    *resp->add_vacancies() = std::move(r.vacancy);
  }
  if (!page.next_key.empty()) {
    resp->set_next_page_token(
        resource::EncodePageToken(page.next_key, fingerprint));
  }
}

}  // namespace

void SetVisibility(const auth::Principal& who, VacancyFilter* filter) {
  filter->see_everything = who.IsAdmin();
  filter->hr_organisations =
      IdsOfScopes(who.ScopesWithRole(auth::kHr), "organisations");
  filter->coordinated_partnerships =
      IdsOfScopes(who.ScopesWithRole(auth::kCoordinator), "partnerships");
}

absl::StatusOr<v1::Vacancy> VacancyHandler::Change(
    const std::string& name, absl::string_view field, const std::string& etag,
    const VacancyMutation& mutate, absl::Time deadline) {
  auto parsed = ParseVacancyName(name, field);
  if (!parsed.ok()) {
    return parsed.status();
  }
  auto v = repo_->Change(parsed->school_id, parsed->vacancy_id, etag, mutate,
                         NowMicros(), deadline);
  if (v.ok()) {
    Changed();
  }
  return v;
}

VacancyHandler::Reactor* VacancyHandler::GetVacancy(
    Ctx* ctx, const v1::GetVacancyRequest* req, v1::Vacancy* resp) {
  return runtime_->ServePublic(
      ctx, "GetVacancy", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto name = ParseVacancyName(req.name(), "name");
        if (!name.ok()) {
          return name.status();
        }
        auto r = repo_->Get(name->school_id, name->vacancy_id, NowMicros(),
                            call.deadline);
        if (!r.ok()) {
          return r.status();
        }
        if (auto s = MayReadVacancy(call.principal, r->school,
                                    r->vacancy.status(), req.name());
            !s.ok()) {
          return s;
        }
        *resp = std::move(r->vacancy);
        return absl::OkStatus();
      });
}

VacancyHandler::Reactor* VacancyHandler::ListVacancies(
    Ctx* ctx, const v1::ListVacanciesRequest* req,
    v1::ListVacanciesResponse* resp) {
  return runtime_->ServePublic(
      ctx, "ListVacancies", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto school = ParseVacancyParent(req.parent(), "parent");
        if (!school.ok()) {
          return school.status();
        }
        auto size = resource::EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        VacancyFilter filter;
        filter.school_id = *school == "-" ? "" : *school;
        if (!req.subject().empty()) {
          if (auto s = ValidateSubject(req.subject(), "subject"); !s.ok()) {
            return s;
          }
          filter.subject = req.subject();
        }
        if (!req.partnership().empty()) {
          auto p = resource::ParseName(req.partnership(), "partnerships",
                                       "partnership");
          if (!p.ok()) {
            return p.status();
          }
          filter.partnership_id = *p;
        }
        if (!v1::Vacancy::Status_IsValid(req.status())) {
          return InvalidField("status", "is not a known status");
        }
        filter.status = req.status();
        SetVisibility(call.principal, &filter);
        const std::string fingerprint =
            absl::StrCat("vacancies|", req.parent(), "|", req.subject(), "|",
                         req.partnership(), "|", req.status());
        auto after = resource::DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        auto page =
            repo_->List(filter, *after, *size, NowMicros(), call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        AddPage(*page, resp, fingerprint);
        return absl::OkStatus();
      });
}

VacancyHandler::Reactor* VacancyHandler::CreateVacancy(
    Ctx* ctx, const v1::CreateVacancyRequest* req, v1::Vacancy* resp) {
  return runtime_->Serve(
      ctx, "CreateVacancy", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto school =
            resource::ParseName(req.parent(), "organisations", "parent");
        if (!school.ok()) {
          return school.status();
        }
        std::string id = req.vacancy_id();
        if (id.empty()) {
          id = NewVacancyId();
        } else if (auto s = resource::ValidateId(id, "vacancy_id"); !s.ok()) {
          return s;
        }
        v1::Vacancy vacancy = req.vacancy();
        NormaliseVacancy(&vacancy);
        if (auto s = ValidateVacancy(vacancy, "vacancy"); !s.ok()) {
          return s;
        }
        auto created = repo_->Create(
            *school, id, vacancy,
            [&](const School& s) -> absl::Status {
              if (auto may = MayCreateVacancy(call.principal, s.scope);
                  !may.ok()) {
                return may;
              }
              if (s.type != v1::Organisation::SCHOOL) {
                return InvalidField("parent", "vacancies belong to a school");
              }
              return absl::OkStatus();
            },
            NowMicros(), call.deadline);
        if (!created.ok()) {
          return created.status();
        }
        *resp = *std::move(created);
        return absl::OkStatus();
      });
}

VacancyHandler::Reactor* VacancyHandler::UpdateVacancy(
    Ctx* ctx, const v1::UpdateVacancyRequest* req, v1::Vacancy* resp) {
  return runtime_->Serve(
      ctx, "UpdateVacancy", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto mask = resource::EffectiveMask(req.update_mask(), req.vacancy(),
                                            UpdatableVacancyFields());
        if (!mask.ok()) {
          return mask.status();
        }
        const absl::Time now = NowMicros();
        auto v = Change(
            req.vacancy().name(), "vacancy.name", req.vacancy().etag(),
            [&](const SchoolScope& school,
                v1::Vacancy* current) -> absl::Status {
              if (auto s = MayChangeVacancy(call.principal, school,
                                            current->status(), current->name());
                  !s.ok()) {
                return s;
              }
              if (auto s = CheckTransition(current->status(),
                                           VacancyAction::kUpdate);
                  !s.ok()) {
                return s;
              }
              resource::ApplyMask(*mask, req.vacancy(), current);
              NormaliseVacancy(current);
              if (auto s = ValidateVacancy(*current, "vacancy"); !s.ok()) {
                return s;
              }
              if (current->status() == v1::Vacancy::PUBLISHED) {
                return CheckPublishable(*current, now);
              }
              return absl::OkStatus();
            },
            call.deadline);
        if (!v.ok()) {
          return v.status();
        }
        *resp = *std::move(v);
        return absl::OkStatus();
      });
}

VacancyHandler::Reactor* VacancyHandler::PublishVacancy(
    Ctx* ctx, const v1::PublishVacancyRequest* req, v1::Vacancy* resp) {
  return runtime_->Serve(
      ctx, "PublishVacancy", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        const absl::Time now = NowMicros();
        auto v = Change(
            req.name(), "name", req.etag(),
            [&](const SchoolScope& school,
                v1::Vacancy* current) -> absl::Status {
              if (auto s = MayChangeVacancy(call.principal, school,
                                            current->status(), current->name());
                  !s.ok()) {
                return s;
              }
              if (auto s = CheckTransition(current->status(),
                                           VacancyAction::kPublish);
                  !s.ok()) {
                return s;
              }
              if (auto s = CheckPublishable(*current, now); !s.ok()) {
                return s;
              }
              current->set_status(v1::Vacancy::PUBLISHED);
              return absl::OkStatus();
            },
            call.deadline);
        if (!v.ok()) {
          return v.status();
        }
        *resp = *std::move(v);
        return absl::OkStatus();
      });
}

VacancyHandler::Reactor* VacancyHandler::CloseVacancy(
    Ctx* ctx, const v1::CloseVacancyRequest* req, v1::Vacancy* resp) {
  return runtime_->Serve(
      ctx, "CloseVacancy", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto outcome = CloseOutcome(req.outcome());
        if (!outcome.ok()) {
          return outcome.status();
        }
        auto v = Change(
            req.name(), "name", req.etag(),
            [&](const SchoolScope& school,
                v1::Vacancy* current) -> absl::Status {
              if (auto s = MayChangeVacancy(call.principal, school,
                                            current->status(), current->name());
                  !s.ok()) {
                return s;
              }
              if (auto s =
                      CheckTransition(current->status(), VacancyAction::kClose);
                  !s.ok()) {
                return s;
              }
              current->set_status(*outcome);
              return absl::OkStatus();
            },
            call.deadline);
        if (!v.ok()) {
          return v.status();
        }
        *resp = *std::move(v);
        return absl::OkStatus();
      });
}

VacancyHandler::Reactor* VacancyHandler::DeleteVacancy(
    Ctx* ctx, const v1::DeleteVacancyRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeleteVacancy", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        auto name = ParseVacancyName(req.name(), "name");
        if (!name.ok()) {
          return name.status();
        }
        return repo_->Delete(
            name->school_id, name->vacancy_id, req.etag(),
            [&](const SchoolScope& school,
                v1::Vacancy* current) -> absl::Status {
              if (auto s = MayChangeVacancy(call.principal, school,
                                            current->status(), current->name());
                  !s.ok()) {
                return s;
              }
              return CheckTransition(current->status(), VacancyAction::kDelete);
            },
            NowMicros(), call.deadline);
      });
}

VacancyHandler::Reactor* VacancyHandler::GetVacancyJobPosting(
    Ctx* ctx, const v1::GetVacancyJobPostingRequest* req,
    google::api::HttpBody* resp) {
  return runtime_->ServePublic(
      ctx, "GetVacancyJobPosting", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto name = ParseVacancyName(req.name(), "name");
        if (!name.ok()) {
          return name.status();
        }
        auto r = repo_->Get(name->school_id, name->vacancy_id, NowMicros(),
                            call.deadline);
        if (!r.ok()) {
          return r.status();
        }
        if (auto s = MayReadVacancy(call.principal, r->school,
                                    r->vacancy.status(), req.name());
            !s.ok()) {
          return s;
        }
        auto json = JobPostingJsonLd(r->vacancy);
        if (!json.ok()) {
          return json.status();
        }
        resp->set_content_type(kJsonLdContentType);
        resp->set_data(*std::move(json));
        return absl::OkStatus();
      });
}

VacancyHandler::Reactor* VacancyHandler::ListVacanciesForMe(
    Ctx* ctx, const v1::ListVacanciesForMeRequest* req,
    v1::ListVacanciesResponse* resp) {
  return runtime_->Serve(
      ctx, "ListVacanciesForMe", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        if (auto s = MayListVacanciesForMe(call.principal); !s.ok()) {
          return s;
        }
        auto size = resource::EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        if (auto s = ValidateSubjects(req.subjects(), "subjects", 20);
            !s.ok()) {
          return s;
        }
        if (!v1::DegreeLevel_IsValid(req.degree())) {
          return InvalidField("degree", "is not a known degree level");
        }
        for (int i = 0; i < req.regions_size(); ++i) {
          if (auto s = resource::ValidateText(
                  req.regions(i), absl::StrCat("regions[", i, "]"), 100, true);
              !s.ok()) {
            return s;
          }
        }
        std::vector<std::string> subjects(req.subjects().begin(),
                                          req.subjects().end());
        v1::DegreeLevel degree = req.degree();
        std::vector<std::string> regions(req.regions().begin(),
                                         req.regions().end());
        if (subjects.empty() || degree == v1::DEGREE_LEVEL_UNSPECIFIED ||
            regions.empty()) {
          auto profile =
              repo_->GetProfile(call.principal.subject, call.deadline);
          if (!profile.ok()) {
            return profile.status();
          }
          if (subjects.empty()) {
            subjects.assign(profile->subjects().begin(),
                            profile->subjects().end());
          }
          if (degree == v1::DEGREE_LEVEL_UNSPECIFIED) {
            degree = profile->degree();
          }
          if (regions.empty()) {
            regions.assign(profile->regions().begin(),
                           profile->regions().end());
          }
        }
        const absl::Time now = NowMicros();
        if (regions.empty()) {
          auto mine = repo_->RegionsOf(
              IdsOfScopes(call.principal.AllScopes(), "organisations"), now,
              call.deadline);
          if (!mine.ok()) {
            return mine.status();
          }
          regions = *std::move(mine);
        }
        VacancyFilter filter;
        filter.status = v1::Vacancy::PUBLISHED;
        filter.any_subjects = subjects;
        if (degree != v1::DEGREE_LEVEL_UNSPECIFIED) {
          filter.degrees = FittingDegrees(degree);
        }
        filter.regions = regions;
        const std::string fingerprint =
            absl::StrCat("forme|", absl::StrJoin(subjects, ","), "|", degree,
                         "|", absl::StrJoin(regions, "|"));
        auto after = resource::DecodePageToken(req.page_token(), fingerprint);
        if (!after.ok()) {
          return after.status();
        }
        auto page = repo_->List(filter, *after, *size, now, call.deadline);
        if (!page.ok()) {
          return page.status();
        }
        AddPage(*page, resp, fingerprint);
        return absl::OkStatus();
      });
}

VacancyHandler::Reactor* VacancyHandler::SyncVacancies(
    Ctx* ctx, const v1::SyncVacanciesRequest* req,
    v1::SyncVacanciesResponse* resp) {
  return runtime_->Serve(
      ctx, "SyncVacancies", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        if (auto s = MaySyncVacancies(call.principal); !s.ok()) {
          return s;
        }
        auto size = resource::EffectivePageSize(req.page_size());
        if (!size.ok()) {
          return size.status();
        }
        const absl::Time now = NowMicros();
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
VacancyHandler::WatchVacancies(Ctx* ctx, const v1::WatchVacanciesRequest* req) {
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

}  // namespace samen::partners
