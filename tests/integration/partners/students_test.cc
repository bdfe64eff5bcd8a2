// Students as a black box: samen-server over the test MariaDB with the demo
// data (OSOF with Windesheim as its institute), driven over real gRPC.
// Create, read, list with filters, update with mask and etag, delete; who
// may do which; bad input changes nothing.

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "tests/integration/partners/partners_grpc_fixture.h"
#include "tests/support/test_env.h"

namespace samen::partners {
namespace {

namespace v1 = ::samen::partners::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class StudentsTest : public PartnersGrpcTest {
 protected:
  static std::string Coord() {
    return testing::MintTestToken("coord-osof",
                                  "coordinator@partnerships/osof");
  }
  static std::string Educator() {
    return testing::MintTestToken(
        "educator-windesheim", "institute_educator@organisations/windesheim");
  }
  static std::string Hr() {
    return testing::MintTestToken("hr-svol", "hr@organisations/svol-lyceum");
  }

  // A new person (ids unique per run: the test database outlives runs).
  static std::string NewPerson(const std::string& prefix) {
    const std::string id =
        absl::StrCat(prefix, "-", absl::ToUnixMicros(absl::Now()) % 100000000);
    v1::CreatePersonRequest req;
    req.set_person_id(id);
    req.mutable_person()->set_display_name("Student " + id);
    req.mutable_person()->set_email(id + "@student.example");
    v1::Affiliation* a = req.mutable_person()->add_affiliations();
    a->set_organisation("organisations/windesheim");
    a->add_roles(v1::STUDENT);
    v1::Person out;
    grpc::Status s = stub_->CreatePerson(As(Admin()).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return id;
  }

  static v1::Student Draft(const std::string& person) {
    v1::Student s;
    s.set_person("people/" + person);
    s.set_partnership("partnerships/osof");
    s.set_institute("organisations/windesheim");
    s.set_category(v1::HBO_FULL_TIME);
    s.set_programme_year(2);
    s.add_subjects("wiskunde");
    s.set_start_date("2025-09-01");
    s.mutable_home()->set_postcode_area("8224");
    s.mutable_home()->set_latitude(52.52);
    s.mutable_home()->set_longitude(5.47);
    v1::PastPlacement* p = s.add_placement_history();
    p->set_school_year("2025-2026");
    p->set_school("organisations/svol-lyceum");
    return s;
  }

  static grpc::Status Create(const std::string& token, const v1::Student& s,
                             v1::Student* out, const std::string& id = "") {
    v1::CreateStudentRequest req;
    req.set_student_id(id);
    *req.mutable_student() = s;
    return stub_->CreateStudent(As(token).get(), req, out);
  }

  static grpc::Status Get(const std::string& token, const std::string& name,
                          v1::Student* out) {
    v1::GetStudentRequest req;
    req.set_name(name);
    return stub_->GetStudent(As(token).get(), req, out);
  }
};

TEST_F(StudentsTest, InstituteEducatorCreatesAndEveryoneEntitledReads) {
  const std::string person = NewPerson("lio");
  v1::Student created;
  grpc::Status s = Create(Educator(), Draft(person), &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_THAT(created.name(), HasSubstr("students/st-lio-"));
  EXPECT_EQ(created.category(), v1::HBO_FULL_TIME);
  EXPECT_THAT(created.subjects(), ElementsAre("wiskunde"));
  ASSERT_EQ(created.placement_history_size(), 1);
  EXPECT_EQ(created.placement_history(0).school(), "organisations/svol-lyceum");
  EXPECT_FALSE(created.etag().empty());

  v1::Student read;
  // The student themself.
  const std::string self =
      testing::MintTestToken(person, "student@organisations/windesheim");
  ASSERT_TRUE(Get(self, created.name(), &read).ok());
  EXPECT_EQ(read.home().postcode_area(), "8224");
  // The coordinator, and a mentor of the school the student was placed at.
  EXPECT_TRUE(Get(Coord(), created.name(), &read).ok());
  const std::string mentor = testing::MintTestToken(
      "mentor-lyceum", "mentor@organisations/svol-lyceum");
  EXPECT_TRUE(Get(mentor, created.name(), &read).ok());
  // Not: another student, a mentor elsewhere, HR of that very school.
  const std::string other = testing::MintTestToken(
      "someone-else", "student@organisations/windesheim");
  EXPECT_EQ(Get(other, created.name(), &read).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const std::string elsewhere =
      testing::MintTestToken("mentor-havo", "mentor@organisations/svol-havo");
  EXPECT_EQ(Get(elsewhere, created.name(), &read).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(Hr(), created.name(), &read).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(StudentsTest, OnlyManagersCreateAndOnePersonHasOneRecord) {
  const std::string person = NewPerson("dup");
  v1::Student out;
  EXPECT_EQ(Create(Hr(), Draft(person), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const std::string other_coord =
      testing::MintTestToken("coord-rowf", "coordinator@partnerships/rowf");
  EXPECT_EQ(Create(other_coord, Draft(person), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Create(Coord(), Draft(person), &out).ok());
  v1::Student again;
  EXPECT_EQ(Create(Coord(), Draft(person), &again, "second-record-" + person)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(StudentsTest, BadInputNamesTheFieldAndStoresNothing) {
  const std::string person = NewPerson("bad");
  v1::Student s = Draft(person);
  s.set_programme_year(9);
  v1::Student out;
  grpc::Status st = Create(Coord(), s, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(st), ElementsAre("student.programme_year"));

  s = Draft(person);
  s.set_institute("organisations/svol-lyceum");  // a school, not an institute
  const std::string coord = Coord();
  st = Create(coord, s, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("student.institute"));

  s = Draft(person);
  s.mutable_placement_history(0)->set_school_year("2025-2027");
  st = Create(coord, s, &out);
  EXPECT_THAT(ViolatedFields(st),
              ElementsAre("student.placement_history[0].school_year"));

  s = Draft("nobody-" + person);
  st = Create(coord, s, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("student.person"));

  // Nothing was stored: the person can still get their one record.
  EXPECT_TRUE(Create(coord, Draft(person), &out).ok());
}

TEST_F(StudentsTest, UpdateHonoursMaskAndEtag) {
  const std::string person = NewPerson("upd");
  v1::Student created;
  ASSERT_TRUE(Create(Educator(), Draft(person), &created).ok());

  v1::UpdateStudentRequest req;
  req.mutable_student()->set_name(created.name());
  req.mutable_student()->set_etag(created.etag());
  req.mutable_student()->set_programme_year(3);
  req.mutable_student()->set_category(v1::MINOR);  // not in the mask
  req.mutable_update_mask()->add_paths("programme_year");
  v1::Student updated;
  grpc::Status s = stub_->UpdateStudent(As(Educator()).get(), req, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.programme_year(), 3);
  EXPECT_EQ(updated.category(), v1::HBO_FULL_TIME);
  EXPECT_NE(updated.etag(), created.etag());

  // The old etag is stale now.
  req.mutable_student()->set_programme_year(4);
  EXPECT_EQ(
      stub_->UpdateStudent(As(Educator()).get(), req, &updated).error_code(),
      grpc::StatusCode::ABORTED);
  // The student may read but not change their record.
  const std::string self =
      testing::MintTestToken(person, "student@organisations/windesheim");
  req.mutable_student()->clear_etag();
  EXPECT_EQ(stub_->UpdateStudent(As(self).get(), req, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A field that cannot change.
  req.mutable_update_mask()->set_paths(0, "person");
  EXPECT_EQ(stub_->UpdateStudent(As(Coord()).get(), req, &updated).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(StudentsTest, ListFiltersAndShowsOnlyWhatTheCallerMaySee) {
  const std::string a = NewPerson("list-a");
  const std::string b = NewPerson("list-b");
  v1::Student sa, sb;
  ASSERT_TRUE(Create(Coord(), Draft(a), &sa).ok());
  v1::Student draft_b = Draft(b);
  draft_b.set_category(v1::CAREER_CHANGER);
  draft_b.set_programme_year(4);
  draft_b.clear_placement_history();
  ASSERT_TRUE(Create(Coord(), draft_b, &sb).ok());

  auto names = [&](const std::string& token, v1::ListStudentsRequest req) {
    std::vector<std::string> out;
    for (;;) {
      v1::ListStudentsResponse resp;
      grpc::Status s = stub_->ListStudents(As(token).get(), req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      for (const auto& st : resp.students()) {
        out.push_back(st.name());
      }
      if (!s.ok() || resp.next_page_token().empty()) {
        return out;
      }
      req.set_page_token(resp.next_page_token());
    }
  };
  v1::ListStudentsRequest req;
  req.set_category(v1::CAREER_CHANGER);
  req.set_programme_year(4);
  req.set_page_size(2);
  auto coord = names(Coord(), req);
  EXPECT_THAT(coord, ::testing::Contains(sb.name()));
  EXPECT_THAT(coord, ::testing::Not(::testing::Contains(sa.name())));

  // A student lists only their own record.
  const std::string self =
      testing::MintTestToken(a, "student@organisations/windesheim");
  EXPECT_THAT(names(self, v1::ListStudentsRequest()), ElementsAre(sa.name()));
  // A mentor of svol-lyceum sees a (placed there), not b.
  const std::string mentor = testing::MintTestToken(
      "mentor-lyceum", "mentor@organisations/svol-lyceum");
  auto seen = names(mentor, v1::ListStudentsRequest());
  EXPECT_THAT(seen, ::testing::Contains(sa.name()));
  EXPECT_THAT(seen, ::testing::Not(::testing::Contains(sb.name())));
  // HR sees none.
  v1::ListStudentsResponse resp;
  EXPECT_EQ(
      stub_->ListStudents(As(Hr()).get(), v1::ListStudentsRequest(), &resp)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(StudentsTest, DeleteNeedsAManagerAndTheCurrentEtag) {
  const std::string person = NewPerson("del");
  v1::Student created;
  ASSERT_TRUE(Create(Educator(), Draft(person), &created).ok());
  v1::DeleteStudentRequest req;
  req.set_name(created.name());
  req.set_etag("stale");
  google::protobuf::Empty empty;
  EXPECT_EQ(stub_->DeleteStudent(As(Coord()).get(), req, &empty).error_code(),
            grpc::StatusCode::ABORTED);
  const std::string self =
      testing::MintTestToken(person, "student@organisations/windesheim");
  req.set_etag(created.etag());
  EXPECT_EQ(stub_->DeleteStudent(As(self).get(), req, &empty).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->DeleteStudent(As(Coord()).get(), req, &empty).ok());
  v1::Student gone;
  EXPECT_EQ(Get(Coord(), created.name(), &gone).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// Reads on record (issue 17): a coordinator's read and list of a student's
// record are recorded and shown to the student, newest first, paged; the
// student's own reads are not; nobody else lists them.
TEST_F(StudentsTest, ReadsByOthersAreOnRecordForTheStudentOnly) {
  const std::string person = NewPerson("seen");
  v1::Student created;
  ASSERT_TRUE(Create(Educator(), Draft(person), &created).ok());
  const std::string self =
      testing::MintTestToken(person, "student@organisations/windesheim");
  v1::Student read;
  ASSERT_TRUE(Get(self, created.name(), &read).ok());
  ASSERT_TRUE(Get(Coord(), created.name(), &read).ok());
  // The coordinator's list of the partnership's students, page by page
  // until it has shown this one (the test database outlives runs).
  v1::ListStudentsRequest list;
  list.set_partnership("partnerships/osof");
  list.set_page_size(100);
  bool shown = false;
  do {
    v1::ListStudentsResponse resp;
    grpc::Status s = stub_->ListStudents(As(Coord()).get(), list, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    for (const v1::Student& st : resp.students()) {
      shown |= st.name() == created.name();
    }
    list.set_page_token(resp.next_page_token());
  } while (!shown && !list.page_token().empty());
  ASSERT_TRUE(shown);
  // The student's own list shows them too, and is not recorded either.
  v1::ListStudentsRequest own;
  v1::ListStudentsResponse own_resp;
  ASSERT_TRUE(stub_->ListStudents(As(self).get(), own, &own_resp).ok());

  v1::ListStudentAccessRecordsRequest req;
  req.set_parent(created.name());
  req.set_page_size(1);
  v1::ListStudentAccessRecordsResponse first;
  grpc::Status s = stub_->ListStudentAccessRecords(As(self).get(), req, &first);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(first.records_size(), 1);
  EXPECT_EQ(first.records(0).viewer(), "people/coord-osof");
  EXPECT_EQ(first.records(0).viewer_role(), "coordinator");
  EXPECT_EQ(first.records(0).action(), "LIST");
  EXPECT_EQ(first.records(0).method(), "ListStudents");
  EXPECT_TRUE(first.records(0).has_access_time());
  ASSERT_FALSE(first.next_page_token().empty());
  req.set_page_token(first.next_page_token());
  req.set_page_size(10);
  v1::ListStudentAccessRecordsResponse rest;
  s = stub_->ListStudentAccessRecords(As(self).get(), req, &rest);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(rest.records_size(), 1);  // not the student's own two reads
  EXPECT_EQ(rest.records(0).viewer(), "people/coord-osof");
  EXPECT_EQ(rest.records(0).action(), "GET");
  EXPECT_EQ(rest.records(0).method(), "GetStudent");
  EXPECT_TRUE(rest.next_page_token().empty());

  // Nobody else lists them: not the coordinator who read it, another
  // student, HR.
  req.clear_page_token();
  v1::ListStudentAccessRecordsResponse denied;
  const std::string other = testing::MintTestToken(
      "someone-else", "student@organisations/windesheim");
  for (const std::string& token : {Coord(), other, Hr()}) {
    EXPECT_EQ(stub_->ListStudentAccessRecords(As(token).get(), req, &denied)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  req.set_parent("students/nobody-" + person);
  EXPECT_EQ(stub_->ListStudentAccessRecords(As(self).get(), req, &denied)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace samen::partners
