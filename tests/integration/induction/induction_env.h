#pragma once

// One running Samen for the Induction integration tests: two samen-server
// replicas (all services) over the test MariaDB, with the Induction clock read
// from a file the tests move (--clock_file), and helpers that build
// a small world per test: people in the Partners directory, a programme, a
// coach with availability, starters.

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "db/pool.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/induction/v1/induction_service.grpc.pb.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"

namespace samen::induction::testing {

namespace v1 = ::samen::induction::v1;
namespace pv1 = ::samen::partners::v1;

inline constexpr char kSchool[] = "almere-college-dronten";
inline constexpr char kBoard[] = "stichting-almere-college";

v1::InductionService::Stub& Induction(int replica = 0);
pv1::PartnersService::Stub& Partners();
// The Induction service's database, for what the API does not show (the
// e-mail outbox).
db::Pool& InductionDb();
std::unique_ptr<grpc::ClientContext> As(const std::string& token);

// Moves the Induction service's clock (both replicas).
void SetNow(absl::Time t);
absl::Time Utc(const char* rfc3339);
google::protobuf::Timestamp Ts(absl::Time t);
absl::Time FromTs(const google::protobuf::Timestamp& t);
// A fresh id with `prefix`, unique in this test run.
std::string Unique(const std::string& prefix);

std::string AdminToken();
std::string SubjectToken(const std::string& subject, const std::string& grants);
// A school educator of kSchool.
std::string EducatorToken();

// Adds a person to the directory, affiliated with kSchool in `role`; the name
// is "Testpersoon <id>" unless given.
void CreatePerson(const std::string& id, pv1::Role role,
                  const std::string& display_name = "");

struct Policy {
  absl::Duration minimum_notice = absl::Hours(24);
  absl::Duration horizon = absl::Hours(24 * 42);
  absl::Duration cancellation_notice = absl::Hours(24);
};

// A small world: a programme owned by kSchool, one coach publishing every day
// 09:00-12:00 (Europe/Amsterdam) in 45-minute sessions with 15 minutes
// buffer, and `starters` starters enrolled with that coach.
struct World {
  std::string programme;
  std::string coach;
  std::vector<std::string> starters;
  std::string coach_token;
  std::vector<std::string> starter_tokens;
};
World MakeWorld(int starters = 1, int quota = 6, Policy policy = {},
                int max_per_day = 0);

v1::Programme NewProgramme(const std::string& owner, int quota, Policy policy);
v1::Starter Enrol(const std::string& starter, const std::string& programme,
                  const std::vector<std::string>& coaches);
void PublishDaily(const std::string& coach, const std::string& from,
                  const std::string& to, int slot, int buffer, int max_per_day);

// Books `start` with the world's coach for starter `i`; returns the status.
grpc::Status Book(const World& w, int i, absl::Time start,
                  v1::Booking* out = nullptr, int replica = 0);

}  // namespace samen::induction::testing
