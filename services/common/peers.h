#pragma once

// Calling another Samen service (docs/architecture.md, decision 3: a service
// reaches another's data only through its gRPC API). samen-server makes one
// Peers from --peer_targets, e.g.
//   partners=dns:///samen-partners:9090,professionalisation=dns:///samen-professionalisation:9090
// and hands it to every module. A service not listed is reached on this
// server's own port on loopback, which is right when samen-server hosts it too
// (--services=all). Calls carry the caller's token, request id and the
// remaining deadline (PrepareOutgoing).

#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "services/common/call.h"

namespace samen {

struct PeerOptions {
  // service -> gRPC target ("partners" -> "dns:///samen-partners:9090").
  std::map<std::string, std::string> targets;
  // Where services not in `targets` are: this server ("127.0.0.1:9090").
  std::string self_target = "127.0.0.1:9090";
};

// "partners=dns:///a:9090,induction=b:9090" -> targets; INVALID_ARGUMENT naming
// --peer_targets for an entry without "=".
absl::StatusOr<std::map<std::string, std::string>> ParsePeerTargets(
    absl::string_view text);

// The loopback target of a server listening on `listen` ("0.0.0.0:9090" ->
// "127.0.0.1:9090").
std::string LoopbackTarget(absl::string_view listen);

class Peers {
 public:
  explicit Peers(PeerOptions options) : options_(std::move(options)) {}

  // The channel to `service` ("partners"); created once, shared, round_robin
  // balanced.
  std::shared_ptr<grpc::Channel> Channel(absl::string_view service);

 private:
  const PeerOptions options_;
  absl::Mutex mu_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_
      ABSL_GUARDED_BY(mu_);
};

// Fills `ctx` for a call made on behalf of `call`: authorization,
// x-request-id, deadline.
void PrepareOutgoing(const CallContext& call, grpc::ClientContext* ctx);

}  // namespace samen
