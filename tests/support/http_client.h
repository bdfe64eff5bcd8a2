#pragma once

// A small blocking HTTP/1.1 client for tests (Boost.Beast): one keep-alive
// connection, reopened when the server closed it, with a receive timeout so a
// silent server fails the test instead of hanging it.

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace samen::testing {

struct HttpResult {
  int status = 0;
  // Header names in lower case; a repeated header keeps the last value.
  std::map<std::string, std::string> headers;
  std::string body;
  // Whether the server kept the connection open for another request.
  bool keep_alive = false;

  // The header's value, or "" (name in any case).
  std::string Header(absl::string_view name) const;
};

struct HttpRequestOptions {
  std::vector<std::pair<std::string, std::string>> headers;
  // Send only the header with "Expect: 100-continue" and the body after the
  // server's 100 Continue; a final answer before that is returned without
  // sending the body.
  bool expect_continue = false;
};

class HttpClient {
 public:
  HttpClient(std::string host, int port,
             absl::Duration timeout = absl::Seconds(10));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request on the current connection (opening one if needed).
  absl::StatusOr<HttpResult> Send(absl::string_view method,
                                  absl::string_view target,
                                  absl::string_view body = "",
                                  const HttpRequestOptions& options = {});

  absl::StatusOr<HttpResult> Get(absl::string_view target,
                                 const HttpRequestOptions& options = {}) {
    return Send("GET", target, "", options);
  }

  // Connections opened so far (1 after several keep-alive requests).
  int connections_opened() const { return connections_opened_; }
  // Local port of the current connection, 0 when none is open.
  int local_port() const;
  void Close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int connections_opened_ = 0;
};

}  // namespace samen::testing
