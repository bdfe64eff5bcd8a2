#pragma once

// Partial responses and derived update masks.
//
// `?fields=name,schools.name` keeps only those fields of the response (a field
// mask over the message the route renders; paths in proto or JSON names; a
// sub-path under a repeated message field applies to every element). Unknown
// paths are INVALID_ARGUMENT naming `fields` and listing them, checked before
// the backend is called.
//
// PATCH without `update_mask`: the mask becomes the top-level keys of the JSON
// body message, so a field can be reset to its default by sending it
// (`"academic": false`). Output-only fields that clients echo back (`name`,
// `etag`, `create_time`, `update_time`) are left out. An explicit update_mask
// is used as is.

#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gateway/route_table.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace samen::gateway {

class FieldFilter {
 public:
  // Parses a comma-separated list of paths against `type`.
  static absl::StatusOr<FieldFilter> Parse(
      absl::string_view fields, const google::protobuf::Descriptor* type);

  // Clears every field of `message` that is not selected.
  void Apply(google::protobuf::Message* message) const;
  // Applies to the part of `response` that `route` renders.
  void ApplyToResponse(const Route& route,
                       google::protobuf::Message* response) const;

  // The selection in canonical form (proto names, sorted, no overlaps).
  const google::protobuf::FieldMask& mask() const { return mask_; }

 private:
  struct Node {
    // Empty: the whole field is kept.
    std::map<const google::protobuf::FieldDescriptor*, Node> children;
  };
  static void ApplyNode(const Node& node, google::protobuf::Message* message);

  google::protobuf::FieldMask mask_;
  std::shared_ptr<const Node> root_;
};

// The `fields` query parameter of `query` ("" when absent); INVALID_ARGUMENT
// when it is given twice or the query is malformed.
absl::StatusOr<std::string> FieldsParameter(absl::string_view query);

// The message the route renders as JSON (the response, or its response_body
// field).
const google::protobuf::Descriptor* RenderedType(const Route& route);

// For PATCH routes whose body is one message field and whose request has an
// `update_mask`: when the mask is empty, fills it from the top-level keys of
// `body`. Other routes are left alone.
absl::Status DeriveUpdateMask(const Route& route, absl::string_view body,
                              google::protobuf::Message* request);

}  // namespace samen::gateway
