#include "gateway/problem.h"

#include <map>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "samen/rpc/error_info.pb.h"

namespace samen::gateway {
namespace {

using ::testing::HasSubstr;

TEST(HttpStatusForCode, CoversEveryGrpcCode) {
  const std::map<absl::StatusCode, int> expected = {
      {absl::StatusCode::kOk, 200},
      {absl::StatusCode::kCancelled, 499},
      {absl::StatusCode::kUnknown, 500},
      {absl::StatusCode::kInvalidArgument, 400},
      {absl::StatusCode::kDeadlineExceeded, 504},
      {absl::StatusCode::kNotFound, 404},
      {absl::StatusCode::kAlreadyExists, 409},
      {absl::StatusCode::kPermissionDenied, 403},
      {absl::StatusCode::kResourceExhausted, 429},
      {absl::StatusCode::kFailedPrecondition, 400},
      {absl::StatusCode::kAborted, 409},
      {absl::StatusCode::kOutOfRange, 400},
      {absl::StatusCode::kUnimplemented, 501},
      {absl::StatusCode::kInternal, 500},
      {absl::StatusCode::kUnavailable, 503},
      {absl::StatusCode::kDataLoss, 500},
      {absl::StatusCode::kUnauthenticated, 401},
  };
  ASSERT_EQ(expected.size(), 17u);  // codes 0..16
  for (int code = 0; code <= 16; ++code) {
    const auto c = static_cast<absl::StatusCode>(code);
    ASSERT_TRUE(expected.count(c)) << code;
    EXPECT_EQ(HttpStatusForCode(c), expected.at(c)) << CodeName(c);
  }
  EXPECT_EQ(HttpStatusForCode(static_cast<absl::StatusCode>(42)), 500);
}

TEST(CodeName, NamesAndTitles) {
  EXPECT_EQ(CodeName(absl::StatusCode::kInvalidArgument), "INVALID_ARGUMENT");
  EXPECT_EQ(CodeTitle(absl::StatusCode::kInvalidArgument), "Invalid argument");
  EXPECT_EQ(CodeTitle(absl::StatusCode::kNotFound), "Not found");
  EXPECT_EQ(CodeName(static_cast<absl::StatusCode>(42)), "UNKNOWN");
  Problem p = ProblemForCode(absl::StatusCode::kFailedPrecondition, "x");
  EXPECT_EQ(p.type, "failed-precondition");
  EXPECT_EQ(p.http_status, 400);
}

// Parses a problem document for inspection.
google::protobuf::Struct ParseDocument(const std::string& json) {
  google::protobuf::Struct doc;
  auto status = google::protobuf::util::JsonStringToMessage(json, &doc);
  EXPECT_TRUE(status.ok()) << json;
  return doc;
}

TEST(ProblemFromGrpcStatus, ReadsBadRequestAndErrorInfoDetails) {
  google::rpc::Status rpc;
  rpc.set_code(3);
  rpc.set_message("display_name: required");
  google::rpc::BadRequest bad_request;
  auto* v = bad_request.add_field_violations();
  v->set_field("partnership.display_name");
  v->set_description("required");
  auto* v2 = bad_request.add_field_violations();
  v2->set_field("partnership.region");
  v2->set_description("too \"long\"");
  rpc.add_details()->PackFrom(bad_request);
  google::rpc::ErrorInfo info;
  info.set_reason("ETAG_MISMATCH");
  info.set_domain("samen.dev");
  rpc.add_details()->PackFrom(info);
  grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT,
                      "display_name: required", rpc.SerializeAsString());

  Problem problem = ProblemFromGrpcStatus(status);
  EXPECT_EQ(problem.http_status, 400);
  EXPECT_EQ(problem.code, "INVALID_ARGUMENT");
  EXPECT_EQ(problem.reason, "ETAG_MISMATCH");
  ASSERT_EQ(problem.field_violations.size(), 2u);
  EXPECT_EQ(problem.field_violations[0].field, "partnership.display_name");

