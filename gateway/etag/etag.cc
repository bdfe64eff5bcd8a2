#include "gateway/etag/etag.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/field_binding.h"
#include "gateway/problem.h"

namespace samen::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// etagc = %x21 / %x23-7E / obs-text
bool IsEtagChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u <= 0x7E) || u >= 0x80;
}

void SkipSpace(absl::string_view* s) {
  while (!s->empty() && (s->front() == ' ' || s->front() == '\t')) {
    s->remove_prefix(1);
  }
}

}  // namespace

absl::StatusOr<EntityTagList> ParseEntityTags(absl::string_view value,
                                              absl::string_view header) {
  EntityTagList list;
  absl::string_view rest = absl::StripAsciiWhitespace(value);
  if (rest == "*") {
    list.any = true;
    return list;
  }
  auto malformed = [&](absl::string_view why) {
    return InvalidFieldError(
        header, absl::StrCat(why, "; expected \"*\" or entity tags such as ",
                             "\"abc\" or W/\"abc\""));
  };
  while (true) {
    SkipSpace(&rest);
    if (rest.empty()) {
      break;
    }
    if (rest.front() == ',') {  // empty list elements are allowed
      rest.remove_prefix(1);
      continue;
    }
    EntityTag tag;
    if (absl::StartsWith(rest, "W/")) {
      tag.weak = true;
      rest.remove_prefix(2);
    }
    if (rest.empty() || rest.front() != '"') {
      return malformed("an entity tag must be quoted");
    }
    rest.remove_prefix(1);
    const size_t close = rest.find('"');
    if (close == absl::string_view::npos) {
      return malformed("unterminated entity tag");
    }
    absl::string_view opaque = rest.substr(0, close);
    for (char c : opaque) {
      if (!IsEtagChar(c)) {
        return malformed("invalid character in an entity tag");
      }
    }
    tag.opaque = std::string(opaque);
    list.tags.push_back(std::move(tag));
    rest.remove_prefix(close + 1);
    SkipSpace(&rest);
    if (!rest.empty() && rest.front() != ',') {
      return malformed("entity tags must be separated by commas");
    }
  }
  if (list.tags.empty()) {
    return malformed("no entity tag given");
  }
  return list;
}

std::optional<std::string> StrongETag(absl::string_view etag_field) {
  if (etag_field.empty()) {
    return std::nullopt;
  }
  for (char c : etag_field) {
    if (!IsEtagChar(c)) {
      return std::nullopt;
    }
  }
  return absl::StrCat("\"", etag_field, "\"");
}

bool IfNoneMatchMatches(const EntityTagList& list,
                        absl::string_view etag_field) {
  if (list.any) {
    return true;  // the resource has a current representation
  }
  if (etag_field.empty()) {
    return false;
  }
  for (const EntityTag& tag : list.tags) {
    if (tag.opaque == etag_field) {  // weak comparison ignores W/
      return true;
    }
  }
  return false;
}

const FieldDescriptor* EtagField(const Descriptor* type) {
  return SingularStringField(type, "etag");
}

std::string EtagOf(const Message& message) {
  const FieldDescriptor* field = EtagField(message.GetDescriptor());
  return field == nullptr ? ""
                          : message.GetReflection()->GetString(message, field);
}

absl::Status ApplyIfMatch(const Route& route, const EntityTagList& list,
                          Message* request) {
  Message* target = nullptr;
  const FieldDescriptor* field = nullptr;
  if (route.body_field != nullptr &&
      route.body_field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
      !route.body_field->is_repeated()) {
    field = EtagField(route.body_field->message_type());
    if (field != nullptr) {
      target =
          request->GetReflection()->MutableMessage(request, route.body_field);
    }
  }
  if (field == nullptr) {
    field = EtagField(request->GetDescriptor());
    target = request;
  }
  if (field == nullptr) {
    return InvalidFieldError(
        "If-Match", absl::StrCat(route.http_method, " ", route.path.text(),
                                 " has no etag to compare"));
  }
  if (list.any) {
    return absl::OkStatus();
  }
  if (list.tags.size() != 1) {
    return InvalidFieldError("If-Match", "give exactly one entity tag");
  }
  const EntityTag& tag = list.tags.front();
  const std::string current =
      target->GetReflection()->GetString(*target, field);
  if (tag.weak) {
    return absl::FailedPreconditionError(
        "If-Match: a weak entity tag never matches; send the ETag as received");
  }
  if (!current.empty() && current != tag.opaque) {
    return absl::FailedPreconditionError(
        "If-Match and the etag in the body differ");
  }
  target->GetReflection()->SetString(target, field, tag.opaque);
  return absl::OkStatus();
}

}  // namespace samen::gateway
