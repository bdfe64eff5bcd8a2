// The Partners service as a black box: two samen-server replicas over the test
// MariaDB, driven over real gRPC. Every rule is checked through the API, and
// for refused requests that nothing changed.

#include <atomic>
#include <thread>

#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "services/common/auth/auth.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen::partners {
namespace {

namespace v1 = ::samen::partners::v1;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

class PartnersServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    testing::StackOptions options;
    options.server_replicas = 2;
    options.gateway = false;
    stack_ = new testing::Stack(options);
    for (int i = 0; i < 2; ++i) {
      stubs_[i] = v1::PartnersService::NewStub(grpc::CreateChannel(
          stack_->server_address(i), grpc::InsecureChannelCredentials()));
    }
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }

  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (!token.empty()) {
      ctx->AddMetadata("authorization", "Bearer " + token);
    }
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(20));
    return ctx;
  }

  static v1::PartnersService::Stub& stub(int i = 0) { return *stubs_[i]; }

  static std::string Admin() {
    return testing::MintTestToken("demo-admin", "admin");
  }
  static std::string CoordinatorOf(const std::string& p) {
    return testing::MintTestToken("coord-" + p,
                                  "coordinator@partnerships/" + p);
  }

  static v1::Partnership Get(const std::string& name) {
    v1::GetPartnershipRequest req;
    req.set_name(name);
    v1::Partnership p;
    grpc::Status s = stub().GetPartnership(As(Admin()).get(), req, &p);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return p;
  }

  static v1::Partnership NewPartnership(const std::string& id,
                                        const std::string& display) {
    v1::CreatePartnershipRequest req;
    req.set_partnership_id(id);
    req.mutable_partnership()->set_display_name(display);
    req.mutable_partnership()->set_region("Zeeland");
    req.mutable_partnership()->set_status(v1::Partnership::ASPIRING);
    v1::Partnership p;
    grpc::Status s = stub().CreatePartnership(As(Admin()).get(), req, &p);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return p;
  }

  static testing::Stack* stack_;
  static std::unique_ptr<v1::PartnersService::Stub> stubs_[2];
};

testing::Stack* PartnersServiceTest::stack_ = nullptr;
std::unique_ptr<v1::PartnersService::Stub> PartnersServiceTest::stubs_[2];

