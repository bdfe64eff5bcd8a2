#include "services/professionalisation/enrolment_mail.h"

#include "absl/strings/str_cat.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/notify/outbox.h"

namespace samen::professionalisation {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

constexpr char kPromoted[] = "waitlist_promoted";
constexpr char kApproved[] = "enrolment_approved";
constexpr char kDeclined[] = "enrolment_declined";
constexpr char kActivityCancelled[] = "activity_cancelled";

// The kind of message an event sends; nullptr for events that send none.
const char* MessageKindOf(const store::Event& e) {
  switch (e.kind) {
    case v1::EnrolmentEvent::PROMOTED:
      return kPromoted;
    case v1::EnrolmentEvent::APPROVED:
      return kApproved;
    case v1::EnrolmentEvent::DECLINED:
      return kDeclined;
    case v1::EnrolmentEvent::CANCELLED:
      return e.activity_cancelled ? kActivityCancelled : nullptr;
    default:
      return nullptr;
  }
}

void Put(Struct& s, const char* key, const std::string& value) {
  (*s.mutable_fields())[key].set_string_value(value);
}

std::string Get(const Struct& s, const char* key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? "" : it->second.string_value();
}

absl::Time TimeField(const Struct& s, const char* key) {
  absl::Time t;
  std::string err;
  return absl::ParseTime(absl::RFC3339_full, Get(s, key), &t, &err)
             ? t
             : absl::UnixEpoch();
}

// The activity as the messages describe it, read in the transaction.
Struct ActivityFields(sql::Connection& c, const std::string& activity_id) {
  Struct s;
  Put(s, "activity_id", activity_id);
  db::Rows rs = db::ExecuteQuery(
      c,
      "SELECT title, first_start, last_end, (SELECT COUNT(*) FROM "
      "activity_sessions WHERE activity_id = a.id) AS sessions FROM "
      "activities a WHERE id = ?",
      activity_id);
  if (rs->next()) {
    Put(s, "title", db::Str(*rs, "title"));
    Put(s, "first_start",
        absl::FormatTime(absl::RFC3339_full, db::Datetime(*rs, "first_start"),
                         absl::UTCTimeZone()));
    Put(s, "last_end",
        absl::FormatTime(absl::RFC3339_full, db::Datetime(*rs, "last_end"),
                         absl::UTCTimeZone()));
    Put(s, "sessions", absl::StrCat(db::Int(*rs, "sessions")));
  }
  return s;
}

}  // namespace

void EnqueueEnrolmentMail(sql::Connection& c,
                          const std::vector<store::Event>& events) {
  std::string last_activity;
  Struct activity;
  std::vector<notify::Notification> batch;
  absl::Time latest = absl::InfinitePast();
  for (const store::Event& e : events) {
    const char* kind = MessageKindOf(e);
    if (kind == nullptr) {
      continue;
    }
    if (e.activity_id != last_activity) {
      activity = ActivityFields(c, e.activity_id);
      last_activity = e.activity_id;
    }
    Struct payload = activity;
    Put(payload, "state", v1::Enrolment::State_Name(e.state));
    Put(payload, "waitlist_position", absl::StrCat(e.waitlist_position));
    Put(payload, "note", e.note);
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(payload, &json);
    notify::Notification n;
    n.kind = kind;
    n.key =
        absl::StrCat("activities/", e.activity_id, "/enrolments/", e.person_id,
                     "/", kind, "/", absl::ToUnixMicros(e.time));
    n.recipient_id = e.person_id;
    n.payload = std::move(json);
    n.send_at = e.time;
    batch.push_back(std::move(n));
    latest = std::max(latest, e.time);
  }
  notify::Enqueue(c, batch, latest);
}

absl::StatusOr<notify::Composition> ProfessionalisationComposer::Compose(
    const notify::ClaimedNotification& n, const notify::Recipient& to,
    const notify::ComposeContext& ctx) {
  Struct p;
  if (!google::protobuf::util::JsonStringToMessage(n.payload, &p).ok()) {
    return absl::FailedPreconditionError(
        "the message's activity is unreadable");
  }
  const std::string& language = to.settings.language;
  const absl::Time first = TimeField(p, "first_start");
  const absl::Time last = TimeField(p, "last_end");
  notify::Composition out;
  out.data.set("recipient", to.address.display_name);
  out.data.set("title", Get(p, "title"));
  const bool one_session = Get(p, "sessions") == "1";
  out.data.set("when", one_session
                           ? notify::FormatTimeRange(first, last, language)
                           : notify::FormatDay(first, language));
  out.data.set("series", notify::TemplateData(!one_session));
  out.data.set("waitlisted",
               notify::TemplateData(Get(p, "state") == "WAITLISTED"));
  out.data.set("position", Get(p, "waitlist_position"));
  out.data.set("note", Get(p, "note"));
  out.data.set("link", absl::StrCat(ctx.options->app_url, "/activiteiten"));
  return out;
}

}  // namespace samen::professionalisation
