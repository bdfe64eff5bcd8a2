#include "services/partners/partners_rules.h"

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace samen::partners {
namespace {

using ::testing::HasSubstr;

auth::Principal Who(std::vector<auth::Grant> grants,
                    std::string subject = "someone") {
  auth::Principal p;
  p.subject = std::move(subject);
  p.grants = std::move(grants);
  return p;
}

v1::Partnership ValidPartnership() {
  v1::Partnership p;
  p.set_display_name("Opleidingsschool Oostelijk Flevoland");
  p.set_region("Flevoland");
  p.set_status(v1::Partnership::ACCREDITED);
  p.set_founding_year(2010);
  p.set_accreditation_year(2021);
  p.add_sectors(v1::VO);
  return p;
}

std::string ViolatedField(const absl::Status& s) {
  auto payload = s.GetPayload("type.googleapis.com/google.rpc.BadRequest");
  if (!payload.has_value()) {
    return "";
  }
  google::rpc::BadRequest br;
  br.ParseFromString(std::string(*payload));
  return br.field_violations_size() > 0 ? br.field_violations(0).field() : "";
}

TEST(PartnersNames, MembershipNamesAndTheWildcardParent) {
  auto m =
      ParseMembershipName("partnerships/osof/memberships/svol-havo", "name");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->partnership_id, "osof");
  EXPECT_EQ(m->organisation_id, "svol-havo");
  EXPECT_FALSE(
      ParseMembershipName("partnerships/osof/members/svol", "name").ok());
  EXPECT_EQ(*ParseMembershipParent("partnerships/-", "parent"), "-");
  EXPECT_EQ(*ParseMembershipParent("partnerships/osof", "parent"), "osof");
}

TEST(Partnerships, ValidOneValidates) {
  EXPECT_TRUE(ValidatePartnership(ValidPartnership(), "partnership").ok());
}

TEST(Partnerships, RequiresNameRegionStatus) {
  auto p = ValidPartnership();
  p.clear_display_name();
  EXPECT_EQ(ViolatedField(ValidatePartnership(p, "partnership")),
            "partnership.display_name");
  p = ValidPartnership();
  p.clear_region();
  EXPECT_EQ(ViolatedField(ValidatePartnership(p, "partnership")),
            "partnership.region");
  p = ValidPartnership();
  p.clear_status();
  EXPECT_EQ(ViolatedField(ValidatePartnership(p, "partnership")),
            "partnership.status");
}

TEST(Partnerships,
     RejectsAccreditationBeforeFoundingAndDuplicateSectorsOrClusters) {
  auto p = ValidPartnership();
  p.set_accreditation_year(2005);
  EXPECT_EQ(ViolatedField(ValidatePartnership(p, "partnership")),
            "partnership.accreditation_year");
  p = ValidPartnership();
  p.add_sectors(v1::VO);
  EXPECT_EQ(ViolatedField(ValidatePartnership(p, "partnership")),
            "partnership.sectors[1]");
  p = ValidPartnership();
  auto* c = p.add_clusters();
  c->set_id("nwn");
  c->set_display_name("NWN");
  *p.add_clusters() = *c;
  EXPECT_EQ(ViolatedField(ValidatePartnership(p, "partnership")),
            "partnership.clusters[1].id");
}

TEST(Organisations, SectorOnlyForSchoolsKindOnlyForInstitutes) {
  v1::Organisation o;
  o.set_display_name("Almere College Dronten");
  o.set_type(v1::Organisation::SCHOOL);
  EXPECT_EQ(ViolatedField(ValidateOrganisation(o, "organisation")),
            "organisation.sector");
  o.set_sector(v1::VO);
  EXPECT_TRUE(ValidateOrganisation(o, "organisation").ok());
  o.set_institute_kind(v1::Organisation::HBO);
  EXPECT_EQ(ViolatedField(ValidateOrganisation(o, "organisation")),
            "organisation.institute_kind");
  v1::Organisation inst;
  inst.set_display_name("Windesheim");
  inst.set_type(v1::Organisation::INSTITUTE);
  EXPECT_EQ(ViolatedField(ValidateOrganisation(inst, "organisation")),
            "organisation.institute_kind");
  inst.set_institute_kind(v1::Organisation::HBO);
  EXPECT_TRUE(ValidateOrganisation(inst, "organisation").ok());
  inst.set_board("organisations/svol");
  EXPECT_EQ(ViolatedField(ValidateOrganisation(inst, "organisation")),
            "organisation.board");
}

TEST(Organisations, WebsiteAndLogoAreHttpsAddressIsDutch) {
  v1::Organisation o;
  o.set_display_name("Almere College Dronten");
  o.set_type(v1::Organisation::SCHOOL);
  o.set_sector(v1::VO);
  o.set_website("https://www.almerecollege.example");
  o.set_logo_url("https://www.almerecollege.example/logo.png");
  o.set_street_address("Leerpad 12");
  o.set_postal_code("8251 DL");
  EXPECT_TRUE(ValidateOrganisation(o, "organisation").ok());
  o.set_postal_code("8251DL");
  EXPECT_TRUE(ValidateOrganisation(o, "organisation").ok());

  v1::Organisation bad = o;
  bad.set_website("http://www.almerecollege.example");
  EXPECT_EQ(ViolatedField(ValidateOrganisation(bad, "organisation")),
            "organisation.website");
  bad = o;
  bad.set_logo_url("http://www.almerecollege.example/logo.png");
  EXPECT_EQ(ViolatedField(ValidateOrganisation(bad, "organisation")),
            "organisation.logo_url");
  bad.set_logo_url("https://");
  EXPECT_EQ(ViolatedField(ValidateOrganisation(bad, "organisation")),
            "organisation.logo_url");
  bad = o;
  for (const char* code : {"0251 DL", "8251 dl", "825 DL", "8251-DL"}) {
    bad.set_postal_code(code);
    EXPECT_EQ(ViolatedField(ValidateOrganisation(bad, "organisation")),
              "organisation.postal_code")
        << code;
  }
  bad = o;
  bad.set_street_address(std::string(201, 'a'));
  EXPECT_EQ(ViolatedField(ValidateOrganisation(bad, "organisation")),
            "organisation.street_address");
}

TEST(Memberships, EndNotBeforeStart) {
  v1::Membership m;
  m.set_organisation("organisations/svol-havo");
  m.set_role(v1::Membership::PARTNER);
  m.set_start_date("2020-08-01");
  EXPECT_TRUE(ValidateMembership(m, "membership").ok());
  m.set_end_date("2020-07-31");
  EXPECT_EQ(ViolatedField(ValidateMembership(m, "membership")),
            "membership.end_date");
  m.set_end_date("2020-08-01");
  EXPECT_TRUE(ValidateMembership(m, "membership").ok());
  m.clear_role();
  EXPECT_EQ(ViolatedField(ValidateMembership(m, "membership")),
            "membership.role");
}

TEST(People, NeedAnAffiliationWithRolesAndAPlausibleEmail) {
  v1::Person p;
  p.set_display_name("Noor");
  EXPECT_EQ(ViolatedField(ValidatePerson(p, "person")), "person.affiliations");
  auto* a = p.add_affiliations();
  a->set_organisation("organisations/almere-college-dronten");
  EXPECT_EQ(ViolatedField(ValidatePerson(p, "person")),
            "person.affiliations[0].roles");
  a->add_roles(v1::STARTER);
  EXPECT_TRUE(ValidatePerson(p, "person").ok());
  p.set_email("not-an-address");
  EXPECT_EQ(ViolatedField(ValidatePerson(p, "person")), "person.email");
  p.set_email("noor@school.example");
  EXPECT_TRUE(ValidatePerson(p, "person").ok());
}

TEST(Authorization, PartnershipChangesByItsCoordinatorsOrAdmins) {
  const auto coordinator = Who({{"coordinator", "partnerships/osof"}});
  EXPECT_TRUE(MayUpdatePartnership(coordinator, "osof").ok());
  EXPECT_EQ(MayUpdatePartnership(coordinator, "frosk").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      MayUpdatePartnership(Who({{"hr", "partnerships/osof"}}), "osof").code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(MayUpdatePartnership(Who({{"admin", ""}}), "frosk").ok());
  EXPECT_FALSE(MayCreatePartnership(coordinator).ok());
  EXPECT_TRUE(MayCreatePartnership(Who({{"admin", ""}})).ok());
  EXPECT_FALSE(MayDeletePartnership(coordinator).ok());
  EXPECT_TRUE(MayChangeMemberships(coordinator, "osof").ok());
  EXPECT_FALSE(MayChangeMemberships(coordinator, "rowf").ok());
}

TEST(Authorization, OrganisationChangesByHrOrCoordinatorsOfItsPartnerships) {
  EXPECT_TRUE(MayUpdateOrganisation(Who({{"hr", "organisations/svol-havo"}}),
                                    "svol-havo", {})
                  .ok());
  EXPECT_FALSE(MayUpdateOrganisation(Who({{"hr", "organisations/svol-vmbo"}}),
                                     "svol-havo", {})
                   .ok());
  EXPECT_TRUE(MayUpdateOrganisation(Who({{"coordinator", "partnerships/osof"}}),
                                    "svol-havo", {"osof"})
                  .ok());
  EXPECT_FALSE(
      MayUpdateOrganisation(Who({{"coordinator", "partnerships/rowf"}}),
                            "svol-havo", {"osof"})
          .ok());
  EXPECT_FALSE(
      MayUpdateOrganisation(Who({{"starter", "organisations/svol-havo"}}),
                            "svol-havo", {"osof"})
          .ok());
}

TEST(Authorization, PeopleVisibleWithinOwnOrganisationsOnly) {
  const std::vector<OrganisationScope> dronten = {
      {"almere-college-dronten", {"osof"}}};
  EXPECT_TRUE(CanSeePeopleOf(
      Who({{"starter", "organisations/almere-college-dronten"}}), dronten));
  EXPECT_TRUE(
      CanSeePeopleOf(Who({{"coordinator", "partnerships/osof"}}), dronten));
  EXPECT_FALSE(
      CanSeePeopleOf(Who({{"coordinator", "partnerships/rowf"}}), dronten));
  EXPECT_FALSE(
      CanSeePeopleOf(Who({{"hr", "organisations/svol-havo"}}), dronten));
  EXPECT_FALSE(CanSeePeopleOf(Who({}), dronten));
  EXPECT_TRUE(CanSeePeopleOf(Who({{"admin", ""}}), dronten));
  // Samen's own services (the notification workers) read anyone, even people
  // with no affiliation; a scoped service grant is no such thing.
  EXPECT_TRUE(CanSeePeopleOf(Who({{"service", ""}}), dronten));
  EXPECT_TRUE(CanSeePeopleOf(Who({{"service", ""}}), {}));
  EXPECT_FALSE(CanSeePeopleOf(Who({{"service", "organisations/x"}}), dronten));
  EXPECT_FALSE(CanSeePeopleOf(Who({{"integration", ""}}), dronten));
}

TEST(Authorization, AdministratorsAndTheServiceRoleReadTheWholeDirectory) {
  EXPECT_TRUE(ReadsWholeDirectory(Who({{"admin", ""}})));
  EXPECT_TRUE(ReadsWholeDirectory(Who({{"service", ""}})));
  EXPECT_FALSE(ReadsWholeDirectory(Who({{"service", "organisations/x"}})));
  EXPECT_FALSE(ReadsWholeDirectory(Who({{"coordinator", "partnerships/x"}})));
  EXPECT_FALSE(ReadsWholeDirectory(Who({})));
  // Managing stays with HR, coordinators and administrators.
  EXPECT_FALSE(CanManagePeopleOf(Who({{"service", ""}}),
                                 {{"almere-college-dronten", {"osof"}}}));
}

TEST(Authorization, ManagingPeopleNeedsAuthorityOverEveryOrganisation) {
  const std::vector<OrganisationScope> two = {{"svol-havo", {"osof"}},
                                              {"rowf-hoorn", {"rowf"}}};
  EXPECT_FALSE(
      CanManagePeopleOf(Who({{"hr", "organisations/svol-havo"}}), two));
  EXPECT_TRUE(CanManagePeopleOf(Who({{"hr", "organisations/svol-havo"},
                                     {"coordinator", "partnerships/rowf"}}),
                                two));
  EXPECT_FALSE(CanManagePeopleOf(Who({{"starter", "organisations/svol-havo"}}),
                                 {two[0]}));
  EXPECT_FALSE(CanManagePeopleOf(Who({{"hr", "organisations/svol-havo"}}), {}));
}

}  // namespace
}  // namespace samen::partners
