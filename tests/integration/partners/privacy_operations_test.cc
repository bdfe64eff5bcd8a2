// A person's export and erasure as operations (partners' privacy worker) over
// real gRPC, against stand-ins for the services it calls: an in-process
// InductionService and ProfessionalisationService that count the calls and
// can fail or hang on cue. Two samen-server replicas on one database call
// each service once per operation; a step that fails is called again and the
// operation finishes; an erasure whose server is killed mid-call is finished
// by the restarted server, the done steps not run again, the same pseudonym
// used throughout.

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/method_handler.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "grpcpp/impl/codegen/rpc_service_method.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "samen/privacy/v1/person_data.pb.h"
#include "tests/support/stack.h"
#include "tests/support/test_env.h"

namespace samen::partners {
namespace {

namespace pd = ::samen::privacy::v1;

// What the stand-ins were asked, per "<service>/<export|erase>/<person>".
class Calls {
 public:
  void Record(const std::string& key, const std::string& pseudonym = "") {
    absl::MutexLock lock(&mu_);
    ++counts_[key];
    if (!pseudonym.empty()) {
      pseudonyms_[key].insert(pseudonym);
    }
  }
  int Count(const std::string& key) {
    absl::MutexLock lock(&mu_);
    return counts_[key];
  }
  std::set<std::string> Pseudonyms(const std::string& key) {
    absl::MutexLock lock(&mu_);
    return pseudonyms_[key];
  }

  // Cues, per person.
  std::atomic<int> export_failures{0};  // UNAVAILABLE this many times
  absl::Mutex mu_;
  std::map<std::string, int> counts_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::set<std::string>> pseudonyms_ ABSL_GUARDED_BY(mu_);
  std::string hang_erase_of ABSL_GUARDED_BY(mu_);  // first call hangs
  absl::Notification release;                      // ends a hang
};

Calls& TheCalls() {
  static auto* calls = new Calls;
  return *calls;
}

// One service's stand-in body: records the call, fails or hangs on cue, and
// answers a little data (a file too) or erasure counts.
grpc::Status Export(const std::string& service,
                    const pd::ExportPersonDataRequest* req,
                    pd::PersonData* resp) {
  TheCalls().Record(absl::StrCat(service, "/export/", req->person()));
  if (service == "induction" && TheCalls().export_failures.fetch_sub(1) > 0) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "busy, try later");
  }
  (*resp->mutable_data()->mutable_fields())["service"].set_string_value(
      service);
  (*resp->mutable_data()->mutable_fields())["person"].set_string_value(
      req->person());
  auto* file = resp->add_files();
  file->set_name(service == "induction" ? "sessions.ics" : "hours.csv");
  file->set_content_type("text/plain");
  file->set_content(absl::StrCat("bestand van ", req->person(), "\n"));
  return grpc::Status::OK;
}

grpc::Status Erase(const std::string& service,
                   const pd::ErasePersonDataRequest* req,
                   pd::ErasePersonDataResponse* resp) {
  const std::string key = absl::StrCat(service, "/erase/", req->person());
  TheCalls().Record(key, req->pseudonym());
  bool hang = false;
  {
    absl::MutexLock lock(&TheCalls().mu_);
    if (TheCalls().hang_erase_of == key) {
      TheCalls().hang_erase_of.clear();
      hang = true;
    }
  }
  if (hang) {
    // The samen-server that called is killed meanwhile.
    TheCalls().release.WaitForNotificationWithTimeout(absl::Seconds(60));
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "released");
  }
  auto* t = resp->add_tables();
  t->set_table(service == "induction" ? "coaching_notes" : "enrolments");
  t->set_deleted(2);
  t->set_anonymised(1);
  return grpc::Status::OK;
}

