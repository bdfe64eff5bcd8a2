#include "gateway/filter.h"

#include <utility>

namespace samen::gateway {

Exchange::Exchange(HttpRequest request_in, RequestContext context_in)
    : request(std::move(request_in)), context(std::move(context_in)) {
  method = std::string(request.method_string());
  const absl::string_view target = AsAbsl(request.target());
  const size_t question = target.find('?');
  path = std::string(target.substr(0, question));
  if (question != absl::string_view::npos) {
    query = std::string(target.substr(question + 1));
  }
  success.is_get = request.method() == boost::beast::http::verb::get ||
                   request.method() == boost::beast::http::verb::head;
  success.authenticated =
      request.find(boost::beast::http::field::authorization) != request.end();
}

std::string Exchange::route_name() const {
  return match.route == nullptr ? "" : match.route->path.text();
}

std::string Exchange::Header(absl::string_view name) const {
  auto it = request.find(boost::beast::string_view(name.data(), name.size()));
  return it == request.end() ? std::string() : std::string(it->value());
}

std::string Exchange::Header(boost::beast::http::field field) const {
  auto it = request.find(field);
  return it == request.end() ? std::string() : std::string(it->value());
}

Reply RefusalReply(const Exchange& exchange, const absl::Status& status) {
  return StatusReply(status, exchange.context, exchange.route_name());
}

}  // namespace samen::gateway
