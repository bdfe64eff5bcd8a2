#include "gateway/fields/field_filter.h"

#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gateway/field_binding.h"
#include "gateway/problem.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/status_macros.h"

namespace samen::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FieldMask;
using google::protobuf::Message;
using google::protobuf::util::FieldMaskUtil;

// Output-only fields clients echo back in a PATCH body; never derived into an
// update mask (the services ignore them as well).
constexpr absl::string_view kEchoedOutputOnly[] = {
    "name", "etag", "create_time", "update_time"};

// The canonical (proto name) path for `path` in `type`, or nothing when a part
// is unknown. Message fields may be traversed, repeated ones too (the rest of
// the path then applies to each element); maps only as the last part.
std::optional<std::string> CanonicalPath(const Descriptor* type,
                                         absl::string_view path) {
  std::vector<std::string> parts;
  const Descriptor* current = type;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (current == nullptr || part.empty()) {
      return std::nullopt;
    }
    const FieldDescriptor* field = FindFieldByAnyName(current, part);
    if (field == nullptr) {
      return std::nullopt;
    }
    parts.push_back(field->name());
    current = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
                      !field->is_map()
                  ? field->message_type()
                  : nullptr;
  }
  return absl::StrJoin(parts, ".");
}

}  // namespace

absl::StatusOr<FieldFilter> FieldFilter::Parse(absl::string_view fields,
                                               const Descriptor* type) {
  FieldMask mask;
  std::vector<std::string> unknown;
  for (absl::string_view raw : absl::StrSplit(fields, ',')) {
    absl::string_view path = absl::StripAsciiWhitespace(raw);
    if (path.empty()) {
      continue;
    }
    std::optional<std::string> canonical = CanonicalPath(type, path);
    if (!canonical.has_value()) {
      unknown.push_back(std::string(path));
      continue;
    }
    mask.add_paths(*std::move(canonical));
  }
  if (!unknown.empty()) {
    return InvalidFieldError(
        "fields",
        absl::StrCat("unknown field", unknown.size() > 1 ? "s" : "", " of ",
                     type->full_name(), ": ", absl::StrJoin(unknown, ", ")));
  }
  if (mask.paths().empty()) {
    return InvalidFieldError("fields", "name at least one field");
  }
  FieldFilter filter;
  FieldMaskUtil::ToCanonicalForm(mask, &filter.mask_);
  auto root = std::make_shared<Node>();
  for (const std::string& path : filter.mask_.paths()) {
    Node* node = root.get();
    const Descriptor* current = type;
    for (absl::string_view part : absl::StrSplit(path, '.')) {
      const FieldDescriptor* field =
          current->FindFieldByName(std::string(part));
      node = &node->children[field];
      current = field->message_type();
    }
  }
  filter.root_ = std::move(root);
  return filter;
}

void FieldFilter::Apply(Message* message) const {
  if (root_ != nullptr) {
    ApplyNode(*root_, message);
  }
}

void FieldFilter::ApplyToResponse(const Route& route, Message* response) const {
  Apply(route.response_body_field != nullptr
            ? response->GetReflection()->MutableMessage(
                  response, route.response_body_field)
            : response);
}

void FieldFilter::ApplyNode(const Node& node, Message* message) {
  const google::protobuf::Reflection* reflection = message->GetReflection();
  std::vector<const FieldDescriptor*> present;
  reflection->ListFields(*message, &present);
  for (const FieldDescriptor* field : present) {
    auto it = node.children.find(field);
    if (it == node.children.end()) {
      reflection->ClearField(message, field);
      continue;
    }
    if (it->second.children.empty()) {
      continue;  // kept whole
    }
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(*message, field); ++i) {
        ApplyNode(it->second,
                  reflection->MutableRepeatedMessage(message, field, i));
      }
    } else {
      ApplyNode(it->second, reflection->MutableMessage(message, field));
    }
  }
  reflection->MutableUnknownFields(message)->Clear();
}

absl::StatusOr<std::string> FieldsParameter(absl::string_view query) {
  ASSIGN_OR_RETURN(auto pairs, ParseQueryString(query));
  std::optional<std::string> fields;
  for (auto& [key, value] : pairs) {
    if (key != "fields") {
      continue;
    }
    if (fields.has_value()) {
      return InvalidFieldError("fields",
                               "give it once, as a comma-separated list");
    }
    fields = std::move(value);
  }
  return fields.value_or("");
}

const Descriptor* RenderedType(const Route& route) {
  return route.response.rendered;
}

absl::Status DeriveUpdateMask(const Route& route, absl::string_view body,
                              Message* request) {
  if (route.http_method != "PATCH" || route.body_field == nullptr ||
      route.body_field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
      route.body_field->is_repeated()) {
    return absl::OkStatus();
  }
  const FieldDescriptor* mask_field =
      request->GetDescriptor()->FindFieldByName("update_mask");
  if (mask_field == nullptr || mask_field->is_repeated() ||
      mask_field->message_type() != FieldMask::descriptor()) {
    return absl::OkStatus();
  }
  const google::protobuf::Reflection* reflection = request->GetReflection();
  if (reflection->HasField(*request, mask_field) &&
      !static_cast<const FieldMask&>(
           reflection->GetMessage(*request, mask_field))
           .paths()
           .empty()) {
    return absl::OkStatus();  // explicit
  }
  if (absl::StripAsciiWhitespace(body).empty()) {
    return absl::OkStatus();
  }
  google::protobuf::Struct keys;
  if (!google::protobuf::util::JsonStringToMessage(
           google::protobuf::StringPiece(body.data(), body.size()), &keys)
           .ok()) {
    return absl::OkStatus();  // not an object; parsing the body reported it
  }
  const Descriptor* type = route.body_field->message_type();
  std::set<std::string> paths;
  for (const auto& [key, value] : keys.fields()) {
    const FieldDescriptor* field = FindFieldByAnyName(type, key);
    if (field == nullptr) {
      continue;
    }
    bool output_only = false;
    for (absl::string_view name : kEchoedOutputOnly) {
      output_only = output_only || field->name() == name;
    }
    if (!output_only) {
      paths.insert(field->name());
    }
  }
  if (paths.empty()) {
    return absl::OkStatus();
  }
  auto* mask =
      static_cast<FieldMask*>(reflection->MutableMessage(request, mask_field));
  for (const std::string& path : paths) {
    mask->add_paths(path);
  }
  return absl::OkStatus();
}

}  // namespace samen::gateway
