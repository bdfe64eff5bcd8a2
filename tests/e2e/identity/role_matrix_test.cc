// docs/security.md's "What each role may do" table, run against the services:
// every row is a request made with a token for the demo person and grants it
// names, and must get the answer the table says. The table is the test's data,
// so the documentation cannot drift from what the services check.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen::testing {
namespace {

struct Row {
  std::string person;  // "" for no token
  std::string grants;
  std::string method;
  std::string target;
  std::string body;
  int answer = 0;
  std::string line;
};

std::string Unquote(absl::string_view cell) {
  cell = absl::StripAsciiWhitespace(cell);
  absl::ConsumePrefix(&cell, "`");
  absl::ConsumeSuffix(&cell, "`");
  return std::string(cell);
}

// The rows of the table whose header is "| as | grants | request | answer |".
std::vector<Row> ReadMatrix() {
  std::ifstream in(SourceDir() + "/docs/security.md");
  std::stringstream text;
  text << in.rdbuf();
  std::vector<Row> rows;
  bool in_table = false;
  for (absl::string_view line : absl::StrSplit(text.str(), '\n')) {
    if (absl::StartsWith(line, "| as | grants | request | answer |")) {
      in_table = true;
      continue;
    }
    if (!in_table || absl::StartsWith(line, "|---")) {
      continue;
    }
    if (!absl::StartsWith(line, "|")) {
      break;
    }
    std::vector<std::string> cells = absl::StrSplit(line, '|');
    // "", as, grants, request, answer, ""
    if (cells.size() != 6) {
      ADD_FAILURE() << "malformed row: " << line;
      continue;
    }
    Row row;
    row.line = std::string(line);
    row.person = Unquote(cells[1]);
    if (absl::StartsWith(row.person, "(")) {
      row.person.clear();
    }
    row.grants = Unquote(cells[2]);
    const std::string request = Unquote(cells[3]);
    std::vector<std::string> parts =
        absl::StrSplit(request, absl::MaxSplits(' ', 2));
    row.method = parts[0];
    row.target = parts.size() > 1 ? parts[1] : "";
    row.body = parts.size() > 2 ? parts[2] : "";
    EXPECT_TRUE(
        absl::SimpleAtoi(absl::StripAsciiWhitespace(cells[4]), &row.answer))
        << line;
    rows.push_back(std::move(row));
  }
  return rows;
}

TEST(RoleMatrix, EveryDocumentedAnswerIsWhatTheServicesAnswer) {
  const std::vector<Row> rows = ReadMatrix();
  ASSERT_GE(rows.size(), 10u) << "the table in docs/security.md went missing";
  Stack stack;
  HttpClient client("127.0.0.1", stack.gateway_port());
  for (const Row& row : rows) {
    Headers headers;
    if (!row.person.empty()) {
      headers = Bearer(MintTestToken(row.person, row.grants));
    }
    HttpResponse response =
        client.Request(row.method, row.target, row.body, headers);
    EXPECT_EQ(response.status, row.answer) << row.line << "\n"
                                           << response.body.substr(0, 300);
  }
}

}  // namespace
}  // namespace samen::testing
