#include "services/vacancies/vacancy_job_posting.h"

#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/status_macros.h"
#include "services/vacancies/vacancy_html.h"
#include "services/vacancies/vacancy_rules.h"

namespace samen::vacancies {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;
using google::protobuf::Value;

Value Str(const std::string& s) {
  Value v;
  v.set_string_value(s);
  return v;
}

Value Num(double d) {
  Value v;
  v.set_number_value(d);
  return v;
}

Value Bool(bool b) {
  Value v;
  v.set_bool_value(b);
  return v;
}

Value Obj(Struct s) {
  Value v;
  *v.mutable_struct_value() = std::move(s);
  return v;
}

// `value` as JSON with every object's keys in order, so the same vacancy
// always reads the same, byte for byte (a Struct's map has no order of its
// own): caches and the gateway's body ETag depend on it.
absl::Status AppendCanonicalJson(const Value& value, std::string* out) {
  if (value.has_struct_value()) {
    std::map<std::string, const Value*> sorted;
    for (const auto& [key, field] : value.struct_value().fields()) {
      sorted.emplace(key, &field);
    }
    out->push_back('{');
    for (const auto& [key, field] : sorted) {
      if (out->back() != '{') {
        out->push_back(',');
      }
      Value name;
      name.set_string_value(key);
      RETURN_IF_ERROR(AppendCanonicalJson(name, out));
      out->push_back(':');
      RETURN_IF_ERROR(AppendCanonicalJson(*field, out));
    }
    out->push_back('}');
    return absl::OkStatus();
  }
  if (value.has_list_value()) {
    out->push_back('[');
    for (const Value& item : value.list_value().values()) {
      if (out->back() != '[') {
        out->push_back(',');
      }
      RETURN_IF_ERROR(AppendCanonicalJson(item, out));
    }
    out->push_back(']');
    return absl::OkStatus();
  }
  std::string scalar;  // a string, number, bool or null: protobuf escapes it
  if (auto status = google::protobuf::util::MessageToJsonString(value, &scalar);
      !status.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot render JSON-LD: ", status.message().ToString()));
  }
  out->append(scalar);
  return absl::OkStatus();
}

Struct Typed(const std::string& type) {
  Struct s;
  (*s.mutable_fields())["@type"] = Str(type);
  return s;
}

absl::Time ToTime(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

// The qualification a vacancy asks for as schema.org's
// EducationalOccupationalCredential: `credentialCategory` one of the values
// Google's job search reads (a first-degree teaching qualification takes a
// master's, a second-degree one a bachelor's), the Dutch qualification in
// words beside it as `name`; nothing when the vacancy asks for none.
std::optional<Struct> Credential(v1::DegreeLevel degree) {
  std::string category;
  std::string name;
  switch (degree) {
    case v1::FIRST_DEGREE:
      category = "postgraduate degree";
      name = "eerstegraads bevoegdheid (first-degree teaching qualification)";
      break;
    case v1::SECOND_DEGREE:
      category = "bachelor degree";
      name = "tweedegraads bevoegdheid (second-degree teaching qualification)";
      break;
    default:
      return std::nullopt;
  }
  Struct credential = Typed("EducationalOccupationalCredential");
  (*credential.mutable_fields())["credentialCategory"] = Str(category);
  (*credential.mutable_fields())["name"] = Str(name);
  return credential;
}

// schema.org Place: the school's visiting address (street and postal code
// when the directory has them), its city, the region of its first
// partnership.
Value JobLocation(const v1::Vacancy& v) {
  Struct address = Typed("PostalAddress");
  auto& a = *address.mutable_fields();
  if (!v.school_street_address().empty()) {
    a["streetAddress"] = Str(v.school_street_address());
  }
  if (!v.school_postal_code().empty()) {
    a["postalCode"] = Str(v.school_postal_code());
  }
  if (!v.city().empty()) {
    a["addressLocality"] = Str(v.city());
  }
  if (!v.regions().empty()) {
    a["addressRegion"] = Str(v.regions(0));
  }
  a["addressCountry"] = Str("NL");
  Struct place = Typed("Place");
  (*place.mutable_fields())["address"] = Obj(std::move(address));
  return Obj(std::move(place));
}

// schema.org Organization: the school's name, website (sameAs) and logo.
Value HiringOrganization(const v1::Vacancy& v) {
  Struct org = Typed("Organization");
  auto& o = *org.mutable_fields();
  o["name"] = Str(v.school_display_name());
  if (!v.school_website().empty()) {
    o["sameAs"] = Str(v.school_website());
  }
  if (!v.school_logo_url().empty()) {
    o["logo"] = Str(v.school_logo_url());
  }
  return Obj(std::move(org));
}

// schema.org MonetaryAmount: the monthly salary range in euros, each bound the
// school's own when it gave one, else the vacancy scale's (when known).
Value BaseSalary(const v1::Vacancy& v,
                 const std::optional<ScaleSalary>& scale) {
  Struct value = Typed("QuantitativeValue");
  auto& q = *value.mutable_fields();
  if (v.salary_min_eur() > 0) {
    q["minValue"] = Num(v.salary_min_eur());
  } else if (scale.has_value()) {
    q["minValue"] = Num(scale->min_monthly_eur);
  }
  if (v.salary_max_eur() > 0) {
    q["maxValue"] = Num(v.salary_max_eur());
  } else if (scale.has_value()) {
    q["maxValue"] = Num(scale->max_monthly_eur);
  }
  q["unitText"] = Str("MONTH");
  Struct salary = Typed("MonetaryAmount");
  (*salary.mutable_fields())["currency"] = Str("EUR");
  (*salary.mutable_fields())["value"] = Obj(std::move(value));
  return Obj(std::move(salary));
}

}  // namespace

absl::StatusOr<std::string> JobPostingJsonLd(
    const v1::Vacancy& v, const std::optional<ScaleSalary>& scale) {
  Struct doc;
  auto& f = *doc.mutable_fields();
  f["@context"] = Str("https://schema.org/");
  f["@type"] = Str("JobPosting");
  f["title"] = Str(v.title());
  f["description"] = Str(v.description_format() == v1::Vacancy::HTML
                             ? v.description()
                             : PlainTextToHtml(v.description()));
  const absl::TimeZone ams = Amsterdam();
  if (v.has_publish_time()) {
    f["datePosted"] =
        Str(absl::FormatTime("%Y-%m-%d", ToTime(v.publish_time()), ams));
  }
  if (v.has_expire_time()) {
    f["validThrough"] = Str(
        absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", ToTime(v.expire_time()), ams));
  }
  f["hiringOrganization"] = HiringOrganization(v);

  f["jobLocation"] = JobLocation(v);

  ListValue employment;
  *employment.add_values() =
      Str(v.fte() == 0 || v.fte() >= 1.0 ? "FULL_TIME" : "PART_TIME");
  if (v.contract_type() == v1::Vacancy::TEMPORARY ||
      v.contract_type() == v1::Vacancy::REPLACEMENT) {
    *employment.add_values() = Str("TEMPORARY");
  }
  *f["employmentType"].mutable_list_value() = std::move(employment);

  Struct identifier = Typed("PropertyValue");
  (*identifier.mutable_fields())["name"] = Str(v.school_display_name());
  (*identifier.mutable_fields())["value"] = Str(v.name());
  f["identifier"] = Obj(std::move(identifier));
  f["directApply"] = Bool(!v.application_url().empty());
  if (!v.application_url().empty()) {
    f["url"] = Str(v.application_url());
  }
  // The scale's range, the school's own amounts, or both; nothing when
  // neither is known.
  const std::optional<ScaleSalary> range =
      v.salary_scale().empty() ? std::nullopt : scale;
  if (range.has_value() || v.salary_min_eur() > 0 || v.salary_max_eur() > 0) {
    f["baseSalary"] = BaseSalary(v, range);
  }
  if (!v.start_date().empty()) {
    f["jobStartDate"] = Str(v.start_date());
  }
  if (v.fte() > 0) {
    f["workHours"] = Str(absl::StrFormat("%.2g FTE", v.fte()));
  }
  if (std::optional<Struct> credential = Credential(v.degree())) {
    f["educationRequirements"] = Obj(*std::move(credential));
  }
  f["industry"] = Str("Education");
  f["inLanguage"] = Str("nl");

  std::string json;
  RETURN_IF_ERROR(AppendCanonicalJson(Obj(std::move(doc)), &json));
  return json;
}

}  // namespace samen::vacancies
