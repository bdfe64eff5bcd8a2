#include "services/vacancies/webhook_rules.h"

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/vacancies/webhook_secrets.h"

namespace samen::vacancies {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

TEST(ForbiddenAddress, RefusesEveryNonPublicIpv4Range) {
  for (const char* ip :
       {"0.0.0.0", "10.1.2.3", "100.64.0.1", "100.127.255.255", "127.0.0.1",
        "127.255.0.9", "169.254.169.254", "172.16.0.1", "172.31.255.255",
        "192.0.0.8", "192.0.2.1", "192.168.1.1", "198.18.0.1", "198.51.100.7",
        "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1",
        "255.255.255.255"}) {
    EXPECT_TRUE(ForbiddenAddressReason(ip).has_value()) << ip;
  }
  EXPECT_THAT(ForbiddenAddressReason("127.0.0.1"),
              Optional(std::string("loopback")));
  EXPECT_THAT(ForbiddenAddressReason("169.254.169.254"),
              Optional(std::string("link-local")));
  EXPECT_THAT(ForbiddenAddressReason("100.64.0.1"),
              Optional(std::string("shared (CGNAT)")));
  for (const char* ip :
       {"8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.0",
        "172.15.255.255", "172.32.0.0", "192.169.0.1"}) {
    EXPECT_FALSE(ForbiddenAddressReason(ip).has_value()) << ip;
  }
}

TEST(ForbiddenAddress, RefusesNonPublicIpv6IncludingEmbeddedIpv4) {
  for (const char* ip :
       {"::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1",
        "2001:db8::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
        "64:ff9b::10.0.0.1", "2002:c0a8:0101::1", "2001::1", "100::1",
        "::127.0.0.1", "3fff::1" /* outside 2000::/3? no: inside */}) {
    if (std::string(ip) == "3fff::1") {
      EXPECT_FALSE(ForbiddenAddressReason(ip).has_value()) << ip;
      continue;
    }
    EXPECT_TRUE(ForbiddenAddressReason(ip).has_value()) << ip;
  }
  EXPECT_THAT(ForbiddenAddressReason("fd00::5"),
              Optional(std::string("unique local")));
  EXPECT_THAT(ForbiddenAddressReason("::ffff:169.254.1.1"),
              Optional(std::string("link-local")));
  for (const char* ip :
       {"2606:4700:4700::1111", "2a00:1450:400e::200e", "::ffff:8.8.8.8",
        "64:ff9b::8.8.8.8", "2002:0808:0808::1"}) {
    EXPECT_FALSE(ForbiddenAddressReason(ip).has_value()) << ip;
  }
  EXPECT_TRUE(ForbiddenAddressReason("example.org").has_value());
}

TEST(ParseWebhookUrl, HttpsWithHostAndPort) {
  auto u =
      ParseWebhookUrl("https://Hooks.Example.org:8443/samen?x=1", false, "url");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "hooks.example.org");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/samen?x=1");
  u = ParseWebhookUrl("https://[2001:db8::1]/x", false, "url");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "2001:db8::1");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/x");
  EXPECT_EQ(ParseWebhookUrl("https://x.org", false, "url")->target, "/");
  EXPECT_EQ(ParseWebhookUrl("https://x.org?a=b", false, "url")->target,
            "/?a=b");
  EXPECT_THAT(
      ParseWebhookUrl("http://example.org/", false, "url").status().message(),
      HasSubstr("https"));
  EXPECT_TRUE(ParseWebhookUrl("http://127.0.0.1:9000/", true, "url").ok());
  for (const char* bad :
       {"", "ftp://x.org", "https://", "https://user:pw@x.org/",
        "https://x.org/#frag", "https://x.org:99999/", "https://x y.org/",
        "https://[::1/"}) {
    EXPECT_FALSE(ParseWebhookUrl(bad, true, "url").ok()) << bad;
  }
}