// A stand-in for one service's ExportPersonData and ErasePersonData, served
// under that service's method names (as its generated code would).
class FakePersonDataService final : public grpc::Service {
 public:
  FakePersonDataService(const std::string& grpc_service, std::string service)
      : service_(std::move(service)) {
    using grpc::internal::RpcMethod;
    using grpc::internal::RpcMethodHandler;
    using grpc::internal::RpcServiceMethod;
    using Lite = google::protobuf::MessageLite;
    AddMethod(new RpcServiceMethod(
        Intern("/" + grpc_service + "/ExportPersonData"), RpcMethod::NORMAL_RPC,
        new RpcMethodHandler<FakePersonDataService, pd::ExportPersonDataRequest,
                             pd::PersonData, Lite, Lite>(
            [](FakePersonDataService* self, grpc::ServerContext*,
               const pd::ExportPersonDataRequest* req, pd::PersonData* resp) {
              return Export(self->service_, req, resp);
            },
            this)));
    AddMethod(new RpcServiceMethod(
        Intern("/" + grpc_service + "/ErasePersonData"), RpcMethod::NORMAL_RPC,
        new RpcMethodHandler<FakePersonDataService, pd::ErasePersonDataRequest,
                             pd::ErasePersonDataResponse, Lite, Lite>(
            [](FakePersonDataService* self, grpc::ServerContext*,
               const pd::ErasePersonDataRequest* req,
               pd::ErasePersonDataResponse* resp) {
              return Erase(self->service_, req, resp);
            },
            this)));
  }

 private:
  // RpcServiceMethod keeps the name's pointer: it must live as long.
  static const char* Intern(const std::string& name) {
    static auto* names = new std::set<std::string>;
    return names->insert(name).first->c_str();
  }
  const std::string service_;
};

class PrivacyOperationsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&induction_);
    builder.RegisterService(&professionalisation_);
    fakes_ = builder.BuildAndStart().release();
    ASSERT_NE(fakes_, nullptr);
    const std::string target = absl::StrCat("127.0.0.1:", port);
    testing::StackOptions options;
    options.gateway = false;
    options.server_replicas = 2;
    options.extra_server_args = {
        absl::StrCat("--peer_targets=induction=", target,
                     ",professionalisation=", target),
        "--privacy_services=induction,professionalisation",
        "--privacy_poll_interval=100ms",
        "--privacy_call_timeout=2s",
        "--privacy_retry_schedule=300ms,300ms,300ms",
        "--privacy_export_ttl=1h",
    };
    stack_ = new testing::Stack(options);
    for (int i = 0; i < 2; ++i) {
      stubs_[i] = v1::PartnersService::NewStub(grpc::CreateChannel(
          stack_->server_address(i), grpc::InsecureChannelCredentials()));
    }
  }
  static void TearDownTestSuite() {
    if (!TheCalls().release.HasBeenNotified()) {
      TheCalls().release.Notify();
    }
    for (auto& s : stubs_) {
      s.reset();
    }
    delete stack_;
    stack_ = nullptr;
    fakes_->Shutdown(std::chrono::system_clock::now());
    delete fakes_;
  }

  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("authorization", "Bearer " + token);
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(20));
    return ctx;
  }
  static std::string Admin() {
    return testing::MintTestToken("demo-admin", "admin");
  }
  static std::string Self(const std::string& person) {
    return testing::MintTestToken(
        person, "starter@organisations/almere-college-dronten");
  }
  static std::string NewPerson() {
    static std::atomic<int> n{0};
    const std::string id =
        absl::StrCat("privacy-", absl::ToUnixMicros(absl::Now()), "-", n++);
    v1::CreatePersonRequest req;
    req.set_person_id(id);
    req.mutable_person()->set_display_name("Testpersoon " + id);
    auto* a = req.mutable_person()->add_affiliations();
    a->set_organisation("organisations/almere-college-dronten");
    a->add_roles(v1::STARTER);
    v1::Person p;
    grpc::Status s = stubs_[0]->CreatePerson(As(Admin()).get(), req, &p);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return id;
  }

  static v1::Operation WaitDone(const std::string& name,
                                absl::Duration timeout = absl::Seconds(30)) {
    const absl::Time until = absl::Now() + timeout;
    v1::Operation op;
    while (absl::Now() < until) {
      v1::GetOperationRequest get;
      get.set_name(name);
      grpc::Status s = stubs_[0]->GetOperation(As(Admin()).get(), get, &op);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok() || op.done()) {
        return op;
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
    ADD_FAILURE() << name << " not done after " << timeout << ": "
                  << op.ShortDebugString();
    return op;
  }

  static const v1::PrivacyOperationStep& Step(const v1::Operation& op,
                                              const std::string& service) {
    for (const auto& s : op.metadata().steps()) {
      if (s.service() == service) {
        return s;
      }
    }
    static const v1::PrivacyOperationStep none;
    ADD_FAILURE() << "no step " << service;
    return none;
  }

  static inline grpc::Server* fakes_ = nullptr;
  static inline FakePersonDataService induction_{
      "samen.induction.v1.InductionService", "induction"};
  static inline FakePersonDataService professionalisation_{
      "samen.professionalisation.v1.ProfessionalisationService",
      "professionalisation"};
  static inline testing::Stack* stack_ = nullptr;
  static inline std::unique_ptr<v1::PartnersService::Stub> stubs_[2];
};

