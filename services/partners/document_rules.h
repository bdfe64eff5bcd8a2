#pragma once

// Pure decisions about uploaded documents (docs/joining.md, "Documents"):
// what the bytes are (sniffed, never taken from the declared type), whether
// they may be stored (size, a declared type that disagrees, a PDF that is
// not one, the self-evaluation's page limit), and their SHA-256. No I/O.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "samen/partners/v1/joining.pb.h"
#include "services/common/auth/random.h"

namespace samen::partners {

inline constexpr int kSelfEvaluationMaxPages = 10;

// What the bytes are, by their magic (and for ZIP containers the entries'
// names): "application/pdf", the OOXML types (docx, xlsx, pptx), the ODF
// types (odt, ods, odp, from the `mimetype` entry), "application/msword" for
// an OLE compound file (legacy doc/xls), "application/zip" for another ZIP,
// else "" (unknown).
std::string SniffContentType(absl::string_view bytes);

// PDF pages, counted as `/Type /Page` objects (not `/Pages`); when those sit
// in compressed object streams, the largest `/Count` of a page tree; 0 when
// neither is visible.
int CountPdfPages(absl::string_view pdf);

// Lower-case hex SHA-256 (the one every service uses).
using auth::Sha256Hex;

struct CheckedDocument {
  std::string content_type;  // the sniffed type
  int page_count = 0;        // PDF pages, 0 when not countable
};

// Checks an upload of `kind`: not empty; at most `max_bytes` (INVALID_ARGUMENT
// with reason PAYLOAD_TOO_LARGE, HTTP 413); of an accepted type (reason
// UNSUPPORTED_MEDIA_TYPE, 415, naming the type found); `declared` (the
// Content-Type, parameters ignored; empty or application/octet-stream means
// undeclared) agreeing with the bytes (415); a PDF with its `%%EOF` trailer
// (400); a self-evaluation of at most 10 pages (400). Errors name the field
// "content".
absl::StatusOr<CheckedDocument> CheckDocument(absl::string_view bytes,
                                              absl::string_view declared,
                                              v1::DocumentKind kind,
                                              int64_t max_bytes);

}  // namespace samen::partners
