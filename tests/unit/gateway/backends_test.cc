#include "gateway/backends.h"

#include <string>

#include "gateway/gateway_app.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

TEST(ParseBackendsFlag, ServicesAndTargets) {
  auto parsed = ParseBackendsFlag(
      "samen.partners.v1.PartnersService=dns:///partners:9090, "
      "samen.induction.v1.InductionService=ipv4:10.0.0.1:9090,10.0.0.2:9090");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(*parsed,
              UnorderedElementsAre(Pair("samen.partners.v1.PartnersService",
                                        "dns:///partners:9090"),
                                   Pair("samen.induction.v1.InductionService",
                                        "ipv4:10.0.0.1:9090,10.0.0.2:9090")));
  auto empty = ParseBackendsFlag("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(ParseBackendsFlag, RejectsMalformedEntries) {
  EXPECT_FALSE(ParseBackendsFlag("localhost:9090").ok());
  EXPECT_FALSE(ParseBackendsFlag("=localhost:9090").ok());
  EXPECT_FALSE(ParseBackendsFlag("samen.partners.v1.PartnersService=").ok());
}

TEST(Backends, RoutesEachServiceToItsTarget) {
  BackendOptions options;
  options.default_target = "localhost:9090";
  options.per_service["b.Service"] = "dns:///b:9090";
  Backends backends(options, {"a.Service", "b.Service"});
  EXPECT_EQ(backends.TargetFor("a.Service"), "localhost:9090");
  EXPECT_EQ(backends.TargetFor("b.Service"), "dns:///b:9090");
  EXPECT_NE(backends.StubFor("a.Service"), nullptr);
  EXPECT_EQ(backends.StubFor("c.Service"), nullptr);
}

TEST(GatewayApp, RefusesBackendsForUnknownServices) {
  Options options;
  options.http.listen = "127.0.0.1:0";
  options.backends.per_service["samen.partners.v1.PartnerService"] =
      "localhost:1";
  auto app = GatewayApp::Start(options);
  ASSERT_FALSE(app.ok());
  EXPECT_THAT(std::string(app.status().message()),
              HasSubstr("samen.partners.v1.PartnerService"));
}

TEST(Backends, ServicesWithoutTargetAreNotServed) {
  BackendOptions options;
  options.default_target = "";
  options.per_service["b.Service"] = "dns:///b:9090";
  Backends backends(options, {"a.Service", "b.Service"});
  EXPECT_EQ(backends.StubFor("a.Service"), nullptr);
  EXPECT_EQ(backends.TargetFor("a.Service"), "");
  EXPECT_NE(backends.StubFor("b.Service"), nullptr);
}

TEST(ServiceConfigJson, RetriesOnlyTheGivenMethods) {
  EXPECT_EQ(ServiceConfigJson({}),
            R"({"loadBalancingConfig":[{"round_robin":{}}]})");
  const std::string config =
      ServiceConfigJson({"/a.S/Get", "/a.S/List", "garbage"});
  EXPECT_THAT(config, HasSubstr(R"({"service":"a.S","method":"Get"})"));
  EXPECT_THAT(config, HasSubstr(R"({"service":"a.S","method":"List"})"));
  EXPECT_THAT(config, HasSubstr(R"("maxAttempts":3)"));
  EXPECT_THAT(config, HasSubstr(R"("retryableStatusCodes":["UNAVAILABLE"])"));
  EXPECT_THAT(config, ::testing::Not(HasSubstr("garbage")));
}

TEST(RetryableMethods, OnlyMethodsBoundToGetAlone) {
  auto routes = RouteTable::Build({"samen.partners.v1.PartnersService"});
  ASSERT_TRUE(routes.ok());
  std::vector<std::string> methods = RetryableMethods(*routes);
  EXPECT_THAT(
      methods,
      ::testing::Contains("/samen.partners.v1.PartnersService/GetPartnership"));
  EXPECT_THAT(methods,
              ::testing::Contains(
                  "/samen.partners.v1.PartnersService/ListPartnerships"));
  for (const std::string& method : methods) {
    EXPECT_THAT(method, ::testing::Not(HasSubstr("Create")));
    EXPECT_THAT(method, ::testing::Not(HasSubstr("Update")));
    EXPECT_THAT(method, ::testing::Not(HasSubstr("Delete")));
  }
}

TEST(HealthCheckEncoding, RoundTrips) {
  // HealthCheckRequest{service: "x.Y"}: tag 0x0a, length 3.
  EXPECT_EQ(EncodeHealthCheckRequest("x.Y"), std::string("\x0a\x03x.Y", 5));
  EXPECT_EQ(EncodeHealthCheckRequest(""), "");
  EXPECT_EQ(DecodeHealthCheckResponse(std::string("\x08\x01", 2)),
            1);  // SERVING
  EXPECT_EQ(DecodeHealthCheckResponse(std::string("\x08\x02", 2)),
            2);                                 // NOT_SERVING
  EXPECT_EQ(DecodeHealthCheckResponse(""), 0);  // UNKNOWN
  // Unknown fields are skipped.
  EXPECT_EQ(DecodeHealthCheckResponse(std::string("\x12\x01z\x08\x01", 5)), 1);
  EXPECT_EQ(DecodeHealthCheckResponse(std::string("\x08", 1)),
            -1);  // truncated
}

}  // namespace
}  // namespace samen::gateway
