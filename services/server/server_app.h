#pragma once

// samen-server's commands, as a library so tests can drive them:
//   samen-server [serve]      serve the services named by --services
//   samen-server migrate      apply each named service's migrations and exit
//   samen-server mint-token   print an HS256 token (local development and
//   tests)

#include <string>
#include <vector>

namespace samen::server {

// Runs the command named by the positional arguments; returns the process exit
// code.
int Main(const std::vector<std::string>& positional);

}  // namespace samen::server
