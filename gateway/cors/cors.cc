#include "gateway/cors/cors.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gateway/compression/gzip.h"
#include "gateway/problem.h"

namespace samen::gateway {
namespace {

namespace http = boost::beast::http;

constexpr char kAllowHeaders[] =
    "Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, "
    "X-Request-Id, X-Request-Timeout";
constexpr char kExposeHeaders[] =
    "ETag, Location, X-Request-Id, RateLimit, RateLimit-Policy, Retry-After";

bool LooksLikeOrigin(absl::string_view origin) {
  absl::string_view rest = origin;
  if (!absl::ConsumePrefix(&rest, "https://") &&
      !absl::ConsumePrefix(&rest, "http://")) {
    return false;
  }
  return !rest.empty() && rest.find('/') == absl::string_view::npos &&
         std::all_of(rest.begin(), rest.end(), [](char c) {
           return absl::ascii_isalnum(c) || c == '.' || c == '-' || c == ':' ||
                  c == '[' || c == ']';
         });
}

}  // namespace

std::vector<std::string> ParseOriginList(absl::string_view text) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    part = absl::StripAsciiWhitespace(part);
    if (!part.empty()) {
      out.push_back(std::string(part));
    }
  }
  return out;
}

absl::Status Cors::Validate(const CorsOptions& options) {
  bool any = false;
  for (const std::string& origin : options.allowed_origins) {
    if (origin == "*") {
      any = true;
      continue;
    }
    if (!LooksLikeOrigin(origin)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--cors_allowed_origins: \"", origin,
          "\" is not an origin like https://app.example.org (scheme, host and "
          "optional port, no path)"));
    }
  }
  if (any && options.allow_credentials) {
    return absl::InvalidArgumentError(
        "--cors_allowed_origins=* cannot be combined with "
        "--cors_allow_credentials; list the origins");
  }
  return absl::OkStatus();
}

Cors::Cors(CorsOptions options) : options_(std::move(options)) {
  for (const std::string& origin : options_.allowed_origins) {
    any_ = any_ || origin == "*";
  }
}

std::optional<std::string> Cors::AllowOrigin(absl::string_view origin) const {
  if (!enabled() || origin.empty()) {
    return std::nullopt;
  }
  if (any_) {
    return std::string("*");
  }
  for (const std::string& allowed : options_.allowed_origins) {
    // Scheme and host compare case-insensitively; browsers send them lower.
    if (absl::EqualsIgnoreCase(allowed, origin)) {
      return std::string(origin);
    }
  }
  return std::nullopt;
}

bool Cors::IsPreflight(const HttpRequest& request) {
  return request.method() == http::verb::options &&
         request.find(http::field::origin) != request.end() &&
         request.find(http::field::access_control_request_method) !=
             request.end();
}

HttpResponse Cors::Preflight(const HttpRequest& request,
                             const std::vector<std::string>& methods) const {
  const absl::string_view origin = AsAbsl(request[http::field::origin]);
  std::optional<std::string> allow = AllowOrigin(origin);
  HttpResponse response;
  if (!allow.has_value()) {
    Problem problem = ProblemForCode(
        absl::StatusCode::kPermissionDenied,
        absl::StrCat("origin ", origin, " may not call this API"));
    response = MakeResponse(403, std::string(kProblemContentType),
                            ProblemJson(problem, ""));
  } else {
    response = MakeResponse(204, "", "");
    response.set(http::field::access_control_allow_origin, *allow);
    if (options_.allow_credentials) {
      response.set(http::field::access_control_allow_credentials, "true");
    }
    std::vector<std::string> listed = methods;
    listed.push_back("OPTIONS");
    response.set(http::field::access_control_allow_methods,
                 absl::StrJoin(listed, ", "));
    response.set(http::field::access_control_allow_headers, kAllowHeaders);
    response.set(http::field::access_control_max_age,
                 absl::StrCat(absl::ToInt64Seconds(options_.max_age)));
  }
  if (enabled()) {
    AddVary(&response, "Origin");
    AddVary(&response, "Access-Control-Request-Method");
    AddVary(&response, "Access-Control-Request-Headers");
  }
  return response;
}

void Cors::Decorate(absl::string_view origin, HttpResponse* response) const {
  if (!enabled()) {
    return;
  }
  if (!any_) {
    AddVary(response, "Origin");
  }
  std::optional<std::string> allow = AllowOrigin(origin);
  if (!allow.has_value()) {
    return;
  }
  response->set(http::field::access_control_allow_origin, *allow);
  if (options_.allow_credentials) {
    response->set(http::field::access_control_allow_credentials, "true");
  }
  response->set(http::field::access_control_expose_headers, kExposeHeaders);
}

}  // namespace samen::gateway
