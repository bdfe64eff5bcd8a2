// An application's documents over HTTP, through a real samen-gateway in front
// of a real samen-server over the test MariaDB: the request body is the
// document (google.api.HttpBody), the download its bytes with their type.
// Bad input gets a clear 4xx and stores nothing (checked in the database):
// too large for the service (413) and for the gateway (413), a type that is no
// document (415), a "PDF" that is a docx (415), a cut-off PDF (400), out of
// order (400). Who reads: the joining school and the committee, not another
// school's HR nor a starter.

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "db/pool.h"
#include "db/rows.h"
#include "db/run.h"
#include "db/transaction.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen {
namespace {

using testing::Bearer;
using ::testing::HasSubstr;
using testing::Headers;
using testing::HttpClient;
using testing::HttpResponse;

constexpr int kServiceLimit = 8 * 1024;
constexpr int kGatewayLimit = 16 * 1024;

std::string Field(const std::string& body, const std::string& key) {
  google::protobuf::Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(body, &s).ok())
      << body;
  auto it = s.fields().find(key);
  if (it == s.fields().end()) {
    return "";
  }
  return it->second.has_number_value() ? absl::StrCat(it->second.number_value())
                                       : it->second.string_value();
}

std::string Pdf(int pages, size_t pad = 0) {
  std::string out = "%PDF-1.7\n";
  for (int i = 0; i < pages; ++i) {
    absl::StrAppend(&out, i + 3, " 0 obj << /Type /Page >>\n");
  }
  out += "% " + std::string(pad, 'x') + "\n";
  return out + "trailer << >>\n%%EOF\n";
}

// A docx's first bytes and entries, enough for the sniffer to know it.
std::string Docx() {
  auto le = [](uint32_t v, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      s += static_cast<char>((v >> (8 * i)) & 0xFF);
    }
    return s;
  };
  std::string body;
  std::string central;
  for (const std::string name : {"[Content_Types].xml", "word/document.xml"}) {
    const uint32_t offset = body.size();
    body += absl::StrCat("PK\x03\x04", le(20, 2), le(0, 8), le(0, 4), le(1, 4),
                         le(1, 4), le(name.size(), 2), le(0, 2), name, "x");
    central += absl::StrCat("PK\x01\x02", le(20, 2), le(20, 2), le(0, 8),
                            le(0, 4), le(1, 4), le(1, 4), le(name.size(), 2),
                            le(0, 4), le(0, 4), le(0, 4), le(offset, 4), name);
  }
  return absl::StrCat(body, central, "PK\x05\x06", le(0, 4), le(2, 2), le(2, 2),
                      le(central.size(), 4), le(body.size(), 4), le(0, 2));
}

Headers As(const std::string& token, const std::string& content_type) {
  Headers h = Bearer(token);
  h.emplace_back("Content-Type", content_type);
  return h;
}

// Rows of the application's documents and their bytes in the database.
int StoredDocuments(const testing::Stack& stack, const std::string& app_id) {
  db::MysqlOptions mysql = stack.mysql();
  mysql.database = stack.database_prefix() + "partners";
  db::Pool pool(mysql);
  int count = -1;
  auto s = db::RunInTransaction(
      pool, absl::Now() + absl::Seconds(10), "count documents",
      [&](sql::Connection& c) {
        db::Rows rs = db::ExecuteQuery(
            c,
            "SELECT (SELECT COUNT(*) FROM accession_documents WHERE "
            "application_id = ?) + (SELECT COUNT(*) FROM "
            "accession_document_bytes WHERE application_id = ?) AS n",
            app_id, app_id);
        count = rs->next() ? rs->getInt("n") : -1;
        return absl::OkStatus();
      });
  EXPECT_TRUE(s.ok()) << s;
  return count;
}

