// Partnerships and their clusters.

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "cppconn/exception.h"

#include <algorithm>
#include <utility>
#include <vector>
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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
    "id, display_name, region, status, academic, founding_year, "
    "accreditation_year, sectors, "
    "version, create_time, update_time";

absl::StatusOr<v1::Partnership> ReadRow(sql::ResultSet& rs) {
  v1::Partnership p;
  p.set_name(absl::StrCat("partnerships/", db::Str(rs, "id")));
  p.set_display_name(db::Str(rs, "display_name"));
  p.set_region(db::Str(rs, "region"));
  p.set_status(static_cast<v1::Partnership::Status>(rs.getInt("status")));
  p.set_academic(rs.getBoolean("academic"));
  p.set_founding_year(rs.getInt("founding_year"));
  p.set_accreditation_year(rs.getInt("accreditation_year"));
  for (v1::Sector s : db::SplitEnums<v1::Sector>(
           db::Str(rs, "sectors"), [](const std::string&n, v1::Sector*e) {
             return v1::Sector_Parse(n, e);
           })) {
    p.add_sectors(s);
  }
  ReadStoredMetadata(rs, &p);
  return p;
}

// Fills `clusters` of each partnership in `items` (keyed by id) in one query.
void LoadClusters(sql::Connection& c,
                  const std::vector<v1::Partnership*>& items) {
  LoadChildRows(c,
                "SELECT partnership_id, cluster_id, display_name FROM "
                "partnership_clusters",
                "partnership_id", items,
                [](v1::Partnership& p, sql::ResultSet& row) {
                  auto* cluster = p.add_clusters();
                  cluster->set_id(db::Str(row, "cluster_id"));
                  cluster->set_display_name(db::Str(row, "display_name"));
                });
}

absl::StatusOr<v1::Partnership> Load(sql::Connection& c, const std::string& id,
                                     bool lock) {
  if (lock) {
    ASSIGN_OR_RETURN(v1::Partnership p,
                     LoadById(c,
                              absl::StrCat("SELECT ", kColumns,
                                           " FROM partnerships WHERE id = ?"),
                              "partnerships", id, /*lock=*/true, ReadRow));
    LoadClusters(c, {&p});
    return p;
  }
  // The hot read: the partnership and its clusters in one round trip. The
  // clusters are put in order here: ORDER BY over the join makes the server
  // build a temporary table and sort it for every read (a third of the
  // statement's cost).
  db::Rows rs = db::ExecuteQuery(
      c,
      "SELECT p.id, p.display_name, p.region, p.status, p.academic, "
      "p.founding_year, p.accreditation_year, p.sectors, p.version, "
      "p.create_time, p.update_time, c.cluster_id, c.display_name AS "
      "cluster_name, c.position "
      "FROM partnerships p LEFT JOIN partnership_clusters c "
      "ON c.partnership_id = p.id WHERE p.id = ?",
      id);
  absl::StatusOr<v1::Partnership> p =
      ResourceNotFound(absl::StrCat("partnerships/", id));
  std::vector<std::pair<int, v1::Cluster>> clusters;
  while (rs->next()) {
    if (!p.ok()) {
      p = ReadRow(*rs);
      if (!p.ok()) {
        return p.status();
      }
    }
    if (!rs->isNull("cluster_id")) {
      v1::Cluster cluster;
      cluster.set_id(db::Str(*rs, "cluster_id"));
      cluster.set_display_name(db::Str(*rs, "cluster_name"));
      clusters.emplace_back(db::Int(*rs, "position"), std::move(cluster));
    }
  }
  std::sort(clusters.begin(), clusters.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [position, cluster] : clusters) {
    *p->add_clusters() = std::move(cluster);
  }
  return p;
}

// Replaces the clusters of a partnership: removes those no longer listed
// (refused by the foreign key while a membership uses one), then upserts the
// rest in order.
absl::Status WriteClusters(sql::Connection& c, const std::string& id,
                           const v1::Partnership& p) {
  std::vector<std::string> keep;
  for (const auto& cl : p.clusters()) {
    keep.push_back(cl.id());
  }
  RETURN_IF_ERROR(db::CatchSqlError(
      {db::kErRowIsReferenced},
      [&] {
        db::DeleteChildrenExcept(c, "partnership_clusters", "partnership_id",
                                 id, "cluster_id", keep);
      },
      [](const sql::SQLException&) {
        return InvalidField(
            "partnership.clusters",
            "a cluster that still has members cannot be removed");
      }));
  auto ps = db::Prepare(
      c,
      "INSERT INTO partnership_clusters (partnership_id, cluster_id, "
      "display_name, "
      "position) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
      "display_name = VALUES(display_name), position = VALUES(position)");
  for (int i = 0; i < p.clusters_size(); ++i) {
    ps->setString(1, id);
    ps->setString(2, p.clusters(i).id());
    ps->setString(3, p.clusters(i).display_name());
    ps->setInt(4, i);
    ps->executeUpdate();
  }
  return absl::OkStatus();
}

// ALREADY_EXISTS for a duplicate key: the display_name or (on create) the id.
absl::Status DuplicateName(const sql::SQLException& e, const std::string& id) {
  return absl::AlreadyExistsError(
      absl::StrContains(e.what(), "display_name")
          ? "a partnership with this display_name already exists"
          : absl::StrCat("partnerships/", id, " already exists"));
}

