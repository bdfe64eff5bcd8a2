// libFuzzer target: the gateway's HTTP-to-gRPC transcoding path, the part that
// reads untrusted request text. An input is an HTTP request in a readable form,
//
//   <METHOD> <target>\n<body>
//
// e.g. "PATCH /v1/partnerships/osof?update_mask=region\n{\"region\":\"x\"}".
// The target goes through route lookup (path templates, percent-decoding), then
// BuildRequest (body JSON into the request message, path variables, query
// parameters) for Samen's route table and for the gateway test protos (every
// field kind), and the problem+json rendering of any error.
//
// Besides the sanitizers, it checks what the gateway promises its backends: a
// request it accepts is one a service can parse (no invalid UTF-8 in string
// fields, which protobuf refuses on the backend's side) and that renders as
// JSON again.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "gateway/json_syntax.h"
#include "gateway/problem.h"
#include "gateway/registered_services.h"
#include "gateway/route_table.h"
#include "gateway/transcoder.h"
#include "gateway_test.pb.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/logging.h"

namespace {

using samen::gateway::RouteTable;

const RouteTable& Table(bool test_protos) {
  static const RouteTable* samen_table = [] {
    auto table = RouteTable::Build(samen::gateway::RegisteredServices());
    if (!table.ok()) {
      std::fprintf(stderr, "route table: %s\n",
                   std::string(table.status().message()).c_str());
      std::abort();
    }
    return new RouteTable(*std::move(table));
  }();
  static const RouteTable* test_table = [] {
    samen::gateway::testing::Everything::descriptor();  // links it in
    auto table = RouteTable::Build({"samen.gateway.testing.TestService"});
    if (!table.ok()) {
      std::fprintf(stderr, "test route table: %s\n",
                   std::string(table.status().message()).c_str());
      std::abort();
    }
    return new RouteTable(*std::move(table));
  }();
  return test_protos ? *test_table : *samen_table;
}

[[noreturn]] void Fail(const char* what, absl::string_view method,
                       absl::string_view target) {
  std::fprintf(stderr, "FUZZ INVARIANT: %s\n  request: %.*s %.*s\n", what,
               static_cast<int>(method.size()), method.data(),
               static_cast<int>(target.size()), target.data());
  std::abort();
}

void Transcode(const RouteTable& table, absl::string_view method,
               absl::string_view target, absl::string_view body) {
  const size_t question = target.find('?');
  const absl::string_view path = target.substr(0, question);
  const absl::string_view query = question == absl::string_view::npos
                                      ? absl::string_view()
                                      : target.substr(question + 1);
  samen::gateway::RouteMatch match = table.Find(method, path);
  if (match.route == nullptr) {
    return;
  }
  std::unique_ptr<google::protobuf::Message> request =
      samen::gateway::NewRequestMessage(*match.route);
  absl::Status status = samen::gateway::BuildRequest(
      *match.route, match.bindings, query, body, request.get());
  if (!status.ok()) {
    samen::gateway::Problem problem = samen::gateway::ProblemFromStatus(status);
    const std::string json = samen::gateway::ProblemJson(problem, "fuzz");
    if (samen::gateway::CheckJsonSyntax(json).has_value()) {
      Fail("a problem+json body is not JSON", method, target);
    }
    return;
  }
  std::string wire;
  if (!request->SerializeToString(&wire)) {
    Fail("an accepted request does not serialize", method, target);
  }
  std::unique_ptr<google::protobuf::Message> copy(request->New());
  if (!copy->ParseFromString(wire)) {
    Fail("an accepted request is one the backend cannot parse", method, target);
  }
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(*request, &json).ok()) {
    Fail("an accepted request does not render as JSON", method, target);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  samen::log::SetMinLevel(samen::log::Level::kError);
  // Protobuf's own error logging (e.g. about UTF-8) is noise here; the
  // invariants above decide.
  google::protobuf::SetLogHandler(nullptr);
  Table(false);
  Table(true);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const absl::string_view line = input.substr(0, newline);
  const absl::string_view body = newline == absl::string_view::npos
                                     ? absl::string_view()
                                     : input.substr(newline + 1);
  const size_t space = line.find(' ');
  if (space == absl::string_view::npos) {
    return 0;
  }
  const absl::string_view method = line.substr(0, space);
  const absl::string_view target = line.substr(space + 1);
  Transcode(Table(false), method, target, body);
  Transcode(Table(true), method, target, body);
  return 0;
}
