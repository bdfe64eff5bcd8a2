#include "gateway/field_binding.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gateway/path_template.h"
#include "gateway/problem.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/status_macros.h"

namespace samen::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool IsIntegerText(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    text.remove_prefix(1);
  }
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), absl::ascii_isdigit);
}

// Parses an integer of type T, telling "not a number" from "out of range".
template <typename T>
absl::Status ParseInteger(absl::string_view text, absl::string_view display,
                          T* out) {
  if (absl::SimpleAtoi(text, out)) {
    return absl::OkStatus();
  }
  if (IsIntegerText(text)) {
    return InvalidFieldError(
        display, absl::StrCat("value \"", text, "\" is out of range (",
                              std::numeric_limits<T>::min(), " to ",
                              std::numeric_limits<T>::max(), ")"));
  }
  return InvalidFieldError(
      display, absl::StrCat("value \"", text, "\" is not an integer"));
}

absl::Status ParseBool(absl::string_view text, absl::string_view display,
                       bool* out) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "true" || lower == "1") {
    *out = true;
    return absl::OkStatus();
  }
  if (lower == "false" || lower == "0") {
    *out = false;
    return absl::OkStatus();
  }
  return InvalidFieldError(
      display,
      absl::StrCat("value \"", text, "\" is not a boolean (true or false)"));
}

absl::Status ParseDouble(absl::string_view text, absl::string_view display,
                         double* out) {
  if (text == "Infinity") {
    *out = std::numeric_limits<double>::infinity();
  } else if (text == "-Infinity") {
    *out = -std::numeric_limits<double>::infinity();
  } else if (!absl::SimpleAtod(text, out)) {
    return InvalidFieldError(
        display, absl::StrCat("value \"", text, "\" is not a number"));
  }
  return absl::OkStatus();
}

absl::Status ParseEnum(const FieldDescriptor* field, absl::string_view text,
                       absl::string_view display, int* out) {
  const auto* type = field->enum_type();
  const EnumValueDescriptor* value = type->FindValueByName(std::string(text));
  if (value == nullptr) {
    value = type->FindValueByName(absl::AsciiStrToUpper(text));
  }
  int number = 0;
  if (value == nullptr && absl::SimpleAtoi(text, &number)) {
    value = type->FindValueByNumber(number);
  }
  if (value == nullptr) {
    std::vector<std::string> names;
    for (int i = 0; i < type->value_count(); ++i) {
      names.push_back(type->value(i)->name());
    }
    return InvalidFieldError(display,
                             absl::StrCat("value \"", text, "\" is not one of ",
                                          absl::StrJoin(names, ", ")));
  }
  *out = value->number();
  return absl::OkStatus();
}

// Parses `text` with `parse` and hands the value to `store`.
template <typename T, typename Parse, typename Store>
absl::Status ParseAndStore(absl::string_view text, absl::string_view display,
                           Parse parse, Store store) {
  T value{};
  RETURN_IF_ERROR(parse(text, display, &value));
  store(value);
  return absl::OkStatus();
}

absl::Status ParseFloat(absl::string_view text, absl::string_view display,
                        float* out) {
  double value = 0;
  RETURN_IF_ERROR(ParseDouble(text, display, &value));
  if (std::isfinite(value) &&
      std::fabs(value) > std::numeric_limits<float>::max()) {
    return InvalidFieldError(
        display,
        absl::StrCat("value \"", text, "\" is out of range for a float"));
  }
  *out = static_cast<float>(value);
  return absl::OkStatus();
}

// A string field's value: UTF-8 text, or base64 for bytes.
absl::Status ParseStringValue(const FieldDescriptor* field,
                              absl::string_view text, absl::string_view display,
                              std::string* out) {
  if (field->type() == FieldDescriptor::TYPE_BYTES) {
    if (!absl::WebSafeBase64Unescape(text, out) &&
        !absl::Base64Unescape(text, out)) {
      return InvalidFieldError(display, "value is not base64");
    }
    return absl::OkStatus();
  }
  if (!google::protobuf::internal::IsStructurallyValidUTF8(
          text.data(), static_cast<int>(text.size()))) {
    // A backend cannot parse a string field that is not UTF-8.
    return InvalidFieldError(display, "value is not valid UTF-8");
  }
  *out = std::string(text);
  return absl::OkStatus();
}

