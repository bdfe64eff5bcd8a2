#include "services/server/server_app.h"

#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "db/job_lease.h"
#include "db/migrator.h"
#include "db/pool.h"
#include "services/bench/bench_module.h"
#include "services/common/auth/token_claims.h"
#include "services/common/auth_flags.h"
#include "services/common/clock.h"
#include "services/common/config.h"
#include "services/common/logging.h"
#include "services/common/peers.h"
#include "services/common/server.h"
#include "services/common/status_macros.h"
#include "services/identity/identity_module.h"
#include "services/induction/induction_module.h"
#include "services/partners/partners_module.h"
#include "services/professionalisation/professionalisation_module.h"
#include "services/server/identity_flags.h"
#include "services/server/mail_flags.h"
#include "services/server/partners_flags.h"
#include "services/server/privacy_register.h"
#include "services/server/retention_flags.h"
#include "services/server/vacancies_flags.h"
#include "services/vacancies/vacancies_module.h"

ABSL_FLAG(std::string, services, "all",
          "Comma-separated services to host (partners, vacancies, induction, "
          "professionalisation, bench), or \"all\" (every one but bench)");
ABSL_FLAG(std::string, listen, "0.0.0.0:9090", "gRPC listen address");
ABSL_FLAG(std::string, peer_targets, "",
          "Where other Samen services are: service=target,... (default: this "
          "server)");
ABSL_FLAG(std::string, clock_file, "",
          "Tests only: a file holding an RFC 3339 instant the services take as "
          "the current time (re-read on every use)");
ABSL_FLAG(std::string, mysql_host, "127.0.0.1", "MySQL host");
ABSL_FLAG(int, mysql_port, 3306, "MySQL port");
ABSL_FLAG(std::string, mysql_user, "samen", "MySQL user");
ABSL_FLAG(std::string, mysql_password, "",
          "MySQL password (prefer SAMEN_MYSQL_PASSWORD)");
ABSL_FLAG(std::string, mysql_password_file, "",
          "File holding the MySQL password");
ABSL_FLAG(std::string, mysql_database_prefix, "samen_",
          "Prefix of each service's database name (samen_ -> samen_partners)");
ABSL_FLAG(int, pool_size, 8,
          "MySQL connections (and worker threads) per service");
ABSL_FLAG(int, max_queue, 4096,
          "Requests queued per service at most (a memory bound); a request "
          "is shed earlier, with RESOURCE_EXHAUSTED, only when the work "
          "queued ahead of it cannot finish before its deadline");
ABSL_FLAG(bool, migrate_on_start, false,
          "Apply pending migrations before serving");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");
ABSL_FLAG(std::string, subject, "",
          "mint-token: the token's subject (person id)");
ABSL_FLAG(std::string, display_name, "", "mint-token: the token's name claim");
ABSL_FLAG(std::string, grants, "",
          "mint-token: comma-separated role@scope grants, e.g. "
          "coordinator@partnerships/osof,admin");
ABSL_FLAG(absl::Duration, ttl, absl::Hours(12), "mint-token: token lifetime");

