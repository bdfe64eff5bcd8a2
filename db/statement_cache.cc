#include "db/statement_cache.h"

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "cppconn/connection.h"
#include "cppconn/exception.h"
#include "cppconn/prepared_statement.h"

namespace samen::db {
namespace internal {
namespace {

// Which cache belongs to which live connection. A connection is used by one
// thread at a time (it is leased), so only this map needs the lock.
absl::Mutex registry_mu;
absl::flat_hash_map<const sql::Connection*, StatementCache*>& Registry()
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(registry_mu) {
  static auto* registry =
      new absl::flat_hash_map<const sql::Connection*, StatementCache*>();
  return *registry;
}

}  // namespace

StatementCache::StatementCache(sql::Connection* conn) : conn_(conn) {
  absl::MutexLock lock(&registry_mu);
  Registry()[conn_] = this;
}

StatementCache::~StatementCache() {
  absl::MutexLock lock(&registry_mu);
  Registry().erase(conn_);
}

sql::PreparedStatement& StatementCache::Get(absl::string_view sql_text) {
  auto it = statements_.find(sql_text);
  if (it == statements_.end()) {
    std::unique_ptr<sql::PreparedStatement> ps(conn_->prepareStatement(
        sql::SQLString(sql_text.data(), sql_text.size())));
    it = statements_.emplace(std::string(sql_text), std::move(ps)).first;
  }
  return *it->second;
}

}  // namespace internal

sql::PreparedStatement& Cached(sql::Connection& conn,
                               absl::string_view sql_text) {
  internal::StatementCache* cache = nullptr;
  {
    absl::MutexLock lock(&internal::registry_mu);
    auto it = internal::Registry().find(&conn);
    if (it != internal::Registry().end()) {
      cache = it->second;
    }
  }
  if (cache == nullptr) {
    throw sql::SQLException(
        "statement cache used on a connection not from a db::Pool");
  }
  return cache->Get(sql_text);
}

}  // namespace samen::db
