// CSV exports: RFC 4180 quoting, the BOM, and no formulas for Excel.

#include "services/professionalisation/csv_export.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::professionalisation {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(Csv, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("Almere"), "Almere");
  EXPECT_EQ(CsvField("Jansen, Noor"), "\"Jansen, Noor\"");
  EXPECT_EQ(CsvField("de \"Coöperatie\""), "\"de \"\"Coöperatie\"\"\"");
  EXPECT_EQ(CsvField("regel 1\nregel 2"), "\"regel 1\nregel 2\"");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvRecord({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

TEST(Csv, DefusesFormulas) {
  EXPECT_EQ(CsvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvField("+31 6"), "'+31 6");
  EXPECT_EQ(CsvField("-1"), "'-1");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("15:00-17:00"), "15:00-17:00");
}

v1::Activity Activity() {
  v1::Activity a;
  a.set_title("Werkplekbegeleiderstraining, deel 1");
  for (const char* id : {"s1", "s2"}) {
    auto* s = a.add_sessions();
    s->set_id(id);
    s->set_date(std::string(id) == "s1" ? "2026-10-06" : "2026-11-03");
    s->set_start("15:00");
    s->set_end("17:00");
    s->set_location_display_name("SVOL Porteum Lyceum");
    s->set_city("Lelystad");
    s->set_room("Aula");
  }
  return a;
}

TEST(Csv, SignInSheetHasARowPerParticipantAndSession) {
  v1::Enrolment noor;
  noor.set_person("people/starter-noor");
  noor.set_person_display_name("Noor Jansen — zij-instromer");
  noor.add_organisations("organisations/almere-college-dronten");
  noor.add_attended_sessions("s1");
  v1::Enrolment bram;
  bram.set_person("people/coach-bram");
  const std::string csv = SignInSheetCsv(Activity(), {noor, bram}, "");
  EXPECT_THAT(csv, StartsWith("\xEF\xBB\xBF"
                              "Activiteit,Sessie,Datum"));
  EXPECT_THAT(csv, HasSubstr("\"Werkplekbegeleiderstraining, deel 1\",s1,"
                             "2026-10-06,15:00-17:00,SVOL Porteum Lyceum "
                             "(Aula),Lelystad,Noor Jansen — zij-instromer,"
                             "people/starter-noor,"
                             "organisations/almere-college-dronten,ja,\r\n"));
  // No display name: the person id stands in.
  EXPECT_THAT(csv, HasSubstr(",coach-bram,people/coach-bram,,,\r\n"));
  size_t lines = 0;
  for (size_t i = csv.find("\r\n"); i != std::string::npos;
       i = csv.find("\r\n", i + 2)) {
    ++lines;
  }
  EXPECT_EQ(lines, 1u + 2 * 2);
  const std::string one = SignInSheetCsv(Activity(), {noor, bram}, "s2");
  EXPECT_THAT(one, ::testing::Not(HasSubstr("2026-10-06")));
  EXPECT_THAT(one, HasSubstr("2026-11-03"));
}

TEST(Csv, DevelopmentRecordListsEntriesAndTotals) {
  v1::DevelopmentRecord r;
  auto* e = r.add_entries();
  e->set_activity("activities/lab");
  e->set_title("Lab \"oudergesprekken\"");
  e->set_kind(v1::SKILLS_LAB);
  e->set_owner("partnerships/opleidingshuis");
  e->set_hours(2.75);
  e->set_completion_date("2026-02-10");
  e->set_school_year("2025-2026");
  auto* y = r.add_years();
  y->set_school_year("2025-2026");
  y->set_hours(2.75);
  y->set_activities(1);
  r.set_total_hours(2.75);
  const std::string csv = DevelopmentRecordCsv(r);
  EXPECT_THAT(csv, StartsWith("\xEF\xBB\xBF"
                              "Schooljaar,Datum,Activiteit"));
  EXPECT_THAT(csv,
              HasSubstr("2025-2026,2026-02-10,\"Lab \"\"oudergesprekken\"\""
                        "\",SKILLS_LAB,partnerships/opleidingshuis,2.75,"
                        "activities/lab\r\n"));
  EXPECT_THAT(csv, HasSubstr("2025-2026,,Totaal (1 activiteiten),,,2.75,\r\n"));
  EXPECT_THAT(csv, HasSubstr(",,Totaal,,,2.75,\r\n"));
}

}  // namespace
}  // namespace samen::professionalisation
