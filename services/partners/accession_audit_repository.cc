// Joining, continued (docs/joining.md): the audit with its committee rows,
// the application's documents (metadata in accession_documents, the bytes in
// accession_document_bytes: docs/architecture.md, "Where documents live"),
// the open applications for the overview, a membership's history, and copying
// a protocol. Migration 0009 has the tables.

#include <istream>
#include <iterator>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "db/errors.h"
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
#include "services/partners/accession_audit_rules.h"
#include "services/partners/accession_rows.h"
#include "services/partners/membership_rows.h"
#include "services/partners/partners_repository.h"

namespace samen::partners {
namespace {

constexpr char kDocumentSelect[] =
    "SELECT partnership_id, application_id, kind, version, step_id, "
    "content_type, size_bytes, sha256, page_count, uploaded_by, create_time "
    "FROM accession_documents";

absl::StatusOr<v1::ApplicationDocument> ReadDocument(sql::ResultSet& rs) {
  v1::ApplicationDocument d;
  d.set_kind(static_cast<v1::DocumentKind>(db::Int(rs, "kind")));
  d.set_version(db::Int(rs, "version"));
  d.set_name(DocumentName(ApplicationName(db::Str(rs, "partnership_id"),
                                          db::Str(rs, "application_id")),
                          d.kind(), d.version()));
  d.set_step_id(db::Str(rs, "step_id"));
  d.set_content_type(db::Str(rs, "content_type"));
  d.set_size_bytes(rs.getInt64("size_bytes"));
  d.set_sha256(db::Str(rs, "sha256"));
  d.set_page_count(db::Int(rs, "page_count"));
  d.set_uploaded_by(db::Str(rs, "uploaded_by"));
  ToTimestamp(db::Datetime(rs, "create_time"), d.mutable_create_time());
  return d;
}

// The people of `ids` that the directory does not hold, as the first
// committee entry at fault.
absl::Status CheckPeople(sql::Connection& c,
                         const v1::ApplicationAudit& audit) {
  for (int i = 0; i < audit.committee_size(); ++i) {
    const std::string& name = audit.committee(i);
    db::Rows rs = db::ExecuteQuery(c, "SELECT id FROM people WHERE id = ?",
                                   name.substr(name.find('/') + 1));
    if (!rs->next()) {
      return InvalidField(absl::StrCat("audit.committee[", i, "]"),
                          absl::StrCat(name, " is not in the directory"));
    }
  }
  return absl::OkStatus();
}

int NextVersion(sql::Connection& c, const std::string& p, const std::string& id,
                v1::DocumentKind kind) {
  db::Rows rs = db::ExecuteQuery(
      c,
      "SELECT COALESCE(MAX(version), 0) AS v FROM accession_documents WHERE "
      "partnership_id = ? AND application_id = ? AND kind = ?",
      p, id, static_cast<int>(kind));
  return rs->next() ? rs->getInt("v") + 1 : 1;
}

std::set<v1::DocumentKind> PresentKinds(sql::Connection& c,
                                        const std::string& p,
                                        const std::string& id) {
  std::set<v1::DocumentKind> kinds;
  db::Rows rs = db::ExecuteQuery(
      c,
      "SELECT DISTINCT kind FROM accession_documents WHERE partnership_id = ? "
      "AND application_id = ?",
      p, id);
  while (rs->next()) {
    kinds.insert(static_cast<v1::DocumentKind>(rs->getInt("kind")));
  }
  return kinds;
}

}  // namespace

absl::StatusOr<v1::Application> PartnersRepository::PlanApplicationAudit(
    const std::string& partnership_id, const std::string& id,
    const std::string& etag, const v1::ApplicationAudit& audit,
    const Mutate<v1::Application>& plan, absl::Time deadline) {
  return db::InTransaction<v1::Application>(
      *pool_, deadline, "plan application audit",
      [&](sql::Connection& c) -> absl::StatusOr<v1::Application> {
        ASSIGN_OR_RETURN(auto app,
                         LoadApplication(c, partnership_id, id, true));
        RETURN_IF_ERROR(resource::CheckEtag(etag, app.etag()));
        RETURN_IF_ERROR(CheckPeople(c, audit));
        RETURN_IF_ERROR(plan(&app));
        RETURN_IF_ERROR(
            WriteApplication(c, clock_->Now(), partnership_id, id, app));
        return LoadApplication(c, partnership_id, id, false);
      });
}

absl::StatusOr<v1::ApplicationDocument>
PartnersRepository::AddApplicationDocument(const std::string& partnership_id,
                                           const std::string& id,
                                           const NewDocument& doc,
                                           const std::string& bytes,
                                           const CheckUpload& check,
                                           absl::Time deadline) {
  return db::InTransaction<v1::ApplicationDocument>(
      *pool_, deadline, "add application document",
      [&](sql::Connection& c) -> absl::StatusOr<v1::ApplicationDocument> {
        ASSIGN_OR_RETURN(auto app,
                         LoadApplication(c, partnership_id, id, true));
        RETURN_IF_ERROR(check(app, PresentKinds(c, partnership_id, id)));
        const int version = NextVersion(c, partnership_id, id, doc.kind);
        auto meta = db::Prepare(
            c,
            "INSERT INTO accession_documents (partnership_id, application_id, "
            "kind, version, step_id, content_type, size_bytes, sha256, "
            "page_count, uploaded_by, create_time) VALUES (?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?)");
        meta->setString(1, partnership_id);
        meta->setString(2, id);
        meta->setInt(3, doc.kind);
        meta->setInt(4, version);
        meta->setString(5, doc.step_id);
        meta->setString(6, doc.content_type);
        meta->setInt64(7, static_cast<int64_t>(bytes.size()));
        meta->setString(8, doc.sha256);
        meta->setInt(9, doc.page_count);
        meta->setString(10, doc.uploaded_by);
        meta->setString(11, db::FormatSqlDatetime(clock_->Now()));
        meta->executeUpdate();
        auto data = db::Prepare(
            c,
            "INSERT INTO accession_document_bytes (partnership_id, "
            "application_id, kind, version, data) VALUES (?, ?, ?, ?, ?)");
        std::istringstream stream(bytes);
        data->setString(1, partnership_id);
        data->setString(2, id);
        data->setInt(3, doc.kind);
        data->setInt(4, version);
        data->setBlob(5, &stream);
        data->executeUpdate();
        return db::ReadOne(
            db::ExecuteQuery(c,
                             absl::StrCat(kDocumentSelect,
                                          " WHERE partnership_id = ? AND "
                                          "application_id = ? AND kind = ? "
                                          "AND version = ?"),
                             partnership_id, id, static_cast<int>(doc.kind),
                             version),
            ReadDocument, [&] { return absl::InternalError("lost document"); });
      });
}

absl::StatusOr<Page<v1::ApplicationDocument>>
PartnersRepository::ListApplicationDocuments(const std::string& partnership_id,
                                             const std::string& id,
                                             v1::DocumentKind kind,
                                             const std::string& after,
                                             int limit, absl::Time deadline) {
  return db::WithConnection<Page<v1::ApplicationDocument>>(
      *pool_, deadline, "list application documents",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::ApplicationDocument>> {
        // The page key is the last document's kind * 1000000 + version.
        int64_t after_key = 0;
        if (!after.empty()) {
          auto ref = ParseDocumentName(absl::StrCat("partnerships/px/"
                                                    "applications/ax/"
                                                    "documents/",
                                                    after),
                                       "page_token");
          RETURN_IF_ERROR(ref.status());
          after_key = int64_t{ref->kind} * 1000000 + ref->version;
        }
        db::Where w;
        w.Add("partnership_id = ? AND application_id = ?",
              {partnership_id, id});
        w.Add("kind * 1000000 + version > ?", {after_key});
        if (kind != v1::DOCUMENT_KIND_UNSPECIFIED) {
          w.Add("kind = ?", {int64_t{kind}});
        }
        auto ps = db::Prepare(c, absl::StrCat(kDocumentSelect, w.Clause(),
                                              " ORDER BY kind, version "
                                              "LIMIT ?"));
        ps->setInt(w.Bind(*ps), limit + 1);
        db::Rows rs(ps->executeQuery());
        return ReadIdPage<v1::ApplicationDocument>(*rs, limit, ReadDocument);
      });
}

absl::StatusOr<std::pair<v1::ApplicationDocument, std::string>>
PartnersRepository::ReadApplicationDocument(const std::string& partnership_id,
                                            const std::string& id,
                                            v1::DocumentKind kind, int version,
                                            absl::Time deadline) {
  using Result = std::pair<v1::ApplicationDocument, std::string>;
  return db::WithConnection<Result>(
      *pool_, deadline, "read application document",
      [&](sql::Connection& c) -> absl::StatusOr<Result> {
        const std::string name =
            DocumentName(ApplicationName(partnership_id, id), kind, version);
        ASSIGN_OR_RETURN(
            auto meta,
            db::ReadOne(
                db::ExecuteQuery(
                    c,
                    absl::StrCat(kDocumentSelect,
                                 " WHERE partnership_id = ? AND "
                                 "application_id = ? AND kind = ? AND "
                                 "version = ?"),
                    partnership_id, id, static_cast<int>(kind), version),
                ReadDocument, [&] { return ResourceNotFound(name); }));
        db::Rows rs = db::ExecuteQuery(
            c,
            "SELECT data FROM accession_document_bytes WHERE partnership_id = "
            "? AND application_id = ? AND kind = ? AND version = ?",
            partnership_id, id, static_cast<int>(kind), version);
        if (!rs->next()) {
          return absl::DataLossError(absl::StrCat(name, " has no bytes"));
        }
        std::unique_ptr<std::istream> in(rs->getBlob("data"));
        std::string bytes((std::istreambuf_iterator<char>(*in)),
                          std::istreambuf_iterator<char>());
        return Result{std::move(meta), std::move(bytes)};
      });
}

absl::StatusOr<UploadedDocuments> PartnersRepository::ListUploadedDocuments(
    const std::string& partnership_id, const std::string& id,
    absl::Time deadline) {
  return db::WithConnection<UploadedDocuments>(
      *pool_, deadline, "list uploaded documents",
      [&](sql::Connection& c) -> absl::StatusOr<UploadedDocuments> {
        UploadedDocuments uploaded;
        db::Rows rs = db::ExecuteQuery(
            c,
            "SELECT DISTINCT step_id, kind FROM accession_documents WHERE "
            "partnership_id = ? AND application_id = ?",
            partnership_id, id);
        while (rs->next()) {
          uploaded.emplace(db::Str(*rs, "step_id"),
                           static_cast<v1::DocumentKind>(rs->getInt("kind")));
        }
        return uploaded;
      });
}

absl::StatusOr<std::vector<v1::Application>>
PartnersRepository::ListOpenApplications(const std::string& partnership_id,
                                         absl::Time deadline) {
  return db::WithConnection<std::vector<v1::Application>>(
      *pool_, deadline, "list open applications",
      [&](sql::Connection& c) -> absl::StatusOr<std::vector<v1::Application>> {
        {
          db::Rows p = db::ExecuteQuery(
              c, "SELECT id FROM partnerships WHERE id = ?", partnership_id);
          if (!p->next()) {
            return ResourceNotFound(
                absl::StrCat("partnerships/", partnership_id));
          }
        }
        return LoadOpenApplications(c, partnership_id, 2000);
      });
}

absl::StatusOr<Page<v1::MembershipChange>>
PartnersRepository::ListMembershipChanges(const std::string& partnership_id,
                                          const std::string& organisation_id,
                                          const std::string& after, int limit,
                                          absl::Time deadline) {
  return db::WithConnection<Page<v1::MembershipChange>>(
      *pool_, deadline, "list membership changes",
      [&](sql::Connection& c) -> absl::StatusOr<Page<v1::MembershipChange>> {
        ASSIGN_OR_RETURN(
            auto membership,
            FindMembership(c, partnership_id, organisation_id, false));
        if (!membership.has_value()) {
          return ResourceNotFound(absl::StrCat("partnerships/", partnership_id,
                                               "/memberships/",
                                               organisation_id));
        }
        int64_t after_seq = 0;
        if (!after.empty() && !absl::SimpleAtoi(after, &after_seq)) {
          return InvalidField("page_token", "is not a token of this listing");
        }
        db::Rows rs = db::ExecuteQuery(
            c,
            "SELECT seq, role_before, role_after, end_date_after, actor, "
            "cause, change_time FROM membership_changes WHERE partnership_id "
            "= ? AND organisation_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            partnership_id, organisation_id, after_seq, limit + 1);
        Page<v1::MembershipChange> page;
        int64_t last = 0;
        while (rs->next()) {
          if (static_cast<int>(page.items.size()) == limit) {
            page.next_key = absl::StrCat(last);
            break;
          }
          v1::MembershipChange m;
          m.set_role_before(static_cast<v1::Membership::Role>(
              rs->isNull("role_before") ? 0 : rs->getInt("role_before")));
          m.set_role_after(
              static_cast<v1::Membership::Role>(rs->getInt("role_after")));
          m.set_end_date(db::Str(*rs, "end_date_after"));
          m.set_actor(db::Str(*rs, "actor"));
          m.set_cause(db::Str(*rs, "cause"));
          ToTimestamp(db::Datetime(*rs, "change_time"),
                      m.mutable_change_time());
          last = rs->getInt64("seq");
          page.items.push_back(std::move(m));
        }
        return page;
      });
}

absl::StatusOr<v1::AccessionProtocol> PartnersRepository::CopyAccessionProtocol(
    const std::string& partnership_id, const std::string& id,
    const std::string& source_partnership_id, const std::string& source_id,
    const CopyFn& copy, absl::Time deadline) {
  ASSIGN_OR_RETURN(auto source, GetAccessionProtocol(source_partnership_id,
                                                     source_id, deadline));
  ASSIGN_OR_RETURN(auto made, copy(source));
  return CreateAccessionProtocol(partnership_id, id, made, deadline);
}

}  // namespace samen::partners
