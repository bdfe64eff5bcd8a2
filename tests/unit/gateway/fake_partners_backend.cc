#include "tests/unit/gateway/fake_partners_backend.h"

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "samen/rpc/error_info.pb.h"
#include "services/common/errors.h"

namespace samen::gateway::testing {
namespace {

using samen::partners::v1::Partnership;

constexpr char kService[] = "samen.partners.v1.PartnersService";

grpc::Status InvalidWithDetails() {
  google::rpc::Status rpc;
  rpc.set_code(grpc::StatusCode::INVALID_ARGUMENT);
  rpc.set_message("display_name is required");
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field("partnership.display_name");
  violation->set_description("required");
  rpc.add_details()->PackFrom(bad_request);
  google::rpc::ErrorInfo info;
  info.set_reason("FIELD_REQUIRED");
  info.set_domain("samen.dev");
  rpc.add_details()->PackFrom(info);
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, rpc.message(),
                      rpc.SerializeAsString());
}

grpc::Status WithReason(grpc::StatusCode code, const std::string& message,
                        const std::string& reason) {
  google::rpc::Status rpc;
  rpc.set_code(code);
  rpc.set_message(message);
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain("samen.dev");
  rpc.add_details()->PackFrom(info);
  return grpc::Status(code, message, rpc.SerializeAsString());
}

grpc::Status EtagMismatch() {
  return WithReason(grpc::StatusCode::ABORTED, "etag does not match",
                    "ETAG_MISMATCH");
}

constexpr char kEtag[] = "v1";

}  // namespace

int FakePartnersBackend::creations() const {
  absl::MutexLock lock(&mu_);
  return creations_;
}

FakePartnersBackend::FakePartnersBackend() {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(this);
  server_ = builder.BuildAndStart();
  address_ = absl::StrCat("127.0.0.1:", port);
  SetServing(true);
}

FakePartnersBackend::~FakePartnersBackend() {
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
}

void FakePartnersBackend::SetServing(bool serving) {
  server_->GetHealthCheckService()->SetServingStatus(kService, serving);
}

SeenCall FakePartnersBackend::last() const {
  absl::MutexLock lock(&mu_);
  return last_;
}

int FakePartnersBackend::calls() const {
  absl::MutexLock lock(&mu_);
  return calls_;
}

void FakePartnersBackend::Record(grpc::ServerContext* context,
                                 const std::string& method,
                                 const google::protobuf::Message& request) {
  SeenCall seen;
  seen.method = method;
  seen.request = request.ShortDebugString();
  for (const auto& [key, value] : context->client_metadata()) {
    seen.metadata.emplace(std::string(key.data(), key.size()),
                          std::string(value.data(), value.size()));
  }
  const auto deadline = context->deadline();
  seen.has_deadline = deadline != std::chrono::system_clock::time_point::max();
  if (seen.has_deadline) {
    seen.deadline_in =
        absl::FromChrono(deadline - std::chrono::system_clock::now());
  }
  absl::MutexLock lock(&mu_);
  last_ = std::move(seen);
  ++calls_;
}

grpc::Status FakePartnersBackend::GetPartnership(
    grpc::ServerContext* context,
    const samen::partners::v1::GetPartnershipRequest* request,
    Partnership* response) {
  Record(context, "GetPartnership", *request);
  if (request->name() == "partnerships/missing") {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        "partnership partnerships/missing not found");
  }
  if (request->name() == "partnerships/invalid") {
    return InvalidWithDetails();
  }
  if (request->name() == "partnerships/expired") {
    return WithReason(grpc::StatusCode::FAILED_PRECONDITION,
                      "the sync token expired; sync again from the start",
                      "SYNC_TOKEN_EXPIRED");
  }
  if (request->name() == "partnerships/flaky") {
    absl::MutexLock lock(&mu_);
    if (++flaky_calls_ <= 2) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "replica stopping");
    }
  }
  if (request->name() == "partnerships/busy") {
    // What a service's executor answers when the work ahead cannot finish in
    // time (services/common/call.cc), with its RetryInfo.
    return ToGrpcStatus(WithRetryDelay(
        absl::ResourceExhaustedError("server busy"), absl::Milliseconds(6500)));
  }
  if (request->name() == "partnerships/slow") {
    const auto until =
        std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < until &&
           !context->IsCancelled()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  response->set_name(request->name());
  response->set_display_name("Opleidingsschool Oostelijk Flevoland");
  response->set_status(Partnership::ACCREDITED);
  response->add_sectors(samen::partners::v1::VO);
  response->set_etag(kEtag);
  auto* north = response->add_clusters();
  north->set_id("north");
  north->set_display_name("Noord");
  auto* south = response->add_clusters();
  south->set_id("south");
  south->set_display_name("Zuid");
  return grpc::Status::OK;
}

