// What the Samen app's screens read from the Induction API over HTTP, through a
// real samen-gateway in front of a real samen-server with the demo data: the
// starter's sessions used and left, when a cancellation turns late, the
// coach's week by kind of event and HR's tracking filters. Real time (the demo
// data is relative to today).

#include "absl/time/time.h"
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

using induction_http::InductionHttpTest;
using induction_http::Json;

const google::protobuf::Value* Find(const google::protobuf::Struct& s,
                                    const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? nullptr : &it->second;
}

std::string Field(const google::protobuf::Struct& s, const std::string& key) {
  const google::protobuf::Value* v = Find(s, key);
  if (v == nullptr) {
    return "";
  }
  return v->has_string_value()
             ? v->string_value()
             : std::to_string(static_cast<int64_t>(v->number_value()));
}

absl::Time TimeOf(const std::string& rfc3339) {
  absl::Time t;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &error))
      << rfc3339 << ": " << error;
  return t;
}

using AppScreensHttpTest = InductionHttpTest;

TEST_F(AppScreensHttpTest, AStarterSeesThisYearsSessionsUsedAndLeft) {
  // Daan, year 2 of the OSOF programme (quota 6): a late cancellation, a
  // no-show, a held session and one booked next week count.
  HttpResponse daan =
      Call("GET", "/v1/starters/starter-daan/coachingUsage", Daan());
  ASSERT_EQ(daan.status, 200) << daan.body;
  const auto u = Json(daan.body);
  EXPECT_EQ(Field(u, "name"), "starters/starter-daan/coachingUsage");
  EXPECT_EQ(Field(u, "programmeYear"), "2");
  EXPECT_EQ(Field(u, "sessionsQuota"), "6");
  EXPECT_EQ(Field(u, "sessionsUsed"), "4");
  EXPECT_EQ(Field(u, "sessionsHeld"), "1");
  EXPECT_EQ(Field(u, "sessionsLeft"), "2");
  EXPECT_GT(TimeOf(Field(u, "nextBookingTime")), absl::Now());
  // Its ETag hashes the answer: a phone revalidating gets 304 only while the
  // counts are unchanged.
  const std::string etag = daan.header("etag");
  ASSERT_FALSE(etag.empty());
  HttpResponse same = client_->Request(
      "GET", "/v1/starters/starter-daan/coachingUsage", "",
      {{"Authorization", "Bearer " + Daan()}, {"If-None-Match", etag}});
  EXPECT_EQ(same.status, 304);

  // Noor's usage is counted exactly as HR's tracking row counts it.
  HttpResponse noor =
      Call("GET", "/v1/starters/starter-noor/coachingUsage", Noor());
  ASSERT_EQ(noor.status, 200) << noor.body;
  const auto n = Json(noor.body);
  EXPECT_EQ(Field(n, "sessionsQuota"), "8");
  HttpResponse rows = Call("GET",
                           "/v1/organisations/almere-college-dronten/"
                           "starterTracking?programme_year=1&status=ACTIVE",
                           HrAlmere());
  ASSERT_EQ(rows.status, 200) << rows.body;
  const auto rows_json = Json(rows.body);
  const auto& list = Find(rows_json, "rows")->list_value();
  ASSERT_EQ(list.values_size(), 1) << rows.body;
  const auto& row = list.values(0).struct_value();
  EXPECT_EQ(Field(row, "starter"), "starters/starter-noor");
  EXPECT_EQ(Field(n, "sessionsUsed"), Field(row, "sessionsUsed"));
  EXPECT_EQ(Field(n, "sessionsQuota"), Field(row, "sessionsQuota"));
  EXPECT_EQ(std::stoi(Field(n, "sessionsLeft")),
            std::stoi(Field(n, "sessionsQuota")) -
                std::stoi(Field(n, "sessionsUsed")));

  // Her coach reads it; another starter does not; a bad name names the field.
  EXPECT_EQ(
      Call("GET", "/v1/starters/starter-noor/coachingUsage", Ilse()).status,
      200);
  EXPECT_EQ(
      Call("GET", "/v1/starters/starter-noor/coachingUsage", Daan()).status,
      403);
  // The starter reads their own programme: this year's components.
  HttpResponse programme =
      Call("GET", "/v1/programmes/almere-college-begeleiding", Noor());
  ASSERT_EQ(programme.status, 200) << programme.body;
  EXPECT_THAT(programme.body, HasSubstr("cancellationNotice"));
  EXPECT_THAT(programme.body, HasSubstr("coachingSessions"));
}

