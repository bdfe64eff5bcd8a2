#pragma once

// Prepared statements kept per connection. Connector/C++ prepares on the server
// on every prepareStatement() (a round trip, and another to close); hot, fixed
// statements are prepared once per pooled connection instead:
//
//   sql::PreparedStatement& ps = db::Cached(conn, "SELECT ... WHERE id = ?");
//   ps.setString(1, id);
//   std::unique_ptr<sql::ResultSet> rs(ps.executeQuery());
//
// Only for SQL text that is a constant of the code (never built from request
// data), and not for one statement nested inside the iteration of its own
// result set. Only for connections from a db::Pool (anything else throws
// sql::SQLException).

#include <map>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"

namespace sql {
class Connection;
class PreparedStatement;
}  // namespace sql

namespace samen::db {

sql::PreparedStatement& Cached(sql::Connection& conn,
                               absl::string_view sql_text);

namespace internal {

// Owned by the connection's Session; registers itself so Cached() can find it.
class StatementCache {
 public:
  explicit StatementCache(sql::Connection* conn);
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  sql::PreparedStatement& Get(absl::string_view sql_text);

 private:
  sql::Connection* conn_;
  std::map<std::string, std::unique_ptr<sql::PreparedStatement>, std::less<>>
      statements_;
};

}  // namespace internal
}  // namespace samen::db
