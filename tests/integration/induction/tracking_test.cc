// HR tracking through the real API: per-starter counts and at-risk flags,
// scope by school or board, counts per school and cohort, the CSV export read
// back by a CSV parser, never any coaching content, and every read audited.

#include <algorithm>
#include <map>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/induction/induction_env.h"

namespace samen::induction::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kNote[] = "Privé: overweegt te stoppen";

std::string Hr() {
  return SubjectToken("t-hr-almere", "hr@organisations/almere-college-dronten");
}

// RFC 4180 parser written for the test (quoted fields, doubled quotes, CRLF).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool in_quotes = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      in_quotes = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) {
    rows.pop_back();
  }
  return rows;
}

class Tracking : public ::testing::Test {
 protected:
  // Three starters of one coach, seen on Thursday 2030-03-28 10:00 (UTC+1):
  // 0 had a session and has the next one booked; 1 missed two sessions;
  // 2 never came (and has a name that needs quoting).
  void SetUp() override {
    w_ = MakeWorld(2, /*quota=*/6);
    special_ = Unique("starter");
    CreatePerson(special_, pv1::STARTER, "Zoë \"Jr\" d'Ávila, Coöperatie");
    Enrol(special_, w_.programme, {w_.coach});
    w_.starters.push_back(special_);
    w_.starter_tokens.push_back(
        SubjectToken(special_, "starter@organisations/almere-college-dronten"));

    SetNow(Utc("2030-03-25T07:00:00Z"));
    v1::Booking held, miss1, miss2;
    ASSERT_TRUE(Book(w_, 0, Utc("2030-03-27T08:00:00Z"), &held).ok());
    ASSERT_TRUE(Book(w_, 1, Utc("2030-03-27T09:00:00Z"), &miss1).ok());
    ASSERT_TRUE(Book(w_, 1, Utc("2030-03-28T08:00:00Z"), &miss2).ok());
    SetNow(Utc("2030-03-28T09:00:00Z"));
    Attend(held, v1::HELD);
    Attend(miss1, v1::NO_SHOW);
    Attend(miss2, v1::NO_SHOW);
    ASSERT_TRUE(Book(w_, 0, Utc("2030-03-30T08:00:00Z")).ok());
    v1::CreateNoteRequest note;
    note.set_parent(held.name());
    note.mutable_note()->set_text(kNote);
    v1::Note n;
    ASSERT_TRUE(
        Induction().CreateNote(As(w_.starter_tokens[0]).get(), note, &n).ok());
  }

