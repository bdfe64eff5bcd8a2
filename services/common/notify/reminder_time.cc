// ReminderTime and ParseQuietHours (mail_worker.h): when a session's reminder
// goes out. Pure.

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/notify/mail_worker.h"
#include "services/common/timestamp.h"

namespace samen::notify {
namespace {

bool InQuiet(int minute, const QuietHours& q) {
  if (q.start_minute == q.end_minute) {
    return false;
  }
  return q.start_minute < q.end_minute
             ? minute >= q.start_minute && minute < q.end_minute
             : minute >= q.start_minute || minute < q.end_minute;
}

absl::Time At(absl::CivilDay day, int minute) {
  return absl::FromCivil(absl::CivilMinute(day) + minute, AmsterdamZone());
}

absl::StatusOr<int> ParseClock(absl::string_view text) {
  std::vector<absl::string_view> hm = absl::StrSplit(text, ':');
  int h = 0;
  int m = 0;
  if (hm.size() != 2 || !absl::SimpleAtoi(hm[0], &h) ||
      !absl::SimpleAtoi(hm[1], &m) || h < 0 || h > 23 || m < 0 || m > 59) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--quiet_hours: \"", text, "\" is not a time such as 21:00"));
  }
  return h * 60 + m;
}

}  // namespace

std::optional<absl::Time> ReminderTime(absl::Time start, absl::Time booked,
                                       absl::Duration lead,
                                       const QuietHours& quiet) {
  absl::Time t = start - lead;
  const absl::CivilMinute local = absl::ToCivilMinute(t, AmsterdamZone());
  const int minute = local.hour() * 60 + local.minute();
  if (InQuiet(minute, quiet)) {
    const absl::CivilDay day(local);
    // The quiet period holding t began this evening or the one before, and
    // ends tomorrow morning or this morning.
    const bool evening = quiet.start_minute > quiet.end_minute
                             ? minute >= quiet.start_minute
                             : true;
    const absl::Time quiet_start =
        At(evening ? day : day - 1, quiet.start_minute);
    const absl::Time quiet_end =
        At(evening && quiet.start_minute > quiet.end_minute ? day + 1 : day,
           quiet.end_minute);
    if (quiet_start >= booked) {
      t = quiet_start;
    } else if (quiet_end <= start - absl::Hours(1) && quiet_end >= booked) {
      t = quiet_end;
    } else {
      return std::nullopt;
    }
  }
  if (t < booked || t >= start) {
    return std::nullopt;
  }
  return t;
}

absl::StatusOr<QuietHours> ParseQuietHours(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (text.empty() || text == "none") {
    return QuietHours{0, 0};
  }
  std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  if (parts.size() != 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--quiet_hours: \"", text, "\" is not a range such as 21:00-07:00"));
  }
  QuietHours q;
  auto from = ParseClock(absl::StripAsciiWhitespace(parts[0]));
  auto to = ParseClock(absl::StripAsciiWhitespace(parts[1]));
  if (!from.ok()) return from.status();
  if (!to.ok()) return to.status();
  q.start_minute = *from;
  q.end_minute = *to;
  return q;
}

}  // namespace samen::notify
