// Organisations (school boards, schools, institutes).

#include "absl/strings/match.h"
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
    "o.id, o.display_name, o.type, o.sector, o.board_id, o.city, "
    "o.institute_kind, o.website, "
    "o.version, o.create_time, o.update_time";
constexpr size_t kPrefix = sizeof("organisations/") - 1;

absl::Status NotFound(const std::string& id) {
  return absl::NotFoundError(
      absl::StrCat("organisations/", id, " does not exist"));
}

absl::StatusOr<v1::Organisation> ReadRow(sql::ResultSet& rs) {
  v1::Organisation o;
  o.set_name(absl::StrCat("organisations/", Str(rs, "id")));
  o.set_display_name(Str(rs, "display_name"));
  o.set_type(static_cast<v1::Organisation::Type>(rs.getInt("type")));
  o.set_sector(static_cast<v1::Sector>(rs.getInt("sector")));
  const std::string board = sqlutil::NullableStr(rs, "board_id");
  if (!board.empty()) {
    o.set_board(absl::StrCat("organisations/", board));
  }
  o.set_city(Str(rs, "city"));
  o.set_institute_kind(static_cast<v1::Organisation::InstituteKind>(
      rs.getInt("institute_kind")));
  o.set_website(Str(rs, "website"));
  ReadStoredMetadata(rs, &o);
  return o;
}

absl::StatusOr<v1::Organisation> Load(sql::Connection& c, const std::string& id,
                                      bool lock) {
  auto* ps =
      sqlutil::Cached(c, absl::StrCat("SELECT ", kColumns,
                                      " FROM organisations o WHERE o.id = ?",
                                      lock ? " FOR UPDATE" : ""));
  ps->setString(1, id);
  Rows rs(ps->executeQuery());
  if (!rs->next()) {
    return NotFound(id);
  }
  return ReadRow(*rs);
}

// The board must exist and be a school board.
absl::Status CheckBoard(sql::Connection& c, const v1::Organisation& o,
                        absl::string_view field) {
  if (o.board().empty()) {
    return absl::OkStatus();
  }
  auto ps = Prepare(
      c, "SELECT type FROM organisations WHERE id = ? LOCK IN SHARE MODE");
  ps->setString(1, o.board().substr(kPrefix));
  Rows rs(ps->executeQuery());
  if (!rs->next()) {
    return InvalidField(field, absl::StrCat(o.board(), " does not exist"));
  }
  if (rs->getInt("type") != v1::Organisation::SCHOOL_BOARD) {
    return InvalidField(field,
                        absl::StrCat(o.board(), " is not a school board"));
  }
  return absl::OkStatus();
}

std::string BoardId(const v1::Organisation& o) {
  return o.board().empty() ? std::string() : o.board().substr(kPrefix);
}

absl::Status DuplicateName(const sql::SQLException& e, const std::string& id) {
  return absl::AlreadyExistsError(
      absl::StrContains(e.what(), "display_name")
          ? "an organisation with this display_name already exists"
          : absl::StrCat("organisations/", id, " already exists"));
}

std::vector<std::string> PartnershipsOf(sql::Connection& c,
                                        const std::string& id) {
  auto ps = Prepare(
      c, "SELECT partnership_id FROM memberships WHERE organisation_id = ?");
  ps->setString(1, id);
  Rows rs(ps->executeQuery());
  std::vector<std::string> out;
  while (rs->next()) {
    out.push_back(Str(*rs, "partnership_id"));
  }
  return out;
}

}  // namespace

absl::StatusOr<v1::Organisation> PartnersRepository::GetOrganisation(
    const std::string& id, absl::Time deadline) {
  return db::WithConnection<v1::Organisation>(
      *pool_, deadline, "get organisation",
      [&](sql::Connection& c) { return Load(c, id, /*lock=*/false); });
}

absl::StatusOr<Page<v1::Organisation>> PartnersRepository::ListOrganisations(
    const OrganisationFilter& filter, const std::string& after, int limit,
    absl::Time deadline) {
  return db::WithConnection<Page<v1::Organisation>>(
      *pool_, deadline, "list organisations",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::Organisation>> {
        std::string text =
            absl::StrCat("SELECT ", kColumns, " FROM organisations o");
        if (!filter.partnership_id.empty()) {
          text +=
              " JOIN memberships m ON m.organisation_id = o.id AND "
              "m.partnership_id = ?";
        }
        text += " WHERE o.id > ?";
        if (filter.type != v1::Organisation::TYPE_UNSPECIFIED) {
          text += " AND o.type = ?";
        }
        if (filter.sector != v1::SECTOR_UNSPECIFIED) {
          text += " AND o.sector = ?";
        }
        if (!filter.city.empty()) {
          text += " AND o.city = ?";
        }
        if (!filter.board_id.empty()) {
          text += " AND o.board_id = ?";
        }
        text += " ORDER BY o.id LIMIT ?";
        auto ps = Prepare(c, text);
        int i = 1;
        if (!filter.partnership_id.empty()) {
          ps->setString(i++, filter.partnership_id);
        }
        ps->setString(i++, after);
        if (filter.type != v1::Organisation::TYPE_UNSPECIFIED) {
          ps->setInt(i++, filter.type);
        }
        if (filter.sector != v1::SECTOR_UNSPECIFIED) {
          ps->setInt(i++, filter.sector);
        }
        if (!filter.city.empty()) {
          ps->setString(i++, filter.city);
        }
        if (!filter.board_id.empty()) {
          ps->setString(i++, filter.board_id);
        }
        ps->setInt(i++, limit + 1);
        Rows rs(ps->executeQuery());
        return ReadIdPage<v1::Organisation>(*rs, limit, ReadRow);
      });
}

