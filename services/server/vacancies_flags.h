#pragma once

// The Vacancies service's flags (--vacancy_*, --webhook_*), parsed here in
// samen-server and handed to the module as VacanciesOptions.

#include "absl/status/statusor.h"
#include "services/vacancies/vacancies_module.h"

namespace samen::server {

// INVALID_ARGUMENT when the secret key file cannot be read.
absl::StatusOr<vacancies::VacanciesOptions> VacanciesOptionsFromFlags();

}  // namespace samen::server
