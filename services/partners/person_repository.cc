// People in the directory and their affiliations.

#include <map>

#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "db/transaction.h"
#include "services/common/errors.h"
#include "services/common/resource/etag.h"
#include "services/common/status_macros.h"
#include "services/common/stored_resource.h"
#include "services/partners/partners_repository.h"
#include "services/partners/repository_sql.h"

namespace samen::partners {
namespace {

using sqlutil::Prepare;
using sqlutil::Rows;
using sqlutil::Str;

constexpr char kColumns[] =
    "p.id, p.display_name, p.email, p.version, p.create_time, p.update_time";
constexpr size_t kOrgPrefix = sizeof("organisations/") - 1;
constexpr size_t kPersonPrefix = sizeof("people/") - 1;

absl::StatusOr<v1::Person> ReadRow(sql::ResultSet& rs) {
  v1::Person p;
  p.set_name(absl::StrCat("people/", Str(rs, "id")));
  p.set_display_name(Str(rs, "display_name"));
  p.set_email(Str(rs, "email"));
  ReadStoredMetadata(rs, &p);
  return p;
}

std::string RolesCsv(const v1::Affiliation& a) {
  return sqlutil::JoinEnums<v1::Role>(
      a.roles(), [](v1::Role r) { return v1::Role_Name(r); });
}

void LoadAffiliations(sql::Connection& c, std::vector<v1::Person*> people) {
  if (people.empty()) {
    return;
  }
  std::map<std::string, v1::Person*> by_id;
  for (auto* p : people) {
    by_id[p->name().substr(kPersonPrefix)] = p;
  }
  const std::string text = absl::StrCat(
      "SELECT person_id, organisation_id, roles FROM affiliations "
      "WHERE person_id IN (",
      sqlutil::Placeholders(by_id.size()), ") ORDER BY person_id, position");
  sqlutil::Statement ps(c, text, /*cache=*/by_id.size() == 1);
  int i = 1;
  for (const auto& [id, p] : by_id) {
    ps->setString(i++, id);
  }
  Rows rs(ps->executeQuery());
  while (rs->next()) {
    auto* a = by_id[Str(*rs, "person_id")]->add_affiliations();
    a->set_organisation(
        absl::StrCat("organisations/", Str(*rs, "organisation_id")));
    for (v1::Role r : sqlutil::SplitEnums<v1::Role>(
             Str(*rs, "roles"), [](const std::string&n, v1::Role*e) {
               return v1::Role_Parse(n, e);
             })) {
      a->add_roles(r);
    }
  }
}

absl::StatusOr<v1::Person> Load(sql::Connection& c, const std::string& id,
                                bool lock) {
  auto* ps = sqlutil::Cached(
      c, absl::StrCat("SELECT ", kColumns, " FROM people p WHERE p.id = ?",
                      lock ? " FOR UPDATE" : ""));
  ps->setString(1, id);
  Rows rs(ps->executeQuery());
  if (!rs->next()) {
    return absl::NotFoundError(absl::StrCat("people/", id, " does not exist"));
  }
  auto p = ReadRow(*rs);
  if (!p.ok()) {
    return p.status();
  }
  LoadAffiliations(c, {&*p});
  return p;
}

std::vector<OrganisationScope> Scopes(sql::Connection& c,
                                      const v1::Person& person) {
  std::vector<OrganisationScope> out;
  auto ps = Prepare(
      c, "SELECT partnership_id FROM memberships WHERE organisation_id = ?");
  for (const auto& a : person.affiliations()) {
    OrganisationScope scope{a.organisation().substr(kOrgPrefix), {}};
    ps->setString(1, scope.organisation_id);
    Rows rs(ps->executeQuery());
    while (rs->next()) {
      scope.partnerships.push_back(Str(*rs, "partnership_id"));
    }
    out.push_back(std::move(scope));
  }
  return out;
}

absl::Status WriteAffiliations(sql::Connection& c, const std::string& id,
                               const v1::Person& p) {
  auto del = Prepare(c, "DELETE FROM affiliations WHERE person_id = ?");
  del->setString(1, id);
  del->executeUpdate();
  auto ins = Prepare(
      c,
      "INSERT INTO affiliations (person_id, organisation_id, roles, position) "
      "VALUES (?, ?, ?, ?)");
  for (int i = 0; i < p.affiliations_size(); ++i) {
    ins->setString(1, id);
    ins->setString(2, p.affiliations(i).organisation().substr(kOrgPrefix));
    ins->setString(3, RolesCsv(p.affiliations(i)));
    ins->setInt(4, i);
    try {
      ins->executeUpdate();
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() == 1452) {
        return InvalidField(
            absl::StrCat("person.affiliations[", i, "].organisation"),
            absl::StrCat(p.affiliations(i).organisation(), " does not exist"));
      }
      throw;
    }
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
        std::string text =
            absl::StrCat("SELECT ", kColumns,
                         " FROM people p JOIN affiliations a ON a.person_id = "
                         "p.id AND a.organisation_id = ?"
                         " WHERE p.id > ?");
        if (filter.role != v1::ROLE_UNSPECIFIED) {
          text += " AND FIND_IN_SET(?, a.roles) > 0";
        }
        text += " ORDER BY p.id LIMIT ?";
        auto ps = Prepare(c, text);
        int i = 1;
        ps->setString(i++, filter.organisation_id);
        ps->setString(i++, after);
        if (filter.role != v1::ROLE_UNSPECIFIED) {
          ps->setString(i++, v1::Role_Name(filter.role));
        }
        ps->setInt(i++, limit + 1);
        Rows rs(ps->executeQuery());
        ASSIGN_OR_RETURN(auto page,
                         ReadIdPage<v1::Person>(*rs, limit, ReadRow));
        std::vector<v1::Person*> ptrs;
        for (auto& p : page.items) {
          ptrs.push_back(&p);
        }
        LoadAffiliations(c, ptrs);
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
        const std::string now = FormatSqlDatetime(clock_->Now());
        auto ps = Prepare(c,
                          "INSERT INTO people (id, display_name, email, "
                          "version, create_time, "
                          "update_time) VALUES (?, ?, ?, 1, ?, ?)");
        ps->setString(1, id);
        ps->setString(2, person.display_name());
        ps->setString(3, person.email());
        ps->setString(4, now);
        ps->setString(5, now);
        try {
          ps->executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == 1062) {
            return absl::AlreadyExistsError(
                absl::StrCat("people/", id, " already exists"));
          }
          throw;
        }
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
        auto ps = Prepare(c,
                          "UPDATE people SET display_name = ?, email = ?, "
                          "version = version + 1, "
                          "update_time = ? WHERE id = ?");
        ps->setString(1, next.display_name());
        ps->setString(2, next.email());
        ps->setString(3, FormatSqlDatetime(clock_->Now()));
        ps->setString(4, id);
        ps->executeUpdate();
        RETURN_IF_ERROR(WriteAffiliations(c, id, next));
        return Load(c, id, false);
      });
}

absl::Status PartnersRepository::DeletePerson(
    const std::string& id, const std::string& etag,
    const std::function<absl::Status(const std::vector<OrganisationScope>&)>&
        authorize,
    absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "delete person", [&](sql::Connection& c) {
        ASSIGN_OR_RETURN(auto current, Load(c, id, true));
        RETURN_IF_ERROR(authorize(Scopes(c, current)));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        auto del = Prepare(c, "DELETE FROM people WHERE id = ?");
        del->setString(1, id);
        del->executeUpdate();
        return absl::OkStatus();
      });
}

}  // namespace samen::partners
