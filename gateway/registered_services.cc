#include "gateway/registered_services.h"

#include "samen/bench/v1/bench.grpc.pb.h"
#include "samen/bench/v1/bench.pb.h"
#include "samen/identity/v1/identity_service.grpc.pb.h"
#include "samen/identity/v1/identity_service.pb.h"
#include "samen/induction/v1/induction_service.grpc.pb.h"
#include "samen/induction/v1/induction_service.pb.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "samen/partners/v1/partners_service.pb.h"
#include "samen/professionalisation/v1/professionalisation_service.grpc.pb.h"
#include "samen/professionalisation/v1/professionalisation_service.pb.h"
#include "samen/vacancies/v1/vacancies.grpc.pb.h"
#include "samen/vacancies/v1/vacancies.pb.h"

namespace samen::gateway {

std::vector<std::string> RegisteredServices() {
  // The descriptor() calls force the generated files (and their descriptors) to
  // be linked.
  samen::identity::v1::ListClientsRequest::descriptor();
  samen::induction::v1::GetProgrammeRequest::descriptor();
  samen::partners::v1::Partnership::descriptor();
  samen::partners::v1::GetPartnershipRequest::descriptor();
  samen::vacancies::v1::Vacancy::descriptor();
  samen::vacancies::v1::GetVacancyRequest::descriptor();
  samen::professionalisation::v1::GetActivityRequest::descriptor();
  return {
      samen::identity::v1::IdentityService::service_full_name(),
      samen::induction::v1::InductionService::service_full_name(),
      samen::partners::v1::PartnersService::service_full_name(),
      samen::professionalisation::v1::ProfessionalisationService::
          service_full_name(),
      samen::vacancies::v1::VacanciesService::service_full_name(),
  };
}

std::vector<std::string> OptInServices() {
  samen::bench::v1::EchoRequest::descriptor();
  return {samen::bench::v1::BenchService::service_full_name()};
}

}  // namespace samen::gateway
