// Partnerships and their clusters.

#include <map>

#include "cppconn/exception.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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
    "id, display_name, region, status, academic, founding_year, "
    "accreditation_year, sectors, "
    "version, create_time, update_time";

absl::Status NotFound(const std::string& id) {
  return absl::NotFoundError(
      absl::StrCat("partnerships/", id, " does not exist"));
}

absl::StatusOr<v1::Partnership> ReadRow(sql::ResultSet& rs) {
  v1::Partnership p;
  p.set_name(absl::StrCat("partnerships/", Str(rs, "id")));
  p.set_display_name(Str(rs, "display_name"));
  p.set_region(Str(rs, "region"));
  p.set_status(static_cast<v1::Partnership::Status>(rs.getInt("status")));
  p.set_academic(rs.getBoolean("academic"));
  p.set_founding_year(rs.getInt("founding_year"));
  p.set_accreditation_year(rs.getInt("accreditation_year"));
  for (v1::Sector s : sqlutil::SplitEnums<v1::Sector>(
           Str(rs, "sectors"), [](const std::string&n, v1::Sector*e) {
             return v1::Sector_Parse(n, e);
           })) {
    p.add_sectors(s);
  }
  ReadStoredMetadata(rs, &p);
  return p;
}

// Fills `clusters` of each partnership in `items` (keyed by id) in one query.
void LoadClusters(sql::Connection& c, std::vector<v1::Partnership*> items) {
  if (items.empty()) {
    return;
  }
  std::map<std::string, v1::Partnership*> by_id;
  for (auto* p : items) {
    by_id[p->name().substr(sizeof("partnerships/") - 1)] = p;
  }
  const std::string text = absl::StrCat(
      "SELECT partnership_id, cluster_id, display_name FROM "
      "partnership_clusters WHERE partnership_id IN (",
      sqlutil::Placeholders(by_id.size()),
      ") ORDER BY partnership_id, position");
  sqlutil::Statement ps(c, text, /*cache=*/by_id.size() == 1);
  int i = 1;
  for (const auto& [id, p] : by_id) {
    ps->setString(i++, id);
  }
  Rows rs(ps->executeQuery());
  while (rs->next()) {
    auto* cluster = by_id[Str(*rs, "partnership_id")]->add_clusters();
    cluster->set_id(Str(*rs, "cluster_id"));
    cluster->set_display_name(Str(*rs, "display_name"));
  }
}

