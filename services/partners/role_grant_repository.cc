// Role grants and their append-only history (role_grant_changes), and the
// sign-in lookup that reads a person with the grants active today.

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "db/errors.h"
#include "db/keyset.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/transaction.h"
#include "db/where.h"
#include "services/common/errors.h"
#include "services/common/resource/etag.h"
#include "services/common/status_macros.h"
#include "services/common/stored_resource.h"
#include "services/common/timestamp.h"
#include "services/partners/partners_repository.h"

namespace samen::partners {
namespace {

constexpr char kColumns[] =
    "person_id, id, role, scope, DATE_FORMAT(start_date, '%Y-%m-%d') AS "
    "start_date, DATE_FORMAT(end_date, '%Y-%m-%d') AS end_date, created_by, "
    "version, create_time, update_time";

constexpr char kChangeColumns[] =
    "seq, person_id, role_grant_id, action, actor, change_time, role, scope, "
    "DATE_FORMAT(start_date_before, '%Y-%m-%d') AS start_date_before, "
    "DATE_FORMAT(end_date_before, '%Y-%m-%d') AS end_date_before, "
    "DATE_FORMAT(start_date_after, '%Y-%m-%d') AS start_date_after, "
    "DATE_FORMAT(end_date_after, '%Y-%m-%d') AS end_date_after";

absl::StatusOr<v1::RoleGrant> ReadRow(sql::ResultSet& rs) {
  v1::RoleGrant g;
  g.set_name(
      RoleGrantResourceName(db::Str(rs, "person_id"), db::Str(rs, "id")));
  g.set_role(db::Str(rs, "role"));
  g.set_scope(db::Str(rs, "scope"));
  g.set_start_date(db::Str(rs, "start_date"));
  g.set_end_date(db::NullableStr(rs, "end_date"));
  g.set_granted_by(db::Str(rs, "created_by"));
  ReadStoredMetadata(rs, &g);
  return g;
}

absl::StatusOr<v1::RoleGrantChange> ReadChange(sql::ResultSet& rs) {
  v1::RoleGrantChange ch;
  ch.set_role_grant(RoleGrantResourceName(db::Str(rs, "person_id"),
                                          db::Str(rs, "role_grant_id")));
  v1::RoleGrantChange::Action action = v1::RoleGrantChange::ACTION_UNSPECIFIED;
  v1::RoleGrantChange::Action_Parse(db::Str(rs, "action"), &action);
  ch.set_action(action);
  ch.set_actor(db::Str(rs, "actor"));
  ToTimestamp(db::Datetime(rs, "change_time"), ch.mutable_change_time());
  ch.set_role(db::Str(rs, "role"));
  ch.set_scope(db::Str(rs, "scope"));
  ch.set_start_date_before(db::NullableStr(rs, "start_date_before"));
  ch.set_end_date_before(db::NullableStr(rs, "end_date_before"));
  ch.set_start_date_after(db::NullableStr(rs, "start_date_after"));
  ch.set_end_date_after(db::NullableStr(rs, "end_date_after"));
  return ch;
}

absl::StatusOr<v1::RoleGrant> Load(sql::Connection& c,
                                   const std::string& person_id,
                                   const std::string& id, bool lock) {
  return db::ReadOne(
      db::ExecuteQuery(c,
                       absl::StrCat("SELECT ", kColumns,
                                    " FROM role_grants WHERE person_id = ? "
                                    "AND id = ?",
                                    db::ForUpdate(lock)),
                       person_id, id),
      ReadRow,
      [&] { return ResourceNotFound(RoleGrantResourceName(person_id, id)); });
}

// Locks the person's row: grant changes of one person run one at a time.
absl::Status LockPerson(sql::Connection& c, const std::string& person_id) {
  db::Rows rs = db::ExecuteQuery(
      c, "SELECT id FROM people WHERE id = ? FOR UPDATE", person_id);
  if (!rs->next()) {
    return ResourceNotFound(absl::StrCat("people/", person_id));
  }
  return absl::OkStatus();
}

// What the directory says about `scope` on `today`; with `must_exist`, a
// scope naming nothing is INVALID_ARGUMENT on role_grant.scope.
absl::StatusOr<ScopeFacts> ResolveScope(sql::Connection& c,
                                        const std::string& scope,
                                        const std::string& today,
                                        bool must_exist) {
  ScopeFacts facts;
  if (scope.empty()) {
    return facts;
  }
  const bool partnership = absl::StartsWith(scope, "partnerships/");
  const std::string id = scope.substr(scope.find('/') + 1);
  db::Rows rs = db::ExecuteQuery(
      c,
      partnership
          ? "SELECT id FROM partnerships WHERE id = ? LOCK IN SHARE MODE"
          : "SELECT id FROM organisations WHERE id = ? LOCK IN SHARE MODE",
      id);
  const bool exists = rs->next();
  rs.reset();
  if (!exists && must_exist) {
    return InvalidField("role_grant.scope",
                        absl::StrCat(scope, " does not exist"));
  }
  if (partnership) {
    return facts;
  }
  db::Rows ms = db::ExecuteQuery(
      c,
      "SELECT partnership_id FROM memberships WHERE organisation_id = ? AND "
      "start_date <= ? AND (end_date IS NULL OR end_date >= ?) LOCK IN SHARE "
      "MODE",
      id, today, today);
  while (ms->next()) {
    facts.member_of.push_back(db::Str(*ms, "partnership_id"));
  }
  return facts;
}

// ALREADY_EXISTS when another grant of the person with the same role and
// scope shares a day with `g`.
absl::Status CheckNoOverlap(sql::Connection& c, const std::string& person_id,
                            const std::string& id, const v1::RoleGrant& g) {
  db::Rows rs = db::ExecuteQuery(
      c,
      absl::StrCat("SELECT ", kColumns,
                   " FROM role_grants WHERE person_id = ? AND role = ? AND "
                   "scope = ? AND id <> ?"),
      person_id, g.role(), g.scope(), id);
  while (rs->next()) {
    ASSIGN_OR_RETURN(v1::RoleGrant other, ReadRow(*rs));
    if (PeriodsOverlap(g.start_date(), g.end_date(), other.start_date(),
                       other.end_date())) {
      return absl::AlreadyExistsError(absl::StrCat(
          other.name(), " already grants ", g.role(),
          g.scope().empty() ? "" : absl::StrCat(" in ", g.scope()), " from ",
          other.start_date(),
          other.end_date().empty() ? ""
                                   : absl::StrCat(" to ", other.end_date()),
          ", overlapping these dates; change that grant's dates instead"));
    }
  }
  return absl::OkStatus();
}

// Appends the history row of a change: `before` is empty for CREATE, `after`
// for DELETE.
void WriteChange(sql::Connection& c, const std::string& person_id,
                 const std::string& id, absl::string_view action,
                 const v1::RoleGrant& before, const v1::RoleGrant& after,
                 const std::string& actor, absl::Time now) {
  const v1::RoleGrant& grant = after.role().empty() ? before : after;
  auto ps = db::Prepare(
      c,
      "INSERT INTO role_grant_changes (person_id, role_grant_id, action, "
      "actor, change_time, role, scope, start_date_before, end_date_before, "
      "start_date_after, end_date_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?)");
  ps->setString(1, person_id);
  ps->setString(2, id);
  ps->setString(3, std::string(action));
  ps->setString(4, actor);
  db::BindDatetime(*ps, 5, now);
  ps->setString(6, grant.role());
  ps->setString(7, grant.scope());
  db::BindNullable(*ps, 8, before.start_date());
  db::BindNullable(*ps, 9, before.end_date());
  db::BindNullable(*ps, 10, after.start_date());
  db::BindNullable(*ps, 11, after.end_date());
  ps->executeUpdate();
}

// Adds the filter's conditions (person, scopes).
void AddFilter(const RoleGrantFilter& filter, db::Where& w) {
  if (filter.person_id != "-") {
    w.Add("person_id = ?", {filter.person_id});
  }
  if (!filter.all_scopes) {
    w.AddIn("scope", filter.scopes);
  }
  if (!filter.role.empty()) {
    w.Add("role = ?", {filter.role});
  }
}

}  // namespace

absl::StatusOr<v1::RoleGrant> PartnersRepository::GetRoleGrant(
    const std::string& person_id, const std::string& id, absl::Time deadline) {
  return db::WithConnection<v1::RoleGrant>(
      *pool_, deadline, "get role grant",
      [&](sql::Connection& c) { return Load(c, person_id, id, false); });
}

absl::StatusOr<Page<v1::RoleGrant>> PartnersRepository::ListRoleGrants(
    const RoleGrantFilter& filter, const std::string& after, int limit,
    absl::Time deadline) {
  return db::WithConnection<Page<v1::RoleGrant>>(
      *pool_, deadline, "list role grants",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::RoleGrant>> {
        // Keyset on (person_id, id), encoded "person/id" (neither holds '/').
        const size_t slash = after.find('/');
        const std::string after_person = after.substr(0, slash);
        const std::string after_id =
            slash == std::string::npos ? "" : after.substr(slash + 1);
        const db::Keyset keyset("person_id", "id");
        db::Where w;
        keyset.After(after_person, after_id, w);
        AddFilter(filter, w);
        auto ps = db::Prepare(
            c, absl::StrCat("SELECT ", kColumns, " FROM role_grants",
                            w.Clause(), keyset.OrderByLimit()));
        ps->setInt64(w.Bind(*ps), db::Keyset::Fetch(limit));
        db::Rows rs(ps->executeQuery());
        Page<v1::RoleGrant> page;
        while (rs->next()) {
          ASSIGN_OR_RETURN(auto g, ReadRow(*rs));
          page.items.push_back(std::move(g));
        }
        if (db::TrimToPage(page.items, limit)) {
          // "people/{person}/roleGrants/{id}" -> "{person}/{id}".
          const std::string& name = page.items.back().name();
          const size_t first = name.find('/') + 1;
          const size_t id_at = name.rfind('/') + 1;
          page.next_key =
              absl::StrCat(name.substr(first, name.find('/', first) - first),
                           "/", name.substr(id_at));
        }
        return page;
      });
}

absl::StatusOr<std::vector<std::string>> PartnersRepository::ScopesWithin(
    const std::vector<std::string>& partnership_ids, const std::string& today,
    absl::Time deadline) {
  return db::WithConnection<std::vector<std::string>>(
      *pool_, deadline, "scopes within partnerships",
      [&](sql::Connection& c) -> absl::StatusOr<std::vector<std::string>> {
        std::vector<std::string> scopes;
        for (const auto& p : partnership_ids) {
          db::Rows rs = db::ExecuteQuery(
              c, "SELECT id FROM partnerships WHERE id = ?", p);
          if (rs->next()) {
            scopes.push_back(absl::StrCat("partnerships/", p));
          }
          rs.reset();
          db::Rows ms = db::ExecuteQuery(
              c,
              "SELECT organisation_id FROM memberships WHERE partnership_id = "
              "? AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)",
              p, today, today);
          while (ms->next()) {
            scopes.push_back(absl::StrCat("organisations/",
                                          db::Str(*ms, "organisation_id")));
          }
        }
        std::sort(scopes.begin(), scopes.end());
        scopes.erase(std::unique(scopes.begin(), scopes.end()), scopes.end());
        return scopes;
      });
}

absl::StatusOr<v1::RoleGrant> PartnersRepository::CreateRoleGrant(
    const std::string& person_id, const std::string& id,
    const v1::RoleGrant& grant, const GrantChangeContext& ctx,
    const AuthorizeGrant& authorize, absl::Time deadline) {
  return db::InTransaction<v1::RoleGrant>(
      *pool_, deadline, "create role grant",
      [&](sql::Connection& c) -> absl::StatusOr<v1::RoleGrant> {
        RETURN_IF_ERROR(LockPerson(c, person_id));
        ASSIGN_OR_RETURN(auto facts,
                         ResolveScope(c, grant.scope(), ctx.today, true));
        RETURN_IF_ERROR(authorize(grant, facts));
        RETURN_IF_ERROR(CheckNoOverlap(c, person_id, id, grant));
        const absl::Time now = clock_->Now();
        auto ps = db::Prepare(
            c,
            "INSERT INTO role_grants (person_id, id, role, scope, start_date, "
            "end_date, version, create_time, update_time, created_by) VALUES "
            "(?, ?, ?, ?, ?, ?, 1, ?, ?, ?)");
        ps->setString(1, person_id);
        ps->setString(2, id);
        ps->setString(3, grant.role());
        ps->setString(4, grant.scope());
        ps->setString(5, grant.start_date());
        db::BindNullable(*ps, 6, grant.end_date());
        db::BindDatetime(*ps, 7, now);
        db::BindDatetime(*ps, 8, now);
        ps->setString(9, ctx.actor);
        RETURN_IF_ERROR(db::CatchSqlError(
            {db::kErDupEntry}, [&] { ps->executeUpdate(); },
            [&](const sql::SQLException&) {
              return absl::AlreadyExistsError(absl::StrCat(
                  RoleGrantResourceName(person_id, id), " already exists"));
            }));
        WriteChange(c, person_id, id, "CREATE", v1::RoleGrant(), grant,
                    ctx.actor, now);
        return Load(c, person_id, id, false);
      });
}

absl::StatusOr<v1::RoleGrant> PartnersRepository::UpdateRoleGrant(
    const std::string& person_id, const std::string& id,
    const std::string& etag, const GrantChangeContext& ctx,
    const AuthorizeGrant& authorize, const Mutate<v1::RoleGrant>& mutate,
    absl::Time deadline) {
  return db::InTransaction<v1::RoleGrant>(
      *pool_, deadline, "update role grant",
      [&](sql::Connection& c) -> absl::StatusOr<v1::RoleGrant> {
        RETURN_IF_ERROR(LockPerson(c, person_id));
        ASSIGN_OR_RETURN(auto current, Load(c, person_id, id, true));
        ASSIGN_OR_RETURN(auto facts,
                         ResolveScope(c, current.scope(), ctx.today, false));
        RETURN_IF_ERROR(authorize(current, facts));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        v1::RoleGrant next = current;
        RETURN_IF_ERROR(mutate(&next));
        RETURN_IF_ERROR(CheckNoOverlap(c, person_id, id, next));
        const absl::Time now = clock_->Now();
        auto ps = db::Prepare(
            c,
            "UPDATE role_grants SET start_date = ?, end_date = ?, version = "
            "version + 1, update_time = ? WHERE person_id = ? AND id = ?");
        ps->setString(1, next.start_date());
        db::BindNullable(*ps, 2, next.end_date());
        db::BindDatetime(*ps, 3, now);
        ps->setString(4, person_id);
        ps->setString(5, id);
        ps->executeUpdate();
        WriteChange(c, person_id, id, "UPDATE", current, next, ctx.actor, now);
        return Load(c, person_id, id, false);
      });
}

absl::Status PartnersRepository::DeleteRoleGrant(
    const std::string& person_id, const std::string& id,
    const std::string& etag, const GrantChangeContext& ctx,
    const AuthorizeGrant& authorize, absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "delete role grant", [&](sql::Connection& c) {
        RETURN_IF_ERROR(LockPerson(c, person_id));
        ASSIGN_OR_RETURN(auto current, Load(c, person_id, id, true));
        ASSIGN_OR_RETURN(auto facts,
                         ResolveScope(c, current.scope(), ctx.today, false));
        RETURN_IF_ERROR(authorize(current, facts));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        db::ExecuteUpdate(c,
                          "DELETE FROM role_grants WHERE person_id = ? AND "
                          "id = ?",
                          person_id, id);
        WriteChange(c, person_id, id, "DELETE", current, v1::RoleGrant(),
                    ctx.actor, clock_->Now());
        return absl::OkStatus();
      });
}

