#include "gateway/backends.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "gateway/byte_buffers.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace samen::gateway {
namespace {

using google::protobuf::internal::WireFormatLite;

constexpr char kHealthCheckMethod[] = "/grpc.health.v1.Health/Check";
constexpr int kServing = 1;
constexpr int kMaxMessageBytes = 64 << 20;

std::shared_ptr<grpc::Channel> MakeChannel(
    const std::string& target,
    const std::vector<std::string>& retryable_methods) {
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(ServiceConfigJson(retryable_methods));
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 30'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 0);
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 5'000);
  // Uploads and downloads (google.api.HttpBody) carry documents of up to
  // the upload limit; gRPC's default 4 MiB would refuse them.
  args.SetMaxReceiveMessageSize(kMaxMessageBytes);
  args.SetMaxSendMessageSize(kMaxMessageBytes);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(),
                                   args);
}

std::string HealthStatusName(int status) {
  switch (status) {
    case 0:
      return "UNKNOWN";
    case 1:
      return "SERVING";
    case 2:
      return "NOT_SERVING";
    case 3:
      return "SERVICE_UNKNOWN";
    default:
      return absl::StrCat("status ", status);
  }
}

// One readiness probe across all services; `done` runs when the last answer is
// in.
struct ReadinessCheck {
  absl::Mutex mu;
  std::vector<std::string> failures ABSL_GUARDED_BY(mu);
  int pending ABSL_GUARDED_BY(mu) = 0;
  std::function<void(std::vector<std::string>)> done;

  void Report(std::string failure) {
    std::vector<std::string> result;
    {
      absl::MutexLock lock(&mu);
      if (!failure.empty()) {
        failures.push_back(std::move(failure));
      }
      if (--pending > 0) {
        return;
      }
      result = std::move(failures);
    }
    done(std::move(result));
  }
};

struct HealthProbe {
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
};

}  // namespace

std::string ServiceConfigJson(
    const std::vector<std::string>& retryable_methods) {
  std::string names;
  for (const std::string& method : retryable_methods) {
    const size_t slash = method.find('/', 1);
    if (method.empty() || method[0] != '/' || slash == std::string::npos) {
      continue;
    }
    absl::StrAppend(&names, names.empty() ? "" : ",", "{\"service\":\"",
                    method.substr(1, slash - 1), "\",\"method\":\"",
                    method.substr(slash + 1), "\"}");
  }
  std::string config = R"({"loadBalancingConfig":[{"round_robin":{}}])";
  if (!names.empty()) {
    absl::StrAppend(
        &config, R"(,"methodConfig":[{"name":[)", names,
        R"(],"retryPolicy":{"maxAttempts":3,"initialBackoff":"0.05s",)",
        R"("maxBackoff":"0.5s","backoffMultiplier":2,)",
        R"("retryableStatusCodes":["UNAVAILABLE"]}}])",
        R"(,"retryThrottling":{"maxTokens":10,"tokenRatio":0.1})");
  }
  config.push_back('}');
  return config;
}

std::string EncodeHealthCheckRequest(absl::string_view service) {
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  if (!service.empty()) {
    WireFormatLite::WriteString(1, std::string(service), &coded);
  }
  coded.Trim();
  return out;
}

int DecodeHealthCheckResponse(absl::string_view bytes) {
  google::protobuf::io::CodedInputStream in(
      reinterpret_cast<const uint8_t*>(bytes.data()),
      static_cast<int>(bytes.size()));
  int status = 0;  // proto3 default: UNKNOWN
  while (true) {
    const uint32_t tag = in.ReadTag();
    if (tag == 0) {
      return in.ConsumedEntireMessage() ||
                     in.CurrentPosition() == static_cast<int>(bytes.size())
                 ? status
                 : -1;
    }
    if (tag == WireFormatLite::MakeTag(1, WireFormatLite::WIRETYPE_VARINT)) {
      uint32_t value = 0;
      if (!in.ReadVarint32(&value)) {
        return -1;
      }
      status = static_cast<int>(value);
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return -1;
    }
  }
}

