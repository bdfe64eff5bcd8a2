#pragma once

// What the Induction API's HTTP tests share: one stack with the demo data per
// suite (a real samen-gateway in front of a real samen-server), the demo
// people's tokens, and reading JSON answers.

#include <cstdint>
#include <memory>
#include <string>

#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen::induction_http {

inline google::protobuf::Struct Json(const std::string& body) {
  google::protobuf::Struct s;
  auto status = google::protobuf::util::JsonStringToMessage(body, &s);
  EXPECT_TRUE(status.ok()) << body;
  return s;
}

// The member `key` as text (numbers without decimals); "" when absent.
inline std::string Field(const google::protobuf::Struct& s,
                         const std::string& key) {
  auto it = s.fields().find(key);
  if (it == s.fields().end()) {
    return "";
  }
  return it->second.has_string_value()
             ? it->second.string_value()
             : std::to_string(static_cast<int64_t>(it->second.number_value()));
}

class InductionHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { stack_ = new testing::Stack(); }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  void SetUp() override {
    client_ = std::make_unique<testing::HttpClient>("127.0.0.1",
                                                    stack_->gateway_port());
  }

  static std::string Noor() {
    return testing::MintTestToken(
        "starter-noor", "starter@organisations/almere-college-dronten");
  }
  static std::string Daan() {
    return testing::MintTestToken("starter-daan",
                                  "starter@organisations/svol-havo");
  }
  static std::string Ilse() {
    return testing::MintTestToken("coach-ilse",
                                  "coach@organisations/almere-college-dronten");
  }
  static std::string HrAlmere() {
    return testing::MintTestToken("hr-almere",
                                  "hr@organisations/almere-college-dronten");
  }

  testing::HttpResponse Call(const std::string& method,
                             const std::string& target,
                             const std::string& token,
                             const std::string& body = "") {
    return client_->Request(method, target, body, testing::Bearer(token));
  }

  static inline testing::Stack* stack_ = nullptr;
  std::unique_ptr<testing::HttpClient> client_;
};

}  // namespace samen::induction_http
