#pragma once

// The services the gateway exposes, compiled in. Referencing each service's
// generated code here links its descriptors into the binary; the routes come
// from their google.api.http options. A new service needs one line in
// registered_services.cc; a new RPC in a registered service needs none.

#include <string>
#include <vector>

namespace samen::gateway {

// Full names, e.g. "samen.partners.v1.PartnersService".
std::vector<std::string> RegisteredServices();

}  // namespace samen::gateway
