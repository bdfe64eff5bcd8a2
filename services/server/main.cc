// samen-server: hosts any subset of Samen's gRPC services (see server_app.h).

#include "services/common/config.h"
#include "services/server/server_app.h"

int main(int argc, char** argv) {
  samen::config::DisableMutexDeadlockDetection();
  return samen::server::Main(samen::config::ParseFlagsWithEnv(argc, argv));
}
