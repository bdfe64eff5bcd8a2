// Memberships: an organisation's place in a partnership. The membership id is
// the organisation id, so an organisation is at most once in one partnership
// (and may be in several partnerships).

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
#include "services/partners/membership_rows.h"
#include "services/partners/partners_repository.h"

namespace samen::partners {
namespace {

constexpr char kColumns[] =
    "partnership_id, organisation_id, role, DATE_FORMAT(start_date, "
    "'%Y-%m-%d') AS start_date, "
    "DATE_FORMAT(end_date, '%Y-%m-%d') AS end_date, cluster_id, version, "
    "create_time, "
    "update_time";

std::string Name(const std::string& partnership_id,
                 const std::string& organisation_id) {
  return absl::StrCat("partnerships/", partnership_id, "/memberships/",
                      organisation_id);
}

absl::StatusOr<v1::Membership> ReadRow(sql::ResultSet& rs) {
  v1::Membership m;
  m.set_name(
      Name(db::Str(rs, "partnership_id"), db::Str(rs, "organisation_id")));
  m.set_organisation(
      absl::StrCat("organisations/", db::Str(rs, "organisation_id")));
  m.set_role(static_cast<v1::Membership::Role>(rs.getInt("role")));
  m.set_start_date(db::Str(rs, "start_date"));
  m.set_end_date(db::NullableStr(rs, "end_date"));
  m.set_cluster(db::NullableStr(rs, "cluster_id"));
  ReadStoredMetadata(rs, &m);
  return m;
}

absl::StatusOr<v1::Membership> Load(sql::Connection& c,
                                    const std::string& partnership_id,
                                    const std::string& organisation_id,
                                    bool lock) {
  return db::ReadOne(
      db::ExecuteQuery(c,
                       absl::StrCat("SELECT ", kColumns,
                                    " FROM memberships WHERE partnership_id = "
                                    "? AND organisation_id = ?",
                                    db::ForUpdate(lock)),
                       partnership_id, organisation_id),
      ReadRow,
      [&] { return ResourceNotFound(Name(partnership_id, organisation_id)); });
}

// Locks the partnership row (memberships of one partnership change one at a
// time) and checks the cluster exists in it.
absl::Status CheckParent(sql::Connection& c, const std::string& partnership_id,
                         const std::string& cluster_id) {
  auto ps = db::Prepare(
      c, "SELECT id FROM partnerships WHERE id = ? LOCK IN SHARE MODE");
  ps->setString(1, partnership_id);
  db::Rows rs(ps->executeQuery());
  if (!rs->next()) {
    return ResourceNotFound(absl::StrCat("partnerships/", partnership_id));
  }
  if (cluster_id.empty()) {
    return absl::OkStatus();
  }
  auto cl = db::Prepare(c,
                        "SELECT cluster_id FROM partnership_clusters WHERE "
                        "partnership_id = ? AND "
                        "cluster_id = ?");
  cl->setString(1, partnership_id);
  cl->setString(2, cluster_id);
  db::Rows crs(cl->executeQuery());
  if (!crs->next()) {
    return InvalidField(
        "membership.cluster",
        absl::StrCat("the partnership has no cluster \"", cluster_id, "\""));
  }
  return absl::OkStatus();
}

// Nothing changes a role by hand where an application governs it: the
// organisation's latest application in the partnership (open or decided)
// shows how the role came about, and a hand change, a hand-made membership
// or a deletion would contradict it.
absl::Status CheckNoGoverningApplication(sql::Connection& c,
                                         const std::string& partnership_id,
                                         const std::string& organisation_id) {
  db::Rows rs = db::ExecuteQuery(
      c,
      "SELECT application_id FROM accession_applications WHERE "
      "partnership_id = ? AND organisation_id = ? ORDER BY create_time DESC, "
      "application_id DESC LIMIT 1",
      partnership_id, organisation_id);
  if (!rs->next()) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "the membership of organisations/", organisation_id, " follows ",
      ApplicationName(partnership_id, db::Str(*rs, "application_id")),
      ": its role changes only by that application's decisions (or a new "
      "application's), not by hand; end it with an end date"));
}

}  // namespace

