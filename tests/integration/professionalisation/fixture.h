#pragma once

// The Professionalisation service as a black box: two samen-server replicas
// (hosting every service, so Partners answers the peer checks) over the test
// MariaDB, driven over real gRPC. Shared by the integration test files.

#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/professionalisation/v1/professionalisation_service.grpc.pb.h"
#include "samen/rpc/error_info.pb.h"
#include "services/common/auth/auth.h"
#include "services/common/timestamp.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen::professionalisation::testing {

namespace v1 = ::samen::professionalisation::v1;

// A token with a display name (MintTestToken has none).
inline std::string Token(const std::string& subject, const std::string& grants,
                         const std::string& display_name = "") {
  auth::Principal p;
  p.subject = subject;
  p.display_name = display_name;
  for (absl::string_view grant :
       absl::StrSplit(grants, ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> parts =
        absl::StrSplit(grant, absl::MaxSplits('@', 1));
    p.grants.push_back({parts.first, parts.second});
  }
  auth::MintOptions options;
  options.secret = samen::testing::kTestJwtSecret;
  return *auth::MintHs256Token(p, options);
}

// The google.rpc.ErrorInfo reason of a failed call, or "".
inline std::string ReasonOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) {
    return "";
  }
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (absl::EndsWith(any.type_url(), "ErrorInfo") &&
        info.ParseFromString(any.value())) {
      return info.reason();
    }
  }
  return "";
}

// A local date `days` from today (Europe/Amsterdam is close enough to UTC
// for choosing test dates).
inline std::string DateIn(int days) {
  return absl::FormatTime("%Y-%m-%d", absl::Now() + absl::Hours(24 * days),
                          absl::UTCTimeZone());
}

inline void SetTime(google::protobuf::Timestamp* ts, absl::Duration from_now) {
  ToTimestamp(absl::Now() + from_now, ts);
}

class ProfessionalisationTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    samen::testing::StackOptions options;
    options.server_replicas = 2;
    options.gateway = false;
    stack_ = new samen::testing::Stack(options);
    for (int i = 0; i < 2; ++i) {
      stubs_[i] = v1::ProfessionalisationService::NewStub(grpc::CreateChannel(
          stack_->server_address(i), grpc::InsecureChannelCredentials()));
    }
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }

  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (!token.empty()) {
      ctx->AddMetadata("authorization", "Bearer " + token);
    }
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(30));
    return ctx;
  }
  static v1::ProfessionalisationService::Stub& stub(int i = 0) {
    return *stubs_[i % 2];
  }

  // People of the demo directory (db/demo/partners.sql).
  static std::string Coordinator() {
    return Token("coord-osof", "coordinator@partnerships/osof",
                 "Femke de Vries");
  }
  static std::string Admin() { return Token("demo-admin", "admin"); }
  static std::string Starter(const std::string& id = "starter-noor") {
    return Token(id, "starter@organisations/almere-college-dronten",
                 "Noor Jansen");
  }
  static std::string Mentor(const std::string& id = "mentor-anouk") {
    return Token(id, "mentor@organisations/svol-lyceum", "Anouk Meijer");
  }
  static std::string HrAlmere() {
    return Token("hr-almere", "hr@organisations/almere-college-dronten");
  }

  // An OSOF activity at SVOL Porteum Lyceum (a member), sessions in 10 and 17
  // days, enrolment open now.
  static v1::Activity Draft(int capacity = 10) {
    v1::Activity a;
    a.set_owner("partnerships/osof");
    a.set_kind(v1::MENTOR_TRAINING);
    a.set_title("Werkplekbegeleiderstraining");
    a.set_capacity(capacity);
    a.set_hours(5);
    for (int days : {10, 17}) {
      auto* s = a.add_sessions();
      s->set_date(DateIn(days));
      s->set_start("15:00");
      s->set_end("17:30");
      s->set_location("organisations/svol-lyceum");
    }
    return a;
  }

  static grpc::Status TryCreate(const std::string& id, const v1::Activity& a,
                                v1::Activity* out,
                                const std::string& token = "") {
    v1::CreateActivityRequest req;
    req.set_activity_id(id);
    *req.mutable_activity() = a;
    return stub().CreateActivity(
        As(token.empty() ? Coordinator() : token).get(), req, out);
  }
  static v1::Activity Create(const std::string& id, const v1::Activity& a) {
    v1::Activity out;
    grpc::Status s = TryCreate(id, a, &out);
    EXPECT_TRUE(s.ok()) << id << ": " << s.error_message();
    return out;
  }
  static v1::Activity Get(const std::string& id) {
    v1::GetActivityRequest req;
    req.set_name("activities/" + id);
    v1::Activity out;
    grpc::Status s = stub(1).GetActivity(As(Starter()).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static grpc::Status Enrol(const std::string& activity,
                            const std::string& token, v1::Enrolment* out,
                            int replica = 0, const std::string& person = "") {
    v1::CreateEnrolmentRequest req;
    req.set_parent("activities/" + activity);
    req.mutable_enrolment()->set_person(person);
    return stub(replica).CreateEnrolment(As(token).get(), req, out);
  }
  static grpc::Status Cancel(const std::string& activity,
                             const std::string& person,
                             const std::string& token, v1::Enrolment* out) {
    v1::CancelEnrolmentRequest req;
    req.set_name(absl::StrCat("activities/", activity, "/enrolments/", person));
    req.set_reason("kan niet");
    return stub(1).CancelEnrolment(As(token).get(), req, out);
  }
  static v1::Enrolment GetEnrolment(const std::string& activity,
                                    const std::string& person) {
    v1::GetEnrolmentRequest req;
    req.set_name(absl::StrCat("activities/", activity, "/enrolments/", person));
    v1::Enrolment out;
    grpc::Status s = stub().GetEnrolment(As(Coordinator()).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  static std::vector<v1::EnrolmentEvent> Events(const std::string& activity) {
    v1::ListEnrolmentEventsRequest req;
    req.set_activity("activities/" + activity);
    req.set_page_size(1000);
    v1::ListEnrolmentEventsResponse resp;
    grpc::Status s =
        stub().ListEnrolmentEvents(As(Coordinator()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {resp.events().begin(), resp.events().end()};
  }

  static inline samen::testing::Stack* stack_ = nullptr;
  static inline std::unique_ptr<v1::ProfessionalisationService::Stub> stubs_[2];
};

}  // namespace samen::professionalisation::testing
