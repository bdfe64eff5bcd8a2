#pragma once

// Setting request fields from text: path variables and query parameters.
//
// A field path is dotted ("partnership.display_name"); each part may be written
// with its proto name or its JSON name ("pageSize"). Intermediate parts must be
// singular message fields. The last part may be any scalar (string, bytes as
// base64, bool as true/false/1/0, integers range-checked, float/double, enum by
// name or number), repeated (each occurrence appends), or one of the well-known
// types that have a text form: google.protobuf.FieldMask ("a,b.c"), Timestamp
// (RFC 3339), Duration ("1.5s") and the wrapper types.
//
// Query strings are strict: an unknown parameter, a parameter for a field the
// path or the body already binds, or a singular field given twice is
// INVALID_ARGUMENT naming the parameter. A few names reserved for later gateway
// features are ignored.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace samen::gateway {

using FieldPath = std::vector<const google::protobuf::FieldDescriptor*>;

// Query parameters that are accepted and ignored (reserved for gateway
// features).
bool IsReservedQueryParameter(absl::string_view key);

// The field `name` of `type`, by its proto name or else its JSON name; null
// when there is none.
const google::protobuf::FieldDescriptor* FindFieldByAnyName(
    const google::protobuf::Descriptor* type, absl::string_view name);

// The singular string field `name` of `type` (which may be null), or null.
const google::protobuf::FieldDescriptor* SingularStringField(
    const google::protobuf::Descriptor* type, absl::string_view name);

// google.protobuf.DoubleValue, Int64Value, StringValue, ... (the wrappers).
bool IsWrapperType(const google::protobuf::Descriptor* type);

// The well-known messages a path variable or query parameter sets from text:
// Timestamp, Duration, FieldMask and the wrappers.
bool HasTextForm(const google::protobuf::Descriptor* type);

// Resolves a dotted path in `type`; nothing when a part is unknown or not
// traversable.
std::optional<FieldPath> ResolveFieldPath(
    const google::protobuf::Descriptor* type, absl::string_view path);

// The canonical (proto name) form of a path: "partnership.display_name".
std::string FieldPathName(const FieldPath& path);

// Sets the field at `path` in `message` from `text` (repeated fields: appends).
// Errors are InvalidFieldError(display, ...).
absl::Status SetFieldFromText(google::protobuf::Message* message,
                              const FieldPath& path, absl::string_view text,
                              absl::string_view display);

// Which fields the path variables and the body fill in, as canonical paths;
// `all` when the body is "*".
struct BoundFields {
  std::vector<std::string> paths;
  bool all = false;

  // Whether `path` is one of `paths`, lies inside one, or contains one.
  bool Overlaps(absl::string_view path) const;
};

// Splits `query` ("a=1&b=x+y") into percent-decoded pairs ('+' is a space).
absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
ParseQueryString(absl::string_view query);

// Binds the query parameters of `query` into `message`.
absl::Status BindQueryParameters(absl::string_view query,
                                 const BoundFields& bound,
                                 google::protobuf::Message* message);

}  // namespace samen::gateway
