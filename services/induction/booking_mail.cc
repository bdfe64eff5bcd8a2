#include "services/induction/booking_mail.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/notify/outbox.h"
#include "services/common/timestamp.h"
#include "services/induction/hr_digest.h"
#include "services/induction/ical.h"
#include "services/induction/names.h"

namespace samen::induction {
namespace {

constexpr char kConfirmed[] = "booking_confirmed";
constexpr char kRescheduled[] = "booking_rescheduled";
constexpr char kCancelled[] = "booking_cancelled";
constexpr char kReminder[] = "session_reminder";
// Reminders are enqueued this long before the session (the longest lead a
// person may choose); the worker defers each to the person's own time.
constexpr absl::Duration kLongestLead = absl::Hours(7 * 24);

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

std::string PersonId(absl::string_view name) {
  return std::string(absl::StripPrefix(name, "people/"));
}

const char* KindOf(BookingChange change) {
  switch (change) {
    case BookingChange::kConfirmed:
      return kConfirmed;
    case BookingChange::kRescheduled:
      return kRescheduled;
    case BookingChange::kCancelled:
      return kCancelled;
  }
  return kConfirmed;
}

// A person in the message: their name, and their address for the invitation.
struct Party {
  std::string id;
  std::string name;
  std::string email;
};

Party Other(const notify::ComposeContext& ctx, const std::string& id) {
  Party p{id, "", ""};
  if (auto person = ctx.directory->GetPerson(*ctx.call, id); person.ok()) {
    p.name = person->display_name;
    p.email = person->email;
  }
  return p;
}

std::string Summary(const Party& with, absl::string_view language) {
  return absl::StrCat(
      language == "en" ? "Coaching session with " : "Coachgesprek met ",
      with.name.empty() ? "—" : with.name);
}

notify::CalendarPart Invitation(const v1::Booking& b, const Party& coach,
                                const Party& starter, const Party& with,
                                bool cancel, absl::string_view language,
                                const notify::ComposeContext& ctx) {
  IcalInvitation inv;
  inv.method = cancel ? "CANCEL" : "REQUEST";
  inv.event.uid = b.ical_uid();
  inv.event.sequence = b.sequence();
  inv.event.start = TimeOf(b.start_time());
  inv.event.end = TimeOf(b.end_time());
  inv.event.created = TimeOf(b.create_time());
  inv.event.last_modified = TimeOf(b.update_time());
  inv.event.summary = Summary(with, language);
  inv.event.location = b.location().empty() ? b.online_link() : b.location();
  inv.event.url = absl::StrCat(
      ctx.options->app_url, "/gesprekken/",
      ParseBookingName(b.name(), "name").value_or(BookingName{}).booking_id);
  inv.event.cancelled = cancel;
  inv.organizer = {coach.email, coach.name};
  inv.attendees = {{starter.email, starter.name}, {coach.email, coach.name}};
  if (!b.online_link().empty()) {
    inv.description = b.online_link();
  }
  return {inv.method, RenderInvitation(inv, ctx.now)};
}

}  // namespace

void EnqueueBookingMail(sql::Connection& c, const BookingRecord& record,
                        BookingChange change, absl::Time now,
                        bool mail_starter) {
  const v1::Booking& b = record.booking;
  std::string payload;
  google::protobuf::util::JsonPrintOptions json;
  json.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(b, &payload, json);
  const std::string booking_id =
      ParseBookingName(b.name(), "name").value_or(BookingName{}).booking_id;
  const std::string base =
      absl::StrCat("bookings/", booking_id, "/", b.sequence(), "/");
  const std::string reminders =
      absl::StrCat("bookings/", booking_id, "/reminders");
  if (change != BookingChange::kConfirmed) {
    notify::Withdraw(c, reminders, now);
  }
  const absl::Time start = TimeOf(b.start_time());
  std::vector<notify::Notification> batch;
  for (const std::string& person : {record.starter_id, record.coach_id}) {
    if (person == record.starter_id && !mail_starter) {
      continue;
    }
    notify::Notification n;
    n.kind = KindOf(change);
    n.key = absl::StrCat(base, n.kind, "/", person);
    n.recipient_id = person;
    n.payload = payload;
    n.send_at = now;
    batch.push_back(n);
    if (change != BookingChange::kCancelled && start > now) {
      n.kind = kReminder;
      n.key = absl::StrCat(base, kReminder, "/", person);
      n.topic = reminders;
      n.send_at = start - kLongestLead;
      batch.push_back(std::move(n));
    }
  }
  notify::Enqueue(c, batch, now);
}

absl::StatusOr<notify::Composition> InductionComposer::Compose(
    const notify::ClaimedNotification& n, const notify::Recipient& to,
    const notify::ComposeContext& ctx) {
  if (n.kind == kHrDigest) {
    return ComposeHrDigest(n, to, ctx);
  }
  v1::Booking b;
  if (!google::protobuf::util::JsonStringToMessage(n.payload, &b).ok()) {
    return absl::FailedPreconditionError("the message's booking is unreadable");
  }
  const std::string starter_id =
      ParseBookingName(b.name(), "name").value_or(BookingName{}).starter_id;
  const std::string coach_id = PersonId(b.coach());
  const bool to_starter = to.person_id == starter_id;
  const std::string& language = to.settings.language;
  const absl::Time start = TimeOf(b.start_time());
  notify::Composition out;
  if (n.kind == kReminder) {
    if (!to.settings.session_reminders) {
      return absl::FailedPreconditionError(
          "the person has switched session reminders off");
    }
    auto due = notify::ReminderTime(start, TimeOf(b.update_time()),
                                    to.settings.reminder_lead,
                                    ctx.options->quiet_hours);
    if (!due.has_value() || ctx.now >= start) {
      return absl::FailedPreconditionError(
          "no reminder: the session was booked within the person's reminder "
          "time, or it has begun");
    }
    if (*due > ctx.now + absl::Minutes(1)) {
      out.defer_until = *due;
      return out;
    }
    out.transactional = false;
  }
  const Party me{to.person_id, to.address.display_name, to.address.email};
  const Party with = Other(ctx, to_starter ? coach_id : starter_id);
  const Party& coach = to_starter ? with : me;
  const Party& starter = to_starter ? me : with;
  out.data.set("recipient", me.name);
  out.data.set("with", with.name.empty() ? "—" : with.name);
  out.data.set("to_starter", notify::TemplateData(to_starter));
  out.data.set("when",
               notify::FormatTimeRange(start, TimeOf(b.end_time()), language));
  out.data.set("location", b.location());
  out.data.set("online_link", b.online_link());
  out.data.set("reason", b.cancel_reason());
  out.data.set("late", notify::TemplateData(b.late_cancellation()));
  out.data.set("link", to_starter
                           ? absl::StrCat(ctx.options->app_url, "/gesprekken/",
                                          ParseBookingName(b.name(), "name")
                                              .value_or(BookingName{})
                                              .booking_id)
                           : absl::StrCat(ctx.options->app_url, "/coach"));
  if (n.kind != kReminder) {
    out.calendar = Invitation(b, coach, starter, with, n.kind == kCancelled,
                              language, ctx);
  }
  return out;
}

}  // namespace samen::induction
