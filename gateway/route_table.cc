#include "gateway/route_table.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/api/annotations.pb.h"
#include "google/api/http.pb.h"
#include "samen/api/access.pb.h"
#include "services/common/status_macros.h"

namespace samen::gateway {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;

absl::Status RuleError(const MethodDescriptor* method, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("google.api.http of ", method->full_name(), ": ", what));
}

// Method and path of one rule, or an error for a rule without a pattern.
absl::StatusOr<std::pair<std::string, std::string>> Pattern(
    const google::api::HttpRule& rule) {
  switch (rule.pattern_case()) {
    case google::api::HttpRule::kGet:
      return std::make_pair(std::string("GET"), rule.get());
    case google::api::HttpRule::kPut:
      return std::make_pair(std::string("PUT"), rule.put());
    case google::api::HttpRule::kPost:
      return std::make_pair(std::string("POST"), rule.post());
    case google::api::HttpRule::kDelete:
      return std::make_pair(std::string("DELETE"), rule.delete_());
    case google::api::HttpRule::kPatch:
      return std::make_pair(std::string("PATCH"), rule.patch());
    case google::api::HttpRule::kCustom:
      return std::make_pair(absl::AsciiStrToUpper(rule.custom().kind()),
                            rule.custom().path());
    default:
      break;
  }
  return absl::InvalidArgumentError("rule without a pattern");
}

ResponseTraits ResponseTraitsOf(const Route& route) {
  ResponseTraits traits;
  const MethodDescriptor* method = route.method;
  const bool empty =
      method->output_type()->full_name() == "google.protobuf.Empty";
  if (absl::StartsWith(method->name(), "Delete") && empty &&
      !route.server_streaming) {
    traits.success_status = 204;
  } else if (route.http_method == "POST" &&
             absl::StartsWith(method->name(), "Create")) {
    traits.success_status = 201;
  }
  traits.rendered = route.response_body_field != nullptr
                        ? route.response_body_field->message_type()
                        : method->output_type();
  traits.http_body = traits.rendered->full_name() == "google.api.HttpBody";
  traits.etag_field = SingularStringField(traits.rendered, "etag");
  if (const auto* field = traits.rendered->FindFieldByName("update_time");
      field != nullptr && !field->is_repeated() &&
      field->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE &&
      field->message_type()->full_name() == "google.protobuf.Timestamp") {
    traits.update_time_field = field;
  }
  return traits;
}

absl::StatusOr<Route> MakeRoute(const MethodDescriptor* method,
                                const google::api::HttpRule& rule) {
  absl::StatusOr<std::pair<std::string, std::string>> pattern = Pattern(rule);
  if (!pattern.ok()) {
    return RuleError(method, pattern.status().message());
  }
  absl::StatusOr<PathTemplate> path = PathTemplate::Parse(pattern->second);
  if (!path.ok()) {
    return RuleError(method, path.status().message());
  }
  Route route;
  route.http_method = pattern->first;
  route.path = *std::move(path);
  route.body = rule.body();
  route.response_body = rule.response_body();
  route.method = method;
  route.server_streaming = method->server_streaming();
  route.anonymous_access =
      method->options().GetExtension(samen::api::anonymous_access);
  route.public_cache_control =
      method->options().GetExtension(samen::api::public_cache_control);
  route.grpc_method =
      absl::StrCat("/", method->service()->full_name(), "/", method->name());
  const auto* input = method->input_type();
  for (const std::string& variable : route.path.VariableFieldPaths()) {
    std::optional<FieldPath> field = ResolveFieldPath(input, variable);
    if (!field.has_value() || field->back()->is_repeated() ||
        field->back()->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      return RuleError(method,
                       absl::StrCat("path variable \"", variable,
                                    "\" is not a singular scalar field of ",
                                    input->full_name()));
    }
    route.bound.paths.push_back(FieldPathName(*field));
    route.variable_fields.push_back(*std::move(field));
  }
  if (route.body == "*") {
    route.bound.all = true;
  } else if (!route.body.empty()) {
    route.body_field = input->FindFieldByName(route.body);
    if (route.body_field == nullptr) {
      return RuleError(
          method, absl::StrCat("body field \"", route.body,
                               "\" is not a field of ", input->full_name()));
    }
    route.bound.paths.push_back(route.body);
    route.http_body_request =
        route.body_field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !route.body_field->is_repeated() &&
        route.body_field->message_type()->full_name() == "google.api.HttpBody";
  }
  if (!route.response_body.empty()) {
    route.response_body_field =
        method->output_type()->FindFieldByName(route.response_body);
    if (route.response_body_field == nullptr ||
        route.response_body_field->cpp_type() !=
            FieldDescriptor::CPPTYPE_MESSAGE ||
        route.response_body_field->is_repeated()) {
      return RuleError(method,
                       absl::StrCat("response_body \"", route.response_body,
                                    "\" is not a singular message field"));
    }
  }
  route.response = ResponseTraitsOf(route);
  return route;
}

