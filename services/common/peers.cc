#include "services/common/peers.h"

#include <map>

#include "absl/base/thread_annotations.h"
#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

ABSL_FLAG(std::string, peer_targets, "",
          "Where other Samen services are: service=target,... (default: this server)");
ABSL_DECLARE_FLAG(std::string, listen);

namespace samen {
namespace {

absl::Mutex mu;
std::map<std::string, std::shared_ptr<grpc::Channel>>& Channels() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
  static auto* channels = new std::map<std::string, std::shared_ptr<grpc::Channel>>();
  return *channels;
}

std::string TargetFor(absl::string_view service) {
  for (absl::string_view entry :
       absl::StrSplit(absl::GetFlag(FLAGS_peer_targets), ',', absl::SkipWhitespace())) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(entry, absl::MaxSplits('=', 1));
    if (kv.first == service) {
      return std::string(kv.second);
    }
  }
  const std::string listen = absl::GetFlag(FLAGS_listen);
  return absl::StrCat("127.0.0.1", listen.substr(listen.rfind(':')));
}

}  // namespace

std::shared_ptr<grpc::Channel> PeerChannel(absl::string_view service) {
  absl::MutexLock lock(&mu);
  auto& channel = Channels()[std::string(service)];
  if (channel == nullptr) {
    grpc::ChannelArguments args;
    args.SetServiceConfigJSON(R"({"loadBalancingConfig":[{"round_robin":{}}]})");
    channel = grpc::CreateCustomChannel(TargetFor(service), grpc::InsecureChannelCredentials(),
                                        args);
  }
  return channel;
}

void PrepareOutgoing(const CallContext& call, grpc::ClientContext* ctx) {
  if (!call.authorization.empty()) {
    ctx->AddMetadata("authorization", call.authorization);
  }
  ctx->AddMetadata("x-request-id", call.request_id);
  if (call.deadline != absl::InfiniteFuture()) {
    ctx->set_deadline(absl::ToChronoTime(call.deadline));
  }
}

}  // namespace samen
