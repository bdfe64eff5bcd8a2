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

TEST(ResourceIds, AcceptsSlugs) {
  EXPECT_TRUE(ValidateResourceId("osof", "id").ok());
  EXPECT_TRUE(ValidateResourceId("rpo-rijnmond", "id").ok());
  EXPECT_TRUE(ValidateResourceId("p2", "id").ok());
}

TEST(ResourceIds, RejectsEverythingElseNamingTheField) {
  for (const char* bad :
       {"", "a", "Osof", "1abc", "abc-", "ab_c", "ab c", "ab/c", "é-school",
        "'; DROP TABLE partnerships; --"}) {
    absl::Status s = ValidateResourceId(bad, "partnership_id");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(ViolatedField(s), "partnership_id") << bad;
  }
  EXPECT_FALSE(ValidateResourceId(std::string(64, 'a'), "id").ok());
  EXPECT_TRUE(ValidateResourceId(std::string(63, 'a'), "id").ok());
}

TEST(ResourceNames, ParsesCollectionAndId) {
  EXPECT_EQ(*ParseName("partnerships/osof", "partnerships", "name"), "osof");
  EXPECT_FALSE(ParseName("organisations/osof", "partnerships", "name").ok());
  EXPECT_FALSE(ParseName("partnerships/", "partnerships", "name").ok());
  EXPECT_FALSE(ParseName("partnerships/osof/x", "partnerships", "name").ok());
  EXPECT_EQ(*ParseName("people/auth0|abc.def@x", "people", "name"),
            "auth0|abc.def@x");
  auto m =
      ParseMembershipName("partnerships/osof/memberships/svol-havo", "name");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->partnership_id, "osof");
  EXPECT_EQ(m->organisation_id, "svol-havo");
  EXPECT_FALSE(
      ParseMembershipName("partnerships/osof/members/svol", "name").ok());
  EXPECT_EQ(*ParseMembershipParent("partnerships/-", "parent"), "-");
}

TEST(Text, KeepsDiacriticsEmojiAndQuotesButRejectsControlAndBadUtf8) {
  EXPECT_TRUE(
      ValidateText("Coöperatie Zuid-Oost ë ï 🎓 \"quoted\" 'x'", "f", 200, true)
          .ok());
  EXPECT_FALSE(ValidateText("line\nbreak", "f", 200, true).ok());
  EXPECT_FALSE(ValidateText("\xC3\x28", "f", 200, true).ok());  // invalid UTF-8
  EXPECT_FALSE(ValidateText("\xE0\x80\xAF", "f", 200, true).ok());  // overlong
  EXPECT_FALSE(ValidateText("   ", "f", 200, true).ok());
  EXPECT_FALSE(ValidateText("", "f", 200, true).ok());
  EXPECT_TRUE(ValidateText("", "f", 200, false).ok());
  // Length counts characters, not bytes.
  std::string two_hundred_e_umlauts;
  for (int i = 0; i < 200; ++i) {
    two_hundred_e_umlauts += "ë";
  }
  EXPECT_TRUE(ValidateText(two_hundred_e_umlauts, "f", 200, true).ok());
  EXPECT_FALSE(ValidateText(two_hundred_e_umlauts + "e", "f", 200, true).ok());
}

TEST(Dates, AcceptsRealDatesOnly) {
  EXPECT_TRUE(ValidateDate("2024-02-29", "d", true).ok());
  EXPECT_FALSE(ValidateDate("2023-02-29", "d", true).ok());
  EXPECT_FALSE(ValidateDate("2023-13-01", "d", true).ok());
  EXPECT_FALSE(ValidateDate("2023-1-01", "d", true).ok());
  EXPECT_FALSE(ValidateDate("01-01-2023", "d", true).ok());
  EXPECT_FALSE(ValidateDate("2023-01-01T00:00", "d", true).ok());
  EXPECT_FALSE(ValidateDate("", "d", true).ok());
  EXPECT_TRUE(ValidateDate("", "d", false).ok());
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

TEST(UpdateMask, ExplicitPathsMustBeUpdatable) {
  google::protobuf::FieldMask mask;
  mask.add_paths("region");
  mask.add_paths("displayName");
  auto m = EffectiveMask(mask, v1::Partnership(), UpdatablePartnershipFields());
  ASSERT_TRUE(m.ok());
  EXPECT_THAT(m->paths(), ::testing::ElementsAre("region", "display_name"));
  mask.add_paths("partnership_id");
  auto bad =
      EffectiveMask(mask, v1::Partnership(), UpdatablePartnershipFields());
  EXPECT_EQ(ViolatedField(bad.status()), "update_mask");
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("partnership_id"));
}

