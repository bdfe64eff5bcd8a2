#include "services/vacancies/vacancy_job_posting.h"

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace samen::vacancies {
namespace {

using ::testing::HasSubstr;

google::protobuf::Struct Parse(const std::string& json) {
  google::protobuf::Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &s).ok())
      << json;
  return s;
}

v1::Vacancy Published() {
  v1::Vacancy v;
  v.set_name("organisations/almere-college-dronten/vacancies/v1");
  v.set_title("Docent natuurkunde");
  v.set_description("Lesgeven.\nMet plezier.");
  v.set_school_display_name("Almere College Dronten");
  v.set_city("Dronten");
  v.add_regions("Flevoland");
  v.set_fte(1.0);
  v.set_contract_type(v1::Vacancy::PERMANENT);
  // 2026-03-02 09:00 UTC posted; expires 2026-03-30 00:00 CEST (22:00 UTC).
  v.mutable_publish_time()->set_seconds(1772442000);
  v.mutable_expire_time()->set_seconds(1774821600);
  return v;
}

TEST(JobPostingJsonLd, CarriesGoogleRequiredAndRecommendedProperties) {
  auto json = JobPostingJsonLd(Published());
  ASSERT_TRUE(json.ok());
  auto doc = Parse(*json);
  const auto& f = doc.fields();
  for (const char* key :
       {"@context", "@type", "title", "description", "datePosted",
        "validThrough", "hiringOrganization", "jobLocation", "employmentType",
        "identifier", "directApply"}) {
    EXPECT_TRUE(f.contains(key)) << key;
  }
  EXPECT_EQ(f.at("datePosted").string_value(), "2026-03-02");
  // Summer time in Amsterdam by then: +02:00.
  EXPECT_EQ(f.at("validThrough").string_value(), "2026-03-30T00:00:00+02:00");
  EXPECT_EQ(f.at("description").string_value(), "Lesgeven.<br>Met plezier.");
  EXPECT_EQ(f.at("employmentType").list_value().values_size(), 1);
  EXPECT_EQ(f.at("employmentType").list_value().values(0).string_value(),
            "FULL_TIME");
  EXPECT_FALSE(f.at("directApply").bool_value());
  EXPECT_FALSE(f.contains("baseSalary"));
}

TEST(JobPostingJsonLd, QualificationIsAGoogleCategoryWithTheDutchBeside) {
  v1::Vacancy v = Published();
  v.set_degree(v1::FIRST_DEGREE);
  auto first = Parse(*JobPostingJsonLd(v)).fields().at("educationRequirements");
  EXPECT_EQ(
      first.struct_value().fields().at("credentialCategory").string_value(),
      "postgraduate degree");
  EXPECT_THAT(first.struct_value().fields().at("name").string_value(),
              HasSubstr("eerstegraads bevoegdheid"));
  v.set_degree(v1::SECOND_DEGREE);
  auto second =
      Parse(*JobPostingJsonLd(v)).fields().at("educationRequirements");
  EXPECT_EQ(
      second.struct_value().fields().at("credentialCategory").string_value(),
      "bachelor degree");
  v.set_degree(v1::DEGREE_LEVEL_UNSPECIFIED);
  EXPECT_FALSE(
      Parse(*JobPostingJsonLd(v)).fields().contains("educationRequirements"));
}

TEST(JobPostingJsonLd, TheSameVacancyReadsTheSameByteForByte) {
  // Caches and the gateway's body ETag rely on it; keys are in order.
  const std::string first = *JobPostingJsonLd(Published());
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(*JobPostingJsonLd(Published()), first);
  }
  EXPECT_EQ(first.rfind("{\"@context\":", 0), 0u) << first;
  EXPECT_LT(first.find("\"datePosted\""), first.find("\"title\""));
}

TEST(JobPostingJsonLd, PartTimeTemporaryWithSalaryAndDirectApply) {
  v1::Vacancy v = Published();
  v.set_fte(0.6);
  v.set_contract_type(v1::Vacancy::REPLACEMENT);
  v.set_salary_scale("LB");
  v.set_salary_min_eur(3500);
  v.set_application_url("https://example.org/apply");
  v.set_description_format(v1::Vacancy::HTML);
  v.set_description("<p>Al veilig</p>");
  auto doc = Parse(*JobPostingJsonLd(v, ScaleSalary{3410, 5275}));
  const auto& f = doc.fields();
  const auto& types = f.at("employmentType").list_value();
  ASSERT_EQ(types.values_size(), 2);
  EXPECT_EQ(types.values(0).string_value(), "PART_TIME");
  EXPECT_EQ(types.values(1).string_value(), "TEMPORARY");
  EXPECT_TRUE(f.at("directApply").bool_value());
  EXPECT_EQ(f.at("description").string_value(), "<p>Al veilig</p>");
  const auto& value = f.at("baseSalary")
                          .struct_value()
                          .fields()
                          .at("value")
                          .struct_value()
                          .fields();
  // The school's own lower bound; the scale's upper one.
  EXPECT_EQ(value.at("minValue").number_value(), 3500);
  EXPECT_EQ(value.at("maxValue").number_value(), 5275);
}

