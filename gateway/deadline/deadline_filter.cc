#include "gateway/deadline/deadline_filter.h"

#include <algorithm>
#include <memory>

#include "absl/strings/numbers.h"

namespace samen::gateway {
namespace {

class Deadline : public Filter {
 public:
  explicit Deadline(const DeadlineOptions& options) : options_(options) {}

  std::optional<Reply> OnRequest(Exchange& exchange) override {
    if (exchange.route() == nullptr) {
      return std::nullopt;
    }
    std::optional<absl::string_view> header;
    if (auto it = exchange.request.find(kTimeoutHeader);
        it != exchange.request.end()) {
      header = AsAbsl(it->value());
    }
    absl::StatusOr<absl::Duration> timeout =
        CallTimeout(options_, exchange.route()->server_streaming, header);
    if (!timeout.ok()) {
      return RefusalReply(exchange, timeout.status());
    }
    exchange.timeout = *timeout;
    return std::nullopt;
  }

 private:
  const DeadlineOptions options_;
};

}  // namespace

absl::StatusOr<absl::Duration> CallTimeout(
    const DeadlineOptions& options, bool server_streaming,
    std::optional<absl::string_view> header) {
  absl::Duration timeout =
      server_streaming
          ? options.stream_timeout
          : std::min(options.request_timeout, options.max_request_timeout);
  if (!header.has_value()) {
    return timeout;
  }
  double seconds = 0;
  if (!absl::SimpleAtod(*header, &seconds) || !(seconds > 0)) {
    return InvalidFieldError(kTimeoutHeader,
                             "must be a positive number of seconds, e.g. 5");
  }
  return std::min(timeout, absl::Seconds(seconds));
}

FilterFactory DeadlineFilter(DeadlineOptions options) {
  return [options] { return std::make_unique<Deadline>(options); };
}

}  // namespace samen::gateway
