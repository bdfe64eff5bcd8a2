#pragma once

// A tiny HTTP/1.1 server for unit tests of outbound HTTP code (the HTTP client,
// remote JWKS, OpenID Connect): listens on 127.0.0.1 on an ephemeral port,
// answers one request per connection from a handler, one connection at a time,
// on its own thread. Optionally TLS with a given certificate (see
// MakeSelfSignedIdentity).

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace samen::testing {

struct LocalRequest {
  std::string method;
  std::string target;
  // Header names lower-cased.
  std::map<std::string, std::string> headers;
  std::string body;
};

struct LocalResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Waits this long before answering (timeout tests).
  std::chrono::milliseconds delay{0};
};

// A certificate and its private key, both PEM.
struct TlsIdentity {
  std::string cert_pem;
  std::string key_pem;
};

// A self-signed EC P-256 certificate for `dns_name` (subject CN and DNS
// subjectAltName), valid from an hour ago for a day.
TlsIdentity MakeSelfSignedIdentity(const std::string& dns_name);

// Writes `contents` to a new file under the test's temporary directory and
// returns its path.
std::string WriteTempFile(const std::string& name, const std::string& contents);

class LocalHttpServer {
 public:
  using Handler = std::function<LocalResponse(const LocalRequest&)>;

  explicit LocalHttpServer(Handler handler,
                           std::optional<TlsIdentity> tls = std::nullopt);
  ~LocalHttpServer();
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  int port() const { return port_; }
  // "http(s)://<host>:<port><path>".
  std::string Url(const std::string& path,
                  const std::string& host = "127.0.0.1") const;
  // Requests answered so far.
  int request_count() const { return requests_.load(); }

 private:
  struct Impl;
  void Loop();

  std::unique_ptr<Impl> impl_;
  Handler handler_;
  bool tls_ = false;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

}  // namespace samen::testing