// Sets a scalar (non-message) field; appends when the field is repeated.
absl::Status SetScalar(Message* message, const FieldDescriptor* field,
                       absl::string_view text, absl::string_view display) {
  const Reflection* r = message->GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return ParseAndStore<std::string>(
          text, display,
          [field](absl::string_view t, absl::string_view d, std::string* out) {
            return ParseStringValue(field, t, d, out);
          },
          [&](std::string v) {
            repeated ? r->AddString(message, field, std::move(v))
                     : r->SetString(message, field, std::move(v));
          });
    case FieldDescriptor::CPPTYPE_BOOL:
      return ParseAndStore<bool>(text, display, ParseBool, [&](bool v) {
        repeated ? r->AddBool(message, field, v)
                 : r->SetBool(message, field, v);
      });
    case FieldDescriptor::CPPTYPE_INT32:
      return ParseAndStore<int32_t>(text, display, ParseInteger<int32_t>,
                                    [&](int32_t v) {
                                      repeated ? r->AddInt32(message, field, v)
                                               : r->SetInt32(message, field, v);
                                    });
    case FieldDescriptor::CPPTYPE_INT64:
      return ParseAndStore<int64_t>(text, display, ParseInteger<int64_t>,
                                    [&](int64_t v) {
                                      repeated ? r->AddInt64(message, field, v)
                                               : r->SetInt64(message, field, v);
                                    });
    case FieldDescriptor::CPPTYPE_UINT32:
      return ParseAndStore<uint32_t>(
          text, display, ParseInteger<uint32_t>, [&](uint32_t v) {
            repeated ? r->AddUInt32(message, field, v)
                     : r->SetUInt32(message, field, v);
          });
    case FieldDescriptor::CPPTYPE_UINT64:
      return ParseAndStore<uint64_t>(
          text, display, ParseInteger<uint64_t>, [&](uint64_t v) {
            repeated ? r->AddUInt64(message, field, v)
                     : r->SetUInt64(message, field, v);
          });
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return ParseAndStore<double>(text, display, ParseDouble, [&](double v) {
        repeated ? r->AddDouble(message, field, v)
                 : r->SetDouble(message, field, v);
      });
    case FieldDescriptor::CPPTYPE_FLOAT:
      return ParseAndStore<float>(text, display, ParseFloat, [&](float v) {
        repeated ? r->AddFloat(message, field, v)
                 : r->SetFloat(message, field, v);
      });
    case FieldDescriptor::CPPTYPE_ENUM:
      return ParseAndStore<int>(
          text, display,
          [field](absl::string_view t, absl::string_view d, int* out) {
            return ParseEnum(field, t, d, out);
          },
          [&](int v) {
            repeated ? r->AddEnumValue(message, field, v)
                     : r->SetEnumValue(message, field, v);
          });
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return InvalidFieldError(display, "cannot be set from text");
}

// Fills a well-known message from its text form.
absl::Status SetWellKnown(Message* target, absl::string_view text,
                          absl::string_view display) {
  const Descriptor* type = target->GetDescriptor();
  if (IsWrapperType(type)) {
    return SetScalar(target, type->FindFieldByName("value"), text, display);
  }
  switch (type->well_known_type()) {
    case Descriptor::WELLKNOWNTYPE_FIELDMASK: {
      google::protobuf::FieldMask mask;
      for (absl::string_view part :
           absl::StrSplit(text, ',', absl::SkipWhitespace())) {
        part = absl::StripAsciiWhitespace(part);
        std::string snake;
        for (char c : part) {
          if (absl::ascii_isupper(c)) {
            snake.push_back('_');
            snake.push_back(absl::ascii_tolower(c));
          } else if (absl::ascii_isalnum(c) || c == '_' || c == '.' ||
                     c == '*') {
            snake.push_back(c);
          } else {
            return InvalidFieldError(
                display,
                absl::StrCat("invalid field mask path \"", part, "\""));
          }
        }
        mask.add_paths(snake);
      }
      target->MergeFromString(mask.SerializeAsString());
      return absl::OkStatus();
    }
    case Descriptor::WELLKNOWNTYPE_TIMESTAMP: {
      google::protobuf::Timestamp ts;
      if (!google::protobuf::util::TimeUtil::FromString(std::string(text),
                                                        &ts)) {
        return InvalidFieldError(
            display,
            absl::StrCat(
                "value \"", text,
                "\" is not an RFC 3339 timestamp (2024-09-01T08:30:00Z)"));
      }
      target->Clear();
      target->MergeFromString(ts.SerializeAsString());
      return absl::OkStatus();
    }
    case Descriptor::WELLKNOWNTYPE_DURATION: {
      google::protobuf::Duration d;
      if (!google::protobuf::util::TimeUtil::FromString(std::string(text),
                                                        &d)) {
        return InvalidFieldError(
            display, absl::StrCat("value \"", text,
                                  "\" is not a duration (e.g. \"1.5s\")"));
      }
      target->Clear();
      target->MergeFromString(d.SerializeAsString());
      return absl::OkStatus();
    }
    default:
      break;
  }
  return InvalidFieldError(
      display,
      absl::StrCat("a ", type->full_name(),
                   " cannot be given in the URL; send it in the body"));
}

}  // namespace

const FieldDescriptor* FindFieldByAnyName(const Descriptor* type,
                                          absl::string_view name) {
  if (const FieldDescriptor* field = type->FindFieldByName(std::string(name))) {
    return field;
  }
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i)->json_name() == name) {
      return type->field(i);
    }
  }
  return nullptr;
}

const FieldDescriptor* SingularStringField(const Descriptor* type,
                                           absl::string_view name) {
  const FieldDescriptor* field =
      type == nullptr ? nullptr : type->FindFieldByName(std::string(name));
  if (field == nullptr || field->is_repeated() ||
      field->type() != FieldDescriptor::TYPE_STRING) {
    return nullptr;
  }
  return field;
}

