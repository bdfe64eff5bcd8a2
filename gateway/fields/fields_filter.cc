#include "gateway/fields/fields_filter.h"

#include <memory>
#include <string>

#include "gateway/fields/field_filter.h"
#include "services/common/status_macros.h"

namespace samen::gateway {
namespace {

absl::Status ParseFields(Exchange& exchange) {
  ASSIGN_OR_RETURN(const std::string fields, FieldsParameter(exchange.query));
  if (!fields.empty()) {
    ASSIGN_OR_RETURN(
        exchange.success.fields,
        FieldFilter::Parse(fields, RenderedType(*exchange.route())));
  }
  return absl::OkStatus();
}

class Fields : public Filter {
 public:
  std::optional<Reply> OnRequest(Exchange& exchange) override {
    if (exchange.route() == nullptr) {
      return std::nullopt;
    }
    if (absl::Status s = ParseFields(exchange); !s.ok()) {
      return RefusalReply(exchange, s);
    }
    return std::nullopt;
  }

  std::optional<Reply> OnMessage(Exchange& exchange,
                                 google::protobuf::Message& message) override {
    if (absl::Status s = DeriveUpdateMask(*exchange.route(),
                                          exchange.request.body(), &message);
        !s.ok()) {
      return RefusalReply(exchange, s);
    }
    return std::nullopt;
  }
};

}  // namespace

FilterFactory FieldsFilter() {
  return [] { return std::make_unique<Fields>(); };
}

}  // namespace samen::gateway
