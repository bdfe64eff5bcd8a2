// Confidential coaching notes and the calendar feed (tokens and contents).

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/rows.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "db/transaction.h"
#include "db/where.h"
#include "openssl/crypto.h"
#include "services/common/timestamp.h"
#include "services/induction/calendar_repository.h"
#include "services/induction/induction_repository.h"
#include "services/induction/names.h"

namespace samen::induction {
namespace {

using db::Rows;
using db::Str;

std::string EntryIdOf(const BookingRecord& b) {
  const std::string& name = b.booking.name();
  return name.substr(name.rfind('/') + 1);
}

v1::Note ReadNote(sql::ResultSet& rs, const BookingRecord& session) {
  v1::Note n;
  n.set_name(absl::StrCat(session.booking.name(), "/notes/", Str(rs, "id")));
  n.set_author(absl::StrCat("people/", Str(rs, "author_id")));
  n.set_text(Str(rs, "text"));
  ToTimestamp(db::Datetime(rs, "create_time"), n.mutable_create_time());
  return n;
}

std::string Summary(int kind, const std::string& title, bool as_coach,
                    const std::string& starter_name) {
  std::string summary;
  switch (kind) {
    case calendar::kCoaching:
      summary = "Coachgesprek";
      break;
    case calendar::kLessonVisit:
      summary = title.empty() ? "Lesbezoek" : title;
      break;
    default:
      summary = title.empty() ? "Intervisie" : title;
  }
  if (as_coach && kind != calendar::kIntervision && !starter_name.empty()) {
    absl::StrAppend(&summary, " met ", starter_name);
  }
  return summary;
}

}  // namespace

absl::StatusOr<v1::Note> InductionRepository::CreateNote(
    const BookingRecord& session, const std::string& author_id,
    const std::string& text, absl::Time deadline) {
  return db::InTransaction<v1::Note>(
      *pool_, deadline, "create note",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Note> {
        const std::string id = NewId('n');
        auto* ps =
            &db::Cached(c,
                        "INSERT INTO coaching_notes (id, entry_id, "
                        "author_id, text, create_time) VALUES (?, ?, ?, ?, "
                        "?)");
        ps->setString(1, id);
        ps->setString(2, EntryIdOf(session));
        ps->setString(3, author_id);
        ps->setString(4, text);
        ps->setString(5, db::FormatSqlDatetime(clock_->Now()));
        ps->executeUpdate();
        auto* get = &db::Cached(c,
                                "SELECT id, author_id, text, create_time FROM "
                                "coaching_notes WHERE id = ?");
        get->setString(1, id);
        Rows rs(get->executeQuery());
        if (!rs->next()) {
          return absl::InternalError("note vanished while written");
        }
        return ReadNote(*rs, session);
      });
}

absl::StatusOr<std::vector<v1::Note>> InductionRepository::ListNotes(
    const BookingRecord& session, absl::Time deadline) {
  return db::WithConnection<std::vector<v1::Note>>(
      *pool_, deadline, "list notes",
      [&](sql::Connection& c) -> absl::StatusOr<std::vector<v1::Note>> {
        auto* ps = &db::Cached(c,
                               "SELECT id, author_id, text, create_time FROM "
                               "coaching_notes WHERE entry_id = ? ORDER BY "
                               "create_time, id");
        ps->setString(1, EntryIdOf(session));
        Rows rs(ps->executeQuery());
        std::vector<v1::Note> out;
        while (rs->next()) {
          out.push_back(ReadNote(*rs, session));
        }
        return out;
      });
}

absl::Status InductionRepository::PutFeedToken(const std::string& person_id,
                                               const std::string& token_sha256,
                                               absl::Time now,
                                               absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "issue calendar feed", [&](sql::Connection& c) {
        auto* ps = &db::Cached(c,
                               "INSERT INTO calendar_feeds (person_id, "
                               "token_sha256, issue_time) VALUES (?, ?, ?) ON "
                               "DUPLICATE KEY UPDATE token_sha256 = "
                               "VALUES(token_sha256), issue_time = "
                               "VALUES(issue_time)");
        ps->setString(1, person_id);
        ps->setString(2, token_sha256);
        ps->setString(3, db::FormatSqlDatetime(now));
        ps->executeUpdate();
        return absl::OkStatus();
      });
}

absl::Status InductionRepository::DeleteFeedToken(const std::string& person_id,
                                                  absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "revoke calendar feed", [&](sql::Connection& c) {
        auto* ps =
            &db::Cached(c, "DELETE FROM calendar_feeds WHERE person_id = ?");
        ps->setString(1, person_id);
        ps->executeUpdate();
        return absl::OkStatus();
      });
}

absl::Status InductionRepository::CheckFeedToken(
    const std::string& person_id, const std::string& token_sha256,
    absl::Time deadline) {
  return db::RunWithConnection(
      *pool_, deadline, "check calendar feed",
      [&](sql::Connection& c) -> absl::Status {
        auto* ps = &db::Cached(
            c, "SELECT token_sha256 FROM calendar_feeds WHERE person_id = ?");
        ps->setString(1, person_id);
        Rows rs(ps->executeQuery());
        const absl::Status unknown =
            absl::NotFoundError("no calendar feed with this token");
        if (!rs->next()) {
          return unknown;
        }
        const std::string stored = Str(*rs, "token_sha256");
        if (stored.size() != token_sha256.size() ||
            CRYPTO_memcmp(stored.data(), token_sha256.data(), stored.size()) !=
                0) {
          return unknown;
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<std::vector<IcalEvent>> InductionRepository::FeedEvents(
    const std::string& person_id, absl::Time since, absl::Time deadline) {
  return db::WithConnection<std::vector<IcalEvent>>(
      *pool_, deadline, "calendar feed",
      [&](sql::Connection& c) -> absl::StatusOr<std::vector<IcalEvent>> {
        auto* ps = &db::Cached(
            c,
            "SELECT e.id, e.kind, e.coach_id, e.title, e.start_time, "
            "e.end_time, e.state, e.location, e.online_link, e.ical_uid, "
            "e.sequence, e.create_time, e.update_time, s.display_name AS "
            "starter_name FROM entry_participants p JOIN calendar_entries e "
            "ON e.id = p.entry_id LEFT JOIN starters s ON s.id = e.starter_id "
            "WHERE p.person_id = ? AND e.start_time >= ? ORDER BY "
            "e.start_time, e.id LIMIT 2000");
        ps->setString(1, person_id);
        db::BindDatetime(*ps, 2, since);
        Rows rs(ps->executeQuery());
        std::vector<IcalEvent> out;
        while (rs->next()) {
          IcalEvent e;
          e.uid = Str(*rs, "ical_uid");
          e.sequence = rs->getInt("sequence");
          e.start = db::Datetime(*rs, "start_time");
          e.end = db::Datetime(*rs, "end_time");
          e.created = db::Datetime(*rs, "create_time");
          e.last_modified = db::Datetime(*rs, "update_time");
          e.summary = Summary(rs->getInt("kind"), Str(*rs, "title"),
                              Str(*rs, "coach_id") == person_id,
                              db::NullableStr(*rs, "starter_name"));
          e.location = Str(*rs, "location");
          e.url = Str(*rs, "online_link");
          e.cancelled = rs->getInt("state") == v1::CANCELLED;
          out.push_back(std::move(e));
        }
        return out;
      });
}

}  // namespace samen::induction
