#include "services/common/resource/field_mask.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/field_mask_util.h"
#include "services/common/errors.h"

namespace samen::resource {
namespace {

using google::protobuf::FieldMask;

// "displayName" -> "display_name"; proto spellings pass unchanged.
std::string ToSnakeCase(absl::string_view path) {
  std::string snake;
  for (char c : path) {
    if (absl::ascii_isupper(c)) {
      snake.push_back('_');
      snake.push_back(absl::ascii_tolower(c));
    } else {
      snake.push_back(c);
    }
  }
  return snake;
}

// Output-only fields come back when clients PATCH a resource they read
// (AIP-203): ignored, not an error.
bool IsOutputOnly(absl::string_view path) {
  return path == "name" || path == "etag" || path == "create_time" ||
         path == "update_time";
}

absl::Status NothingToUpdate() {
  return InvalidField("update_mask",
                      "nothing to update: name the fields to change");
}

absl::StatusOr<FieldMask> ExplicitMask(
    const FieldMask& mask, const std::vector<std::string>& updatable) {
  FieldMask out;
  for (const auto& path : mask.paths()) {
    if (path == "*") {
      out.Clear();
      for (const auto& f : updatable) {
        out.add_paths(f);
      }
      return out;
    }
    const std::string snake = ToSnakeCase(path);
    if (IsOutputOnly(snake)) {
      continue;
    }
    if (std::find(updatable.begin(), updatable.end(), snake) ==
        updatable.end()) {
      return InvalidField("update_mask", absl::StrCat("field \"", path,
                                                      "\" cannot be updated"));
    }
    out.add_paths(snake);
  }
  if (out.paths_size() == 0) {
    return NothingToUpdate();
  }
  return out;
}

}  // namespace

absl::StatusOr<FieldMask> EffectiveMask(
    const FieldMask& mask, const google::protobuf::Message& resource,
    const std::vector<std::string>& updatable) {
  if (mask.paths_size() > 0) {
    return ExplicitMask(mask, updatable);
  }
  FieldMask out;
  const auto* descriptor = resource.GetDescriptor();
  const auto* reflection = resource.GetReflection();
  for (const auto& f : updatable) {
    const auto* field = descriptor->FindFieldByName(f);
    if (field == nullptr) {
      continue;
    }
    const bool set = field->is_repeated()
                         ? reflection->FieldSize(resource, field) > 0
                         : reflection->HasField(resource, field);
    if (set) {
      out.add_paths(f);
    }
  }
  if (out.paths_size() == 0) {
    return NothingToUpdate();
  }
  return out;
}

void ApplyMask(const FieldMask& mask, const google::protobuf::Message& patch,
               google::protobuf::Message* target) {
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_repeated_fields(true);
  options.set_replace_message_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(patch, mask, options,
                                                        target);
}

}  // namespace samen::resource
