// Starters and their coaches.

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "db/transaction.h"
#include "db/where.h"
#include "services/common/errors.h"
#include "services/common/resource/etag.h"
#include "services/common/status_macros.h"
#include "services/common/stored_resource.h"
#include "services/common/timestamp.h"
#include "services/induction/calendar_repository.h"
#include "services/induction/induction_repository.h"
#include "services/induction/names.h"

namespace samen::induction {
namespace {

using db::Rows;
using db::Str;

constexpr char kSelect[] =
    "SELECT s.id, s.display_name, s.school_id, s.board_id, s.programme_id, "
    "s.kind, s.start_date, s.subjects, s.current_year, s.status, s.version, "
    "s.create_time, s.update_time, p.owner FROM starters s JOIN programmes p "
    "ON p.id = s.programme_id";

StarterRecord ReadRow(sql::ResultSet& rs) {
  StarterRecord r;
  v1::Starter& s = r.starter;
  const std::string id = Str(rs, "id");
  s.set_name(absl::StrCat("starters/", id));
  s.set_person(absl::StrCat("people/", id));
  s.set_display_name(Str(rs, "display_name"));
  s.set_school(absl::StrCat("organisations/", Str(rs, "school_id")));
  const std::string board = db::NullableStr(rs, "board_id");
  if (!board.empty()) {
    s.set_board(absl::StrCat("organisations/", board));
  }
  s.set_programme(absl::StrCat("programmes/", Str(rs, "programme_id")));
  s.set_kind(static_cast<v1::StarterKind>(rs.getInt("kind")));
  s.set_start_date(Str(rs, "start_date"));
  for (absl::string_view subject :
       absl::StrSplit(Str(rs, "subjects"), '\n', absl::SkipEmpty())) {
    s.add_subjects(std::string(subject));
  }
  s.set_current_year(rs.getInt("current_year"));
  s.set_status(static_cast<v1::Starter::Status>(rs.getInt("status")));
  const absl::Time created = db::Datetime(rs, "create_time");
  s.set_etag(resource::MakeEtag(s.name(), rs.getInt64("version"), created));
  ToTimestamp(created, s.mutable_create_time());
  ToTimestamp(db::Datetime(rs, "update_time"), s.mutable_update_time());
  r.scope.starter_id = id;
  r.scope.school_id = Str(rs, "school_id");
  r.scope.board_id = board;
  r.scope.programme_owner = Str(rs, "owner");
  return r;
}

void LoadCoaches(sql::Connection& c, StarterRecord* r) {
  Rows rs = db::ExecuteQuery(c,
                             "SELECT coach_id FROM starter_coaches WHERE "
                             "starter_id = ? ORDER BY position",
                             r->scope.starter_id);
  while (rs->next()) {
    const std::string coach = Str(*rs, "coach_id");
    r->starter.add_coaches(absl::StrCat("people/", coach));
    r->scope.coach_ids.push_back(coach);
  }
}

std::vector<std::string> CoachIds(const v1::Starter& s) {
  std::vector<std::string> ids;
  for (const auto& c : s.coaches()) {
    ids.push_back(c.substr(sizeof("people/") - 1));
  }
  return ids;
}

std::string IdOf(absl::string_view name) {
  return std::string(name.substr(name.find('/') + 1));
}

void WriteCoaches(sql::Connection& c, const std::string& id,
                  const std::vector<std::string>& coaches) {
  auto* del =
      &db::Cached(c, "DELETE FROM starter_coaches WHERE starter_id = ?");
  del->setString(1, id);
  del->executeUpdate();
  auto* ins = &db::Cached(c,
                          "INSERT INTO starter_coaches (starter_id, coach_id, "
                          "position) VALUES (?, ?, ?)");
  for (size_t i = 0; i < coaches.size(); ++i) {
    ins->setString(1, id);
    ins->setString(2, coaches[i]);
    ins->setInt(3, static_cast<int>(i));
    ins->executeUpdate();
  }
}

StarterScope ScopeOf(const std::string& id, const v1::Starter& s,
                     const std::string& board_id, const std::string& owner) {
  StarterScope scope;
  scope.starter_id = id;
  scope.school_id = IdOf(s.school());
  scope.board_id = board_id;
  scope.programme_owner = owner;
  scope.coach_ids = CoachIds(s);
  return scope;
}

}  // namespace

absl::StatusOr<StarterRecord> LoadStarter(sql::Connection& c,
                                          const std::string& id, bool lock) {
  ASSIGN_OR_RETURN(StarterRecord r,
                   LoadById(c, absl::StrCat(kSelect, " WHERE s.id = ?"),
                            "starters", id, lock, ReadRow));
  LoadCoaches(c, &r);
  return r;
}

absl::StatusOr<StarterRecord> InductionRepository::GetStarter(
    const std::string& id, absl::Time deadline) {
  return db::WithConnection<StarterRecord>(
      *pool_, deadline, "get starter",
      [&](sql::Connection& c) { return LoadStarter(c, id, false); });
}

absl::StatusOr<Page<StarterRecord>> InductionRepository::ListStarters(
    const StarterVisibility& visible, const StarterFilter& filter,
    const std::string& after, int limit, absl::Time deadline) {
  return db::WithConnection<Page<StarterRecord>>(
      *pool_, deadline, "list starters",
      [&](sql::Connection& c) -> absl::StatusOr<Page<StarterRecord>> {
        std::string text = absl::StrCat(kSelect, " WHERE s.id > ?");
        std::vector<std::string> args = {after};
        if (!filter.school_id.empty()) {
          text += " AND s.school_id = ?";
          args.push_back(filter.school_id);
        }
        if (!filter.programme_id.empty()) {
          text += " AND s.programme_id = ?";
          args.push_back(filter.programme_id);
        }
        constexpr char kCoachedBy[] =
            "EXISTS (SELECT 1 FROM starter_coaches sc WHERE sc.starter_id = "
            "s.id AND sc.coach_id = ?)";
        if (!filter.coach_id.empty()) {
          absl::StrAppend(&text, " AND ", kCoachedBy);
          args.push_back(filter.coach_id);
        }
        if (!visible.all) {
          std::vector<std::string> any = {"FALSE"};
          if (!visible.self_id.empty()) {
            any.push_back("s.id = ?");
            args.push_back(visible.self_id);
          }
          if (!visible.coach_id.empty()) {
            any.push_back(kCoachedBy);
            args.push_back(visible.coach_id);
          }
          const auto& orgs = visible.organisation_ids;
          if (!orgs.empty()) {
            any.push_back(absl::StrCat(
                "s.school_id IN (", db::Placeholders(orgs.size()),
                ") OR s.board_id IN (", db::Placeholders(orgs.size()), ")"));
            args.insert(args.end(), orgs.begin(), orgs.end());
            args.insert(args.end(), orgs.begin(), orgs.end());
          }
          const auto& schools = visible.educator_school_ids;
          if (!schools.empty()) {
            any.push_back(absl::StrCat("s.school_id IN (",
                                       db::Placeholders(schools.size()), ")"));
            args.insert(args.end(), schools.begin(), schools.end());
          }
          const auto& owners = visible.programme_owners;
          if (!owners.empty()) {
            any.push_back(absl::StrCat("p.owner IN (",
                                       db::Placeholders(owners.size()), ")"));
            args.insert(args.end(), owners.begin(), owners.end());
          }
          absl::StrAppend(&text, " AND (", absl::StrJoin(any, " OR "), ")");
        }
        text += " ORDER BY s.id LIMIT ?";
        auto ps = db::Prepare(c, text);
        int i = 1;
        for (const auto& a : args) {
          ps->setString(i++, a);
        }
        ps->setInt(i, limit + 1);
        Page<StarterRecord> page;
        {
          Rows rs(ps->executeQuery());
          while (rs->next()) {
            page.items.push_back(ReadRow(*rs));
          }
        }
        if (static_cast<int>(page.items.size()) > limit) {
          page.items.pop_back();
          page.next_key = page.items.back().scope.starter_id;
        }
        for (auto& r : page.items) {
          LoadCoaches(c, &r);
        }
        return page;
      });
}

absl::StatusOr<StarterRecord> InductionRepository::CreateStarter(
    const NewStarter& n, const StarterCheck& check, absl::Time deadline) {
  return db::InTransaction<StarterRecord>(
      *pool_, deadline, "create starter",
      [&](sql::Connection& c) -> absl::StatusOr<StarterRecord> {
        const v1::Starter& s = n.starter;
        auto programme = LoadProgramme(c, IdOf(s.programme()), false);
        if (!programme.ok()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "starter.programme: ", programme.status().message()));
        }
        RETURN_IF_ERROR(check(ScopeOf(n.id, s, n.board_id, programme->owner()),
                              s, *programme));
        {
          auto* exists = &db::Cached(c, "SELECT 1 FROM starters WHERE id = ?");
          exists->setString(1, n.id);
          Rows rs(exists->executeQuery());
          if (rs->next()) {
            return absl::AlreadyExistsError(
                absl::StrCat("starters/", n.id, " already exists"));
          }
        }
        const std::string now = db::FormatSqlDatetime(clock_->Now());
        auto* ps =
            &db::Cached(c,
                        "INSERT INTO starters (id, display_name, school_id, "
                        "board_id, programme_id, kind, start_date, subjects, "
                        "current_year, status, version, create_time, "
                        "update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "1, ?, ?)");
        ps->setString(1, n.id);
        ps->setString(2, n.display_name);
        ps->setString(3, IdOf(s.school()));
        db::BindNullable(*ps, 4, n.board_id);
        ps->setString(5, IdOf(s.programme()));
        ps->setInt(6, s.kind());
        ps->setString(7, s.start_date());
        ps->setString(8, absl::StrJoin(s.subjects(), "\n"));
        ps->setInt(9, s.current_year());
        ps->setInt(10, s.status());
        ps->setString(11, now);
        ps->setString(12, now);
        ps->executeUpdate();
        const std::vector<std::string> coaches = CoachIds(s);
        WriteCoaches(c, n.id, coaches);
        std::vector<std::string> people = coaches;
        people.push_back(n.id);
        calendar::EnsurePersonRows(c, people);
        return LoadStarter(c, n.id, false);
      });
}

