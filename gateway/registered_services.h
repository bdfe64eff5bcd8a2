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

// Services compiled in but exposed only when --backends names them: the
// benchmarks' echo service (samen.bench.v1.BenchService, services/bench/),
// which `samen-server --services=all` does not host. Exposed by default, it
// would make /readyz wait for a service no usual backend serves.
std::vector<std::string> OptInServices();

}  // namespace samen::gateway