TEST_F(PartnersServiceTest, ListsTheSevenDemoPartnershipsPageByPage) {
  std::vector<std::string> names;
  std::string token;
  int pages = 0;
  do {
    v1::ListPartnershipsRequest req;
    req.set_page_size(2);
    req.set_page_token(token);
    v1::ListPartnershipsResponse resp;
    // Alternate replicas: page tokens work across them.
    grpc::Status s = stub(pages % 2).ListPartnerships(
        As(testing::MintTestToken(
               "starter-noor", "starter@organisations/almere-college-dronten"))
            .get(),
        req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_LE(resp.partnerships_size(), 2);
    for (const auto& p : resp.partnerships()) {
      names.push_back(p.name());
    }
    token = resp.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 20);
  EXPECT_THAT(names, UnorderedElementsAre(
                         "partnerships/aonhw", "partnerships/frosk",
                         "partnerships/opleidingshuis", "partnerships/osof",
                         "partnerships/partnerschap-2", "partnerships/rowf",
                         "partnerships/rpo-rijnmond"));
  EXPECT_EQ(pages, 4);
}

TEST_F(PartnersServiceTest, FiltersPartnershipsByRegionStatusAndSector) {
  v1::ListPartnershipsRequest req;
  req.set_status(v1::Partnership::ASPIRING);
  v1::ListPartnershipsResponse resp;
  ASSERT_TRUE(stub().ListPartnerships(As(Admin()).get(), req, &resp).ok());
  ASSERT_EQ(resp.partnerships_size(), 1);
  EXPECT_EQ(resp.partnerships(0).name(), "partnerships/frosk");

  req.Clear();
  req.set_region("flevoland");  // case-insensitive
  resp.Clear();
  ASSERT_TRUE(stub().ListPartnerships(As(Admin()).get(), req, &resp).ok());
  ASSERT_EQ(resp.partnerships_size(), 1);
  EXPECT_EQ(resp.partnerships(0).display_name(),
            "Opleidingsschool Oostelijk Flevoland");

  req.Clear();
  req.set_sector(v1::VSO);
  resp.Clear();
  ASSERT_TRUE(stub().ListPartnerships(As(Admin()).get(), req, &resp).ok());
  ASSERT_EQ(resp.partnerships_size(), 1);
  EXPECT_EQ(resp.partnerships(0).name(), "partnerships/osof");

  auto rijnmond = Get("partnerships/rpo-rijnmond");
  ASSERT_EQ(rijnmond.clusters_size(), 3);
  EXPECT_EQ(rijnmond.clusters(0).id(), "nwn");
}

TEST_F(PartnersServiceTest, PageTokenOfOtherFiltersIsRejected) {
  v1::ListPartnershipsRequest req;
  req.set_page_size(1);
  v1::ListPartnershipsResponse resp;
  ASSERT_TRUE(stub().ListPartnerships(As(Admin()).get(), req, &resp).ok());
  req.set_page_token(resp.next_page_token());
  req.set_region("Utrecht");
  grpc::Status s = stub().ListPartnerships(As(Admin()).get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("page_token"));
  req.set_page_token("not-a-token");
  EXPECT_EQ(stub().ListPartnerships(As(Admin()).get(), req, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PartnersServiceTest, CreateGetUpdateDeleteKeepsHostileStringsVerbatim) {
  const std::string display =
      "Zeeuwse \"Coöperatie\" '; DROP TABLE partnerships; -- 🎓 ë ï";
  auto created = NewPartnership("zeeland-verbatim", display);
  EXPECT_EQ(created.name(), "partnerships/zeeland-verbatim");
  EXPECT_EQ(created.display_name(), display);
  EXPECT_FALSE(created.etag().empty());

  auto fetched = Get("partnerships/zeeland-verbatim");
  EXPECT_EQ(fetched.display_name(), display);
  EXPECT_EQ(fetched.etag(), created.etag());

  v1::UpdatePartnershipRequest upd;
  upd.mutable_partnership()->set_name(created.name());
  upd.mutable_partnership()->set_region("Zeeuws-Vlaanderen");
  upd.mutable_partnership()->set_etag(created.etag());
  // Listed out of their ids' order: the partnership keeps the list's order.
  for (const char* id : {"west", "oost"}) {
    auto* cluster = upd.mutable_partnership()->add_clusters();
    cluster->set_id(id);
    cluster->set_display_name(id);
  }
  v1::Partnership updated;
  grpc::Status s = stub(1).UpdatePartnership(As(Admin()).get(), upd, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.region(), "Zeeuws-Vlaanderen");
  EXPECT_EQ(updated.display_name(),
            display);  // not in the implied mask: untouched
  ASSERT_EQ(updated.clusters_size(), 2);
  EXPECT_NE(updated.etag(), created.etag());
  auto reread = Get("partnerships/zeeland-verbatim");
  ASSERT_EQ(reread.clusters_size(), 2);
  EXPECT_EQ(reread.clusters(0).id(), "west");
  EXPECT_EQ(reread.clusters(1).id(), "oost");

  v1::DeletePartnershipRequest del;
  del.set_name(created.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(stub().DeletePartnership(As(Admin()).get(), del, &empty).ok());
  v1::GetPartnershipRequest get;
  get.set_name(created.name());
  v1::Partnership gone;
  EXPECT_EQ(stub().GetPartnership(As(Admin()).get(), get, &gone).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(PartnersServiceTest, RefusesMissingForgedAndExpiredTokens) {
  v1::GetPartnershipRequest req;
  req.set_name("partnerships/osof");
  v1::Partnership p;
  EXPECT_EQ(stub().GetPartnership(As("").get(), req, &p).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  auth::Principal who;
  who.subject = "mallory";
  who.grants.push_back({"admin", ""});
  auth::MintOptions forged;
  forged.secret = "a-completely-different-secret-of-48-bytes-length";
  EXPECT_EQ(
      stub()
          .GetPartnership(As(*auth::MintHs256Token(who, forged)).get(), req, &p)
          .error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  auth::MintOptions expired;
  expired.secret = testing::kTestJwtSecret;
  expired.now = absl::Now() - absl::Hours(2);
  expired.ttl = absl::Minutes(5);
  EXPECT_EQ(stub()
                .GetPartnership(As(*auth::MintHs256Token(who, expired)).get(),
                                req, &p)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(PartnersServiceTest,
       OnlyCoordinatorsOfThePartnershipChangeItAndRefusalChangesNothing) {
  auto before = Get("partnerships/osof");
  v1::UpdatePartnershipRequest upd;
  upd.mutable_partnership()->set_name("partnerships/osof");
  upd.mutable_partnership()->set_region("Elders");
  v1::Partnership out;
  grpc::Status s =
      stub().UpdatePartnership(As(CoordinatorOf("frosk")).get(), upd, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get("partnerships/osof").etag(), before.etag());

  s = stub().UpdatePartnership(
      As(testing::MintTestToken("hr-x", "hr@organisations/svol-havo")).get(),
      upd, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  upd.mutable_partnership()->set_region("Flevoland");
  s = stub().UpdatePartnership(As(CoordinatorOf("osof")).get(), upd, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(PartnersServiceTest, StaleEtagIsAbortedAndDuplicateNameIsAlreadyExists) {
  auto p = NewPartnership("etag-check", "Etag-partnerschap");
  v1::UpdatePartnershipRequest upd;
  upd.mutable_partnership()->set_name(p.name());
  upd.mutable_partnership()->set_region("Eerste");
  upd.mutable_partnership()->set_etag(p.etag());
  v1::Partnership out;
  ASSERT_TRUE(stub().UpdatePartnership(As(Admin()).get(), upd, &out).ok());
  upd.mutable_partnership()->set_region("Tweede");
  grpc::Status s = stub(1).UpdatePartnership(As(Admin()).get(), upd, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Get(p.name()).region(), "Eerste");

  v1::CreatePartnershipRequest dup;
  dup.set_partnership_id("another-id");
  dup.mutable_partnership()->set_display_name(
      "etag-PARTNERSCHAP");  // same name, other case
  dup.mutable_partnership()->set_region("Zeeland");
  dup.mutable_partnership()->set_status(v1::Partnership::ASPIRING);
  s = stub().CreatePartnership(As(Admin()).get(), dup, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(s.error_message(), HasSubstr("display_name"));
}

TEST_F(PartnersServiceTest,
       ConcurrentUpdatesWithOneEtagAcrossReplicasHaveOneWinner) {
  auto p = NewPartnership("race", "Race-partnerschap");
  std::atomic<int> ok{0};
  std::atomic<int> aborted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      v1::UpdatePartnershipRequest upd;
      upd.mutable_partnership()->set_name(p.name());
      upd.mutable_partnership()->set_region("Regio " + std::to_string(i));
      upd.mutable_partnership()->set_etag(p.etag());
      v1::Partnership out;
      grpc::Status s =
          stub(i % 2).UpdatePartnership(As(Admin()).get(), upd, &out);
      if (s.ok()) {
        ++ok;
      } else if (s.error_code() == grpc::StatusCode::ABORTED) {
        ++aborted;
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(aborted.load(), 7);
}

TEST_F(PartnersServiceTest, BadInputNamesTheFieldAndChangesNothing) {
  v1::CreatePartnershipRequest req;
  req.set_partnership_id("Bad Id");
  req.mutable_partnership()->set_display_name("X");
  req.mutable_partnership()->set_region("Y");
  req.mutable_partnership()->set_status(v1::Partnership::ASPIRING);
  v1::Partnership out;
  grpc::Status s = stub().CreatePartnership(As(Admin()).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("partnership_id"));
  EXPECT_FALSE(s.error_details().empty());  // carries google.rpc.BadRequest

  req.set_partnership_id("good-id");
  req.mutable_partnership()->clear_status();
  s = stub().CreatePartnership(As(Admin()).get(), req, &out);
  EXPECT_THAT(s.error_message(), HasSubstr("partnership.status"));
  v1::GetPartnershipRequest get;
  get.set_name("partnerships/good-id");
  EXPECT_EQ(stub().GetPartnership(As(Admin()).get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::UpdatePartnershipRequest upd;
  upd.mutable_partnership()->set_name("partnerships/osof");
  upd.mutable_update_mask()->add_paths("create_time");
  s = stub().UpdatePartnership(As(Admin()).get(), upd, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("update_mask"));
}

TEST_F(PartnersServiceTest, ASchoolMayBeInTwoPartnershipsButOnceInEach) {
  v1::ListMembershipsRequest list;
  list.set_parent("partnerships/-");
  list.set_organisation("organisations/rowf-schagen");
  v1::ListMembershipsResponse resp;
  ASSERT_TRUE(stub().ListMemberships(As(Admin()).get(), list, &resp).ok());
  ASSERT_EQ(resp.memberships_size(), 2);
  EXPECT_EQ(resp.memberships(0).name(),
            "partnerships/aonhw/memberships/rowf-schagen");
  EXPECT_EQ(resp.memberships(0).role(), v1::Membership::COOPERATING);

  v1::CreateMembershipRequest again;
  again.set_parent("partnerships/rowf");
  again.mutable_membership()->set_organisation("organisations/rowf-schagen");
  again.mutable_membership()->set_role(v1::Membership::PARTNER);
  again.mutable_membership()->set_start_date("2024-08-01");
  v1::Membership out;
  EXPECT_EQ(stub()
                .CreateMembership(As(CoordinatorOf("rowf")).get(), again, &out)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(stub()
                .CreateMembership(As(CoordinatorOf("osof")).get(), again, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PartnersServiceTest, MembershipClustersMustExistAndClustersInUseStay) {
  v1::CreateMembershipRequest req;
  req.set_parent("partnerships/rpo-rijnmond");
  req.mutable_membership()->set_organisation("organisations/het-noordik");
  req.mutable_membership()->set_role(v1::Membership::CANDIDATE);
  req.mutable_membership()->set_start_date("2025-08-01");
  req.mutable_membership()->set_cluster("nowhere");
  v1::Membership out;
  grpc::Status s = stub().CreateMembership(
      As(CoordinatorOf("rpo-rijnmond")).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("membership.cluster"));

  v1::UpdatePartnershipRequest upd;
  upd.mutable_partnership()->set_name("partnerships/rpo-rijnmond");
  upd.mutable_update_mask()->add_paths(
      "clusters");  // empty list: remove all clusters
  v1::Partnership p;
  s = stub().UpdatePartnership(As(CoordinatorOf("rpo-rijnmond")).get(), upd,
                               &p);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Get("partnerships/rpo-rijnmond").clusters_size(), 3);
}

TEST_F(PartnersServiceTest, PeopleAreVisibleOnlyWithinOwnOrganisations) {
  v1::GetPersonRequest get;
  get.set_name("people/starter-noor");
  v1::Person person;
  const std::string colleague = testing::MintTestToken(
      "coach-ilse", "coach@organisations/almere-college-dronten");
  ASSERT_TRUE(stub().GetPerson(As(colleague).get(), get, &person).ok());
  EXPECT_EQ(person.affiliations(0).roles(0), v1::STARTER);
  ASSERT_TRUE(
      stub().GetPerson(As(CoordinatorOf("osof")).get(), get, &person).ok());
  EXPECT_EQ(stub()
                .GetPerson(As(CoordinatorOf("frosk")).get(), get, &person)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const std::string self = testing::MintTestToken(
      "starter-noor", "starter@organisations/almere-college-dronten");
  ASSERT_TRUE(stub().GetPerson(As(self).get(), get, &person).ok());

  v1::ListPeopleRequest list;
  list.set_organisation("organisations/almere-college-dronten");
  list.set_role(v1::HR);
  v1::ListPeopleResponse people;
  ASSERT_TRUE(stub().ListPeople(As(colleague).get(), list, &people).ok());
  ASSERT_EQ(people.people_size(), 1);
  EXPECT_EQ(people.people(0).name(), "people/hr-almere");
  list.set_organisation("organisations/svol-havo");
  EXPECT_EQ(stub().ListPeople(As(colleague).get(), list, &people).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PartnersServiceTest, HrAddsPeopleToTheirOwnSchoolOnly) {
  const std::string hr = testing::MintTestToken(
      "hr-almere", "hr@organisations/almere-college-dronten");
  v1::CreatePersonRequest req;
  req.set_person_id("new-starter-1");
  req.mutable_person()->set_display_name("Fleur Groen (demo)");
  auto* a = req.mutable_person()->add_affiliations();
  a->set_organisation("organisations/almere-college-dronten");
  a->add_roles(v1::STARTER);
  v1::Person out;
  grpc::Status s = stub().CreatePerson(As(hr).get(), req, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  req.set_person_id("new-starter-2");
  a->set_organisation("organisations/svol-havo");
  EXPECT_EQ(stub().CreatePerson(As(hr).get(), req, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A starter corrects their own name but cannot change their affiliations.
  const std::string self = testing::MintTestToken(
      "new-starter-1", "starter@organisations/almere-college-dronten");
  v1::UpdatePersonRequest upd;
  upd.mutable_person()->set_name("people/new-starter-1");
  upd.mutable_person()->set_display_name("Fleur de Groen (demo)");
  ASSERT_TRUE(stub().UpdatePerson(As(self).get(), upd, &out).ok());
  EXPECT_EQ(out.display_name(), "Fleur de Groen (demo)");
  upd.mutable_update_mask()->add_paths("affiliations");
  EXPECT_EQ(stub().UpdatePerson(As(self).get(), upd, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PartnersServiceTest, OrganisationsFilterByPartnershipAndSector) {
  v1::ListOrganisationsRequest req;
  req.set_partnership("partnerships/osof");
  req.set_sector(v1::MBO);
  v1::ListOrganisationsResponse resp;
  ASSERT_TRUE(stub().ListOrganisations(As(Admin()).get(), req, &resp).ok());
  std::vector<std::string> names;
  for (const auto& o : resp.organisations()) {
    names.push_back(o.name());
  }
  EXPECT_THAT(names, UnorderedElementsAre("organisations/mbo-college-lelystad",
                                          "organisations/roc-van-flevoland"));
  req.Clear();
  req.set_board("organisations/svol");
  resp.Clear();
  ASSERT_TRUE(stub().ListOrganisations(As(Admin()).get(), req, &resp).ok());
  EXPECT_EQ(resp.organisations_size(), 3);
}

TEST_F(PartnersServiceTest, RetriedCreateWithOneRequestIdActsOnceAndReplays) {
  v1::CreatePartnershipRequest req;
  req.set_partnership_id("idem-once");
  req.set_request_id("retry-key-1");
  req.mutable_partnership()->set_display_name("Idempotent partnerschap");
  req.mutable_partnership()->set_region("Drenthe");
  req.mutable_partnership()->set_status(v1::Partnership::ASPIRING);
  v1::Partnership first;
  ASSERT_TRUE(stub(0).CreatePartnership(As(Admin()).get(), req, &first).ok());
  for (int i = 0; i < 2; ++i) {
    v1::Partnership again;
    grpc::Status s =
        stub(1 - i).CreatePartnership(As(Admin()).get(), req, &again);
    ASSERT_TRUE(s.ok()) << s.error_message();  // not ALREADY_EXISTS: replayed
    EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  }
  // The same key for another request is refused, and changes nothing.
  req.mutable_partnership()->set_region("Groningen");
  v1::Partnership other;
  grpc::Status s = stub().CreatePartnership(As(Admin()).get(), req, &other);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Get("partnerships/idem-once").region(), "Drenthe");
  // Keys are per caller: another subject's identical key is a request of its
  // own.
  v1::Partnership by_other;
  s = stub().CreatePartnership(
      As(testing::MintTestToken("other-admin", "admin")).get(), req, &by_other);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(PartnersServiceTest, ConcurrentRetriesOfOneRequestCreateOneResource) {
  std::atomic<int> created{0};
  std::atomic<int> replayed_or_busy{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      v1::CreatePartnershipRequest req;
      req.set_partnership_id("idem-race");
      req.set_request_id("race-key");
      req.mutable_partnership()->set_display_name("Race om idempotentie");
      req.mutable_partnership()->set_region("Limburg");
      req.mutable_partnership()->set_status(v1::Partnership::ASPIRING);
      v1::Partnership out;
      grpc::Status s =
          stub(i % 2).CreatePartnership(As(Admin()).get(), req, &out);
      if (s.ok()) {
        ++created;
      } else if (s.error_code() == grpc::StatusCode::ABORTED) {
        ++replayed_or_busy;
      } else {
        ADD_FAILURE() << s.error_code() << " " << s.error_message();
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  // Every answer is either the one creation (first or replayed) or "still
  // running"; never ALREADY_EXISTS, which would mean the work ran twice.
  EXPECT_GE(created.load(), 1);
  EXPECT_EQ(created.load() + replayed_or_busy.load(), 6);
  EXPECT_EQ(Get("partnerships/idem-race").region(), "Limburg");
}

}  // namespace
}  // namespace samen::partners
