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
  v.set_salary_min_eur(3500);
  v.set_application_url("https://example.org/apply");
  v.set_description_format(v1::Vacancy::HTML);
  v.set_description("<p>Al veilig</p>");
  auto doc = Parse(*JobPostingJsonLd(v));
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
  EXPECT_EQ(value.at("minValue").number_value(), 3500);
  EXPECT_FALSE(value.contains("maxValue"));
}

}  // namespace
}  // namespace samen::vacancies
