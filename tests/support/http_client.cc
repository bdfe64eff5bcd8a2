#include "tests/support/http_client.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "boost/asio/connect.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/beast/core/flat_buffer.hpp"
#include "boost/beast/http/empty_body.hpp"
#include "boost/beast/http/message.hpp"
#include "boost/beast/http/parser.hpp"
#include "boost/beast/http/read.hpp"
#include "boost/beast/http/serializer.hpp"
#include "boost/beast/http/string_body.hpp"
#include "boost/beast/http/write.hpp"

namespace samen::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

struct HttpClient::Impl {
  std::string host;
  int port;
  absl::Duration timeout;
  net::io_context ioc;
  std::optional<tcp::socket> socket;
  beast::flat_buffer buffer;
};

std::string HttpResult::Header(absl::string_view name) const {
  auto it = headers.find(absl::AsciiStrToLower(name));
  return it == headers.end() ? "" : it->second;
}

HttpClient::HttpClient(std::string host, int port, absl::Duration timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->timeout = timeout;
}

HttpClient::~HttpClient() { Close(); }

void HttpClient::Close() {
  if (impl_->socket.has_value()) {
    beast::error_code ec;
    impl_->socket->shutdown(tcp::socket::shutdown_both, ec);
    impl_->socket->close(ec);
    impl_->socket.reset();
  }
  impl_->buffer.clear();
}

int HttpClient::local_port() const {
  if (!impl_->socket.has_value()) {
    return 0;
  }
  beast::error_code ec;
  auto endpoint = impl_->socket->local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

absl::StatusOr<HttpResult> HttpClient::Send(absl::string_view method,
                                            absl::string_view target,
                                            absl::string_view body,
                                            const HttpRequestOptions& options) {
  beast::error_code ec;
  if (!impl_->socket.has_value()) {
    tcp::resolver resolver(impl_->ioc);
    auto endpoints =
        resolver.resolve(impl_->host, std::to_string(impl_->port), ec);
    if (ec) {
      return absl::UnavailableError(absl::StrCat("resolve: ", ec.message()));
    }
    impl_->socket.emplace(impl_->ioc);
    net::connect(*impl_->socket, endpoints, ec);
    if (ec) {
      impl_->socket.reset();
      return absl::UnavailableError(absl::StrCat("connect: ", ec.message()));
    }
    timeval tv{};
    tv.tv_sec = absl::ToInt64Seconds(impl_->timeout);
    setsockopt(impl_->socket->native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv,
               sizeof(tv));
    setsockopt(impl_->socket->native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv,
               sizeof(tv));
    ++connections_opened_;
  }
  http::request<http::string_body> request;
  request.method_string(beast::string_view(method.data(), method.size()));
  request.target(beast::string_view(target.data(), target.size()));
  request.version(11);
  request.set(http::field::host, absl::StrCat(impl_->host, ":", impl_->port));
  for (const auto& [name, value] : options.headers) {
    request.set(name, value);
  }
  request.body() = std::string(body);
  if (!body.empty() || method == "POST" || method == "PUT" ||
      method == "PATCH") {
    request.prepare_payload();
  }
  if (options.expect_continue) {
    request.set(http::field::expect, "100-continue");
  }

  auto fail = [this](absl::string_view what, const beast::error_code& ec) {
    Close();
    return absl::UnavailableError(absl::StrCat(what, ": ", ec.message()));
  };
  http::request_serializer<http::string_body> serializer(request);
  std::optional<http::response_parser<http::string_body>> parser;
  bool final_header_read = false;
  if (options.expect_continue) {
    http::write_header(*impl_->socket, serializer, ec);
    if (ec) {
      return fail("write header", ec);
    }
    http::response_parser<http::empty_body> interim;
    http::read_header(*impl_->socket, impl_->buffer, interim, ec);
    if (ec) {
      return fail("read interim response", ec);
    }
    if (interim.get().result() != http::status::continue_) {
      // A final answer already: read its body without sending ours.
      parser.emplace(std::move(interim));
      final_header_read = true;
    }
  }
  if (!parser.has_value()) {
    parser.emplace();
  }
  parser->body_limit(64 << 20);
  if (!final_header_read) {
    http::write(*impl_->socket, serializer, ec);
    if (ec) {
      return fail("write", ec);
    }
  }
  http::read(*impl_->socket, impl_->buffer, *parser, ec);
  if (ec) {
    return fail("read response", ec);
  }
  HttpResult result;
  const auto& response = parser->get();
  result.status = response.result_int();
  for (const auto& field : response) {
    result.headers[absl::AsciiStrToLower(std::string(field.name_string()))] =
        std::string(field.value());
  }
  result.body = response.body();
  result.keep_alive = response.keep_alive();
  if (!result.keep_alive) {
    Close();
  }
  return result;
}

}  // namespace samen::testing
