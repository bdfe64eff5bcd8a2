#include "gateway/http_server.h"

#include <array>
#include <atomic>
#include <map>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "boost/asio/dispatch.hpp"
#include "boost/asio/executor_work_guard.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/post.hpp"
#include "boost/asio/signal_set.hpp"
#include "boost/asio/strand.hpp"
#include "boost/beast/core/flat_buffer.hpp"
#include "boost/beast/core/tcp_stream.hpp"
#include "boost/beast/http/empty_body.hpp"
#include "boost/beast/http/error.hpp"
#include "boost/beast/http/parser.hpp"
#include "boost/beast/http/read.hpp"
#include "boost/beast/http/write.hpp"
#include "gateway/problem.h"
#include "services/common/logging.h"

namespace samen::gateway {
namespace {

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
  // Graceful stop: close now when idle, else after the current response.
  void Stop();

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
  void Close();
  // Closes after reading and discarding what the client still sends (briefly),
  // so that an early error answer is not lost to a connection reset.
  void Drain();
  void LogAccess(unsigned status, size_t bytes_out) const;

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
  unsigned version_ = 11;
  int requests_ = 0;
  // For the access log.
  std::string method_ = "-";
  std::string path_ = "-";
  std::string route_;
  std::string request_id_;
  size_t bytes_in_ = 0;
  absl::Time started_;
};

class Server : public HttpServer {
 public:
  Server(const HttpServerOptions& options, Handler handler)
      : options_(options),
        handler_(std::move(handler)),
        ioc_(std::max(1, options.threads)),
        acceptor_strand_(net::make_strand(ioc_)),
        acceptor_(acceptor_strand_),
        signals_(acceptor_strand_) {}

  ~Server() override {
    Shutdown();
    Wait();
  }

  absl::Status Listen() {
    const size_t colon = options_.listen.rfind(':');
    int port = 0;
    if (colon == std::string::npos ||
        !absl::SimpleAtoi(options_.listen.substr(colon + 1), &port)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--listen \"", options_.listen, "\" is not host:port"));
    }
    std::string host = options_.listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    beast::error_code ec;
    tcp::resolver resolver(ioc_);
    auto results =
        resolver.resolve(host.empty() ? "0.0.0.0" : host, std::to_string(port),
                         tcp::resolver::passive, ec);
    if (ec || results.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot resolve \"", host, "\": ", ec.message()));
    }
    const tcp::endpoint endpoint = results.begin()->endpoint();
    if (acceptor_.open(endpoint.protocol(), ec) ||
        acceptor_.set_option(net::socket_base::reuse_address(true), ec) ||
        acceptor_.bind(endpoint, ec) ||
        acceptor_.listen(net::socket_base::max_listen_connections, ec)) {
      return absl::UnavailableError(absl::StrCat(
          "cannot listen on ", options_.listen, ": ", ec.message()));
    }
    port_ = acceptor_.local_endpoint().port();
    return absl::OkStatus();
  }

  void Run() {
    if (options_.handle_signals) {
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([this](beast::error_code ec, int signal) {
        if (!ec) {
          log::Info("stopping on signal", {{"signal", std::to_string(signal)}});
          Shutdown();
        }
      });
    }
    net::post(acceptor_strand_, [this] { Accept(); });
    absl::MutexLock lock(&wait_mu_);
    for (int i = 0; i < std::max(1, options_.threads); ++i) {
      threads_.emplace_back([this] { ioc_.run(); });
    }
  }

  uint16_t port() const override { return port_; }

  void Shutdown() override {
    if (stopping_.exchange(true)) {
      return;
    }
    net::post(acceptor_strand_, [this] {
      beast::error_code ec;
      acceptor_.close(ec);
      signals_.cancel(ec);
    });
    std::vector<std::weak_ptr<Session>> sessions;
    {
      absl::MutexLock lock(&mu_);
      for (auto& [ptr, weak] : sessions_) {
        sessions.push_back(weak);
      }
    }
    for (auto& weak : sessions) {
      if (std::shared_ptr<Session> session = weak.lock()) {
        session->Stop();
      }
    }
  }

  void Wait() override {
    absl::MutexLock lock(&wait_mu_);
    for (std::thread& t : threads_) {
      if (t.joinable()) {
        t.join();
      }
    }
  }

  const HttpServerOptions& options() const { return options_; }
  const Handler& handler() const { return handler_; }
  net::io_context& ioc() { return ioc_; }
  bool stopping() const { return stopping_.load(); }

  void Register(const std::shared_ptr<Session>& session) {
    absl::MutexLock lock(&mu_);
    sessions_[session.get()] = session;
  }
  void Unregister(Session* session) {
    absl::MutexLock lock(&mu_);
    sessions_.erase(session);
  }

 private:
  void Accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec,
                                                          tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor_.is_open()) {
        return;
      }
      if (ec) {
        log::Warning("accept failed", {{"error", ec.message()}});
      } else if (stopping()) {
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        bool reject = false;
        {
          absl::MutexLock lock(&mu_);
          reject =
              static_cast<int>(sessions_.size()) >= options_.max_connections;
        }
        std::make_shared<Session>(std::move(socket), this, reject)->Start();
      }
      Accept();
    });
  }

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