  void Attend(const v1::Booking& b, v1::EntryState state) {
    v1::RecordAttendanceRequest req;
    req.set_name(b.name());
    req.set_state(state);
    v1::Booking out;
    grpc::Status s =
        Induction().RecordAttendance(As(w_.coach_token).get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // The rows of this test's starters, by starter id.
  std::map<std::string, v1::StarterTracking> Mine(
      const v1::ListStarterTrackingResponse& resp) {
    std::map<std::string, v1::StarterTracking> out;
    for (const auto& r : resp.rows()) {
      for (const auto& s : w_.starters) {
        if (r.starter() == "starters/" + s) {
          out[s] = r;
        }
      }
    }
    return out;
  }

  grpc::Status List(const std::string& token, const std::string& parent,
                    v1::ListStarterTrackingResponse* resp,
                    bool at_risk_only = false) {
    v1::ListStarterTrackingRequest req;
    req.set_parent(parent);
    req.set_page_size(500);
    req.set_at_risk_only(at_risk_only);
    return Induction(1).ListStarterTracking(As(token).get(), req, resp);
  }

  World w_;
  std::string special_;
};

TEST_F(Tracking, CountsUseOfTheYearAndFlagsStartersAtRisk) {
  v1::ListStarterTrackingResponse resp;
  ASSERT_TRUE(List(Hr(), "organisations/almere-college-dronten", &resp).ok());
  auto rows = Mine(resp);
  ASSERT_EQ(rows.size(), 3u);

  const auto& on_track = rows[w_.starters[0]];
  EXPECT_EQ(on_track.sessions_used(), 2);
  EXPECT_EQ(on_track.sessions_held(), 1);
  EXPECT_EQ(on_track.sessions_quota(), 6);
  EXPECT_EQ(on_track.lesson_visits_quota(), 2);
  EXPECT_EQ(on_track.current_year(), 1);
  EXPECT_EQ(FromTs(on_track.last_contact_time()), Utc("2030-03-27T08:45:00Z"));
  EXPECT_EQ(FromTs(on_track.next_booking_time()), Utc("2030-03-30T08:00:00Z"));
  EXPECT_FALSE(on_track.at_risk());

  const auto& no_shows = rows[w_.starters[1]];
  EXPECT_EQ(no_shows.sessions_used(), 2);
  EXPECT_EQ(no_shows.sessions_held(), 0);
  EXPECT_FALSE(no_shows.has_last_contact_time());
  EXPECT_TRUE(no_shows.at_risk());
  EXPECT_THAT(no_shows.risk_reasons(),
              ElementsAre(v1::NO_RECENT_CONTACT, v1::REPEATED_NO_SHOWS));

  const auto& silent = rows[special_];
  EXPECT_TRUE(silent.at_risk());
  EXPECT_THAT(silent.risk_reasons(),
              ElementsAre(v1::NO_RECENT_CONTACT, v1::QUOTA_BEHIND_SCHEDULE));
  EXPECT_THAT(resp.DebugString(), Not(HasSubstr("stoppen")));

  v1::ListStarterTrackingResponse risky;
  ASSERT_TRUE(
      List(Hr(), "organisations/almere-college-dronten", &risky, true).ok());
  auto risky_rows = Mine(risky);
  EXPECT_EQ(risky_rows.size(), 2u);
  EXPECT_EQ(risky_rows.count(w_.starters[0]), 0u);
}

TEST_F(Tracking, ScopeIsTheCallersSchoolsOrBoards) {
  v1::ListStarterTrackingResponse resp;
  const std::string board_hr =
      SubjectToken("t-hr-board", std::string("hr@organisations/") + kBoard);
  ASSERT_TRUE(
      List(board_hr, std::string("organisations/") + kBoard, &resp).ok());
  EXPECT_EQ(Mine(resp).size(), 3u);
  resp.Clear();
  ASSERT_TRUE(List(board_hr, "organisations/-", &resp).ok());
  EXPECT_EQ(Mine(resp).size(), 3u);

  const std::string other_hr =
      SubjectToken("t-hr-svol", "hr@organisations/svol-havo");
  EXPECT_EQ(List(other_hr, "organisations/almere-college-dronten", &resp)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  resp.Clear();
  ASSERT_TRUE(List(other_hr, "organisations/-", &resp).ok());
  EXPECT_TRUE(Mine(resp).empty());
  for (const std::string& token :
       {w_.coach_token, w_.starter_tokens[0], EducatorToken(),
        SubjectToken("t-coord", "coordinator@partnerships/osof")}) {
    EXPECT_EQ(List(token, "organisations/-", &resp).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
}

TEST_F(Tracking, SummaryCountsPerSchoolAndCohort) {
  v1::SummarizeStarterTrackingRequest req;
  req.set_parent("organisations/almere-college-dronten");
  v1::SummarizeStarterTrackingResponse resp;
  ASSERT_TRUE(
      Induction().SummarizeStarterTracking(As(Hr()).get(), req, &resp).ok());
  // The test starters started 2029-08-20 (the demo starter another year).
  const v1::TrackingCount* found = nullptr;
  for (const auto& c : resp.counts()) {
    EXPECT_EQ(c.school(), "organisations/almere-college-dronten");
    if (c.cohort() == 2029) {
      found = &c;
    }
  }
  ASSERT_NE(found, nullptr);
  const auto& c = *found;
  EXPECT_GE(c.starters(), 3);
  EXPECT_GE(c.at_risk(), 2);
  EXPECT_LE(c.active() + c.completed() + c.left(), c.starters());
}

TEST_F(Tracking, CsvExportRoundTripsAndIsAudited) {
  v1::ExportStarterTrackingRequest req;
  req.set_parent("organisations/almere-college-dronten");
  google::api::HttpBody body;
  ASSERT_TRUE(
      Induction().ExportStarterTracking(As(Hr()).get(), req, &body).ok());
  EXPECT_EQ(body.content_type(), "text/csv; charset=utf-8");
  const std::string& csv = body.data();
  ASSERT_TRUE(absl::StartsWith(csv, "\xEF\xBB\xBF"));
  EXPECT_THAT(csv, Not(HasSubstr("stoppen")));
  auto rows = ParseCsv(csv.substr(3));
  ASSERT_GE(rows.size(), 4u);
  const auto& header = rows[0];
  ASSERT_EQ(header[0], "starter");
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < header.size(); ++i) {
    col[header[i]] = i;
  }
  std::map<std::string, std::vector<std::string>> by_starter;
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), header.size()) << i;
    by_starter[rows[i][0]] = rows[i];
  }
  const auto& special = by_starter["starters/" + special_];
  ASSERT_FALSE(special.empty());
  EXPECT_EQ(special[col["name"]], "Zoë \"Jr\" d'Ávila, Coöperatie");
  EXPECT_EQ(special[col["at_risk"]], "yes");
  const auto& on_track = by_starter["starters/" + w_.starters[0]];
  EXPECT_EQ(on_track[col["sessions_used"]], "2");
  EXPECT_EQ(on_track[col["sessions_quota"]], "6");
  EXPECT_EQ(on_track[col["last_contact"]], "2030-03-27 09:45");  // Amsterdam
  EXPECT_EQ(on_track[col["next_booking"]], "2030-03-30 09:00");
  EXPECT_EQ(on_track[col["status"]], "ACTIVE");

  // The starter sees that HR exported their record.
  v1::ListAccessRecordsRequest list;
  list.set_parent("starters/" + w_.starters[0]);
  v1::ListAccessRecordsResponse records;
  ASSERT_TRUE(
      Induction()
          .ListAccessRecords(As(w_.starter_tokens[0]).get(), list, &records)
          .ok());
  ASSERT_GE(records.records_size(), 1);
  EXPECT_EQ(records.records(0).action(), "ExportStarterTracking");
  EXPECT_EQ(records.records(0).viewer(), "people/t-hr-almere");
  EXPECT_EQ(records.records(0).viewer_role(), "hr");
}

}  // namespace
}  // namespace samen::induction::testing