namespace samen::server {
namespace {

using ModuleFactory =
    std::function<absl::StatusOr<std::unique_ptr<ServiceModule>>(
        const ModuleOptions&)>;

absl::StatusOr<std::unique_ptr<ServiceModule>> CreateVacancies(
    const ModuleOptions& options) {
  ASSIGN_OR_RETURN(auto vacancies, VacanciesOptionsFromFlags());
  return vacancies::CreateVacanciesModule(options, vacancies);
}

absl::StatusOr<std::unique_ptr<ServiceModule>> CreatePartners(
    const ModuleOptions& options) {
  ASSIGN_OR_RETURN(auto privacy, PrivacyOptionsFromFlags());
  return partners::CreatePartnersModule(options, privacy);
}

absl::StatusOr<std::unique_ptr<ServiceModule>> CreateIdentity(
    const ModuleOptions& options) {
  ASSIGN_OR_RETURN(auto identity, IdentityOptionsFromFlags());
  return identity::CreateIdentityModule(options, identity);
}

// Every service samen-server can host. Adding a service is one line here.
const std::map<std::string, ModuleFactory>& Registry() {
  static const auto* registry = new std::map<std::string, ModuleFactory>{
      {"bench", &bench::CreateBenchModule},
      {"identity", &CreateIdentity},
      {"induction", &induction::CreateInductionModule},
      {"partners", &CreatePartners},
      {"professionalisation",
       &professionalisation::CreateProfessionalisationModule},
      {"vacancies", &CreateVacancies},
  };
  return *registry;
}

// Hosted only when named: the benchmarks' echo service (services/bench/).
bool InAll(const std::string& service) { return service != "bench"; }

absl::StatusOr<std::vector<std::string>> SelectedServices() {
  const std::string flag = absl::GetFlag(FLAGS_services);
  std::vector<std::string> names;
  if (flag == "all") {
    for (const auto& [name, factory] : Registry()) {
      if (InAll(name)) {
        names.push_back(name);
      }
    }
    return names;
  }
  for (absl::string_view part :
       absl::StrSplit(flag, ',', absl::SkipWhitespace())) {
    if (Registry().count(std::string(part)) == 0) {
      std::vector<std::string> known;
      for (const auto& [name, factory] : Registry()) {
        known.push_back(name);
      }
      return absl::InvalidArgumentError(
          absl::StrCat("--services: unknown service \"", part,
                       "\"; known: ", absl::StrJoin(known, ","), " or all"));
    }
    names.emplace_back(part);
  }
  if (names.empty()) {
    return absl::InvalidArgumentError("--services: name at least one service");
  }
  return names;
}

absl::StatusOr<db::MysqlOptions> MysqlOptionsFromFlags() {
  db::MysqlOptions options;
  options.host = absl::GetFlag(FLAGS_mysql_host);
  options.port = absl::GetFlag(FLAGS_mysql_port);
  options.user = absl::GetFlag(FLAGS_mysql_user);
  ASSIGN_OR_RETURN(
      options.password,
      config::SecretFromValueOrFile(absl::GetFlag(FLAGS_mysql_password),
                                    absl::GetFlag(FLAGS_mysql_password_file)));
  options.pool_size = absl::GetFlag(FLAGS_pool_size);
  if (options.pool_size < 1 || options.pool_size > 256) {
    return absl::InvalidArgumentError("--pool_size must be between 1 and 256");
  }
  return options;
}

std::string DatabaseFor(const std::string& service) {
  return absl::StrCat(absl::GetFlag(FLAGS_mysql_database_prefix), service);
}

int Fail(const absl::Status& status) {
  log::Error("fatal", {{"error", status.ToString()}});
  return 1;
}

absl::Status MigrateAll(const db::MysqlOptions& mysql,
                        const std::vector<std::string>& services) {
  for (const auto& service : services) {
    if (db::MigrationsFor(service).empty()) {
      continue;  // no database (bench)
    }
    absl::Status status =
        db::Migrate(mysql, DatabaseFor(service), db::MigrationsFor(service));
    if (!status.ok()) {
      return absl::Status(status.code(),
                          absl::StrCat(service, ": ", status.message()));
    }
    log::Info("migrated",
              {{"service", service}, {"database", DatabaseFor(service)}});
  }
  return absl::OkStatus();
}

int Serve() {
  auto services = SelectedServices();
  auto mysql = MysqlOptionsFromFlags();
  auto verifier = VerifierFromFlags();
  for (const absl::Status& s :
       {services.status(), mysql.status(), verifier.status()}) {
    if (!s.ok()) {
      return Fail(s);
    }
  }
  log::Info("starting", {{"config", config::DescribeEffectiveFlags()}});
  if (absl::GetFlag(FLAGS_migrate_on_start)) {
    // The database may still be starting (compose, local scripts): retry for a
    // while.
    absl::Status status;
    for (int attempt = 0; attempt < 30; ++attempt) {
      status = MigrateAll(*mysql, *services);
      if (status.code() != absl::StatusCode::kUnavailable) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    if (!status.ok()) {
      return Fail(status);
    }
  }
  auto peer_targets = ParsePeerTargets(absl::GetFlag(FLAGS_peer_targets));
  if (!peer_targets.ok()) {
    return Fail(peer_targets.status());
  }
  ServerOptions server_options;
  server_options.listen = absl::GetFlag(FLAGS_listen);
  Peers peers({*peer_targets, LoopbackTarget(server_options.listen)});
  auto verifier_options = VerifierOptionsFromFlags();
  if (!verifier_options.ok()) {
    return Fail(verifier_options.status());
  }
  auto mail = MailOptionsFromFlags(*verifier_options);
  if (!mail.ok()) {
    return Fail(mail.status());
  }
  auto retention = RetentionOptionsFromFlags();
  if (!retention.ok()) {
    return Fail(retention.status());
  }
  const std::unique_ptr<Clock> clock =
      MakeClock(absl::GetFlag(FLAGS_clock_file));
  std::vector<std::unique_ptr<ServiceModule>> modules;
  for (const auto& service : *services) {
    ModuleOptions options;
    options.mysql = *mysql;
    options.mysql.database = DatabaseFor(service);
    options.verifier = verifier->get();
    options.max_queue = absl::GetFlag(FLAGS_max_queue);
    options.clock = clock.get();
    options.peers = &peers;
    options.mail = &*mail;
    options.retention = &*retention;
    auto module = Registry().at(service)(options);
    if (!module.ok()) {
      return Fail(module.status());
    }
    modules.push_back(*std::move(module));
  }
  absl::Status status = RunServer(server_options, std::move(modules));
  return status.ok() ? 0 : Fail(status);
}

int Migrate() {
  auto services = SelectedServices();
  auto mysql = MysqlOptionsFromFlags();
  for (const absl::Status& s : {services.status(), mysql.status()}) {
    if (!s.ok()) {
      return Fail(s);
    }
  }
  absl::Status status = MigrateAll(*mysql, *services);
  return status.ok() ? 0 : Fail(status);
}

// One retention pass for each selected service with a data map, now (a cron
// job's or an operator's; the servers run it every --retention_interval):
// prints one JSON line per service with the rows deleted per table. The lease
// stays taken until the next pass is due, so the servers' jobs skip until then
// and a second copy of this command started at the same time deletes nothing.
int Retention() {
  auto services = SelectedServices();
  auto mysql = MysqlOptionsFromFlags();
  auto retention = RetentionOptionsFromFlags();
  for (const absl::Status& s :
       {services.status(), mysql.status(), retention.status()}) {
    if (!s.ok()) {
      return Fail(s);
    }
  }
  const std::unique_ptr<Clock> clock =
      MakeClock(absl::GetFlag(FLAGS_clock_file));
  const std::string holder = db::JobLeaseHolder();
  for (const auto& service : *services) {
    const privacy::DataMap* map = nullptr;
    for (const privacy::DataMap* m : DataMaps()) {
      if (m->service == service) {
        map = m;
      }
    }
    if (map == nullptr) {
      continue;  // no database of people's data (bench)
    }
    db::MysqlOptions options = *mysql;
    options.database = DatabaseFor(service);
    db::Pool pool(options);
    db::JobLease lease(&pool, "retention", holder);
    auto pass =
        privacy::EnforceRetention(pool, *map, *retention, *clock, lease);
    if (!pass.ok()) {
      return Fail(
          absl::Status(pass.status().code(),
                       absl::StrCat(service, ": ", pass.status().message())));
    }
    std::vector<std::string> counts;
    for (const privacy::TableRetention& t : pass->tables) {
      counts.push_back(absl::StrCat("\"", t.table, "\":", t.deleted));
    }
    std::printf("{\"service\":\"%s\",\"ran\":%s,\"deleted\":{%s}}\n",
                service.c_str(), pass->ran ? "true" : "false",
                absl::StrJoin(counts, ",").c_str());
  }
  return 0;
}

// A developer tool: people sign in and machines use client credentials
// (docs/security.md); this signs with the HS256 development secret.
int MintToken() {
  log::Warning(
      "mint-token is a developer tool: its tokens are signed with the HS256 "
      "development secret; people sign in at /auth/login and machine clients "
      "use /oauth/token (docs/security.md)");
  auto verifier_options = VerifierOptionsFromFlags();
  if (!verifier_options.ok()) {
    return Fail(verifier_options.status());
  }
  auth::Principal principal;
  principal.subject = absl::GetFlag(FLAGS_subject);
  principal.display_name = absl::GetFlag(FLAGS_display_name);
  if (principal.subject.empty()) {
    return Fail(
        absl::InvalidArgumentError("mint-token: --subject is required"));
  }
  for (absl::string_view grant : absl::StrSplit(absl::GetFlag(FLAGS_grants),
                                                ',', absl::SkipWhitespace())) {
    absl::StatusOr<auth::Grant> parsed = auth::ParseGrantText(grant);
    if (!parsed.ok()) {
      return Fail(absl::InvalidArgumentError(absl::StrCat(
          "mint-token: ", parsed.status().message(), " in --grants")));
    }
    principal.grants.push_back(*std::move(parsed));
  }
  auth::MintOptions options;
  options.secret = verifier_options->hs256_secret;
  options.issuer = verifier_options->issuer;
  options.audience = verifier_options->audience;
  options.ttl = absl::GetFlag(FLAGS_ttl);
  auto token = auth::MintHs256Token(principal, options);
  if (!token.ok()) {
    return Fail(token.status());
  }
  std::printf("%s\n", token->c_str());
  return 0;
}

}  // namespace

int Main(const std::vector<std::string>& positional) {
  log::Level level;
  if (log::ParseLevel(absl::GetFlag(FLAGS_log_level), &level)) {
    log::SetMinLevel(level);
  }
  const std::string command = positional.size() > 1 ? positional[1] : "serve";
  if (positional.size() > 2) {
    return Fail(absl::InvalidArgumentError("expected at most one command"));
  }
  if (command == "serve") {
    return Serve();
  }
  if (command == "migrate") {
    return Migrate();
  }
  if (command == "mint-token") {
    return MintToken();
  }
  if (command == "retention") {
    return Retention();
  }
  if (command == "privacy-register") {
    std::fputs(PrivacyRegister().c_str(), stdout);
    return 0;
  }
  return Fail(absl::InvalidArgumentError(
      absl::StrCat("unknown command \"", command,
                   "\"; use serve, migrate, retention, mint-token or "
                   "privacy-register")));
}

}  // namespace samen::server
