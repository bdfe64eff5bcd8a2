#include "tests/e2e/vacancies/webhook_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace samen::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

// Verifies "v1,<sig> v1,<sig>..." against the secret, per the specification.
bool VerifySignature(const std::string& secret, const std::string& id,
                     const std::string& ts, const std::string& body,
                     const std::string& header) {
  absl::string_view b64 = secret;
  if (!absl::ConsumePrefix(&b64, "whsec_")) {
    return false;
  }
  std::string key;
  if (!absl::Base64Unescape(b64, &key)) {
    return false;
  }
  const std::string content = absl::StrCat(id, ".", ts, ".", body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(),
       mac, &len);
  const std::string expected = absl::Base64Escape(
      absl::string_view(reinterpret_cast<const char*>(mac), len));
  for (absl::string_view part :
       absl::StrSplit(header, ' ', absl::SkipEmpty())) {
    if (absl::ConsumePrefix(&part, "v1,") && part == expected) {
      return true;
    }
  }
  return false;
}

}  // namespace

WebhookReceiver::WebhookReceiver(int port) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(listen_fd_, 128) != 0) {
    std::fprintf(stderr, "webhook receiver: cannot listen on port %d\n", port);
    std::abort();
  }
  socklen_t len = sizeof(addr);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { Accept(); });
}

WebhookReceiver::~WebhookReceiver() {
  std::vector<Connection> threads;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    for (int fd : open_fds_) {
      shutdown(fd, SHUT_RDWR);
    }
  }
  shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  close(listen_fd_);
  {
    absl::MutexLock lock(&mu_);
    threads.swap(connections_);
  }
  for (auto& c : threads) {
    c.thread.join();
  }
}

std::string WebhookReceiver::Url(const std::string& path) const {
  return absl::StrCat("http://127.0.0.1:", port_, path);
}

void WebhookReceiver::SetSecret(const std::string& path,
                                const std::string& secret) {
  absl::MutexLock lock(&mu_);
  secrets_[path] = secret;
}

void WebhookReceiver::Script(const std::string& path, std::vector<int> statuses,
                             int then) {
  absl::MutexLock lock(&mu_);
  scripts_[path] = Script_{std::move(statuses), 0, then};
}

void WebhookReceiver::SetDelay(absl::Duration delay) {
  absl::MutexLock lock(&mu_);
  delay_ = delay;
}

void WebhookReceiver::Accept() {
  while (true) {
    const int fd = accept(listen_fd_, nullptr, nullptr);
    absl::MutexLock lock(&mu_);
    if (fd < 0 || stopping_) {
      if (fd >= 0) {
        close(fd);
      }
      if (stopping_) {
        return;
      }
      continue;
    }
    // Reap connections that ended.
    for (auto it = connections_.begin(); it != connections_.end();) {
      if (it->done->load()) {
        it->thread.join();
        it = connections_.erase(it);
      } else {
        ++it;
      }
    }
    open_fds_.push_back(fd);
    auto done = std::make_shared<std::atomic<bool>>(false);
    connections_.push_back(
        Connection{std::thread([this, fd, done] { Serve(fd, done); }), done});
  }
}

void WebhookReceiver::Serve(int fd, std::shared_ptr<std::atomic<bool>> done) {
  boost::asio::io_context ioc;
  tcp::socket socket(ioc);
  boost::system::error_code ec;
  socket.assign(tcp::v4(), fd, ec);
  beast::flat_buffer buffer;
  while (!ec) {
    http::request<http::string_body> req;
    http::read(socket, buffer, req, ec);
    if (ec) {
      break;
    }
    Delivery d;
    d.id = std::string(req["webhook-id"]);
    d.timestamp = std::string(req["webhook-timestamp"]);
    d.signature = std::string(req["webhook-signature"]);
    d.body = req.body();
    d.received = absl::Now();
    const std::string path(req.target());
    const int status = Handle(path, d);
    http::response<http::string_body> res{static_cast<http::status>(status),
                                          req.version()};
    res.set(http::field::content_type, "text/plain");
    res.body() = "ok";
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    http::write(socket, res, ec);
    Done(path, d.id);
    if (!req.keep_alive()) {
      break;
    }
  }
  socket.shutdown(tcp::socket::shutdown_both, ec);
  {
    absl::MutexLock lock(&mu_);
    open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd),
                    open_fds_.end());
  }
  socket.close(ec);
  done->store(true);
}

int WebhookReceiver::Handle(const std::string& path, Delivery d) {
  absl::Duration delay;
  int status = 200;
  {
    absl::MutexLock lock(&mu_);
    auto secret = secrets_.find(path);
    d.signature_valid =
        secret != secrets_.end() &&
        VerifySignature(secret->second, d.id, d.timestamp, d.body, d.signature);
    Script_& script = scripts_[path];
    status = script.next < script.statuses.size()
                 ? script.statuses[script.next++]
                 : script.then;
    d.answered = status;
    const std::string key = absl::StrCat(path, "|", d.id);
    if (in_flight_[key]++ > 0) {
      ++concurrent_duplicates_;
    }
    if (status >= 200 && status < 300) {
      delivered_[key] = true;
    }
    ++total_;
    last_ = d.received;
    received_[path].push_back(std::move(d));
    delay = delay_;
  }
  if (delay > absl::ZeroDuration()) {
    absl::SleepFor(delay);
  }
  return status;
}

void WebhookReceiver::Done(const std::string& path, const std::string& id) {
  absl::MutexLock lock(&mu_);
  --in_flight_[absl::StrCat(path, "|", id)];
}

std::vector<WebhookReceiver::Delivery> WebhookReceiver::Received(
    const std::string& path) const {
  absl::MutexLock lock(&mu_);
  auto it = received_.find(path);
  return it == received_.end() ? std::vector<Delivery>{} : it->second;
}

int WebhookReceiver::TotalReceived() const {
  absl::MutexLock lock(&mu_);
  return total_;
}

int WebhookReceiver::ConcurrentDuplicates() const {
  absl::MutexLock lock(&mu_);
  return concurrent_duplicates_;
}

int WebhookReceiver::DistinctDelivered() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(delivered_.size());
}

bool WebhookReceiver::WaitFor(const std::string& path, size_t n,
                              absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto enough = [&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    auto it = received_.find(path);
    return it != received_.end() && it->second.size() >= n;
  };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

bool WebhookReceiver::WaitForDelivered(int n, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto enough = [&]() ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return static_cast<int>(delivered_.size()) >= n;
  };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

absl::Time WebhookReceiver::last_received() const {
  absl::MutexLock lock(&mu_);
  return last_;
}

}  // namespace samen::testing
