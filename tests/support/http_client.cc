#include "tests/support/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cctype>

namespace samen::testing {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct HttpClient::Impl {
  std::string host;
  int port;
  boost::asio::io_context ioc;
  std::unique_ptr<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
};

HttpClient::HttpClient(std::string host, int port)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::Request(const std::string& method,
                                 const std::string& target,
                                 const std::string& body,
                                 const Headers& headers) {
  HttpResponse out;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = impl_->stream != nullptr;
    try {
      if (!impl_->stream) {
        tcp::resolver resolver(impl_->ioc);
        impl_->stream = std::make_unique<beast::tcp_stream>(impl_->ioc);
        impl_->stream->connect(
            resolver.resolve(impl_->host, std::to_string(impl_->port)));
        impl_->buffer.clear();
        ++connections_opened_;
      }
      http::request<http::string_body> req(http::string_to_verb(method), target,
                                           11);
      // As a browser sends it: the port too, unless it is the default.
      req.set(http::field::host,
              impl_->port == 80
                  ? impl_->host
                  : impl_->host + ":" + std::to_string(impl_->port));
      req.keep_alive(true);
      bool has_content_type = false;
      for (const auto& [k, v] : headers) {
        req.set(k, v);
        std::string lower;
        for (char c : k) {
          lower.push_back(
              static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
        has_content_type = has_content_type || lower == "content-type";
      }
      if (!body.empty() && !has_content_type) {
        req.set(http::field::content_type, "application/json");
      }
      req.body() = body;
      req.prepare_payload();
      impl_->stream->expires_after(std::chrono::seconds(60));
      http::write(*impl_->stream, req);
      http::response_parser<http::string_body> parser;
      parser.body_limit(64 * 1024 * 1024);
      // A HEAD answer has a GET's Content-Length but no body.
      parser.skip(req.method() == http::verb::head);
      http::read(*impl_->stream, impl_->buffer, parser);
      auto res = parser.release();
      out.status = static_cast<int>(res.result_int());
      for (const auto& field : res) {
        std::string name(field.name_string());
        for (auto& c : name) {
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        std::string& value = out.headers[name];
        // Set-Cookie cannot be folded with commas (RFC 6265): one per line.
        if (!value.empty() && name == "set-cookie") {
          value.push_back('\n');
        } else {
          value.clear();
        }
        value.append(field.value().data(), field.value().size());
      }
      out.body = res.body();
      if (!res.keep_alive()) {
        impl_->stream.reset();
      }
      return out;
    } catch (const std::exception& e) {
      // A keep-alive connection the server closed meanwhile: reconnect once.
      impl_->stream.reset();
      out.status = 0;
      out.body = e.what();
      if (!reused) {
        break;
      }
    }
  }
  return out;
}

}  // namespace samen::testing
