#include "services/vacancies/vacancy_rules.h"
#include "services/common/timestamp.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "services/vacancies/resource.h"
#include "services/vacancies/vacancy_html.h"

namespace samen::vacancies {
namespace {

constexpr absl::string_view kVacancies = "/vacancies/";
constexpr int kMaxSubjects = 10;

std::string Field(absl::string_view prefix, absl::string_view name) {
  return prefix.empty() ? std::string(name) : absl::StrCat(prefix, ".", name);
}

// Valid UTF-8 without control characters other than tab and line breaks, at
// most `max_chars` code points.
absl::Status ValidateLongText(absl::string_view text, absl::string_view field,
                              size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    int len = c < 0x80             ? 1
              : (c & 0xE0) == 0xC0 ? 2
              : (c & 0xF0) == 0xE0 ? 3
              : (c & 0xF8) == 0xF0 ? 4
                                   : 0;
    if (len == 0 || i + len > text.size()) {
      return InvalidField(field, "must be valid UTF-8");
    }
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) {
        return InvalidField(field, "must be valid UTF-8");
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                          (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return InvalidField(field, "must be valid UTF-8");
    }
    const bool control =
        (cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t') || cp == 0x7F ||
        (cp >= 0x80 && cp < 0xA0);
    if (control) {
      return InvalidField(field, "must not contain control characters");
    }
    i += len;
    ++chars;
  }
  if (chars > max_chars) {
    return InvalidField(
        field, absl::StrCat("must be at most ", max_chars, " characters"));
  }
  return absl::OkStatus();
}

absl::Status ValidateHttpsUrl(absl::string_view url, absl::string_view field) {
  if (url.empty()) {
    return absl::OkStatus();
  }
  if (url.size() > 500 || !absl::StartsWith(url, "https://") ||
      url.size() <= 8 || url[8] == '/' ||
      std::any_of(url.begin(), url.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 ||
               static_cast<unsigned char>(c) >= 0x7F || c == '"' || c == '<' ||
               c == '>' || c == '\\';
      })) {
    return InvalidField(field,
                        "must be an https:// URL of at most 500 characters");
  }
  return absl::OkStatus();
}

}  // namespace

// ---- Names --------------------------------------------------------------

absl::StatusOr<VacancyName> ParseVacancyName(absl::string_view name,
                                             absl::string_view field) {
  ASSIGN_OR_RETURN(
      std::vector<std::string> ids,
      ParseNamePattern(name, "organisations/{organisation}/vacancies/{vacancy}",
                       field));
  return VacancyName{std::move(ids[0]), std::move(ids[1])};
}

std::string FormatVacancyName(absl::string_view school_id,
                              absl::string_view vacancy_id) {
  return absl::StrCat("organisations/", school_id, kVacancies, vacancy_id);
}

std::string RegionSlug(absl::string_view region) {
  std::string out;
  bool hyphen = false;
  for (char c : region) {
    if (absl::ascii_isalnum(c)) {
      if (hyphen && !out.empty()) {
        out.push_back('-');
      }
      hyphen = false;
      out.push_back(absl::ascii_tolower(c));
    } else {
      hyphen = true;
    }
  }
  return out;
}

// ---- Validation ---------------------------------------------------------

absl::Status ValidateSubject(absl::string_view subject,
                             absl::string_view field) {
  if (!ValidateId(subject, field).ok()) {
    return InvalidField(field,
                        "subjects are 2 to 63 lower-case letters, digits and "
                        "hyphens, starting with a letter (e.g. \"physics\")");
  }
  return absl::OkStatus();
}

