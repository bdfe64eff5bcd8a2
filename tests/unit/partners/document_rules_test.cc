// What an uploaded document is and whether it may be stored: types sniffed
// from the bytes (PDF, OOXML and ODF inside their ZIPs, OLE), a declared type
// that disagrees, a PDF that is not one, the size limit, the self-evaluation's
// ten pages, and the SHA-256.

#include "services/partners/document_rules.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::partners {
namespace {

using ::testing::HasSubstr;

std::string Le(uint32_t v, int bytes) {
  std::string out;
  for (int i = 0; i < bytes; ++i) {
    out += static_cast<char>((v >> (8 * i)) & 0xFF);
  }
  return out;
}

// A ZIP of stored (uncompressed) entries, as a real writer lays it out: local
// headers with the data, then the central directory and its end record.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string body;
  std::string central;
  for (const auto& [name, data] : files) {
    const uint32_t offset = body.size();
    body +=
        absl::StrCat("PK\x03\x04", Le(20, 2), Le(0, 2), Le(0, 2), Le(0, 2),
                     Le(0, 2), Le(0, 4), Le(data.size(), 4), Le(data.size(), 4),
                     Le(name.size(), 2), Le(0, 2), name, data);
    central +=
        absl::StrCat("PK\x01\x02", Le(20, 2), Le(20, 2), Le(0, 2), Le(0, 2),
                     Le(0, 2), Le(0, 2), Le(0, 4), Le(data.size(), 4),
                     Le(data.size(), 4), Le(name.size(), 2), Le(0, 2), Le(0, 2),
                     Le(0, 2), Le(0, 2), Le(0, 4), Le(offset, 4), name);
  }
  const uint32_t at = body.size();
  return absl::StrCat(body, central, "PK\x05\x06", Le(0, 2), Le(0, 2),
                      Le(files.size(), 2), Le(files.size(), 2),
                      Le(central.size(), 4), Le(at, 4), Le(0, 2));
}

// A PDF with `pages` page objects (and a page tree counting them).
std::string Pdf(int pages) {
  std::string out =
      "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n";
  absl::StrAppend(&out, "2 0 obj << /Type /Pages /Count ", pages,
                  " /Kids [] >> endobj\n");
  for (int i = 0; i < pages; ++i) {
    absl::StrAppend(&out, i + 3, " 0 obj << /Type /Page /Parent 2 0 R >>\n");
  }
  return out + "trailer << /Root 1 0 R >>\n%%EOF\n";
}

constexpr char kDocx[] =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

TEST(DocumentRules, SniffsTypesFromTheBytes) {
  EXPECT_EQ(SniffContentType(Pdf(1)), "application/pdf");
  EXPECT_EQ(SniffContentType(Zip({{"[Content_Types].xml", "<Types/>"},
                                  {"word/document.xml", "<w/>"}})),
            kDocx);
  EXPECT_EQ(SniffContentType(Zip({{"[Content_Types].xml", "<Types/>"},
                                  {"xl/workbook.xml", "<x/>"}})),
            "application/vnd.openxmlformats-officedocument.spreadsheetml."
            "sheet");
  EXPECT_EQ(SniffContentType(Zip({{"mimetype",
                                   "application/vnd.oasis.opendocument."
                                   "text"},
                                  {"content.xml", "<office/>"}})),
            "application/vnd.oasis.opendocument.text");
  EXPECT_EQ(SniffContentType(Zip({{"notes.txt", "hello"}})), "application/zip");
  EXPECT_EQ(SniffContentType(
                std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "rest"),
            "application/msword");
  EXPECT_EQ(SniffContentType("GIF89a..."), "");
  EXPECT_EQ(SniffContentType(""), "");
}

TEST(DocumentRules, CountsPdfPagesNotPageTrees) {
  EXPECT_EQ(CountPdfPages(Pdf(3)), 3);
  EXPECT_EQ(CountPdfPages(Pdf(12)), 12);
  // Pages hidden in object streams: the page tree's /Count.
  EXPECT_EQ(CountPdfPages("%PDF-1.5 << /Type/Pages /Count 7 >> %%EOF"), 7);
  EXPECT_EQ(CountPdfPages("%PDF-1.5 nothing visible %%EOF"), 0);
}

TEST(DocumentRules, AcceptsAPdfAndAnOfficeDocument) {
  auto pdf =
      CheckDocument(Pdf(10), "application/pdf", v1::SELF_EVALUATION, 1 << 20);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_EQ(pdf->content_type, "application/pdf");
  EXPECT_EQ(pdf->page_count, 10);
  auto docx = CheckDocument(
      Zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w/>"}}),
      "", v1::DEVELOPMENT_PLAN, 1 << 20);
  ASSERT_TRUE(docx.ok()) << docx.status();
  EXPECT_EQ(docx->content_type, kDocx);
  // An OLE file declared as a legacy Excel sheet.
  EXPECT_TRUE(
      CheckDocument(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "x",
                    "application/vnd.ms-excel", v1::DRAFT_REPORT, 100)
          .ok());
}

TEST(DocumentRules, RefusesWhatItMustNamingWhy) {
  auto s = CheckDocument(Pdf(1), "application/pdf", v1::FINAL_REPORT, 50);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.status().message(), HasSubstr("at most 50 bytes"));

  s = CheckDocument("GIF89a....", "image/gif", v1::FINAL_REPORT, 1 << 20);
  EXPECT_THAT(s.status().message(), HasSubstr("declared image/gif"));
  EXPECT_THAT(s.status().message(), HasSubstr("accepted are PDF"));

  // A "PDF" that is not one: the bytes are a ZIP of notes.
  s = CheckDocument(Zip({{"notes.txt", "x"}}), "application/pdf",
                    v1::SELF_EVALUATION, 1 << 20);
  EXPECT_THAT(s.status().message(), HasSubstr("ZIP archive"));
  // A docx sent as a PDF.
  s = CheckDocument(
      Zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w/>"}}),
      "application/pdf; charset=binary", v1::SELF_EVALUATION, 1 << 20);
  EXPECT_THAT(s.status().message(),
              HasSubstr("declares application/pdf but the bytes are "
                        "application/vnd.openxmlformats"));
  // Starts like a PDF, is cut off.
  s = CheckDocument("%PDF-1.7\n1 0 obj << /Type /Page >>", "application/pdf",
                    v1::SELF_EVALUATION, 1 << 20);
  EXPECT_THAT(s.status().message(), HasSubstr("no %%EOF"));
  // Eleven pages of self-evaluation.
  s = CheckDocument(Pdf(11), "application/pdf", v1::SELF_EVALUATION, 1 << 20);
  EXPECT_THAT(s.status().message(),
              HasSubstr("has 11 pages; it is at most 10 pages"));
  // The same eleven pages as a draft report are fine.
  EXPECT_TRUE(
      CheckDocument(Pdf(11), "application/pdf", v1::DRAFT_REPORT, 1 << 20)
          .ok());
  EXPECT_THAT(CheckDocument("", "", v1::DRAFT_REPORT, 100).status().message(),
              HasSubstr("empty"));
}

TEST(DocumentRules, Sha256IsTheStandardDigest) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace samen::partners
