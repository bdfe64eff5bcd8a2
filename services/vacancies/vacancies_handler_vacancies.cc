// Vacancies: read, list, draft, change, publish, close, delete, JSON-LD and
// "for me".

#include "services/vacancies/vacancies_handler.h"

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "db/sql_time.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "services/common/timestamp.h"
#include "services/vacancies/resource.h"
#include "services/vacancies/school_directory.h"
#include "services/vacancies/vacancy_job_posting.h"
#include "services/vacancies/vacancy_rules.h"

namespace samen::vacancies {
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
    resp->set_next_page_token(EncodePageToken(page.next_key, fingerprint));
  }
}

// A mutation that first checks that `who` may change the vacancy and that
// `action` is possible in its status, then applies `edit` (when given).
VacancyMutation Guarded(const auth::Principal& who, VacancyAction action,
                        std::function<absl::Status(v1::Vacancy*)> edit) {
  return [&who, action, edit = std::move(edit)](
             const SchoolScope& school, v1::Vacancy* current) -> absl::Status {
    RETURN_IF_ERROR(
        MayChangeVacancy(who, school, current->status(), current->name()));
    RETURN_IF_ERROR(CheckTransition(current->status(), action));
    return edit ? edit(current) : absl::OkStatus();
  };
}

}  // namespace

void SetVisibility(const auth::Principal& who, VacancyFilter* filter) {
  filter->see_everything = who.IsAdmin();
  filter->hr_organisations =
      IdsOfScopes(who.ScopesWithRole(auth::kHr), "organisations");
  filter->coordinated_partnerships =
      IdsOfScopes(who.ScopesWithRole(auth::kCoordinator), "partnerships");
}

absl::StatusOr<std::optional<School>> VacanciesHandler::FreshSchool(
    const CallContext& call, const std::string& school_id, absl::Time now) {
  absl::StatusOr<School> school =
      LookUpSchool(*options_.directory, call, school_id, now);
  if (absl::IsNotFound(school.status())) {
    return std::nullopt;
  }
  RETURN_IF_ERROR(school.status());
  return *std::move(school);
}

absl::Status VacanciesHandler::ChangeVacancy(
    const CallContext& call, const std::string& name, absl::string_view field,
    const std::string& etag, VacancyAction action,
    std::function<absl::Status(v1::Vacancy*)> edit, v1::Vacancy* resp) {
  ASSIGN_OR_RETURN(VacancyName parsed, ParseVacancyName(name, field));
  const absl::Time now = options_.clock->Now();
  ASSIGN_OR_RETURN(std::optional<School> school,
                   FreshSchool(call, parsed.school_id, now));
  ASSIGN_OR_RETURN(
      *resp, repo_->Change(parsed.school_id, parsed.vacancy_id, etag,
                           Guarded(call.principal, action, std::move(edit)),
                           school ? &*school : nullptr, now, call.deadline));
  Changed();
  return absl::OkStatus();
}

absl::StatusOr<VacancyRecord> VacanciesHandler::ReadableVacancy(
    const CallContext& call, const std::string& name) {
  ASSIGN_OR_RETURN(VacancyName parsed, ParseVacancyName(name, "name"));
  ASSIGN_OR_RETURN(VacancyRecord r,
                   repo_->Get(parsed.school_id, parsed.vacancy_id,
                              options_.clock->Now(), call.deadline));
  RETURN_IF_ERROR(
      MayReadVacancy(call.principal, r.school, r.vacancy.status(), name));
  return r;
}

VacanciesHandler::Reactor* VacanciesHandler::GetVacancy(
    Ctx* ctx, const v1::GetVacancyRequest* req, v1::Vacancy* resp) {
  return runtime_->ServePublic(
      ctx, "GetVacancy", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(VacancyRecord r, ReadableVacancy(call, req.name()));
        *resp = std::move(r.vacancy);
        return absl::OkStatus();
      });
}

