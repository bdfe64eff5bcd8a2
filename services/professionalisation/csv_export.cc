#include "services/professionalisation/csv_export.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/professionalisation/enrolment_rules.h"

namespace samen::professionalisation {
namespace {

std::string Hours(double hours) { return absl::StrFormat("%.2f", hours); }

std::string KindLabel(v1::ActivityKind kind) {
  return v1::ActivityKind_Name(kind);
}

}  // namespace

std::string SignInSheetCsv(const v1::Activity& activity,
                           const std::vector<v1::Enrolment>& participants,
                           absl::string_view session_id) {
  std::string out = kUtf8Bom;
  out += CsvRecord({"Activiteit", "Sessie", "Datum", "Tijd", "Locatie",
                    "Plaats", "Deelnemer", "Persoon", "Organisatie", "Aanwezig",
                    "Handtekening"});
  for (const auto& session : activity.sessions()) {
    if (!session_id.empty() && session.id() != session_id) {
      continue;
    }
    std::string where = session.location_display_name();
    if (session.online()) {
      where = where.empty() ? "online" : absl::StrCat(where, " + online");
    }
    if (!session.room().empty()) {
      absl::StrAppend(&where, " (", session.room(), ")");
    }
    for (const auto& p : participants) {
      const bool attended =
          std::find(p.attended_sessions().begin(), p.attended_sessions().end(),
                    session.id()) != p.attended_sessions().end();
      out += CsvRecord(
          {activity.title(),
           session.title().empty() ? session.id() : session.title(),
           session.date(), absl::StrCat(session.start(), "-", session.end()),
           where, session.city(),
           p.person_display_name().empty() ? p.person().substr(7)
                                           : p.person_display_name(),
           p.person(), absl::StrJoin(p.organisations(), " "),
           attended ? "ja" : "", ""});
    }
  }
  return out;
}

std::string DevelopmentRecordCsv(const v1::DevelopmentRecord& record) {
  std::string out = kUtf8Bom;
  out += CsvRecord({"Schooljaar", "Datum", "Activiteit", "Soort", "Organisator",
                    "Uren", "Resource"});
  for (const auto& e : record.entries()) {
    out += CsvRecord({e.school_year(), e.completion_date(), e.title(),
                      KindLabel(e.kind()), e.owner(), Hours(e.hours()),
                      e.activity()});
  }
  for (const auto& y : record.years()) {
    out +=
        CsvRecord({y.school_year(), "",
                   absl::StrCat("Totaal (", y.activities(), " activiteiten)"),
                   "", "", Hours(y.hours()), ""});
  }
  out += CsvRecord({"", "", "Totaal", "", "", Hours(record.total_hours()), ""});
  return out;
}

}  // namespace samen::professionalisation
