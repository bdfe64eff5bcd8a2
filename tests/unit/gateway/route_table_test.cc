#include "gateway/route_table.h"

#include <set>
#include <string>

#include "gateway/registered_services.h"
#include "gateway_test.pb.h"
#include "gmock/gmock.h"
#include "google/api/annotations.pb.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.pb.h"

namespace samen::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr char kPartners[] = "samen.partners.v1.PartnersService";
constexpr char kTest[] = "samen.gateway.testing.TestService";

RouteTable MustBuild(const std::vector<std::string>& services) {
  absl::StatusOr<RouteTable> table = RouteTable::Build(services);
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? *std::move(table) : RouteTable();
}

std::string RpcFor(const RouteTable& table, const std::string& method,
                   const std::string& path) {
  RouteMatch match = table.Find(method, path);
  return match.route == nullptr ? "" : match.route->method->name();
}

TEST(RegisteredServices, IncludesThePartnersService) {
  EXPECT_THAT(RegisteredServices(), ::testing::Contains(kPartners));
}

TEST(RouteTable, EveryAnnotatedPartnersRpcHasARoute) {
  RouteTable table = MustBuild(RegisteredServices());
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          kPartners);
  ASSERT_NE(service, nullptr);
  std::set<std::string> routed;
  for (const Route& route : table.routes()) {
    routed.insert(route.method->full_name());
    EXPECT_EQ(route.grpc_method, "/" + route.method->service()->full_name() +
                                     "/" + route.method->name());
  }
  ASSERT_GT(service->method_count(), 0);
  for (int i = 0; i < service->method_count(); ++i) {
    const auto* method = service->method(i);
    if (method->name() == "ExportPersonData" ||
        method->name() == "ErasePersonData") {
      // Internal, gRPC only (the privacy operation): never routed.
      EXPECT_FALSE(method->options().HasExtension(google::api::http))
          << method->full_name();
      EXPECT_FALSE(routed.count(method->full_name()))
          << method->full_name() << " has a route";
      continue;
    }
    EXPECT_TRUE(method->options().HasExtension(google::api::http))
        << method->full_name();
    EXPECT_TRUE(routed.count(method->full_name()))
        << method->full_name() << " has no route";
  }
}

TEST(RouteTable, MapsPartnersPathsToRpcs) {
  RouteTable table = MustBuild({kPartners});
  EXPECT_EQ(RpcFor(table, "GET", "/v1/partnerships/osof"), "GetPartnership");
  EXPECT_EQ(RpcFor(table, "GET", "/v1/partnerships"), "ListPartnerships");
  EXPECT_EQ(RpcFor(table, "POST", "/v1/partnerships"), "CreatePartnership");
  EXPECT_EQ(RpcFor(table, "DELETE", "/v1/partnerships/osof"),
            "DeletePartnership");
  EXPECT_EQ(RpcFor(table, "GET", "/v1/partnerships/osof/memberships"),
            "ListMemberships");
  EXPECT_EQ(RpcFor(table, "GET", "/v1/partnerships/-/memberships"),
            "ListMemberships");
  EXPECT_EQ(RpcFor(table, "POST", "/v1/partnerships/osof/memberships"),
            "CreateMembership");
  EXPECT_EQ(RpcFor(table, "GET", "/v1/partnerships/osof/memberships/m1"),
            "GetMembership");
  EXPECT_EQ(RpcFor(table, "PATCH", "/v1/organisations/almere-college"),
            "UpdateOrganisation");
  EXPECT_EQ(RpcFor(table, "GET", "/v1/people"), "ListPeople");
  EXPECT_EQ(RpcFor(table, "DELETE", "/v1/people/p-1"), "DeletePerson");
}

TEST(RouteTable, PatchPartnershipBindsTheNestedName) {
  RouteTable table = MustBuild({kPartners});
  RouteMatch match = table.Find("PATCH", "/v1/partnerships/osof");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->method->name(), "UpdatePartnership");
  EXPECT_EQ(match.route->body, "partnership");
  ASSERT_NE(match.route->body_field, nullptr);
  EXPECT_EQ(match.route->body_field->name(), "partnership");
  EXPECT_THAT(match.bindings,
              ElementsAre(Pair("partnership.name", "partnerships/osof")));
  EXPECT_THAT(match.route->bound.paths,
              ElementsAre("partnership.name", "partnership"));
}

TEST(RouteTable, UnknownPathHasNoAllowedMethods) {
  RouteTable table = MustBuild({kPartners});
  RouteMatch match = table.Find("GET", "/v1/unicorns");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_TRUE(match.allowed_methods.empty());
  EXPECT_EQ(table.Find("GET", "/v2/partnerships").route, nullptr);
}

