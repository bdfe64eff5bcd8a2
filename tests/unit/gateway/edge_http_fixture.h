#pragma once

// The fixture of the gateway's edge socket tests: an in-process samen-gateway
// (GatewayApp on 127.0.0.1:0) in front of the fake Partners backend and the
// fake StreamService backend, driven by the shared test HTTP client.

#include <memory>
#include <string>
#include <vector>

#include "gateway/gateway_app.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"
#include "tests/unit/gateway/fake_partners_backend.h"
#include "tests/unit/gateway/fake_stream_backend.h"

namespace samen::gateway::testing {

inline constexpr char kPartners[] = "samen.partners.v1.PartnersService";
inline constexpr char kStream[] = "samen.gateway.testing.StreamService";

class EdgeHttpTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(BaseOptions()); }
  void TearDown() override {
    client_.reset();
    app_.reset();
  }

  // Both fakes, two I/O threads, everything else default.
  Options BaseOptions() {
    Options options;
    options.http.listen = "127.0.0.1:0";
    options.http.threads = 2;
    options.services = {kPartners, kStream};
    options.backends.default_target = backend_.address();
    options.backends.per_service[kStream] = streams_.address();
    return options;
  }

  void Start(const Options& options) {
    client_.reset();
    app_.reset();
    absl::StatusOr<std::unique_ptr<GatewayApp>> app =
        GatewayApp::Start(options);
    ASSERT_TRUE(app.ok()) << app.status();
    app_ = *std::move(app);
    client_ =
        std::make_unique<samen::testing::HttpClient>("127.0.0.1", app_->port());
  }

  samen::testing::HttpResponse Send(
      const std::string& method, const std::string& target,
      const std::string& body = "",
      const samen::testing::Headers& headers = {}) {
    samen::testing::HttpResponse r =
        client_->Request(method, target, body, headers);
    EXPECT_NE(r.status, 0) << "transport failure: " << r.body;
    return r;
  }

  static google::protobuf::Struct Json(const std::string& body) {
    google::protobuf::Struct doc;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(body, &doc).ok())
        << body;
    return doc;
  }

  static std::string Field(const std::string& body, const std::string& name) {
    google::protobuf::Struct doc = Json(body);
    auto it = doc.fields().find(name);
    if (it == doc.fields().end()) {
      return "";
    }
    return it->second.has_number_value()
               ? std::to_string(static_cast<int>(it->second.number_value()))
               : it->second.string_value();
  }

  FakePartnersBackend backend_;
  FakeStreamBackend streams_;
  std::unique_ptr<GatewayApp> app_;
  std::unique_ptr<samen::testing::HttpClient> client_;
};

}  // namespace samen::gateway::testing
