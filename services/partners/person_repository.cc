// People in the directory and their affiliations.

#include <map>

#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "db/errors.h"
#include "db/list_column.h"
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
#include "services/partners/partners_repository.h"

namespace samen::partners {
namespace {

constexpr char kColumns[] =
    "p.id, p.display_name, p.email, p.version, p.create_time, p.update_time";
constexpr size_t kOrgPrefix = sizeof("organisations/") - 1;

absl::StatusOr<v1::Person> ReadRow(sql::ResultSet& rs) {
  v1::Person p;
  p.set_name(absl::StrCat("people/", db::Str(rs, "id")));
  p.set_display_name(db::Str(rs, "display_name"));
  p.set_email(db::Str(rs, "email"));
  ReadStoredMetadata(rs, &p);
  return p;
}

std::string RolesCsv(const v1::Affiliation& a) {
  return db::JoinEnums<v1::Role>(a.roles(),
                                 [](v1::Role r) { return v1::Role_Name(r); });
}

void LoadAffiliations(sql::Connection& c,
                      const std::vector<v1::Person*>& people) {
  LoadChildRows(
      c, "SELECT person_id, organisation_id, roles FROM affiliations",
      "person_id", people, [](v1::Person& p, sql::ResultSet& row) {
        auto* a = p.add_affiliations();
        a->set_organisation(
            absl::StrCat("organisations/", db::Str(row, "organisation_id")));
        for (v1::Role r : db::SplitEnums<v1::Role>(
                 db::Str(row, "roles"), [](const std::string&n, v1::Role*e) {
                   return v1::Role_Parse(n, e);
                 })) {
          a->add_roles(r);
        }
      });
}

absl::StatusOr<v1::Person> Load(sql::Connection& c, const std::string& id,
                                bool lock) {
  ASSIGN_OR_RETURN(
      v1::Person p,
      LoadById(
          c, absl::StrCat("SELECT ", kColumns, " FROM people p WHERE p.id = ?"),
          "people", id, lock, ReadRow));
  LoadAffiliations(c, {&p});
  return p;
}

std::vector<OrganisationScope> Scopes(sql::Connection& c,
                                      const v1::Person& person) {
  std::vector<OrganisationScope> out;
  auto ps = db::Prepare(
      c, "SELECT partnership_id FROM memberships WHERE organisation_id = ?");
  for (const auto& a : person.affiliations()) {
    OrganisationScope scope{a.organisation().substr(kOrgPrefix), {}};
    ps->setString(1, scope.organisation_id);
    db::Rows rs(ps->executeQuery());
    while (rs->next()) {
      scope.partnerships.push_back(db::Str(*rs, "partnership_id"));
    }
    out.push_back(std::move(scope));
  }
  return out;
}

absl::Status WriteAffiliations(sql::Connection& c, const std::string& id,
                               const v1::Person& p) {
  auto del = db::Prepare(c, "DELETE FROM affiliations WHERE person_id = ?");
  del->setString(1, id);
  del->executeUpdate();
  auto ins = db::Prepare(
      c,
      "INSERT INTO affiliations (person_id, organisation_id, roles, position) "
      "VALUES (?, ?, ?, ?)");
  for (int i = 0; i < p.affiliations_size(); ++i) {
    ins->setString(1, id);
    ins->setString(2, p.affiliations(i).organisation().substr(kOrgPrefix));
    ins->setString(3, RolesCsv(p.affiliations(i)));
    ins->setInt(4, i);
    RETURN_IF_ERROR(db::CatchSqlError(
        {db::kErNoReferencedRow}, [&] { ins->executeUpdate(); },
        [&](const sql::SQLException&) {
          return InvalidField(
              absl::StrCat("person.affiliations[", i, "].organisation"),
              absl::StrCat(p.affiliations(i).organisation(),
                           " does not exist"));
        }));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Person> PartnersRepository::GetPerson(const std::string& id,
                                                         absl::Time deadline) {
  return db::WithConnection<v1::Person>(
      *pool_, deadline, "get person",
      [&](sql::Connection& c) { return Load(c, id, false); });
}

absl::StatusOr<Page<v1::Person>> PartnersRepository::ListPeople(
    const PersonFilter& filter, const std::string& after, int limit,
    absl::Time deadline) {
  return db::WithConnection<Page<v1::Person>>(
      *pool_, deadline, "list people",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::Person>> {
        db::Where w;
        w.Add("a.organisation_id = ?", {filter.organisation_id});
        if (filter.role != v1::ROLE_UNSPECIFIED) {
          w.Add("FIND_IN_SET(?, a.roles) > 0", {v1::Role_Name(filter.role)});
        }
        ASSIGN_OR_RETURN(auto page,
                         ListById<v1::Person>(
                             c,
                             absl::StrCat("SELECT ", kColumns,
                                          " FROM people p JOIN "
                                          "affiliations a ON a.person_id "
                                          "= p.id"),
                             // The same id, on the side whose index
                             // (organisation_id, person_id) gives the order:
                             // a page stops at its size instead of sorting
                             // every affiliation of the organisation.
                             "a.person_id", after, w, limit, ReadRow));
        LoadAffiliations(c, Pointers(page.items));
        return page;
      });
}

absl::StatusOr<v1::Person> PartnersRepository::CreatePerson(
    const std::string& id, const v1::Person& person,
    const std::function<absl::Status(const std::vector<OrganisationScope>&)>&
        authorize,
    absl::Time deadline) {
  return db::InTransaction<v1::Person>(
      *pool_, deadline, "create person",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Person> {
        RETURN_IF_ERROR(authorize(Scopes(c, person)));
        const std::string now = db::FormatSqlDatetime(clock_->Now());
        auto ps = db::Prepare(c,
                              "INSERT INTO people (id, display_name, email, "
                              "version, create_time, "
                              "update_time) VALUES (?, ?, ?, 1, ?, ?)");
        ps->setString(1, id);
        ps->setString(2, person.display_name());
        ps->setString(3, person.email());
        ps->setString(4, now);
        ps->setString(5, now);
        RETURN_IF_ERROR(db::CatchSqlError(
            {db::kErDupEntry}, [&] { ps->executeUpdate(); },
            [&](const sql::SQLException&) {
              return absl::AlreadyExistsError(
                  absl::StrCat("people/", id, " already exists"));
            }));
        RETURN_IF_ERROR(WriteAffiliations(c, id, person));
        return Load(c, id, false);
      });
}

absl::StatusOr<v1::Person> PartnersRepository::UpdatePerson(
    const std::string& id, const std::string& etag,
    const std::function<absl::Status(
        v1::Person*, const std::vector<OrganisationScope>&)>& mutate,
    const std::function<absl::Status(const std::vector<OrganisationScope>&)>&
        authorize_new,
    absl::Time deadline) {
  return db::InTransaction<v1::Person>(
      *pool_, deadline, "update person",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Person> {
        ASSIGN_OR_RETURN(auto current, Load(c, id, true));
        v1::Person next = current;
        RETURN_IF_ERROR(mutate(&next, Scopes(c, current)));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        RETURN_IF_ERROR(authorize_new(Scopes(c, next)));
        auto ps = db::Prepare(c,
                              "UPDATE people SET display_name = ?, email = ?, "
                              "version = version + 1, "
                              "update_time = ? WHERE id = ?");
        ps->setString(1, next.display_name());
        ps->setString(2, next.email());
        ps->setString(3, db::FormatSqlDatetime(clock_->Now()));
        ps->setString(4, id);
        ps->executeUpdate();
        RETURN_IF_ERROR(WriteAffiliations(c, id, next));
        return Load(c, id, false);
      });
}

absl::Status PartnersRepository::DeletePerson(
    const std::string& id, const std::string& etag, const std::string& actor,
    const std::function<absl::Status(const std::vector<OrganisationScope>&)>&
        authorize,
    absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "delete person", [&](sql::Connection& c) {
        ASSIGN_OR_RETURN(auto current, Load(c, id, true));
        RETURN_IF_ERROR(authorize(Scopes(c, current)));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        // The grants cascade with the person; their history says so.
        db::ExecuteUpdate(
            c,
            "INSERT INTO role_grant_changes (person_id, role_grant_id, action, "
            "actor, change_time, role, scope, start_date_before, "
            "end_date_before) SELECT person_id, id, 'DELETE', ?, ?, role, "
            "scope, start_date, end_date FROM role_grants WHERE person_id = ? "
            "ORDER BY id",
            actor, clock_->Now(), id);
        auto del = db::Prepare(c, "DELETE FROM people WHERE id = ?");
        del->setString(1, id);
        del->executeUpdate();
        return absl::OkStatus();
      });
}

}  // namespace samen::partners
