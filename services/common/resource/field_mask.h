#pragma once

// Partial updates (AIP-134): which fields a PATCH changes, and applying them.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace samen::resource {

// The mask to apply: `mask` itself when it has paths (each must be in
// `updatable`, written in proto or JSON spelling; "*" means every updatable
// field; output-only name, etag, create_time and update_time are ignored),
// else the updatable fields that are set in `resource` (the implied mask).
// INVALID_ARGUMENT naming "update_mask" for a path that cannot be updated or
// when nothing would change.
absl::StatusOr<google::protobuf::FieldMask> EffectiveMask(
    const google::protobuf::FieldMask& mask,
    const google::protobuf::Message& resource,
    const std::vector<std::string>& updatable);

// Copies the masked fields from `patch` into `target`; repeated and message
// fields are replaced, not merged.
void ApplyMask(const google::protobuf::FieldMask& mask,
               const google::protobuf::Message& patch,
               google::protobuf::Message* target);

}  // namespace samen::resource
