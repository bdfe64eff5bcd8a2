#pragma once

// Calling another Samen service (DESIGN.md decision 3: a service reaches another's data
// only through its gRPC API). Channels come from --peer_targets, e.g.
//   --peer_targets=partners=dns:///samen-partners:9090,professionalisation=dns:///samen-professionalisation:9090
// A service not listed is reached on this server's own port on loopback, which is right
// when samen-server hosts it too (--services=all). Calls carry the caller's token,
// request id and the remaining deadline.

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "services/common/call.h"

namespace samen {

// The channel to `service` ("partners"); created once, shared, round_robin balanced.
std::shared_ptr<grpc::Channel> PeerChannel(absl::string_view service);

// Fills `ctx` for a call made on behalf of `call`: authorization, x-request-id, deadline.
void PrepareOutgoing(const CallContext& call, grpc::ClientContext* ctx);

}  // namespace samen
