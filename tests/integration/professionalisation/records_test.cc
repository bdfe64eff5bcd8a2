// Attendance, completion and hours, the development record and its export,
// completions for Induction, feedback, and the sign-in sheet.

#include "gmock/gmock.h"
#include "tests/integration/professionalisation/fixture.h"

namespace samen::professionalisation::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Two sessions that took place (3 and 2 days ago) and one in a week; two of
// three complete it. Enrolment stays open so the test can enrol now.
v1::Activity Held(const std::string& title) {
  v1::Activity a;
  a.set_owner("partnerships/osof");
  a.set_kind(v1::SKILLS_LAB);
  a.set_title(title);
  a.set_capacity(10);
  a.set_hours(3.5);
  a.set_required_sessions(2);
  for (int days : {-3, -2, 7}) {
    auto* s = a.add_sessions();
    s->set_date(DateIn(days));
    s->set_start("09:00");
    s->set_end("12:00");
    s->set_location("organisations/svol-lyceum");
  }
  SetTime(a.mutable_enrolment_open_time(), -absl::Hours(24 * 30));
  SetTime(a.mutable_enrolment_close_time(), absl::Hours(24 * 5));
  return a;
}

grpc::Status Mark(const std::string& activity, const std::string& session,
                  std::vector<std::string> attended,
                  std::vector<std::string> absent,
                  v1::RecordAttendanceResponse* out,
                  const std::string& token = "") {
  v1::RecordAttendanceRequest req;
  req.set_session(absl::StrCat("activities/", activity, "/sessions/", session));
  for (const auto& p : attended) {
    req.add_attended("people/" + p);
  }
  for (const auto& p : absent) {
    req.add_absent("people/" + p);
  }
  return ProfessionalisationTest::stub(1).RecordAttendance(
      ProfessionalisationTest::As(
          token.empty() ? ProfessionalisationTest::Coordinator() : token)
          .get(),
      req, out);
}

v1::DevelopmentRecord Record(const std::string& person,
                             const std::string& token, grpc::Status* status) {
  v1::GetDevelopmentRecordRequest req;
  req.set_name(absl::StrCat("people/", person, "/developmentRecord"));
  v1::DevelopmentRecord out;
  *status = ProfessionalisationTest::stub().GetDevelopmentRecord(
      ProfessionalisationTest::As(token).get(), req, &out);
  return out;
}

