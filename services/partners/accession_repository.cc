// Accession protocols and applications (docs/joining.md). Each row keeps the
// resource's body as the API's JSON (steps, progress, decisions), beside the
// columns queries and constraints need; the migration 0008 explains the
// one-open-application key. Decisions change the membership in the same
// transaction through membership_rows.h and append a membership_changes row;
// an ADMITTED_FOLLOWING outcome opens the re-audit in that transaction too.
// accession_audit_repository.cc has the audit, documents and overview.

#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "db/errors.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/sql_time.h"
#include "db/statement.h"
#include "db/transaction.h"
#include "db/where.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/errors.h"
#include "services/common/resource/etag.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/common/stored_resource.h"
#include "services/common/timestamp.h"
#include "services/partners/accession_audit_rules.h"
#include "services/partners/accession_rows.h"
#include "services/partners/membership_rows.h"
#include "services/partners/partners_repository.h"
#include "services/partners/stored_json.h"

namespace samen::partners {
namespace {

constexpr char kProtocolSelect[] =
    "SELECT partnership_id, protocol_id, body, version, create_time, "
    "update_time FROM accession_protocols";
constexpr char kApplicationSelect[] =
    "SELECT partnership_id, application_id, body, version, create_time, "
    "update_time FROM accession_applications";

// The body as stored: the resource without name, etag and times.
template <typename Message>
std::string Body(Message m) {
  m.clear_name();
  m.clear_etag();
  m.clear_create_time();
  m.clear_update_time();
  return ToJson(m);
}

absl::StatusOr<v1::AccessionProtocol> ReadProtocol(sql::ResultSet& rs) {
  ASSIGN_OR_RETURN(auto p,
                   FromJson<v1::AccessionProtocol>(db::Str(rs, "body")));
  p.set_name(
      ProtocolName(db::Str(rs, "partnership_id"), db::Str(rs, "protocol_id")));
  ReadStoredMetadata(rs, &p);
  return p;
}

absl::StatusOr<v1::Application> ReadApplication(sql::ResultSet& rs) {
  ASSIGN_OR_RETURN(auto a, FromJson<v1::Application>(db::Str(rs, "body")));
  a.set_name(ApplicationName(db::Str(rs, "partnership_id"),
                             db::Str(rs, "application_id")));
  ReadStoredMetadata(rs, &a);
  return a;
}

absl::StatusOr<v1::AccessionProtocol> LoadProtocol(sql::Connection& c,
                                                   const std::string& p,
                                                   const std::string& id,
                                                   bool lock) {
  return db::ReadOne(
      db::ExecuteQuery(c,
                       absl::StrCat(kProtocolSelect,
                                    " WHERE partnership_id = ? AND "
                                    "protocol_id = ?",
                                    db::ForUpdate(lock)),
                       p, id),
      ReadProtocol, [&] { return ResourceNotFound(ProtocolName(p, id)); });
}

absl::Status CheckPartnership(sql::Connection& c, const std::string& p) {
  db::Rows rs =
      db::ExecuteQuery(c, "SELECT id FROM partnerships WHERE id = ?", p);
  if (!rs->next()) {
    return ResourceNotFound(absl::StrCat("partnerships/", p));
  }
  return absl::OkStatus();
}

std::string OrganisationId(const std::string& name) {
  return name.substr(sizeof("organisations/") - 1);
}

// Applies `effect` to the organisation's membership and records the change.
absl::Status ApplyEffect(sql::Connection& c, absl::Time now,
                         const std::string& p, const v1::Application& app,
                         const MembershipEffect& effect,
                         const std::string& actor) {
  const std::string org = OrganisationId(app.organisation());
  ASSIGN_OR_RETURN(auto current, FindMembership(c, p, org, true));
  ASSIGN_OR_RETURN(auto next,
                   MembershipAfter(current, app.organisation(), effect));
  if (!next.has_value()) {
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(WriteMembership(c, now, p, *next, !current.has_value()));
  auto ps = db::Prepare(
      c,
      "INSERT INTO membership_changes (partnership_id, organisation_id, "
      "role_before, role_after, end_date_after, actor, cause, change_time) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  ps->setString(1, p);
  ps->setString(2, org);
  if (current.has_value()) {
    ps->setInt(3, current->role());
  } else {
    ps->setNull(3, 0);
  }
  ps->setInt(4, next->role());
  db::BindNullable(*ps, 5, next->end_date());
  ps->setString(6, actor);
  ps->setString(7, app.name());
  ps->setString(8, db::FormatSqlDatetime(now));
  ps->executeUpdate();
  return absl::OkStatus();
}

// Inserts `app` as `partnerships/{p}/applications/{id}` (open: with its
// open-organisation key); ALREADY_EXISTS / INVALID_ARGUMENT as
// CreateApplication documents.
absl::Status InsertApplication(sql::Connection& c, absl::Time now,
                               const std::string& p, const std::string& id,
                               const std::string& protocol_id,
                               const v1::Application& app) {
  const std::string org = OrganisationId(app.organisation());
  const std::string stamp = db::FormatSqlDatetime(now);
  auto ps = db::Prepare(
      c,
      "INSERT INTO accession_applications (partnership_id, "
      "application_id, organisation_id, open_organisation_id, "
      "protocol_id, state, body, version, create_time, update_time) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
  ps->setString(1, p);
  ps->setString(2, id);
  ps->setString(3, org);
  ps->setString(4, org);
  ps->setString(5, protocol_id);
  ps->setInt(6, app.state());
  ps->setString(7, Body(app));
  ps->setString(8, stamp);
  ps->setString(9, stamp);
  return db::CatchSqlError(
      {db::kErDupEntry, db::kErNoReferencedRow}, [&] { ps->executeUpdate(); },
      [&](const sql::SQLException& e) {
        if (e.getErrorCode() == db::kErNoReferencedRow) {
          return InvalidField(
              "application.organisation",
              absl::StrCat(app.organisation(), " does not exist"));
        }
        return absl::AlreadyExistsError(absl::StrCat(
            ApplicationName(p, id), " exists, or ", app.organisation(),
            " already has an open application in partnerships/", p));
      });
}

// An ADMITTED_FOLLOWING outcome (the application just closed) opens a
// re-audit, named in the closed application's `reaudit`.
bool OpensReaudit(const v1::Application& app) {
  return app.state() == v1::Application::CLOSED &&
         app.outcome_decision().outcome() == v1::ADMITTED_FOLLOWING;
}

absl::Status InsertReaudit(sql::Connection& c, absl::Time now,
                           const std::string& p, const std::string& id,
                           const v1::Application& closed) {
  const std::string today =
      resource::FormatDate(absl::ToCivilDay(now, AmsterdamZone()));
  ASSIGN_OR_RETURN(auto protocol,
                   ParseProtocolName(closed.protocol(), "protocol"));
  return InsertApplication(c, now, p, ReauditId(id), protocol.id,
                           StartReaudit(closed, today));
}

}  // namespace

absl::StatusOr<v1::Application> LoadApplication(sql::Connection& c,
                                                const std::string& p,
                                                const std::string& id,
                                                bool lock) {
  return db::ReadOne(
      db::ExecuteQuery(c,
                       absl::StrCat(kApplicationSelect,
                                    " WHERE partnership_id = ? AND "
                                    "application_id = ?",
                                    db::ForUpdate(lock)),
                       p, id),
      ReadApplication,
      [&] { return ResourceNotFound(ApplicationName(p, id)); });
}

absl::StatusOr<std::vector<v1::Application>> LoadOpenApplications(
    sql::Connection& c, const std::string& p, int limit) {
  db::Rows rs = db::ExecuteQuery(
      c,
      absl::StrCat(kApplicationSelect,
                   " WHERE partnership_id = ? AND state = ? ORDER BY "
                   "application_id LIMIT ?"),
      p, static_cast<int>(v1::Application::OPEN), limit);
  std::vector<v1::Application> apps;
  while (rs->next()) {
    ASSIGN_OR_RETURN(auto app, ReadApplication(*rs));
    apps.push_back(std::move(app));
  }
  return apps;
}

absl::Status WriteApplication(sql::Connection& c, absl::Time now,
                              const std::string& p, const std::string& id,
                              const v1::Application& app) {
  const bool open = app.state() == v1::Application::OPEN;
  auto ps = db::Prepare(
      c,
      "UPDATE accession_applications SET state = ?, body = ?, "
      "open_organisation_id = ?, version = version + 1, "
      "update_time = ? WHERE partnership_id = ? AND application_id = ?");
  ps->setInt(1, app.state());
  ps->setString(2, Body(app));
  db::BindNullable(*ps, 3, open ? OrganisationId(app.organisation()) : "");
  ps->setString(4, db::FormatSqlDatetime(now));
  ps->setString(5, p);
  ps->setString(6, id);
  ps->executeUpdate();
  auto del = db::Prepare(c,
                         "DELETE FROM accession_committee_members WHERE "
                         "partnership_id = ? AND application_id = ?");
  del->setString(1, p);
  del->setString(2, id);
  del->executeUpdate();
  for (const std::string& person : CommitteeIds(app)) {
    auto ins = db::Prepare(c,
                           "INSERT INTO accession_committee_members "
                           "(partnership_id, application_id, person_id) "
                           "VALUES (?, ?, ?)");
    ins->setString(1, p);
    ins->setString(2, id);
    ins->setString(3, person);
    ins->executeUpdate();
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::AccessionProtocol> PartnersRepository::GetAccessionProtocol(
    const std::string& partnership_id, const std::string& id,
    absl::Time deadline) {
  return db::WithConnection<v1::AccessionProtocol>(
      *pool_, deadline, "get accession protocol", [&](sql::Connection& c) {
        return LoadProtocol(c, partnership_id, id, false);
      });
}

absl::StatusOr<Page<v1::AccessionProtocol>>
PartnersRepository::ListAccessionProtocols(const std::string& partnership_id,
                                           const std::string& after, int limit,
                                           absl::Time deadline) {
  return db::WithConnection<Page<v1::AccessionProtocol>>(
      *pool_, deadline, "list accession protocols",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::AccessionProtocol>> {
        RETURN_IF_ERROR(CheckPartnership(c, partnership_id));
        db::Where w;
        w.Add("partnership_id = ?", {partnership_id});
        return ListById<v1::AccessionProtocol>(
            c, kProtocolSelect, "protocol_id", after, w, limit, ReadProtocol);
      });
}

absl::StatusOr<v1::AccessionProtocol>
PartnersRepository::CreateAccessionProtocol(const std::string& partnership_id,
                                            const std::string& id,
                                            const v1::AccessionProtocol& p,
                                            absl::Time deadline) {
  return db::InTransaction<v1::AccessionProtocol>(
      *pool_, deadline, "create accession protocol",
      [&](sql::Connection& c) -> absl::StatusOr<v1::AccessionProtocol> {
        RETURN_IF_ERROR(CheckPartnership(c, partnership_id));
        const std::string now = db::FormatSqlDatetime(clock_->Now());
        auto ps = db::Prepare(
            c,
            "INSERT INTO accession_protocols (partnership_id, protocol_id, "
            "protocol_version, body, version, create_time, update_time) "
            "VALUES (?, ?, ?, ?, 1, ?, ?)");
        ps->setString(1, partnership_id);
        ps->setString(2, id);
        ps->setInt(3, p.version());
        ps->setString(4, Body(p));
        ps->setString(5, now);
        ps->setString(6, now);
        RETURN_IF_ERROR(db::CatchSqlError(
            {db::kErDupEntry}, [&] { ps->executeUpdate(); },
            [&](const sql::SQLException&) {
              return absl::AlreadyExistsError(absl::StrCat(
                  ProtocolName(partnership_id, id), " already exists"));
            }));
        return LoadProtocol(c, partnership_id, id, false);
      });
}

absl::StatusOr<v1::Application> PartnersRepository::GetApplication(
    const std::string& partnership_id, const std::string& id,
    absl::Time deadline) {
  return db::WithConnection<v1::Application>(
      *pool_, deadline, "get application", [&](sql::Connection& c) {
        return LoadApplication(c, partnership_id, id, false);
      });
}

absl::StatusOr<Page<v1::Application>> PartnersRepository::ListApplications(
    const ApplicationFilter& filter, const std::string& after, int limit,
    absl::Time deadline) {
  return db::WithConnection<Page<v1::Application>>(
      *pool_, deadline, "list applications",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::Application>> {
        RETURN_IF_ERROR(CheckPartnership(c, filter.partnership_id));
        db::Where w;
        w.Add("partnership_id = ?", {filter.partnership_id});
        if (!filter.all_organisations) {
          // The joining school's own, and those whose committee the person
          // sits on.
          std::string own = "FALSE";
          std::vector<db::Where::Arg> args;
          if (!filter.organisation_ids.empty()) {
            own = absl::StrCat("organisation_id IN (",
                               db::Placeholders(filter.organisation_ids.size()),
                               ")");
            args = db::ArgsOf(filter.organisation_ids);
          }
          args.emplace_back(filter.partnership_id);
          args.emplace_back(filter.committee_person_id);
          w.Add(absl::StrCat(own,
                             " OR application_id IN (SELECT application_id "
                             "FROM accession_committee_members WHERE "
                             "partnership_id = ? AND person_id = ?)"),
                std::move(args));
        }
        return ListById<v1::Application>(c, kApplicationSelect,
                                         "application_id", after, w, limit,
                                         ReadApplication);
      });
}

absl::StatusOr<v1::Application> PartnersRepository::CreateApplication(
    const std::string& partnership_id, const std::string& id,
    const std::string& protocol_id, const StartFrom& start,
    absl::Time deadline) {
  return db::InTransaction<v1::Application>(
      *pool_, deadline, "create application",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Application> {
        auto protocol = LoadProtocol(c, partnership_id, protocol_id, false);
        if (absl::IsNotFound(protocol.status())) {
          return InvalidField(
              "application.protocol",
              absl::StrCat(ProtocolName(partnership_id, protocol_id),
                           " does not exist"));
        }
        RETURN_IF_ERROR(protocol.status());
        RETURN_IF_ERROR(InsertApplication(c, clock_->Now(), partnership_id, id,
                                          protocol_id, start(*protocol)));
        return LoadApplication(c, partnership_id, id, false);
      });
}

absl::StatusOr<v1::Application> PartnersRepository::ChangeApplication(
    const std::string& partnership_id, const std::string& id,
    const std::string& etag, const std::string& actor,
    const ChangeApplicationFn& change, absl::Time deadline) {
  return db::InTransaction<v1::Application>(
      *pool_, deadline, "change application",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Application> {
        ASSIGN_OR_RETURN(auto app,
                         LoadApplication(c, partnership_id, id, true));
        RETURN_IF_ERROR(resource::CheckEtag(etag, app.etag()));
        ASSIGN_OR_RETURN(MembershipEffect effect, change(&app));
        const absl::Time now = clock_->Now();
        RETURN_IF_ERROR(
            ApplyEffect(c, now, partnership_id, app, effect, actor));
        const bool reaudit = OpensReaudit(app);
        if (reaudit) {
          app.set_reaudit(ApplicationName(partnership_id, ReauditId(id)));
        }
        RETURN_IF_ERROR(WriteApplication(c, now, partnership_id, id, app));
        if (reaudit) {
          RETURN_IF_ERROR(InsertReaudit(c, now, partnership_id, id, app));
        }
        return LoadApplication(c, partnership_id, id, false);
      });
}

}  // namespace samen::partners
