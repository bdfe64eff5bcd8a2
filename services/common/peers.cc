#include "services/common/peers.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace samen {

absl::StatusOr<std::map<std::string, std::string>> ParsePeerTargets(
    absl::string_view text) {
  std::map<std::string, std::string> targets;
  for (absl::string_view entry :
       absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(entry, absl::MaxSplits('=', 1));
    if (kv.first.empty() || kv.second.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--peer_targets: \"", entry,
                       "\" is not service=target (e.g. "
                       "partners=dns:///samen-partners:9090)"));
    }
    targets[std::string(kv.first)] = std::string(kv.second);
  }
  return targets;
}

std::string LoopbackTarget(absl::string_view listen) {
  const size_t colon = listen.rfind(':');
  return absl::StrCat("127.0.0.1", colon == absl::string_view::npos
                                       ? absl::string_view(":9090")
                                       : listen.substr(colon));
}

std::shared_ptr<grpc::Channel> Peers::Channel(absl::string_view service) {
  absl::MutexLock lock(&mu_);
  auto& channel = channels_[std::string(service)];
  if (channel == nullptr) {
    auto it = options_.targets.find(std::string(service));
    const std::string& target =
        it == options_.targets.end() ? options_.self_target : it->second;
    grpc::ChannelArguments args;
    args.SetServiceConfigJSON(
        R"({"loadBalancingConfig":[{"round_robin":{}}]})");
    channel = grpc::CreateCustomChannel(
        target, grpc::InsecureChannelCredentials(), args);
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
