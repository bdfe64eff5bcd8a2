// SplitStatements and Checksum: the text side of migrations (no database
// needed).

#include <openssl/evp.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "db/migrator.h"

namespace samen::db {
namespace {

// "-- " starts a comment only when followed by whitespace or the end (MySQL
// rule).
bool StartsDashComment(absl::string_view sql, size_t i) {
  if (i + 1 >= sql.size() || sql[i] != '-' || sql[i + 1] != '-') {
    return false;
  }
  return i + 2 == sql.size() ||
         absl::ascii_isspace(static_cast<unsigned char>(sql[i + 2])) ||
         absl::ascii_iscntrl(static_cast<unsigned char>(sql[i + 2]));
}

}  // namespace

std::vector<std::string> SplitStatements(absl::string_view sql) {
  std::vector<std::string> out;
  std::string current;
  bool has_code =
      false;  // current holds something besides whitespace and comments
  auto flush = [&]() {
    if (has_code) {
      out.emplace_back(absl::StripAsciiWhitespace(current));
    }
    current.clear();
    has_code = false;
  };

  size_t i = 0;
  const size_t n = sql.size();
  while (i < n) {
    const char c = sql[i];
    if (c == ';') {
      flush();
      ++i;
      continue;
    }
    if (c == '#' || StartsDashComment(sql, i)) {
      size_t end = sql.find('\n', i);
      end = end == absl::string_view::npos ? n : end;
      absl::StrAppend(&current, sql.substr(i, end - i));
      i = end;
      continue;
    }
    if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      end = end == absl::string_view::npos ? n : end + 2;
      absl::StrAppend(&current, sql.substr(i, end - i));
      i = end;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      // A quoted string or identifier: the quote doubled is the quote itself;
      // in strings (not identifiers) a backslash escapes the next character.
      has_code = true;
      size_t j = i + 1;
      while (j < n) {
        if (c != '`' && sql[j] == '\\') {
          j += 2;
          continue;
        }
        if (sql[j] == c) {
          if (j + 1 < n && sql[j + 1] == c) {
            j += 2;
            continue;
          }
          ++j;
          break;
        }
        ++j;
      }
      j = std::min(j, n);
      absl::StrAppend(&current, sql.substr(i, j - i));
      i = j;
      continue;
    }
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) {
      has_code = true;
    }
    current.push_back(c);
    ++i;
  }
  flush();
  return out;
}

std::string Checksum(absl::string_view sql) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(sql.data(), sql.size(), digest, &length, EVP_sha256(),
                 nullptr) != 1) {
    return std::string();  // only when OpenSSL itself is broken
  }
  return absl::BytesToHexString(absl::string_view(
      reinterpret_cast<const char*>(digest), static_cast<size_t>(length)));
}

}  // namespace samen::db