absl::StatusOr<StarterRecord> InductionRepository::UpdateStarter(
    const std::string& id, const std::string& etag,
    const std::function<absl::Status(const StarterScope&)>& authorize,
    const std::function<absl::Status(v1::Starter*)>& mutate,
    const StarterCheck& check, absl::Time deadline) {
  return db::InTransaction<StarterRecord>(
      *pool_, deadline, "update starter",
      [&](sql::Connection& c) -> absl::StatusOr<StarterRecord> {
        ASSIGN_OR_RETURN(auto current, LoadStarter(c, id, /*lock=*/true));
        RETURN_IF_ERROR(authorize(current.scope));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.starter.etag()));
        v1::Starter next = current.starter;
        RETURN_IF_ERROR(mutate(&next));
        auto programme = LoadProgramme(c, IdOf(next.programme()), false);
        if (!programme.ok()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "starter.programme: ", programme.status().message()));
        }
        RETURN_IF_ERROR(
            check(ScopeOf(id, next, current.scope.board_id, programme->owner()),
                  next, *programme));
        auto* ps =
            &db::Cached(c,
                        "UPDATE starters SET programme_id = ?, kind = ?, "
                        "subjects = ?, current_year = ?, status = ?, "
                        "version = version + 1, update_time = ? WHERE id = ?");
        ps->setString(1, IdOf(next.programme()));
        ps->setInt(2, next.kind());
        ps->setString(3, absl::StrJoin(next.subjects(), "\n"));
        ps->setInt(4, next.current_year());
        ps->setInt(5, next.status());
        ps->setString(6, db::FormatSqlDatetime(clock_->Now()));
        ps->setString(7, id);
        ps->executeUpdate();
        const std::vector<std::string> coaches = CoachIds(next);
        WriteCoaches(c, id, coaches);
        calendar::EnsurePersonRows(c, coaches);
        return LoadStarter(c, id, false);
      });
}

}  // namespace samen::induction
