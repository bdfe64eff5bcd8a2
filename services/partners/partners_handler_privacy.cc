// ExportPersonData and ErasePersonData: a person's data in samen_partners
// exported or erased by the privacy engine (services/common/privacy/) as
// PartnersDataMap() says. Internal: no HTTP route, only the `service` role
// (the privacy operation) and administrators.

#include "services/common/privacy/person_data_rpc.h"
#include "services/partners/partners_handler.h"
#include "services/partners/privacy_map.h"

namespace samen::partners {

SAMEN_EXPORT_PERSON_DATA_RPC(PartnersHandler, *pool_, PartnersDataMap())
SAMEN_ERASE_PERSON_DATA_RPC(PartnersHandler, *pool_, PartnersDataMap())

}  // namespace samen::partners
