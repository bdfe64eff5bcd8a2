#pragma once

// Internals of the HTTP server shared by http_server.cc (the listener) and
// http_session.cc (one connection). Not for use outside those two files.

#include <array>
#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "boost/asio/executor_work_guard.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/signal_set.hpp"
#include "boost/asio/strand.hpp"
#include "boost/beast/core/flat_buffer.hpp"
#include "boost/beast/core/tcp_stream.hpp"
#include "boost/beast/http/empty_body.hpp"
#include "boost/beast/http/parser.hpp"
#include "boost/beast/http/serializer.hpp"
#include "gateway/http_server.h"

namespace samen::gateway::internal {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

class Server;

// One client connection. Lives as long as an asynchronous operation (or a
// posted reply) refers to it; every member is touched only on the connection's
// strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server* server, bool reject);
  ~Session();

  void Start();
  // Graceful stop: close now when idle, else after the current response (a
  // streamed response is cut off).
  void Stop();

  // For the stream writer (on the strand).
  void QueueChunk(std::string chunk, std::function<void(bool)> done);
  void FinishStream();
  void SetStreamCancel(std::function<void()> cancel);

 private:
  void ReadHeader();
  void OnHeader(beast::error_code ec);
  void ReadBody();
  void OnBody(beast::error_code ec);
  void Dispatch();
  void SendProblem(unsigned status, absl::StatusCode code, std::string type,
                   std::string title, std::string detail);
  void Write(Reply reply, bool close);
  void OnWrite(bool close, beast::error_code ec, size_t bytes);
  void WriteHead(Reply reply);
  void WatchForDisconnect();
  void CancelStream();
  void WriteNextChunk();
  void EndStream();
  void Close();
  // Closes after reading and discarding what the client still sends (briefly),
  // so that an early error answer is not lost to a connection reset.
  void Drain();
  void LogAccess(unsigned status, size_t bytes_out);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  Server* server_;
  const bool reject_;
  std::string remote_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::empty_body>> continue_response_;
  std::shared_ptr<HttpResponse> response_;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::array<char, 16384> drain_buffer_;
  size_t drained_ = 0;
  bool drain_on_close_ = false;
  bool busy_ = false;
  bool stopping_ = false;
  bool keep_alive_ = false;
  bool dispatched_ = false;
  unsigned version_ = 11;
  int requests_ = 0;
  // A streamed body in progress.
  struct Chunk {
    std::string data;
    std::function<void(bool)> done;
  };
  struct Stream {
    std::optional<http::response_serializer<http::string_body>> serializer;
    std::deque<Chunk> queue;
    std::string in_flight;
    std::function<void()> cancel;
    bool writing = false;
    bool head_sent = false;
    bool finish_requested = false;
    bool ending = false;
    bool failed = false;
    bool cancelled = false;
    bool chunked = true;
    size_t bytes = 0;
  };
  std::optional<Stream> stream_state_;
  // For the access log.
  std::string method_ = "-";
  std::string path_ = "-";
  std::string route_;
  std::string request_id_;
  // The body limit of the request being read (413 beyond).
  uint64_t body_limit_ = 0;
  size_t bytes_in_ = 0;
  absl::Time started_;
};

class Server : public HttpServer {
 public:
  Server(const HttpServerOptions& options, Handler handler);
  ~Server() override;

  absl::Status Listen();
  void Run();

  uint16_t port() const override { return port_; }
  void Shutdown() override;
  void Wait() override;

  const HttpServerOptions& options() const { return options_; }
  const Handler& handler() const { return handler_; }
  HttpObserver* observer() const { return options_.observer; }
  net::io_context& ioc() { return ioc_; }
  bool stopping() const { return stopping_.load(); }

  void Register(const std::shared_ptr<Session>& session);
  void Unregister(Session* session);

 private:
  void Accept();

  const HttpServerOptions options_;
  const Handler handler_;
  // Declared before the io_context: sessions it may still destroy unregister
  // here.
  absl::Mutex mu_;
  std::map<Session*, std::weak_ptr<Session>> sessions_ ABSL_GUARDED_BY(mu_);
  absl::Mutex wait_mu_;
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(wait_mu_);
  std::atomic<bool> stopping_{false};
  uint16_t port_ = 0;
  net::io_context ioc_;
  net::strand<net::io_context::executor_type> acceptor_strand_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
};

inline std::chrono::steady_clock::duration Chrono(absl::Duration d) {
  return absl::ToChronoNanoseconds(d);
}

}  // namespace samen::gateway::internal
