#include "gateway/idempotency/idempotency_key.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gateway/problem.h"
#include "google/protobuf/descriptor.h"

namespace samen::gateway {

using google::protobuf::FieldDescriptor;

absl::StatusOr<std::string> ParseIdempotencyKey(absl::string_view value) {
  absl::string_view key = absl::StripAsciiWhitespace(value);
  if (key.size() >= 2 && key.front() == '"' && key.back() == '"') {
    key = key.substr(1, key.size() - 2);
    if (key.find_first_of("\"\\") != absl::string_view::npos) {
      return InvalidFieldError(kIdempotencyKeyHeader,
                               "quotes and backslashes are not allowed");
    }
  }
  if (key.empty() || key.size() > 255) {
    return InvalidFieldError(kIdempotencyKeyHeader,
                             "must be 1 to 255 printable ASCII characters");
  }
  for (unsigned char c : key) {
    if (c < 0x20 || c > 0x7E) {
      return InvalidFieldError(kIdempotencyKeyHeader,
                               "must be 1 to 255 printable ASCII characters");
    }
  }
  return std::string(key);
}

absl::Status ApplyIdempotencyKey(absl::string_view key,
                                 google::protobuf::Message* request) {
  const FieldDescriptor* field =
      request->GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->is_repeated() ||
      field->type() != FieldDescriptor::TYPE_STRING) {
    return InvalidFieldError(
        kIdempotencyKeyHeader,
        absl::StrCat("this method takes no idempotency key (",
                     request->GetDescriptor()->full_name(),
                     " has no request_id)"));
  }
  const std::string current =
      request->GetReflection()->GetString(*request, field);
  if (!current.empty() && current != key) {
    return InvalidFieldError(
        kIdempotencyKeyHeader,
        "differs from the request_id given in the request; send one of them");
  }
  request->GetReflection()->SetString(request, field, std::string(key));
  return absl::OkStatus();
}

}  // namespace samen::gateway