bool IsWrapperType(const Descriptor* type) {
  switch (type->well_known_type()) {
    case Descriptor::WELLKNOWNTYPE_DOUBLEVALUE:
    case Descriptor::WELLKNOWNTYPE_FLOATVALUE:
    case Descriptor::WELLKNOWNTYPE_INT64VALUE:
    case Descriptor::WELLKNOWNTYPE_UINT64VALUE:
    case Descriptor::WELLKNOWNTYPE_INT32VALUE:
    case Descriptor::WELLKNOWNTYPE_UINT32VALUE:
    case Descriptor::WELLKNOWNTYPE_STRINGVALUE:
    case Descriptor::WELLKNOWNTYPE_BYTESVALUE:
    case Descriptor::WELLKNOWNTYPE_BOOLVALUE:
      return true;
    default:
      return false;
  }
}

bool HasTextForm(const Descriptor* type) {
  switch (type->well_known_type()) {
    case Descriptor::WELLKNOWNTYPE_TIMESTAMP:
    case Descriptor::WELLKNOWNTYPE_DURATION:
    case Descriptor::WELLKNOWNTYPE_FIELDMASK:
      return true;
    default:
      return IsWrapperType(type);
  }
}

bool IsReservedQueryParameter(absl::string_view key) {
  return key == "fields" || key == "alt" || key == "$fields";
}

std::optional<FieldPath> ResolveFieldPath(const Descriptor* type,
                                          absl::string_view path) {
  FieldPath out;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (type == nullptr) {
      return std::nullopt;  // descending into a non-message
    }
    const FieldDescriptor* field = FindFieldByAnyName(type, part);
    if (field == nullptr) {
      return std::nullopt;
    }
    out.push_back(field);
    type = nullptr;
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !field->is_repeated()) {
      type = field->message_type();
    }
  }
  return out;
}

std::string FieldPathName(const FieldPath& path) {
  return absl::StrJoin(path, ".",
                       [](std::string* out, const FieldDescriptor* f) {
                         out->append(f->name());
                       });
}

absl::Status SetFieldFromText(Message* message, const FieldPath& path,
                              absl::string_view text,
                              absl::string_view display) {
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    message = message->GetReflection()->MutableMessage(message, path[i]);
  }
  const FieldDescriptor* field = path.back();
  if (field->is_map()) {
    return InvalidFieldError(
        display, "a map cannot be given in the URL; send it in the body");
  }
  if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    return SetScalar(message, field, text, display);
  }
  Message* target =
      field->is_repeated()
          ? message->GetReflection()->AddMessage(message, field)
          : message->GetReflection()->MutableMessage(message, field);
  return SetWellKnown(target, text, display);
}

bool BoundFields::Overlaps(absl::string_view path) const {
  if (all) {
    return true;
  }
  for (const std::string& bound : paths) {
    if (bound == path || absl::StartsWith(path, absl::StrCat(bound, ".")) ||
        absl::StartsWith(bound, absl::StrCat(path, "."))) {
      return true;
    }
  }
  return false;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
ParseQueryString(absl::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  for (absl::string_view item : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(item, absl::MaxSplits('=', 1));
    std::string key(kv.first);
    std::string value(kv.second);
    std::replace(key.begin(), key.end(), '+', ' ');
    std::replace(value.begin(), value.end(), '+', ' ');
    std::optional<std::string> k = PercentDecode(key, false);
    std::optional<std::string> v = PercentDecode(value, false);
    if (!k.has_value() || !v.has_value()) {
      return InvalidFieldError(k.has_value() ? *k : key,
                               "malformed percent-encoding in the query");
    }
    if (k->empty()) {
      continue;
    }
    out.emplace_back(std::move(*k), std::move(*v));
  }
  return out;
}

absl::Status BindQueryParameters(absl::string_view query,
                                 const BoundFields& bound, Message* message) {
  ASSIGN_OR_RETURN(const auto params, ParseQueryString(query));
  std::set<std::string> singular_seen;
  for (const auto& [key, value] : params) {
    if (IsReservedQueryParameter(key)) {
      continue;
    }
    std::optional<FieldPath> path =
        ResolveFieldPath(message->GetDescriptor(), key);
    if (!path.has_value()) {
      return InvalidFieldError(key, "unknown query parameter");
    }
    const std::string canonical = FieldPathName(*path);
    if (bound.Overlaps(canonical)) {
      return InvalidFieldError(
          key, bound.all ? "query parameters are not allowed: the request body "
                           "sets every field"
                         : "already set by the URL path or the request body");
    }
    for (size_t i = 0; i + 1 < path->size(); ++i) {
      if ((*path)[i]->message_type()->well_known_type() !=
          Descriptor::WELLKNOWNTYPE_UNSPECIFIED) {
        return InvalidFieldError(key, "unknown query parameter");
      }
    }
    if (!path->back()->is_repeated() &&
        !singular_seen.insert(canonical).second) {
      return InvalidFieldError(
          key, "given more than once, but takes a single value");
    }
    RETURN_IF_ERROR(SetFieldFromText(message, *path, value, key));
  }
  return absl::OkStatus();
}

}  // namespace samen::gateway
