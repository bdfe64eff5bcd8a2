// The server runtime every service shares, seen from outside: admission of a
// burst by deadline (services/common/executor.h) and server reflection v1
// (services/common/reflection_v1.cc), against a samen-server over the test
// MariaDB with its default sizes.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen::partners {
namespace {

namespace v1 = ::samen::partners::v1;

class ServerRuntimeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::StackOptions options;
    options.gateway = false;
    stack_ = new testing::Stack(options);
    stub_ = v1::PartnersService::NewStub(grpc::CreateChannel(
        stack_->server_address(0), grpc::InsecureChannelCredentials()));
  }
  static void TearDownTestSuite() {
    stub_.reset();
    delete stack_;
    stack_ = nullptr;
  }
  static v1::PartnersService::Stub& stub() { return *stub_; }
  static std::string Admin() {
    return testing::MintTestToken("demo-admin", "admin");
  }

  static testing::Stack* stack_;
  static std::unique_ptr<v1::PartnersService::Stub> stub_;
};

testing::Stack* ServerRuntimeTest::stack_ = nullptr;
std::unique_ptr<v1::PartnersService::Stub> ServerRuntimeTest::stub_;

// A burst a phone user can cause (the app opening on many phones at once):
// 1,000 reads in flight at one replica with its default sizes. They can all
// finish inside their deadline, so they wait their turn; none is shed as
// RESOURCE_EXHAUSTED (with the old fixed queue of 256, about 300 were).
TEST_F(ServerRuntimeTest, BurstThatCanFinishInTimeWaitsInsteadOfFailing) {
  constexpr int kCalls = 1000;
  struct Call {
    grpc::ClientContext ctx;
    v1::GetPartnershipRequest req;
    v1::Partnership resp;
    grpc::Status status;
  };
  std::vector<std::unique_ptr<Call>> calls;
  const std::string token = Admin();
  absl::Mutex mu;
  int done = 0;
  for (int i = 0; i < kCalls; ++i) {
    auto call = std::make_unique<Call>();
    call->ctx.AddMetadata("authorization", "Bearer " + token);
    call->ctx.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(30));
    call->req.set_name("partnerships/osof");
    calls.push_back(std::move(call));
  }
  for (auto& call : calls) {
    Call* c = call.get();
    stub().async()->GetPartnership(&c->ctx, &c->req, &c->resp,
                                   [c, &mu, &done](grpc::Status s) {
                                     absl::MutexLock lock(&mu);
                                     c->status = std::move(s);
                                     ++done;
                                   });
  }
  {
    absl::MutexLock lock(&mu);
    auto all = [&]()
                   ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) { return done == kCalls; };
    ASSERT_TRUE(mu.AwaitWithTimeout(absl::Condition(&all), absl::Seconds(60)));
  }
  std::map<grpc::StatusCode, int> codes;
  for (const auto& call : calls) {
    ++codes[call->status.error_code()];
  }
  EXPECT_EQ(codes[grpc::StatusCode::OK], kCalls)
      << "RESOURCE_EXHAUSTED: " << codes[grpc::StatusCode::RESOURCE_EXHAUSTED];
}

// Server reflection v1 (grpcurl, Postman ask it first) beside v1alpha: the
// services, and a service's file with the dependencies not yet sent.
TEST_F(ServerRuntimeTest, ReflectionV1ListsServicesAndSendsDescriptors) {
  auto stub =
      grpc::reflection::v1::ServerReflection::NewStub(grpc::CreateChannel(
          stack_->server_address(0), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  auto stream = stub->ServerReflectionInfo(&ctx);
  grpc::reflection::v1::ServerReflectionRequest req;
  grpc::reflection::v1::ServerReflectionResponse resp;

  req.set_list_services("");
  ASSERT_TRUE(stream->Write(req));
  ASSERT_TRUE(stream->Read(&resp));
  std::vector<std::string> services;
  for (const auto& s : resp.list_services_response().service()) {
    services.push_back(s.name());
  }
  EXPECT_THAT(services, ::testing::IsSupersetOf(
                            {"samen.partners.v1.PartnersService",
                             "grpc.reflection.v1.ServerReflection",
                             "grpc.reflection.v1alpha.ServerReflection"}));

  req.set_file_containing_symbol("samen.partners.v1.PartnersService");
  ASSERT_TRUE(stream->Write(req));
  ASSERT_TRUE(stream->Read(&resp));
  ASSERT_GT(resp.file_descriptor_response().file_descriptor_proto_size(), 1);
  google::protobuf::FileDescriptorProto first;
  ASSERT_TRUE(first.ParseFromString(
      resp.file_descriptor_response().file_descriptor_proto(0)));
  EXPECT_EQ(first.name(), "samen/partners/v1/partners_service.proto");
  EXPECT_EQ(first.service(0).name(), "PartnersService");
  // The same file again: its dependencies were sent already.
  ASSERT_TRUE(stream->Write(req));
  ASSERT_TRUE(stream->Read(&resp));
  EXPECT_EQ(resp.file_descriptor_response().file_descriptor_proto_size(), 1);

  req.set_file_containing_symbol("samen.partners.v1.NoSuchThing");
  ASSERT_TRUE(stream->Write(req));
  ASSERT_TRUE(stream->Read(&resp));
  EXPECT_EQ(resp.error_response().error_code(), grpc::StatusCode::NOT_FOUND);
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

}  // namespace
}  // namespace samen::partners
