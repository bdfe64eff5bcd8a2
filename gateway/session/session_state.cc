#include "gateway/session/session_state.h"

#include <utility>

#include "absl/strings/strip.h"
#include "gateway/filter.h"
#include "gateway/problem.h"
#include "gateway/replies.h"
#include "gateway/session/cookies.h"
#include "gateway/session/csrf.h"

namespace samen::gateway::session {
namespace {

std::string WithoutTrailingSlash(absl::string_view url) {
  while (absl::ConsumeSuffix(&url, "/")) {
  }
  return std::string(url);
}

}  // namespace

SessionState::SessionState(const SessionOptions& options_in,
                           std::shared_ptr<grpc::Channel> identity,
                           CallRegistry* calls)
    : options(options_in),
      public_url(WithoutTrailingSlash(options_in.public_url)),
      public_origin(OriginOf(public_url)),
      client(std::move(identity), calls, options_in.call_timeout),
      cache(options_in.cache_entries),
      documents(&client, options_in.documents_max_age) {}

absl::StatusOr<std::optional<std::string>> RequestCookie(
    const Exchange& exchange, absl::string_view name) {
  std::string header;
  const auto range =
      exchange.request.equal_range(boost::beast::http::field::cookie);
  for (auto it = range.first; it != range.second; ++it) {
    if (!header.empty()) {
      header.append("; ");
    }
    header.append(it->value().data(), it->value().size());
  }
  absl::StatusOr<std::optional<std::string>> value = FindCookie(header, name);
  if (value.ok() && value->has_value() && (*value)->empty()) {
    return std::optional<std::string>();
  }
  return value;
}

Reply SessionProblem(absl::StatusCode code, std::string detail,
                     const Exchange& exchange, std::string route) {
  Reply reply = ProblemReply(ProblemForCode(code, std::move(detail)),
                             exchange.context, std::move(route));
  reply.response.set(boost::beast::http::field::cache_control, "no-store");
  return reply;
}

}  // namespace samen::gateway::session