VacanciesHandler::Reactor* VacanciesHandler::ListVacancies(
    Ctx* ctx, const v1::ListVacanciesRequest* req,
    v1::ListVacanciesResponse* resp) {
  return runtime_->ServePublic(
      ctx, "ListVacancies", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(std::string school,
                         ParseNameId(req.parent(), kVacancyParent, "parent"));
        ASSIGN_OR_RETURN(int size, EffectivePageSize(req.page_size()));
        VacancyFilter filter;
        filter.school_id = school == "-" ? "" : school;
        if (!req.subject().empty()) {
          RETURN_IF_ERROR(ValidateSubject(req.subject(), "subject"));
          filter.subject = req.subject();
        }
        if (!req.partnership().empty()) {
          ASSIGN_OR_RETURN(
              filter.partnership_id,
              ParseName(req.partnership(), "partnerships", "partnership"));
        }
        if (!v1::Vacancy::Status_IsValid(req.status())) {
          return InvalidField("status", "is not a known status");
        }
        filter.status = req.status();
        SetVisibility(call.principal, &filter);
        const std::string fingerprint =
            absl::StrCat("vacancies|", req.parent(), "|", req.subject(), "|",
                         req.partnership(), "|", req.status());
        ASSIGN_OR_RETURN(std::string after,
                         DecodePageToken(req.page_token(), fingerprint));
        ASSIGN_OR_RETURN(Page<VacancyRecord> page,
                         repo_->List(filter, after, size, options_.clock->Now(),
                                     call.deadline));
        AddPage(page, resp, fingerprint);
        return absl::OkStatus();
      });
}

VacanciesHandler::Reactor* VacanciesHandler::CreateVacancy(
    Ctx* ctx, const v1::CreateVacancyRequest* req, v1::Vacancy* resp) {
  return runtime_->Serve(
      ctx, "CreateVacancy", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(std::string school,
                         ParseName(req.parent(), "organisations", "parent"));
        std::string id = req.vacancy_id();
        if (id.empty()) {
          id = NewVacancyId();
        } else {
          RETURN_IF_ERROR(ValidateId(id, "vacancy_id"));
        }
        v1::Vacancy vacancy = req.vacancy();
        NormaliseVacancy(&vacancy);
        RETURN_IF_ERROR(ValidateVacancy(vacancy, "vacancy"));
        const absl::Time now = options_.clock->Now();
        ASSIGN_OR_RETURN(School s,
                         LookUpSchool(*options_.directory, call, school, now));
        RETURN_IF_ERROR(MayCreateVacancy(call.principal, s.scope));
        if (s.type != partners_v1::Organisation::SCHOOL) {
          return InvalidField("parent", "vacancies belong to a school");
        }
        ASSIGN_OR_RETURN(*resp,
                         repo_->Create(s, id, vacancy, now, call.deadline));
        return absl::OkStatus();
      });
}

VacanciesHandler::Reactor* VacanciesHandler::UpdateVacancy(
    Ctx* ctx, const v1::UpdateVacancyRequest* req, v1::Vacancy* resp) {
  return runtime_->Serve(
      ctx, "UpdateVacancy", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(google::protobuf::FieldMask mask,
                         EffectiveMask(req.update_mask(), req.vacancy(),
                                       UpdatableVacancyFields()));
        const absl::Time now = options_.clock->Now();
        return ChangeVacancy(
            call, req.vacancy().name(), "vacancy.name", req.vacancy().etag(),
            VacancyAction::kUpdate,
            [&](v1::Vacancy* current) -> absl::Status {
              ApplyMask(mask, req.vacancy(), current);
              NormaliseVacancy(current);
              RETURN_IF_ERROR(ValidateVacancy(*current, "vacancy"));
              if (current->status() == v1::Vacancy::PUBLISHED) {
                return CheckPublishable(*current, now);
              }
              return absl::OkStatus();
            },
            resp);
      });
}

VacanciesHandler::Reactor* VacanciesHandler::PublishVacancy(
    Ctx* ctx, const v1::PublishVacancyRequest* req, v1::Vacancy* resp) {
  return runtime_->Serve(
      ctx, "PublishVacancy", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        const absl::Time now = options_.clock->Now();
        return ChangeVacancy(
            call, req.name(), "name", req.etag(), VacancyAction::kPublish,
            [&](v1::Vacancy* current) -> absl::Status {
              RETURN_IF_ERROR(CheckPublishable(*current, now));
              current->set_status(v1::Vacancy::PUBLISHED);
              return absl::OkStatus();
            },
            resp);
      });
}

VacanciesHandler::Reactor* VacanciesHandler::CloseVacancy(
    Ctx* ctx, const v1::CloseVacancyRequest* req, v1::Vacancy* resp) {
  return runtime_->Serve(ctx, "CloseVacancy", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           ASSIGN_OR_RETURN(v1::Vacancy::Status outcome,
                                            CloseOutcome(req.outcome()));
                           return ChangeVacancy(
                               call, req.name(), "name", req.etag(),
                               VacancyAction::kClose,
                               [outcome](v1::Vacancy* current) {
                                 current->set_status(outcome);
                                 return absl::OkStatus();
                               },
                               resp);
                         });
}

