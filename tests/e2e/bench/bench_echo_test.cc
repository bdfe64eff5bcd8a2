// The bench service end to end: samen-server --services=bench (no database)
// with samen-gateway in front of it; Echo over gRPC and transcoded over HTTP,
// with and without a token, as bench/read_path.sh calls it.

#include <chrono>
#include <memory>
#include <string>

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/bench/v1/bench.grpc.pb.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen::bench {
namespace {

namespace v1 = ::samen::bench::v1;
using ::testing::HasSubstr;

class BenchEchoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::StackOptions options;
    options.demo_data = false;
    options.gateway = false;
    options.extra_server_args = {"--services=bench"};  // the last one counts
    stack_ = new testing::Stack(options);
    // The gateway exposes the bench service only when --backends names it
    // (gateway/registered_services.h, OptInServices).
    gateway_port_ = testing::FreePort();
    gateway_ = new testing::Process(
        testing::BinDir() + "/samen-gateway",
        {absl::StrCat("--listen=127.0.0.1:", gateway_port_),
         absl::StrCat("--backends=samen.bench.v1.BenchService=",
                      stack_->server_address()),
         "--threads=2", "--anonymous_rate_limit_rps=0"},
        {{"SAMEN_JWT_HS256_SECRET", testing::kTestJwtSecret}},
        absl::StrCat(::testing::TempDir(), "/bench-gateway-", getpid(),
                     ".log"));
    gateway_->Start();
    ASSERT_TRUE(testing::WaitForPort(gateway_port_, absl::Seconds(20)))
        << gateway_->ReadLog();
    stub_ = v1::BenchService::NewStub(
                grpc::CreateChannel(stack_->server_address(),
                                    grpc::InsecureChannelCredentials()))
                .release();
  }
  static void TearDownTestSuite() {
    if (gateway_ != nullptr) {
      gateway_->Stop();
    }
    delete gateway_;
    gateway_ = nullptr;
    delete stub_;
    stub_ = nullptr;
    delete stack_;
    stack_ = nullptr;
  }

  static grpc::Status Echo(const std::string& message, const std::string& token,
                           v1::EchoResponse* response) {
    grpc::ClientContext context;
    if (!token.empty()) {
      context.AddMetadata("authorization", "Bearer " + token);
    }
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    v1::EchoRequest request;
    request.set_message(message);
    return stub_->Echo(&context, request, response);
  }

  static testing::Stack* stack_;
  static testing::Process* gateway_;
  static int gateway_port_;
  static v1::BenchService::Stub* stub_;
};

testing::Stack* BenchEchoTest::stack_ = nullptr;
testing::Process* BenchEchoTest::gateway_ = nullptr;
int BenchEchoTest::gateway_port_ = 0;
v1::BenchService::Stub* BenchEchoTest::stub_ = nullptr;

TEST_F(BenchEchoTest, EchoesOverGrpcWithAndWithoutAToken) {
  v1::EchoResponse response;
  grpc::Status status = Echo("hello", "", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.message(), "hello");

  status = Echo("hallo wereld", testing::MintTestToken("bench", ""), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.message(), "hallo wereld");
}

TEST_F(BenchEchoTest, StillVerifiesATokenThatIsSent) {
  v1::EchoResponse response;
  EXPECT_EQ(Echo("hello", "not-a-token", &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(BenchEchoTest, RefusesAMessageOverTheLimit) {
  v1::EchoResponse response;
  grpc::Status status = Echo(std::string(1025, 'x'), "", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("message"));
}

TEST_F(BenchEchoTest, TheGatewayTranscodesIt) {
  testing::HttpClient http("127.0.0.1", gateway_port_);
  EXPECT_EQ(http.Get("/readyz").status, 200);
  testing::HttpResponse response = http.Get("/v1/bench/echo?message=hallo");
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_THAT(response.header("content-type"), HasSubstr("application/json"));
  v1::EchoResponse echo;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(response.body, &echo).ok())
      << response.body;
  EXPECT_EQ(echo.message(), "hallo");

  response = http.Get("/v1/bench/echo?message=ok",
                      testing::Bearer(testing::MintTestToken("bench", "")));
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_THAT(response.body, HasSubstr("ok"));

  response = http.Get("/v1/bench/echo?message=" + std::string(1025, 'x'));
  EXPECT_EQ(response.status, 400) << response.body;
}

TEST_F(BenchEchoTest, AGatewayWithoutItsBackendDoesNotExposeIt) {
  const int port = testing::FreePort();
  testing::Process gateway(
      testing::BinDir() + "/samen-gateway",
      {absl::StrCat("--listen=127.0.0.1:", port),
       absl::StrCat("--backend=", stack_->server_address()), "--threads=1",
       "--anonymous_rate_limit_rps=0"},
      {{"SAMEN_JWT_HS256_SECRET", testing::kTestJwtSecret}},
      absl::StrCat(::testing::TempDir(), "/bench-gateway-plain-", getpid(),
                   ".log"));
  gateway.Start();
  ASSERT_TRUE(testing::WaitForPort(port, absl::Seconds(20)))
      << gateway.ReadLog();
  testing::HttpClient http("127.0.0.1", port);
  EXPECT_EQ(http.Get("/v1/bench/echo?message=x").status, 404);
  gateway.Stop();
}

}  // namespace
}  // namespace samen::bench
