#pragma once

#include "services/common/privacy/data_map.h"

namespace samen::vacancies {

// The data map of samen_vacancies (services/common/privacy/data_map.h):
// every table and column, whose it is, who reads it, how long it stays and
// what erasing a person does to it. docs/privacy.md is printed from it.
const privacy::DataMap& VacanciesDataMap();

}  // namespace samen::vacancies