const google::protobuf::Struct& Member(const google::protobuf::Struct& s,
                                       const std::string& key) {
  return s.fields().at(key).struct_value();
}

TEST(JobPostingJsonLd, JobLocationIsTheSchoolsVisitingAddress) {
  v1::Vacancy v = Published();
  v.set_school_street_address("Leerpad 12");
  v.set_school_postal_code("8251 DL");
  auto doc = Parse(*JobPostingJsonLd(v));
  const auto& place = Member(doc, "jobLocation");
  EXPECT_EQ(place.fields().at("@type").string_value(), "Place");
  const auto& a = Member(place, "address").fields();
  EXPECT_EQ(a.at("@type").string_value(), "PostalAddress");
  EXPECT_EQ(a.at("streetAddress").string_value(), "Leerpad 12");
  EXPECT_EQ(a.at("postalCode").string_value(), "8251 DL");
  EXPECT_EQ(a.at("addressLocality").string_value(), "Dronten");
  EXPECT_EQ(a.at("addressRegion").string_value(), "Flevoland");
  EXPECT_EQ(a.at("addressCountry").string_value(), "NL");
}

TEST(JobPostingJsonLd, UnknownAddressPartsAreLeftOutNotInvented) {
  v1::Vacancy v = Published();
  v.clear_regions();
  auto doc = Parse(*JobPostingJsonLd(v));
  const auto& a = Member(Member(doc, "jobLocation"), "address").fields();
  EXPECT_FALSE(a.contains("streetAddress"));
  EXPECT_FALSE(a.contains("postalCode"));
  EXPECT_FALSE(a.contains("addressRegion"));
  EXPECT_EQ(a.at("addressLocality").string_value(), "Dronten");
  EXPECT_EQ(a.at("addressCountry").string_value(), "NL");
}

TEST(JobPostingJsonLd, HiringOrganizationHasWebsiteAndLogoWhenKnown) {
  v1::Vacancy v = Published();
  auto plain = Parse(*JobPostingJsonLd(v));
  const auto& bare = Member(plain, "hiringOrganization").fields();
  EXPECT_EQ(bare.at("name").string_value(), "Almere College Dronten");
  EXPECT_FALSE(bare.contains("sameAs"));
  EXPECT_FALSE(bare.contains("logo"));

  v.set_school_website("https://www.almerecollege.example");
  v.set_school_logo_url("https://www.almerecollege.example/logo.png");
  auto doc = Parse(*JobPostingJsonLd(v));
  const auto& org = Member(doc, "hiringOrganization").fields();
  EXPECT_EQ(org.at("@type").string_value(), "Organization");
  EXPECT_EQ(org.at("sameAs").string_value(),
            "https://www.almerecollege.example");
  EXPECT_EQ(org.at("logo").string_value(),
            "https://www.almerecollege.example/logo.png");
}

TEST(JobPostingJsonLd, BaseSalaryIsTheScalesMonthlyRangeInEuros) {
  v1::Vacancy v = Published();
  v.set_salary_scale("LC");
  auto doc = Parse(*JobPostingJsonLd(v, ScaleSalary{3560, 6160}));
  const auto& salary = Member(doc, "baseSalary");
  EXPECT_EQ(salary.fields().at("@type").string_value(), "MonetaryAmount");
  EXPECT_EQ(salary.fields().at("currency").string_value(), "EUR");
  const auto& value = Member(salary, "value").fields();
  EXPECT_EQ(value.at("@type").string_value(), "QuantitativeValue");
  EXPECT_EQ(value.at("minValue").number_value(), 3560);
  EXPECT_EQ(value.at("maxValue").number_value(), 6160);
  EXPECT_EQ(value.at("unitText").string_value(), "MONTH");
}

TEST(JobPostingJsonLd, TheSchoolsOwnAmountsWithoutAScale) {
  v1::Vacancy v = Published();
  v.set_salary_min_eur(3500);
  v.set_salary_max_eur(5000);
  // Without a scale the table's row is not the vacancy's: only its amounts.
  auto doc = Parse(*JobPostingJsonLd(v, ScaleSalary{3560, 6160}));
  const auto& value = Member(Member(doc, "baseSalary"), "value").fields();
  EXPECT_EQ(value.at("minValue").number_value(), 3500);
  EXPECT_EQ(value.at("maxValue").number_value(), 5000);
}

TEST(JobPostingJsonLd, NoScaleAndNoAmountsNoBaseSalary) {
  v1::Vacancy v = Published();
  EXPECT_FALSE(Parse(*JobPostingJsonLd(v, ScaleSalary{3560, 6160}))
                   .fields()
                   .contains("baseSalary"));
  // A scale without a row valid on the publication date: nothing to say.
  v.set_salary_scale("LC");
  EXPECT_FALSE(Parse(*JobPostingJsonLd(v)).fields().contains("baseSalary"));
}

}  // namespace
}  // namespace samen::vacancies
