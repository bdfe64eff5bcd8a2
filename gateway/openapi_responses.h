#pragma once

// The HTTP side of an OpenAPI operation, as the gateway answers it: which
// success status (200, 201 + Location for Create* via POST, 204 for Delete*
// returning Empty), which media type (JSON, google.api.HttpBody as is,
// Server-Sent Events for server streaming), which edge headers apply
// (Idempotency-Key, If-Match, If-None-Match, X-Request-Id, X-Request-Timeout,
// `fields`), and the problem+json error responses; plus the components they
// refer to (Problem schema, responses, parameters, headers, bearer scheme).

#include <string>
#include <vector>

#include "gateway/openapi_schema.h"
#include "gateway/route_table.h"

namespace samen::gateway::openapi {

struct OperationTraits {
  int success_status = 200;
  bool json_response = true;     // application/json (else HttpBody or SSE)
  bool http_body = false;        // google.api.HttpBody: the service's bytes
  bool streaming = false;        // server streaming: text/event-stream
  bool conditional_get = false;  // ETag, If-None-Match -> 304
  bool if_match = false;         // If-Match -> the request's etag, 412
  bool idempotency = false;      // Idempotency-Key -> request_id, 409/422
  bool has_body = false;         // 413
  // Names under components/parameters that the operation takes.
  std::vector<std::string> shared_parameters;
};

// The operation's traits; the success status and media type are the route's
// ResponseTraits, the ones the replies use.
OperationTraits TraitsOf(const Route& route);

// The operation's responses object.
Struct Responses(const Route& route, const OperationTraits& traits,
                 SchemaSet* schemas);

// securitySchemes, responses, parameters, headers and the Problem schemas.
void AddSharedComponents(Struct* components);

}  // namespace samen::gateway::openapi