grpc::Status FakePartnersBackend::ListPartnerships(
    grpc::ServerContext* context,
    const samen::partners::v1::ListPartnershipsRequest* request,
    samen::partners::v1::ListPartnershipsResponse* response) {
  Record(context, "ListPartnerships", *request);
  response->add_partnerships()->set_name("partnerships/osof");
  for (int i = 1; i < request->page_size() && request->page_size() > 20; ++i) {
    Partnership* p = response->add_partnerships();
    p->set_name(absl::StrCat("partnerships/p", i));
    p->set_display_name(absl::StrCat("Opleidingsschool nummer ", i));
    p->set_region("Flevoland");
    p->set_etag(kEtag);
  }
  response->set_next_page_token("next");
  return grpc::Status::OK;
}

grpc::Status FakePartnersBackend::CreatePartnership(
    grpc::ServerContext* context,
    const samen::partners::v1::CreatePartnershipRequest* request,
    Partnership* response) {
  Record(context, "CreatePartnership", *request);
  if (request->request_id() == "busy") {
    return WithReason(grpc::StatusCode::ABORTED, "still being processed",
                      "IDEMPOTENCY_KEY_IN_USE");
  }
  if (request->partnership_id() == "flaky") {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "replica stopping");
  }
  samen::partners::v1::CreatePartnershipRequest payload = *request;
  payload.clear_request_id();
  const std::string fingerprint = payload.SerializeAsString();
  absl::MutexLock lock(&mu_);
  if (!request->request_id().empty()) {
    auto it = outcomes_.find(request->request_id());
    if (it != outcomes_.end()) {
      if (it->second.first != fingerprint) {
        return WithReason(grpc::StatusCode::FAILED_PRECONDITION,
                          "this idempotency key was used for another request",
                          "IDEMPOTENCY_KEY_REUSED");
      }
      *response = it->second.second;
      return grpc::Status::OK;
    }
  }
  ++creations_;
  *response = request->partnership();
  response->set_name(absl::StrCat("partnerships/", request->partnership_id()));
  response->set_etag(absl::StrCat("created-", creations_));
  if (!request->request_id().empty()) {
    outcomes_[request->request_id()] = {fingerprint, *response};
  }
  return grpc::Status::OK;
}

grpc::Status FakePartnersBackend::UpdatePartnership(
    grpc::ServerContext* context,
    const samen::partners::v1::UpdatePartnershipRequest* request,
    Partnership* response) {
  Record(context, "UpdatePartnership", *request);
  if (!request->partnership().etag().empty() &&
      request->partnership().etag() != kEtag) {
    return EtagMismatch();
  }
  *response = request->partnership();
  response->set_etag("v2");
  return grpc::Status::OK;
}

grpc::Status FakePartnersBackend::DeletePartnership(
    grpc::ServerContext* context,
    const samen::partners::v1::DeletePartnershipRequest* request,
    google::protobuf::Empty*) {
  Record(context, "DeletePartnership", *request);
  if (!request->etag().empty() && request->etag() != kEtag) {
    return EtagMismatch();
  }
  return grpc::Status::OK;
}

}  // namespace samen::gateway::testing
