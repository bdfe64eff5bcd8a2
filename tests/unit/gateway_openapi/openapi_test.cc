// /openapi.json: served by a real samen-gateway process (with no backend: the
// document needs none), valid against the OpenAPI 3.1 schema (npm's
// @seriousme/openapi-schema-validator, installed into the build tree on first
// run; no network means a failure, not a skip), listing every annotated RPC;
// and the generator's mapping, checked on the gateway's test protos.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gateway/openapi.h"
#include "gateway/registered_services.h"
#include "gateway/route_table.h"
#include "gateway_test.pb.h"
#include "google/api/annotations.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"

namespace samen::gateway {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

constexpr char kValidatorPackage[] =
    "@seriousme/openapi-schema-validator@2.11.0";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::string WorkDir() {
  const std::string dir =
      absl::StrCat(std::filesystem::temp_directory_path().string(),
                   "/samen-openapi-", getpid());
  std::filesystem::create_directories(dir);
  return dir;
}

// Installs the validator into the build tree once; returns why it could not.
std::string EnsureValidator(const std::string& tools) {
  if (std::filesystem::exists(
          tools +
          "/node_modules/@seriousme/openapi-schema-validator/package.json")) {
    return "";
  }
  const std::string log = tools + "-install.log";
  std::filesystem::create_directories(tools);
  const std::string command = absl::StrCat(
      "npm install --prefix '", tools, "' --no-audit --no-fund ",
      "--loglevel=error ", kValidatorPackage, " >'", log, "' 2>&1");
  if (samen::testing::Shell(command) != 0) {
    return absl::StrCat("npm could not install ", kValidatorPackage, " into ",
                        tools, " (is the npm registry reachable?):\n",
                        ReadFile(log));
  }
  return "";
}

// Runs validate_openapi.mjs on `json`; returns its exit status and output.
std::pair<int, std::string> Validate(const std::string& json,
                                     const std::string& name) {
  const char* tools_env = std::getenv("SAMEN_NPM_TOOLS");
  const std::string tools =
      tools_env != nullptr ? tools_env : WorkDir() + "/npm-tools";
  if (std::string error = EnsureValidator(tools); !error.empty()) {
    return {-1, error};
  }
  const std::string dir = WorkDir();
  const std::string file = absl::StrCat(dir, "/", name);
  const std::string out = file + ".out";
  WriteFile(file, json);
  const int status = samen::testing::Shell(
      absl::StrCat("node '", samen::testing::SourceDir(),
                   "/tests/unit/gateway_openapi/validate_openapi.mjs' '", tools,
                   "' '", file, "' >'", out, "' 2>&1"));
  return {status, ReadFile(out)};
}

Struct Parse(const std::string& json) {
  Struct doc;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &doc).ok());
  return doc;
}

// The value at a path of object keys, or null.
const Value* At(const Struct& root, std::initializer_list<std::string> keys) {
  const Struct* object = &root;
  const Value* value = nullptr;
  for (const std::string& key : keys) {
    if (object == nullptr) {
      return nullptr;
    }
    auto it = object->fields().find(key);
    if (it == object->fields().end()) {
      return nullptr;
    }
    value = &it->second;
    object = value->has_struct_value() ? &value->struct_value() : nullptr;
  }
  return value;
}

std::string StringAt(const Struct& root,
                     std::initializer_list<std::string> keys) {
  const Value* v = At(root, keys);
  return v == nullptr ? "<missing>" : v->string_value();
}

// Query and path parameter names of an operation ($refs to
// components/parameters resolved).
std::set<std::string> ParameterNames(const Struct& doc, const Struct& op,
                                     const std::string& in) {
  std::set<std::string> names;
  for (const Value& p : op.fields().at("parameters").list_value().values()) {
    const Struct* param = &p.struct_value();
    if (const Value* ref = At(*param, {"$ref"}); ref != nullptr) {
      const std::string name =
          ref->string_value().substr(ref->string_value().rfind('/') + 1);
      const Value* shared = At(doc, {"components", "parameters", name});
      EXPECT_NE(shared, nullptr) << ref->string_value();
      if (shared == nullptr) {
        continue;
      }
      param = &shared->struct_value();
    }
    if (StringAt(*param, {"in"}) == in) {
      names.insert(StringAt(*param, {"name"}));
    }
  }
  return names;
}

