// The Partners directory's facts about schools with vacancies, as Vacancies
// keeps them (directory_organisations, directory_memberships): copied in the
// transaction of a vacancy write, read by every vacancy query.

#include <algorithm>
#include <optional>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "cppconn/connection.h"
#include "cppconn/datatype.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/rows.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/statement_cache.h"
#include "services/vacancies/vacancy_repository.h"

namespace samen::vacancies {
namespace {

using db::NullableStr;
using db::Rows;
using db::Str;

// What a copy holds, in a form that compares.
struct Copy {
  std::string display_name;
  std::string city;
  std::string street_address;
  std::string postal_code;
  std::string website;
  std::string logo_url;
  std::string board_id;
  int type = 0;
  int sector = 0;
  // (partnership, region, end date), ordered by partnership.
  std::vector<std::tuple<std::string, std::string, std::string>> memberships;

  // What the public sees of a vacancy: name, address, website, logo,
  // partnerships, regions.
  bool PublicFactsDiffer(const Copy& other) const {
    if (display_name != other.display_name || city != other.city ||
        street_address != other.street_address ||
        postal_code != other.postal_code || website != other.website ||
        logo_url != other.logo_url ||
        memberships.size() != other.memberships.size()) {
      return true;
    }
    for (size_t i = 0; i < memberships.size(); ++i) {
      if (std::get<0>(memberships[i]) != std::get<0>(other.memberships[i]) ||
          std::get<1>(memberships[i]) != std::get<1>(other.memberships[i])) {
        return true;
      }
    }
    return false;
  }
  bool operator==(const Copy&) const = default;
};

Copy CopyOf(const School& school) {
  Copy copy;
  copy.display_name = school.display_name;
  copy.city = school.city;
  copy.street_address = school.street_address;
  copy.postal_code = school.postal_code;
  copy.website = school.website;
  copy.logo_url = school.logo_url;
  copy.board_id = school.scope.board_id;
  copy.type = static_cast<int>(school.type);
  copy.sector = static_cast<int>(school.sector);
  for (const auto& m : school.memberships) {
    copy.memberships.emplace_back(m.partnership_id, m.region, m.end_date);
  }
  std::sort(copy.memberships.begin(), copy.memberships.end());
  return copy;
}

// The stored copy of `id` under its row lock; nullopt when there is none.
std::optional<Copy> LockStored(sql::Connection& c, const std::string& id) {
  auto* org = &db::Cached(c,
                          "SELECT display_name, city, street_address, "
                          "postal_code, website, logo_url, type, sector, "
                          "board_id FROM directory_organisations WHERE id = ? "
                          "FOR UPDATE");
  org->setString(1, id);
  Copy copy;
  {
    Rows rs(org->executeQuery());
    if (!rs->next()) {
      return std::nullopt;
    }
    copy.display_name = Str(*rs, "display_name");
    copy.city = Str(*rs, "city");
    copy.street_address = NullableStr(*rs, "street_address");
    copy.postal_code = NullableStr(*rs, "postal_code");
    copy.website = NullableStr(*rs, "website");
    copy.logo_url = NullableStr(*rs, "logo_url");
    copy.type = rs->getInt("type");
    copy.sector = rs->getInt("sector");
    copy.board_id = NullableStr(*rs, "board_id");
  }
  auto* m = &db::Cached(c,
                        "SELECT partnership_id, region, end_date FROM "
                        "directory_memberships WHERE organisation_id = ? "
                        "ORDER BY partnership_id");
  m->setString(1, id);
  Rows rs(m->executeQuery());
  while (rs->next()) {
    copy.memberships.emplace_back(Str(*rs, "partnership_id"),
                                  Str(*rs, "region"),
                                  NullableStr(*rs, "end_date"));
  }
  return copy;
}

void BindNullable(sql::PreparedStatement& ps, int i, const std::string& value,
                  int type) {
  if (value.empty()) {
    ps.setNull(i, type);
  } else {
    ps.setString(i, value);
  }
}

void Store(sql::Connection& c, const std::string& id, const Copy& copy,
           absl::Time now) {
  auto* org = &db::Cached(
      c,
      "INSERT INTO directory_organisations (id, display_name, city, "
      "street_address, postal_code, website, logo_url, type, sector, "
      "board_id, copy_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON "
      "DUPLICATE KEY UPDATE display_name = VALUES(display_name), city = "
      "VALUES(city), street_address = VALUES(street_address), postal_code = "
      "VALUES(postal_code), website = VALUES(website), logo_url = "
      "VALUES(logo_url), type = VALUES(type), sector = VALUES(sector), "
      "board_id = VALUES(board_id), copy_time = VALUES(copy_time)");
  org->setString(1, id);
  org->setString(2, copy.display_name);
  org->setString(3, copy.city);
  BindNullable(*org, 4, copy.street_address, sql::DataType::VARCHAR);
  BindNullable(*org, 5, copy.postal_code, sql::DataType::VARCHAR);
  BindNullable(*org, 6, copy.website, sql::DataType::VARCHAR);
  BindNullable(*org, 7, copy.logo_url, sql::DataType::VARCHAR);
  org->setInt(8, copy.type);
  org->setInt(9, copy.sector);
  BindNullable(*org, 10, copy.board_id, sql::DataType::VARCHAR);
  org->setString(11, db::FormatSqlDatetime(now));
  org->executeUpdate();
  auto* del = &db::Cached(
      c, "DELETE FROM directory_memberships WHERE organisation_id = ?");
  del->setString(1, id);
  del->executeUpdate();
  auto* ins = &db::Cached(c,
                          "INSERT INTO directory_memberships (organisation_id, "
                          "partnership_id, region, end_date) VALUES (?, ?, ?, "
                          "?)");
  for (const auto& [partnership, region, end_date] : copy.memberships) {
    ins->setString(1, id);
    ins->setString(2, partnership);
    ins->setString(3, region);
    BindNullable(*ins, 4, end_date, sql::DataType::DATE);
    ins->executeUpdate();
  }
}

}  // namespace

absl::Status CopySchool(sql::Connection& c, ChangeSink* sink,
                        const School& school, absl::Time now) {
  const std::string& id = school.scope.school_id;
  const Copy fresh = CopyOf(school);
  const std::optional<Copy> stored = LockStored(c, id);
  if (stored.has_value() && *stored == fresh) {
    return absl::OkStatus();
  }
  Store(c, id, fresh, now);
  if (!stored.has_value() || !stored->PublicFactsDiffer(fresh)) {
    return absl::OkStatus();
  }
  return TouchPublished(
      c, sink,
      "SELECT v.id, v.school_id FROM vacancies v WHERE v.school_id = ? AND "
      "v.status = 2 AND v.expire_time > ? ORDER BY v.id",
      [&](sql::PreparedStatement& ps) {
        ps.setString(1, id);
        ps.setString(2, db::FormatSqlDatetime(now));
      },
      now);
}

}  // namespace samen::vacancies
