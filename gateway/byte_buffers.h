#pragma once

// grpc::ByteBuffer <-> bytes, for the generic stub.

#include <string>

#include "grpcpp/support/byte_buffer.h"

namespace samen::gateway {

grpc::ByteBuffer ToByteBuffer(const std::string& bytes);
std::string FromByteBuffer(const grpc::ByteBuffer& buffer);

}  // namespace samen::gateway