// Higher is more specific.
std::tuple<bool, int, bool, int> Specificity(const PathTemplate& t) {
  return {!t.verb().empty(), t.literal_count(), !t.has_multi_wildcard(),
          t.segment_count()};
}

}  // namespace

const std::string& Route::service_name() const {
  return method->service()->full_name();
}

absl::StatusOr<RouteTable> RouteTable::Build(
    const std::vector<std::string>& service_names,
    const google::protobuf::DescriptorPool* pool) {
  RouteTable table;
  std::set<std::pair<std::string, std::string>> seen;
  for (const std::string& name : service_names) {
    const auto* service = pool->FindServiceByName(name);
    if (service == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("service ", name, " is not compiled in"));
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const MethodDescriptor* method = service->method(i);
      if (!method->options().HasExtension(google::api::http)) {
        continue;  // gRPC only
      }
      if (method->client_streaming()) {
        return RuleError(
            method, "client-streaming RPCs are not supported by the gateway");
      }
      const google::api::HttpRule& top =
          method->options().GetExtension(google::api::http);
      std::vector<const google::api::HttpRule*> rules = {&top};
      for (const auto& extra : top.additional_bindings()) {
        rules.push_back(&extra);
      }
      for (const google::api::HttpRule* rule : rules) {
        ASSIGN_OR_RETURN(Route route, MakeRoute(method, *rule));
        if (!seen.emplace(route.http_method, route.path.text()).second) {
          return RuleError(
              method, absl::StrCat(route.http_method, " ", route.path.text(),
                                   " is bound twice"));
        }
        table.routes_.push_back(std::move(route));
      }
    }
  }
  return table;
}

RouteMatch RouteTable::Find(absl::string_view method,
                            absl::string_view path) const {
  if (method == "HEAD") {
    // HEAD is GET without the body (RFC 9110 §9.3.2): GET's routes answer it
    // unless the API binds HEAD itself.
    RouteMatch own = FindExactly("HEAD", path);
    return own.route != nullptr ? own : FindExactly("GET", path);
  }
  return FindExactly(method, path);
}

RouteMatch RouteTable::FindExactly(absl::string_view method,
                                   absl::string_view path) const {
  RouteMatch best;
  std::set<std::string> allowed;
  const RequestPath split(path);
  for (const Route& route : routes_) {
    std::optional<PathBindings> bindings = route.path.Match(split);
    if (!bindings.has_value()) {
      continue;
    }
    if (route.http_method != method) {
      allowed.insert(route.http_method);
      if (route.http_method == "GET") {
        allowed.insert("HEAD");
      }
      continue;
    }
    if (best.route == nullptr ||
        Specificity(route.path) > Specificity(best.route->path)) {
      best.route = &route;
      best.bindings = *std::move(bindings);
    }
  }
  if (best.route == nullptr) {
    best.allowed_methods.assign(allowed.begin(), allowed.end());
  }
  return best;
}

}  // namespace samen::gateway
