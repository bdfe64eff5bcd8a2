// ExportPersonData and ErasePersonData: a person's data in samen_vacancies
// exported or erased by the privacy engine (services/common/privacy/) as
// VacanciesDataMap() says. Internal: no HTTP route, only the `service` role
// (the privacy operation) and administrators.

#include "services/common/privacy/person_data_rpc.h"
#include "services/vacancies/privacy_map.h"
#include "services/vacancies/vacancies_handler.h"

namespace samen::vacancies {

SAMEN_EXPORT_PERSON_DATA_RPC(VacanciesHandler, *options_.pool,
                             VacanciesDataMap())
SAMEN_ERASE_PERSON_DATA_RPC(VacanciesHandler, *options_.pool,
                            VacanciesDataMap())

}  // namespace samen::vacancies
