// Fetch: one request on its own io_context and connection, written as an Asio
// C++20 coroutine so that every step runs under beast::tcp_stream's timeout
// (the blocking Beast calls have none).

#include <utility>  // Before Asio: its awaitable.hpp needs std::exchange.

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <exception>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/http/http_client.h"

namespace samen::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr char kUserAgent[] = "samen-http-client/1";
constexpr uint32_t kMaxHeaderBytes = 64 * 1024;

std::chrono::steady_clock::duration ToChrono(absl::Duration d) {
  return absl::ToChronoNanoseconds(std::max(d, absl::ZeroDuration()));
}

// What a failed call was doing, for the error message.
struct Progress {
  const char* stage = "resolving";
  // Why certificate verification failed ("hostname mismatch", ...), if it did.
  const char* verify_error = nullptr;
};

bhttp::request<bhttp::string_body> BuildRequest(const HttpRequest& request,
                                                const Url& url) {
  bhttp::request<bhttp::string_body> req(
      request.method == Method::kPost ? bhttp::verb::post : bhttp::verb::get,
      url.target, 11);
  const bool default_port = url.port == (url.https() ? 443 : 80);
  req.set(bhttp::field::host,
          default_port && url.host.find(':') == std::string::npos
              ? url.host
              : url.Authority());
  req.set(bhttp::field::user_agent, kUserAgent);
  req.set(bhttp::field::connection, "close");
  for (const auto& [name, value] : request.headers) {
    req.set(name, value);
  }
  req.body() = request.body;
  if (!request.body.empty() || request.method == Method::kPost) {
    req.prepare_payload();
  }
  return req;
}

HttpResponse ToResponse(bhttp::response<bhttp::string_body>&& res) {
  HttpResponse out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    std::string name = absl::AsciiStrToLower(absl::string_view(
        field.name_string().data(), field.name_string().size()));
    std::string value(field.value());
    auto [it, inserted] = out.headers.emplace(name, value);
    if (!inserted) {
      absl::StrAppend(&it->second, ", ", value);
    }
  }
  out.body = std::move(res.body());
  return out;
}

// Writes the request and reads the response on a connected (and, for https,
// handshaken) stream.
template <typename Stream>
asio::awaitable<HttpResponse> Exchange(
    Stream& stream, const bhttp::request<bhttp::string_body>& req,
    size_t max_body_bytes, Progress* progress) {
  progress->stage = "sending the request";
  co_await bhttp::async_write(stream, req, asio::use_awaitable);
  progress->stage = "reading the response";
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(max_body_bytes);
  // Beast 1.74 skips body_limit for a Content-Length body parsed together with
  // its header (eager mode, as async_read uses), so the header comes first.
  co_await bhttp::async_read_header(stream, buffer, parser,
                                    asio::use_awaitable);
  const auto length = parser.content_length();
  if (length.has_value() && *length > max_body_bytes) {
    throw boost::system::system_error(bhttp::error::body_limit);
  }
  co_await bhttp::async_read(stream, buffer, parser, asio::use_awaitable);
  if (parser.get().body().size() > max_body_bytes) {
    throw boost::system::system_error(bhttp::error::body_limit);
  }
  co_return ToResponse(parser.release());
}

// Asks OpenSSL to check that the certificate names `host` (an IP literal is
// checked against IP address SANs) and sends SNI for a DNS name.
void SetPeerName(SSL* ssl, const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  if (!ec) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
    return;
  }
  SSL_set_tlsext_host_name(ssl, host.c_str());
  SSL_set1_host(ssl, host.c_str());
}

asio::awaitable<HttpResponse> Run(const HttpRequest& request, const Url& url,
                                  const FetchOptions& options,
                                  asio::ssl::context* tls, Progress* progress) {
  auto executor = co_await asio::this_coro::executor;
  const auto deadline =
      std::chrono::steady_clock::now() + ToChrono(options.timeout);
  tcp::resolver resolver(executor);
  auto endpoints = co_await resolver.async_resolve(
      url.host, std::to_string(url.port), asio::use_awaitable);
  const auto req = BuildRequest(request, url);
  const auto connect_deadline =
      std::min(deadline, std::chrono::steady_clock::now() +
                             ToChrono(options.connect_timeout));
  progress->stage = "connecting";
  if (tls == nullptr) {
    beast::tcp_stream stream(executor);
    stream.expires_at(connect_deadline);
    co_await stream.async_connect(endpoints, asio::use_awaitable);
    stream.expires_at(deadline);
    co_return co_await Exchange(stream, req, options.max_body_bytes, progress);
  }
  beast::ssl_stream<beast::tcp_stream> stream(executor, *tls);
  SetPeerName(stream.native_handle(), url.host);
  beast::get_lowest_layer(stream).expires_at(connect_deadline);
  co_await beast::get_lowest_layer(stream).async_connect(endpoints,
                                                         asio::use_awaitable);
  progress->stage = "in the TLS handshake";
  error_code handshake_error;
  co_await stream.async_handshake(
      asio::ssl::stream_base::client,
      asio::redirect_error(asio::use_awaitable, handshake_error));
  if (handshake_error) {
    const long verify = SSL_get_verify_result(stream.native_handle());
    if (verify != X509_V_OK) {
      progress->verify_error = X509_verify_cert_error_string(verify);
    }
    throw boost::system::system_error(handshake_error);
  }
  beast::get_lowest_layer(stream).expires_at(deadline);
  co_return co_await Exchange(stream, req, options.max_body_bytes, progress);
}

