// Pure decisions of people's exports and erasures: the services and their
// order, who may ask, read and download, which failures are retried, and the
// archive (read back with python3's zipfile).

#include "services/partners/privacy_operation_rules.h"

#include <sys/wait.h>

#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "samen/privacy/v1/person_data.pb.h"

namespace samen::partners {
namespace {

auth::Principal Who(const std::string& subject, const std::string& role,
                    const std::string& scope = "") {
  auth::Principal p;
  p.subject = subject;
  p.grants.push_back({role, scope});
  return p;
}

TEST(PrivacyOperationRules, ServicesAreKnownOnceAndInOrderPartnersLast) {
  auto all = ParsePrivacyServices("partners, induction,identity");
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(*all,
            (std::vector<std::string>{"identity", "induction", "partners"}));
  EXPECT_EQ(ParsePrivacyServices("induction,nope").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePrivacyServices("induction,induction").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePrivacyServices(" , ").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PrivacyOperationRules, PartnersErasureWaitsForTheOthersExportsDoNot) {
  const std::vector<std::string> services = {"induction", "partners"};
  auto erase = PlanSteps(OperationKind::kErase, services);
  ASSERT_EQ(erase.size(), 2u);
  EXPECT_EQ(erase[0].state, StepState::kPending);
  EXPECT_EQ(erase[1].service, "partners");
  EXPECT_EQ(erase[1].state, StepState::kWaiting);
  for (const auto& s : PlanSteps(OperationKind::kExport, services)) {
    EXPECT_EQ(s.state, StepState::kPending) << s.service;
  }
  // Partners alone has nothing to wait for.
  EXPECT_EQ(PlanSteps(OperationKind::kErase, {"partners"})[0].state,
            StepState::kPending);
}

TEST(PrivacyOperationRules, WhoMayAsk) {
  const auth::Principal noor =
      Who("starter-noor", "starter", "organisations/almere-college-dronten");
  const auth::Principal admin = Who("demo-admin", "admin");
  const auth::Principal hr =
      Who("hr-almere", "hr", "organisations/almere-college-dronten");
  const auth::Principal coord =
      Who("coord-osof", "coordinator", "partnerships/osof");
  const auth::Principal service = Who("samen-privacy", "service");
  EXPECT_TRUE(MayExport(noor, "starter-noor").ok());
  EXPECT_TRUE(MayExport(admin, "starter-noor").ok());
  for (const auto& p : {hr, coord, service}) {
    EXPECT_EQ(MayExport(p, "starter-noor").code(),
              absl::StatusCode::kPermissionDenied)
        << p.subject;
  }
  EXPECT_EQ(MayExport(noor, "starter-daan").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(MayErase(admin).ok());
  for (const auto& p : {noor, hr, coord, service}) {
    EXPECT_EQ(MayErase(p).code(), absl::StatusCode::kPermissionDenied)
        << p.subject;
  }
  EXPECT_TRUE(MayReadOperations(noor, "starter-noor"));
  EXPECT_TRUE(MayReadOperations(admin, "starter-noor"));
  EXPECT_FALSE(MayReadOperations(hr, "starter-noor"));
  EXPECT_TRUE(MayDownload(noor, "starter-noor").ok());
  EXPECT_EQ(MayDownload(admin, "starter-noor").code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(PrivacyOperationRules, RetriesWhatMayPassAndNotRefusals) {
  EXPECT_TRUE(RetryableStepFailure(absl::StatusCode::kUnavailable));
  EXPECT_TRUE(RetryableStepFailure(absl::StatusCode::kDeadlineExceeded));
  EXPECT_FALSE(RetryableStepFailure(absl::StatusCode::kPermissionDenied));
  EXPECT_FALSE(RetryableStepFailure(absl::StatusCode::kInvalidArgument));
  EXPECT_FALSE(RetryableStepFailure(absl::StatusCode::kUnimplemented));
  EXPECT_EQ(PersonDataMethod("induction", OperationKind::kErase),
            "/samen.induction.v1.InductionService/ErasePersonData");
}

TEST(PrivacyOperationRules, ArchiveHoldsEachServicesJsonFilesAndReadme) {
  privacy::v1::PersonData induction;
  (*induction.mutable_data()->mutable_fields())["person"].set_string_value(
      "people/starter-noor");
  auto* ics = induction.add_files();
  ics->set_name("sessions.ics");
  ics->set_content("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
  privacy::v1::PersonData partners;
  (*partners.mutable_data()->mutable_fields())["email"].set_string_value(
      "noor@example.org");
  const absl::Time now = absl::FromUnixSeconds(1796400000);
  auto zip = BuildExportArchive("starter-noor",
                                {{"induction", induction.SerializeAsString()},
                                 {"partners", partners.SerializeAsString()}},
                                now, now + absl::Hours(24 * 7));
  ASSERT_TRUE(zip.ok()) << zip.status();
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/privacy-rules-archive.zip");
  std::ofstream(path, std::ios::binary) << *zip;
  const std::string cmd = absl::StrCat(
      "python3 -c \"import zipfile,sys,json; z=zipfile.ZipFile(sys.argv[1]); "
      "print(sorted(z.namelist())); "
      "print(json.loads(z.read('partners/data.json'))['email']); "
      "r=z.read('LEESMIJ.txt').decode(); "
      "print('people/starter-noor' in r, 'Te downloaden tot' in r)\" '",
      path, "'");
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
    out.append(buf, n);
  }
  EXPECT_EQ(WEXITSTATUS(pclose(p)), 0) << out;
  EXPECT_EQ(out,
            "['LEESMIJ.txt', 'induction/data.json', 'induction/sessions.ics', "
            "'partners/data.json']\nnoor@example.org\nTrue True\n");

  // A part that does not parse, or a file named like the JSON: refused.
  EXPECT_FALSE(
      BuildExportArchive("x", {{"induction", "\xff\xff"}}, now, now).ok());
  ics->set_name("data.json");
  EXPECT_FALSE(
      BuildExportArchive("x", {{"induction", induction.SerializeAsString()}},
                         now, now)
          .ok());
}

}  // namespace
}  // namespace samen::partners
