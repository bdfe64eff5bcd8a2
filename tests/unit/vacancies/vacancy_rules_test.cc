#include "services/vacancies/vacancy_rules.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/common/errors.h"
#include "services/vacancies/resource.h"

#include "absl/strings/escaping.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace samen::vacancies {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

auth::Principal Who(std::vector<auth::Grant> grants,
                    std::string subject = "someone") {
  auth::Principal p;
  p.subject = std::move(subject);
  p.grants = std::move(grants);
  return p;
}

SchoolScope Dronten() {
  return {"almere-college-dronten", "stichting-almere-college", {"osof"}};
}

TEST(VacancyNames, ParseAndFormat) {
  auto n = ParseVacancyName(
      "organisations/almere-college-dronten/vacancies/v12", "name");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->school_id, "almere-college-dronten");
  EXPECT_EQ(n->vacancy_id, "v12");
  EXPECT_EQ(FormatVacancyName("a1", "v12"), "organisations/a1/vacancies/v12");
  for (const char* bad :
       {"", "organisations/x", "organisations/ab/vacancies/",
        "organisations/ab/vacancies/Upper", "people/ab/vacancies/cd",
        "organisations/ab/vacancies/cd/extra"}) {
    EXPECT_FALSE(ParseVacancyName(bad, "name").ok()) << bad;
  }
  EXPECT_EQ(*ParseNameId("organisations/-", kVacancyParent, "parent"), "-");
  EXPECT_EQ(
      *ParseNameId("people/starter-noor/vacancyProfile", kProfileName, "name"),
      "starter-noor");
  EXPECT_EQ(*ParseNameId("regions/flevoland/shortageSubjects",
                         kShortageSubjectsName, "name"),
            "flevoland");
  EXPECT_EQ(*ParseNameId("partnerships/rowf/hiringAgreement",
                         kHiringAgreementName, "name"),
            "rowf");
}

TEST(RegionSlug, LowerCaseWithHyphens) {
  EXPECT_EQ(RegionSlug("Noord-Holland West"), "noord-holland-west");
  EXPECT_EQ(RegionSlug("Rotterdam-Rijnmond"), "rotterdam-rijnmond");
  EXPECT_EQ(RegionSlug("  Flevoland "), "flevoland");
}

TEST(ExpireTime, EndOfTheClosingDayInAmsterdamAcrossDst) {
  // Winter (CET, +01:00): 2026-01-15 ends at 23:00 UTC.
  EXPECT_EQ(*ExpireTimeFor("2026-01-15"),
            absl::FromCivil(absl::CivilSecond(2026, 1, 15, 23, 0, 0),
                            absl::UTCTimeZone()));
  // The night the clocks go forward (2026-03-29): the next day starts at
  // 00:00 CEST = 22:00 UTC.
  EXPECT_EQ(*ExpireTimeFor("2026-03-29"),
            absl::FromCivil(absl::CivilSecond(2026, 3, 29, 22, 0, 0),
                            absl::UTCTimeZone()));
  EXPECT_FALSE(ExpireTimeFor("2026-02-30").ok());
  EXPECT_EQ(
      AmsterdamDate(absl::FromCivil(absl::CivilSecond(2026, 1, 15, 23, 30, 0),
                                    absl::UTCTimeZone())),
      "2026-01-16");
}

TEST(EffectiveStatus, PublishedBecomesExpiredAtItsExpireTime) {
  const absl::Time t = absl::FromUnixSeconds(1000);
  EXPECT_EQ(EffectiveStatus(v1::Vacancy::PUBLISHED, t, t - absl::Seconds(1)),
            v1::Vacancy::PUBLISHED);
  EXPECT_EQ(EffectiveStatus(v1::Vacancy::PUBLISHED, t, t),
            v1::Vacancy::EXPIRED);
  EXPECT_EQ(EffectiveStatus(v1::Vacancy::DRAFT, t, t + absl::Hours(1)),
            v1::Vacancy::DRAFT);
  EXPECT_EQ(EffectiveStatus(v1::Vacancy::FILLED, t, t + absl::Hours(1)),
            v1::Vacancy::FILLED);
}

TEST(CheckTransition, AllowsOnlyTheLifecycle) {
  using S = v1::Vacancy;
  struct Case {
    v1::Vacancy::Status status;
    VacancyAction action;
    bool ok;
  };
  for (const Case& c : std::vector<Case>{
           {S::DRAFT, VacancyAction::kUpdate, true},
           {S::DRAFT, VacancyAction::kPublish, true},
           {S::DRAFT, VacancyAction::kClose, false},
           {S::DRAFT, VacancyAction::kDelete, true},
           {S::PUBLISHED, VacancyAction::kUpdate, true},
           {S::PUBLISHED, VacancyAction::kPublish, false},
           {S::PUBLISHED, VacancyAction::kClose, true},
           {S::PUBLISHED, VacancyAction::kDelete, false},
           {S::EXPIRED, VacancyAction::kUpdate, false},
           {S::EXPIRED, VacancyAction::kClose, false},
           {S::FILLED, VacancyAction::kUpdate, false},
           {S::CLOSED, VacancyAction::kPublish, false},
       }) {
    EXPECT_EQ(CheckTransition(c.status, c.action).ok(), c.ok)
        << v1::Vacancy::Status_Name(c.status) << " "
        << static_cast<int>(c.action);
  }
}