absl::StatusOr<std::optional<v1::Membership>> FindMembership(
    sql::Connection& c, const std::string& partnership_id,
    const std::string& organisation_id, bool lock) {
  auto m = Load(c, partnership_id, organisation_id, lock);
  if (absl::IsNotFound(m.status())) {
    return std::nullopt;
  }
  RETURN_IF_ERROR(m.status());
  return std::optional<v1::Membership>(*std::move(m));
}

absl::Status WriteMembership(sql::Connection& c, absl::Time now,
                             const std::string& partnership_id,
                             const v1::Membership& m, bool insert) {
  const std::string organisation_id =
      m.organisation().substr(sizeof("organisations/") - 1);
  const std::string at = db::FormatSqlDatetime(now);
  if (!insert) {
    auto ps = db::Prepare(
        c,
        "UPDATE memberships SET role = ?, start_date = ?, end_date = ?, "
        "cluster_id = ?, version = version + 1, update_time = ? "
        "WHERE partnership_id = ? AND organisation_id = ?");
    ps->setInt(1, m.role());
    ps->setString(2, m.start_date());
    db::BindNullable(*ps, 3, m.end_date());
    db::BindNullable(*ps, 4, m.cluster());
    ps->setString(5, at);
    ps->setString(6, partnership_id);
    ps->setString(7, organisation_id);
    ps->executeUpdate();
    return absl::OkStatus();
  }
  auto ps = db::Prepare(
      c,
      "INSERT INTO memberships (partnership_id, organisation_id, role, "
      "start_date, end_date, cluster_id, version, create_time, "
      "update_time) "
      "VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)");
  ps->setString(1, partnership_id);
  ps->setString(2, organisation_id);
  ps->setInt(3, m.role());
  ps->setString(4, m.start_date());
  db::BindNullable(*ps, 5, m.end_date());
  db::BindNullable(*ps, 6, m.cluster());
  ps->setString(7, at);
  ps->setString(8, at);
  return db::CatchSqlError(
      {db::kErDupEntry, db::kErNoReferencedRow}, [&] { ps->executeUpdate(); },
      [&](const sql::SQLException& e) {
        if (e.getErrorCode() == db::kErDupEntry) {
          return absl::AlreadyExistsError(absl::StrCat(
              m.organisation(), " is already a member of partnerships/",
              partnership_id));
        }
        return InvalidField("membership.organisation",
                            absl::StrCat(m.organisation(), " does not exist"));
      });
}

absl::StatusOr<v1::Membership> PartnersRepository::GetMembership(
    const std::string& partnership_id, const std::string& organisation_id,
    absl::Time deadline) {
  return db::WithConnection<v1::Membership>(
      *pool_, deadline, "get membership", [&](sql::Connection& c) {
        return Load(c, partnership_id, organisation_id, false);
      });
}