TEST_F(PrivacyOperationsTest, ExportIsAnOperationOnlyThePersonDownloads) {
  const std::string p = NewPerson();
  const std::string other = NewPerson();
  v1::ExportPersonalDataRequest req;
  req.set_name("people/" + p);
  req.set_request_id("export-" + p);
  v1::Operation started;
  ASSERT_TRUE(
      stubs_[0]->ExportPersonalData(As(Self(p)).get(), req, &started).ok());
  EXPECT_TRUE(absl::StartsWith(started.name(), "operations/"));
  EXPECT_EQ(started.metadata().kind(), v1::EXPORT);
  EXPECT_EQ(started.metadata().person(), "people/" + p);
  EXPECT_EQ(started.metadata().requested_by(), "people/" + p);
  ASSERT_EQ(started.metadata().steps_size(), 2);
  // The same request again: the same operation.
  v1::Operation again;
  ASSERT_TRUE(
      stubs_[1]->ExportPersonalData(As(Self(p)).get(), req, &again).ok());
  EXPECT_EQ(again.name(), started.name());

  const v1::Operation done = WaitDone(started.name());
  ASSERT_TRUE(done.has_response()) << done.ShortDebugString();
  const v1::DataExport& e = done.response().data_export();
  EXPECT_EQ(e.name(), absl::StrCat("people/", p, "/dataExports/",
                                   started.name().substr(11)));
  EXPECT_GT(e.size_bytes(), 0);
  EXPECT_EQ(e.sha256().size(), 64u);
  EXPECT_EQ(Step(done, "induction").state(), v1::PrivacyOperationStep::DONE);

  v1::DownloadDataExportRequest dl;
  dl.set_name(e.name());
  google::api::HttpBody body;
  // Not even an administrator; not another person.
  EXPECT_EQ(
      stubs_[0]->DownloadDataExport(As(Admin()).get(), dl, &body).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stubs_[0]
                ->DownloadDataExport(As(Self(other)).get(), dl, &body)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stubs_[0]->DownloadDataExport(As(Self(p)).get(), dl, &body).ok());
  EXPECT_EQ(body.content_type(), "application/zip");
  EXPECT_EQ(static_cast<int64_t>(body.data().size()), e.size_bytes());
  const std::string path =
      absl::StrCat(::testing::TempDir(), "/privacy-export-", p, ".zip");
  std::ofstream(path, std::ios::binary) << body.data();
  EXPECT_EQ(testing::Shell(absl::StrCat("unzip -tq '", path, "'")), 0);
  for (const char* entry :
       {"LEESMIJ.txt", "induction/data.json", "induction/sessions.ics",
        "professionalisation/data.json", "professionalisation/hours.csv"}) {
    EXPECT_EQ(testing::Shell(absl::StrCat("unzip -l '", path, "' '", entry,
                                          "' >/dev/null")),
              0)
        << entry;
  }
  EXPECT_EQ(
      testing::Shell(absl::StrCat("unzip -p '", path,
                                  "' induction/data.json | grep -q '", p, "'")),
      0);

  // Reading it: the person and administrators; anyone else learns nothing.
  v1::GetOperationRequest get;
  get.set_name(started.name());
  v1::Operation read;
  EXPECT_TRUE(stubs_[0]->GetOperation(As(Self(p)).get(), get, &read).ok());
  EXPECT_EQ(
      stubs_[0]->GetOperation(As(Self(other)).get(), get, &read).error_code(),
      grpc::StatusCode::NOT_FOUND);
  v1::ListOperationsRequest list;
  list.set_parent("people/" + p);
  v1::ListOperationsResponse listed;
  ASSERT_TRUE(stubs_[0]->ListOperations(As(Self(p)).get(), list, &listed).ok());
  ASSERT_EQ(listed.operations_size(), 1);
  EXPECT_EQ(listed.operations(0).name(), started.name());
  EXPECT_EQ(stubs_[0]
                ->ListOperations(As(Self(other)).get(), list, &listed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PrivacyOperationsTest,
       OnlyThePersonOrAnAdministratorExportsOnlyAdminsErase) {
  const std::string p = NewPerson();
  const std::string other = NewPerson();
  v1::ExportPersonalDataRequest exp;
  exp.set_name("people/" + p);
  v1::ErasePersonRequest erase;
  erase.set_name("people/" + p);
  v1::Operation op;
  for (const std::string& token :
       {Self(other),
        testing::MintTestToken("hr-x",
                               "hr@organisations/almere-college-dronten"),
        testing::MintTestToken("coord-x", "coordinator@partnerships/osof")}) {
    EXPECT_EQ(
        stubs_[0]->ExportPersonalData(As(token).get(), exp, &op).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(stubs_[0]->ErasePerson(As(token).get(), erase, &op).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(stubs_[0]->ErasePerson(As(Self(p)).get(), erase, &op).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // An administrator on their behalf; someone not in the directory is not
  // found.
  EXPECT_TRUE(stubs_[0]->ExportPersonalData(As(Admin()).get(), exp, &op).ok());
  EXPECT_EQ(op.metadata().requested_by(), "people/demo-admin");
  exp.set_name("people/nobody-" + p);
  EXPECT_EQ(
      stubs_[0]->ExportPersonalData(As(Admin()).get(), exp, &op).error_code(),
      grpc::StatusCode::NOT_FOUND);
  erase.set_name("people/erased-0123abcd");
  EXPECT_EQ(stubs_[0]->ErasePerson(As(Admin()).get(), erase, &op).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(PrivacyOperationsTest, TwoReplicasCallEachServiceOncePerOperation) {
  std::vector<std::string> people;
  std::vector<std::string> names;
  for (int i = 0; i < 6; ++i) {
    people.push_back(NewPerson());
    v1::ExportPersonalDataRequest req;
    req.set_name("people/" + people.back());
    v1::Operation op;
    ASSERT_TRUE(
        stubs_[i % 2]->ExportPersonalData(As(Admin()).get(), req, &op).ok());
    names.push_back(op.name());
  }
  for (size_t i = 0; i < names.size(); ++i) {
    const v1::Operation op = WaitDone(names[i]);
    EXPECT_TRUE(op.has_response()) << op.ShortDebugString();
    for (const auto& s : op.metadata().steps()) {
      EXPECT_EQ(s.attempts(), 1) << s.ShortDebugString();
      EXPECT_EQ(TheCalls().Count(
                    absl::StrCat(s.service(), "/export/people/", people[i])),
                1)
          << s.service();
    }
  }
}

TEST_F(PrivacyOperationsTest, AStepThatFailsIsCalledAgainAndFinishes) {
  const std::string p = NewPerson();
  TheCalls().export_failures = 2;
  v1::ExportPersonalDataRequest req;
  req.set_name("people/" + p);
  v1::Operation op;
  ASSERT_TRUE(stubs_[0]->ExportPersonalData(As(Self(p)).get(), req, &op).ok());
  const v1::Operation done = WaitDone(op.name());
  EXPECT_TRUE(done.has_response()) << done.ShortDebugString();
  EXPECT_EQ(Step(done, "induction").attempts(), 3);
  EXPECT_EQ(Step(done, "professionalisation").attempts(), 1);
  EXPECT_EQ(TheCalls().Count("induction/export/people/" + p), 3);
}

TEST_F(PrivacyOperationsTest, ErasureKilledMidwayIsFinishedWithoutRepeats) {
  const std::string p = NewPerson();
  const std::string key = "professionalisation/erase/people/" + p;
  {
    absl::MutexLock lock(&TheCalls().mu_);
    TheCalls().hang_erase_of = key;
  }
  // Only replica 0 runs: replica 1 is stopped until the kill.
  stack_->server(1).Stop();
  v1::ErasePersonRequest req;
  req.set_name("people/" + p);
  req.set_request_id("erase-" + p);
  req.set_reason("verzoek via de privacyfunctionaris");
  v1::Operation op;
  ASSERT_TRUE(stubs_[0]->ErasePerson(As(Admin()).get(), req, &op).ok());
  EXPECT_EQ(op.metadata().kind(), v1::ERASE);
  // Wait until induction is erased and professionalisation's call hangs.
  const absl::Time until = absl::Now() + absl::Seconds(20);
  while (TheCalls().Count(key) == 0 && absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_EQ(TheCalls().Count(key), 1);
  EXPECT_EQ(TheCalls().Count("induction/erase/people/" + p), 1);
  stack_->server(0).Kill();
  TheCalls().release.Notify();
  stack_->RestartServer(0);
  stack_->RestartServer(1);
  stubs_[0] = v1::PartnersService::NewStub(grpc::CreateChannel(
      stack_->server_address(0), grpc::InsecureChannelCredentials()));
  stubs_[1] = v1::PartnersService::NewStub(grpc::CreateChannel(
      stack_->server_address(1), grpc::InsecureChannelCredentials()));

  const v1::Operation done = WaitDone(op.name());
  ASSERT_TRUE(done.has_response()) << done.ShortDebugString();
  EXPECT_TRUE(absl::StartsWith(done.metadata().person(), "people/erased-"))
      << done.metadata().person();
  EXPECT_EQ(Step(done, "induction").attempts(), 1);
  EXPECT_EQ(Step(done, "professionalisation").attempts(), 2);
  EXPECT_EQ(TheCalls().Count("induction/erase/people/" + p), 1);
  EXPECT_EQ(TheCalls().Count(key), 2);
  const auto pseudonyms = TheCalls().Pseudonyms(key);
  ASSERT_EQ(pseudonyms.size(), 1u);
  EXPECT_EQ("people/" + *pseudonyms.begin(), done.metadata().person());
  EXPECT_EQ(TheCalls().Pseudonyms("induction/erase/people/" + p), pseudonyms);
  ASSERT_EQ(done.response().erasure().services_size(), 2);
  EXPECT_EQ(done.response().erasure().services(0).tables(0).deleted(), 2);

  // The same request again: the same operation, none started.
  v1::Operation again;
  ASSERT_TRUE(stubs_[1]->ErasePerson(As(Admin()).get(), req, &again).ok());
  EXPECT_EQ(again.name(), op.name());
  // The person it was about no longer finds it under their id.
  v1::ListOperationsRequest list;
  list.set_parent("people/" + p);
  v1::ListOperationsResponse listed;
  ASSERT_TRUE(stubs_[0]->ListOperations(As(Admin()).get(), list, &listed).ok());
  for (const auto& o : listed.operations()) {
    EXPECT_NE(o.name(), op.name());
  }
}

}  // namespace
}  // namespace samen::partners
