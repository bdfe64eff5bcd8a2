#pragma once

// A test double of the Partners backend for the gateway's socket tests: an
// in-process gRPC server on 127.0.0.1 that records what each call received
// (request, metadata, deadline) and answers with canned responses (etag "v1",
// two clusters). Updates and deletes with another etag fail with ABORTED /
// ETAG_MISMATCH; creates keep outcomes per request_id like the real services
// (same request -> the first response, another one -> IDEMPOTENCY_KEY_REUSED;
// id "busy" -> IDEMPOTENCY_KEY_IN_USE, id "flaky" -> UNAVAILABLE). Special
// names trigger errors:
//   partnerships/flaky   -> UNAVAILABLE on the first two calls, then OK
//   partnerships/expired -> FAILED_PRECONDITION with SYNC_TOKEN_EXPIRED
//   partnerships/missing -> NOT_FOUND
//   partnerships/invalid -> INVALID_ARGUMENT with google.rpc.BadRequest and
//                           ErrorInfo
//   partnerships/busy    -> RESOURCE_EXHAUSTED with RetryInfo 6.5 s
//   partnerships/slow    -> answers after 2 s (or when the call is cancelled)

#include <map>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/server.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"

namespace samen::gateway::testing {

struct SeenCall {
  std::string method;
  std::string request;  // text format of the request message
  std::multimap<std::string, std::string> metadata;
  bool has_deadline = false;
  absl::Duration deadline_in = absl::ZeroDuration();
};

class FakePartnersBackend final
    : public samen::partners::v1::PartnersService::Service {
 public:
  FakePartnersBackend();
  ~FakePartnersBackend() override;

  // "127.0.0.1:<port>".
  std::string address() const { return address_; }
  SeenCall last() const;
  int calls() const;
  // Partnerships actually created (not replayed from a request_id).
  int creations() const;
  void SetServing(bool serving);

  grpc::Status GetPartnership(
      grpc::ServerContext* context,
      const samen::partners::v1::GetPartnershipRequest* request,
      samen::partners::v1::Partnership* response) override;
  grpc::Status ListPartnerships(
      grpc::ServerContext* context,
      const samen::partners::v1::ListPartnershipsRequest* request,
      samen::partners::v1::ListPartnershipsResponse* response) override;
  grpc::Status CreatePartnership(
      grpc::ServerContext* context,
      const samen::partners::v1::CreatePartnershipRequest* request,
      samen::partners::v1::Partnership* response) override;
  grpc::Status UpdatePartnership(
      grpc::ServerContext* context,
      const samen::partners::v1::UpdatePartnershipRequest* request,
      samen::partners::v1::Partnership* response) override;
  grpc::Status DeletePartnership(
      grpc::ServerContext* context,
      const samen::partners::v1::DeletePartnershipRequest* request,
      google::protobuf::Empty* response) override;

 private:
  void Record(grpc::ServerContext* context, const std::string& method,
              const google::protobuf::Message& request);

  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  mutable absl::Mutex mu_;
  SeenCall last_ ABSL_GUARDED_BY(mu_);
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
  int creations_ ABSL_GUARDED_BY(mu_) = 0;
  int flaky_calls_ ABSL_GUARDED_BY(mu_) = 0;
  // request_id -> (request without it, response).
  std::map<std::string,
           std::pair<std::string, samen::partners::v1::Partnership>>
      outcomes_ ABSL_GUARDED_BY(mu_);
};

}  // namespace samen::gateway::testing
