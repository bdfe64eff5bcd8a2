#include "gateway/transcoder.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gateway/json_syntax.h"
#include "gateway/problem.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/status_macros.h"

namespace samen::gateway {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

bool IsBlank(absl::string_view text) {
  return absl::StripAsciiWhitespace(text).empty();
}

// Turns a protobuf JSON parser error into one that names the field, e.g.
//   "bogus: Cannot find field."                 -> field "bogus", "unknown
//   field"
//   "(clusters[0]) zzz: Cannot find field."     -> field "clusters[0].zzz"
//   "(display_name): invalid value 5 for type TYPE_STRING" -> field
//   "display_name"
absl::Status JsonError(absl::string_view message,
                       absl::string_view field_prefix) {
  absl::string_view first_line = message.substr(0, message.find('\n'));
  auto with_prefix = [&](absl::string_view field) {
    return field_prefix.empty() ? std::string(field)
                                : absl::StrCat(field_prefix, ".", field);
  };
  absl::string_view rest = first_line;
  std::string path;
  if (absl::StartsWith(rest, "(")) {
    const size_t close = rest.find(')');
    if (close != absl::string_view::npos) {
      path = std::string(rest.substr(1, close - 1));
      rest.remove_prefix(close + 1);
      absl::ConsumePrefix(&rest, ":");
      rest = absl::StripLeadingAsciiWhitespace(rest);
    }
  }
  constexpr absl::string_view kUnknown = ": Cannot find field.";
  if (absl::EndsWith(rest, kUnknown)) {
    absl::string_view name = rest.substr(0, rest.size() - kUnknown.size());
    std::string field =
        path.empty() ? std::string(name) : absl::StrCat(path, ".", name);
    return InvalidFieldError(with_prefix(field), "unknown field");
  }
  if (!path.empty()) {
    return InvalidFieldError(with_prefix(path), rest);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("invalid request body: ", first_line));
}

absl::Status ParseJsonInto(absl::string_view json, Message* message,
                           absl::string_view field_prefix) {
  if (std::optional<JsonSyntaxError> error = CheckJsonSyntax(json);
      error.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "malformed JSON in the request body at line ", error->line, ", column ",
        error->column, " (byte ", error->offset, "): ", error->message));
  }
  if (absl::StripAsciiWhitespace(json)[0] != '{') {
    return absl::InvalidArgumentError(
        absl::StrCat("the request body must be a JSON object (",
                     message->GetTypeName(), ")"));
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message,
      options);
  if (!status.ok()) {
    return JsonError(
        absl::string_view(status.message().data(), status.message().size()),
        field_prefix);
  }
  return absl::OkStatus();
}

absl::Status BindBody(const Route& route, absl::string_view body,
                      absl::string_view content_type, Message* request) {
  if (route.body.empty()) {
    if (!IsBlank(body)) {
      return absl::InvalidArgumentError(absl::StrCat(
          route.http_method, " ", route.path.text(),
          " takes no request body; send the fields ", "in the URL query"));
    }
    return absl::OkStatus();
  }
  if (IsBlank(body)) {
    return absl::OkStatus();  // an empty body is an empty message
  }
  if (route.body_field == nullptr) {
    return ParseJsonInto(body, request, "");
  }
  const FieldDescriptor* field = route.body_field;
  if (route.http_body_request) {
    Message* http_body =
        request->GetReflection()->MutableMessage(request, field);
    const auto* type = http_body->GetDescriptor();
    const auto* reflection = http_body->GetReflection();
    reflection->SetString(http_body, type->FindFieldByName("content_type"),
                          std::string(content_type));
    reflection->SetString(http_body, type->FindFieldByName("data"),
                          std::string(body));
    return absl::OkStatus();
  }
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
      !field->is_repeated()) {
    return ParseJsonInto(
        body, request->GetReflection()->MutableMessage(request, field),
        field->name());
  }
  // A repeated or scalar body field: parse it as that member of the request.
  if (std::optional<JsonSyntaxError> error = CheckJsonSyntax(body);
      error.has_value()) {
    return ParseJsonInto(body, request,
                         "");  // reports the syntax error with its position
  }
  std::unique_ptr<Message> wrapper(request->New());
  const std::string wrapped =
      absl::StrCat("{\"", field->json_name(), "\":", body, "}");
  google::protobuf::util::JsonParseOptions options;
  auto status = google::protobuf::util::JsonStringToMessage(
      wrapped, wrapper.get(), options);
  if (!status.ok()) {
    return JsonError(
        absl::string_view(status.message().data(), status.message().size()),
        "");
  }
  request->MergeFrom(*wrapper);
  return absl::OkStatus();
}

}  // namespace

std::unique_ptr<Message> NewRequestMessage(const Route& route) {
  return std::unique_ptr<Message>(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(route.method->input_type())
          ->New());
}

std::unique_ptr<Message> NewResponseMessage(const Route& route) {
  return std::unique_ptr<Message>(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(route.method->output_type())
          ->New());
}

absl::Status ParseJson(absl::string_view json, Message* message) {
  return ParseJsonInto(json, message, "");
}

absl::Status BuildRequest(const Route& route, const PathBindings& bindings,
                          absl::string_view query, absl::string_view body,
                          Message* request, absl::string_view content_type) {
  RETURN_IF_ERROR(BindBody(route, body, content_type, request));
  for (size_t i = 0; i < bindings.size() && i < route.variable_fields.size();
       ++i) {
    RETURN_IF_ERROR(SetFieldFromText(request, route.variable_fields[i],
                                     bindings[i].second, bindings[i].first));
  }
  return BindQueryParameters(query, route.bound, request);
}

absl::StatusOr<std::string> RenderResponse(const Route& route,
                                           const Message& response) {
  const Message* out = &response;
  if (route.response_body_field != nullptr) {
    out = &response.GetReflection()->GetMessage(response,
                                                route.response_body_field);
  }
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = false;
  options.preserve_proto_field_names = false;
  std::string json;
  auto status =
      google::protobuf::util::MessageToJsonString(*out, &json, options);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat(
        "cannot render the response as JSON: ", status.message().ToString()));
  }
  return json;
}

}  // namespace samen::gateway
