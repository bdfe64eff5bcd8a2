#pragma once

// What the Partners service's gRPC integration tests share: one samen-server
// (no gateway) per suite over the test MariaDB with the demo data, a stub to
// it, calls as someone (a minted token and a deadline), the field violations
// of an INVALID_ARGUMENT, and the server's clock (--clock_file: the system
// clock until a test sets it).

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen::partners {

class PartnersGrpcTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    clock_file_ = absl::StrCat("/tmp/samen-partners-clock-", getpid());
    std::remove(clock_file_.c_str());
    testing::StackOptions options;
    options.gateway = false;
    options.extra_server_args = {absl::StrCat("--clock_file=", clock_file_)};
    stack_ = new testing::Stack(options);
    channel_ = grpc::CreateChannel(stack_->server_address(0),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::PartnersService::NewStub(channel_);
  }
  static void TearDownTestSuite() {
    stub_.reset();
    channel_.reset();
    delete stack_;
    stack_ = nullptr;
    std::remove(clock_file_.c_str());
  }

  // Moves the server's clock to `t`; ClearNow() gives it the system clock
  // back.
  static void SetNow(absl::Time t) {
    const std::string tmp = clock_file_ + ".tmp";
    {
      std::ofstream out(tmp, std::ios::trunc);
      out << absl::FormatTime(absl::RFC3339_full, t, absl::UTCTimeZone());
    }
    std::rename(tmp.c_str(), clock_file_.c_str());
  }
  static void ClearNow() { std::remove(clock_file_.c_str()); }

  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("authorization", "Bearer " + token);
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(20));
    return ctx;
  }
  static std::string Admin() {
    return testing::MintTestToken("demo-admin", "admin");
  }

  // The fields an INVALID_ARGUMENT's BadRequest names.
  static std::vector<std::string> ViolatedFields(const grpc::Status& s) {
    std::vector<std::string> fields;
    google::rpc::Status details;
    if (!details.ParseFromString(s.error_details())) {
      return fields;
    }
    for (const auto& any : details.details()) {
      google::rpc::BadRequest br;
      if (any.UnpackTo(&br)) {
        for (const auto& v : br.field_violations()) {
          fields.push_back(v.field());
        }
      }
    }
    return fields;
  }

  static inline testing::Stack* stack_ = nullptr;
  static inline std::string clock_file_;
  static inline std::shared_ptr<grpc::Channel> channel_;
  static inline std::unique_ptr<v1::PartnersService::Stub> stub_;
};

}  // namespace samen::partners
