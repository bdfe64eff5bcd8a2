// ExportPersonData and ErasePersonData: a person's data in samen_identity
// exported or erased by the privacy engine (services/common/privacy/) as
// IdentityDataMap() says. Internal: no HTTP route, only the `service` role
// (the privacy operation) and administrators.

#include "services/common/privacy/person_data_rpc.h"
#include "services/identity/identity_handler.h"
#include "services/identity/privacy_map.h"

namespace samen::identity {

SAMEN_EXPORT_PERSON_DATA_RPC(IdentityHandler, *pool_, IdentityDataMap())
SAMEN_ERASE_PERSON_DATA_RPC(IdentityHandler, *pool_, IdentityDataMap())

}  // namespace samen::identity
