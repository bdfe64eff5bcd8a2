#pragma once

// A running Samen for end-to-end tests: samen-server replicas over the test
// MariaDB (own databases, migrated on start, optionally with demo data) and
// samen-gateway in front of them, as separate processes on loopback ports.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "db/pool.h"
#include "tests/support/process.h"

namespace samen::testing {

struct StackOptions {
  int server_replicas = 1;
  bool demo_data = true;
  // Start samen-gateway in front of the servers (integration tests talk gRPC
  // only).
  bool gateway = true;
  // How many samen-gateway processes (each in front of every replica) when
  // `gateway`.
  int gateways = 1;
  // Overrides the test MariaDB (e.g. a private one the test kills).
  db::MysqlOptions mysql;
  bool use_test_mysql = true;
  // "{gateway_port}" in these becomes gateway 0's port (chosen before the
  // servers start), for flags that name the public URL.
  std::vector<std::string> extra_server_args;
  std::vector<std::string> extra_gateway_args;
  std::map<std::string, std::string> extra_server_env;
};

class Stack {
 public:
  explicit Stack(StackOptions options = {});
  ~Stack();

  // "127.0.0.1:<port>" of gateway `i`.
  std::string gateway_address(int i = 0) const;
  int gateway_port(int i = 0) const { return gateway_ports_[i]; }
  // gRPC target of replica `i`.
  std::string server_address(int i = 0) const;
  const std::string& database_prefix() const { return prefix_; }
  const db::MysqlOptions& mysql() const { return mysql_; }
  Process& server(int i = 0) { return *servers_[i]; }
  Process& gateway(int i = 0) { return *gateways_[i]; }
  // Starts replica i again after it was stopped or killed.
  void RestartServer(int i);

 private:
  void StartServer(int i);

  StackOptions options_;
  db::MysqlOptions mysql_;
  std::string prefix_;
  std::string log_dir_;
  std::vector<int> server_ports_;
  std::vector<std::unique_ptr<Process>> servers_;
  std::vector<int> gateway_ports_;
  std::vector<std::unique_ptr<Process>> gateways_;
};

}  // namespace samen::testing