// A route table of the gateway's test service (linking its descriptors in).
absl::StatusOr<RouteTable> TestServiceRoutes() {
  samen::gateway::testing::Everything::descriptor();
  return RouteTable::Build({"samen.gateway.testing.TestService"});
}

TEST(OpenApi, ServedDocumentValidatesAndListsEveryAnnotatedRpc) {
  const int port = samen::testing::FreePort();
  const std::string dir = WorkDir();
  samen::testing::Process gateway(samen::testing::BinDir() + "/samen-gateway",
                                  {absl::StrCat("--listen=127.0.0.1:", port),
                                   "--backend=127.0.0.1:1", "--threads=1"},
                                  {}, dir + "/gateway.log");
  gateway.Start();
  ASSERT_TRUE(samen::testing::WaitForPort(port, absl::Seconds(20)))
      << gateway.ReadLog();
  samen::testing::HttpClient client("127.0.0.1", port);
  const samen::testing::HttpResponse response = client.Get("/openapi.json");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(
      absl::StartsWith(response.header("content-type"), "application/json"));

  const auto [status, output] = Validate(response.body, "served-openapi.json");
  EXPECT_EQ(status, 0) << output;

  const Struct doc = Parse(response.body);
  EXPECT_EQ(StringAt(doc, {"openapi"}), "3.1.0");
  EXPECT_EQ(StringAt(doc, {"info", "title"}), "Samen");
  EXPECT_EQ(
      StringAt(doc, {"components", "securitySchemes", "bearerAuth", "scheme"}),
      "bearer");
  ASSERT_NE(At(doc, {"security"}), nullptr);

  // Every annotated RPC of every exposed service, straight from the
  // descriptors.
  std::set<std::string> annotated;
  for (const std::string& name : RegisteredServices()) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      if (service->method(i)->options().HasExtension(google::api::http)) {
        annotated.insert(
            absl::StrCat("/", name, "/", service->method(i)->name()));
      }
    }
  }
  ASSERT_FALSE(annotated.empty());
  std::set<std::string> documented;
  int operations = 0;
  for (const auto& [path, item] :
       doc.fields().at("paths").struct_value().fields()) {
    for (const auto& [method, op] : item.struct_value().fields()) {
      const Value* grpc = At(op.struct_value(), {"x-grpc-method"});
      if (grpc != nullptr) {
        documented.insert(grpc->string_value());
        ++operations;
        EXPECT_NE(At(op.struct_value(), {"summary"}), nullptr)
            << method << " " << path << ": the RPC has no comment";
      }
    }
  }
  EXPECT_EQ(documented, annotated);

  // And every route of the table the gateway serves, at its OpenAPI path.
  absl::StatusOr<RouteTable> routes = RouteTable::Build(RegisteredServices());
  ASSERT_TRUE(routes.ok()) << routes.status();
  EXPECT_EQ(operations, static_cast<int>(routes->routes().size()));
  for (const Route& route : routes->routes()) {
    const std::string path = OpenApiPath(route.path);
    const Value* op =
        At(doc, {"paths", path, absl::AsciiStrToLower(route.http_method)});
    ASSERT_NE(op, nullptr) << route.http_method << " " << path;
    EXPECT_EQ(StringAt(op->struct_value(), {"x-grpc-method"}),
              route.grpc_method);
  }

  // The document is generated the same way in every process.
  EXPECT_EQ(response.body, OpenApiJson(*routes));
}