VacanciesHandler::Reactor* VacanciesHandler::DeleteVacancy(
    Ctx* ctx, const v1::DeleteVacancyRequest* req,
    google::protobuf::Empty* resp) {
  return runtime_->Serve(
      ctx, "DeleteVacancy", req, resp,
      [this](const CallContext& call, const auto& req, auto*) -> absl::Status {
        ASSIGN_OR_RETURN(VacancyName name,
                         ParseVacancyName(req.name(), "name"));
        const absl::Time now = options_.clock->Now();
        ASSIGN_OR_RETURN(std::optional<School> school,
                         FreshSchool(call, name.school_id, now));
        return repo_->Delete(
            name.school_id, name.vacancy_id, req.etag(),
            Guarded(call.principal, VacancyAction::kDelete, nullptr),
            school ? &*school : nullptr, now, call.deadline);
      });
}

VacanciesHandler::Reactor* VacanciesHandler::GetVacancyJobPosting(
    Ctx* ctx, const v1::GetVacancyJobPostingRequest* req,
    google::api::HttpBody* resp) {
  return runtime_->ServePublic(
      ctx, "GetVacancyJobPosting", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(VacancyRecord r, ReadableVacancy(call, req.name()));
        std::optional<ScaleSalary> scale;
        if (r.scale_max_eur > 0) {
          scale = ScaleSalary{r.scale_min_eur, r.scale_max_eur};
        }
        ASSIGN_OR_RETURN(std::string json, JobPostingJsonLd(r.vacancy, scale));
        resp->set_content_type(kJsonLdContentType);
        resp->set_data(std::move(json));
        return absl::OkStatus();
      });
}

absl::Status VacanciesHandler::MatchFor(
    const CallContext& call, const v1::ListVacanciesForMeRequest& req,
    absl::Time now, VacancyFilter* filter, std::string* fingerprint) {
  RETURN_IF_ERROR(ValidateSubjects(req.subjects(), "subjects", 20));
  if (!v1::DegreeLevel_IsValid(req.degree())) {
    return InvalidField("degree", "is not a known degree level");
  }
  for (int i = 0; i < req.regions_size(); ++i) {
    RETURN_IF_ERROR(ValidateText(req.regions(i),
                                 absl::StrCat("regions[", i, "]"), 100, true));
  }
  std::vector<std::string> subjects(req.subjects().begin(),
                                    req.subjects().end());
  v1::DegreeLevel degree = req.degree();
  std::vector<std::string> regions(req.regions().begin(), req.regions().end());
  if (subjects.empty() || degree == v1::DEGREE_LEVEL_UNSPECIFIED ||
      regions.empty()) {
    ASSIGN_OR_RETURN(v1::VacancyProfile profile,
                     repo_->GetProfile(call.principal.subject, call.deadline));
    if (subjects.empty()) {
      subjects.assign(profile.subjects().begin(), profile.subjects().end());
    }
    if (degree == v1::DEGREE_LEVEL_UNSPECIFIED) {
      degree = profile.degree();
    }
    if (regions.empty()) {
      regions.assign(profile.regions().begin(), profile.regions().end());
    }
  }
  if (regions.empty()) {
    ASSIGN_OR_RETURN(regions, RegionsOf(*options_.directory, call,
                                        IdsOfScopes(call.principal.AllScopes(),
                                                    "organisations"),
                                        now));
  }
  *fingerprint = absl::StrCat("forme|", absl::StrJoin(subjects, ","), "|",
                              degree, "|", absl::StrJoin(regions, "|"));
  filter->status = v1::Vacancy::PUBLISHED;
  filter->any_subjects = std::move(subjects);
  if (degree != v1::DEGREE_LEVEL_UNSPECIFIED) {
    filter->degrees = FittingDegrees(degree);
  }
  filter->regions = std::move(regions);
  return absl::OkStatus();
}

VacanciesHandler::Reactor* VacanciesHandler::ListVacanciesForMe(
    Ctx* ctx, const v1::ListVacanciesForMeRequest* req,
    v1::ListVacanciesResponse* resp) {
  return runtime_->Serve(
      ctx, "ListVacanciesForMe", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        RETURN_IF_ERROR(MayListVacanciesForMe(call.principal));
        ASSIGN_OR_RETURN(int size, EffectivePageSize(req.page_size()));
        const absl::Time now = options_.clock->Now();
        VacancyFilter filter;
        std::string fingerprint;
        RETURN_IF_ERROR(MatchFor(call, req, now, &filter, &fingerprint));
        ASSIGN_OR_RETURN(std::string after,
                         DecodePageToken(req.page_token(), fingerprint));
        ASSIGN_OR_RETURN(Page<VacancyRecord> page,
                         repo_->List(filter, after, size, now, call.deadline));
        AddPage(page, resp, fingerprint);
        return absl::OkStatus();
      });
}

}  // namespace samen::vacancies
