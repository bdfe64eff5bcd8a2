#pragma once

// Server-streaming RPCs as Server-Sent Events (text/event-stream): one
// `data: <json>` event per response message (with `?fields=` applied), and a
// failure after the stream started as a final `event: error` whose data is the
// problem+json document. A failure before the first message is an ordinary
// problem response with its own status. The call goes through the generic stub
// as a callback bidi stream (the wire format of a server stream is the same):
// one request message, then half-close, then read; the next message is read
// only once the previous event is on the wire, so a slow client slows the
// backend stream instead of filling the gateway's memory. A client that goes
// away (or a server that stops) cancels the gRPC call.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "gateway/call_registry.h"
#include "gateway/fields/field_filter.h"
#include "gateway/http_server.h"
#include "gateway/route_table.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"

namespace samen::gateway {

struct EventStreamHooks {
  // The reply when the call fails before its first message.
  std::function<Reply(const grpc::Status&)> failure;
  // The problem JSON (one line) for a failure after the stream started.
  std::function<std::string(const grpc::Status&)> error_event;
};

// Starts the call; `respond` receives the streamed reply (or the failure).
// The call registers with `registry` until it has finished.
void StartEventStream(grpc::GenericStub* stub, const Route& route,
                      std::unique_ptr<grpc::ClientContext> context,
                      grpc::ByteBuffer request,
                      std::optional<FieldFilter> fields, Responder respond,
                      EventStreamHooks hooks, CallRegistry* registry);

// "data: <json>\n\n" (the JSON has no newlines) and the error event.
std::string DataEvent(absl::string_view json);
std::string ErrorEvent(absl::string_view problem_json);

}  // namespace samen::gateway
