#pragma once

// Getting a statement to run. Prepared statements for everything that takes a
// value; Execute() only for fixed text of the code's own that takes none
// (session settings, transaction control, migrations' DDL).
//
//   db::Rows rs(db::Prepare(c, text)->executeQuery());   // one-off text
//   sql::PreparedStatement& ps = db::Cached(c, kSelect);  // constant text
//   db::Statement ps(c, text, /*cache=*/ids.size() == 1); // either

#include <memory>
#include <string>

#include "absl/strings/string_view.h"

namespace sql {
class Connection;
class PreparedStatement;
class ResultSet;
}  // namespace sql

namespace samen::db {

// Owns a result set; destroy it before running another statement that would
// reuse the connection while it is being read.
using Rows = std::unique_ptr<sql::ResultSet>;

// Prepares `text` for this one use (a round trip to prepare and one to close):
// for texts that vary, such as IN lists. Throws sql::SQLException.
std::unique_ptr<sql::PreparedStatement> Prepare(sql::Connection& conn,
                                                absl::string_view text);

// A statement cached per pooled connection when `cache` (its text recurs,
// db/statement_cache.h), else prepared for this one use.
class Statement {
 public:
  Statement(sql::Connection& conn, absl::string_view text, bool cache);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  sql::PreparedStatement* operator->() const { return ps_; }
  sql::PreparedStatement& operator*() const { return *ps_; }

 private:
  std::unique_ptr<sql::PreparedStatement> owned_;
  sql::PreparedStatement* ps_ = nullptr;
};

// Runs `text` (no placeholders, never built from request data) and discards
// any result set so that the connection stays in sync. Throws
// sql::SQLException.
void Execute(sql::Connection& conn, absl::string_view text);

}  // namespace samen::db
