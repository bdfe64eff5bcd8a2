#include "services/partners/document_rules.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/errors.h"

namespace samen::partners {
namespace {

constexpr char kPdf[] = "application/pdf";
constexpr char kDocx[] =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr char kXlsx[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr char kPptx[] =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation";
constexpr char kOdt[] = "application/vnd.oasis.opendocument.text";
constexpr char kOds[] = "application/vnd.oasis.opendocument.spreadsheet";
constexpr char kOdp[] = "application/vnd.oasis.opendocument.presentation";
constexpr char kOle[] = "application/msword";
constexpr char kZip[] = "application/zip";

uint32_t Le(absl::string_view b, size_t at, int bytes) {
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) {
    v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  }
  return v;
}

// The entry names of a ZIP's central directory (empty when unreadable).
std::vector<std::string> ZipEntryNames(absl::string_view b) {
  std::vector<std::string> names;
  // End of central directory: 22 bytes plus a comment of at most 65535.
  const size_t floor = b.size() > 22 + 65535 ? b.size() - 22 - 65535 : 0;
  size_t eocd = std::string::npos;
  for (size_t i = b.size() >= 22 ? b.size() - 22 : 0;; --i) {
    if (b.substr(i, 4) == absl::string_view("PK\x05\x06", 4)) {
      eocd = i;
      break;
    }
    if (i == floor) {
      break;
    }
  }
  if (eocd == std::string::npos) {
    return names;
  }
  const uint32_t entries = Le(b, eocd + 10, 2);
  size_t at = Le(b, eocd + 16, 4);
  for (uint32_t n = 0; n < entries && at + 46 <= b.size(); ++n) {
    if (b.substr(at, 4) != absl::string_view("PK\x01\x02", 4)) {
      break;
    }
    const size_t name_len = Le(b, at + 28, 2);
    const size_t extra = Le(b, at + 30, 2);
    const size_t comment = Le(b, at + 32, 2);
    if (at + 46 + name_len > b.size()) {
      break;
    }
    names.emplace_back(b.substr(at + 46, name_len));
    at += 46 + name_len + extra + comment;
  }
  return names;
}

// ODF keeps its type, stored uncompressed, in a first entry "mimetype".
std::string OdfMimetype(absl::string_view b) {
  if (b.size() < 30 || Le(b, 8, 2) != 0) {
    return "";
  }
  const size_t name_len = Le(b, 26, 2);
  const size_t extra = Le(b, 28, 2);
  const size_t size = Le(b, 18, 4);
  if (b.substr(30, name_len) != "mimetype" ||
      30 + name_len + extra + size > b.size() || size > 100) {
    return "";
  }
  return std::string(b.substr(30 + name_len + extra, size));
}

std::string SniffZip(absl::string_view b) {
  const std::string odf = OdfMimetype(b);
  if (odf == kOdt || odf == kOds || odf == kOdp) {
    return odf;
  }
  const std::vector<std::string> names = ZipEntryNames(b);
  auto has = [&](absl::string_view n) {
    return std::find(names.begin(), names.end(), n) != names.end();
  };
  if (has("[Content_Types].xml")) {
    if (has("word/document.xml")) {
      return kDocx;
    }
    if (has("xl/workbook.xml")) {
      return kXlsx;
    }
    if (has("ppt/presentation.xml")) {
      return kPptx;
    }
  }
  return kZip;
}

// The declared type without parameters, lower case; "" when undeclared.
std::string Declared(absl::string_view content_type) {
  std::string t = absl::AsciiStrToLower(absl::StripAsciiWhitespace(
      content_type.substr(0, content_type.find(';'))));
  return t == "application/octet-stream" ? "" : t;
}

bool DeclaredMatches(const std::string& declared, const std::string& sniffed) {
  if (declared.empty() || declared == sniffed) {
    return true;
  }
  // An OLE compound file is a legacy doc, xls or ppt alike.
  return sniffed == kOle && (declared == "application/vnd.ms-excel" ||
                             declared == "application/vnd.ms-powerpoint");
}

absl::Status Refused(absl::Status status, absl::string_view reason) {
  return WithReason(std::move(status), reason);
}

}  // namespace

std::string SniffContentType(absl::string_view b) {
  if (absl::StartsWith(b, "%PDF-")) {
    return kPdf;
  }
  if (absl::StartsWith(b, absl::string_view("PK\x03\x04", 4))) {
    return SniffZip(b);
  }
  if (absl::StartsWith(
          b, absl::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) {
    return kOle;
  }
  return "";
}

int CountPdfPages(absl::string_view pdf) {
  int pages = 0;
  int max_count = 0;
  for (size_t at = pdf.find("/Type"); at != absl::string_view::npos;
       at = pdf.find("/Type", at + 5)) {
    size_t i = at + 5;
    while (i < pdf.size() && absl::ascii_isspace(pdf[i])) {
      ++i;
    }
    if (pdf.substr(i, 5) != "/Page") {
      continue;
    }
    if (pdf.substr(i, 6) != "/Pages") {
      ++pages;
      continue;
    }
    // A page tree node: its /Count, when in the same dictionary nearby.
    const size_t count = pdf.find("/Count", i);
    if (count != absl::string_view::npos && count < i + 200) {
      int n = 0;
      size_t j = count + 6;
      while (j < pdf.size() && absl::ascii_isspace(pdf[j])) {
        ++j;
      }
      size_t k = j;
      while (k < pdf.size() && absl::ascii_isdigit(pdf[k])) {
        ++k;
      }
      if (absl::SimpleAtoi(pdf.substr(j, k - j), &n)) {
        max_count = std::max(max_count, n);
      }
    }
  }
  return pages > 0 ? pages : max_count;
}

absl::StatusOr<CheckedDocument> CheckDocument(absl::string_view bytes,
                                              absl::string_view declared_type,
                                              v1::DocumentKind kind,
                                              int64_t max_bytes) {
  if (bytes.empty()) {
    return InvalidField("content", "is empty: send the document's bytes");
  }
  if (static_cast<int64_t>(bytes.size()) > max_bytes) {
    return Refused(
        InvalidField("content", absl::StrCat("is ", bytes.size(),
                                             " bytes; a document is at most ",
                                             max_bytes, " bytes")),
        "PAYLOAD_TOO_LARGE");
  }
  CheckedDocument doc;
  doc.content_type = SniffContentType(bytes);
  const std::string declared = Declared(declared_type);
  if (doc.content_type.empty() || doc.content_type == kZip) {
    return Refused(
        InvalidField(
            "content",
            absl::StrCat("is ",
                         doc.content_type.empty() ? "of no accepted type"
                                                  : "a ZIP archive that is "
                                                    "no office document",
                         declared.empty()
                             ? ""
                             : absl::StrCat(" (declared ", declared, ")"),
                         "; accepted are PDF, docx, xlsx, pptx, odt, ods, odp "
                         "and legacy doc/xls")),
        "UNSUPPORTED_MEDIA_TYPE");
  }
  if (!DeclaredMatches(declared, doc.content_type)) {
    return Refused(
        InvalidField("content.content_type",
                     absl::StrCat("declares ", declared, " but the bytes are ",
                                  doc.content_type)),
        "UNSUPPORTED_MEDIA_TYPE");
  }
  if (doc.content_type == kPdf) {
    const absl::string_view tail =
        bytes.substr(bytes.size() > 1024 ? bytes.size() - 1024 : 0);
    if (tail.find("%%EOF") == absl::string_view::npos) {
      return InvalidField("content",
                          "starts like a PDF but is not one (no %%EOF "
                          "trailer): it may be cut off");
    }
    doc.page_count = CountPdfPages(bytes);
    if (kind == v1::SELF_EVALUATION &&
        doc.page_count > kSelfEvaluationMaxPages) {
      return InvalidField(
          "content", absl::StrCat("the self-evaluation has ", doc.page_count,
                                  " pages; it is at most ",
                                  kSelfEvaluationMaxPages, " pages"));
    }
  }
  return doc;
}

}  // namespace samen::partners
