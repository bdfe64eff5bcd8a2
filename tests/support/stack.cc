#include "tests/support/stack.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "tests/support/test_env.h"

namespace samen::testing {
namespace {

[[noreturn]] void Die(const std::string& message, const Process* p) {
  std::fprintf(stderr, "test stack: %s\n", message.c_str());
  if (p != nullptr) {
    std::fprintf(stderr, "--- %s ---\n%s\n", p->log_path().c_str(),
                 p->ReadLog().c_str());
  }
  std::abort();
}

}  // namespace

Stack::Stack(StackOptions options) : options_(std::move(options)) {
  mysql_ = options_.use_test_mysql ? TestMysqlOptions() : options_.mysql;
  prefix_ = UniqueDatabasePrefix();
  log_dir_ = absl::StrCat(std::filesystem::temp_directory_path().string(),
                          "/samen-", prefix_, "logs");
  std::filesystem::create_directories(log_dir_);
  for (int g = 0; g < (options_.gateway ? options_.gateways : 0); ++g) {
    gateway_ports_.push_back(FreePort());
  }
  for (auto* args :
       {&options_.extra_server_args, &options_.extra_gateway_args}) {
    for (std::string& arg : *args) {
      arg = absl::StrReplaceAll(
          arg,
          {{"{gateway_port}",
            gateway_ports_.empty() ? "" : absl::StrCat(gateway_ports_[0])}});
    }
  }
  for (int i = 0; i < options_.server_replicas; ++i) {
    server_ports_.push_back(FreePort());
    servers_.push_back(nullptr);
    StartServer(i);
    if (i == 0 && options_.demo_data) {
      // The first replica migrated the schema; the demo rows go in before
      // traffic starts.
      for (const auto& entry :
           std::filesystem::directory_iterator(SourceDir() + "/db/demo")) {
        if (entry.path().extension() == ".sql") {
          const std::string service = entry.path().stem().string();
          LoadDemoData(mysql_, service, prefix_ + service);
        }
      }
    }
  }
  if (!options_.gateway) {
    return;
  }
  std::vector<std::string> targets;
  for (int i = 0; i < options_.server_replicas; ++i) {
    targets.push_back(server_address(i));
  }
  for (int g = 0; g < options_.gateways; ++g) {
    const int port = gateway_ports_[g];
    std::vector<std::string> args = {
        absl::StrCat("--listen=127.0.0.1:", port),
        absl::StrCat("--backend=ipv4:", absl::StrJoin(targets, ",")),
        "--threads=2",
        // Every test client is 127.0.0.1: the default per-address limit for
        // callers without a token would make tests depend on each other.
        // The edge e2e test sets it.
        "--anonymous_rate_limit_rps=0",
    };
    args.insert(args.end(), options_.extra_gateway_args.begin(),
                options_.extra_gateway_args.end());
    auto gateway = std::make_unique<Process>(
        BinDir() + "/samen-gateway", args,
        std::map<std::string, std::string>{
            {"SAMEN_JWT_HS256_SECRET", kTestJwtSecret}},
        absl::StrCat(log_dir_, "/gateway-", g, ".log"));
    gateway->Start();
    if (!WaitForPort(port, absl::Seconds(20))) {
      Die("samen-gateway did not start", gateway.get());
    }
    gateways_.push_back(std::move(gateway));
  }
}

Stack::~Stack() {
  for (auto& g : gateways_) {
    g->Stop();
  }
  for (auto& s : servers_) {
    if (s) {
      s->Stop();
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(log_dir_, ec);
}

std::string Stack::gateway_address(int i) const {
  return absl::StrCat("127.0.0.1:", gateway_ports_[i]);
}

std::string Stack::server_address(int i) const {
  return absl::StrCat("127.0.0.1:", server_ports_[i]);
}

void Stack::StartServer(int i) {
  std::vector<std::string> args = {
      "--services=all",
      absl::StrCat("--listen=127.0.0.1:", server_ports_[i]),
      "--migrate_on_start",
      absl::StrCat("--mysql_database_prefix=", prefix_),
      "--pool_size=4",
  };
  args.insert(args.end(), options_.extra_server_args.begin(),
              options_.extra_server_args.end());
  std::map<std::string, std::string> env = {
      {"SAMEN_MYSQL_HOST", mysql_.host},
      {"SAMEN_MYSQL_PORT", absl::StrCat(mysql_.port)},
      {"SAMEN_MYSQL_USER", mysql_.user},
      {"SAMEN_MYSQL_PASSWORD", mysql_.password},
      {"SAMEN_JWT_HS256_SECRET", kTestJwtSecret}};
  env.insert(options_.extra_server_env.begin(),
             options_.extra_server_env.end());
  servers_[i] = std::make_unique<Process>(
      BinDir() + "/samen-server", args, std::move(env),
      absl::StrCat(log_dir_, "/server-", i, ".log"));
  servers_[i]->Start();
  if (!WaitForPort(server_ports_[i], absl::Seconds(60))) {
    Die("samen-server did not start", servers_[i].get());
  }
}

void Stack::RestartServer(int i) {
  if (servers_[i]->running()) {
    servers_[i]->Stop();
  }
  StartServer(i);
}

}  // namespace samen::testing
