// Vacancy profiles, shortage subjects and hiring agreements.

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "db/sql_time.h"
#include "services/common/errors.h"
#include "services/common/resource/field_mask.h"
#include "services/common/resource/names.h"
#include "services/common/resource/text.h"
#include "services/common/timestamp.h"
#include "services/vacancies/resource.h"
#include "services/vacancies/school_directory.h"
#include "services/vacancies/vacancies_handler.h"

namespace samen::vacancies {
namespace {

const std::vector<std::string>& ProfileFields() {
  static const auto* fields =
      new std::vector<std::string>{"subjects", "degree", "regions"};
  return *fields;
}

const std::vector<std::string>& HiringFields() {
  static const auto* fields =
      new std::vector<std::string>{"direct_hire", "note"};
  return *fields;
}

absl::Status ValidateProfile(const v1::VacancyProfile& p) {
  if (auto s = ValidateSubjects(p.subjects(), "vacancy_profile.subjects", 20);
      !s.ok()) {
    return s;
  }
  if (!v1::DegreeLevel_IsValid(p.degree())) {
    return InvalidField("vacancy_profile.degree",
                        "is not a known degree level");
  }
  if (p.regions_size() > 10) {
    return InvalidField("vacancy_profile.regions", "at most 10 regions");
  }
  for (int i = 0; i < p.regions_size(); ++i) {
    const std::string field = absl::StrCat("vacancy_profile.regions[", i, "]");
    if (auto s = resource::ValidateText(p.regions(i), field, 100, true);
        !s.ok()) {
      return s;
    }
    if (absl::StrContains(p.regions(i), "|")) {
      return InvalidField(field, "must not contain '|'");
    }
  }
  return absl::OkStatus();
}

}  // namespace

VacanciesHandler::Reactor* VacanciesHandler::GetVacancyProfile(
    Ctx* ctx, const v1::GetVacancyProfileRequest* req,
    v1::VacancyProfile* resp) {
  return runtime_->Serve(
      ctx, "GetVacancyProfile", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto person = ParseNameId(req.name(), kProfileName, "name");
        if (!person.ok()) {
          return person.status();
        }
        if (auto s = MayUseProfile(call.principal, *person); !s.ok()) {
          return s;
        }
        auto p = repo_->GetProfile(*person, call.deadline);
        if (!p.ok()) {
          return p.status();
        }
        *resp = *std::move(p);
        return absl::OkStatus();
      });
}

VacanciesHandler::Reactor* VacanciesHandler::UpdateVacancyProfile(
    Ctx* ctx, const v1::UpdateVacancyProfileRequest* req,
    v1::VacancyProfile* resp) {
  return runtime_->Serve(
      ctx, "UpdateVacancyProfile", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto person = ParseNameId(req.vacancy_profile().name(), kProfileName,
                                  "vacancy_profile.name");
        if (!person.ok()) {
          return person.status();
        }
        if (auto s = MayUseProfile(call.principal, *person); !s.ok()) {
          return s;
        }
        auto mask = resource::EffectiveMask(
            req.update_mask(), req.vacancy_profile(), ProfileFields());
        if (!mask.ok()) {
          return mask.status();
        }
        auto p = repo_->UpdateProfile(
            *person, req.vacancy_profile().etag(),
            [&](v1::VacancyProfile* current) {
              resource::ApplyMask(*mask, req.vacancy_profile(), current);
              return ValidateProfile(*current);
            },
            options_.clock->Now(), call.deadline);
        if (!p.ok()) {
          return p.status();
        }
        *resp = *std::move(p);
        return absl::OkStatus();
      });
}