absl::Status ValidateSubjects(
    const google::protobuf::RepeatedPtrField<std::string>& subjects,
    absl::string_view field, int max) {
  if (subjects.size() > max) {
    return InvalidField(field, absl::StrCat("at most ", max, " subjects"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < subjects.size(); ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    if (auto s = ValidateSubject(subjects[i], f); !s.ok()) {
      return s;
    }
    if (!seen.insert(subjects[i]).second) {
      return InvalidField(f, "is listed twice");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateVacancy(const v1::Vacancy& v, absl::string_view prefix) {
  if (auto s = ValidateText(v.title(), Field(prefix, "title"), 200, true);
      !s.ok()) {
    return s;
  }
  if (auto s = ValidateSubjects(v.subjects(), Field(prefix, "subjects"),
                                kMaxSubjects);
      !s.ok()) {
    return s;
  }
  if (!v1::DegreeLevel_IsValid(v.degree())) {
    return InvalidField(Field(prefix, "degree"), "is not a known degree level");
  }
  if (!partners_v1::Sector_IsValid(v.sector())) {
    return InvalidField(Field(prefix, "sector"), "is not a known sector");
  }
  if (!std::isfinite(v.fte()) ||
      (v.fte() != 0 && (v.fte() < 0.1 || v.fte() > 1.0))) {
    return InvalidField(Field(prefix, "fte"), "must be between 0.1 and 1.0");
  }
  if (!v1::Vacancy::ContractType_IsValid(v.contract_type())) {
    return InvalidField(Field(prefix, "contract_type"),
                        "is not a known contract type");
  }
  if (auto s = ValidateText(v.salary_scale(), Field(prefix, "salary_scale"), 20,
                            false);
      !s.ok()) {
    return s;
  }
  if (v.salary_min_eur() < 0 || v.salary_min_eur() > 100000 ||
      v.salary_max_eur() < 0 || v.salary_max_eur() > 100000) {
    return InvalidField(Field(prefix, "salary_min_eur"),
                        "salaries are monthly euros between 0 and 100000");
  }
  if (v.salary_max_eur() != 0 && v.salary_max_eur() < v.salary_min_eur()) {
    return InvalidField(Field(prefix, "salary_max_eur"),
                        "must not be below salary_min_eur");
  }
  for (const auto& [value, name] : {std::pair{&v.start_date(), "start_date"},
                                    {&v.closing_date(), "closing_date"}}) {
    if (auto s = ValidateDate(*value, Field(prefix, name), false); !s.ok()) {
      return s;
    }
  }
  if (auto s = ValidateLongText(v.description(), Field(prefix, "description"),
                                20000);
      !s.ok()) {
    return s;
  }
  if (!v1::Vacancy::DescriptionFormat_IsValid(v.description_format())) {
    return InvalidField(Field(prefix, "description_format"),
                        "is not a known format");
  }
  if (auto s = ValidateLongText(v.how_to_apply(), Field(prefix, "how_to_apply"),
                                2000);
      !s.ok()) {
    return s;
  }
  return ValidateHttpsUrl(v.application_url(),
                          Field(prefix, "application_url"));
}

const std::vector<std::string>& UpdatableVacancyFields() {
  static const auto* fields = new std::vector<std::string>{"title",
                                                           "subjects",
                                                           "degree",
                                                           "sector",
                                                           "fte",
                                                           "contract_type",
                                                           "salary_scale",
                                                           "salary_min_eur",
                                                           "salary_max_eur",
                                                           "start_date",
                                                           "closing_date",
                                                           "description",
                                                           "description_format",
                                                           "how_to_apply",
                                                           "application_url"};
  return *fields;
}

void NormaliseVacancy(v1::Vacancy* v) {
  if (v->description_format() == v1::Vacancy::HTML) {
    v->set_description(SanitizeHtml(v->description()));
  }
  v->set_fte(std::round(v->fte() * 100) / 100);
}

// ---- Time ---------------------------------------------------------------

absl::TimeZone Amsterdam() {
  return AmsterdamZone();  // services/common/timestamp.h
}

absl::StatusOr<absl::Time> ExpireTimeFor(absl::string_view closing_date) {
  absl::CivilDay day;
  if (ValidateDate(closing_date, "closing_date", true).ok() &&
      absl::ParseCivilTime(closing_date, &day)) {
    return absl::FromCivil(day + 1, Amsterdam());
  }
  return InvalidField("closing_date", "must be a date written YYYY-MM-DD");
}

std::string AmsterdamDate(absl::Time now) {
  return absl::FormatCivilTime(absl::ToCivilDay(now, Amsterdam()));
}

// ---- Lifecycle ----------------------------------------------------------

v1::Vacancy::Status EffectiveStatus(v1::Vacancy::Status stored,
                                    absl::Time expire_time, absl::Time now) {
  if (stored == v1::Vacancy::PUBLISHED && expire_time <= now) {
    return v1::Vacancy::EXPIRED;
  }
  return stored;
}

bool IsPublicStatus(v1::Vacancy::Status status) {
  return status == v1::Vacancy::PUBLISHED;
}

absl::Status CheckPublishable(const v1::Vacancy& v, absl::Time now) {
  constexpr char kNeeded[] = "is needed to publish";
  std::vector<FieldViolation> missing;
  if (v.subjects().empty()) {
    missing.push_back({"subjects", kNeeded});
  }
  if (v.description().empty()) {
    missing.push_back({"description", kNeeded});
  }
  if (v.how_to_apply().empty() && v.application_url().empty()) {
    missing.push_back(
        {"how_to_apply", "or application_url is needed to publish"});
  }
  if (v.closing_date().empty()) {
    missing.push_back({"closing_date", kNeeded});
  }
  if (!missing.empty()) {
    std::vector<std::string> names;
    for (const FieldViolation& each : missing) {
      names.push_back(each.field == "how_to_apply"
                          ? "how_to_apply or application_url"
                          : each.field);
    }
    return WithFieldViolations(
        WithReason(
            absl::FailedPreconditionError(absl::StrCat(
                "a published vacancy needs ", absl::StrJoin(names, ", "))),
            "VACANCY_INCOMPLETE"),
        missing);
  }
  auto expires = ExpireTimeFor(v.closing_date());
  if (!expires.ok()) {
    return expires.status();
  }
  if (*expires <= now) {
    return WithFieldViolations(
        WithReason(absl::FailedPreconditionError(absl::StrCat(
                       "the closing date ", v.closing_date(), " has passed")),
                   "VACANCY_INCOMPLETE"),
        {{"closing_date", "has passed"}});
  }
  return absl::OkStatus();
}

absl::Status CheckTransition(v1::Vacancy::Status status, VacancyAction action) {
  bool ok = false;
  absl::string_view what;
  switch (action) {
    case VacancyAction::kUpdate:
      ok = status == v1::Vacancy::DRAFT || status == v1::Vacancy::PUBLISHED;
      what = "only drafts and published vacancies can be changed";
      break;
    case VacancyAction::kPublish:
      ok = status == v1::Vacancy::DRAFT;
      what = "only a draft can be published";
      break;
    case VacancyAction::kClose:
      ok = status == v1::Vacancy::PUBLISHED;
      what = "only a published vacancy can be closed";
      break;
    case VacancyAction::kDelete:
      ok = status == v1::Vacancy::DRAFT;
      what = "only drafts can be deleted; close a published vacancy instead";
      break;
  }
  if (ok) {
    return absl::OkStatus();
  }
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          what, " (this one is ", v1::Vacancy::Status_Name(status), ")")),
      "VACANCY_STATUS");
}

absl::StatusOr<v1::Vacancy::Status> CloseOutcome(v1::Vacancy::Status outcome) {
  switch (outcome) {
    case v1::Vacancy::STATUS_UNSPECIFIED:
    case v1::Vacancy::CLOSED:
      return v1::Vacancy::CLOSED;
    case v1::Vacancy::FILLED:
      return v1::Vacancy::FILLED;
    default:
      return InvalidField("outcome", "must be FILLED or CLOSED");
  }
}

}  // namespace samen::vacancies
