#include "services/server/privacy_register.h"

#include "services/identity/identity_module.h"
#include "services/induction/induction_module.h"
#include "services/partners/partners_module.h"
#include "services/professionalisation/professionalisation_module.h"
#include "services/vacancies/vacancies_module.h"

namespace samen::server {

std::vector<const privacy::DataMap*> DataMaps() {
  return {&partners::PartnersDataMap(), &vacancies::VacanciesDataMap(),
          &induction::InductionDataMap(),
          &professionalisation::ProfessionalisationDataMap(),
          &identity::IdentityDataMap()};
}

std::string PrivacyRegister() { return privacy::RegisterMarkdown(DataMaps()); }

}  // namespace samen::server
