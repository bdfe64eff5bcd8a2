// Etags and page tokens.

#include "services/common/resource/etag.h"
#include "services/common/resource/page.h"

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/unit/common/resource/violated_field.h"

namespace samen::resource {
namespace {

TEST(Etags, ChangeWithVersionAndMismatchIsAborted) {
  const absl::Time t = absl::FromUnixMicros(1700000000123456);
  EXPECT_NE(MakeEtag("partnerships/osof", 1, t),
            MakeEtag("partnerships/osof", 2, t));
  EXPECT_NE(MakeEtag("partnerships/osof", 1, t),
            MakeEtag("partnerships/frosk", 1, t));
  EXPECT_NE(MakeEtag("partnerships/osof", 1, t),
            MakeEtag("partnerships/osof", 1, t + absl::Microseconds(1)));
  EXPECT_TRUE(CheckEtag("", MakeEtag("partnerships/osof", 1, t)).ok());
  EXPECT_TRUE(CheckEtag(MakeEtag("partnerships/osof", 1, t),
                        MakeEtag("partnerships/osof", 1, t))
                  .ok());
  EXPECT_TRUE(CheckEtag("\"" + MakeEtag("partnerships/osof", 1, t) + "\"",
                        MakeEtag("partnerships/osof", 1, t))
                  .ok());
  EXPECT_EQ(CheckEtag(MakeEtag("partnerships/osof", 1, t),
                      MakeEtag("partnerships/osof", 2, t))
                .code(),
            absl::StatusCode::kAborted);
}

TEST(Etags, WeakEntityTagsAreAccepted) {
  const std::string e =
      MakeEtag("programmes/a", 3, absl::FromUnixSeconds(1000));
  EXPECT_TRUE(CheckEtag("W/\"" + e + "\"", e).ok());
  EXPECT_EQ(CheckEtag("x", e).code(), absl::StatusCode::kAborted);
}

TEST(Paging, SizesAndTokens) {
  EXPECT_EQ(*EffectivePageSize(0), kDefaultPageSize);
  EXPECT_EQ(*EffectivePageSize(5), 5);
  EXPECT_EQ(*EffectivePageSize(1000), kMaxPageSize);
  EXPECT_FALSE(EffectivePageSize(-1).ok());
  const std::string token = EncodePageToken("osof", "filters-a");
  EXPECT_EQ(*DecodePageToken(token, "filters-a"), "osof");
  EXPECT_EQ(DecodePageToken(token, "filters-b").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(DecodePageToken("garbage!!", "filters-a").ok());
  EXPECT_EQ(*DecodePageToken("", "filters-a"), "");
}

TEST(Paging, ServicesChooseTheirOwnDefaultAndCap) {
  EXPECT_EQ(*EffectivePageSize(0, 100, 1000), 100);
  EXPECT_EQ(*EffectivePageSize(5000, 100, 1000), 1000);
  EXPECT_EQ(*EffectivePageSize(7, 100, 1000), 7);
  EXPECT_FALSE(EffectivePageSize(-1, 100, 1000).ok());
}

struct FakeRequest {
  int32_t size = 0;
  std::string token;
  int32_t page_size() const { return size; }
  const std::string& page_token() const { return token; }
};

struct FakeResponse {
  std::vector<std::string> items;
  std::string next;
  void set_next_page_token(std::string t) { next = std::move(t); }
};

// A listing of "a".."e" served two at a time through ServeListPage.
absl::Status ServeLetters(const FakeRequest& req, const std::string& filters,
                          FakeResponse* resp) {
  const std::vector<std::string> all = {"a", "b", "c", "d", "e"};
  return ServeListPage(
      req, filters,
      [&](const PageQuery& q) -> absl::StatusOr<Page<std::string>> {
        Page<std::string> page;
        for (const auto& x : all) {
          if (x > q.after && static_cast<int>(page.items.size()) < q.size) {
            page.items.push_back(x);
          }
        }
        if (!page.items.empty() && page.items.back() != all.back()) {
          page.next_key = page.items.back();
        }
        return page;
      },
      [](FakeResponse* r, std::string x) { r->items.push_back(std::move(x)); },
      resp, /*default_size=*/2);
}

TEST(Paging, ServeListPageWalksEveryItemOnceAndChecksTheToken) {
  std::vector<std::string> seen;
  FakeRequest req;
  for (int pages = 0; pages < 10; ++pages) {
    FakeResponse resp;
    ASSERT_TRUE(ServeLetters(req, "f", &resp).ok());
    seen.insert(seen.end(), resp.items.begin(), resp.items.end());
    if (resp.next.empty()) {
      break;
    }
    req.token = resp.next;
  }
  EXPECT_THAT(seen, ::testing::ElementsAre("a", "b", "c", "d", "e"));
  FakeResponse resp;
  FakeRequest first;
  ASSERT_TRUE(ServeLetters(first, "f", &resp).ok());
  FakeRequest replayed{0, resp.next};
  EXPECT_EQ(ViolatedField(ServeLetters(replayed, "other", &resp)),
            "page_token");
  EXPECT_EQ(ViolatedField(ServeLetters(FakeRequest{-1, ""}, "f", &resp)),
            "page_size");
}

}  // namespace
}  // namespace samen::resource