// Runs `ps`, the INSERT or UPDATE of partnership `id`, and replaces its
// clusters with those of `p`; the partnership as stored.
absl::StatusOr<v1::Partnership> WriteAndLoad(sql::Connection& c,
                                             sql::PreparedStatement& ps,
                                             const std::string& id,
                                             const v1::Partnership& p) {
  RETURN_IF_ERROR(db::CatchSqlError(
      {db::kErDupEntry}, [&] { ps.executeUpdate(); },
      [&](const sql::SQLException& e) { return DuplicateName(e, id); }));
  RETURN_IF_ERROR(WriteClusters(c, id, p));
  return Load(c, id, /*lock=*/false);
}

std::string SectorsCsv(const v1::Partnership& p) {
  return db::JoinEnums<v1::Sector>(
      p.sectors(), [](v1::Sector s) { return v1::Sector_Name(s); });
}

}  // namespace

absl::Status PartnersRepository::Ping(absl::Time deadline) {
  return db::RunWithConnection(
      *pool_, deadline, "health check", [](sql::Connection& c) {
        db::Rows rs(db::Prepare(c, "SELECT 1")->executeQuery());
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Partnership> PartnersRepository::GetPartnership(
    const std::string& id, absl::Time deadline) {
  return db::WithConnection<v1::Partnership>(
      *pool_, deadline, "get partnership",
      [&](sql::Connection& c) { return Load(c, id, /*lock=*/false); });
}

absl::StatusOr<Page<v1::Partnership>> PartnersRepository::ListPartnerships(
    const PartnershipFilter& filter, const std::string& after, int limit,
    absl::Time deadline) {
  return db::WithConnection<Page<v1::Partnership>>(
      *pool_, deadline, "list partnerships",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::Partnership>> {
        db::Where w;
        if (!filter.region.empty()) {
          w.Add("region = ?", {filter.region});
        }
        if (filter.status != v1::Partnership::STATUS_UNSPECIFIED) {
          w.Add("status = ?", {static_cast<int64_t>(filter.status)});
        }
        if (filter.sector != v1::SECTOR_UNSPECIFIED) {
          w.Add("FIND_IN_SET(?, sectors) > 0",
                {v1::Sector_Name(filter.sector)});
        }
        ASSIGN_OR_RETURN(
            auto page,
            ListById<v1::Partnership>(
                c, absl::StrCat("SELECT ", kColumns, " FROM partnerships"),
                "id", after, w, limit, ReadRow));
        LoadClusters(c, Pointers(page.items));
        return page;
      });
}

absl::StatusOr<v1::Partnership> PartnersRepository::CreatePartnership(
    const std::string& id, const v1::Partnership& partnership,
    absl::Time deadline) {
  return db::InTransaction<v1::Partnership>(
      *pool_, deadline, "create partnership",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Partnership> {
        const std::string now = db::FormatSqlDatetime(clock_->Now());
        auto ps = db::Prepare(
            c, absl::StrCat("INSERT INTO partnerships (", kColumns,
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"));
        ps->setString(1, id);
        ps->setString(2, partnership.display_name());
        ps->setString(3, partnership.region());
        ps->setInt(4, partnership.status());
        ps->setBoolean(5, partnership.academic());
        ps->setInt(6, partnership.founding_year());
        ps->setInt(7, partnership.accreditation_year());
        ps->setString(8, SectorsCsv(partnership));
        ps->setString(9, now);
        ps->setString(10, now);
        return WriteAndLoad(c, *ps, id, partnership);
      });
}

absl::StatusOr<v1::Partnership> PartnersRepository::UpdatePartnership(
    const std::string& id, const std::string& etag,
    const Mutate<v1::Partnership>& mutate, absl::Time deadline) {
  return db::InTransaction<v1::Partnership>(
      *pool_, deadline, "update partnership",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Partnership> {
        ASSIGN_OR_RETURN(auto current, Load(c, id, /*lock=*/true));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        v1::Partnership next = current;
        RETURN_IF_ERROR(mutate(&next));
        auto ps = db::Prepare(
            c,
            "UPDATE partnerships SET display_name = ?, region = ?, status = ?, "
            "academic = ?, founding_year = ?, accreditation_year = ?, sectors "
            "= ?, "
            "version = version + 1, update_time = ? WHERE id = ?");
        ps->setString(1, next.display_name());
        ps->setString(2, next.region());
        ps->setInt(3, next.status());
        ps->setBoolean(4, next.academic());
        ps->setInt(5, next.founding_year());
        ps->setInt(6, next.accreditation_year());
        ps->setString(7, SectorsCsv(next));
        ps->setString(8, db::FormatSqlDatetime(clock_->Now()));
        ps->setString(9, id);
        return WriteAndLoad(c, *ps, id, next);
      });
}

absl::Status PartnersRepository::DeletePartnership(const std::string& id,
                                                   const std::string& etag,
                                                   bool force,
                                                   absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "delete partnership", [&](sql::Connection& c) {
        ASSIGN_OR_RETURN(auto current, Load(c, id, /*lock=*/true));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        auto count = db::Prepare(
            c,
            "SELECT COUNT(*) AS n FROM memberships WHERE partnership_id = ?");
        count->setString(1, id);
        db::Rows rs(count->executeQuery());
        rs->next();
        if (rs->getInt64("n") > 0) {
          if (!force) {
            return WithReason(absl::FailedPreconditionError(
                                  "the partnership still has memberships; "
                                  "remove them first or "
                                  "delete with force=true"),
                              "HAS_MEMBERSHIPS");
          }
          auto del = db::Prepare(
              c, "DELETE FROM memberships WHERE partnership_id = ?");
          del->setString(1, id);
          del->executeUpdate();
        }
        auto del = db::Prepare(c, "DELETE FROM partnerships WHERE id = ?");
        del->setString(1, id);
        del->executeUpdate();
        return absl::OkStatus();
      });
}

}  // namespace samen::partners