absl::StatusOr<Page<v1::RoleGrantChange>>
PartnersRepository::ListRoleGrantChanges(const RoleGrantFilter& filter,
                                         const std::string& after, int limit,
                                         absl::Time deadline) {
  int64_t after_seq = 0;
  if (!after.empty() && !absl::SimpleAtoi(after, &after_seq)) {
    return InvalidField("page_token", "is not a token of this list");
  }
  return db::WithConnection<Page<v1::RoleGrantChange>>(
      *pool_, deadline, "list role grant changes",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::RoleGrantChange>> {
        db::Where w;
        AddFilter(filter, w);
        if (!after.empty()) {
          w.Add("seq < ?", {after_seq});
        }
        auto ps =
            db::Prepare(c, absl::StrCat("SELECT ", kChangeColumns,
                                        " FROM role_grant_changes", w.Clause(),
                                        " ORDER BY seq DESC LIMIT ?"));
        ps->setInt64(w.Bind(*ps), db::Keyset::Fetch(limit));
        db::Rows rs(ps->executeQuery());
        Page<v1::RoleGrantChange> page;
        std::vector<int64_t> seqs;
        while (rs->next()) {
          seqs.push_back(db::Int64(*rs, "seq"));
          ASSIGN_OR_RETURN(auto ch, ReadChange(*rs));
          page.items.push_back(std::move(ch));
        }
        if (db::TrimToPage(page.items, limit)) {
          page.next_key = absl::StrCat(seqs[limit - 1]);
        }
        return page;
      });
}

