#pragma once

// A resource stored as a JSON body column (accession protocols and
// applications, students, placement rounds, preferences and placements):
// written with the proto's JSON mapping, read back ignoring fields a newer
// version may have added. An unreadable body is DATA_LOSS naming its type,
// never its text.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace samen::partners {

template <typename Message>
std::string ToJson(const Message& m) {
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(m, &out);
  return out;
}

template <typename Message>
absl::StatusOr<Message> FromJson(const std::string& json) {
  Message m;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (!google::protobuf::util::JsonStringToMessage(json, &m, options).ok()) {
    return absl::DataLossError(absl::StrCat(
        "a stored ", Message::descriptor()->name(), " record is unreadable"));
  }
  return m;
}

}  // namespace samen::partners