VacanciesHandler::Reactor* VacanciesHandler::GetShortageSubjects(
    Ctx* ctx, const v1::GetShortageSubjectsRequest* req,
    v1::ShortageSubjects* resp) {
  return runtime_->Serve(
      ctx, "GetShortageSubjects", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto slug = ParseNameId(req.name(), kShortageSubjectsName, "name");
        if (!slug.ok()) {
          return slug.status();
        }
        auto region = ResolveRegion(*options_.directory, call, *slug);
        if (!region.ok()) {
          return region.status();
        }
        auto list =
            repo_->GetShortageSubjects(*slug, region->text, call.deadline);
        if (!list.ok()) {
          return list.status();
        }
        *resp = *std::move(list);
        return absl::OkStatus();
      });
}

VacanciesHandler::Reactor* VacanciesHandler::UpdateShortageSubjects(
    Ctx* ctx, const v1::UpdateShortageSubjectsRequest* req,
    v1::ShortageSubjects* resp) {
  return runtime_->Serve(
      ctx, "UpdateShortageSubjects", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        const auto& in = req.shortage_subjects();
        auto slug = ParseNameId(in.name(), kShortageSubjectsName,
                                "shortage_subjects.name");
        if (!slug.ok()) {
          return slug.status();
        }
        if (auto s = ValidateSubjects(in.subjects(),
                                      "shortage_subjects.subjects", 50);
            !s.ok()) {
          return s;
        }
        const std::vector<std::string> subjects(in.subjects().begin(),
                                                in.subjects().end());
        auto region = ResolveRegion(*options_.directory, call, *slug);
        if (!region.ok()) {
          return region.status();
        }
        if (auto s =
                MayUpdateShortageSubjects(call.principal, region->partnerships);
            !s.ok()) {
          return s;
        }
        auto list = repo_->UpdateShortageSubjects(
            *slug, region->text, in.etag(), subjects, options_.clock->Now(),
            call.deadline);
        if (!list.ok()) {
          return list.status();
        }
        Changed();
        *resp = *std::move(list);
        return absl::OkStatus();
      });
}

VacanciesHandler::Reactor* VacanciesHandler::GetHiringAgreement(
    Ctx* ctx, const v1::GetHiringAgreementRequest* req,
    v1::HiringAgreement* resp) {
  return runtime_->Serve(
      ctx, "GetHiringAgreement", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        auto id = ParseNameId(req.name(), kHiringAgreementName, "name");
        if (!id.ok()) {
          return id.status();
        }
        if (auto s = options_.directory->CheckPartnership(call, *id); !s.ok()) {
          return s;
        }
        auto a = repo_->GetHiringAgreement(*id, call.deadline);
        if (!a.ok()) {
          return a.status();
        }
        *resp = *std::move(a);
        return absl::OkStatus();
      });
}

VacanciesHandler::Reactor* VacanciesHandler::UpdateHiringAgreement(
    Ctx* ctx, const v1::UpdateHiringAgreementRequest* req,
    v1::HiringAgreement* resp) {
  return runtime_->Serve(
      ctx, "UpdateHiringAgreement", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        const auto& in = req.hiring_agreement();
        auto id = ParseNameId(in.name(), kHiringAgreementName,
                              "hiring_agreement.name");
        if (!id.ok()) {
          return id.status();
        }
        if (auto s = MayUpdateHiringAgreement(call.principal, *id); !s.ok()) {
          return s;
        }
        if (auto s = options_.directory->CheckPartnership(call, *id); !s.ok()) {
          return s;
        }
        auto mask =
            resource::EffectiveMask(req.update_mask(), in, HiringFields());
        if (!mask.ok()) {
          return mask.status();
        }
        auto a = repo_->UpdateHiringAgreement(
            *id, in.etag(),
            [&](v1::HiringAgreement* current) {
              resource::ApplyMask(*mask, in, current);
              return resource::ValidateText(
                  current->note(), "hiring_agreement.note", 500, false);
            },
            options_.clock->Now(), call.deadline);
        if (!a.ok()) {
          return a.status();
        }
        Changed();
        *resp = *std::move(a);
        return absl::OkStatus();
      });
}

}  // namespace samen::vacancies
