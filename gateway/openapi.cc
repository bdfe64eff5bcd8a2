#include "gateway/openapi.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gateway/field_binding.h"
#include "gateway/openapi_responses.h"
#include "gateway/openapi_schema.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver_util.h"
#include "services/common/logging.h"

#ifndef SAMEN_VERSION
#define SAMEN_VERSION "0.0.0"
#endif

namespace samen::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using openapi::Bool;
using openapi::List;
using openapi::Member;
using openapi::Obj;
using openapi::ProtoComments;
using openapi::Put;
using openapi::PutDescription;
using openapi::SchemaSet;
using openapi::Str;
using openapi::Struct;
using openapi::Value;

constexpr char kInfoDescription[] =
    "The HTTP/JSON API of Samen, generated from the gRPC services' proto "
    "files (their `google.api.http` options and comments). Bodies follow the "
    "proto3 JSON mapping (lowerCamelCase names; 64-bit integers as strings; "
    "enums by name). Errors are RFC 9457 `application/problem+json`.\n\n"
    "Resource names: a path such as `/v1/partnerships/{partnership}` sets the "
    "request's `name` field to `partnerships/{partnership}`; each parameter "
    "says which field it fills. Query parameter names are the proto field "
    "names (`page_size`), dotted for nested fields; the lowerCamelCase JSON "
    "names are accepted too.";

// A path parameter of the expanded OpenAPI path.
struct PathParam {
  std::string name;
  std::string field_path;    // the request field it fills; empty: unbound `*`
  std::string pattern;       // the variable's pattern with {names} filled in
  bool whole_field = false;  // the parameter is the field's entire value
  bool multi = false;        // `**`
};

struct ExpandedPath {
  std::string path;
  std::vector<PathParam> params;
};