std::chrono::steady_clock::duration Chrono(absl::Duration d) {
  return absl::ToChronoNanoseconds(d);
}

Session::Session(tcp::socket socket, Server* server, bool reject)
    : stream_(std::move(socket)), server_(server), reject_(reject) {
  beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) {
    remote_ = endpoint.address().to_string();
  }
}

Session::~Session() { server_->Unregister(this); }

void Session::Start() {
  server_->Register(shared_from_this());
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    if (self->reject_) {
      self->busy_ = true;
      self->drain_on_close_ = true;
      self->started_ = absl::Now();
      self->request_id_ = RequestIdFrom("");
      self->SendProblem(503, absl::StatusCode::kUnavailable, "unavailable",
                        "Unavailable", "too many connections; retry later");
      return;
    }
    self->ReadHeader();
  });
}

void Session::Stop() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    const bool mid_request =
        self->parser_.has_value() && self->parser_->got_some();
    if (!self->busy_ && !mid_request) {
      self->Close();
    }
  });
}

void Session::ReadHeader() {
  if (stopping_ || server_->stopping()) {
    Close();
    return;
  }
  parser_.emplace();
  parser_->body_limit(server_->options().max_body_bytes);
  parser_->header_limit(server_->options().max_header_bytes);
  stream_.expires_after(Chrono(requests_ == 0
                                   ? server_->options().read_timeout
                                   : server_->options().idle_timeout));
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) {
        self->OnHeader(ec);
      });
}

void Session::OnHeader(beast::error_code ec) {
  started_ = absl::Now();
  if (!ec) {
    const auto& header = parser_->get();
    method_ = std::string(header.method_string());
    path_ = std::string(header.target().substr(0, header.target().find('?')));
    request_id_ = RequestIdFrom(AsAbsl(header["X-Request-Id"]));
    if (absl::AsciiStrToLower(std::string(header[http::field::expect])) ==
        "100-continue") {
      continue_response_.emplace(http::status::continue_, header.version());
      stream_.expires_after(Chrono(server_->options().read_timeout));
      http::async_write(
          stream_, *continue_response_,
          [self = shared_from_this()](beast::error_code ec, size_t) {
            if (ec) {
              self->Close();
              return;
            }
            self->ReadBody();
          });
      return;
    }
    ReadBody();
    return;
  }
  OnBody(ec);
}

void Session::ReadBody() {
  stream_.expires_after(Chrono(server_->options().read_timeout));
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, size_t) {
                     self->OnBody(ec);
                   });
}

void Session::OnBody(beast::error_code ec) {
  if (!ec) {
    Dispatch();
    return;
  }
  if (request_id_.empty()) {
    request_id_ = RequestIdFrom("");
  }
  busy_ = true;
  drain_on_close_ = true;
  if (ec == http::error::body_limit) {
    SendProblem(413, absl::StatusCode::kInvalidArgument, "payload-too-large",
                "Payload too large",
                absl::StrCat("the request body exceeds ",
                             server_->options().max_body_bytes, " bytes"));
  } else if (ec == http::error::header_limit) {
    SendProblem(431, absl::StatusCode::kInvalidArgument,
                "header-fields-too-large", "Request header fields too large",
                absl::StrCat("the request header exceeds ",
                             server_->options().max_header_bytes, " bytes"));
  } else if (ec != http::error::end_of_stream && ec != beast::error::timeout &&
             ec != net::error::operation_aborted &&
             ec != net::error::connection_reset && ec != net::error::eof &&
             parser_.has_value() && parser_->got_some()) {
    SendProblem(400, absl::StatusCode::kInvalidArgument, "malformed-request",
                "Malformed request",
                absl::StrCat("malformed HTTP request: ", ec.message()));
  } else {
    Close();
  }
}