TEST(OpenApi, DescriptionsAreTheProtoComments) {
  absl::StatusOr<RouteTable> routes = RouteTable::Build(RegisteredServices());
  ASSERT_TRUE(routes.ok()) << routes.status();
  const Struct doc = Parse(OpenApiJson(*routes));
  const Value* get =
      At(doc, {"paths", "/v1/partnerships/{partnership}", "get"});
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(StringAt(get->struct_value(), {"operationId"}), "GetPartnership");
  EXPECT_EQ(StringAt(get->struct_value(), {"summary"}),
            "Returns one partnership.");
  EXPECT_EQ(ParameterNames(doc, get->struct_value(), "path"),
            std::set<std::string>{"partnership"});
  const Struct& partnership =
      At(doc, {"components", "schemas", "samen.partners.v1.Partnership"})
          ->struct_value();
  EXPECT_TRUE(absl::StrContains(StringAt(partnership, {"description"}),
                                "regional alliance"));
  EXPECT_TRUE(
      At(partnership, {"properties", "etag", "readOnly"})->bool_value());
  EXPECT_EQ(StringAt(partnership, {"properties", "createTime", "format"}),
            "date-time");
  EXPECT_TRUE(absl::StrContains(
      StringAt(doc, {"components", "schemas", "samen.partners.v1.Sector",
                     "description"}),
      "`VO`: Secondary education"));

  // List: paging and filters as query parameters, enums with their values.
  const Value* list = At(doc, {"paths", "/v1/partnerships", "get"});
  ASSERT_NE(list, nullptr);
  const std::set<std::string> query =
      ParameterNames(doc, list->struct_value(), "query");
  for (const char* name :
       {"page_size", "page_token", "region", "status", "sector", "fields"}) {
    EXPECT_EQ(query.count(name), 1u) << name;
  }
  // Create: 201 + Location; Delete: 204; the problem responses.
  const Value* create =
      At(doc, {"paths", "/v1/partnerships", "post", "responses"});
  ASSERT_NE(create, nullptr);
  EXPECT_NE(At(create->struct_value(), {"201", "headers", "Location"}),
            nullptr);
  for (const char* code :
       {"400", "401", "403", "404", "409", "413", "422", "429", "503"}) {
    EXPECT_NE(At(create->struct_value(), {code}), nullptr) << code;
  }
  EXPECT_NE(At(doc, {"paths", "/v1/partnerships/{partnership}", "delete",
                     "responses", "204"}),
            nullptr);
  EXPECT_NE(At(doc, {"paths", "/v1/partnerships/{partnership}", "delete",
                     "responses", "412"}),
            nullptr);
  EXPECT_NE(At(doc, {"components", "schemas", "Problem", "properties",
                     "field_violations"}),
            nullptr);
}

TEST(OpenApi, PathsSpellOutResourceNames) {
  auto path = [](const char* text) {
    absl::StatusOr<PathTemplate> t = PathTemplate::Parse(text);
    EXPECT_TRUE(t.ok()) << text;
    return OpenApiPath(*t);
  };
  EXPECT_EQ(path("/v1/{name=partnerships/*}"),
            "/v1/partnerships/{partnership}");
  EXPECT_EQ(path("/v1/{name=people/*}"), "/v1/people/{person}");
  EXPECT_EQ(path("/v1/{name=partnerships/*/memberships/*}"),
            "/v1/partnerships/{partnership}/memberships/{membership}");
  EXPECT_EQ(path("/v1/{parent=organisations/*}/vacancies"),
            "/v1/organisations/{organisation}/vacancies");
  EXPECT_EQ(path("/v1/{name=organisations/*/vacancies/*}:publish"),
            "/v1/organisations/{organisation}/vacancies/{vacancy}:publish");
  EXPECT_EQ(path("/v1/{name=people/*/vacancyProfile}"),
            "/v1/people/{person}/vacancyProfile");
  EXPECT_EQ(path("/v1/{partnership.name=partnerships/*}"),
            "/v1/partnerships/{partnership}");
  EXPECT_EQ(path("/v1/things/{id}"), "/v1/things/{id}");
  EXPECT_EQ(path("/v1/files/{name=**}"), "/v1/files/{name}");
  EXPECT_EQ(path("/v1/{a=things/*}/{b=things/*}"),
            "/v1/things/{thing}/things/{thing_2}");
}

