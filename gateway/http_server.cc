#include "gateway/http_server.h"

#include <utility>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "boost/asio/post.hpp"
#include "gateway/http_server_internal.h"
#include "services/common/logging.h"
#include "services/common/status_macros.h"

namespace samen::gateway {
namespace internal {

Server::Server(const HttpServerOptions& options, Handler handler)
    : options_(options),
      handler_(std::move(handler)),
      ioc_(std::max(1, options.threads)),
      acceptor_strand_(net::make_strand(ioc_)),
      acceptor_(acceptor_strand_),
      signals_(acceptor_strand_) {}

Server::~Server() {
  Shutdown();
  Wait();
}

absl::Status Server::Listen() {
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
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.listen, ": ", ec.message()));
  }
  port_ = acceptor_.local_endpoint().port();
  return absl::OkStatus();
}

void Server::Run() {
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

void Server::Shutdown() {
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

void Server::Wait() {
  absl::MutexLock lock(&wait_mu_);
  for (std::thread& t : threads_) {
    if (t.joinable()) {
      t.join();
    }
  }
}

void Server::Register(const std::shared_ptr<Session>& session) {
  absl::MutexLock lock(&mu_);
  sessions_[session.get()] = session;
}

void Server::Unregister(Session* session) {
  absl::MutexLock lock(&mu_);
  sessions_.erase(session);
}

void Server::Accept() {
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
        reject = static_cast<int>(sessions_.size()) >= options_.max_connections;
      }
      std::make_shared<Session>(std::move(socket), this, reject)->Start();
    }
    Accept();
  });
}

}  // namespace internal

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(
    const HttpServerOptions& options, Handler handler) {
  auto server = std::make_unique<internal::Server>(options, std::move(handler));
  RETURN_IF_ERROR(server->Listen());
  server->Run();
  return server;
}

HttpResponse MakeResponse(unsigned status, std::string content_type,
                          std::string body, unsigned version) {
  HttpResponse response(static_cast<boost::beast::http::status>(status),
                        version);
  if (!content_type.empty()) {
    response.set(boost::beast::http::field::content_type, content_type);
  }
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

std::string FormatHttpDate(absl::Time t) {
  return absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", t, absl::UTCTimeZone());
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