absl::StatusOr<v1::SignInProfile> PartnersRepository::LookUpSignInProfile(
    const std::string& person_id, const std::string& email,
    const std::string& today, absl::Time deadline) {
  return db::WithConnection<v1::SignInProfile>(
      *pool_, deadline, "look up sign-in profile",
      [&](sql::Connection& c) -> absl::StatusOr<v1::SignInProfile> {
        // The collation of people.email also ignores accents; the second
        // condition keeps the match exact but for case.
        db::Rows rs =
            person_id.empty()
                ? db::ExecuteQuery(
                      c,
                      "SELECT id, display_name, email FROM people WHERE "
                      "email = ? AND LOWER(email) COLLATE utf8mb4_bin = "
                      "LOWER(?) COLLATE utf8mb4_bin ORDER BY id LIMIT 2",
                      email, email)
                : db::ExecuteQuery(
                      c,
                      "SELECT id, display_name, email FROM people WHERE id = ?",
                      person_id);
        v1::SignInProfile profile;
        int found = 0;
        std::string id;
        while (rs->next()) {
          ++found;
          id = db::Str(*rs, "id");
          profile.set_person(absl::StrCat("people/", id));
          profile.set_display_name(db::Str(*rs, "display_name"));
          profile.set_email(db::Str(*rs, "email"));
        }
        rs.reset();
        if (found == 0) {
          return person_id.empty()
                     ? absl::NotFoundError(absl::StrCat(
                           "no person has the e-mail address ", email))
                     : ResourceNotFound(absl::StrCat("people/", person_id));
        }
        if (found > 1) {
          return absl::FailedPreconditionError(absl::StrCat(
              "the e-mail address ", email,
              " is ambiguous: more than one person has it, so it cannot say "
              "who signs in; an administrator must give each their own"));
        }
        db::Rows gs = db::ExecuteQuery(
            c,
            absl::StrCat("SELECT ", kColumns,
                         " FROM role_grants WHERE person_id = ? AND "
                         "start_date <= ? AND (end_date IS NULL OR end_date "
                         ">= ?) ORDER BY id"),
            id, today, today);
        while (gs->next()) {
          ASSIGN_OR_RETURN(*profile.add_active_grants(), ReadRow(*gs));
        }
        return profile;
      });
}

}  // namespace samen::partners
