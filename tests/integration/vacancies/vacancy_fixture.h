#pragma once

// What the vacancy integration tests share: a Stack of samen-server replicas
// over the test MariaDB driven over real gRPC, tokens for the demo people, a
// vacancy draft, direct SQL for "time passes" (moving a closing date into the
// past) and reading the ErrorInfo reason of a failed call.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/pool.h"
#include "db/transaction.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/rpc/error_info.pb.h"
#include "samen/vacancies/v1/vacancies.grpc.pb.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen::vacancies_test {

namespace v1 = ::samen::vacancies::v1;

inline std::string HrAlmere() {
  return testing::MintTestToken("hr-almere",
                                "hr@organisations/almere-college-dronten");
}
inline std::string HrSvol() {
  return testing::MintTestToken("hr-svol", "hr@organisations/svol-havo");
}
inline std::string HrRijnmond() {
  return testing::MintTestToken("hr-rijnmond",
                                "hr@organisations/rijnmond-vo-schiedam");
}
inline std::string CoordinatorOsof() {
  return testing::MintTestToken("coord-osof", "coordinator@partnerships/osof");
}
inline std::string CoordinatorRijnmond() {
  return testing::MintTestToken("coord-rijnmond",
                                "coordinator@partnerships/rpo-rijnmond");
}
inline std::string StarterNoor() {
  return testing::MintTestToken("starter-noor",
                                "starter@organisations/almere-college-dronten");
}
inline std::string Integration(const std::string& who = "vacature-site") {
  return testing::MintTestToken(who, "integration");
}
inline std::string Admin() {
  return testing::MintTestToken("demo-admin", "admin");
}

// A date `days` from today in Europe/Amsterdam, "YYYY-MM-DD".
inline std::string DateIn(int days) {
  absl::TimeZone ams;
  absl::LoadTimeZone("Europe/Amsterdam", &ams);
  return absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), ams) + days);
}

// A draft that can be published.
inline v1::Vacancy Draft(const std::string& title,
                         std::vector<std::string> subjects = {"physics"},
                         v1::DegreeLevel degree = v1::FIRST_DEGREE) {
  v1::Vacancy v;
  v.set_title(title);
  for (auto& s : subjects) {
    v.add_subjects(s);
  }
  v.set_degree(degree);
  v.set_fte(0.8);
  v.set_contract_type(v1::Vacancy::TEMPORARY);
  v.set_salary_scale("LC");
  v.set_salary_min_eur(3500);
  v.set_salary_max_eur(5800);
  v.set_start_date(DateIn(60));
  v.set_closing_date(DateIn(30));
  v.set_description("Wij zoeken een docent.\nMet plezier in lesgeven.");
  v.set_how_to_apply("Mail je brief en cv naar vacatures@school.example");
  return v;
}

// The google.rpc.ErrorInfo reason of a failed call; "" when there is none.
inline std::string ReasonOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (status.error_details().empty() ||
      !details.ParseFromString(status.error_details())) {
    return "";
  }
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) {
      return info.reason();
    }
  }
  return "";
}

