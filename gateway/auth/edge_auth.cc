#include "gateway/auth/edge_auth.h"

#include <memory>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"

namespace samen::gateway {
namespace {

namespace http = boost::beast::http;

std::string QuoteForHeader(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"\\", "\\\\"}, {"\"", "\\\""}});
}

class Authenticate : public Filter {
 public:
  explicit Authenticate(const auth::TokenVerifier* verifier)
      : verifier_(verifier) {}

  std::optional<Reply> OnRequest(Exchange& exchange) override {
    if (verifier_ == nullptr || exchange.route() == nullptr) {
      return std::nullopt;
    }
    Caller& caller = exchange.caller;
    caller.checked = true;
    const std::string authorization =
        exchange.Header(http::field::authorization);
    if (authorization.empty()) {
      if (!exchange.route()->anonymous_access) {
        caller.failure = absl::UnauthenticatedError("");
      }
      return std::nullopt;
    }
    absl::StatusOr<auth::Principal> principal =
        auth::AuthenticateHeader(*verifier_, authorization, absl::Now());
    if (principal.ok()) {
      caller.subject = principal->subject;
    } else {
      caller.failure = principal.status();
    }
    return std::nullopt;
  }

 private:
  const auth::TokenVerifier* const verifier_;
};

class RequireToken : public Filter {
 public:
  std::optional<Reply> OnRequest(Exchange& exchange) override {
    if (!exchange.caller.failure.has_value()) {
      return std::nullopt;
    }
    return UnauthenticatedReply(
        exchange.context, exchange.route_name(),
        exchange.Header(http::field::authorization).empty(),
        exchange.caller.failure->message());
  }
};

}  // namespace

FilterFactory AuthenticateFilter(const auth::TokenVerifier* verifier) {
  return [verifier] { return std::make_unique<Authenticate>(verifier); };
}

FilterFactory RequireTokenFilter() {
  return [] { return std::make_unique<RequireToken>(); };
}

Reply UnauthenticatedReply(const RequestContext& context, std::string route,
                           bool missing, absl::string_view why) {
  Problem problem = ProblemForCode(
      absl::StatusCode::kUnauthenticated,
      missing ? "this request needs an Authorization: Bearer token"
              : std::string(why));
  Reply reply = ProblemReply(problem, context, std::move(route));
  reply.response.set(
      http::field::www_authenticate,
      missing
          ? std::string("Bearer")
          : absl::StrCat("Bearer error=\"invalid_token\", error_description=\"",
                         QuoteForHeader(why), "\""));
  return reply;
}

}  // namespace samen::gateway
