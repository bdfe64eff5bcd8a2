#pragma once

// The HTTP/1.1 server under the gateway: Boost.Beast, asynchronous, an
// io_context run by N threads, one strand per connection, keep-alive (no
// pipelining).
//
// Per connection it reads one request at a time (header limit -> 431, body
// limit -> 413, read and idle timeouts), hands it to the Handler together with
// a Responder, and writes whatever the Responder is given, from any thread: the
// response is posted back to the connection's strand. Beyond `max_connections`
// a new connection gets 503 and is closed. Shutdown() stops accepting, closes
// idle connections, lets in-flight requests finish (their connections close
// after the response) and returns once all are done. One JSON access-log line
// per response. A Reply with `stream` set sends its head at once and its body
// chunk by chunk (HTTP/1.0 clients: unframed, then the connection closes).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "boost/beast/http/message.hpp"
#include "boost/beast/http/string_body.hpp"

namespace samen::gateway {

using HttpRequest =
    boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse =
    boost::beast::http::response<boost::beast::http::string_body>;

// A response body sent as it is produced (Server-Sent Events): the head has
// gone out with chunked transfer coding; each Write() becomes one chunk. Any
// thread may call it; calls are applied in order.
class BodyWriter {
 public:
  virtual ~BodyWriter() = default;
  // Queues `chunk`; `done(true)` once it is written, `done(false)` when the
  // client is gone or the server is stopping (stop producing then).
  virtual void Write(std::string chunk, std::function<void(bool)> done) = 0;
  // Ends the body after the queued chunks, then the connection. Dropping the
  // last reference finishes as well.
  virtual void Finish() = 0;
  // `cancel` runs once (on an I/O thread) when the client disconnects or the
  // server stops while the body is still being produced.
  virtual void OnCancel(std::function<void()> cancel) = 0;
};

// What a handler sends back: the response, and the route template for the
// access log and the metrics.
struct Reply {
  Reply() = default;
  Reply(HttpResponse response, std::string route,
        std::function<void(std::shared_ptr<BodyWriter>)> stream = nullptr)
      : response(std::move(response)),
        route(std::move(route)),
        stream(std::move(stream)) {}

  HttpResponse response;
  std::string route;
  // Set for a streamed body: `response` is the head only (its body is ignored)
  // and `stream` receives the writer once the head is on its way.
  std::function<void(std::shared_ptr<BodyWriter>)> stream;
};

// What the server reports, for metrics. Called from the I/O threads; must be
// cheap and thread-safe.
class HttpObserver {
 public:
  virtual ~HttpObserver() = default;
  virtual void ConnectionOpened() {}
  virtual void ConnectionClosed() {}
  // A complete request head and body went to the handler.
  virtual void RequestStarted() {}
  // A response went out (or failed to): `dispatched` when RequestStarted() was
  // reported for it (not for the server's own 4xx/503 answers); `route` is the
  // template ("" when no route matched); `elapsed` runs from the request head
  // to the end of the response.
  virtual void RequestFinished(absl::string_view method,
                               absl::string_view route, unsigned status,
                               absl::Duration elapsed, bool dispatched) {}
};

// Delivers the reply for one request; callable once, from any thread.
using Responder = std::function<void(Reply)>;

// Per-request context the server establishes before the handler runs.
struct RequestContext {
  // From the X-Request-Id header when it is sane, else a new random id.
  std::string request_id;
  std::string remote_address;
};

using Handler = std::function<void(HttpRequest, RequestContext, Responder)>;

struct HttpServerOptions {
  // host:port; port 0 picks a free one (see port()).
  std::string listen = "0.0.0.0:8080";
  int threads = 1;
  uint64_t max_body_bytes = 1 << 20;
  // Optional: the body limit of one request, decided from its method and path
  // once the header is read (e.g. larger for document uploads); 0 keeps
  // `max_body_bytes`.
  std::function<uint64_t(absl::string_view method, absl::string_view path)>
      body_limit_for;
  uint32_t max_header_bytes = 16 << 10;
  absl::Duration read_timeout = absl::Seconds(30);
  absl::Duration idle_timeout = absl::Seconds(60);
  int max_connections = 10000;
  // Stop gracefully on SIGTERM and SIGINT.
  bool handle_signals = false;
  // Optional; must outlive the server.
  HttpObserver* observer = nullptr;
};

class HttpServer {
 public:
  // Binds and starts serving on `options.threads` threads.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(
      const HttpServerOptions& options, Handler handler);
  virtual ~HttpServer() = default;

  // The bound port.
  virtual uint16_t port() const = 0;
  // Begins a graceful stop (idempotent, any thread).
  virtual void Shutdown() = 0;
  // Blocks until the server has stopped (after Shutdown() or a signal).
  virtual void Wait() = 0;
};

// A response with the given status, content type and body (Content-Length set).
HttpResponse MakeResponse(unsigned status, std::string content_type,
                          std::string body, unsigned version = 11);

// Beast's string_view as Abseil's (Debian's Abseil has its own string_view
// type).
inline absl::string_view AsAbsl(boost::beast::string_view s) {
  return absl::string_view(s.data(), s.size());
}

// A sane client-supplied request id (1-128 of [A-Za-z0-9._:-]) or a new random
// one.
std::string RequestIdFrom(absl::string_view header);

// `t` as an HTTP-date (RFC 9110 §5.6.7, IMF-fixdate), for Date and
// Last-Modified.
std::string FormatHttpDate(absl::Time t);

}  // namespace samen::gateway
