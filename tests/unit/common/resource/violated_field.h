#pragma once

// The field a BadRequest error names (the first field violation), "" if none.

#include <string>

#include "absl/status/status.h"
#include "google/rpc/error_details.pb.h"

namespace samen::resource {

inline std::string ViolatedField(const absl::Status& s) {
  auto payload = s.GetPayload("type.googleapis.com/google.rpc.BadRequest");
  if (!payload.has_value()) {
    return "";
  }
  google::rpc::BadRequest br;
  br.ParseFromString(std::string(*payload));
  return br.field_violations_size() > 0 ? br.field_violations(0).field() : "";
}

}  // namespace samen::resource