void Session::Dispatch() {
  HttpRequest request = parser_->release();
  parser_.reset();
  busy_ = true;
  ++requests_;
  keep_alive_ = request.keep_alive();
  version_ = request.version();
  bytes_in_ = request.body().size();
  route_.clear();
  work_.emplace(server_->ioc().get_executor());
  stream_.expires_never();

  // The responder may run on any thread; it hands the session to a posted
  // handler so that no other thread keeps the session alive once the reply is
  // on its way.
  struct Pending {
    std::shared_ptr<Session> session;
  };
  auto pending = std::make_shared<Pending>(Pending{shared_from_this()});
  Responder respond = [pending](Reply reply) {
    std::shared_ptr<Session> session = std::move(pending->session);
    if (session == nullptr) {
      return;  // answered already
    }
    auto executor = session->stream_.get_executor();
    net::post(executor, [session = std::move(session),
                         reply = std::move(reply)]() mutable {
      session->Write(std::move(reply), false);
    });
  };
  RequestContext context{request_id_, remote_};
  try {
    server_->handler()(std::move(request), std::move(context), respond);
  } catch (const std::exception& e) {
    log::Error("handler threw",
               {{"error", e.what()}, {"request_id", request_id_}});
    SendProblem(500, absl::StatusCode::kInternal, "internal", "Internal",
                "internal error");
  }
}

void Session::SendProblem(unsigned status, absl::StatusCode code,
                          std::string type, std::string title,
                          std::string detail) {
  Problem problem = ProblemForCode(code, std::move(detail));
  problem.http_status = static_cast<int>(status);
  problem.type = std::move(type);
  problem.title = std::move(title);
  Write(Reply{MakeResponse(status, std::string(kProblemContentType),
                           ProblemJson(problem, request_id_), version_),
              ""},
        true);
}

void Session::Write(Reply reply, bool close) {
  close = close || !keep_alive_ || stopping_ || server_->stopping();
  route_ = std::move(reply.route);
  response_ = std::make_shared<HttpResponse>(std::move(reply.response));
  response_->version(version_);
  response_->set("X-Request-Id", request_id_);
  response_->keep_alive(!close);
  response_->prepare_payload();
  stream_.expires_after(Chrono(server_->options().read_timeout));
  http::async_write(
      stream_, *response_,
      [self = shared_from_this(), close](beast::error_code ec, size_t bytes) {
        self->OnWrite(close, ec, bytes);
      });
}

void Session::OnWrite(bool close, beast::error_code ec, size_t bytes) {
  LogAccess(response_->result_int(), response_->body().size());
  (void)bytes;
  response_.reset();
  busy_ = false;
  work_.reset();
  method_ = "-";
  path_ = "-";
  request_id_.clear();
  if (!ec && close && drain_on_close_) {
    Drain();
    return;
  }
  if (ec || close) {
    Close();
    return;
  }
  ReadHeader();
}

void Session::Drain() {
  if (drained_ == 0) {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
  }
  stream_.async_read_some(
      net::buffer(drain_buffer_),
      [self = shared_from_this()](beast::error_code ec, size_t n) {
        self->drained_ += n + 1;
        if (ec || self->drained_ > (8u << 20)) {
          self->stream_.close();
          return;
        }
        self->Drain();
      });
}

void Session::Close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.close();
}

void Session::LogAccess(unsigned status, size_t bytes_out) const {
  const double ms = absl::ToDoubleMilliseconds(absl::Now() - started_);
  log::Info("http request", {{"method", method_},
                             {"route", route_},
                             {"path", path_},
                             {"status", std::to_string(status)},
                             {"duration_ms", absl::StrFormat("%.3f", ms)},
                             {"request_id", request_id_},
                             {"bytes_in", std::to_string(bytes_in_)},
                             {"bytes_out", std::to_string(bytes_out)},
                             {"remote", remote_}});
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(
    const HttpServerOptions& options, Handler handler) {
  auto server = std::make_unique<Server>(options, std::move(handler));
  if (absl::Status s = server->Listen(); !s.ok()) {
    return s;
  }
  server->Run();
  return server;
}

HttpResponse MakeResponse(unsigned status, std::string content_type,
                          std::string body, unsigned version) {
  HttpResponse response(static_cast<http::status>(status), version);
  if (!content_type.empty()) {
    response.set(http::field::content_type, content_type);
  }
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

std::string RequestIdFrom(absl::string_view header) {
  const bool sane = !header.empty() && header.size() <= 128 &&
                    std::all_of(header.begin(), header.end(), [](char c) {
                      return absl::ascii_isalnum(c) || c == '-' || c == '_' ||
                             c == '.' || c == ':';
                    });
  if (sane) {
    return std::string(header);
  }
  thread_local absl::BitGen gen;
  return absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(gen),
                         absl::Uniform<uint64_t>(gen));
}

}  // namespace samen::gateway