absl::StatusOr<std::map<std::string, std::string>> ParseBackendsFlag(
    absl::string_view text) {
  std::map<std::string, std::string> out;
  std::string last;
  for (absl::string_view part :
       absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    part = absl::StripAsciiWhitespace(part);
    const size_t eq = part.find('=');
    if (eq == absl::string_view::npos) {
      if (last.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("--backends: \"", part, "\" is not service=target"));
      }
      absl::StrAppend(&out[last], ",", part);
      continue;
    }
    last = std::string(part.substr(0, eq));
    std::string target(part.substr(eq + 1));
    if (last.empty() || target.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--backends: \"", part, "\" is not service=target"));
    }
    out[last] = std::move(target);
  }
  return out;
}

Backends::Backends(const BackendOptions& options,
                   const std::vector<std::string>& services,
                   const std::vector<std::string>& retryable_methods) {
  std::map<std::string, std::string> target_of;
  for (const std::string& name : services) {
    auto it = options.per_service.find(name);
    target_of[name] =
        it != options.per_service.end() ? it->second : options.default_target;
  }
  // One channel per target, configured for the methods of every service on it.
  std::map<std::string, std::vector<std::string>> methods_by_target;
  for (const std::string& method : retryable_methods) {
    const size_t slash = method.find('/', 1);
    auto it = target_of.find(method.substr(1, slash - 1));
    if (slash != std::string::npos && it != target_of.end()) {
      methods_by_target[it->second].push_back(method);
    }
  }
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels;
  for (const std::string& name : services) {
    const std::string& target = target_of[name];
    if (target.empty()) {
      services_.push_back({name, "", nullptr, nullptr});
      continue;
    }
    std::shared_ptr<grpc::Channel>& channel = channels[target];
    if (channel == nullptr) {
      channel = MakeChannel(target, methods_by_target[target]);
    }
    services_.push_back(
        {name, target, std::make_unique<grpc::GenericStub>(channel), channel});
  }
}

grpc::GenericStub* Backends::StubFor(absl::string_view service) const {
  for (const Service& s : services_) {
    if (s.name == service) {
      return s.stub.get();
    }
  }
  return nullptr;
}

std::shared_ptr<grpc::Channel> Backends::ChannelFor(
    absl::string_view service) const {
  for (const Service& s : services_) {
    if (s.name == service) {
      return s.channel;
    }
  }
  return nullptr;
}

std::string Backends::TargetFor(absl::string_view service) const {
  for (const Service& s : services_) {
    if (s.name == service) {
      return s.target;
    }
  }
  return "";
}

void Backends::CheckReadiness(
    absl::Duration timeout,
    std::function<void(std::vector<std::string>)> done) const {
  int configured = 0;
  for (const Service& service : services_) {
    configured += service.stub != nullptr ? 1 : 0;
  }
  if (configured == 0) {
    done({});
    return;
  }
  auto check = std::make_shared<ReadinessCheck>();
  check->done = std::move(done);
  {
    absl::MutexLock lock(&check->mu);
    check->pending = configured;
  }
  for (const Service& service : services_) {
    if (service.stub == nullptr) {
      continue;  // not served here
    }
    auto probe = std::make_shared<HealthProbe>();
    probe->context.set_deadline(std::chrono::system_clock::now() +
                                absl::ToChronoMilliseconds(timeout));
    probe->request = ToByteBuffer(EncodeHealthCheckRequest(service.name));
    std::string label = absl::StrCat(service.name, " at ", service.target);
    service.stub->UnaryCall(
        &probe->context, kHealthCheckMethod, grpc::StubOptions(),
        &probe->request, &probe->response,
        [probe, check, label](grpc::Status status) {
          if (!status.ok()) {
            check->Report(absl::StrCat(label, ": ", status.error_message()));
            return;
          }
          const int serving =
              DecodeHealthCheckResponse(FromByteBuffer(probe->response));
          check->Report(
              serving == kServing
                  ? std::string()
                  : absl::StrCat(label, ": ", HealthStatusName(serving)));
        });
  }
}

}  // namespace samen::gateway