std::vector<std::string> SplitTopLevel(absl::string_view text) {
  std::vector<std::string> out(1);
  int depth = 0;
  for (char c : text) {
    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    if (c == '/' && depth == 0) {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

std::string Singular(absl::string_view plural) {
  if (plural == "people") {
    return "person";
  }
  if (absl::EndsWith(plural, "ies") && plural.size() > 3) {
    return absl::StrCat(plural.substr(0, plural.size() - 3), "y");
  }
  for (absl::string_view suffix : {"sses", "xes", "ches", "shes"}) {
    if (absl::EndsWith(plural, suffix)) {
      return std::string(plural.substr(0, plural.size() - 2));
    }
  }
  if (absl::EndsWith(plural, "s") && !absl::EndsWith(plural, "ss") &&
      plural.size() > 1) {
    return std::string(plural.substr(0, plural.size() - 1));
  }
  return std::string(plural);
}

ExpandedPath Expand(const PathTemplate& path) {
  absl::string_view text = path.text();
  if (!path.verb().empty()) {
    text.remove_suffix(path.verb().size() + 1);
  }
  absl::ConsumePrefix(&text, "/");
  ExpandedPath out;
  std::set<std::string> names;
  auto unique = [&names](std::string name) {
    std::string candidate = name;
    for (int i = 2; !names.insert(candidate).second; ++i) {
      candidate = absl::StrCat(name, "_", i);
    }
    return candidate;
  };
  std::vector<std::string> segments;
  for (const std::string& segment : SplitTopLevel(text)) {
    if (segment == "*" || segment == "**") {
      PathParam param{unique(absl::StrCat("segment", segments.size() + 1)), "",
                      "", false, segment == "**"};
      segments.push_back(absl::StrCat("{", param.name, "}"));
      out.params.push_back(std::move(param));
      continue;
    }
    if (!absl::StartsWith(segment, "{")) {
      segments.push_back(segment);
      continue;
    }
    const absl::string_view inner =
        absl::string_view(segment).substr(1, segment.size() - 2);
    const size_t eq = inner.find('=');
    const std::string field(inner.substr(0, eq));
    const std::vector<std::string> parts =
        eq == absl::string_view::npos
            ? std::vector<std::string>{"*"}
            : absl::StrSplit(inner.substr(eq + 1), '/');
    std::vector<std::string> pattern;
    std::string previous_literal;
    const size_t first_param = out.params.size();
    for (const std::string& part : parts) {
      if (part != "*" && part != "**") {
        segments.push_back(part);
        pattern.push_back(part);
        previous_literal = part;
        continue;
      }
      PathParam param;
      param.name = unique(parts.size() == 1 || previous_literal.empty()
                              ? field
                              : Singular(previous_literal));
      param.field_path = field;
      param.whole_field = parts.size() == 1;
      param.multi = part == "**";
      segments.push_back(absl::StrCat("{", param.name, "}"));
      pattern.push_back(segments.back());
      out.params.push_back(std::move(param));
    }
    for (size_t i = first_param; i < out.params.size(); ++i) {
      out.params[i].pattern = absl::StrJoin(pattern, "/");
    }
  }
  out.path = absl::StrCat("/", absl::StrJoin(segments, "/"));
  if (!path.verb().empty()) {
    absl::StrAppend(&out.path, ":", path.verb());
  }
  return out;
}

Value RefTo(absl::string_view kind, absl::string_view name) {
  Struct ref;
  Put(ref, "$ref", Str(absl::StrCat("#/components/", kind, "/", name)));
  return Obj(std::move(ref));
}

// Builds the document; one instance per OpenApiJson() call.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(const OpenApiOptions& options)
      : options_(options),
        comments_(ProtoComments::Embedded()),
        schemas_(comments_) {}

  void AddRoute(const Route& route);
  // The request body of a route that takes one: JSON, or an upload's bytes.
  Struct RequestBody(const Route& route);
  Struct Finish();

 private:
  Value QuerySchema(const FieldDescriptor* field);
  void AddQueryParameters(const Descriptor* type, const std::string& prefix,
                          const BoundFields& bound,
                          std::vector<const Descriptor*>* stack,
                          Value* parameters);
  Value PathParameter(const Route& route, const PathParam& param);
  std::string OperationId(const Route& route);
  void AddOperationsEndpoints();

  const OpenApiOptions& options_;
  const ProtoComments& comments_;
  SchemaSet schemas_;
  Struct paths_;
  std::map<std::string, std::string> tags_;  // name -> description
  std::set<std::string> operation_ids_;
  // Per RPC: its first operationId and how many bindings it has so far.
  std::map<const google::protobuf::MethodDescriptor*,
           std::pair<std::string, int>>
      bindings_;
};

Value DocumentBuilder::QuerySchema(const FieldDescriptor* field) {
  Struct element;
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    openapi::WellKnownSchema(field->message_type(), &element);
  } else {
    element = openapi::ScalarSchema(field);
  }
  if (!field->is_repeated()) {
    return Obj(std::move(element));
  }
  Struct array;
  Put(array, "type", Str("array"));
  Put(array, "items", Obj(std::move(element)));
  return Obj(std::move(array));
}

void DocumentBuilder::AddQueryParameters(const Descriptor* type,
                                         const std::string& prefix,
                                         const BoundFields& bound,
                                         std::vector<const Descriptor*>* stack,
                                         Value* parameters) {
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    const std::string name = absl::StrCat(prefix, field->name());
    if (bound.Overlaps(name) || field->is_map()) {
      continue;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !HasTextForm(field->message_type())) {
      const Descriptor* nested = field->message_type();
      const bool seen =
          std::find(stack->begin(), stack->end(), nested) != stack->end();
      if (field->is_repeated() ||
          nested->well_known_type() != Descriptor::WELLKNOWNTYPE_UNSPECIFIED ||
          seen || stack->size() >= 4) {
        continue;  // not expressible in a URL (send it in the body)
      }
      stack->push_back(nested);
      AddQueryParameters(nested, absl::StrCat(name, "."), bound, stack,
                         parameters);
      stack->pop_back();
      continue;
    }
    Struct param;
    Put(param, "name", Str(name));
    Put(param, "in", Str("query"));
    std::string description = comments_.Of(field);
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
      absl::StrAppend(
          &description, description.empty() ? "" : "\n\n",
          openapi::EnumValuesDescription(field->enum_type(), comments_));
    }
    if (field->is_repeated()) {
      absl::StrAppend(&description, description.empty() ? "" : "\n\n",
                      "Repeat the parameter for several values.");
    }
    PutDescription(param, description);
    Put(param, "schema", QuerySchema(field));
    *parameters->mutable_list_value()->add_values() = Obj(std::move(param));
  }
}