TEST(AccessionDocumentsHttp, UploadDownloadAndEveryRefusalStoresNothing) {
  testing::StackOptions options;
  options.extra_server_args = {
      absl::StrCat("--max_document_bytes=", kServiceLimit)};
  options.extra_gateway_args = {
      absl::StrCat("--max_upload_bytes=", kGatewayLimit)};
  testing::Stack stack(options);
  HttpClient client("127.0.0.1", stack.gateway_port());
  const std::string admin = testing::MintTestToken("demo-admin", "admin");
  const std::string coord = testing::MintTestToken(
      "coord-p2", "coordinator@partnerships/partnerschap-2");
  const std::string org =
      absl::StrCat("docs-http-", absl::ToUnixMicros(absl::Now()) % 100000000);
  const std::string school =
      testing::MintTestToken("hr-" + org, "hr@organisations/" + org);

  HttpResponse r = client.Request(
      "POST", "/v1/organisations?organisationId=" + org,
      R"({"displayName":"Documents over HTTP","type":"SCHOOL","sector":"VO"})",
      Bearer(admin));
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string app_id = "app-" + org;
  r = client.Request(
      "POST",
      "/v1/partnerships/partnerschap-2/applications?applicationId=" + app_id,
      absl::StrCat(
          R"({"organisation":"organisations/)", org,
          R"(","protocol":"partnerships/partnerschap-2/accessionProtocols/toetreding"})"),
      Bearer(coord));
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string etag = Field(r.body, "etag");
  const std::string app =
      "/v1/partnerships/partnerschap-2/applications/" + app_id;
  const std::string upload =
      app + "/documents:upload?kind=SELF_EVALUATION&stepId=self-evaluation";

  // Out of order: the orientation is not done yet.
  r = client.Request("POST", upload, Pdf(2), As(school, "application/pdf"));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_THAT(r.body, HasSubstr("current step is"));

  r = client.Request(
      "POST", app + ":completeStep",
      absl::StrCat(R"({"stepId":"orientation","etag":")", etag, R"("})"),
      Bearer(coord));
  ASSERT_EQ(r.status, 200) << r.body;

  // Too large for the service (its limit, 413) and for the gateway (413).
  r = client.Request("POST", upload, Pdf(1, kServiceLimit),
                     As(school, "application/pdf"));
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_THAT(r.body, HasSubstr(absl::StrCat("at most ", kServiceLimit)));
  r = client.Request("POST", upload, Pdf(1, kGatewayLimit),
                     As(school, "application/pdf"));
  EXPECT_EQ(r.status, 413) << r.body;
  // No document at all: a GIF.
  r = client.Request("POST", upload, "GIF89a\x01\x00\x01\x00",
                     As(school, "image/gif"));
  EXPECT_EQ(r.status, 415) << r.body;
  EXPECT_THAT(r.body, HasSubstr("image/gif"));
  // A "PDF" that is a docx.
  r = client.Request("POST", upload, Docx(), As(school, "application/pdf"));
  EXPECT_EQ(r.status, 415) << r.body;
  EXPECT_THAT(r.body, HasSubstr("declares application/pdf"));
  // A PDF cut off before its end.
  const std::string whole = Pdf(2);
  r = client.Request("POST", upload, whole.substr(0, whole.size() - 8),
                     As(school, "application/pdf"));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_THAT(r.body, HasSubstr("%%EOF"));
  EXPECT_EQ(StoredDocuments(stack, app_id), 0);

  // The school's self-evaluation, and its download byte for byte.
  r = client.Request("POST", upload, whole, As(school, "application/pdf"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Field(r.body, "version"), "1");
  EXPECT_EQ(Field(r.body, "pageCount"), "2");
  const std::string name = Field(r.body, "name");
  EXPECT_EQ(StoredDocuments(stack, app_id), 2);
  r = client.Get("/v1/" + name + ":download", Bearer(school));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "application/pdf");
  EXPECT_EQ(r.body, whole);
  r = client.Get(app + "/documents", Bearer(school));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr("self-evaluation-v1"));

  // Another school's HR and a starter read none of it.
  for (const std::string& token :
       {testing::MintTestToken("hr-almere",
                               "hr@organisations/almere-college-dronten"),
        testing::MintTestToken("starter-" + org,
                               "starter@organisations/" + org)}) {
    EXPECT_EQ(client.Get("/v1/" + name + ":download", Bearer(token)).status,
              403);
    EXPECT_EQ(client.Get(app + "/documents", Bearer(token)).status, 403);
    EXPECT_EQ(
        client.Request("POST", upload, whole, As(token, "application/pdf"))
            .status,
        403);
  }
  EXPECT_EQ(StoredDocuments(stack, app_id), 2);

  // The overview as CSV, for the steering group.
  r = client.Get("/v1/partnerships/partnerschap-2/applications:exportOverview",
                 Bearer(coord));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_THAT(r.body, HasSubstr(absl::StrCat(
                          "partnerships/partnerschap-2/applications/", app_id,
                          ",organisations/", org, ",self-evaluation,")));
}

}  // namespace
}  // namespace samen
