// MigrationsFor: the compiled-in migrations, grouped by service and sorted by
// version.

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "db/embedded_migrations.h"
#include "db/migrator.h"

namespace samen::db {
namespace {

using Registry = std::map<std::string, std::vector<Migration>, std::less<>>;

const Registry& AllMigrations() {
  static const Registry* const registry = [] {
    auto* r = new Registry();
    for (const internal::EmbeddedMigration& e :
         internal::EmbeddedMigrations()) {
      (*r)[e.service].push_back(
          Migration{e.version, e.name, std::string(e.sql, e.sql_size)});
    }
    for (auto& [service, list] : *r) {
      std::sort(list.begin(), list.end(),
                [](const Migration& a, const Migration& b) {
                  return a.version < b.version;
                });
    }
    return r;
  }();
  return *registry;
}

}  // namespace

const std::vector<Migration>& MigrationsFor(absl::string_view service) {
  static const std::vector<Migration>* const kNone =
      new std::vector<Migration>();
  const Registry& all = AllMigrations();
  auto it = all.find(service);
  return it == all.end() ? *kNone : it->second;
}

std::vector<std::string> ServicesWithMigrations() {
  std::vector<std::string> services;
  for (const auto& [service, list] : AllMigrations()) {
    services.push_back(service);
  }
  return services;
}

}  // namespace samen::db