class VacancyStackTest : public ::testing::Test {
 protected:
  // Starts `replicas` servers with `extra` flags (no gateway).
  static void StartStack(int replicas, std::vector<std::string> extra) {
    testing::StackOptions options;
    options.server_replicas = replicas;
    options.gateway = false;
    options.extra_server_args = std::move(extra);
    stack_ = new testing::Stack(options);
    for (int i = 0; i < replicas; ++i) {
      stubs_.push_back(v1::VacanciesService::NewStub(grpc::CreateChannel(
          stack_->server_address(i), grpc::InsecureChannelCredentials())));
    }
    db::MysqlOptions mysql = stack_->mysql();
    mysql.database = stack_->database_prefix() + "vacancies";
    mysql.pool_size = 2;
    pool_ = new db::Pool(mysql);
  }
  static void StopStack() {
    delete pool_;
    pool_ = nullptr;
    stubs_.clear();
    delete stack_;
    stack_ = nullptr;
  }

  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (!token.empty()) {
      ctx->AddMetadata("authorization", "Bearer " + token);
    }
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(20));
    return ctx;
  }
  static v1::VacanciesService::Stub& stub(int i = 0) { return *stubs_[i]; }

  // Creates and (optionally) publishes a vacancy at `school` as `hr`.
  static v1::Vacancy Create(const std::string& school, const std::string& id,
                            const v1::Vacancy& draft, const std::string& hr,
                            bool publish) {
    v1::CreateVacancyRequest req;
    req.set_parent("organisations/" + school);
    req.set_vacancy_id(id);
    *req.mutable_vacancy() = draft;
    v1::Vacancy v;
    grpc::Status s = stub().CreateVacancy(As(hr).get(), req, &v);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (publish && s.ok()) {
      v1::PublishVacancyRequest p;
      p.set_name(v.name());
      s = stub().PublishVacancy(As(hr).get(), p, &v);
      EXPECT_TRUE(s.ok()) << s.error_message();
    }
    return v;
  }

  // Runs one statement on the service's database.
  static void Sql(const std::string& text) {
    absl::Status s = db::RunWithConnection(
        *pool_, absl::Now() + absl::Seconds(10), "test",
        [&](sql::Connection& c) {
          std::unique_ptr<sql::PreparedStatement> ps(c.prepareStatement(text));
          ps->execute();
          return absl::OkStatus();
        });
    ASSERT_TRUE(s.ok()) << s;
  }
  // The first column of the first row of `text`, as a string.
  static std::string SqlValue(const std::string& text) {
    std::string out;
    absl::Status s = db::RunWithConnection(
        *pool_, absl::Now() + absl::Seconds(10), "test",
        [&](sql::Connection& c) {
          std::unique_ptr<sql::PreparedStatement> ps(c.prepareStatement(text));
          std::unique_ptr<sql::ResultSet> rs(ps->executeQuery());
          if (rs->next()) {
            out = rs->getString(1).asStdString();
          }
          return absl::OkStatus();
        });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }

  static testing::Stack* stack_;
  static std::vector<std::unique_ptr<v1::VacanciesService::Stub>> stubs_;
  static db::Pool* pool_;
};

inline testing::Stack* VacancyStackTest::stack_ = nullptr;
inline std::vector<std::unique_ptr<v1::VacanciesService::Stub>>
    VacancyStackTest::stubs_;
inline db::Pool* VacancyStackTest::pool_ = nullptr;

// The suite of vacancies_service_test.cc and webhook_outbox_test.cc: two
// replicas with expiry every 200 ms.
class VacanciesServiceTest : public VacancyStackTest {
 protected:
  static void SetUpTestSuite() {
    StartStack(2, {"--vacancy_maintenance_interval=200ms"});
  }
  static void TearDownTestSuite() { StopStack(); }

  static grpc::Status Get(const std::string& name, const std::string& token,
                          v1::Vacancy* out, int replica = 0) {
    v1::GetVacancyRequest req;
    req.set_name(name);
    return stub(replica).GetVacancy(As(token).get(), req, out);
  }

  static std::vector<std::string> Names(const v1::ListVacanciesResponse& r) {
    std::vector<std::string> out;
    for (const auto& v : r.vacancies()) {
      out.push_back(v.name());
    }
    return out;
  }

  static std::vector<std::string> ListAll(
      const std::string& parent, const std::string& token,
      v1::Vacancy::Status status = v1::Vacancy::STATUS_UNSPECIFIED) {
    std::vector<std::string> names;
    std::string page;
    for (int i = 0; i < 50; ++i) {
      v1::ListVacanciesRequest req;
      req.set_parent(parent);
      req.set_page_size(7);
      req.set_page_token(page);
      req.set_status(status);
      v1::ListVacanciesResponse resp;
      grpc::Status s = stub(i % 2).ListVacancies(As(token).get(), req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      for (const auto& n : Names(resp)) {
        names.push_back(n);
      }
      page = resp.next_page_token();
      if (page.empty()) {
        break;
      }
    }
    return names;
  }
};

}  // namespace samen::vacancies_test