TEST(RouteTable, WrongMethodListsTheAllowedOnes) {
  RouteTable table = MustBuild({kPartners});
  RouteMatch match = table.Find("PUT", "/v1/partnerships/osof");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_THAT(match.allowed_methods,
              ElementsAre("DELETE", "GET", "HEAD", "PATCH"));
  EXPECT_THAT(table.Find("DELETE", "/v1/partnerships").allowed_methods,
              ElementsAre("GET", "HEAD", "POST"));
  // HEAD takes GET's route where the API binds no HEAD of its own.
  RouteMatch head = table.Find("HEAD", "/v1/partnerships/osof");
  ASSERT_NE(head.route, nullptr);
  EXPECT_EQ(head.route->method->name(), "GetPartnership");
}

TEST(RouteTable, AdditionalBindingsAreRoutes) {
  RouteTable table = MustBuild({kTest});
  RouteMatch a = table.Find("GET", "/v1/things/t1");
  RouteMatch b = table.Find("GET", "/v1/shelves/s1/things/t1");
  ASSERT_NE(a.route, nullptr);
  ASSERT_NE(b.route, nullptr);
  EXPECT_EQ(a.route->method->name(), "GetThing");
  EXPECT_EQ(b.route->method->name(), "GetThing");
  EXPECT_THAT(b.bindings, ElementsAre(Pair("name", "shelves/s1/things/t1")));
}

TEST(RouteTable, PrefersMoreLiteralSegmentsAndVerbs) {
  RouteTable table = MustBuild({kTest});
  EXPECT_EQ(RpcFor(table, "GET", "/v1/things/special"), "GetSpecialThing");
  EXPECT_EQ(RpcFor(table, "GET", "/v1/things/ordinary"), "GetThing");
  EXPECT_EQ(RpcFor(table, "POST", "/v1/things/t1:run"), "RunThing");
  EXPECT_EQ(RpcFor(table, "GET", "/v1/things:search"), "SearchThings");
  EXPECT_EQ(RpcFor(table, "GET", "/v1/files/a/b/c"), "GetFile");
  EXPECT_EQ(RpcFor(table, "HEAD", "/v1/things/t1"), "CustomThing");
}

TEST(RouteTable, ReadsBodyAndResponseBody) {
  RouteTable table = MustBuild({kTest});
  RouteMatch put = table.Find("PUT", "/v1/things/t1");
  ASSERT_NE(put.route, nullptr);
  EXPECT_EQ(put.route->body, "*");
  EXPECT_TRUE(put.route->bound.all);
  RouteMatch run = table.Find("POST", "/v1/things/t1:run");
  ASSERT_NE(run.route, nullptr);
  ASSERT_NE(run.route->response_body_field, nullptr);
  EXPECT_EQ(run.route->response_body_field->name(), "thing");
}

TEST(RouteTable, SkipsRpcsWithoutAnnotation) {
  RouteTable table = MustBuild({kTest});
  for (const Route& route : table.routes()) {
    EXPECT_NE(route.method->name(), "Internal");
  }
}

TEST(RouteTable, RejectsUnknownService) {
  absl::StatusOr<RouteTable> table =
      RouteTable::Build({"samen.nothing.v1.NoService"});
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(std::string(table.status().message()),
              HasSubstr("samen.nothing.v1.NoService"));
}

TEST(RouteTable, RejectsAnnotationsThatDoNotFitTheMessages) {
  for (const char* service : {"samen.gateway.testing.BrokenPathService",
                              "samen.gateway.testing.BrokenBodyService",
                              "samen.gateway.testing.MessagePathService",
                              "samen.gateway.testing.DuplicateRouteService",
                              "samen.gateway.testing.BadTemplateService",
                              "samen.gateway.testing.ClientStreamService"}) {
    absl::StatusOr<RouteTable> table = RouteTable::Build({service});
    EXPECT_FALSE(table.ok()) << service;
    if (!table.ok()) {
      EXPECT_THAT(std::string(table.status().message()),
                  HasSubstr("samen.gateway.testing."))
          << "the error should name the RPC";
    }
  }
}

TEST(RouteTable, ServerStreamsAreRoutesMarkedAsStreams) {
  absl::StatusOr<RouteTable> table =
      RouteTable::Build({"samen.gateway.testing.StreamService"});
  ASSERT_TRUE(table.ok()) << table.status();
  RouteMatch watch = table->Find("GET", "/v1/things:watch");
  ASSERT_NE(watch.route, nullptr);
  EXPECT_TRUE(watch.route->server_streaming);
  RouteMatch ping = table->Find("POST", "/v1/things:ping");
  ASSERT_NE(ping.route, nullptr);
  EXPECT_FALSE(ping.route->server_streaming);
}

}  // namespace
}  // namespace samen::gateway
