#pragma once

// In-memory stand-ins for Connector/C++'s ResultSet (one row, columns by
// label) and PreparedStatement (records what was bound), for testing the row
// reader and the WHERE builder without a server. Anything else they are asked
// throws sql::MethodNotImplementedException.

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"

namespace samen::db::testing {

// One row; a column missing from `columns` does not exist, nullopt is NULL.
class FakeRow : public sql::ResultSet {
 public:
  using Column = std::pair<const std::string, std::optional<std::string>>;
  FakeRow(std::initializer_list<Column> columns) : columns_(columns) {}

  sql::SQLString getString(const sql::SQLString& label) const override {
    const std::optional<std::string>& v = At(label);
    return v.has_value() ? *v : "";
  }
  bool isNull(const sql::SQLString& label) const override {
    return !At(label).has_value();
  }
  int32_t getInt(const sql::SQLString& label) const override {
    return static_cast<int32_t>(getInt64(label));
  }
  int64_t getInt64(const sql::SQLString& label) const override {
    int64_t n = 0;
    return absl::SimpleAtoi(getString(label).asStdString(), &n) ? n : 0;
  }
  bool getBoolean(const sql::SQLString& label) const override {
    return getInt64(label) != 0;
  }

  // ---- Not needed by the tests.
  bool absolute(int) override { return No(); }
  void afterLast() override { No(); }
  void beforeFirst() override { No(); }
  void cancelRowUpdates() override { No(); }
  void clearWarnings() override { No(); }
  void close() override { No(); }
  uint32_t findColumn(const sql::SQLString&) const override { return No(); }
  bool first() override { return No(); }
  std::istream* getBlob(uint32_t) const override { return nullptr; }
  std::istream* getBlob(const sql::SQLString&) const override {
    return nullptr;
  }
  bool getBoolean(uint32_t) const override { return No(); }
  int getConcurrency() override { return No(); }
  sql::SQLString getCursorName() override { return No(), ""; }
  long double getDouble(uint32_t) const override { return No(); }
  long double getDouble(const sql::SQLString&) const override { return No(); }
  int getFetchDirection() override { return No(); }
  size_t getFetchSize() override { return No(); }
  int getHoldability() override { return No(); }
  int32_t getInt(uint32_t) const override { return No(); }
  uint32_t getUInt(uint32_t) const override { return No(); }
  uint32_t getUInt(const sql::SQLString&) const override { return No(); }
  int64_t getInt64(uint32_t) const override { return No(); }
  uint64_t getUInt64(uint32_t) const override { return No(); }
  uint64_t getUInt64(const sql::SQLString&) const override { return No(); }
  sql::ResultSetMetaData* getMetaData() const override { return nullptr; }
  size_t getRow() const override { return No(); }
  sql::RowID* getRowId(uint32_t) override { return nullptr; }
  sql::RowID* getRowId(const sql::SQLString&) override { return nullptr; }
  const sql::Statement* getStatement() const override { return nullptr; }
  sql::SQLString getString(uint32_t) const override { return No(), ""; }
  enum_type getType() const override { return TYPE_FORWARD_ONLY; }
  void getWarnings() override { No(); }
  void insertRow() override { No(); }
  bool isAfterLast() const override { return No(); }
  bool isBeforeFirst() const override { return No(); }
  bool isClosed() const override { return false; }
  bool isFirst() const override { return No(); }
  bool isLast() const override { return No(); }
  bool isNull(uint32_t) const override { return No(); }
  bool last() override { return No(); }
  bool next() override { return No(); }
  void moveToCurrentRow() override { No(); }
  void moveToInsertRow() override { No(); }
  bool previous() override { return No(); }
  void refreshRow() override { No(); }
  bool relative(int) override { return No(); }
  bool rowDeleted() override { return No(); }
  bool rowInserted() override { return No(); }
  bool rowUpdated() override { return No(); }
  void setFetchSize(size_t) override { No(); }
  size_t rowsCount() const override { return 1; }
  bool wasNull() const override { return No(); }

 private:
  static int No() {
    throw sql::MethodNotImplementedException("not in the fake row");
  }
  const std::optional<std::string>& At(const sql::SQLString& label) const {
    auto it = columns_.find(label.asStdString());
    if (it == columns_.end()) {
      throw sql::InvalidArgumentException("no such column");
    }
    return it->second;
  }

  std::map<std::string, std::optional<std::string>> columns_;
};

// Records bound parameters as "s:text", "i:42", "b:1" or "null" by index.
class RecordingStatement : public sql::PreparedStatement {
 public:
  std::map<unsigned int, std::string> bound;

  void setString(unsigned int i, const sql::SQLString& v) override {
    bound[i] = "s:" + v.asStdString();
  }
  void setInt(unsigned int i, int32_t v) override {
    bound[i] = absl::StrCat("i:", v);
  }
  void setInt64(unsigned int i, int64_t v) override {
    bound[i] = absl::StrCat("i:", v);
  }
  void setBoolean(unsigned int i, bool v) override {
    bound[i] = absl::StrCat("b:", v ? 1 : 0);
  }
  void setNull(unsigned int i, int) override { bound[i] = "null"; }

  // ---- Not needed by the tests.
  void clearParameters() override { bound.clear(); }
  bool execute(const sql::SQLString&) override { return No(); }
  bool execute() override { return No(); }
  sql::ResultSet* executeQuery(const sql::SQLString&) override {
    return No(), nullptr;
  }
  sql::ResultSet* executeQuery() override { return No(), nullptr; }
  int executeUpdate(const sql::SQLString&) override { return No(); }
  int executeUpdate() override { return No(); }
  sql::ResultSetMetaData* getMetaData() override { return nullptr; }
  sql::ParameterMetaData* getParameterMetaData() override { return nullptr; }
  bool getMoreResults() override { return No(); }
  void setBigInt(unsigned int, const sql::SQLString&) override { No(); }
  void setBlob(unsigned int, std::istream*) override { No(); }
  void setDateTime(unsigned int, const sql::SQLString&) override { No(); }
  void setDouble(unsigned int, double) override { No(); }
  void setUInt(unsigned int, uint32_t) override { No(); }
  void setUInt64(unsigned int, uint64_t) override { No(); }
  sql::PreparedStatement* setResultSetType(sql::ResultSet::enum_type) override {
    return this;
  }
  sql::Connection* getConnection() override { return nullptr; }
  void cancel() override { No(); }
  void clearWarnings() override {}
  void close() override {}
  size_t getFetchSize() override { return 0; }
  unsigned int getMaxFieldSize() override { return 0; }
  uint64_t getMaxRows() override { return 0; }
  unsigned int getQueryTimeout() override { return 0; }
  sql::ResultSet* getResultSet() override { return nullptr; }
  sql::ResultSet::enum_type getResultSetType() override {
    return sql::ResultSet::TYPE_FORWARD_ONLY;
  }
  uint64_t getUpdateCount() override { return 0; }
  const sql::SQLWarning* getWarnings() override { return nullptr; }
  void setCursorName(const sql::SQLString&) override { No(); }
  void setEscapeProcessing(bool) override { No(); }
  void setFetchSize(size_t) override { No(); }
  void setMaxFieldSize(unsigned int) override { No(); }
  void setMaxRows(unsigned int) override { No(); }
  void setQueryTimeout(unsigned int) override { No(); }

 private:
  static int No() {
    throw sql::MethodNotImplementedException("not in the fake statement");
  }
};

}  // namespace samen::db::testing
