#pragma once

// The routing table, built at start-up from the google.api.http options of the
// compiled-in service descriptors (every binding, additional_bindings
// included). Adding an annotated RPC to a registered service adds its route
// with no gateway code.
//
// Lookup prefers, among the templates that match a path, one with a matching
// verb, then the most literal segments, then no `**`. A path that matches only
// routes of other HTTP methods yields the allowed methods (for 405 + Allow).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gateway/field_binding.h"
#include "gateway/path_template.h"
#include "google/protobuf/descriptor.h"

namespace samen::gateway {

// How a successful call is answered, decided once per route by
// RouteTable::Build and read by the replies and the OpenAPI document alike.
struct ResponseTraits {
  // 201 (with Location) for Create* bound to POST, 204 (no body) for a unary
  // Delete* returning google.protobuf.Empty, else 200.
  int success_status = 200;
  // The message the reply renders: the response, or its `response_body`
  // field's message.
  const google::protobuf::Descriptor* rendered = nullptr;
  // `rendered` is google.api.HttpBody: its bytes and content type are the
  // answer (always 200).
  bool http_body = false;
  // The singular string `etag` field of `rendered` (ETag, If-None-Match), or
  // null.
  const google::protobuf::FieldDescriptor* etag_field = nullptr;
  // The singular google.protobuf.Timestamp `update_time` field of `rendered`
  // (Last-Modified), or null.
  const google::protobuf::FieldDescriptor* update_time_field = nullptr;
};

struct Route {
  std::string http_method;  // "GET", "POST", ... or a custom verb's kind
  PathTemplate path;
  // "" (no body), "*" (the whole request) or a top-level field name.
  std::string body;
  // "" (the whole response) or a top-level message field of the response.
  std::string response_body;
  const google::protobuf::MethodDescriptor* method = nullptr;
  // "/samen.partners.v1.PartnersService/GetPartnership"
  std::string grpc_method;
  // A server-streaming RPC, answered as Server-Sent Events.
  bool server_streaming = false;
  // (samen.api.anonymous_access): served without a bearer token.
  bool anonymous_access = false;
  // (samen.api.public_cache_control): Cache-Control of GET answers to callers
  // without a token; "" for "private, no-cache".
  std::string public_cache_control;
  // Resolved path-variable fields and body field (empty when body is "" or
  // "*").
  std::vector<FieldPath> variable_fields;
  const google::protobuf::FieldDescriptor* body_field = nullptr;
  // `body_field` is a google.api.HttpBody: the raw request bytes and their
  // Content-Type go into it (uploads), under the gateway's upload limit.
  bool http_body_request = false;
  const google::protobuf::FieldDescriptor* response_body_field = nullptr;
  // Field paths the path variables and the body bind (query parameters may
  // not).
  BoundFields bound;
  ResponseTraits response;

  const std::string& service_name() const;
};

struct RouteMatch {
  const Route* route = nullptr;  // null: no route for this method and path
  PathBindings bindings;
  // When `route` is null: the methods that the path does support (empty:
  // unknown path).
  std::vector<std::string> allowed_methods;
};

class RouteTable {
 public:
  // Builds the routes of the named services from `pool`. Fails on an unknown
  // service, an RPC whose annotation names unknown fields, a client-streaming
  // RPC with an annotation, or two identical (method, template) pairs.
  static absl::StatusOr<RouteTable> Build(
      const std::vector<std::string>& service_names,
      const google::protobuf::DescriptorPool* pool =
          google::protobuf::DescriptorPool::generated_pool());

  // Finds the route for `method` and the raw `path` (no query string).
  RouteMatch Find(absl::string_view method, absl::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  RouteMatch FindExactly(absl::string_view method,
                         absl::string_view path) const;

  std::vector<Route> routes_;
};

}  // namespace samen::gateway
