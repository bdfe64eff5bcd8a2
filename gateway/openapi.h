#pragma once

// The OpenAPI 3.1 document of the HTTP API, generated at start-up from the
// same compiled-in descriptors and route table the gateway serves, and served
// at GET /openapi.json. Descriptions are the proto comments (see
// openapi_schema.h for where they come from and for the JSON Schema mapping).
//
// One operation per route (operationId: the RPC name; a further binding of the
// same RPC, or the same RPC name in another service, gets a suffix), tagged
// with its service and marked with `x-grpc-method`. OpenAPI path templating
// cannot put a slash into a parameter, so a resource-name variable is spelled
// out: `/v1/{name=partnerships/*}` becomes `/v1/partnerships/{partnership}`,
// one parameter per `*`, named after the singular of the collection before it
// (`people/*` -> `{person}`); a plain `{field}` keeps the field path as its
// name. The parameter's description says which field it fills and how. A `**`
// segment is one parameter that may span several segments (most tools
// percent-encode its slashes, so send those by hand).
//
// Query parameters are the request fields neither the path nor the body sets,
// nested messages as dotted names, repeated fields as arrays (repeat the
// parameter), enums with their value names. Responses: 200, or 201 with
// Location for Create* via POST, 204 for Delete* returning Empty; and the
// problem+json errors, with a Problem schema. Security: HTTP bearer (JWT),
// globally.

#include <string>

#include "gateway/path_template.h"
#include "gateway/route_table.h"

namespace samen::gateway {

struct OpenApiOptions {
  std::string title = "Samen";
  std::string version = "";  // empty: the build's project version
  // Base URL of the API; "/" resolves against where the document was fetched.
  std::string server_url = "/";
};

// The document as JSON with sorted keys (every replica serves the same bytes).
std::string OpenApiJson(const RouteTable& routes,
                        const OpenApiOptions& options = {});

// The OpenAPI path of a template: "/v1/{name=partnerships/*}/memberships" ->
// "/v1/partnerships/{partnership}/memberships".
std::string OpenApiPath(const PathTemplate& path);

}  // namespace samen::gateway
