#include "tests/unit/gateway/fake_stream_backend.h"

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace samen::gateway::testing {

FakeStreamBackend::FakeStreamBackend() {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(this);
  server_ = builder.BuildAndStart();
  address_ = absl::StrCat("127.0.0.1:", port);
}

FakeStreamBackend::~FakeStreamBackend() {
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
}

int FakeStreamBackend::cancelled_streams() const {
  absl::MutexLock lock(&mu_);
  return cancelled_;
}

int FakeStreamBackend::open_streams() const {
  absl::MutexLock lock(&mu_);
  return open_;
}

grpc::Status FakeStreamBackend::WatchThings(
    grpc::ServerContext* context, const Everything* request,
    grpc::ServerWriter<Everything>* writer) {
  {
    absl::MutexLock lock(&mu_);
    ++open_;
  }
  grpc::Status status = grpc::Status::OK;
  for (int i = 0; i < request->i32(); ++i) {
    if (request->i64() > 0) {
      const auto until = std::chrono::steady_clock::now() +
                         std::chrono::milliseconds(request->i64());
      while (std::chrono::steady_clock::now() < until &&
             !context->IsCancelled()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }
    if (context->IsCancelled()) {
      status = grpc::Status::CANCELLED;
      break;
    }
    Everything thing = *request;
    thing.set_name(absl::StrCat("things/", i));
    if (!writer->Write(thing)) {
      status = grpc::Status::CANCELLED;
      break;
    }
  }
  if (status.ok() && request->flag()) {
    status = grpc::Status(grpc::StatusCode::NOT_FOUND, "thing went away");
  }
  absl::MutexLock lock(&mu_);
  --open_;
  if (context->IsCancelled()) {
    ++cancelled_;
  }
  return status;
}

grpc::Status FakeStreamBackend::ExportThings(grpc::ServerContext*,
                                             const Everything* request,
                                             google::api::HttpBody* response) {
  response->set_content_type("text/csv; charset=utf-8");
  response->set_data(
      absl::StrCat("name,count\n", request->name(), ",", request->i32(), "\n"));
  return grpc::Status::OK;
}

grpc::Status FakeStreamBackend::Ping(grpc::ServerContext*,
                                     const Everything* request,
                                     Everything* response) {
  *response = *request;
  return grpc::Status::OK;
}

}  // namespace samen::gateway::testing