Value DocumentBuilder::PathParameter(const Route& route,
                                     const PathParam& param) {
  Struct out;
  Put(out, "name", Str(param.name));
  Put(out, "in", Str("path"));
  Put(out, "required", Bool(true));
  const FieldDescriptor* field = nullptr;
  const std::vector<std::string> variables = route.path.VariableFieldPaths();
  for (size_t i = 0; i < variables.size() && i < route.variable_fields.size();
       ++i) {
    if (variables[i] == param.field_path) {
      field = route.variable_fields[i].back();
    }
  }
  std::string description;
  if (param.field_path.empty()) {
    description = "Any path segment (not passed to the service).";
  } else if (!param.whole_field) {
    description =
        absl::StrCat("Sets `", param.field_path, "` to `", param.pattern, "`.");
  }
  if (param.multi) {
    absl::StrAppend(&description, description.empty() ? "" : " ",
                    "May span several segments: send its slashes unescaped.");
  }
  if (field != nullptr) {
    const std::string comment = comments_.Of(field);
    absl::StrAppend(&description,
                    description.empty() || comment.empty() ? "" : "\n\n",
                    comment);
  }
  PutDescription(out, description);
  if (field != nullptr && param.whole_field) {
    Put(out, "schema", QuerySchema(field));
  } else {
    Struct schema;
    Put(schema, "type", Str("string"));
    if (!param.multi) {
      Put(schema, "pattern", Str("^[^/]+$"));
    }
    Put(out, "schema", Obj(std::move(schema)));
  }
  return Obj(std::move(out));
}

std::string DocumentBuilder::OperationId(const Route& route) {
  // A further binding of an RPC: its first id plus the binding's number.
  auto [it, first] = bindings_.try_emplace(route.method, "", 0);
  ++it->second.second;
  std::string id;
  if (!first) {
    id = absl::StrCat(it->second.first, "_", it->second.second);
  } else {
    id = route.method->name();
    if (operation_ids_.count(id) > 0) {  // the same RPC name in another service
      id = absl::StrCat(route.method->service()->name(), "_", id);
    }
    it->second.first = id;
  }
  const std::string base = id;
  for (int i = 2; operation_ids_.count(id) > 0; ++i) {
    id = absl::StrCat(base, "_", i);
  }
  operation_ids_.insert(id);
  return id;
}

Struct DocumentBuilder::RequestBody(const Route& route) {
  Struct body;
  if (route.http_body_request) {
    // An upload: the raw bytes with their own Content-Type.
    Struct& media = Member(Member(body, "content"), "*/*");
    Struct binary;
    Put(binary, "type", Str("string"));
    Put(binary, "format", Str("binary"));
    Put(media, "schema", Obj(std::move(binary)));
    PutDescription(body, comments_.Of(route.body_field));
    return body;
  }
  Struct& media = Member(Member(body, "content"), "application/json");
  if (route.body_field != nullptr) {
    Put(media, "schema", schemas_.Field(route.body_field));
    PutDescription(body, comments_.Of(route.body_field));
    return body;
  }
  std::set<std::string> from_path;
  for (const FieldPath& path : route.variable_fields) {
    if (path.size() == 1) {
      from_path.insert(path.front()->name());
    }
  }
  const Descriptor* input = route.method->input_type();
  Put(media, "schema",
      from_path.empty() ? schemas_.Ref(input)
                        : schemas_.InlineWithout(input, from_path));
  return body;
}

void DocumentBuilder::AddRoute(const Route& route) {
  static const std::set<std::string> kMethods = {
      "get", "put", "post", "delete", "options", "head", "patch", "trace"};
  const std::string method = absl::AsciiStrToLower(route.http_method);
  const ExpandedPath expanded = Expand(route.path);
  if (kMethods.count(method) == 0) {
    log::Warning("OpenAPI cannot describe this HTTP method; route left out",
                 {{"method", route.http_method}, {"path", route.path.text()}});
    return;
  }
  Struct& item = Member(paths_, expanded.path);
  if (item.fields().count(method) > 0) {
    log::Warning("two routes share one OpenAPI path; the second is left out",
                 {{"method", route.http_method}, {"path", expanded.path}});
    return;
  }
  const auto* service = route.method->service();
  tags_[service->name()] = comments_.Of(service);

  Struct op;
  Put(op, "operationId", Str(OperationId(route)));
  Put(op, "tags", List({Str(service->name())}));
  Put(op, "x-grpc-method", Str(route.grpc_method));
  const std::string comment = comments_.Of(route.method);
  if (!comment.empty()) {
    Put(op, "summary", Str(openapi::FirstSentence(comment)));
    Put(op, "description", Str(comment));
  }
  if (route.method->options().deprecated()) {
    Put(op, "deprecated", Bool(true));
  }
  if (route.anonymous_access) {
    // The token is optional: anonymous, or bearer.
    Struct bearer;
    Put(bearer, "bearerAuth", List({}));
    Put(op, "security", List({Obj(Struct()), Obj(std::move(bearer))}));
  }

  const Descriptor* input = route.method->input_type();
  Value parameters;
  parameters.mutable_list_value();
  for (const PathParam& param : expanded.params) {
    *parameters.mutable_list_value()->add_values() =
        PathParameter(route, param);
  }
  std::vector<const Descriptor*> stack = {input};
  AddQueryParameters(input, "", route.bound, &stack, &parameters);

  openapi::OperationTraits traits = openapi::TraitsOf(route);
  for (const std::string& header : traits.shared_parameters) {
    *parameters.mutable_list_value()->add_values() =
        RefTo("parameters", header);
  }
  Put(op, "parameters", parameters);

  if (!route.body.empty()) {
    Put(op, "requestBody", Obj(RequestBody(route)));
  }
  Put(op, "responses", Obj(openapi::Responses(route, traits, &schemas_)));
  Put(item, method, Obj(std::move(op)));
}