TEST(UpdateMask, OutputOnlyFieldsAreIgnoredButNotAlone) {
  google::protobuf::FieldMask mask;
  mask.add_paths("etag");
  mask.add_paths("createTime");
  mask.add_paths("region");
  auto m = EffectiveMask(mask, v1::Partnership(), UpdatablePartnershipFields());
  ASSERT_TRUE(m.ok());
  EXPECT_THAT(m->paths(), ::testing::ElementsAre("region"));
  google::protobuf::FieldMask only_output;
  only_output.add_paths("name");
  EXPECT_EQ(ViolatedField(EffectiveMask(only_output, v1::Partnership(),
                                        UpdatablePartnershipFields())
                              .status()),
            "update_mask");
}

TEST(UpdateMask, ImpliedFromPopulatedFields) {
  v1::Partnership patch;
  patch.set_region("Zeeland");
  patch.set_name("partnerships/x");  // not updatable, ignored
  auto m = EffectiveMask(google::protobuf::FieldMask(), patch,
                         UpdatablePartnershipFields());
  ASSERT_TRUE(m.ok());
  EXPECT_THAT(m->paths(), ::testing::ElementsAre("region"));
  EXPECT_FALSE(EffectiveMask(google::protobuf::FieldMask(), v1::Partnership(),
                             UpdatablePartnershipFields())
                   .ok());
}

TEST(UpdateMask, ApplyReplacesRepeatedFields) {
  auto current = ValidPartnership();
  current.add_sectors(v1::MBO);
  v1::Partnership patch;
  patch.add_sectors(v1::PO);
  google::protobuf::FieldMask mask;
  mask.add_paths("sectors");
  ApplyMask(mask, patch, &current);
  ASSERT_EQ(current.sectors_size(), 1);
  EXPECT_EQ(current.sectors(0), v1::PO);
  EXPECT_EQ(current.region(), "Flevoland");
}

TEST(Etags, ChangeWithVersionAndMismatchIsAborted) {
  const absl::Time t = absl::FromUnixMicros(1700000000123456);
  EXPECT_NE(MakeEtag("partnerships/osof", 1, t),
            MakeEtag("partnerships/osof", 2, t));
  EXPECT_NE(MakeEtag("partnerships/osof", 1, t),
            MakeEtag("partnerships/frosk", 1, t));
  EXPECT_NE(MakeEtag("partnerships/osof", 1, t),
            MakeEtag("partnerships/osof", 1, t + absl::Microseconds(1)));
  EXPECT_TRUE(CheckEtag("", MakeEtag("partnerships/osof", 1, t)).ok());
  EXPECT_TRUE(CheckEtag(MakeEtag("partnerships/osof", 1, t),
                        MakeEtag("partnerships/osof", 1, t))
                  .ok());
  EXPECT_TRUE(CheckEtag("\"" + MakeEtag("partnerships/osof", 1, t) + "\"",
                        MakeEtag("partnerships/osof", 1, t))
                  .ok());
  EXPECT_EQ(CheckEtag(MakeEtag("partnerships/osof", 1, t),
                      MakeEtag("partnerships/osof", 2, t))
                .code(),
            absl::StatusCode::kAborted);
}

TEST(Paging, SizesAndTokens) {
  EXPECT_EQ(*EffectivePageSize(0), kDefaultPageSize);
  EXPECT_EQ(*EffectivePageSize(5), 5);
  EXPECT_EQ(*EffectivePageSize(1000), kMaxPageSize);
  EXPECT_FALSE(EffectivePageSize(-1).ok());
  const std::string token = EncodePageToken("osof", "filters-a");
  EXPECT_EQ(*DecodePageToken(token, "filters-a"), "osof");
  EXPECT_EQ(DecodePageToken(token, "filters-b").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(DecodePageToken("garbage!!", "filters-a").ok());
  EXPECT_EQ(*DecodePageToken("", "filters-a"), "");
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
