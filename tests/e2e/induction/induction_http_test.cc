// The Induction API over HTTP, through a real samen-gateway in front of a real
// samen-server with the demo data: what the starter's phone, the coach's week
// view and HR's spreadsheet see. Real time (the demo data is relative to
// today).

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/induction/induction_http_fixture.h"

namespace samen {
namespace {

using testing::Bearer;
using ::testing::HasSubstr;
using testing::HttpClient;
using testing::HttpResponse;
using ::testing::Not;

using induction_http::Field;
using induction_http::InductionHttpTest;
using induction_http::Json;

TEST_F(InductionHttpTest, AStarterListsSlotsBooksReschedulesAndCancels) {
  HttpResponse slots =
      Call("GET", "/v1/starters/starter-noor/openSlots", Noor());
  ASSERT_EQ(slots.status, 200) << slots.body;
  const auto json = Json(slots.body);
  ASSERT_TRUE(json.fields().contains("slots")) << slots.body;
  const auto& list = json.fields().at("slots").list_value();
  ASSERT_GE(list.values_size(), 3) << slots.body;
  const std::string first = Field(list.values(0).struct_value(), "startTime");
  const std::string second = Field(list.values(1).struct_value(), "startTime");
  EXPECT_EQ(Field(list.values(0).struct_value(), "coach"), "people/coach-ilse");

  const std::string body =
      R"({"coach":"people/coach-ilse","startTime":")" + first + R"("})";
  HttpResponse booked =
      Call("POST", "/v1/starters/starter-noor/bookings", Noor(), body);
  ASSERT_EQ(booked.status, 201) << booked.body;
  auto b = Json(booked.body);
  const std::string name = Field(b, "name");
  EXPECT_THAT(name, HasSubstr("starters/starter-noor/bookings/"));
  EXPECT_EQ(Field(b, "state"), "CONFIRMED");
  const std::string uid = Field(b, "icalUid");

  // The same slot again: 409 with a problem document that says why.
  HttpResponse again =
      Call("POST", "/v1/starters/starter-noor/bookings", Noor(), body);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_THAT(again.header("content-type"), HasSubstr("problem+json"));
  EXPECT_THAT(again.body, HasSubstr("taken"));

  // The coach sees it in their week.
  HttpResponse week =
      Call("GET", "/v1/starters/-/bookings?coach=people/coach-ilse", Ilse());
  ASSERT_EQ(week.status, 200) << week.body;
  EXPECT_THAT(week.body, HasSubstr(name));

  HttpResponse moved = Call("POST", "/v1/" + name + ":reschedule", Noor(),
                            R"({"startTime":")" + second + R"("})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  auto m = Json(moved.body);
  EXPECT_EQ(Field(m, "icalUid"), uid);
  EXPECT_EQ(Field(m, "sequence"), "1");
  EXPECT_EQ(Field(m, "startTime"), second);

  HttpResponse cancelled =
      Call("POST", "/v1/" + name + ":cancel", Noor(), "{}");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(Field(Json(cancelled.body), "state"), "CANCELLED");
  EXPECT_EQ(Field(Json(cancelled.body), "sequence"), "2");

  // Someone else's starter record is not Noor's to book.
  EXPECT_EQ(
      Call("POST", "/v1/starters/starter-daan/bookings", Noor(), body).status,
      403);
}

TEST_F(InductionHttpTest, CoachingNotesAreForTheStarterAndTheCoachOnly) {
  const std::string notes =
      "/v1/starters/starter-noor/bookings/bdemo-noor-2/notes";
  HttpResponse own = Call("GET", notes, Noor());
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_THAT(own.body, HasSubstr("binnenkomst"));
  EXPECT_EQ(Call("GET", notes, Ilse()).status, 200);
  for (const std::string& token :
       {HrAlmere(),
        testing::MintTestToken("coord-osof", "coordinator@partnerships/osof"),
        testing::MintTestToken("starter-daan",
                               "starter@organisations/svol-havo"),
        testing::MintTestToken("demo-admin", "admin")}) {
    HttpResponse refused = Call("GET", notes, token);
    EXPECT_TRUE(refused.status == 403 || refused.status == 404)
        << refused.status;
    EXPECT_THAT(refused.body, Not(HasSubstr("binnenkomst")));
    HttpResponse write = Call("POST", notes, token, R"({"text":"meegelezen"})");
    EXPECT_TRUE(write.status == 403 || write.status == 404) << write.status;
  }
}

TEST_F(InductionHttpTest, HrExportsCsvWithABomAndNoCoachingContent) {
  HttpResponse csv = Call(
      "GET", "/v1/organisations/almere-college-dronten/starterTracking:export",
      HrAlmere());
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  ASSERT_TRUE(absl::StartsWith(csv.body, "\xEF\xBB\xBF"));
  EXPECT_THAT(csv.body, HasSubstr("starters/starter-noor,Noor Jansen (demo)"));
  EXPECT_THAT(csv.body, Not(HasSubstr("binnenkomst")));
  for (absl::string_view line : absl::StrSplit(csv.body, "\r\n")) {
    EXPECT_FALSE(absl::StrContains(line, "\n"));
  }
  HttpResponse rows =
      Call("GET", "/v1/organisations/-/starterTracking", HrAlmere());
  ASSERT_EQ(rows.status, 200) << rows.body;
  EXPECT_THAT(rows.body, HasSubstr("starters/starter-noor"));
  EXPECT_THAT(rows.body, Not(HasSubstr("starter-daan")));
  EXPECT_EQ(
      Call("GET", "/v1/organisations/svol-havo/starterTracking", HrAlmere())
          .status,
      403);
  // Noor sees that HR looked.
  HttpResponse looked =
      Call("GET", "/v1/starters/starter-noor/accessRecords", Noor());
  ASSERT_EQ(looked.status, 200) << looked.body;
  EXPECT_THAT(looked.body, HasSubstr("people/hr-almere"));
}

TEST_F(InductionHttpTest, TheCalendarFeedIsTextCalendar) {
  HttpResponse issued =
      Call("POST", "/v1/calendarFeeds/starter-noor:issue", Noor(), "{}");
  ASSERT_EQ(issued.status, 200) << issued.body;
  const std::string path = Field(Json(issued.body), "path");
  ASSERT_THAT(path, HasSubstr("/events.ics?token="));
  // Calendar apps subscribe to the URL and send no Authorization header: the
  // token in the URL is what authorises the feed.
  HttpResponse feed = client_->Get(path);
  ASSERT_EQ(feed.status, 200) << feed.body;
  EXPECT_EQ(feed.header("content-type"), "text/calendar; charset=utf-8");
  EXPECT_TRUE(absl::StartsWith(feed.body, "BEGIN:VCALENDAR\r\n"));
  EXPECT_THAT(feed.body, HasSubstr("UID:bdemo-noor-3@induction.samen.dev\r\n"));
  EXPECT_THAT(feed.body, Not(HasSubstr("binnenkomst")));
  const std::string wrong =
      path.substr(0, path.find("token=") + 6) + "not-the-token";
  EXPECT_EQ(client_->Get(wrong).status, 404);
}

}  // namespace
}  // namespace samen