TEST(CheckPublishable, NamesWhatIsMissingAndRefusesPastClosingDates) {
  v1::Vacancy v;
  v.set_title("Docent");
  absl::Status s = CheckPublishable(v, absl::Now());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("subjects"));
  EXPECT_THAT(s.message(), HasSubstr("how_to_apply or application_url"));
  // Each missing field is named for the form that marks it.
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(ToGrpcStatus(s).error_details()));
  std::vector<std::string> fields;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (any.UnpackTo(&bad_request)) {
      for (const auto& violation : bad_request.field_violations()) {
        fields.push_back(violation.field());
      }
    }
  }
  EXPECT_THAT(fields, ElementsAre("subjects", "description", "how_to_apply",
                                  "closing_date"));
  v.add_subjects("physics");
  v.set_description("d");
  v.set_application_url("https://example.org");
  v.set_closing_date("2026-01-15");
  const absl::Time before = absl::FromCivil(
      absl::CivilSecond(2026, 1, 15, 22, 59, 59), absl::UTCTimeZone());
  EXPECT_TRUE(CheckPublishable(v, before).ok());
  EXPECT_FALSE(CheckPublishable(v, before + absl::Seconds(1)).ok());
}

TEST(VacancyAuthorisation, HrOfSchoolOrBoardManages) {
  EXPECT_TRUE(CanManageVacanciesOf(
      Who({{"hr", "organisations/almere-college-dronten"}}), Dronten()));
  EXPECT_TRUE(CanManageVacanciesOf(
      Who({{"hr", "organisations/stichting-almere-college"}}), Dronten()));
  EXPECT_TRUE(CanManageVacanciesOf(Who({{"admin", ""}}), Dronten()));
  EXPECT_FALSE(CanManageVacanciesOf(Who({{"hr", "organisations/svol-havo"}}),
                                    Dronten()));
  EXPECT_FALSE(CanManageVacanciesOf(
      Who({{"starter", "organisations/almere-college-dronten"}}), Dronten()));
  EXPECT_FALSE(CanManageVacanciesOf(Who({{"coordinator", "partnerships/osof"}}),
                                    Dronten()));
}

