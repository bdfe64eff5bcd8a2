// Vacancies owns its data: its tables live in its own database, and what it
// shows of a school (name, city, partnerships, regions) is the Partners
// directory's, read through the Partners API and copied whenever one of the
// school's vacancies is written. A copy that changes what the public sees puts
// the school's published vacancies in the feed again.

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "tests/integration/vacancies/vacancy_fixture.h"

namespace samen::vacancies_test {
namespace {

namespace pv1 = ::samen::partners::v1;

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class DirectoryCopyTest : public VacanciesServiceTest {
 protected:
  static pv1::PartnersService::Stub& partners() {
    static auto* stub =
        pv1::PartnersService::NewStub(
            grpc::CreateChannel(stack_->server_address(0),
                                grpc::InsecureChannelCredentials()))
            .release();
    return *stub;
  }

  static void CreateSchool(const std::string& id, const std::string& name,
                           const std::string& city) {
    pv1::CreateOrganisationRequest req;
    req.set_organisation_id(id);
    pv1::Organisation* o = req.mutable_organisation();
    o->set_display_name(name);
    o->set_type(pv1::Organisation::SCHOOL);
    o->set_sector(pv1::VO);
    o->set_city(city);
    pv1::Organisation out;
    grpc::Status s =
        partners().CreateOrganisation(As(Admin()).get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static void Join(const std::string& school, const std::string& partnership) {
    pv1::CreateMembershipRequest req;
    req.set_parent("partnerships/" + partnership);
    req.mutable_membership()->set_organisation("organisations/" + school);
    req.mutable_membership()->set_role(pv1::Membership::PARTNER);
    req.mutable_membership()->set_start_date("2020-08-01");
    pv1::Membership out;
    grpc::Status s = partners().CreateMembership(As(Admin()).get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // The JobPosting JSON-LD of a published vacancy, parsed.
  static google::protobuf::Struct JobPosting(const std::string& name) {
    v1::GetVacancyJobPostingRequest req;
    req.set_name(name);
    google::api::HttpBody body;
    grpc::Status s = stub().GetVacancyJobPosting(As("").get(), req, &body);
    EXPECT_TRUE(s.ok()) << s.error_message();
    google::protobuf::Struct doc;
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(body.data(), &doc).ok())
        << body.data();
    return doc;
  }

  static int64_t ChangesOf(const std::string& vacancy_id) {
    return std::stoll(
        SqlValue("SELECT COUNT(*) FROM vacancy_changes WHERE vacancy_id = '" +
                 vacancy_id + "'"));
  }
};

TEST_F(DirectoryCopyTest, VacancyTablesLiveInTheVacanciesDatabaseOnly) {
  const std::string in = absl::StrCat(
      "SELECT COUNT(*) FROM information_schema.tables WHERE table_name IN "
      "('vacancies', 'vacancy_changes', 'webhook_endpoints', "
      "'hiring_agreements') AND table_schema = '",
      stack_->database_prefix());
  EXPECT_EQ(SqlValue(in + "vacancies'"), "4");
  EXPECT_EQ(SqlValue(in + "partners'"), "0");
  // And nothing of the directory but the copies.
  EXPECT_EQ(SqlValue(absl::StrCat(
                "SELECT COUNT(*) FROM information_schema.tables WHERE "
                "table_schema = '",
                stack_->database_prefix(),
                "vacancies' AND table_name IN ('organisations', "
                "'memberships', 'partnerships')")),
            "0");
}

TEST_F(DirectoryCopyTest, SchoolFactsAreCopiedWhenItsVacanciesAreWritten) {
  CreateSchool("copy-college", "Copy College", "Emmeloord");
  Join("copy-college", "osof");
  const std::string hr =
      testing::MintTestToken("hr-copy", "hr@organisations/copy-college");
  v1::Vacancy first = Create("copy-college", "copy-first",
                             Draft("Docent wiskunde"), hr, /*publish=*/true);
  v1::Vacancy second = Create("copy-college", "copy-second",
                              Draft("Docent Frans"), hr, /*publish=*/true);
  EXPECT_EQ(first.school_display_name(), "Copy College");
  EXPECT_EQ(first.city(), "Emmeloord");
  EXPECT_THAT(first.partnerships(), ElementsAre("partnerships/osof"));
  EXPECT_THAT(first.regions(), ElementsAre("Flevoland"));

  // The directory changes: a new name and a second partnership.
  pv1::UpdateOrganisationRequest rename;
  rename.mutable_organisation()->set_name("organisations/copy-college");
  rename.mutable_organisation()->set_display_name("Copy College Emmeloord");
  rename.mutable_update_mask()->add_paths("display_name");
  pv1::Organisation renamed;
  ASSERT_TRUE(
      partners().UpdateOrganisation(As(Admin()).get(), rename, &renamed).ok());
  Join("copy-college", "rpo-rijnmond");

  // Until a vacancy of the school is written, the copy stands.
  v1::Vacancy seen;
  ASSERT_TRUE(Get(second.name(), "", &seen).ok());
  EXPECT_EQ(seen.school_display_name(), "Copy College");
  const int64_t second_changes = ChangesOf("copy-second");

  v1::UpdateVacancyRequest update;
  update.mutable_vacancy()->set_name(first.name());
  update.mutable_vacancy()->set_title("Docent wiskunde (tweedegraads)");
  update.mutable_update_mask()->add_paths("title");
  v1::Vacancy updated;
  grpc::Status s = stub(1).UpdateVacancy(As(hr).get(), update, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.school_display_name(), "Copy College Emmeloord");
  EXPECT_THAT(
      updated.partnerships(),
      UnorderedElementsAre("partnerships/osof", "partnerships/rpo-rijnmond"));
  EXPECT_THAT(updated.regions(),
              UnorderedElementsAre("Flevoland", "Rotterdam-Rijnmond"));

  // The other published vacancy shows the new facts too, and is in the feed
  // again for it; the new partnership's coordinators now see the school's
  // vacancies by partnership.
  ASSERT_TRUE(Get(second.name(), "", &seen).ok());
  EXPECT_EQ(seen.school_display_name(), "Copy College Emmeloord");
  EXPECT_EQ(ChangesOf("copy-second"), second_changes + 1);
  v1::ListVacanciesRequest by_partnership;
  by_partnership.set_parent("organisations/-");
  by_partnership.set_partnership("partnerships/rpo-rijnmond");
  v1::ListVacanciesResponse listed;
  ASSERT_TRUE(stub().ListVacancies(As("").get(), by_partnership, &listed).ok());
  std::vector<std::string> names;
  for (const auto& v : listed.vacancies()) {
    names.push_back(v.name());
  }
  EXPECT_THAT(names, ::testing::IsSupersetOf({first.name(), second.name()}));

  // A write that changes nothing in the directory adds no feed rows.
  const int64_t before = ChangesOf("copy-second");
  update.mutable_vacancy()->set_title("Docent wiskunde");
  ASSERT_TRUE(stub().UpdateVacancy(As(hr).get(), update, &updated).ok());
  EXPECT_EQ(ChangesOf("copy-second"), before);
}

const google::protobuf::Struct& Member(const google::protobuf::Struct& s,
                                       const std::string& key) {
  return s.fields().at(key).struct_value();
}

TEST_F(DirectoryCopyTest, WebsiteAndLogoOfAnOrganisationAreHttpsOnly) {
  pv1::CreateOrganisationRequest req;
  req.set_organisation_id("plain-http-college");
  pv1::Organisation* o = req.mutable_organisation();
  o->set_display_name("Plain HTTP College");
  o->set_type(pv1::Organisation::SCHOOL);
  o->set_sector(pv1::VO);
  o->set_logo_url("http://www.plainhttp.example/logo.png");
  pv1::Organisation out;
  grpc::Status s = partners().CreateOrganisation(As(Admin()).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("organisation.logo_url"));
  o->clear_logo_url();
  o->set_website("http://www.plainhttp.example");
  s = partners().CreateOrganisation(As(Admin()).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("organisation.website"));
}

TEST_F(DirectoryCopyTest, JobPostingShowsAddressWebsiteLogoAndScaleSalary) {
  pv1::CreateOrganisationRequest req;
  req.set_organisation_id("address-college");
  pv1::Organisation* o = req.mutable_organisation();
  o->set_display_name("Address College");
  o->set_type(pv1::Organisation::SCHOOL);
  o->set_sector(pv1::VO);
  o->set_city("Emmeloord");
  o->set_street_address("Leerpad 12");
  o->set_postal_code("8302 AB");
  o->set_website("https://www.addresscollege.example");
  o->set_logo_url("https://www.addresscollege.example/logo.png");
  pv1::Organisation out;
  grpc::Status s = partners().CreateOrganisation(As(Admin()).get(), req, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.street_address(), "Leerpad 12");
  EXPECT_EQ(out.postal_code(), "8302 AB");
  EXPECT_EQ(out.logo_url(), "https://www.addresscollege.example/logo.png");
  Join("address-college", "osof");
  const std::string hr =
      testing::MintTestToken("hr-address", "hr@organisations/address-college");

  // A scale the school's collective agreement (CAO VO) does not have.
  v1::Vacancy draft = Draft("Docent aardrijkskunde");
  draft.set_salary_min_eur(0);
  draft.set_salary_max_eur(0);
  v1::CreateVacancyRequest bad;
  bad.set_parent("organisations/address-college");
  *bad.mutable_vacancy() = draft;
  v1::Vacancy ignored;
  for (const char* scale : {"LZ", "L11"}) {
    bad.mutable_vacancy()->set_salary_scale(scale);
    s = stub().CreateVacancy(As(hr).get(), bad, &ignored);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << scale;
    EXPECT_THAT(s.error_message(),
                ::testing::HasSubstr("vacancy.salary_scale"));
  }

  v1::Vacancy v = Create("address-college", "address-geo", draft, hr, true);
  EXPECT_EQ(v.school_street_address(), "Leerpad 12");
  EXPECT_EQ(v.school_website(), "https://www.addresscollege.example");
  const google::protobuf::Struct doc = JobPosting(v.name());
  const auto& a = Member(Member(doc, "jobLocation"), "address").fields();
  EXPECT_EQ(a.at("streetAddress").string_value(), "Leerpad 12");
  EXPECT_EQ(a.at("postalCode").string_value(), "8302 AB");
  EXPECT_EQ(a.at("addressLocality").string_value(), "Emmeloord");
  EXPECT_EQ(a.at("addressRegion").string_value(), "Flevoland");
  EXPECT_EQ(a.at("addressCountry").string_value(), "NL");
  const auto& org = Member(doc, "hiringOrganization").fields();
  EXPECT_EQ(org.at("sameAs").string_value(),
            "https://www.addresscollege.example");
  EXPECT_EQ(org.at("logo").string_value(),
            "https://www.addresscollege.example/logo.png");
  // LC of the CAO VO, the row valid on the publication date (today).
  const std::string row =
      "FROM salary_scales WHERE agreement = 'CAO VO' AND scale = 'LC' AND "
      "valid_from <= UTC_DATE() ORDER BY valid_from DESC LIMIT 1";
  const auto& value = Member(Member(doc, "baseSalary"), "value").fields();
  EXPECT_EQ(value.at("minValue").number_value(),
            std::stoi(SqlValue("SELECT min_monthly_eur " + row)));
  EXPECT_EQ(value.at("maxValue").number_value(),
            std::stoi(SqlValue("SELECT max_monthly_eur " + row)));
  EXPECT_EQ(value.at("unitText").string_value(), "MONTH");

  // Without a scale, no salary is said.
  v1::UpdateVacancyRequest update;
  update.mutable_vacancy()->set_name(v.name());
  update.mutable_update_mask()->add_paths("salary_scale");
  v1::Vacancy updated;
  s = stub().UpdateVacancy(As(hr).get(), update, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(JobPosting(v.name()).fields().contains("baseSalary"));
}

TEST_F(DirectoryCopyTest, SchoolsTheDirectoryDoesNotKnowGetNoVacancies) {
  v1::CreateVacancyRequest req;
  req.set_parent("organisations/no-such-school");
  *req.mutable_vacancy() = Draft("Docent");
  v1::Vacancy out;
  grpc::Status s = stub().CreateVacancy(
      As(testing::MintTestToken("hr-x", "hr@organisations/no-such-school"))
          .get(),
      req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(),
              ::testing::HasSubstr("organisations/no-such-school"));
  EXPECT_EQ(SqlValue("SELECT COUNT(*) FROM directory_organisations WHERE id = "
                     "'no-such-school'"),
            "0");
}

}  // namespace
}  // namespace samen::vacancies_test