absl::Status FetchError(const Url& url, const Progress& progress,
                        const error_code& ec, const FetchOptions& options) {
  if (ec == bhttp::error::body_limit) {
    return absl::ResourceExhaustedError(
        absl::StrCat("response from ", url.Authority(), " is larger than ",
                     options.max_body_bytes, " bytes"));
  }
  std::string cause = ec.message();
  if (ec == beast::error::timeout) {
    cause = "timed out";
  } else if (ec.category() == asio::error::get_ssl_category()) {
    // OpenSSL's reason string ("certificate verify failed", ...).
    const char* reason = ERR_reason_error_string(ec.value());
    if (reason != nullptr) {
      cause = reason;
    }
  }
  if (progress.verify_error != nullptr) {
    absl::StrAppend(&cause, " (", progress.verify_error, ")");
  }
  return absl::UnavailableError(absl::StrCat("HTTP request to ",
                                             url.Authority(), " failed ",
                                             progress.stage, ": ", cause));
}

absl::StatusOr<std::optional<asio::ssl::context>> MakeTlsContext(
    const Url& url, const FetchOptions& options) {
  if (!url.https()) {
    return std::nullopt;
  }
  std::optional<asio::ssl::context> tls(asio::ssl::context::tls_client);
  error_code ec;
  tls->set_default_verify_paths(ec);
  if (!options.ca_file.empty()) {
    tls->load_verify_file(options.ca_file, ec);
    if (ec) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot load CA file ", options.ca_file, ": ", ec.message()));
    }
  }
  tls->set_verify_mode(asio::ssl::verify_peer);
  SSL_CTX_set_min_proto_version(tls->native_handle(), TLS1_2_VERSION);
  return tls;
}

}  // namespace

absl::StatusOr<HttpResponse> Fetch(const HttpRequest& request,
                                   const FetchOptions& options) {
  absl::StatusOr<Url> url = ParseUrl(request.url);
  if (!url.ok()) {
    return url.status();
  }
  auto tls = MakeTlsContext(*url, options);
  if (!tls.ok()) {
    return tls.status();
  }
  asio::io_context ioc;
  Progress progress;
  std::optional<absl::StatusOr<HttpResponse>> result;
  asio::co_spawn(
      ioc,
      Run(request, *url, options, tls->has_value() ? &**tls : nullptr,
          &progress),
      [&](std::exception_ptr error, HttpResponse response) {
        if (error == nullptr) {
          result = std::move(response);
          return;
        }
        try {
          std::rethrow_exception(error);
        } catch (const boost::system::system_error& e) {
          result = FetchError(*url, progress, e.code(), options);
        } catch (const std::exception& e) {
          result = absl::UnavailableError(absl::StrCat(
              "HTTP request to ", url->Authority(), " failed: ", e.what()));
        }
      });
  ioc.run();
  if (!result.has_value()) {
    return absl::InternalError("HTTP request did not complete");
  }
  return *std::move(result);
}

absl::StatusOr<HttpResponse> Get(absl::string_view url,
                                 const FetchOptions& options) {
  HttpRequest request;
  request.url = std::string(url);
  return Fetch(request, options);
}

absl::StatusOr<HttpResponse> PostForm(absl::string_view url,
                                      const Fields& fields,
                                      const Fields& headers,
                                      const FetchOptions& options) {
  HttpRequest request;
  request.method = Method::kPost;
  request.url = std::string(url);
  for (const auto& header : headers) {
    if (!absl::EqualsIgnoreCase(header.first, "content-type")) {
      request.headers.push_back(header);
    }
  }
  request.headers.emplace_back("Content-Type",
                               "application/x-www-form-urlencoded");
  request.body = FormUrlEncode(fields);
  return Fetch(request, options);
}

}  // namespace samen::http
