// People's notification settings (people/{person}/notificationSettings). A
// person without a row has the defaults, with an etag made from version 0 and
// the person's own create_time; the first save inserts the row (version 1),
// later ones update it. Both lock the person's row first, so that two first
// saves cannot both insert.

#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/transaction.h"
#include "services/common/errors.h"
#include "services/common/resource/etag.h"
#include "services/common/status_macros.h"
#include "services/common/stored_resource.h"
#include "services/common/timestamp.h"
#include "services/partners/notification_settings_rules.h"
#include "services/partners/partners_repository.h"

namespace samen::partners {
namespace {

constexpr char kSelect[] =
    "SELECT language, session_reminders, reminder_lead_minutes, hr_digest, "
    "version, create_time, update_time FROM notification_settings "
    "WHERE person_id = ?";

struct Stored {
  v1::NotificationSettings settings;
  bool saved = false;  // a row exists
};

// The person's create_time; NOT_FOUND when there is no such person.
absl::StatusOr<absl::Time> PersonCreated(sql::Connection& c,
                                         const std::string& person_id,
                                         bool lock) {
  return db::ReadOne(
      db::ExecuteQuery(
          c,
          absl::StrCat("SELECT create_time FROM people WHERE id = ?",
                       db::ForUpdate(lock)),
          person_id),
      [](sql::ResultSet& rs) { return db::Datetime(rs, "create_time"); },
      [&] { return ResourceNotFound(absl::StrCat("people/", person_id)); });
}

absl::StatusOr<Stored> Load(sql::Connection& c, const std::string& person_id,
                            bool lock) {
  ASSIGN_OR_RETURN(absl::Time person_created,
                   PersonCreated(c, person_id, lock));
  Stored out;
  out.settings = DefaultNotificationSettings(person_id);
  db::Rows rs = db::ExecuteQuery(c, absl::StrCat(kSelect, db::ForUpdate(lock)),
                                 person_id);
  if (!rs->next()) {
    out.settings.set_etag(
        resource::MakeEtag(out.settings.name(), 0, person_created));
    return out;
  }
  v1::NotificationSettings& s = out.settings;
  s.set_language(db::Str(*rs, "language"));
  s.set_session_reminders(rs->getBoolean("session_reminders"));
  s.mutable_reminder_lead()->set_seconds(
      int64_t{db::Int(*rs, "reminder_lead_minutes")} * 60);
  s.set_hr_digest(rs->getBoolean("hr_digest"));
  s.set_etag(resource::MakeEtag(s.name(), rs->getInt64("version"),
                                db::Datetime(*rs, "create_time")));
  ToTimestamp(db::Datetime(*rs, "update_time"), s.mutable_update_time());
  out.saved = true;
  return out;
}

int LeadMinutes(const v1::NotificationSettings& s) {
  return static_cast<int>(s.reminder_lead().seconds() / 60);
}

}  // namespace

absl::StatusOr<v1::NotificationSettings>
PartnersRepository::GetNotificationSettings(const std::string& person_id,
                                            absl::Time deadline) {
  return db::WithConnection<v1::NotificationSettings>(
      *pool_, deadline, "get notification settings",
      [&](sql::Connection& c) -> absl::StatusOr<v1::NotificationSettings> {
        ASSIGN_OR_RETURN(Stored stored, Load(c, person_id, false));
        return stored.settings;
      });
}

absl::StatusOr<v1::NotificationSettings>
PartnersRepository::UpdateNotificationSettings(
    const std::string& person_id, const std::string& etag,
    const Mutate<v1::NotificationSettings>& mutate, absl::Time deadline) {
  return db::InTransaction<v1::NotificationSettings>(
      *pool_, deadline, "update notification settings",
      [&](sql::Connection& c) -> absl::StatusOr<v1::NotificationSettings> {
        ASSIGN_OR_RETURN(Stored current, Load(c, person_id, true));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.settings.etag()));
        v1::NotificationSettings next = current.settings;
        RETURN_IF_ERROR(mutate(&next));
        const absl::Time now = clock_->Now();
        if (current.saved) {
          db::ExecuteUpdate(
              c,
              "UPDATE notification_settings SET language = ?, "
              "session_reminders = ?, reminder_lead_minutes = ?, "
              "hr_digest = ?, version = version + 1, update_time = ? "
              "WHERE person_id = ?",
              next.language(), next.session_reminders(), LeadMinutes(next),
              next.hr_digest(), now, person_id);
        } else {
          db::ExecuteUpdate(
              c,
              "INSERT INTO notification_settings (person_id, language, "
              "session_reminders, reminder_lead_minutes, hr_digest, version, "
              "create_time, update_time) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
              person_id, next.language(), next.session_reminders(),
              LeadMinutes(next), next.hr_digest(), now, now);
        }
        ASSIGN_OR_RETURN(Stored saved, Load(c, person_id, false));
        return saved.settings;
      });
}

}  // namespace samen::partners