TEST_F(AppScreensHttpTest, ABookingSaysWhenACancellationTurnsLate) {
  // Noor's programme gives 24 hours' notice, Daan's 48.
  for (const auto& [booking, token, notice] :
       {std::tuple{"starters/starter-noor/bookings/bdemo-noor-3", Noor(),
                   absl::Hours(24)},
        std::tuple{"starters/starter-daan/bookings/bdemo-daan-4", Daan(),
                   absl::Hours(48)}}) {
    HttpResponse got = Call("GET", std::string("/v1/") + booking, token);
    ASSERT_EQ(got.status, 200) << got.body;
    const auto b = Json(got.body);
    EXPECT_EQ(Field(b, "state"), "CONFIRMED");
    EXPECT_EQ(TimeOf(Field(b, "lateCancellationTime")),
              TimeOf(Field(b, "startTime")) - notice)
        << got.body;
  }
  // A new booking has its cutoff at once, and Noor's usage, revalidated with
  // the ETag she holds, is a fresh answer that counts it.
  HttpResponse before =
      Call("GET", "/v1/starters/starter-noor/coachingUsage", Noor());
  ASSERT_EQ(before.status, 200) << before.body;
  HttpResponse slots =
      Call("GET", "/v1/starters/starter-noor/openSlots", Noor());
  ASSERT_EQ(slots.status, 200) << slots.body;
  const auto slots_json = Json(slots.body);
  const auto& open = Find(slots_json, "slots")->list_value();
  ASSERT_GE(open.values_size(), 1) << slots.body;
  const std::string start = Field(open.values(0).struct_value(), "startTime");
  HttpResponse booked =
      Call("POST", "/v1/starters/starter-noor/bookings", Noor(),
           R"({"coach":"people/coach-ilse","startTime":")" + start + R"("})");
  ASSERT_EQ(booked.status, 201) << booked.body;
  const auto b = Json(booked.body);
  EXPECT_EQ(TimeOf(Field(b, "lateCancellationTime")),
            TimeOf(start) - absl::Hours(24));
  HttpResponse after =
      client_->Request("GET", "/v1/starters/starter-noor/coachingUsage", "",
                       {{"Authorization", "Bearer " + Noor()},
                        {"If-None-Match", before.header("etag")}});
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(std::stoi(Field(Json(after.body), "sessionsUsed")),
            std::stoi(Field(Json(before.body), "sessionsUsed")) + 1);
  EXPECT_EQ(std::stoi(Field(Json(after.body), "sessionsLeft")),
            std::stoi(Field(Json(before.body), "sessionsLeft")) - 1);
  HttpResponse cancelled =
      Call("POST", "/v1/" + Field(b, "name") + ":cancel", Noor(), "{}");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(Field(Json(cancelled.body), "state"), "CANCELLED");

  // A cancelled booking has no cutoff any more.
  HttpResponse past = Call(
      "GET", "/v1/starters/starter-daan/bookings?end_time=2099-01-01T00:00:00Z",
      Daan());
  ASSERT_EQ(past.status, 200) << past.body;
  const auto past_json = Json(past.body);
  for (const auto& v : Find(past_json, "bookings")->list_value().values()) {
    const auto& b = v.struct_value();
    EXPECT_EQ(Find(b, "lateCancellationTime") != nullptr,
              Field(b, "state") == "CONFIRMED")
        << Field(b, "name");
  }
}

