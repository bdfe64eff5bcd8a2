// Salary scales of the collective agreements (salary_scales, seeded by
// db/migrations/vacancies/0003_school_address_and_salary_scales.sql): which
// scales a vacancy may name.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/rows.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "services/common/errors.h"
#include "services/vacancies/vacancy_repository.h"

namespace samen::vacancies {
namespace {

// The collective agreement of a sector: primary education has the CAO PO,
// vocational education the CAO MBO, (special) secondary education and anything
// not given the CAO VO. The SELECT of vacancy_repository.cc maps sectors the
// same way.
const char* AgreementOf(partners_v1::Sector sector) {
  switch (sector) {
    case partners_v1::PO:
      return "CAO PO";
    case partners_v1::MBO:
      return "CAO MBO";
    default:
      return "CAO VO";
  }
}

}  // namespace

absl::Status CheckSalaryScale(sql::Connection& c, const v1::Vacancy& v,
                              const std::string& field) {
  if (v.salary_scale().empty()) {
    return absl::OkStatus();
  }
  const std::string agreement = AgreementOf(v.sector());
  auto* ps = &db::Cached(c,
                         "SELECT DISTINCT scale FROM salary_scales WHERE "
                         "agreement = ? ORDER BY scale");
  ps->setString(1, agreement);
  std::vector<std::string> scales;
  {
    db::Rows rs(ps->executeQuery());
    while (rs->next()) {
      scales.push_back(db::Str(*rs, "scale"));
    }
  }
  for (const auto& scale : scales) {
    if (scale == v.salary_scale()) {
      return absl::OkStatus();
    }
  }
  return InvalidField(
      field, absl::StrCat("is not a salary scale of the ", agreement,
                          " (one of ", absl::StrJoin(scales, ", "), ")"));
}

}  // namespace samen::vacancies
