#pragma once

// grpc.reflection.v1.ServerReflection, beside the v1alpha service gRPC's
// reflection plugin adds: current clients (grpcurl, Postman, grpcui) ask v1
// first. Answers from the generated descriptor pool, like v1alpha.

#include <memory>
#include <string>
#include <vector>

#include "grpcpp/impl/service_type.h"

namespace samen {

// `services`: the fully qualified names ListServices answers.
std::unique_ptr<grpc::Service> NewReflectionV1Service(
    std::vector<std::string> services);

}  // namespace samen