TEST_F(AppScreensHttpTest, TheCoachsWeekFiltersByTimeAndKind) {
  const absl::Time now = absl::Now();
  // "Z", not "+00:00": a '+' in a query string is a space.
  const std::string from = absl::FormatTime(
      "%Y-%m-%dT%H:%M:%SZ", now - absl::Hours(24 * 30), absl::UTCTimeZone());
  const std::string to = absl::FormatTime(
      "%Y-%m-%dT%H:%M:%SZ", now + absl::Hours(24 * 30), absl::UTCTimeZone());
  HttpResponse visits = Call(
      "GET",
      "/v1/events?kind=LESSON_VISIT&start_time=" + from + "&end_time=" + to,
      Ilse());
  ASSERT_EQ(visits.status, 200) << visits.body;
  EXPECT_THAT(visits.body, HasSubstr("events/edemo-noor-visit"));
  HttpResponse intervision = Call("GET", "/v1/events?kind=INTERVISION", Ilse());
  ASSERT_EQ(intervision.status, 200) << intervision.body;
  EXPECT_THAT(intervision.body, Not(HasSubstr("edemo-noor-visit")));

  HttpResponse week = Call("GET",
                           "/v1/starters/-/bookings?coach=people/coach-ilse"
                           "&start_time=" +
                               from + "&end_time=" + to,
                           Ilse());
  ASSERT_EQ(week.status, 200) << week.body;
  EXPECT_THAT(week.body, HasSubstr("bdemo-noor-3"));
  EXPECT_THAT(week.body, Not(HasSubstr("bdemo-daan")));

  // A range that ends before it starts names the field.
  for (const std::string& path :
       {"/v1/events?start_time=" + to + "&end_time=" + from,
        "/v1/starters/-/bookings?coach=people/coach-ilse&start_time=" + to +
            "&end_time=" + from}) {
    HttpResponse bad = Call("GET", path, Ilse());
    EXPECT_EQ(bad.status, 400) << path;
    EXPECT_THAT(bad.body, HasSubstr("end_time")) << bad.body;
  }
}

TEST_F(AppScreensHttpTest, HrTrackingFiltersByStatusAndProgrammeYear) {
  const std::string tracking = "/v1/organisations/-/starterTracking";
  HttpResponse year2 = Call("GET", tracking + "?programme_year=2", HrAlmere());
  ASSERT_EQ(year2.status, 200) << year2.body;
  EXPECT_THAT(year2.body, Not(HasSubstr("starter-noor")));
  HttpResponse paused = Call("GET", tracking + "?status=PAUSED", HrAlmere());
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_THAT(paused.body, Not(HasSubstr("starter-noor")));
  HttpResponse active = Call("GET", tracking + "?status=ACTIVE", HrAlmere());
  ASSERT_EQ(active.status, 200) << active.body;
  EXPECT_THAT(active.body, HasSubstr("starter-noor"));

  HttpResponse bad = Call("GET", tracking + "?programme_year=7", HrAlmere());
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(bad.body, HasSubstr("programme_year"));
  // Starters never read the tracking, filtered or not.
  EXPECT_EQ(Call("GET", tracking + "?status=ACTIVE", Noor()).status, 403);
}

TEST_F(AppScreensHttpTest, ANoteSentTwiceWithOneKeyIsWrittenOnce) {
  const std::string notes =
      "/v1/starters/starter-noor/bookings/bdemo-noor-2/notes";
  const std::string body = R"({"text":"Sent from a train, twice."})";
  auto send = [&](const std::string& key, const std::string& text) {
    return client_->Request(
        "POST", notes, text,
        {{"Authorization", "Bearer " + Noor()}, {"Idempotency-Key", key}});
  };
  HttpResponse first = send("note-retry-1", body);
  ASSERT_EQ(first.status, 201) << first.body;
  HttpResponse again = send("note-retry-1", body);
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(Json(again.body).fields().at("name").string_value(),
            Json(first.body).fields().at("name").string_value());
  // The same key with other text is another request: refused, not written.
  EXPECT_EQ(send("note-retry-1", R"({"text":"Something else"})").status, 422);
  HttpResponse list = Call("GET", notes, Noor());
  ASSERT_EQ(list.status, 200) << list.body;
  const google::protobuf::Struct listed = Json(list.body);
  int copies = 0;
  for (const auto& note : listed.fields().at("notes").list_value().values()) {
    copies += note.struct_value().fields().at("text").string_value() ==
              "Sent from a train, twice.";
  }
  EXPECT_EQ(copies, 1);
}

}  // namespace
}  // namespace samen
