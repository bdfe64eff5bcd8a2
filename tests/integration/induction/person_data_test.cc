// ExportPersonData and ErasePersonData over real gRPC: internal (no HTTP
// route), only the `service` role and administrators; the export holds the
// starter's booking and notes and nothing of another starter's, and their
// sessions as an iCalendar file; the erasure cancels their future bookings
// (the coach's time is free again), removes the notes and the name, keeps the
// session counted, and a second call changes nothing; HR's tracking list and
// export no longer show them, the counts per school still do.

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/api/annotations.pb.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "tests/integration/db/db_test_fixture.h"
#include "tests/integration/induction/induction_env.h"
#include "tests/support/ical_check.h"

namespace samen::induction::testing {
namespace {

constexpr char kNote[] = "Persoonlijk: ik overweeg te stoppen";

grpc::Status ExportOf(const std::string& token, const std::string& person,
                      privacy::v1::PersonData* out) {
  privacy::v1::ExportPersonDataRequest req;
  req.set_person("people/" + person);
  return Induction().ExportPersonData(As(token).get(), req, out);
}

grpc::Status EraseOf(const std::string& token, const std::string& person,
                     privacy::v1::ErasePersonDataResponse* out) {
  privacy::v1::ErasePersonDataRequest req;
  req.set_person("people/" + person);
  req.set_pseudonym("erased-" + person);
  return Induction(1).ErasePersonData(As(token).get(), req, out);
}

int RowsOf(const privacy::v1::PersonData& data, const std::string& table) {
  const auto& tables = data.data().fields().at("tables").struct_value();
  return tables.fields().at(table).list_value().values_size();
}

// The export's file `name`; null when it has none.
const privacy::v1::PersonDataFile* FileOf(const privacy::v1::PersonData& data,
                                          const std::string& name) {
  for (const auto& f : data.files()) {
    if (f.name() == name) {
      return &f;
    }
  }
  return nullptr;
}

std::string IdOf(const v1::Booking& b) {
  return b.name().substr(b.name().rfind('/') + 1);
}

int64_t Count(const std::string& query) {
  auto n = db::QueryInt(InductionDb(), query);
  EXPECT_TRUE(n.ok()) << n.status() << " " << query;
  return n.value_or(-1);
}

std::string ServiceToken() { return SubjectToken("samen-privacy", "service"); }

TEST(PersonData, IsInternalAndOnlyForTheServiceRoleAndAdministrators) {
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          "samen.induction.v1.InductionService");
  ASSERT_NE(service, nullptr);
  for (const char* rpc : {"ExportPersonData", "ErasePersonData"}) {
    const auto* method = service->FindMethodByName(rpc);
    ASSERT_NE(method, nullptr);
    EXPECT_FALSE(method->options().HasExtension(google::api::http)) << rpc;
  }
  World w = MakeWorld(1);
  for (const std::string& token :
       {w.starter_tokens[0], w.coach_token, EducatorToken(),
        SubjectToken(Unique("hr"),
                     std::string("hr@organisations/") + kSchool)}) {
    privacy::v1::PersonData data;
    EXPECT_EQ(ExportOf(token, w.starters[0], &data).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    privacy::v1::ErasePersonDataResponse erased;
    EXPECT_EQ(EraseOf(token, w.starters[0], &erased).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  privacy::v1::PersonData data;
  EXPECT_TRUE(ExportOf(AdminToken(), w.starters[0], &data).ok());
}

TEST(PersonData, ExportsAndErasesOneStarter) {
  World w = MakeWorld(2);
  SetNow(Utc("2031-03-24T07:00:00Z"));
  v1::Booking mine, theirs;
  ASSERT_TRUE(Book(w, 0, Utc("2031-03-26T08:00:00Z"), &mine).ok());
  ASSERT_TRUE(Book(w, 1, Utc("2031-03-27T08:00:00Z"), &theirs).ok());
  v1::CreateNoteRequest note;
  note.set_parent(mine.name());
  note.mutable_note()->set_text(kNote);
  v1::Note created;
  ASSERT_TRUE(Induction()
                  .CreateNote(As(w.starter_tokens[0]).get(), note, &created)
                  .ok());
  const std::string service = ServiceToken();

  privacy::v1::PersonData data;
  ASSERT_TRUE(ExportOf(service, w.starters[0], &data).ok());
  const std::string text = data.data().ShortDebugString();
  EXPECT_TRUE(absl::StrContains(text, kNote)) << text;
  EXPECT_EQ(RowsOf(data, "calendar_entries"), 1);
  EXPECT_EQ(RowsOf(data, "starters"), 1);
  EXPECT_FALSE(absl::StrContains(text, w.starters[1])) << text;

  privacy::v1::ErasePersonDataResponse erased;
  ASSERT_TRUE(EraseOf(service, w.starters[0], &erased).ok());
  int notes = 0, anonymised = 0;
  for (const auto& t : erased.tables()) {
    if (t.table() == "coaching_notes") {
      notes = t.deleted();
    }
    anonymised += t.anonymised();
  }
  EXPECT_EQ(notes, 1);
  EXPECT_GT(anonymised, 0);

  // Nothing of theirs is found any more; the other starter's booking stands.
  privacy::v1::PersonData after;
  ASSERT_TRUE(ExportOf(service, w.starters[0], &after).ok());
  EXPECT_FALSE(absl::StrContains(after.data().ShortDebugString(), kNote));
  EXPECT_EQ(RowsOf(after, "calendar_entries"), 0);
  EXPECT_EQ(RowsOf(after, "starters"), 0);
  v1::GetBookingRequest get;
  get.set_name(theirs.name());
  v1::Booking still;
  EXPECT_TRUE(
      Induction().GetBooking(As(w.starter_tokens[1]).get(), get, &still).ok());

  // Again: nothing left to change.
  privacy::v1::ErasePersonDataResponse again;
  ASSERT_TRUE(EraseOf(service, w.starters[0], &again).ok());
  for (const auto& t : again.tables()) {
    EXPECT_EQ(t.deleted() + t.anonymised(), 0) << t.table();
  }
}

TEST(PersonData, ExportHoldsTheSessionsAsICalendar) {
  World w = MakeWorld(2);
  SetNow(Utc("2031-04-07T07:00:00Z"));
  v1::Booking mine, theirs;
  ASSERT_TRUE(Book(w, 0, Utc("2031-04-09T07:00:00Z"), &mine).ok());
  ASSERT_TRUE(Book(w, 1, Utc("2031-04-10T07:00:00Z"), &theirs).ok());

  privacy::v1::PersonData data;
  ASSERT_TRUE(ExportOf(ServiceToken(), w.starters[0], &data).ok());
  const auto* ics = FileOf(data, "sessions.ics");
  ASSERT_NE(ics, nullptr);
  EXPECT_EQ(ics->content_type(), "text/calendar; charset=utf-8");
  EXPECT_TRUE(absl::StartsWith(ics->content(), "BEGIN:VCALENDAR\r\n"));
  auto parsed = samen::testing::ParseIcal(ics->content());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->parse_errors.empty());
  EXPECT_EQ(parsed->vevent_count, 1);
  EXPECT_EQ(parsed->uid, mine.ical_uid());
  EXPECT_EQ(parsed->dtstart, FromTs(mine.start_time()));
  EXPECT_FALSE(absl::StrContains(ics->content(), theirs.ical_uid()));

  // The coach's export holds both sessions they give.
  privacy::v1::PersonData coach;
  ASSERT_TRUE(ExportOf(ServiceToken(), w.coach, &coach).ok());
  const auto* coach_ics = FileOf(coach, "sessions.ics");
  ASSERT_NE(coach_ics, nullptr);
  EXPECT_TRUE(absl::StrContains(coach_ics->content(),
                                "UID:" + mine.ical_uid() + "\r\n"));
  EXPECT_TRUE(absl::StrContains(coach_ics->content(),
                                "UID:" + theirs.ical_uid() + "\r\n"));
}

TEST(PersonData, ErasureCancelsFutureBookingsAndFreesTheCoach) {
  World w = MakeWorld(2);
  SetNow(Utc("2031-05-03T07:00:00Z"));
  const absl::Time slot = Utc("2031-05-07T07:00:00Z");  // Wednesday 09:00
  v1::Booking begun, future;
  ASSERT_TRUE(Book(w, 0, Utc("2031-05-05T07:00:00Z"), &begun).ok());
  ASSERT_TRUE(Book(w, 0, slot, &future).ok());
  // The coach's time is taken.
  EXPECT_FALSE(Book(w, 1, slot).ok());

  // The first session has begun: it stays as it is, counted.
  SetNow(Utc("2031-05-05T07:30:00Z"));
  privacy::v1::ErasePersonDataResponse erased;
  ASSERT_TRUE(EraseOf(ServiceToken(), w.starters[0], &erased).ok());
  EXPECT_EQ(Count(absl::StrCat("SELECT state FROM calendar_entries WHERE id "
                               "= '",
                               IdOf(future), "'")),
            v1::CANCELLED);
  EXPECT_EQ(Count(absl::StrCat("SELECT late_cancellation FROM "
                               "calendar_entries WHERE id = '",
                               IdOf(future), "'")),
            0);
  EXPECT_EQ(Count(absl::StrCat("SELECT state FROM calendar_entries WHERE id "
                               "= '",
                               IdOf(begun), "'")),
            v1::CONFIRMED);
  // The coach is told the slot is free (their own e-mail, kept).
  EXPECT_EQ(Count(absl::StrCat("SELECT COUNT(*) FROM notification_outbox "
                               "WHERE recipient_id = '",
                               w.coach,
                               "' AND kind = 'booking_cancelled' AND "
                               "message_key LIKE 'bookings/",
                               IdOf(future), "/%'")),
            1);
  // Another starter books the freed time.
  v1::Booking taken;
  ASSERT_TRUE(Book(w, 1, slot, &taken).ok());

  // Again: nothing more is cancelled or changed.
  privacy::v1::ErasePersonDataResponse again;
  ASSERT_TRUE(EraseOf(ServiceToken(), w.starters[0], &again).ok());
  for (const auto& t : again.tables()) {
    EXPECT_EQ(t.deleted() + t.anonymised(), 0) << t.table();
  }
  v1::GetBookingRequest get;
  get.set_name(taken.name());
  v1::Booking still;
  ASSERT_TRUE(
      Induction().GetBooking(As(w.starter_tokens[1]).get(), get, &still).ok());
  EXPECT_EQ(still.state(), v1::CONFIRMED);
  EXPECT_EQ(Count(absl::StrCat("SELECT COUNT(*) FROM notification_outbox "
                               "WHERE recipient_id = '",
                               w.coach, "' AND kind = 'booking_cancelled'")),
            1);
}

TEST(PersonData, HrTrackingSkipsErasedStartersButCountsThem) {
  World w = MakeWorld(2);
  const std::string hr =
      SubjectToken(Unique("hr"), std::string("hr@organisations/") + kSchool);
  const std::string school = std::string("organisations/") + kSchool;
  auto starters_in_2029 = [&] {
    v1::SummarizeStarterTrackingRequest req;
    req.set_parent(school);
    v1::SummarizeStarterTrackingResponse resp;
    grpc::Status s =
        Induction().SummarizeStarterTracking(As(hr).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    for (const auto& c : resp.counts()) {
      if (c.cohort() == 2029) {
        return c.starters();
      }
    }
    return 0;
  };
  const int before = starters_in_2029();
  ASSERT_GE(before, 2);

  privacy::v1::ErasePersonDataResponse erased;
  ASSERT_TRUE(EraseOf(ServiceToken(), w.starters[0], &erased).ok());

  v1::ListStarterTrackingRequest list;
  list.set_parent(school);
  list.set_page_size(500);
  v1::ListStarterTrackingResponse rows;
  ASSERT_TRUE(Induction().ListStarterTracking(As(hr).get(), list, &rows).ok());
  ASSERT_TRUE(rows.next_page_token().empty());
  bool other = false;
  for (const auto& r : rows.rows()) {
    EXPECT_FALSE(absl::StrContains(r.starter(), "erased-")) << r.starter();
    EXPECT_NE(r.starter(), "starters/" + w.starters[0]);
    other = other || r.starter() == "starters/" + w.starters[1];
  }
  EXPECT_TRUE(other);

  v1::ExportStarterTrackingRequest csv;
  csv.set_parent(school);
  google::api::HttpBody body;
  ASSERT_TRUE(Induction().ExportStarterTracking(As(hr).get(), csv, &body).ok());
  EXPECT_FALSE(absl::StrContains(body.data(), "erased-"));
  EXPECT_FALSE(
      absl::StrContains(body.data(), "starters/" + w.starters[0] + ","));
  EXPECT_TRUE(
      absl::StrContains(body.data(), "starters/" + w.starters[1] + ","));

  // Their place in the school's cohort still counts.
  EXPECT_EQ(starters_in_2029(), before);
}

}  // namespace
}  // namespace samen::induction::testing
