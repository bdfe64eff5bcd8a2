// VacanciesService as a black box: two samen-server replicas over the test
// MariaDB, over real gRPC. The lifecycle with automatic expiry, who may see and
// change what, "for me", the shortage and direct-hire flags, JSON-LD.

#include <thread>

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "tests/integration/vacancies/vacancy_fixture.h"

namespace samen::vacancies_test {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

TEST_F(VacanciesServiceTest, DraftPublishUpdateCloseLifecycle) {
  v1::Vacancy draft = Create("almere-college-dronten", "lifecycle-physics",
                             Draft("Docent natuurkunde"), HrAlmere(), false);
  EXPECT_EQ(draft.name(),
            "organisations/almere-college-dronten/vacancies/lifecycle-physics");
  EXPECT_EQ(draft.status(), v1::Vacancy::DRAFT);
  EXPECT_EQ(draft.sector(), partners::v1::VO);  // the school's
  EXPECT_EQ(draft.city(), "Dronten");
  EXPECT_THAT(draft.partnerships(), Contains("partnerships/osof"));
  EXPECT_THAT(draft.regions(), Contains("Flevoland"));

  // A draft is invisible to anonymous callers and other schools' HR: NOT_FOUND.
  v1::Vacancy seen;
  EXPECT_EQ(Get(draft.name(), "", &seen).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(draft.name(), HrSvol(), &seen).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Coordinators of the school's partnership see it; others do not.
  EXPECT_TRUE(Get(draft.name(), CoordinatorOsof(), &seen).ok());
  EXPECT_EQ(Get(draft.name(), CoordinatorRijnmond(), &seen).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::PublishVacancyRequest publish;
  publish.set_name(draft.name());
  publish.set_etag(draft.etag());
  v1::Vacancy published;
  ASSERT_TRUE(
      stub(1).PublishVacancy(As(HrAlmere()).get(), publish, &published).ok());
  EXPECT_EQ(published.status(), v1::Vacancy::PUBLISHED);
  EXPECT_TRUE(published.has_publish_time());
  EXPECT_NE(published.etag(), draft.etag());
  // Publishing twice is refused by status.
  grpc::Status again =
      stub().PublishVacancy(As(HrAlmere()).get(), publish, &seen);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(again), "VACANCY_STATUS");

  // Public now: anonymous readers see it.
  ASSERT_TRUE(Get(draft.name(), "", &seen, 1).ok());
  EXPECT_EQ(seen.title(), "Docent natuurkunde");

  v1::UpdateVacancyRequest update;
  update.mutable_vacancy()->set_name(draft.name());
  update.mutable_vacancy()->set_title("Docent natuurkunde en NLT");
  update.mutable_vacancy()->set_etag(published.etag());
  v1::Vacancy updated;
  ASSERT_TRUE(
      stub().UpdateVacancy(As(HrAlmere()).get(), update, &updated).ok());
  EXPECT_EQ(updated.title(), "Docent natuurkunde en NLT");
  EXPECT_EQ(updated.status(), v1::Vacancy::PUBLISHED);
  // A stale etag is refused.
  EXPECT_EQ(
      stub().UpdateVacancy(As(HrAlmere()).get(), update, &seen).error_code(),
      grpc::StatusCode::ABORTED);

  v1::CloseVacancyRequest close;
  close.set_name(draft.name());
  close.set_outcome(v1::Vacancy::FILLED);
  v1::Vacancy closed;
  ASSERT_TRUE(stub().CloseVacancy(As(HrAlmere()).get(), close, &closed).ok());
  EXPECT_EQ(closed.status(), v1::Vacancy::FILLED);
  EXPECT_EQ(Get(draft.name(), "", &seen).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Get(draft.name(), HrAlmere(), &seen).ok());
  // Closed is final: no more changes, and it cannot be deleted.
  EXPECT_EQ(
      stub().UpdateVacancy(As(HrAlmere()).get(), update, &seen).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  v1::DeleteVacancyRequest del;
  del.set_name(draft.name());
  google::protobuf::Empty empty;
  EXPECT_EQ(
      stub().DeleteVacancy(As(HrAlmere()).get(), del, &empty).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(VacanciesServiceTest, HrOfAnotherSchoolIsRefused) {
  v1::CreateVacancyRequest create;
  create.set_parent("organisations/almere-college-dronten");
  *create.mutable_vacancy() = Draft("Docent wiskunde");
  v1::Vacancy out;
  grpc::Status s = stub().CreateVacancy(As(HrSvol()).get(), create, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  v1::Vacancy published =
      Create("almere-college-dronten", "refuse-other-hr",
             Draft("Docent scheikunde", {"chemistry"}), HrAlmere(), true);
  v1::UpdateVacancyRequest update;
  update.mutable_vacancy()->set_name(published.name());
  update.mutable_vacancy()->set_title("Overgenomen");
  EXPECT_EQ(stub().UpdateVacancy(As(HrSvol()).get(), update, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::CloseVacancyRequest close;
  close.set_name(published.name());
  EXPECT_EQ(stub().CloseVacancy(As(HrSvol()).get(), close, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Coordinators see but do not edit.
  EXPECT_EQ(stub()
                .CloseVacancy(As(CoordinatorOsof()).get(), close, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Anonymous changes are unauthenticated.
  EXPECT_EQ(stub().CloseVacancy(As("").get(), close, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // Nothing changed.
  ASSERT_TRUE(Get(published.name(), "", &out).ok());
  EXPECT_EQ(out.title(), "Docent scheikunde");
  EXPECT_EQ(out.status(), v1::Vacancy::PUBLISHED);
}

TEST_F(VacanciesServiceTest,
       PublishingNeedsCompleteVacancyAndFutureClosingDate) {
  v1::Vacancy incomplete = Draft("Docent Duits", {"german"});
  incomplete.clear_description();
  incomplete.clear_closing_date();
  v1::Vacancy v = Create("almere-college-dronten", "incomplete-german",
                         incomplete, HrAlmere(), false);
  v1::PublishVacancyRequest publish;
  publish.set_name(v.name());
  v1::Vacancy out;
  grpc::Status s = stub().PublishVacancy(As(HrAlmere()).get(), publish, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("description"));
  EXPECT_THAT(s.error_message(), HasSubstr("closing_date"));

  v1::UpdateVacancyRequest update;
  update.mutable_vacancy()->set_name(v.name());
  update.mutable_vacancy()->set_description("Lesgeven in Duits.");
  update.mutable_vacancy()->set_closing_date(DateIn(-1));
  ASSERT_TRUE(stub().UpdateVacancy(As(HrAlmere()).get(), update, &out).ok());
  s = stub().PublishVacancy(As(HrAlmere()).get(), publish, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("has passed"));

  // Today is still open: it expires at the end of the day in Amsterdam.
  update.mutable_vacancy()->set_closing_date(DateIn(0));
  update.mutable_vacancy()->clear_description();
  ASSERT_TRUE(stub().UpdateVacancy(As(HrAlmere()).get(), update, &out).ok());
  ASSERT_TRUE(stub().PublishVacancy(As(HrAlmere()).get(), publish, &out).ok());
  EXPECT_EQ(out.status(), v1::Vacancy::PUBLISHED);
  EXPECT_GT(out.expire_time().seconds(), absl::ToUnixSeconds(absl::Now()));
}

TEST_F(VacanciesServiceTest, ValidatesFieldsAndSanitisesHtml) {
  v1::CreateVacancyRequest create;
  create.set_parent("organisations/almere-college-dronten");
  *create.mutable_vacancy() = Draft("Docent", {"Physics!"});
  v1::Vacancy out;
  grpc::Status s = stub().CreateVacancy(As(HrAlmere()).get(), create, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("vacancy.subjects[0]"));

  *create.mutable_vacancy() = Draft("Docent");
  create.mutable_vacancy()->set_fte(1.5);
  s = stub().CreateVacancy(As(HrAlmere()).get(), create, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("vacancy.fte"));

  // A board is no school.
  create.set_parent("organisations/stichting-almere-college");
  *create.mutable_vacancy() = Draft("Docent");
  s = stub().CreateVacancy(
      As(testing::MintTestToken("hr-board",
                                "hr@organisations/stichting-almere-college"))
          .get(),
      create, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  create.set_parent("organisations/almere-college-dronten");
  create.mutable_vacancy()->set_description_format(v1::Vacancy::HTML);
  create.mutable_vacancy()->set_description(
      "<p onclick=\"x()\">Hallo<script>alert(1)</script> <b>team</b></p><img "
      "src=x onerror=y>");
  ASSERT_TRUE(stub().CreateVacancy(As(HrAlmere()).get(), create, &out).ok());
  EXPECT_EQ(out.description(), "<p>Hallo <b>team</b></p>");
}

TEST_F(VacanciesServiceTest, BoardHrManagesItsSchools) {
  v1::CreateVacancyRequest create;
  create.set_parent("organisations/almere-college-dronten");
  *create.mutable_vacancy() = Draft("Docent biologie", {"biology"});
  v1::Vacancy out;
  ASSERT_TRUE(
      stub()
          .CreateVacancy(
              As(testing::MintTestToken(
                     "hr-board", "hr@organisations/stichting-almere-college"))
                  .get(),
              create, &out)
          .ok());
}

TEST_F(VacanciesServiceTest, AnonymousListsSeeOnlyPublished) {
  v1::Vacancy pub =
      Create("almere-college-dronten", "anon-published",
             Draft("Docent Engels", {"english"}), HrAlmere(), true);
  v1::Vacancy draft =
      Create("almere-college-dronten", "anon-draft",
             Draft("Docent Frans", {"french"}), HrAlmere(), false);
  const auto anonymous = ListAll("organisations/-", "");
  EXPECT_THAT(anonymous, Contains(pub.name()));
  EXPECT_THAT(anonymous, Not(Contains(draft.name())));
  // Asking for drafts without rights shows none.
  EXPECT_THAT(
      ListAll("organisations/almere-college-dronten", "", v1::Vacancy::DRAFT),
      Not(Contains(draft.name())));
  EXPECT_THAT(ListAll("organisations/almere-college-dronten", HrSvol()),
              Not(Contains(draft.name())));
  // The school's HR and the partnership's coordinators see the draft too.
  EXPECT_THAT(ListAll("organisations/almere-college-dronten", HrAlmere()),
              Contains(draft.name()));
  EXPECT_THAT(ListAll("organisations/-", CoordinatorOsof(), v1::Vacancy::DRAFT),
              Contains(draft.name()));
  EXPECT_THAT(
      ListAll("organisations/-", CoordinatorRijnmond(), v1::Vacancy::DRAFT),
      Not(Contains(draft.name())));
}

TEST_F(VacanciesServiceTest, ExpiresByItselfAtTheEndOfTheClosingDate) {
  v1::Vacancy v = Create("almere-college-dronten", "expiring-latin",
                         Draft("Docent Latijn", {"latin"}), HrAlmere(), true);
  ASSERT_EQ(v.status(), v1::Vacancy::PUBLISHED);
  // Time passes: the closing date was yesterday. (Only the stored date moves;
  // the service computes the rest.) The worker is paused by nothing: so that
  // the computed status is observed first, the row is read right away.
  Sql("UPDATE vacancies SET closing_date = CURRENT_DATE - INTERVAL 1 DAY, "
      "expire_time = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id = "
      "'expiring-latin'");
  v1::Vacancy seen;
  EXPECT_EQ(Get(v.name(), "", &seen).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Get(v.name(), HrAlmere(), &seen).ok());
  EXPECT_EQ(seen.status(), v1::Vacancy::EXPIRED);
  EXPECT_THAT(ListAll("organisations/almere-college-dronten", ""),
              Not(Contains(v.name())));
  EXPECT_THAT(ListAll("organisations/almere-college-dronten", HrAlmere(),
                      v1::Vacancy::EXPIRED),
              Contains(v.name()));
  // An expired vacancy can no longer be changed or closed.
  v1::CloseVacancyRequest close;
  close.set_name(v.name());
  EXPECT_EQ(
      stub().CloseVacancy(As(HrAlmere()).get(), close, &seen).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  // The worker stores the status (5 = EXPIRED) within a few maintenance rounds.
  std::string stored;
  for (int i = 0; i < 50 && stored != "5"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stored =
        SqlValue("SELECT status FROM vacancies WHERE id = 'expiring-latin'");
  }
  EXPECT_EQ(stored, "5");
  EXPECT_EQ(SqlValue("SELECT COUNT(*) FROM vacancy_changes WHERE vacancy_id = "
                     "'expiring-latin' AND kind = 3"),
            "1");
}

TEST_F(VacanciesServiceTest, ForMeMatchesSubjectsDegreeAndRegion) {
  const std::string subject = "forme-physics";
  v1::Vacancy flevoland_first =
      Create("almere-college-dronten", "forme-first",
             Draft("Natuurkunde 1e", {subject}), HrAlmere(), true);
  v1::Vacancy flevoland_second = Create(
      "almere-college-dronten", "forme-second",
      Draft("Natuurkunde 2e", {subject}, v1::SECOND_DEGREE), HrAlmere(), true);
  v1::Vacancy rotterdam =
      Create("rijnmond-vo-schiedam", "forme-rotterdam",
             Draft("Natuurkunde Schiedam", {subject}), HrRijnmond(), true);
  v1::Vacancy other_subject =
      Create("almere-college-dronten", "forme-maths",
             Draft("Wiskunde", {"forme-maths"}), HrAlmere(), true);

  // Regions default to those of the starter's school (Flevoland).
  v1::ListVacanciesForMeRequest req;
  req.add_subjects(subject);
  req.set_degree(v1::SECOND_DEGREE);
  v1::ListVacanciesResponse resp;
  ASSERT_TRUE(
      stub().ListVacanciesForMe(As(StarterNoor()).get(), req, &resp).ok());
  EXPECT_THAT(Names(resp), ::testing::ElementsAre(flevoland_second.name()));

  req.set_degree(v1::FIRST_DEGREE);
  resp.Clear();
  ASSERT_TRUE(
      stub().ListVacanciesForMe(As(StarterNoor()).get(), req, &resp).ok());
  EXPECT_THAT(Names(resp),
              ::testing::UnorderedElementsAre(flevoland_first.name(),
                                              flevoland_second.name()));

  // The stored profile is used when the request names nothing.
  v1::UpdateVacancyProfileRequest profile;
  profile.mutable_vacancy_profile()->set_name(
      "people/starter-noor/vacancyProfile");
  profile.mutable_vacancy_profile()->add_subjects(subject);
  profile.mutable_vacancy_profile()->set_degree(v1::FIRST_DEGREE);
  profile.mutable_vacancy_profile()->add_regions("Rotterdam-Rijnmond");
  v1::VacancyProfile stored;
  ASSERT_TRUE(
      stub()
          .UpdateVacancyProfile(As(StarterNoor()).get(), profile, &stored)
          .ok());
  // Nobody else edits it.
  EXPECT_EQ(stub()
                .UpdateVacancyProfile(As(HrAlmere()).get(), profile, &stored)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  req.Clear();
  resp.Clear();
  ASSERT_TRUE(
      stub(1).ListVacanciesForMe(As(StarterNoor()).get(), req, &resp).ok());
  EXPECT_THAT(Names(resp), ::testing::ElementsAre(rotterdam.name()));
  EXPECT_THAT(Names(resp), Not(Contains(other_subject.name())));

  // HR is not a starter.
  EXPECT_EQ(
      stub().ListVacanciesForMe(As(HrAlmere()).get(), req, &resp).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(VacanciesServiceTest,
       ShortageAndDirectHireFlagsFollowTheRegionAndPartnership) {
  v1::Vacancy v =
      Create("almere-college-dronten", "flags-technology",
             Draft("Docent techniek", {"flags-technology"}), HrAlmere(), true);
  EXPECT_FALSE(v.shortage_subject());
  EXPECT_FALSE(v.direct_hire());

  v1::UpdateShortageSubjectsRequest shortage;
  shortage.mutable_shortage_subjects()->set_name(
      "regions/flevoland/shortageSubjects");
  shortage.mutable_shortage_subjects()->add_subjects("flags-technology");
  v1::ShortageSubjects list;
  // Only coordinators of a partnership in the region.
  EXPECT_EQ(stub()
                .UpdateShortageSubjects(As(CoordinatorRijnmond()).get(),
                                        shortage, &list)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      stub()
          .UpdateShortageSubjects(As(CoordinatorOsof()).get(), shortage, &list)
          .ok());
  EXPECT_EQ(list.region(), "Flevoland");

  v1::UpdateHiringAgreementRequest hiring;
  hiring.mutable_hiring_agreement()->set_name(
      "partnerships/osof/hiringAgreement");
  hiring.mutable_hiring_agreement()->set_direct_hire(true);
  v1::HiringAgreement agreement;
  EXPECT_EQ(stub()
                .UpdateHiringAgreement(As(CoordinatorRijnmond()).get(), hiring,
                                       &agreement)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub()
                  .UpdateHiringAgreement(As(CoordinatorOsof()).get(), hiring,
                                         &agreement)
                  .ok());
  EXPECT_TRUE(agreement.direct_hire());

  v1::Vacancy seen;
  ASSERT_TRUE(Get(v.name(), "", &seen, 1).ok());
  EXPECT_TRUE(seen.shortage_subject());
  EXPECT_TRUE(seen.direct_hire());

  // Switching direct hire off again (an explicit mask: false is the default).
  hiring.mutable_hiring_agreement()->set_direct_hire(false);
  hiring.mutable_update_mask()->add_paths("direct_hire");
  ASSERT_TRUE(stub()
                  .UpdateHiringAgreement(As(CoordinatorOsof()).get(), hiring,
                                         &agreement)
                  .ok());
  ASSERT_TRUE(Get(v.name(), "", &seen).ok());
  EXPECT_FALSE(seen.direct_hire());
}

TEST_F(VacanciesServiceTest, JobPostingJsonLdHasGoogleRequiredProperties) {
  v1::Vacancy draft = Draft("Docent natuurkunde (eerstegraads)", {"physics"});
  draft.set_application_url("https://werkenbij.almerecollege.example/123");
  v1::Vacancy v = Create("almere-college-dronten", "jsonld-physics", draft,
                         HrAlmere(), true);
  v1::GetVacancyJobPostingRequest req;
  req.set_name(v.name());
  google::api::HttpBody body;
  ASSERT_TRUE(stub().GetVacancyJobPosting(As("").get(), req, &body).ok());
  EXPECT_THAT(body.content_type(), HasSubstr("application/ld+json"));
  google::protobuf::Struct doc;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(body.data(), &doc).ok())
      << body.data();
  const auto& f = doc.fields();
  EXPECT_EQ(f.at("@context").string_value(), "https://schema.org/");
  EXPECT_EQ(f.at("@type").string_value(), "JobPosting");
  EXPECT_EQ(f.at("title").string_value(), "Docent natuurkunde (eerstegraads)");
  EXPECT_THAT(f.at("description").string_value(), HasSubstr("<br>"));
  EXPECT_EQ(f.at("datePosted").string_value().size(), 10u);
  EXPECT_THAT(f.at("validThrough").string_value(), HasSubstr("T00:00:00+0"));
  EXPECT_EQ(f.at("hiringOrganization")
                .struct_value()
                .fields()
                .at("name")
                .string_value(),
            "Almere College Dronten");
  const auto& address =
      f.at("jobLocation").struct_value().fields().at("address");
  EXPECT_EQ(address.struct_value().fields().at("addressCountry").string_value(),
            "NL");
  EXPECT_EQ(
      address.struct_value().fields().at("addressLocality").string_value(),
      "Dronten");
  EXPECT_EQ(f.at("employmentType").list_value().values(0).string_value(),
            "PART_TIME");
  EXPECT_EQ(
      f.at("identifier").struct_value().fields().at("value").string_value(),
      v.name());
  EXPECT_TRUE(f.at("directApply").bool_value());
  EXPECT_EQ(
      f.at("baseSalary").struct_value().fields().at("currency").string_value(),
      "EUR");

  // A draft has no public JSON-LD.
  v1::Vacancy hidden = Create("almere-college-dronten", "jsonld-draft", draft,
                              HrAlmere(), false);
  req.set_name(hidden.name());
  EXPECT_EQ(stub().GetVacancyJobPosting(As("").get(), req, &body).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace samen::vacancies_test

namespace samen::vacancies_test {
namespace {}  // namespace
}  // namespace samen::vacancies_test

namespace samen::vacancies_test {
namespace {

// db/demo/partners.sql: flags follow the demo shortage lists and hiring
// agreements, and the expire time worked out in SQL is the end of the closing
// day in Amsterdam.
TEST_F(VacanciesServiceTest, DemoVacanciesAreConsistent) {
  v1::GetVacancyRequest req;
  req.set_name("organisations/rowf-hoorn/vacancies/wiskunde-hoorn");
  v1::Vacancy v;
  ASSERT_TRUE(stub().GetVacancy(As("").get(), req, &v).ok());
  EXPECT_EQ(v.status(), v1::Vacancy::PUBLISHED);
  EXPECT_TRUE(v.shortage_subject());
  EXPECT_TRUE(v.direct_hire());
  absl::CivilDay day;
  ASSERT_TRUE(absl::ParseCivilTime(v.closing_date(), &day));
  absl::TimeZone ams;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Amsterdam", &ams));
  EXPECT_EQ(v.expire_time().seconds(),
            absl::ToUnixSeconds(absl::FromCivil(day + 1, ams)));

  req.set_name(
      "organisations/rijnmond-vo-schiedam/vacancies/scheikunde-schiedam");
  ASSERT_TRUE(stub().GetVacancy(As("").get(), req, &v).ok());
  EXPECT_FALSE(v.shortage_subject());
  EXPECT_FALSE(v.direct_hire());
  req.set_name(
      "organisations/almere-college-dronten/vacancies/geschiedenis-dronten");
  EXPECT_EQ(stub().GetVacancy(As("").get(), req, &v).error_code(),
            grpc::StatusCode::NOT_FOUND);
  req.set_name("organisations/carmel-almelo-lyceum/vacancies/duits-almelo");
  EXPECT_EQ(stub().GetVacancy(As("").get(), req, &v).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace samen::vacancies_test