TEST(RetrySchedule, ParsesAndJittersWithinBounds) {
  auto schedule = ParseRetrySchedule(kDefaultRetrySchedule);
  ASSERT_TRUE(schedule.ok());
  absl::Duration total;
  for (auto d : *schedule) {
    total += d;
  }
  // About three days.
  EXPECT_GT(total, absl::Hours(60));
  EXPECT_LT(total, absl::Hours(80));
  EXPECT_EQ(*RetryDelay(*schedule, 1, 0.2, 0.5), absl::Seconds(5));
  EXPECT_EQ(*RetryDelay(*schedule, 2, 0.2, 0.0), absl::Minutes(4));
  EXPECT_EQ(*RetryDelay(*schedule, 2, 0.2, 1.0), absl::Minutes(6));
  EXPECT_FALSE(RetryDelay(*schedule, 12, 0.2, 0.5).has_value());
  EXPECT_FALSE(RetryDelay(*schedule, 0, 0.2, 0.5).has_value());
  EXPECT_FALSE(ParseRetrySchedule("5s,soon").ok());
  EXPECT_EQ(ParseRetrySchedule("100ms, 200ms")->size(), 2u);
}

TEST(Signature, MatchesTheStandardWebhooksReferenceVector) {
  auto key = SecretKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(SignWebhook(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                        "{\"test\": 2432232314}"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  EXPECT_FALSE(SecretKey("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").ok());
  EXPECT_FALSE(SecretKey("whsec_c2hvcnQ=").ok());  // 5 bytes
}

TEST(Secrets, FormatAndSealRoundTrip) {
  const std::string secret = FormatSecret(RandomBytes(32));
  EXPECT_THAT(secret, ::testing::StartsWith("whsec_"));
  EXPECT_EQ(SecretKey(secret)->size(), 32u);

  SecretBox box("a passphrase of some length");
  const std::string sealed = box.Seal(secret, "we1");
  EXPECT_THAT(sealed, ::testing::StartsWith("enc1:"));
  EXPECT_THAT(sealed, ::testing::Not(HasSubstr(secret.substr(6))));
  EXPECT_EQ(*box.Open(sealed, "we1"), secret);
  EXPECT_FALSE(box.Open(sealed, "we2").ok());  // bound to its endpoint
  EXPECT_FALSE(SecretBox("another key").Open(sealed, "we1").ok());
  EXPECT_FALSE(SecretBox("").Open(sealed, "we1").ok());

  SecretBox plain("");
  EXPECT_EQ(plain.Seal(secret, "we1"), "plain:" + secret);
  EXPECT_EQ(*plain.Open("plain:" + secret, "we1"), secret);
}

TEST(ThinPayload, TypeTimestampAndName) {
  const std::string json =
      ThinPayload("vacancy.published", "organisations/a1/vacancies/v1",
                  absl::FromUnixMicros(1'700'000'000'123'456));
  google::protobuf::Struct doc;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &doc).ok());
  EXPECT_EQ(doc.fields().at("type").string_value(), "vacancy.published");
  EXPECT_EQ(doc.fields().at("timestamp").string_value(),
            "2023-11-14T22:13:20.123456Z");
  EXPECT_EQ(
      doc.fields().at("data").struct_value().fields().at("name").string_value(),
      "organisations/a1/vacancies/v1");
}

TEST(WebhookAccess, IntegrationClientsOwnTheirEndpoints) {
  auth::Principal site;
  site.subject = "site";
  site.grants = {{"integration", ""}};
  auth::Principal hr;
  hr.subject = "hr";
  hr.grants = {{"hr", "organisations/x1"}};
  EXPECT_TRUE(MayManageWebhooks(site).ok());
  EXPECT_EQ(MayManageWebhooks(hr).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(MayUseEndpoint(site, "site", "webhookEndpoints/we1").ok());
  EXPECT_EQ(MayUseEndpoint(site, "other", "webhookEndpoints/we1").code(),
            absl::StatusCode::kNotFound);
  google::protobuf::RepeatedPtrField<std::string> types;
  *types.Add() = "vacancy.closed";
  EXPECT_TRUE(ValidateEventTypes(types, "event_types").ok());
  *types.Add() = "vacancy.deleted";
  EXPECT_FALSE(ValidateEventTypes(types, "event_types").ok());
}

}  // namespace
}  // namespace samen::vacancies
