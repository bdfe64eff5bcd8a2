// Organisations (school boards, schools, institutes).

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "db/errors.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/transaction.h"
#include "services/common/errors.h"
#include "services/common/resource/etag.h"
#include "services/common/status_macros.h"
#include "services/common/stored_resource.h"
#include "services/partners/partners_repository.h"

namespace samen::partners {
namespace {

constexpr char kColumns[] =
    "o.id, o.display_name, o.type, o.sector, o.board_id, o.city, "
    "o.institute_kind, o.website, o.street_address, o.postal_code, "
    "o.logo_url, o.version, o.create_time, o.update_time";
constexpr size_t kPrefix = sizeof("organisations/") - 1;

absl::StatusOr<v1::Organisation> ReadRow(sql::ResultSet& rs) {
  v1::Organisation o;
  o.set_name(absl::StrCat("organisations/", db::Str(rs, "id")));
  o.set_display_name(db::Str(rs, "display_name"));
  o.set_type(static_cast<v1::Organisation::Type>(rs.getInt("type")));
  o.set_sector(static_cast<v1::Sector>(rs.getInt("sector")));
  const std::string board = db::NullableStr(rs, "board_id");
  if (!board.empty()) {
    o.set_board(absl::StrCat("organisations/", board));
  }
  o.set_city(db::Str(rs, "city"));
  o.set_institute_kind(static_cast<v1::Organisation::InstituteKind>(
      rs.getInt("institute_kind")));
  o.set_website(db::Str(rs, "website"));
  o.set_street_address(db::NullableStr(rs, "street_address"));
  o.set_postal_code(db::NullableStr(rs, "postal_code"));
  o.set_logo_url(db::NullableStr(rs, "logo_url"));
  ReadStoredMetadata(rs, &o);
  return o;
}

absl::StatusOr<v1::Organisation> Load(sql::Connection& c, const std::string& id,
                                      bool lock) {
  return LoadById(
      c,
      absl::StrCat("SELECT ", kColumns, " FROM organisations o WHERE o.id = ?"),
      "organisations", id, lock, ReadRow);
}

// The board must exist and be a school board.
absl::Status CheckBoard(sql::Connection& c, const v1::Organisation& o,
                        absl::string_view field) {
  if (o.board().empty()) {
    return absl::OkStatus();
  }
  auto ps = db::Prepare(
      c, "SELECT type FROM organisations WHERE id = ? LOCK IN SHARE MODE");
  ps->setString(1, o.board().substr(kPrefix));
  db::Rows rs(ps->executeQuery());
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

// Runs `ps`, the INSERT or UPDATE of organisation `id`; the organisation as
// stored.
absl::StatusOr<v1::Organisation> WriteAndLoad(sql::Connection& c,
                                              sql::PreparedStatement& ps,
                                              const std::string& id) {
  RETURN_IF_ERROR(db::CatchSqlError(
      {db::kErDupEntry}, [&] { ps.executeUpdate(); },
      [&](const sql::SQLException& e) { return DuplicateName(e, id); }));
  return Load(c, id, /*lock=*/false);
}

std::vector<std::string> PartnershipsOf(sql::Connection& c,
                                        const std::string& id) {
  auto ps = db::Prepare(
      c, "SELECT partnership_id FROM memberships WHERE organisation_id = ?");
  ps->setString(1, id);
  db::Rows rs(ps->executeQuery());
  std::vector<std::string> out;
  while (rs->next()) {
    out.push_back(db::Str(*rs, "partnership_id"));
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
        std::string select =
            absl::StrCat("SELECT ", kColumns, " FROM organisations o");
        db::Where w;
        if (!filter.partnership_id.empty()) {
          select += " JOIN memberships m ON m.organisation_id = o.id";
          w.Add("m.partnership_id = ?", {filter.partnership_id});
        }
        if (filter.type != v1::Organisation::TYPE_UNSPECIFIED) {
          w.Add("o.type = ?", {static_cast<int64_t>(filter.type)});
        }
        if (filter.sector != v1::SECTOR_UNSPECIFIED) {
          w.Add("o.sector = ?", {static_cast<int64_t>(filter.sector)});
        }
        if (!filter.city.empty()) {
          w.Add("o.city = ?", {filter.city});
        }
        if (!filter.board_id.empty()) {
          w.Add("o.board_id = ?", {filter.board_id});
        }
        return ListById<v1::Organisation>(c, select, "o.id", after, w, limit,
                                          ReadRow);
      });
}

absl::StatusOr<v1::Organisation> PartnersRepository::CreateOrganisation(
    const std::string& id, const v1::Organisation& o, absl::Time deadline) {
  return db::InTransaction<v1::Organisation>(
      *pool_, deadline, "create organisation",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Organisation> {
        RETURN_IF_ERROR(CheckBoard(c, o, "organisation.board"));
        const std::string now = db::FormatSqlDatetime(clock_->Now());
        auto ps = db::Prepare(
            c,
            "INSERT INTO organisations (id, display_name, type, sector, "
            "board_id, "
            "city, institute_kind, website, street_address, postal_code, "
            "logo_url, version, create_time, update_time) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
        ps->setString(1, id);
        ps->setString(2, o.display_name());
        ps->setInt(3, o.type());
        ps->setInt(4, o.sector());
        db::BindNullable(*ps, 5, BoardId(o));
        ps->setString(6, o.city());
        ps->setInt(7, o.institute_kind());
        ps->setString(8, o.website());
        db::BindNullable(*ps, 9, o.street_address());
        db::BindNullable(*ps, 10, o.postal_code());
        db::BindNullable(*ps, 11, o.logo_url());
        ps->setString(12, now);
        ps->setString(13, now);
        return WriteAndLoad(c, *ps, id);
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
        auto ps = db::Prepare(
            c,
            "UPDATE organisations SET display_name = ?, sector = ?, board_id = "
            "?, "
            "city = ?, institute_kind = ?, website = ?, street_address = ?, "
            "postal_code = ?, logo_url = ?, version = version + 1, "
            "update_time = ? WHERE id = ?");
        ps->setString(1, next.display_name());
        ps->setInt(2, next.sector());
        db::BindNullable(*ps, 3, BoardId(next));
        ps->setString(4, next.city());
        ps->setInt(5, next.institute_kind());
        ps->setString(6, next.website());
        db::BindNullable(*ps, 7, next.street_address());
        db::BindNullable(*ps, 8, next.postal_code());
        db::BindNullable(*ps, 9, next.logo_url());
        ps->setString(10, db::FormatSqlDatetime(clock_->Now()));
        ps->setString(11, id);
        return WriteAndLoad(c, *ps, id);
      });
}

absl::Status PartnersRepository::DeleteOrganisation(const std::string& id,
                                                    const std::string& etag,
                                                    absl::Time deadline) {
  return db::RunInTransaction(
      *pool_, deadline, "delete organisation", [&](sql::Connection& c) {
        ASSIGN_OR_RETURN(auto current, Load(c, id, /*lock=*/true));
        RETURN_IF_ERROR(resource::CheckEtag(etag, current.etag()));
        auto del = db::Prepare(c, "DELETE FROM organisations WHERE id = ?");
        del->setString(1, id);
        return db::CatchSqlError(
            {db::kErRowIsReferenced}, [&] { del->executeUpdate(); },
            [](const sql::SQLException&) {
              return WithReason(
                  absl::FailedPreconditionError(
                      "the organisation is still a member of a partnership, "
                      "owns schools or has people affiliated; remove those "
                      "first"),
                  "IN_USE");
            });
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
