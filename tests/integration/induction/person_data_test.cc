// ExportPersonData and ErasePersonData over real gRPC: internal (no HTTP
// route), only the `service` role and administrators; the export holds the
// starter's booking and notes and nothing of another starter's; the erasure
// removes the notes and the name, keeps the session counted, and a second
// call changes nothing.

#include "absl/strings/match.h"
#include "google/api/annotations.pb.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "tests/integration/induction/induction_env.h"

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
  const std::string service = SubjectToken("samen-privacy", "service");

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

}  // namespace
}  // namespace samen::induction::testing
