#include "services/common/auth/base64url.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace samen::auth::internal {
namespace {

TEST(Base64Url, RoundTripsEveryLengthAndByte) {
  std::string data;
  for (int i = 0; i < 300; ++i) {
    data.push_back(static_cast<char>((i * 37 + 11) & 0xff));
    const std::string encoded = Base64UrlEncode(data);
    EXPECT_EQ(encoded, absl::WebSafeBase64Escape(data));
    std::optional<std::string> decoded = Base64UrlDecode(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(*decoded, data);
  }
}

TEST(Base64Url, DecodesKnownVectors) {
  EXPECT_EQ(Base64UrlDecode(""), std::string());
  EXPECT_EQ(Base64UrlDecode("Zg"), "f");
  EXPECT_EQ(Base64UrlDecode("Zm8"), "fo");
  EXPECT_EQ(Base64UrlDecode("Zm9v"), "foo");
  EXPECT_EQ(Base64UrlDecode("-_-_"), "\xfb\xff\xbf");
}

TEST(Base64Url, RejectsNonCanonicalOrForeignInput) {
  for (const char* bad :
       {"Zg==", "Zm8=", "Z", "Zm9vY", "+/+/", "Zm 9v", "Zm9v\n", "Zh", "Zm9"}) {
    EXPECT_FALSE(Base64UrlDecode(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace samen::auth::internal
