// Activities over gRPC: creation checked against the Partners service, the
// catalogue search, updates and deletes.

#include <thread>

#include "gmock/gmock.h"
#include "tests/integration/professionalisation/fixture.h"

namespace samen::professionalisation::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

TEST_F(ProfessionalisationTest, CreateChecksOwnerAndLocationsWithPartners) {
  v1::Activity created = Create("it-create", Draft());
  EXPECT_EQ(created.name(), "activities/it-create");
  ASSERT_EQ(created.sessions_size(), 2);
  EXPECT_EQ(created.sessions(0).location_display_name(), "SVOL Porteum Lyceum");
  EXPECT_EQ(created.sessions(0).city(), "Lelystad");
  EXPECT_EQ(created.sessions(0).id(), "s1");
  EXPECT_EQ(created.free_places(), 10);
  EXPECT_FALSE(created.etag().empty());
  // Defaults: enrolment closes when the first session starts.
  EXPECT_EQ(created.enrolment_close_time().seconds(),
            created.sessions(0).start_time().seconds());

  v1::Activity out;
  grpc::Status dup = TryCreate("it-create", Draft(), &out);
  EXPECT_EQ(dup.error_code(), grpc::StatusCode::ALREADY_EXISTS);

  // Academie Tien is in the Opleidingshuis, not in OSOF.
  v1::Activity elsewhere = Draft();
  elsewhere.mutable_sessions(1)->set_location("organisations/academie-tien");
  grpc::Status not_member = TryCreate("it-elsewhere", elsewhere, &out);
  EXPECT_EQ(not_member.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(not_member.error_message(),
              HasSubstr("activity.sessions[1].location"));
  EXPECT_THAT(not_member.error_message(), HasSubstr("not a member"));

  v1::Activity unknown = Draft();
  unknown.set_owner("partnerships/atlantis");
  grpc::Status no_owner = TryCreate("it-atlantis", unknown, &out, Admin());
  EXPECT_EQ(no_owner.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(no_owner.error_message(), HasSubstr("does not exist"));

  // Only organisers create.
  EXPECT_EQ(TryCreate("it-denied", Draft(), &out, Starter()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(TryCreate("it-denied", Draft(), &out,
                      Token("coord-frosk", "coordinator@partnerships/frosk"))
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // A school's own activity: its school educators organise it.
  v1::Activity school = Draft();
  school.set_owner("organisations/svol-lyceum");
  school.set_kind(v1::INTERVISION);
  grpc::Status own =
      TryCreate("it-school", school, &out,
                Token("se-svol", "school_educator@organisations/svol-lyceum"));
  EXPECT_TRUE(own.ok()) << own.error_message();

  v1::GetActivityRequest get;
  get.set_name("activities/it-missing");
  EXPECT_EQ(stub().GetActivity(As(Starter()).get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ProfessionalisationTest, CatalogueFiltersAndPagesAcrossReplicas) {
  v1::Activity lab = Draft(1);
  lab.set_kind(v1::SKILLS_LAB);
  lab.set_title("Lab oudergesprekken voeren");
  lab.add_themes("Oudergesprekken");
  lab.add_audiences(v1::STARTERS);
  lab.mutable_sessions(0)->set_date(DateIn(400));
  lab.mutable_sessions(1)->set_date(DateIn(401));
  Create("it-cat-lab", lab);
  v1::Activity online = Draft();
  online.set_kind(v1::THEME_AFTERNOON);
  online.set_title("Themamiddag schrijfvaardigheid");
  online.add_audiences(v1::MENTORS);
  for (auto& s : *online.mutable_sessions()) {
    s.clear_location();
    s.set_online(true);
    s.set_date(DateIn(402));
  }
  online.mutable_sessions(1)->set_start("18:00");
  online.mutable_sessions(1)->set_end("19:00");
  Create("it-cat-online", online);

  auto list = [](v1::ListActivitiesRequest req) {
    req.set_owner("partnerships/osof");
    req.set_start_date(DateIn(398));
    req.set_end_date(DateIn(403));
    std::vector<std::string> names;
    v1::ListActivitiesResponse resp;
    grpc::Status s = stub(1).ListActivities(As(Starter()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    for (const auto& a : resp.activities()) {
      names.push_back(a.name());
    }
    return names;
  };
  v1::ListActivitiesRequest req;
  EXPECT_THAT(list(req), UnorderedElementsAre("activities/it-cat-lab",
                                              "activities/it-cat-online"));
  req.set_kind(v1::SKILLS_LAB);
  EXPECT_THAT(list(req), UnorderedElementsAre("activities/it-cat-lab"));
  req.Clear();
  req.set_theme("oudergesprekken");  // case-insensitive
  EXPECT_THAT(list(req), UnorderedElementsAre("activities/it-cat-lab"));
  req.Clear();
  req.set_city("lelystad");
  EXPECT_THAT(list(req), UnorderedElementsAre("activities/it-cat-lab"));
  req.Clear();
  req.set_location("organisations/svol-lyceum");
  EXPECT_THAT(list(req), UnorderedElementsAre("activities/it-cat-lab"));
  req.Clear();
  req.set_query("SCHRIJF");
  EXPECT_THAT(list(req), UnorderedElementsAre("activities/it-cat-online"));
  req.Clear();
  req.set_query("100%");  // wildcards are literal
  EXPECT_TRUE(list(req).empty());
  req.Clear();
  req.set_audience(v1::MENTORS);
  EXPECT_THAT(list(req), UnorderedElementsAre("activities/it-cat-online"));

  // Full activities drop out of "only with free places".
  v1::Enrolment e;
  ASSERT_TRUE(Enrol("it-cat-lab", Starter("cat-starter"), &e).ok());
  req.Clear();
  req.set_only_with_free_places(true);
  EXPECT_THAT(list(req), UnorderedElementsAre("activities/it-cat-online"));

  // Pages of one, alternating replicas; the token works on either.
  v1::ListActivitiesRequest page;
  page.set_owner("partnerships/osof");
  page.set_start_date(DateIn(398));
  page.set_end_date(DateIn(403));
  page.set_page_size(1);
  std::vector<std::string> seen;
  for (int i = 0; i < 5; ++i) {
    v1::ListActivitiesResponse resp;
    ASSERT_TRUE(stub(i).ListActivities(As(Mentor()).get(), page, &resp).ok());
    for (const auto& a : resp.activities()) {
      seen.push_back(a.name());
    }
    if (resp.next_page_token().empty()) {
      break;
    }
    page.set_page_token(resp.next_page_token());
  }
  // Ordered by start: the lab (day 400) before the online afternoon (day 402).
  EXPECT_THAT(seen, ::testing::ElementsAre("activities/it-cat-lab",
                                           "activities/it-cat-online"));
  page.set_kind(v1::SKILLS_LAB);  // other filters: the token is refused
  v1::ListActivitiesResponse resp;
  EXPECT_EQ(stub().ListActivities(As(Mentor()).get(), page, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ProfessionalisationTest, UpdatesNeedTheEtagAndKeepPlacesTaken) {
  v1::Activity a = Create("it-update", Draft(2));
  v1::Enrolment e;
  ASSERT_TRUE(Enrol("it-update", Starter("upd-1"), &e).ok());
  ASSERT_TRUE(Enrol("it-update", Starter("upd-2"), &e).ok());

  v1::UpdateActivityRequest req;
  req.mutable_activity()->set_name(a.name());
  req.mutable_activity()->set_capacity(1);
  req.mutable_activity()->set_etag(a.etag());
  v1::Activity out;
  grpc::Status below =
      stub().UpdateActivity(As(Coordinator()).get(), req, &out);
  EXPECT_EQ(below.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(below), "CAPACITY_BELOW_ENROLLED");

  req.mutable_activity()->set_capacity(3);
  req.mutable_activity()->set_title("Werkplekbegeleiderstraining — najaar");
  ASSERT_TRUE(stub(1).UpdateActivity(As(Coordinator()).get(), req, &out).ok());
  EXPECT_EQ(out.capacity(), 3);
  EXPECT_EQ(out.title(), "Werkplekbegeleiderstraining — najaar");
  EXPECT_EQ(out.sessions_size(), 2);  // not in the mask: untouched
  EXPECT_NE(out.etag(), a.etag());
  // The etag read before is stale now.
  grpc::Status stale =
      stub().UpdateActivity(As(Coordinator()).get(), req, &out);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  // Enrolments do not change the etag.
  const std::string etag = Get("it-update").etag();
  ASSERT_TRUE(Enrol("it-update", Starter("upd-3"), &e).ok());
  EXPECT_EQ(Get("it-update").etag(), etag);
  // The owner cannot change.
  req.Clear();
  req.mutable_activity()->set_name(a.name());
  req.mutable_activity()->set_owner("partnerships/frosk");
  req.mutable_update_mask()->add_paths("owner");
  EXPECT_EQ(
      stub().UpdateActivity(As(Coordinator()).get(), req, &out).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  // Others may not change it.
  req.Clear();
  req.mutable_activity()->set_name(a.name());
  req.mutable_activity()->set_capacity(30);
  EXPECT_EQ(stub().UpdateActivity(As(Starter()).get(), req, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ProfessionalisationTest, DeleteIsRefusedWhileSomeoneIsEnrolled) {
  Create("it-delete", Draft());
  v1::Enrolment e;
  ASSERT_TRUE(Enrol("it-delete", Starter("del-1"), &e).ok());
  v1::DeleteActivityRequest req;
  req.set_name("activities/it-delete");
  google::protobuf::Empty empty;
  grpc::Status refused =
      stub().DeleteActivity(As(Coordinator()).get(), req, &empty);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(refused), "ACTIVITY_HAS_ENROLMENTS");
  ASSERT_TRUE(Cancel("it-delete", "del-1", Starter("del-1"), &e).ok());
  EXPECT_EQ(
      stub().DeleteActivity(As(Starter()).get(), req, &empty).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      stub(1).DeleteActivity(As(Coordinator()).get(), req, &empty).ok());
  v1::GetActivityRequest get;
  get.set_name("activities/it-delete");
  v1::Activity gone;
  EXPECT_EQ(stub().GetActivity(As(Starter()).get(), get, &gone).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// Two organisers cancel the same activity at once on two replicas: one wins,
// the other is told it already is; each participant's enrolment ends once,
// with one CANCELLED event (and so one e-mail) each.
TEST_F(ProfessionalisationTest, CancellingAnActivityTwiceAtOnceCancelsItOnce) {
  Create("it-cancel", Draft(/*capacity=*/1));
  v1::Enrolment e;
  ASSERT_TRUE(Enrol("it-cancel", Starter("can-1"), &e).ok());
  ASSERT_TRUE(Enrol("it-cancel", Starter("can-2"), &e).ok());
  EXPECT_EQ(e.state(), v1::Enrolment::WAITLISTED);

  v1::CancelActivityRequest req;
  req.set_name("activities/it-cancel");
  req.set_reason("De zaal is niet beschikbaar.");
  grpc::Status results[2];
  v1::Activity out[2];
  std::thread a([&] {
    results[0] = stub(0).CancelActivity(As(Coordinator()).get(), req, &out[0]);
  });
  std::thread b([&] {
    results[1] = stub(1).CancelActivity(As(Coordinator()).get(), req, &out[1]);
  });
  a.join();
  b.join();
  const int won = results[0].ok() ? 0 : 1;
  ASSERT_TRUE(results[won].ok()) << results[won].error_message();
  EXPECT_EQ(results[1 - won].error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(results[1 - won]), "ACTIVITY_CANCELLED");
  EXPECT_TRUE(out[won].has_cancel_time());
  EXPECT_EQ(out[won].cancel_reason(), "De zaal is niet beschikbaar.");
  EXPECT_EQ(out[won].enrolled_count() + out[won].waitlisted_count(), 0);

  int cancelled = 0;
  for (const auto& ev : Events("it-cancel")) {
    cancelled += ev.kind() == v1::EnrolmentEvent::CANCELLED;
  }
  EXPECT_EQ(cancelled, 2);
  EXPECT_EQ(GetEnrolment("it-cancel", "can-2").state(),
            v1::Enrolment::CANCELLED);
  // Not the organiser's: refused; and nothing changes a cancelled activity.
  EXPECT_EQ(
      stub().CancelActivity(As(Starter()).get(), req, &out[0]).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Enrol("it-cancel", Starter("can-3"), &e).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace samen::professionalisation::testing
