#include "gateway/compression/gzip.h"

#include <zlib.h>

#include "gtest/gtest.h"

namespace samen::gateway {
namespace {

namespace http = boost::beast::http;

std::string Gunzip(const std::string& in) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buffer[4096];
  int result = Z_OK;
  while (result == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof(buffer);
    result = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof(buffer) - zs.avail_out);
  }
  EXPECT_EQ(result, Z_STREAM_END);
  inflateEnd(&zs);
  return out;
}

TEST(AcceptsGzip, HonoursWeights) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("*, gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("br, *;q=0"));
}

TEST(Gzip, RoundTrips) {
  std::string text;
  for (int i = 0; i < 500; ++i) {
    text += "{\"name\":\"partnerships/osof\"},";
  }
  auto compressed = Gzip(text);
  ASSERT_TRUE(compressed.ok());
  EXPECT_LT(compressed->size(), text.size() / 10);
  EXPECT_TRUE(Gunzip(*compressed) == text);
}

TEST(Gunzip, InflatesWholeMembersWithinTheLimit) {
  const std::string text(5000, 'z');
  const std::string compressed = *Gzip(text);
  absl::StatusOr<std::string> inflated =
      samen::gateway::Gunzip(compressed, text.size());
  ASSERT_TRUE(inflated.ok()) << inflated.status();
  EXPECT_TRUE(*inflated == text);
  EXPECT_FALSE(samen::gateway::Gunzip(compressed, text.size() - 1).ok());
  EXPECT_FALSE(samen::gateway::Gunzip(
                   compressed.substr(0, compressed.size() - 4), text.size())
                   .ok());
  EXPECT_FALSE(samen::gateway::Gunzip(compressed + "x", text.size()).ok());
  EXPECT_FALSE(samen::gateway::Gunzip("not gzip", 100).ok());
}

HttpResponse Json(size_t bytes) {
  return MakeResponse(200, "application/json", std::string(bytes, 'a'));
}

TEST(MaybeCompress, CompressesLargeAcceptedBodies) {
  HttpResponse r = Json(4096);
  MaybeCompress("gzip, deflate", &r);
  EXPECT_EQ(r[http::field::content_encoding], "gzip");
  EXPECT_EQ(r[http::field::vary], "Accept-Encoding");
  EXPECT_TRUE(Gunzip(r.body()) == std::string(4096, 'a'));
  EXPECT_EQ(r[http::field::content_length], std::to_string(r.body().size()));
}

TEST(MaybeCompress, LeavesSmallRefusedAndCompressedBodiesAlone) {
  HttpResponse small = Json(kMinCompressBytes - 1);
  MaybeCompress("gzip", &small);
  EXPECT_EQ(small.find(http::field::content_encoding), small.end());
  EXPECT_EQ(small.find(http::field::vary), small.end());

  HttpResponse refused = Json(4096);
  MaybeCompress("identity", &refused);
  EXPECT_EQ(refused.find(http::field::content_encoding), refused.end());
  EXPECT_EQ(refused[http::field::vary], "Accept-Encoding");  // still varies

  HttpResponse png = MakeResponse(200, "image/png", std::string(4096, 'a'));
  MaybeCompress("gzip", &png);
  EXPECT_EQ(png.find(http::field::content_encoding), png.end());
}

TEST(AddVary, AppendsOnce) {
  HttpResponse r = Json(1);
  AddVary(&r, "Origin");
  AddVary(&r, "Accept-Encoding");
  AddVary(&r, "origin");
  EXPECT_EQ(r[http::field::vary], "Origin, Accept-Encoding");
}

}  // namespace
}  // namespace samen::gateway
