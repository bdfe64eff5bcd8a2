// ZipWriter's archives checked by independent readers: Debian's `unzip -t`
// (every CRC) and `unzip -p` (the bytes back), and python3's zipfile (names
// in UTF-8, modification times).

#include "services/common/resource/zip.h"

#include <cstdio>
#include <fstream>
#include <string>
#include <utility>

#include <sys/wait.h>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace samen::resource {
namespace {

// The command's standard output and exit status.
std::pair<std::string, int> RunShell(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) {
    return {"", -1};
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
    out.append(buf, n);
  }
  const int rc = pclose(p);
  return {out, WIFEXITED(rc) ? WEXITSTATUS(rc) : -1};
}

std::string WriteTemp(const std::string& bytes) {
  std::string path = absl::StrCat(
      ::testing::TempDir(), "/zip_test_",
      ::testing::UnitTest::GetInstance()->current_test_info()->name(), ".zip");
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

absl::Time At(int y, int mo, int d, int h, int mi, int s) {
  absl::TimeZone amsterdam;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Amsterdam", &amsterdam));
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s), amsterdam);
}

TEST(ZipWriter, ArchivePassesUnzipTestAndGivesTheBytesBack) {
  std::string big;
  for (int i = 0; i < 50000; ++i) {
    absl::StrAppend(&big, "regel ", i, ": coachingsgesprek\n");
  }
  std::string binary;
  for (int i = 0; i < 4096; ++i) {
    binary.push_back(static_cast<char>((i * 7919) & 0xff));
  }
  ZipWriter zip;
  const absl::Time t = At(2026, 12, 4, 22, 15, 30);
  ASSERT_TRUE(zip.Add("LEESMIJ.txt", "Dit is je export.\n", t).ok());
  ASSERT_TRUE(zip.Add("induction/data.json", big, t).ok());
  ASSERT_TRUE(zip.Add("induction/leeg.txt", "", t).ok());
  ASSERT_TRUE(zip.Add("professionalisation/binary.bin", binary, t).ok());
  EXPECT_EQ(zip.size(), 4u);
  const std::string bytes = std::move(zip).Finish();
  EXPECT_LT(bytes.size(), big.size() / 5) << "deflate should compress";
  const std::string path = WriteTemp(bytes);

  auto [test_out, test_rc] =
      RunShell(absl::StrCat("unzip -t '", path, "' 2>&1"));
  EXPECT_EQ(test_rc, 0) << test_out;
  EXPECT_NE(test_out.find("No errors detected"), std::string::npos) << test_out;

  EXPECT_EQ(RunShell(absl::StrCat("unzip -p '", path, "' LEESMIJ.txt")).first,
            "Dit is je export.\n");
  EXPECT_EQ(
      RunShell(absl::StrCat("unzip -p '", path, "' induction/data.json")).first,
      big);
  EXPECT_EQ(
      RunShell(absl::StrCat("unzip -p '", path, "' induction/leeg.txt")).first,
      "");
  EXPECT_EQ(RunShell(absl::StrCat("unzip -p '", path,
                                  "' professionalisation/binary.bin"))
                .first,
            binary);
}

TEST(ZipWriter, PythonReadsUtf8NamesAndLocalTimes) {
  ZipWriter zip;
  ASSERT_TRUE(
      zip.Add("verslagen/één café.txt", "ü", At(2026, 3, 29, 3, 30, 10)).ok());
  const std::string path = WriteTemp(std::move(zip).Finish());
  auto [out, rc] = RunShell(absl::StrCat(
      "python3 -c \"import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); "
      "assert z.testzip() is None; i=z.infolist()[0]; "
      "print(i.filename, i.date_time, z.read(i).decode(), sep='|')\" '",
      path, "'"));
  ASSERT_EQ(rc, 0) << out;
  // Summer time in Amsterdam from 02:00 that day: 03:30 local, even seconds.
  EXPECT_EQ(out, "verslagen/één café.txt|(2026, 3, 29, 3, 30, 10)|ü\n");
}

TEST(ZipWriter, EmptyArchiveIsValid) {
  const std::string bytes = ZipWriter().Finish();
  EXPECT_EQ(bytes.size(), 22u);  // the end record only
  const std::string path = WriteTemp(bytes);
  auto [out, rc] = RunShell(
      absl::StrCat("python3 -c \"import zipfile,sys; "
                   "print(len(zipfile.ZipFile(sys.argv[1]).infolist()))\" '",
                   path, "'"));
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(out, "0\n");
}

TEST(ZipWriter, RefusesNamesThatEscapeOrRepeat) {
  ZipWriter zip;
  const absl::Time t = absl::UnixEpoch();
  for (const char* bad :
       {"", "/etc/passwd", "../x", "a/../b", "a//b", "a/", "./a", "a\\b"}) {
    EXPECT_EQ(zip.Add(bad, "x", t).code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
  ASSERT_TRUE(zip.Add("a/b.txt", "x", t).ok());
  EXPECT_EQ(zip.Add("a/b.txt", "y", t).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(zip.size(), 1u);
  // Times before 1980 are stored as 1980-01-01.
  const std::string path = WriteTemp(std::move(zip).Finish());
  EXPECT_EQ(RunShell(absl::StrCat("unzip -t '", path, "' >/dev/null")).second,
            0);
}

}  // namespace
}  // namespace samen::resource