absl::StatusOr<v1::Organisation> PartnersRepository::CreateOrganisation(
    const std::string& id, const v1::Organisation& o, absl::Time deadline) {
  return db::InTransaction<v1::Organisation>(
      *pool_, deadline, "create organisation",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Organisation> {
        RETURN_IF_ERROR(CheckBoard(c, o, "organisation.board"));
        const std::string now = FormatSqlDatetime(clock_->Now());
        auto ps = Prepare(
            c,
            "INSERT INTO organisations (id, display_name, type, sector, "
            "board_id, "
            "city, institute_kind, website, version, create_time, update_time) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
        ps->setString(1, id);
        ps->setString(2, o.display_name());
        ps->setInt(3, o.type());
        ps->setInt(4, o.sector());
        sqlutil::BindNullable(*ps, 5, BoardId(o));
        ps->setString(6, o.city());
        ps->setInt(7, o.institute_kind());
        ps->setString(8, o.website());
        ps->setString(9, now);
        ps->setString(10, now);
        try {
          ps->executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == 1062) {
            return DuplicateName(e, id);
          }
          throw;
        }
        return Load(c, id, /*lock=*/false);
      });
}

absl::StatusOr<v1::Organisation> PartnersRepository::UpdateOrganisation(
    const std::string& id, const std::string& etag,
    const std::function<absl::Status(v1::Organisation*,
                                     const std::vector<std::string>&)>& mutate,
    absl::Time deadline) {
  return db::InTransaction<v1::Organisation>(
      *pool_, deadline, "update organisation",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Organisation> {
        ASSIGN_OR_RETURN(auto current, Load(c, id, /*lock=*/true));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        v1::Organisation next = current;
        RETURN_IF_ERROR(mutate(&next, PartnershipsOf(c, id)));
        if (next.board() == current.name()) {
          return InvalidField("organisation.board",
                              "an organisation cannot be its own board");
        }
        RETURN_IF_ERROR(CheckBoard(c, next, "organisation.board"));
        auto ps = Prepare(
            c,
            "UPDATE organisations SET display_name = ?, sector = ?, board_id = "
            "?, "
            "city = ?, institute_kind = ?, website = ?, version = version + 1, "
            "update_time = ? WHERE id = ?");
        ps->setString(1, next.display_name());
        ps->setInt(2, next.sector());
        sqlutil::BindNullable(*ps, 3, BoardId(next));
        ps->setString(4, next.city());
        ps->setInt(5, next.institute_kind());
        ps->setString(6, next.website());
        ps->setString(7, FormatSqlDatetime(clock_->Now()));
        ps->setString(8, id);
        try {
          ps->executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == 1062) {
            return DuplicateName(e, id);
          }
          throw;
        }
        return Load(c, id, /*lock=*/false);
      });
}

absl::Status PartnersRepository::DeleteOrganisation(const std::string& id,
                                                    const std::string& etag,
                                                    absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "delete organisation", [&](sql::Connection& c) {
        ASSIGN_OR_RETURN(auto current, Load(c, id, /*lock=*/true));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        auto del = Prepare(c, "DELETE FROM organisations WHERE id = ?");
        del->setString(1, id);
        try {
          del->executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == 1451) {
            return WithReason(
                absl::FailedPreconditionError(
                    "the organisation is still a member of a partnership, owns "
                    "schools or has people affiliated; remove those first"),
                "IN_USE");
          }
          throw;
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<std::vector<OrganisationScope>> PartnersRepository::ScopesOf(
    const std::vector<std::string>& ids, absl::Time deadline) {
  return db::WithConnection<std::vector<OrganisationScope>>(
      *pool_, deadline, "read organisation scopes",
      [&](sql::Connection& c)
          -> absl::StatusOr<std::vector<OrganisationScope>> {
        std::vector<OrganisationScope> out;
        for (const auto& id : ids) {
          out.push_back({id, PartnershipsOf(c, id)});
        }
        return out;
      });
}

}  // namespace samen::partners