TEST(VacancyAuthorisation,
     DraftsAreNotFoundForOutsidersAndForbiddenToSeersWhoCannotEdit) {
  const std::string name = "organisations/almere-college-dronten/vacancies/v1";
  const auto outsider = Who({{"hr", "organisations/svol-havo"}});
  const auto coordinator = Who({{"coordinator", "partnerships/osof"}});
  const auto other_coordinator = Who({{"coordinator", "partnerships/rowf"}});
  EXPECT_EQ(
      MayReadVacancy(outsider, Dronten(), v1::Vacancy::DRAFT, name).code(),
      absl::StatusCode::kNotFound);
  EXPECT_EQ(
      MayReadVacancy(Who({}), Dronten(), v1::Vacancy::CLOSED, name).code(),
      absl::StatusCode::kNotFound);
  EXPECT_TRUE(
      MayReadVacancy(Who({}), Dronten(), v1::Vacancy::PUBLISHED, name).ok());
  EXPECT_TRUE(
      MayReadVacancy(coordinator, Dronten(), v1::Vacancy::DRAFT, name).ok());
  EXPECT_EQ(
      MayReadVacancy(other_coordinator, Dronten(), v1::Vacancy::DRAFT, name)
          .code(),
      absl::StatusCode::kNotFound);
  EXPECT_EQ(
      MayChangeVacancy(outsider, Dronten(), v1::Vacancy::DRAFT, name).code(),
      absl::StatusCode::kNotFound);
  EXPECT_EQ(MayChangeVacancy(outsider, Dronten(), v1::Vacancy::PUBLISHED, name)
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      MayChangeVacancy(coordinator, Dronten(), v1::Vacancy::DRAFT, name).code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(MayCreateVacancy(outsider, Dronten()).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(VacancyAuthorisation, FeedProfilesAndSettings) {
  EXPECT_TRUE(MaySyncVacancies(Who({{"integration", ""}})).ok());
  EXPECT_FALSE(MaySyncVacancies(Who({{"hr", "organisations/x1"}})).ok());
  EXPECT_TRUE(
      MayListVacanciesForMe(Who({{"student", "organisations/x1"}})).ok());
  EXPECT_FALSE(
      MayListVacanciesForMe(Who({{"coach", "organisations/x1"}})).ok());
  EXPECT_TRUE(MayUseProfile(Who({}, "noor"), "noor").ok());
  EXPECT_FALSE(MayUseProfile(Who({}, "noor"), "daan").ok());
  EXPECT_FALSE(MayUseProfile(Who({}, ""), "").ok());
  EXPECT_TRUE(
      MayUpdateShortageSubjects(Who({{"coordinator", "partnerships/osof"}}),
                                {"frosk", "osof"})
          .ok());
  EXPECT_FALSE(MayUpdateShortageSubjects(
                   Who({{"coordinator", "partnerships/rowf"}}), {"osof"})
                   .ok());
  EXPECT_TRUE(MayUpdateHiringAgreement(
                  Who({{"coordinator", "partnerships/rowf"}}), "rowf")
                  .ok());
  EXPECT_FALSE(MayUpdateHiringAgreement(
                   Who({{"coordinator", "partnerships/osof"}}), "rowf")
                   .ok());
}

TEST(Matching, DegreesAndShortage) {
  EXPECT_TRUE(DegreeFits(v1::FIRST_DEGREE, v1::SECOND_DEGREE));
  EXPECT_TRUE(DegreeFits(v1::SECOND_DEGREE, v1::SECOND_DEGREE));
  EXPECT_FALSE(DegreeFits(v1::SECOND_DEGREE, v1::FIRST_DEGREE));
  EXPECT_THAT(FittingDegrees(v1::SECOND_DEGREE),
              ElementsAre(v1::DEGREE_LEVEL_UNSPECIFIED, v1::SECOND_DEGREE));
  EXPECT_EQ(FittingDegrees(v1::FIRST_DEGREE).size(), 3u);
  EXPECT_TRUE(
      HasShortageSubject({"dutch", "physics"}, {"physics", "technology"}));
  EXPECT_FALSE(HasShortageSubject({"dutch"}, {"physics"}));
}

TEST(SyncTokens, RoundTripAndExpire) {
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  const SyncToken token{42, now};
  auto back = DecodeSyncToken(EncodeSyncToken(token), "sync_token");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->seq, 42);
  EXPECT_EQ(back->issued, now);
  EXPECT_FALSE(DecodeSyncToken("garbage!", "sync_token").ok());
  EXPECT_FALSE(
      DecodeSyncToken(absl::WebSafeBase64Escape("s1:x:1"), "sync_token").ok());
  EXPECT_FALSE(
      DecodeSyncToken(absl::WebSafeBase64Escape("s2:1:1"), "sync_token").ok());

  const absl::Duration retention = absl::Hours(24 * 30);
  EXPECT_TRUE(CheckSyncTokenUsable(token, now + retention, retention, 42).ok());
  absl::Status old = CheckSyncTokenUsable(
      token, now + retention + absl::Seconds(1), retention, 0);
  EXPECT_EQ(old.code(), absl::StatusCode::kFailedPrecondition);
  // Changes after the token were pruned (43 is gone).
  EXPECT_FALSE(CheckSyncTokenUsable(token, now, retention, 43).ok());
}

TEST(SyncPositions, BelongToTheirSync) {
  SyncPosition full{true, 7, "v123"};
  auto back = DecodeSyncPosition(EncodeSyncPosition(full, ""), "");
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->full);
  EXPECT_EQ(back->seq, 7);
  EXPECT_EQ(back->last_id, "v123");
  SyncPosition inc{false, 99, ""};
  const std::string page = EncodeSyncPosition(inc, "tok");
  EXPECT_FALSE(DecodeSyncPosition(page, "other").ok());
  back = DecodeSyncPosition(page, "tok");
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->full);
  EXPECT_EQ(back->seq, 99);
}

TEST(ValidateVacancy, ChecksEachField) {
  v1::Vacancy v;
  EXPECT_FALSE(ValidateVacancy(v, "vacancy").ok());  // title required
  v.set_title("Docent");
  EXPECT_TRUE(ValidateVacancy(v, "vacancy").ok());
  v.add_subjects("physics");
  v.add_subjects("physics");
  EXPECT_THAT(ValidateVacancy(v, "vacancy").message(),
              HasSubstr("subjects[1]"));
  v.clear_subjects();
  v.set_salary_min_eur(5000);
  v.set_salary_max_eur(4000);
  EXPECT_THAT(ValidateVacancy(v, "vacancy").message(),
              HasSubstr("salary_max_eur"));
  v.set_salary_max_eur(0);
  v.set_application_url("http://insecure.example");
  EXPECT_THAT(ValidateVacancy(v, "vacancy").message(),
              HasSubstr("application_url"));
  v.set_application_url("https://ok.example/a?b=c");
  v.set_description("regel\nregel\tinspringing");
  EXPECT_TRUE(ValidateVacancy(v, "vacancy").ok());
  v.set_description(std::string("bel\x07", 4));
  EXPECT_FALSE(ValidateVacancy(v, "vacancy").ok());
  v.set_description("ok");
  v.set_closing_date("31-12-2026");
  EXPECT_THAT(ValidateVacancy(v, "vacancy").message(),
              HasSubstr("closing_date"));
}

}  // namespace
}  // namespace samen::vacancies
