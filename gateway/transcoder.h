#pragma once

// HTTP/JSON <-> protobuf for one route: builds the request message from the
// body (proto3 JSON; "*" or one field), the path variables and the query
// parameters, and renders the response as proto3 JSON (lowerCamelCase names,
// default values omitted). Errors are INVALID_ARGUMENT naming the field at
// fault (see problem.h).

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gateway/route_table.h"
#include "google/protobuf/message.h"

namespace samen::gateway {

// A new, empty request message for `route` (from the generated message
// factory).
std::unique_ptr<google::protobuf::Message> NewRequestMessage(
    const Route& route);
std::unique_ptr<google::protobuf::Message> NewResponseMessage(
    const Route& route);

// Fills `request` from the HTTP request: body first, then path variables (which
// win over the body), then query parameters (which may not touch what those two
// set). A route whose body is a google.api.HttpBody takes the raw body bytes
// and `content_type` (the request's Content-Type) as they are.
absl::Status BuildRequest(const Route& route, const PathBindings& bindings,
                          absl::string_view query, absl::string_view body,
                          google::protobuf::Message* request,
                          absl::string_view content_type = "");

// Parses proto3 JSON into `message` (unknown fields are errors).
absl::Status ParseJson(absl::string_view json,
                       google::protobuf::Message* message);

// The JSON for a response (or its response_body field).
absl::StatusOr<std::string> RenderResponse(
    const Route& route, const google::protobuf::Message& response);

}  // namespace samen::gateway
