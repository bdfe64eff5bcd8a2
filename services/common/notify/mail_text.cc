// FormatTimeRange and FormatDay (templates.h): dates in the words of the
// person's language, in Europe/Amsterdam.

#include "absl/strings/str_cat.h"
#include "services/common/notify/templates.h"
#include "services/common/timestamp.h"

namespace samen::notify {
namespace {

constexpr const char* kDaysNl[] = {"maandag",   "dinsdag", "woensdag",
                                   "donderdag", "vrijdag", "zaterdag",
                                   "zondag"};
constexpr const char* kDaysEn[] = {"Monday",   "Tuesday", "Wednesday",
                                   "Thursday", "Friday",  "Saturday",
                                   "Sunday"};
constexpr const char* kMonthsNl[] = {
    "januari", "februari", "maart",     "april",   "mei",      "juni",
    "juli",    "augustus", "september", "oktober", "november", "december"};
constexpr const char* kMonthsEn[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

int WeekdayIndex(absl::Weekday w) {
  switch (w) {
    case absl::Weekday::monday:
      return 0;
    case absl::Weekday::tuesday:
      return 1;
    case absl::Weekday::wednesday:
      return 2;
    case absl::Weekday::thursday:
      return 3;
    case absl::Weekday::friday:
      return 4;
    case absl::Weekday::saturday:
      return 5;
    case absl::Weekday::sunday:
      return 6;
  }
  return 0;
}

}  // namespace

std::string FormatDay(absl::Time t, absl::string_view language) {
  const absl::CivilDay day = absl::ToCivilDay(t, AmsterdamZone());
  const bool en = language == "en";
  const int w = WeekdayIndex(absl::GetWeekday(day));
  return absl::StrCat(
      en ? kDaysEn[w] : kDaysNl[w], " ", day.day(), " ",
      en ? kMonthsEn[day.month() - 1] : kMonthsNl[day.month() - 1], " ",
      day.year());
}

std::string FormatTimeRange(absl::Time start, absl::Time end,
                            absl::string_view language) {
  return absl::StrCat(FormatDay(start, language), ", ",
                      absl::FormatTime("%H:%M", start, AmsterdamZone()),
                      "\u2013",
                      absl::FormatTime("%H:%M", end, AmsterdamZone()));
}

}  // namespace samen::notify
