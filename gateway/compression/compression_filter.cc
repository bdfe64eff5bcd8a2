#include "gateway/compression/compression_filter.h"

#include <memory>
#include <string>

#include "gateway/compression/gzip.h"

namespace samen::gateway {
namespace {

class Compression : public Filter {
 public:
  std::optional<Reply> OnRequest(Exchange& exchange) override {
    accept_encoding_ =
        exchange.Header(boost::beast::http::field::accept_encoding);
    return std::nullopt;
  }

  void OnReply(const Exchange& exchange, Reply& reply) override {
    if (!reply.stream) {
      MaybeCompress(accept_encoding_, &reply.response);
    }
  }

 private:
  std::string accept_encoding_;
};

}  // namespace

FilterFactory CompressionFilter() {
  return [] { return std::make_unique<Compression>(); };
}

}  // namespace samen::gateway