TEST_F(ProfessionalisationTest, AttendanceCompletesAndCreditsHours) {
  Create("it-held", Held("Lab didactisch coachen"));
  v1::Enrolment e;
  ASSERT_TRUE(Enrol("it-held", Starter("rec-noor"), &e).ok());
  ASSERT_TRUE(Enrol("it-held", Mentor("rec-anouk"), &e).ok());
  ASSERT_TRUE(Enrol("it-held", Starter("rec-waiting"), &e).ok());
  // Past the default cancellation deadline: only the organiser cancels now.
  EXPECT_EQ(
      ReasonOf(Cancel("it-held", "rec-waiting", Starter("rec-waiting"), &e)),
      "CANCELLATION_DEADLINE_PASSED");
  ASSERT_TRUE(Cancel("it-held", "rec-waiting", Coordinator(), &e).ok());

  v1::RecordAttendanceResponse resp;
  // Not yet: the third session is next week.
  grpc::Status future = Mark("it-held", "s3", {"rec-noor"}, {}, &resp);
  EXPECT_EQ(future.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(future), "SESSION_NOT_STARTED");
  // Only organisers, only people holding a place.
  EXPECT_EQ(Mark("it-held", "s1", {"rec-noor"}, {}, &resp, Starter("rec-noor"))
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status stranger = Mark("it-held", "s1", {"rec-waiting"}, {}, &resp);
  EXPECT_EQ(stranger.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(stranger), "NOT_ENROLLED");
  EXPECT_EQ(Mark("it-held", "s9", {"rec-noor"}, {}, &resp).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(
      Mark("it-held", "s1", {"rec-noor"}, {"rec-noor"}, &resp).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);

  ASSERT_TRUE(Mark("it-held", "s1", {"rec-noor", "rec-anouk"}, {}, &resp).ok());
  ASSERT_EQ(resp.enrolments_size(), 2);
  EXPECT_FALSE(resp.enrolments(0).completed());
  EXPECT_THAT(resp.enrolments(0).attended_sessions(),
              ::testing::ElementsAre("s1"));
  ASSERT_TRUE(Mark("it-held", "s2", {"rec-noor"}, {"rec-anouk"}, &resp).ok());
  EXPECT_TRUE(resp.enrolments(0).completed());
  EXPECT_FALSE(resp.enrolments(1).completed());

  grpc::Status s;
  v1::DevelopmentRecord record = Record("rec-noor", Starter("rec-noor"), &s);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(record.entries_size(), 1);
  EXPECT_EQ(record.entries(0).activity(), "activities/it-held");
  EXPECT_EQ(record.entries(0).title(), "Lab didactisch coachen");
  EXPECT_DOUBLE_EQ(record.entries(0).hours(), 3.5);
  EXPECT_EQ(record.entries(0).completion_date(), DateIn(-2));
  ASSERT_EQ(record.years_size(), 1);
  EXPECT_DOUBLE_EQ(record.total_hours(), 3.5);
  EXPECT_EQ(Record("rec-anouk", Mentor("rec-anouk"), &s).entries_size(), 0);

  // HR of her school reads it; HR elsewhere and other starters do not.
  Record("rec-noor", HrAlmere(), &s);
  EXPECT_TRUE(s.ok()) << s.error_message();
  Record("rec-noor", Token("hr-svol", "hr@organisations/svol-havo"), &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  Record("rec-noor", Starter("rec-anouk"), &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // Correcting attendance takes the hours back, and gives them again.
  ASSERT_TRUE(Mark("it-held", "s2", {}, {"rec-noor"}, &resp).ok());
  EXPECT_FALSE(resp.enrolments(0).completed());
  EXPECT_EQ(Record("rec-noor", Starter("rec-noor"), &s).entries_size(), 0);
  ASSERT_TRUE(Mark("it-held", "s2", {"rec-noor"}, {}, &resp).ok());
  EXPECT_EQ(Record("rec-noor", Starter("rec-noor"), &s).entries_size(), 1);
  std::vector<v1::EnrolmentEvent::Kind> kinds;
  for (const auto& ev : Events("it-held")) {
    if (ev.person() == "people/rec-noor") {
      kinds.push_back(ev.kind());
    }
  }
  EXPECT_THAT(kinds,
              ::testing::ElementsAre(v1::EnrolmentEvent::ENROLLED,
                                     v1::EnrolmentEvent::COMPLETED,
                                     v1::EnrolmentEvent::COMPLETION_WITHDRAWN,
                                     v1::EnrolmentEvent::COMPLETED));

  // For Induction: by name or by title.
  v1::CheckCompletionsRequest check;
  check.set_person("people/rec-noor");
  check.add_activities("activities/it-held");
  check.add_activities("lab didactisch coachen");
  check.add_activities("Symposium");
  v1::CheckCompletionsResponse completions;
  ASSERT_TRUE(stub()
                  .CheckCompletions(As(Token("coach-ilse",
                                             "coach@organisations/"
                                             "almere-college-dronten"))
                                        .get(),
                                    check, &completions)
                  .ok());
  ASSERT_EQ(completions.results_size(), 3);
  EXPECT_TRUE(completions.results(0).completed());
  EXPECT_TRUE(completions.results(1).completed());
  EXPECT_EQ(completions.results(1).activity(), "activities/it-held");
  EXPECT_FALSE(completions.results(2).completed());
  EXPECT_EQ(
      stub()
          .CheckCompletions(As(Starter("rec-anouk")).get(), check, &completions)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  // The export: UTF-8 with a BOM, for Excel.
  v1::ExportDevelopmentRecordRequest export_req;
  export_req.set_name("people/rec-noor/developmentRecord");
  google::api::HttpBody csv;
  ASSERT_TRUE(stub()
                  .ExportDevelopmentRecord(As(Starter("rec-noor")).get(),
                                           export_req, &csv)
                  .ok());
  EXPECT_EQ(csv.content_type(), "text/csv; charset=utf-8");
  EXPECT_THAT(csv.data(), StartsWith("\xEF\xBB\xBF"
                                     "Schooljaar,"));
  EXPECT_THAT(csv.data(), HasSubstr("Lab didactisch coachen,SKILLS_LAB,"
                                    "partnerships/osof,3.50"));
}

TEST_F(ProfessionalisationTest, FeedbackAfterCompletionWithAggregates) {
  Create("it-feedback", Held("Intervisie"));
  v1::Enrolment e;
  for (const char* p : {"fb-1", "fb-2", "fb-3"}) {
    ASSERT_TRUE(Enrol("it-feedback", Starter(p), &e).ok());
  }
  auto submit = [](const std::string& person, int score,
                   const std::string& comment, v1::Feedback* out) {
    v1::SubmitFeedbackRequest req;
    req.set_enrolment("activities/it-feedback/enrolments/" + person);
    req.set_score(score);
    req.set_comment(comment);
    return stub().SubmitFeedback(As(Starter(person)).get(), req, out);
  };
  v1::Feedback f;
  grpc::Status early = submit("fb-1", 4, "", &f);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(early), "NOT_COMPLETED");

  v1::RecordAttendanceResponse resp;
  for (const char* s : {"s1", "s2"}) {
    ASSERT_TRUE(Mark("it-feedback", s, {"fb-1", "fb-2"}, {}, &resp).ok());
  }
  EXPECT_EQ(submit("fb-1", 6, "", &f).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(submit("fb-1", 3, "Te kort", &f).ok());
  ASSERT_TRUE(submit("fb-1", 4, "Nuttig, maar te kort", &f).ok());  // replaces
  ASSERT_TRUE(submit("fb-2", 5, "Heel waardevol — dank!", &f).ok());
  EXPECT_EQ(ReasonOf(submit("fb-3", 5, "", &f)), "NOT_COMPLETED");
  // Only for oneself.
  v1::SubmitFeedbackRequest other;
  other.set_enrolment("activities/it-feedback/enrolments/fb-1");
  other.set_score(1);
  EXPECT_EQ(
      stub().SubmitFeedback(As(Starter("fb-2")).get(), other, &f).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  v1::GetFeedbackSummaryRequest req;
  req.set_name("activities/it-feedback/feedbackSummary");
  v1::FeedbackSummary summary;
  ASSERT_TRUE(
      stub(1).GetFeedbackSummary(As(Coordinator()).get(), req, &summary).ok());
  EXPECT_EQ(summary.completed_count(), 2);
  EXPECT_EQ(summary.responses(), 2);
  EXPECT_DOUBLE_EQ(summary.average_score(), 4.5);
  EXPECT_THAT(summary.score_counts(), ::testing::ElementsAre(0, 0, 0, 1, 1));
  EXPECT_THAT(summary.comments(),
              ::testing::UnorderedElementsAre("Nuttig, maar te kort",
                                              "Heel waardevol — dank!"));
  EXPECT_EQ(stub()
                .GetFeedbackSummary(As(Starter("fb-1")).get(), req, &summary)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ProfessionalisationTest, SignInSheetListsParticipantsPerSession) {
  Create("it-sheet", Held("Werkplaats onderzoek"));
  v1::Enrolment e;
  ASSERT_TRUE(Enrol("it-sheet",
                    Token("sheet-1", "starter@organisations/svol-havo",
                          "Daan \"de\" Visser, jr."),
                    &e)
                  .ok());
  ASSERT_TRUE(Enrol("it-sheet",
                    Token("sheet-2", "mentor@organisations/svol-lyceum",
                          "Anouk Meijer — Coöperatie"),
                    &e)
                  .ok());
  v1::RecordAttendanceResponse resp;
  ASSERT_TRUE(Mark("it-sheet", "s1", {"sheet-1"}, {"sheet-2"}, &resp).ok());

  v1::ExportSignInSheetRequest req;
  req.set_name("activities/it-sheet");
  req.set_session("s1");
  google::api::HttpBody csv;
  ASSERT_TRUE(
      stub().ExportSignInSheet(As(Coordinator()).get(), req, &csv).ok());
  EXPECT_EQ(csv.content_type(), "text/csv; charset=utf-8");
  EXPECT_THAT(csv.data(), StartsWith("\xEF\xBB\xBF"));
  EXPECT_THAT(csv.data(),
              HasSubstr("\"Daan \"\"de\"\" Visser, jr.\",people/sheet-1,"
                        "organisations/svol-havo,ja,\r\n"));
  EXPECT_THAT(csv.data(), HasSubstr("Anouk Meijer — Coöperatie,people/sheet-2,"
                                    "organisations/svol-lyceum,,\r\n"));
  EXPECT_THAT(csv.data(), HasSubstr("SVOL Porteum Lyceum"));
  EXPECT_THAT(csv.data(), ::testing::Not(HasSubstr(DateIn(7))));
  req.set_session("s8");
  EXPECT_EQ(
      stub().ExportSignInSheet(As(Coordinator()).get(), req, &csv).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  req.clear_session();
  EXPECT_EQ(stub()
                .ExportSignInSheet(As(Starter("sheet-1")).get(), req, &csv)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      stub().ExportSignInSheet(As(Coordinator()).get(), req, &csv).ok());
  EXPECT_THAT(csv.data(), HasSubstr(DateIn(7)));

  // A session with attendance recorded cannot be removed.
  v1::Activity a = Get("it-sheet");
  v1::UpdateActivityRequest upd;
  *upd.mutable_activity() = a;
  upd.mutable_activity()->mutable_sessions()->DeleteSubrange(0, 1);
  upd.mutable_update_mask()->add_paths("sessions");
  v1::Activity out;
  grpc::Status removed =
      stub().UpdateActivity(As(Coordinator()).get(), upd, &out);
  EXPECT_EQ(removed.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(removed), "SESSION_HAS_ATTENDANCE");
}

}  // namespace
}  // namespace samen::professionalisation::testing