void DocumentBuilder::AddOperationsEndpoints() {
  struct Endpoint {
    const char* path;
    const char* id;
    const char* summary;
    const char* type;
  };
  for (const Endpoint& e : {
           Endpoint{"/healthz", "Healthz", "The gateway process is up.",
                    "text/plain"},
           Endpoint{"/readyz", "Readyz",
                    "Every backend passes its gRPC health check.",
                    "text/plain"},
           Endpoint{"/openapi.json", "GetOpenApiDocument",
                    "This OpenAPI document.", "application/json"},
       }) {
    Struct op;
    Put(op, "operationId", Str(e.id));
    Put(op, "summary", Str(e.summary));
    Put(op, "tags", List({Str("Operations")}));
    Value no_security;
    no_security.mutable_list_value();
    Put(op, "security", no_security);
    Struct& ok = Member(Member(op, "responses"), "200");
    Put(ok, "description", Str("OK"));
    Struct schema;
    Put(schema, "type",
        Str(absl::StartsWith(e.type, "text/") ? "string" : "object"));
    Put(Member(Member(ok, "content"), e.type), "schema",
        Obj(std::move(schema)));
    if (absl::string_view(e.path) == "/readyz") {
      Put(Member(op, "responses"), "503", RefTo("responses", "Unavailable"));
    }
    Put(Member(paths_, e.path), "get", Obj(std::move(op)));
  }
  tags_["Operations"] = "Liveness, readiness and this document; no token.";
}

Struct DocumentBuilder::Finish() {
  AddOperationsEndpoints();
  Struct doc;
  Put(doc, "openapi", Str("3.1.0"));
  Struct& info = Member(doc, "info");
  Put(info, "title", Str(options_.title));
  Put(info, "version",
      Str(options_.version.empty() ? SAMEN_VERSION : options_.version));
  Put(info, "description", Str(kInfoDescription));
  Struct server;
  Put(server, "url", Str(options_.server_url));
  Put(doc, "servers", List({Obj(std::move(server))}));
  Value tags;
  for (const auto& [name, description] : tags_) {
    Struct tag;
    Put(tag, "name", Str(name));
    PutDescription(tag, description);
    *tags.mutable_list_value()->add_values() = Obj(std::move(tag));
  }
  Put(doc, "tags", tags);
  Struct security;
  Put(security, "bearerAuth", List({}));
  Put(doc, "security", List({Obj(std::move(security))}));
  Put(doc, "paths", Obj(std::move(paths_)));
  Struct& components = Member(doc, "components");
  Put(components, "schemas", Obj(schemas_.schemas()));
  openapi::AddSharedComponents(&components);  // adds to "schemas"
  return doc;
}

}  // namespace

std::string OpenApiPath(const PathTemplate& path) { return Expand(path).path; }

std::string OpenApiJson(const RouteTable& routes,
                        const OpenApiOptions& options) {
  DocumentBuilder builder(options);
  for (const Route& route : routes.routes()) {
    builder.AddRoute(route);
  }
  const Struct doc = builder.Finish();
  // Deterministic serialization sorts map keys; the JSON printer keeps the
  // wire order, so the document's object keys come out sorted.
  std::string binary;
  {
    google::protobuf::io::StringOutputStream stream(&binary);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    doc.SerializeToCodedStream(&coded);
  }
  std::unique_ptr<google::protobuf::util::TypeResolver> resolver(
      google::protobuf::util::NewTypeResolverForDescriptorPool(
          "type.googleapis.com",
          google::protobuf::DescriptorPool::generated_pool()));
  std::string json;
  google::protobuf::util::JsonPrintOptions print;
  const auto status = google::protobuf::util::BinaryToJsonString(
      resolver.get(), "type.googleapis.com/google.protobuf.Struct", binary,
      &json, print);
  if (!status.ok()) {
    log::Error("cannot print the OpenAPI document",
               {{"error", status.message().ToString()}});
    return "{}";
  }
  return json;
}

}  // namespace samen::gateway
