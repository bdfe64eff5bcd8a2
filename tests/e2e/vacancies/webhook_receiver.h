#pragma once

// A webhook receiver for tests and the fan-out benchmark: an HTTP/1.1 server
// (Boost.Beast) on 127.0.0.1 that records every request per path, verifies its
// Standard Webhooks signature on its own (OpenSSL HMAC-SHA256 over
// "id.timestamp.body" with the path's secret), answers scripted statuses, and
// notices when one webhook-id arrives at one path while an earlier request
// with that id is still being answered (a concurrent duplicate).

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace samen::testing {

class WebhookReceiver {
 public:
  struct Delivery {
    std::string id;  // webhook-id
    std::string timestamp;
    std::string signature;
    std::string body;
    bool signature_valid = false;
    int answered = 0;
    absl::Time received;
  };

  // Listens on `port` (0: any free port).
  explicit WebhookReceiver(int port = 0);
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:<port><path>".
  std::string Url(const std::string& path) const;

  // The "whsec_..." secret signatures at `path` are checked with.
  void SetSecret(const std::string& path, const std::string& secret);
  // Answers `statuses` in order at `path`, then `then` (default 200).
  void Script(const std::string& path, std::vector<int> statuses,
              int then = 200);
  // Holds every answer this long (to make overlapping requests visible).
  void SetDelay(absl::Duration delay);

  std::vector<Delivery> Received(const std::string& path) const;
  int TotalReceived() const;
  // Requests that arrived while one with the same id and path was in flight.
  int ConcurrentDuplicates() const;
  // Distinct (path, id) pairs answered 2xx.
  int DistinctDelivered() const;
  // Waits until `path` has at least `n` requests; false on timeout.
  bool WaitFor(const std::string& path, size_t n, absl::Duration timeout) const;
  // Waits until DistinctDelivered() >= n; false on timeout.
  bool WaitForDelivered(int n, absl::Duration timeout) const;
  absl::Time last_received() const;

 private:
  struct Script_ {
    std::vector<int> statuses;
    size_t next = 0;
    int then = 200;
  };
  void Accept();
  void Serve(int fd, std::shared_ptr<std::atomic<bool>> done);
  // Records a request and decides the answer.
  int Handle(const std::string& path, Delivery d);
  void Done(const std::string& path, const std::string& id);

  int listen_fd_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  struct Connection {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::vector<Connection> connections_ ABSL_GUARDED_BY(mu_);
  std::vector<int> open_fds_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::string> secrets_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Script_> scripts_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::vector<Delivery>> received_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int> in_flight_ ABSL_GUARDED_BY(mu_);   // path + id
  std::map<std::string, bool> delivered_ ABSL_GUARDED_BY(mu_);  // path + id
  int concurrent_duplicates_ ABSL_GUARDED_BY(mu_) = 0;
  int total_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Duration delay_ ABSL_GUARDED_BY(mu_);
  absl::Time last_ ABSL_GUARDED_BY(mu_);
};

}  // namespace samen::testing