absl::StatusOr<v1::Partnership> Load(sql::Connection& c, const std::string& id,
                                     bool lock) {
  if (lock) {
    auto* ps = sqlutil::Cached(
        c, absl::StrCat("SELECT ", kColumns,
                        " FROM partnerships WHERE id = ? FOR UPDATE"));
    ps->setString(1, id);
    Rows rs(ps->executeQuery());
    if (!rs->next()) {
      return NotFound(id);
    }
    auto p = ReadRow(*rs);
    if (!p.ok()) {
      return p.status();
    }
    rs.reset();
    LoadClusters(c, {&*p});
    return p;
  }
  // The hot read: the partnership and its clusters in one round trip.
  auto* ps = sqlutil::Cached(
      c,
      "SELECT p.id, p.display_name, p.region, p.status, p.academic, "
      "p.founding_year, p.accreditation_year, p.sectors, p.version, "
      "p.create_time, p.update_time, c.cluster_id, c.display_name AS "
      "cluster_name "
      "FROM partnerships p LEFT JOIN partnership_clusters c "
      "ON c.partnership_id = p.id WHERE p.id = ? ORDER BY c.position");
  ps->setString(1, id);
  Rows rs(ps->executeQuery());
  absl::StatusOr<v1::Partnership> p = NotFound(id);
  while (rs->next()) {
    if (!p.ok()) {
      p = ReadRow(*rs);
      if (!p.ok()) {
        return p.status();
      }
    }
    if (!rs->isNull("cluster_id")) {
      auto* cluster = p->add_clusters();
      cluster->set_id(Str(*rs, "cluster_id"));
      cluster->set_display_name(Str(*rs, "cluster_name"));
    }
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
  {
    std::string text =
        "DELETE FROM partnership_clusters WHERE partnership_id = ?";
    if (!keep.empty()) {
      absl::StrAppend(&text, " AND cluster_id NOT IN (",
                      sqlutil::Placeholders(keep.size()), ")");
    }
    auto ps = Prepare(c, text);
    ps->setString(1, id);
    for (size_t i = 0; i < keep.size(); ++i) {
      ps->setString(static_cast<int>(i) + 2, keep[i]);
    }
    try {
      ps->executeUpdate();
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() == 1451) {
        return InvalidField(
            "partnership.clusters",
            "a cluster that still has members cannot be removed");
      }
      throw;
    }
  }
  auto ps = Prepare(
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

std::string SectorsCsv(const v1::Partnership& p) {
  return sqlutil::JoinEnums<v1::Sector>(
      p.sectors(), [](v1::Sector s) { return v1::Sector_Name(s); });
}

}  // namespace

absl::Status PartnersRepository::Ping(absl::Time deadline) {
  return db::RunWithConnection(
      *pool_, deadline, "health check", [](sql::Connection& c) {
        Rows rs(Prepare(c, "SELECT 1")->executeQuery());
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
        std::string text = absl::StrCat("SELECT ", kColumns,
                                        " FROM partnerships WHERE id > ?");
        if (!filter.region.empty()) {
          text += " AND region = ?";
        }
        if (filter.status != v1::Partnership::STATUS_UNSPECIFIED) {
          text += " AND status = ?";
        }
        if (filter.sector != v1::SECTOR_UNSPECIFIED) {
          text += " AND FIND_IN_SET(?, sectors) > 0";
        }
        text += " ORDER BY id LIMIT ?";
        auto ps = Prepare(c, text);
        int i = 1;
        ps->setString(i++, after);
        if (!filter.region.empty()) {
          ps->setString(i++, filter.region);
        }
        if (filter.status != v1::Partnership::STATUS_UNSPECIFIED) {
          ps->setInt(i++, filter.status);
        }
        if (filter.sector != v1::SECTOR_UNSPECIFIED) {
          ps->setString(i++, v1::Sector_Name(filter.sector));
        }
        ps->setInt(i++, limit + 1);
        Rows rs(ps->executeQuery());
        ASSIGN_OR_RETURN(auto page,
                         ReadIdPage<v1::Partnership>(*rs, limit, ReadRow));
        std::vector<v1::Partnership*> ptrs;
        for (auto& p : page.items) {
          ptrs.push_back(&p);
        }
        LoadClusters(c, ptrs);
        return page;
      });
}

absl::StatusOr<v1::Partnership> PartnersRepository::CreatePartnership(
    const std::string& id, const v1::Partnership& partnership,
    absl::Time deadline) {
  return db::InTransaction<v1::Partnership>(
      *pool_, deadline, "create partnership",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Partnership> {
        const std::string now = FormatSqlDatetime(clock_->Now());
        auto ps = Prepare(
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
        try {
          ps->executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == 1062) {
            return absl::AlreadyExistsError(
                absl::StrContains(e.what(), "display_name")
                    ? "a partnership with this display_name already exists"
                    : absl::StrCat("partnerships/", id, " already exists"));
          }
          throw;
        }
        RETURN_IF_ERROR(WriteClusters(c, id, partnership));
        return Load(c, id, /*lock=*/false);
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
        auto ps = Prepare(
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
        ps->setString(8, FormatSqlDatetime(clock_->Now()));
        ps->setString(9, id);
        try {
          ps->executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == 1062) {
            return absl::AlreadyExistsError(
                "a partnership with this display_name already exists");
          }
          throw;
        }
        RETURN_IF_ERROR(WriteClusters(c, id, next));
        return Load(c, id, /*lock=*/false);
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
        auto count = Prepare(
            c,
            "SELECT COUNT(*) AS n FROM memberships WHERE partnership_id = ?");
        count->setString(1, id);
        Rows rs(count->executeQuery());
        rs->next();
        if (rs->getInt64("n") > 0) {
          if (!force) {
            return WithReason(absl::FailedPreconditionError(
                                  "the partnership still has memberships; "
                                  "remove them first or "
                                  "delete with force=true"),
                              "HAS_MEMBERSHIPS");
          }
          auto del =
              Prepare(c, "DELETE FROM memberships WHERE partnership_id = ?");
          del->setString(1, id);
          del->executeUpdate();
        }
        auto del = Prepare(c, "DELETE FROM partnerships WHERE id = ?");
        del->setString(1, id);
        del->executeUpdate();
        return absl::OkStatus();
      });
}

}  // namespace samen::partners