// The mapping of every field kind, on the gateway's test protos.
TEST(OpenApi, TestProtosMapToValidSchemas) {
  absl::StatusOr<RouteTable> routes = TestServiceRoutes();
  ASSERT_TRUE(routes.ok()) << routes.status();
  const std::string json = OpenApiJson(*routes);
  const auto [status, output] = Validate(json, "test-service-openapi.json");
  EXPECT_EQ(status, 0) << output;

  const Struct doc = Parse(json);
  const Struct& everything =
      At(doc, {"components", "schemas", "samen.gateway.testing.Everything",
               "properties"})
          ->struct_value();
  EXPECT_EQ(StringAt(everything, {"i64", "type"}), "string");
  EXPECT_EQ(StringAt(everything, {"i64", "format"}), "int64");
  EXPECT_EQ(StringAt(everything, {"u64", "type"}), "string");
  EXPECT_EQ(StringAt(everything, {"i32", "type"}), "integer");
  EXPECT_EQ(StringAt(everything, {"blob", "contentEncoding"}), "base64");
  EXPECT_EQ(StringAt(everything, {"when", "format"}), "date-time");
  EXPECT_EQ(StringAt(everything, {"updateMask", "type"}), "string");
  EXPECT_EQ(StringAt(everything, {"maybeCount", "type"}), "integer");
  EXPECT_EQ(StringAt(everything, {"colour", "$ref"}),
            "#/components/schemas/samen.gateway.testing.Colour");
  EXPECT_EQ(StringAt(everything, {"colours", "type"}), "array");
  EXPECT_EQ(StringAt(everything, {"labels", "additionalProperties", "type"}),
            "string");
  EXPECT_EQ(StringAt(everything, {"inner", "$ref"}),
            "#/components/schemas/samen.gateway.testing.Inner");
  EXPECT_EQ(
      StringAt(doc, {"components", "schemas", "samen.gateway.testing.Inner",
                     "properties", "child", "$ref"}),
      "#/components/schemas/samen.gateway.testing.Inner");

  // Query parameters: not what the path binds, nested fields dotted (a
  // recursive message once), no maps, no repeated messages.
  const Value* get = At(doc, {"paths", "/v1/things/{thing}", "get"});
  ASSERT_NE(get, nullptr);
  const std::set<std::string> query =
      ParameterNames(doc, get->struct_value(), "query");
  EXPECT_EQ(query.count("name"), 0u);
  EXPECT_EQ(query.count("i64"), 1u);
  EXPECT_EQ(query.count("inner.label"), 1u);
  EXPECT_EQ(query.count("inner.child.label"), 0u);
  EXPECT_EQ(query.count("labels"), 0u);
  EXPECT_EQ(query.count("inners"), 0u);
  EXPECT_EQ(query.count("when"), 1u);
  // The additional binding is its own operation.
  EXPECT_EQ(StringAt(doc, {"paths", "/v1/shelves/{shelve}/things/{thing}",
                           "get", "operationId"}),
            "GetThing_2");
  // body "*": no query parameters; the path's field is not in the body schema.
  const Value* run = At(doc, {"paths", "/v1/things/{thing}:run", "post"});
  ASSERT_NE(run, nullptr);
  EXPECT_TRUE(ParameterNames(doc, run->struct_value(), "query").count("i64") ==
              0);
  EXPECT_EQ(
      At(run->struct_value(), {"requestBody", "content", "application/json",
                               "schema", "properties", "name"}),
      nullptr);
  EXPECT_NE(At(doc, {"paths", "/v1/things/{thing}", "head"}), nullptr);
}

TEST(OpenApi, ValidatorRejectsABrokenDocument) {
  absl::StatusOr<RouteTable> routes = TestServiceRoutes();
  ASSERT_TRUE(routes.ok()) << routes.status();
  Struct doc = Parse(OpenApiJson(*routes));
  doc.mutable_fields()->erase("info");
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(doc, &json).ok());
  const auto [status, output] = Validate(json, "broken-openapi.json");
  EXPECT_NE(status, 0) << output;
  EXPECT_TRUE(absl::StrContains(output, "INVALID")) << output;
}

}  // namespace
}  // namespace samen::gateway
