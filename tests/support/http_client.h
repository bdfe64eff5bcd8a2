#pragma once

// A small blocking HTTP/1.1 client for tests (Boost.Beast): one keep-alive
// connection, reopened when the server closed it. Counts connections so tests
// can check keep-alive.

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace samen::testing {

struct HttpResponse {
  int status = 0;
  // Header names lower-cased; several Set-Cookie headers one per line.
  std::map<std::string, std::string> headers;
  std::string body;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  HttpClient(std::string host, int port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request; a JSON body gets Content-Type application/json unless
  // given. Transport failures come back as status 0 with the error in body.
  HttpResponse Request(const std::string& method, const std::string& target,
                       const std::string& body = "",
                       const Headers& headers = {});

  HttpResponse Get(const std::string& target, const Headers& headers = {}) {
    return Request("GET", target, "", headers);
  }

  // How many TCP connections this client has opened so far.
  int connections_opened() const { return connections_opened_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int connections_opened_ = 0;
};

// Headers with a bearer token.
inline Headers Bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

}  // namespace samen::testing
