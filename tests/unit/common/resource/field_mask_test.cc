// Partial updates: the effective field mask and applying it.

#include "services/common/resource/field_mask.h"

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/resources.pb.h"
#include "tests/unit/common/resource/violated_field.h"

namespace samen::resource {
namespace {

namespace v1 = ::samen::partners::v1;
using ::testing::HasSubstr;

const std::vector<std::string>& UpdatablePartnershipFields() {
  static const auto* fields = new std::vector<std::string>{
      "display_name", "region", "status", "sectors"};
  return *fields;
}

v1::Partnership ValidPartnership() {
  v1::Partnership p;
  p.set_display_name("Opleidingsschool Oostelijk Flevoland");
  p.set_region("Flevoland");
  p.set_status(v1::Partnership::ACCREDITED);
  p.add_sectors(v1::VO);
  return p;
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

TEST(UpdateMask, StarMeansEveryUpdatableField) {
  google::protobuf::FieldMask mask;
  mask.add_paths("*");
  auto m = EffectiveMask(mask, v1::Partnership(), UpdatablePartnershipFields());
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->paths_size(), 4);
}

TEST(UpdateMask, ApplyClearsAFieldTheMaskNamesButThePatchLeavesEmpty) {
  auto current = ValidPartnership();
  google::protobuf::FieldMask mask;
  mask.add_paths("region");
  ApplyMask(mask, v1::Partnership(), &current);
  EXPECT_EQ(current.region(), "");
  EXPECT_EQ(current.display_name(), "Opleidingsschool Oostelijk Flevoland");
}

}  // namespace
}  // namespace samen::resource
