// ErasePerson: each table's links applied in map order, in batches.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "db/errors.h"
#include "db/statement.h"
#include "services/common/privacy/engine.h"

namespace samen::privacy {
namespace {

// The bound values of an anonymising UPDATE's SET list, in order.
struct SetList {
  std::string text;
  std::vector<std::string> values;
};

SetList ScrubList(const Table& t, const std::string& person_id,
                  const std::string& pseudonym) {
  SetList out;
  std::vector<std::string> parts;
  for (const Column& c : t.columns) {
    switch (c.scrub) {
      case Scrub::kKeep:
        break;
      case Scrub::kNull:
        parts.push_back(absl::StrCat(c.name, " = NULL"));
        break;
      case Scrub::kReplace:
        parts.push_back(absl::StrCat(c.name, " = ?"));
        out.values.emplace_back(c.replacement);
        break;
      case Scrub::kPseudonym:
        parts.push_back(absl::StrCat(c.name, " = CASE WHEN ", c.name,
                                     " = ? THEN ? ELSE ", c.name, " END"));
        out.values.push_back(person_id);
        out.values.push_back(pseudonym);
        break;
    }
  }
  out.text = absl::StrJoin(parts, ", ");
  return out;
}

// Runs one batch of `link`: the rows it changed.
int64_t RunBatch(sql::Connection& c, const Table& t, const Link& link,
                 const std::string& person_id, const ErasureOptions& options) {
  SetList set;
  std::string text;
  if (link.action == Erasure::kDelete) {
    text = absl::StrCat("DELETE FROM ", t.name, " WHERE ", LinkCondition(link),
                        " LIMIT ?");
  } else {
    set = ScrubList(t, person_id, options.pseudonym);
    text = absl::StrCat("UPDATE ", t.name, " SET ", set.text, " WHERE ",
                        LinkCondition(link), " LIMIT ?");
  }
  auto ps = db::Prepare(c, text);
  int i = 1;
  for (const std::string& v : set.values) {
    ps->setString(i++, v);
  }
  ps->setString(i++, person_id);
  ps->setInt(i, options.batch_size);
  return ps->executeUpdate();
}

// The rows `keep` makes the person's that no other link of `t` deletes or
// anonymises: what the erasure leaves as it is. Counted before the others
// run, while their conditions still match.
int64_t CountKept(sql::Connection& c, const Table& t, const Link& keep,
                  const std::string& person_id) {
  std::vector<std::string> others;
  for (const Link& l : t.links) {
    if (l.action != Erasure::kKeep) {
      others.push_back(absl::StrCat("(", LinkCondition(l), ")"));
    }
  }
  std::string text = absl::StrCat("SELECT COUNT(*) FROM ", t.name, " WHERE (",
                                  LinkCondition(keep), ")");
  if (!others.empty()) {
    absl::StrAppend(&text, " AND NOT COALESCE(", absl::StrJoin(others, " OR "),
                    ", FALSE)");
  }
  auto ps = db::Prepare(c, text);
  for (size_t i = 0; i <= others.size(); ++i) {
    ps->setString(static_cast<int>(i + 1), person_id);
  }
  db::Rows rs(ps->executeQuery());
  return rs->next() ? rs->getInt64(1) : 0;
}

// Turns the session's foreign-key checks off for its lifetime.
class RelaxedForeignKeys {
 public:
  RelaxedForeignKeys(sql::Connection& c, bool relax) : c_(c), relax_(relax) {
    if (relax_) {
      db::Execute(c_, "SET SESSION foreign_key_checks = 0");
    }
  }
  ~RelaxedForeignKeys() {
    if (!relax_) {
      return;
    }
    try {
      db::Execute(c_, "SET SESSION foreign_key_checks = 1");
    } catch (const sql::SQLException&) {
      // The connection failed; the pool discards it with its session.
    }
  }
  RelaxedForeignKeys(const RelaxedForeignKeys&) = delete;
  RelaxedForeignKeys& operator=(const RelaxedForeignKeys&) = delete;

 private:
  sql::Connection& c_;
  const bool relax_;
};

// Applies every link of `t`; stops at the first non-OK status of
// options.after_batch.
absl::Status EraseTable(sql::Connection& c, const Table& t,
                        const std::string& person_id,
                        const ErasureOptions& options, TableErasure& out) {
  for (const Link& link : t.links) {
    if (link.action == Erasure::kKeep) {
      out.kept += CountKept(c, t, link, person_id);
    }
  }
  for (const Link& link : t.links) {
    if (link.action == Erasure::kKeep) {
      continue;
    }
    RelaxedForeignKeys relaxed(
        c, t.relaxed_foreign_keys && link.action == Erasure::kAnonymise);
    for (;;) {
      const int64_t n = RunBatch(c, t, link, person_id, options);
      (link.action == Erasure::kDelete ? out.deleted : out.anonymised) += n;
      if (n > 0 && options.after_batch) {
        if (absl::Status s = options.after_batch(t.name, n); !s.ok()) {
          return s;
        }
      }
      if (n < options.batch_size) {
        break;
      }
    }
  }
  return absl::OkStatus();
}

bool ValidPseudonym(const std::string& p) {
  if (p.empty() || p.size() > 64) {
    return false;
  }
  for (char ch : p) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(ch)) && ch != '_' &&
        ch != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<std::vector<TableErasure>> ErasePerson(
    sql::Connection& c, const DataMap& map, absl::string_view person_id,
    const ErasureOptions& options) {
  const std::string person(person_id);
  if (person.empty()) {
    return absl::InvalidArgumentError("erase: the person's id is empty");
  }
  if (!ValidPseudonym(options.pseudonym) || options.pseudonym == person) {
    return absl::InvalidArgumentError(
        "erase: pseudonym must be 1 to 64 of [A-Za-z0-9_-] and not the "
        "person's id");
  }
  if (options.batch_size < 1) {
    return absl::InvalidArgumentError("erase: batch_size must be at least 1");
  }
  if (absl::Status s = Validate(map); !s.ok()) {
    return s;
  }
  std::vector<TableErasure> out;
  for (const Table* t : AllTables(map)) {
    if (t->links.empty()) {
      continue;
    }
    out.push_back(TableErasure{.table = std::string(t->name)});
    try {
      if (absl::Status s = EraseTable(c, *t, person, options, out.back());
          !s.ok()) {
        return s;
      }
    } catch (const sql::SQLException& e) {
      return db::FromSqlException(e, absl::StrCat("erase ", t->name));
    }
  }
  return out;
}

}  // namespace samen::privacy
