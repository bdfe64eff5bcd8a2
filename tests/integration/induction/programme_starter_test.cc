// Programmes and starters through the real API: who manages what, validation,
// etags, the directory check on enrolment, who reads a starter and the audit
// of reads by staff.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/induction/induction_env.h"

namespace samen::induction::testing {
namespace {

using ::testing::HasSubstr;

TEST(Programmes, CoordinatorsAndSchoolStaffManageTheirOwn) {
  const std::string coord =
      SubjectToken("t-coord-osof", "coordinator@partnerships/osof");
  v1::CreateProgrammeRequest req;
  req.set_programme_id(Unique("osof"));
  *req.mutable_programme() = NewProgramme("partnerships/osof", 8, {});
  v1::Programme p;
  grpc::Status s = Induction().CreateProgramme(As(coord).get(), req, &p);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(p.years_size(), 2);
  EXPECT_EQ(p.booking_policy().minimum_notice().seconds(), 86400);

  // Another partnership's coordinator and a school's HR may not.
  req.set_programme_id(Unique("osof"));
  EXPECT_EQ(
      Induction()
          .CreateProgramme(
              As(SubjectToken("x", "coordinator@partnerships/rowf")).get(), req,
              &p)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  v1::UpdateProgrammeRequest up;
  up.mutable_programme()->set_name(p.name());
  up.mutable_programme()->set_display_name("Andere naam");
  v1::Programme updated;
  EXPECT_EQ(
      Induction(1)
          .UpdateProgramme(
              As(SubjectToken("x", "coordinator@partnerships/rowf")).get(), up,
              &updated)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  // The owner updates with the etag; a stale etag is refused.
  up.mutable_programme()->set_etag(p.etag());
  ASSERT_TRUE(Induction(1).UpdateProgramme(As(coord).get(), up, &updated).ok());
  EXPECT_EQ(updated.display_name(), "Andere naam");
  EXPECT_EQ(updated.years_size(), 2);
  EXPECT_NE(updated.etag(), p.etag());
  EXPECT_EQ(
      Induction().UpdateProgramme(As(coord).get(), up, &updated).error_code(),
      grpc::StatusCode::ABORTED);

  // Years must cover the duration.
  v1::CreateProgrammeRequest bad = req;
  bad.set_programme_id(Unique("bad"));
  bad.mutable_programme()->mutable_years()->RemoveLast();
  grpc::Status invalid = Induction().CreateProgramme(As(coord).get(), bad, &p);
  EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(invalid.error_message(), HasSubstr("programme.years"));
}

TEST(Starters, EnrolmentChecksThePersonInTheDirectory) {
  World w = MakeWorld(0);
  v1::CreateStarterRequest req;
  auto* s = req.mutable_starter();
  s->set_person("people/" + Unique("nobody"));
  s->set_school(std::string("organisations/") + kSchool);
  s->set_programme(w.programme);
  s->set_start_date("2029-08-20");
  v1::Starter out;
  grpc::Status missing =
      Induction().CreateStarter(As(EducatorToken()).get(), req, &out);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(missing.error_message(), HasSubstr("starter.person"));

  // A person of this school enrolled at another school.
  const std::string person = Unique("starter");
  CreatePerson(person, pv1::STARTER);
  s->set_person("people/" + person);
  s->set_school("organisations/almere-college-kampen");
  grpc::Status elsewhere = Induction().CreateStarter(
      As(SubjectToken("t-admin", "admin")).get(), req, &out);
  EXPECT_EQ(elsewhere.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(elsewhere.error_message(), HasSubstr("not affiliated"));

  // A starter cannot enrol themselves; the school educator can.
  s->set_school(std::string("organisations/") + kSchool);
  EXPECT_EQ(
      Induction()
          .CreateStarter(
              As(SubjectToken(person,
                              "starter@organisations/almere-college-dronten"))
                  .get(),
              req, &out)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status ok =
      Induction().CreateStarter(As(EducatorToken()).get(), req, &out);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(out.name(), "starters/" + person);
  EXPECT_EQ(out.board(), std::string("organisations/") + kBoard);
  EXPECT_EQ(out.status(), v1::Starter::ACTIVE);
  EXPECT_EQ(out.current_year(), 1);
  EXPECT_EQ(out.display_name(), "Testpersoon " + person);
  EXPECT_EQ(Induction()
                .CreateStarter(As(EducatorToken()).get(), req, &out)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST(Starters, ReadsByStaffAreRecordedAndListedForTheStarter) {
  World w = MakeWorld(2);
  v1::GetStarterRequest get;
  get.set_name("starters/" + w.starters[0]);
  v1::Starter s;
  ASSERT_TRUE(
      Induction().GetStarter(As(w.starter_tokens[0]).get(), get, &s).ok());
  ASSERT_TRUE(Induction().GetStarter(As(w.coach_token).get(), get, &s).ok());
  EXPECT_EQ(Induction()
                .GetStarter(As(w.starter_tokens[1]).get(), get, &s)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      Induction()
          .GetStarter(
              As(SubjectToken("t-hr-svol", "hr@organisations/svol-havo")).get(),
              get, &s)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // HR of the board reads it: recorded.
  const std::string hr =
      SubjectToken("t-hr-board", std::string("hr@organisations/") + kBoard);
  ASSERT_TRUE(Induction(1).GetStarter(As(hr).get(), get, &s).ok());

  v1::ListAccessRecordsRequest list;
  list.set_parent("starters/" + w.starters[0]);
  v1::ListAccessRecordsResponse records;
  EXPECT_EQ(
      Induction().ListAccessRecords(As(hr).get(), list, &records).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status st = Induction().ListAccessRecords(As(w.starter_tokens[0]).get(),
                                                  list, &records);
  ASSERT_TRUE(st.ok()) << st.error_message();
  ASSERT_EQ(records.records_size(),
            1);  // not the starter's nor the coach's reads
  EXPECT_EQ(records.records(0).viewer(), "people/t-hr-board");
  EXPECT_EQ(records.records(0).viewer_role(), "hr");
  EXPECT_EQ(records.records(0).action(), "GetStarter");
}

TEST(Starters, ListingShowsWhatTheCallerMaySee) {
  World w = MakeWorld(2);
  v1::ListStartersRequest req;
  req.set_programme(w.programme);
  v1::ListStartersResponse resp;
  ASSERT_TRUE(
      Induction().ListStarters(As(w.coach_token).get(), req, &resp).ok());
  EXPECT_EQ(resp.starters_size(), 2);
  resp.Clear();
  ASSERT_TRUE(
      Induction().ListStarters(As(w.starter_tokens[1]).get(), req, &resp).ok());
  ASSERT_EQ(resp.starters_size(), 1);
  EXPECT_EQ(resp.starters(0).name(), "starters/" + w.starters[1]);
  resp.Clear();
  ASSERT_TRUE(
      Induction()
          .ListStarters(
              As(SubjectToken("t-hr-svol", "hr@organisations/svol-havo")).get(),
              req, &resp)
          .ok());
  EXPECT_EQ(resp.starters_size(), 0);
  // Paging across replicas.
  req.set_page_size(1);
  resp.Clear();
  ASSERT_TRUE(
      Induction().ListStarters(As(EducatorToken()).get(), req, &resp).ok());
  ASSERT_EQ(resp.starters_size(), 1);
  req.set_page_token(resp.next_page_token());
  v1::ListStartersResponse second;
  ASSERT_TRUE(
      Induction(1).ListStarters(As(EducatorToken()).get(), req, &second).ok());
  ASSERT_EQ(second.starters_size(), 1);
  EXPECT_NE(second.starters(0).name(), resp.starters(0).name());
}

TEST(Starters, StaffChangeStatusAndYearWithinTheProgramme) {
  World w = MakeWorld(1);
  v1::UpdateStarterRequest up;
  up.mutable_starter()->set_name("starters/" + w.starters[0]);
  up.mutable_starter()->set_current_year(3);
  v1::Starter out;
  grpc::Status bad =
      Induction().UpdateStarter(As(EducatorToken()).get(), up, &out);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), HasSubstr("current_year"));
  up.mutable_starter()->set_current_year(2);
  up.mutable_starter()->set_status(v1::Starter::PAUSED);
  ASSERT_TRUE(
      Induction().UpdateStarter(As(EducatorToken()).get(), up, &out).ok());
  EXPECT_EQ(out.current_year(), 2);
  EXPECT_EQ(out.status(), v1::Starter::PAUSED);
  EXPECT_EQ(out.coaches_size(), 1);
  EXPECT_EQ(
      Induction().UpdateStarter(As(w.coach_token).get(), up, &out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // A paused starter books nothing.
  SetNow(Utc("2030-03-25T07:00:00Z"));
  grpc::Status paused = Book(w, 0, Utc("2030-03-27T08:00:00Z"));
  EXPECT_EQ(paused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(paused.error_message(), HasSubstr("PAUSED"));
}

}  // namespace
}  // namespace samen::induction::testing
