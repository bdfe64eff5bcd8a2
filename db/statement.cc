#include "db/statement.h"

#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "db/statement_cache.h"

namespace samen::db {
namespace {

sql::SQLString Sql(absl::string_view text) {
  return sql::SQLString(text.data(), text.size());
}

}  // namespace

std::unique_ptr<sql::PreparedStatement> Prepare(sql::Connection& conn,
                                                absl::string_view text) {
  return std::unique_ptr<sql::PreparedStatement>(
      conn.prepareStatement(Sql(text)));
}

Statement::Statement(sql::Connection& conn, absl::string_view text,
                     bool cache) {
  if (cache) {
    ps_ = &Cached(conn, text);
  } else {
    owned_ = Prepare(conn, text);
    ps_ = owned_.get();
  }
}

Statement::~Statement() = default;

void Execute(sql::Connection& conn, absl::string_view text) {
  std::unique_ptr<sql::Statement> stmt(conn.createStatement());
  if (stmt->execute(Sql(text))) {
    Rows discarded(stmt->getResultSet());
  }
}

}  // namespace samen::db
