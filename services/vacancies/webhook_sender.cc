#include "services/vacancies/webhook_sender.h"

#include <chrono>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/address.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/ssl.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "boost/beast/ssl.hpp"

namespace samen::vacancies {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

constexpr uint32_t kMaxResponseHeaderBytes = 16 * 1024;

// The TLS client context: system CA roots, peer verification, TLS 1.2+.
ssl::context& TlsContext() {
  static auto* context = [] {
    auto* c = new ssl::context(ssl::context::tls_client);
    c->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                   ssl::context::no_tlsv1_1);
    beast::error_code ignored;
    c->set_default_verify_paths(ignored);
    c->set_verify_mode(ssl::verify_peer);
    return c;
  }();
  return *context;
}

// Runs one asynchronous operation to completion on `ioc` and returns its
// error. The stream's expiry (set once for the whole exchange) bounds it.
template <typename Start>
beast::error_code Await(asio::io_context& ioc, Start start) {
  beast::error_code result = asio::error::operation_aborted;
  start([&result](beast::error_code ec, auto&&...) { result = ec; });
  ioc.restart();
  ioc.run();
  return result;
}

std::string Describe(absl::string_view step, const beast::error_code& ec) {
  if (ec == beast::error::timeout) return absl::StrCat(step, ": timed out");
  return absl::StrCat(step, ": ", ec.message());
}

http::request<http::string_body> BuildRequest(const WebhookRequest& request) {
  const WebhookUrl& url = request.target.url;
  http::request<http::string_body> req(http::verb::post, url.target, 11);
  const bool default_port = (url.scheme == "https" && url.port == 443) ||
                            (url.scheme == "http" && url.port == 80);
  const std::string host = url.host.find(':') != std::string::npos
                               ? absl::StrCat("[", url.host, "]")
                               : url.host;
  req.set(http::field::host,
          default_port ? host : absl::StrCat(host, ":", url.port));
  req.set(http::field::content_type, "application/json");
  req.set(http::field::user_agent, "Samen-Webhooks/1");
  req.set(http::field::connection, "close");
  req.set("webhook-id", request.id);
  req.set("webhook-timestamp", absl::StrCat(request.timestamp));
  req.set("webhook-signature", request.signature);
  req.body() = request.body;
  req.prepare_payload();
  return req;
}

// Writes `req` and reads the answer's header on `stream`; fills `out`.
template <typename Stream>
void Exchange(asio::io_context& ioc, Stream& stream,
              http::request<http::string_body>& req, WebhookResponse& out) {
  beast::error_code ec = Await(ioc, [&](auto handler) {
    http::async_write(stream, req, std::move(handler));
  });
  if (ec) {
    out.error = Describe("sending", ec);
    return;
  }
  beast::flat_buffer buffer;
  http::response_parser<http::empty_body> parser;
  parser.header_limit(kMaxResponseHeaderBytes);
  ec = Await(ioc, [&](auto handler) {
    http::async_read_header(stream, buffer, parser, std::move(handler));
  });
  if (ec) {
    out.error = Describe("reading the answer", ec);
    return;
  }
  out.http_status = static_cast<int>(parser.get().result_int());
}

// Connects `stream`'s TCP layer to `endpoint`, runs `handshake` (TLS, or
// nothing for plain HTTP) and the exchange, all before `deadline`; closes the
// socket. Fills `out.error` with the step that failed.
template <typename Stream, typename Handshake>
void Deliver(asio::io_context& ioc, Stream& stream,
             const tcp::endpoint& endpoint,
             std::chrono::steady_clock::time_point deadline,
             Handshake handshake, http::request<http::string_body>& req,
             WebhookResponse& out) {
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  tcp.expires_at(deadline);
  beast::error_code ec = Await(ioc, [&](auto handler) {
    tcp.async_connect(endpoint, std::move(handler));
  });
  if (ec) {
    out.error = Describe("connecting", ec);
  } else if ((ec = handshake())) {
    out.error = Describe("TLS handshake", ec);
  } else {
    Exchange(ioc, stream, req, out);
  }
  tcp.socket().close(ec);
}

}  // namespace

void InitWebhookSender() { TlsContext(); }

WebhookResponse SendWebhook(const WebhookRequest& request,
                            absl::Duration timeout) {
  WebhookResponse out;
  const absl::Time start = absl::Now();
  beast::error_code ec;
  const asio::ip::address address =
      asio::ip::make_address(request.target.address, ec);
  if (ec) {
    out.error = absl::StrCat("bad address ", request.target.address);
    out.duration = absl::Now() - start;
    return out;
  }
  const tcp::endpoint endpoint(
      address, static_cast<unsigned short>(request.target.url.port));
  const auto deadline =
      std::chrono::steady_clock::now() + absl::ToChronoMilliseconds(timeout);
  http::request<http::string_body> req = BuildRequest(request);
  asio::io_context ioc(1);

  if (request.target.url.scheme == "https") {
    beast::ssl_stream<beast::tcp_stream> stream(ioc, TlsContext());
    const std::string& host = request.target.url.host;
    // SNI only for names; certificate check against the registered host.
    asio::ip::make_address(host, ec);
    if (ec) SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
    stream.set_verify_callback(ssl::host_name_verification(host));
    Deliver(
        ioc, stream, endpoint, deadline,
        [&] {
          return Await(ioc, [&](auto handler) {
            stream.async_handshake(ssl::stream_base::client,
                                   std::move(handler));
          });
        },
        req, out);
  } else {
    beast::tcp_stream stream(ioc);
    Deliver(
        ioc, stream, endpoint, deadline, [] { return beast::error_code(); },
        req, out);
  }
  if (!out.error.empty()) out.http_status = 0;
  out.duration = absl::Now() - start;
  return out;
}

}  // namespace samen::vacancies