absl::StatusOr<Page<v1::Membership>> PartnersRepository::ListMemberships(
    const MembershipFilter& filter, const std::string& after, int limit,
    absl::Time deadline) {
  return db::WithConnection<Page<v1::Membership>>(
      *pool_, deadline, "list memberships",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::Membership>> {
        const bool all = filter.partnership_id == "-";
        if (!all) {
          auto ps = db::Prepare(c, "SELECT id FROM partnerships WHERE id = ?");
          ps->setString(1, filter.partnership_id);
          db::Rows rs(ps->executeQuery());
          if (!rs->next()) {
            return ResourceNotFound(
                absl::StrCat("partnerships/", filter.partnership_id));
          }
        }
        // Keyset on (partnership_id, organisation_id), encoded as
        // "partnership/organisation".
        std::string after_p;
        std::string after_o;
        if (!after.empty()) {
          const size_t slash = after.find('/');
          after_p = after.substr(0, slash);
          after_o = slash == std::string::npos ? "" : after.substr(slash + 1);
        }
        const db::Keyset keyset("partnership_id", "organisation_id");
        db::Where w;
        keyset.After(after_p, after_o, w);
        if (!all) {
          w.Add("partnership_id = ?", {filter.partnership_id});
        }
        if (!filter.organisation_id.empty()) {
          w.Add("organisation_id = ?", {filter.organisation_id});
        }
        if (filter.role != v1::Membership::ROLE_UNSPECIFIED) {
          w.Add("role = ?", {static_cast<int64_t>(filter.role)});
        }
        if (!filter.cluster_id.empty()) {
          w.Add("cluster_id = ?", {filter.cluster_id});
        }
        auto ps = db::Prepare(
            c, absl::StrCat("SELECT ", kColumns, " FROM memberships",
                            w.Clause(), keyset.OrderByLimit()));
        ps->setInt64(w.Bind(*ps), db::Keyset::Fetch(limit));
        db::Rows rs(ps->executeQuery());
        Page<v1::Membership> page;
        std::vector<std::string> keys;
        while (rs->next()) {
          keys.push_back(absl::StrCat(db::Str(*rs, "partnership_id"), "/",
                                      db::Str(*rs, "organisation_id")));
          ASSIGN_OR_RETURN(auto m, ReadRow(*rs));
          page.items.push_back(std::move(m));
        }
        if (static_cast<int>(page.items.size()) > limit) {
          page.items.pop_back();
          page.next_key = keys[limit - 1];
        }
        return page;
      });
}

absl::StatusOr<v1::Membership> PartnersRepository::CreateMembership(
    const std::string& partnership_id, const v1::Membership& m,
    absl::Time deadline) {
  return db::InTransaction<v1::Membership>(
      *pool_, deadline, "create membership",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Membership> {
        RETURN_IF_ERROR(CheckParent(c, partnership_id, m.cluster()));
        const std::string organisation_id =
            m.organisation().substr(sizeof("organisations/") - 1);
        RETURN_IF_ERROR(
            CheckNoGoverningApplication(c, partnership_id, organisation_id));
        RETURN_IF_ERROR(
            WriteMembership(c, clock_->Now(), partnership_id, m, true));
        return Load(c, partnership_id, organisation_id, false);
      });
}

absl::StatusOr<v1::Membership> PartnersRepository::UpdateMembership(
    const std::string& partnership_id, const std::string& organisation_id,
    const std::string& etag, const Mutate<v1::Membership>& mutate,
    absl::Time deadline) {
  return db::InTransaction<v1::Membership>(
      *pool_, deadline, "update membership",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Membership> {
        ASSIGN_OR_RETURN(auto current,
                         Load(c, partnership_id, organisation_id, true));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        v1::Membership next = current;
        RETURN_IF_ERROR(mutate(&next));
        if (next.role() != current.role()) {
          RETURN_IF_ERROR(
              CheckNoGoverningApplication(c, partnership_id, organisation_id));
        }
        RETURN_IF_ERROR(CheckParent(c, partnership_id, next.cluster()));
        RETURN_IF_ERROR(
            WriteMembership(c, clock_->Now(), partnership_id, next, false));
        return Load(c, partnership_id, organisation_id, false);
      });
}

absl::Status PartnersRepository::DeleteMembership(
    const std::string& partnership_id, const std::string& organisation_id,
    const std::string& etag, absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "delete membership", [&](sql::Connection& c) {
        ASSIGN_OR_RETURN(auto current,
                         Load(c, partnership_id, organisation_id, true));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        // Ending it is an end date (or a decision); deleting would erase
        // what the application shows.
        RETURN_IF_ERROR(
            CheckNoGoverningApplication(c, partnership_id, organisation_id));
        auto del =
            db::Prepare(c,
                        "DELETE FROM memberships WHERE partnership_id = ? "
                        "AND organisation_id = ?");
        del->setString(1, partnership_id);
        del->setString(2, organisation_id);
        del->executeUpdate();
        return absl::OkStatus();
      });
}

}  // namespace samen::partners