  const std::string json = ProblemJson(problem, "req-1");
  google::protobuf::Struct doc = ParseDocument(json);
  const auto& f = doc.fields();
  EXPECT_EQ(f.at("type").string_value(),
            "https://samen.dev/problems/invalid-argument");
  EXPECT_EQ(f.at("title").string_value(), "Invalid argument");
  EXPECT_EQ(f.at("status").number_value(), 400);
  EXPECT_EQ(f.at("detail").string_value(), "display_name: required");
  EXPECT_EQ(f.at("code").string_value(), "INVALID_ARGUMENT");
  EXPECT_EQ(f.at("reason").string_value(), "ETAG_MISMATCH");
  EXPECT_EQ(f.at("request_id").string_value(), "req-1");
  const auto& violations = f.at("field_violations").list_value().values();
  ASSERT_EQ(violations.size(), 2);
  EXPECT_EQ(violations[1].struct_value().fields().at("field").string_value(),
            "partnership.region");
  EXPECT_EQ(
      violations[1].struct_value().fields().at("description").string_value(),
      "too \"long\"");
}

TEST(ProblemFromGrpcStatus, WithoutDetails) {
  Problem problem = ProblemFromGrpcStatus(
      grpc::Status(grpc::StatusCode::NOT_FOUND, "no such"));
  EXPECT_EQ(problem.http_status, 404);
  EXPECT_TRUE(problem.field_violations.empty());
  EXPECT_TRUE(problem.reason.empty());
  const std::string json = ProblemJson(problem, "");
  EXPECT_THAT(json, ::testing::Not(HasSubstr("field_violations")));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("reason")));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("request_id")));
  ParseDocument(json);
}

TEST(ProblemFromGrpcStatus, IgnoresGarbageDetails) {
  Problem problem = ProblemFromGrpcStatus(
      grpc::Status(grpc::StatusCode::ABORTED, "conflict", "\xff\xff\xff"));
  EXPECT_EQ(problem.http_status, 409);
  EXPECT_EQ(problem.detail, "conflict");
}

TEST(InvalidFieldError, CarriesTheFieldToTheProblem) {
  absl::Status status = InvalidFieldError("page_size", "must be positive");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("page_size"));
  Problem problem = ProblemFromStatus(status);
  ASSERT_EQ(problem.field_violations.size(), 1u);
  EXPECT_EQ(problem.field_violations[0].field, "page_size");
  EXPECT_EQ(problem.field_violations[0].description, "must be positive");
  EXPECT_TRUE(
      ProblemFromStatus(absl::NotFoundError("x")).field_violations.empty());
}

Problem WithReason(absl::StatusCode code, const std::string& reason) {
  Problem problem = ProblemForCode(code, "x");
  problem.reason = reason;
  return problem;
}

TEST(ApplyReasonMapping, MapsTheStableReasons) {
  Problem reused = WithReason(absl::StatusCode::kFailedPrecondition,
                              "IDEMPOTENCY_KEY_REUSED");
  ApplyReasonMapping({}, &reused);
  EXPECT_EQ(reused.http_status, 422);
  EXPECT_EQ(reused.code, "FAILED_PRECONDITION");  // the gRPC code stays

  Problem in_use =
      WithReason(absl::StatusCode::kAborted, "IDEMPOTENCY_KEY_IN_USE");
  ApplyReasonMapping({}, &in_use);
  EXPECT_EQ(in_use.http_status, 409);
  EXPECT_EQ(in_use.retry_after_seconds, 1);

  Problem expired =
      WithReason(absl::StatusCode::kFailedPrecondition, "SYNC_TOKEN_EXPIRED");
  ApplyReasonMapping({}, &expired);
  EXPECT_EQ(expired.http_status, 410);

  Problem etag_body = WithReason(absl::StatusCode::kAborted, "ETAG_MISMATCH");
  ApplyReasonMapping({}, &etag_body);
  EXPECT_EQ(etag_body.http_status, 409);
  Problem etag_header = WithReason(absl::StatusCode::kAborted, "ETAG_MISMATCH");
  ApplyReasonMapping(ReasonContext{true}, &etag_header);
  EXPECT_EQ(etag_header.http_status, 412);
  EXPECT_EQ(etag_header.type, "precondition-failed");

  Problem other =
      WithReason(absl::StatusCode::kInvalidArgument, "FIELD_REQUIRED");
  ApplyReasonMapping(ReasonContext{true}, &other);
  EXPECT_EQ(other.http_status, 400);
  EXPECT_EQ(other.retry_after_seconds, 0);
}

}  // namespace
}  // namespace samen::gateway
