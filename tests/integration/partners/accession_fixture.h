#pragma once

// What the joining (accession) integration tests share, over
// PartnersGrpcTest: Partnership 2's demo protocol, new schools, and
// applications taken step by step to their decisions as a coordinator.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "tests/integration/partners/partners_grpc_fixture.h"
#include "tests/support/test_env.h"

namespace samen::partners {

namespace v1 = ::samen::partners::v1;

inline constexpr char kP2[] = "partnerships/partnerschap-2";
inline constexpr char kProtocol[] =
    "partnerships/partnerschap-2/accessionProtocols/toetreding";

class AccessionGrpcTest : public PartnersGrpcTest {
 protected:
  // A small but whole PDF of `pages` pages.
  static std::string Pdf(int pages, const std::string& text = "") {
    std::string out = "%PDF-1.7\n% " + text + "\n";
    absl::StrAppend(&out, "2 0 obj << /Type /Pages /Count ", pages,
                    " >> endobj\n");
    for (int i = 0; i < pages; ++i) {
      absl::StrAppend(&out, i + 3, " 0 obj << /Type /Page /Parent 2 0 R >>\n");
    }
    return out + "trailer << >>\n%%EOF\n";
  }

  static grpc::Status Upload(const v1::Application& app, v1::DocumentKind kind,
                             const std::string& step, const std::string& bytes,
                             v1::ApplicationDocument* out,
                             const std::string& token = Coord()) {
    v1::UploadApplicationDocumentRequest req;
    req.set_parent(app.name());
    req.set_kind(kind);
    req.set_step_id(step);
    req.mutable_content()->set_content_type("application/pdf");
    req.mutable_content()->set_data(bytes);
    return stub_->UploadApplicationDocument(As(token).get(), req, out);
  }

  static v1::ApplicationAudit Audit(const std::vector<std::string>& people) {
    v1::ApplicationAudit audit;
    audit.set_requested_date("2026-09-01");
    audit.set_cost_cents(600000);
    for (const auto& p : people) {
      audit.add_committee("people/" + p);
    }
    const char* places[] = {"Directiekamer", "Lokaal 1.12", "Aula"};
    for (int round = 1; round <= 3; ++round) {
      auto* i = audit.add_interviews();
      i->set_round(static_cast<v1::AuditInterview::Round>(round));
      i->mutable_start_time()->set_seconds(1794300000 + round * 7200);
      i->mutable_end_time()->set_seconds(1794305400 + round * 7200);
      i->set_place(places[round - 1]);
    }
    return audit;
  }

  static grpc::Status PlanAudit(v1::Application* app,
                                const v1::ApplicationAudit& audit,
                                const std::string& token = Coord()) {
    v1::PlanApplicationAuditRequest req;
    req.set_name(app->name());
    req.set_etag(app->etag());
    *req.mutable_audit() = audit;
    return stub_->PlanApplicationAudit(As(token).get(), req, app);
  }

  // A new person in the directory (an audit committee member).
  static std::string NewPerson(const std::string& prefix) {
    const std::string id =
        absl::StrCat(prefix, "-", absl::ToUnixMicros(absl::Now()) % 100000000);
    v1::CreatePersonRequest req;
    req.set_person_id(id);
    req.mutable_person()->set_display_name("Auditor " + id);
    req.mutable_person()->set_email(id + "@partner.example");
    auto* at = req.mutable_person()->add_affiliations();
    at->set_organisation("organisations/carmel-almelo-lyceum");
    at->add_roles(v1::SCHOOL_EDUCATOR);
    v1::Person out;
    grpc::Status s = stub_->CreatePerson(As(Admin()).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return id;
  }

  static std::string Coord() {
    return testing::MintTestToken("coord-p2",
                                  "coordinator@partnerships/partnerschap-2");
  }

  // A new school (ids are unique per run: the test database outlives runs).
  static std::string NewSchool(const std::string& prefix) {
    const std::string id =
        absl::StrCat(prefix, "-", absl::ToUnixMicros(absl::Now()) % 100000000);
    v1::CreateOrganisationRequest req;
    req.set_organisation_id(id);
    req.mutable_organisation()->set_display_name("Joining school " + id);
    req.mutable_organisation()->set_type(v1::Organisation::SCHOOL);
    req.mutable_organisation()->set_sector(v1::VO);
    v1::Organisation out;
    grpc::Status s = stub_->CreateOrganisation(As(Admin()).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return id;
  }

  static grpc::Status Apply(const std::string& org, const std::string& id,
                            v1::Application* out) {
    v1::CreateApplicationRequest req;
    req.set_parent(kP2);
    req.set_application_id(id);
    req.mutable_application()->set_organisation("organisations/" + org);
    req.mutable_application()->set_protocol(kProtocol);
    return stub_->CreateApplication(As(Coord()).get(), req, out);
  }

  static grpc::Status Complete(v1::Application* app, const std::string& step,
                               const std::string& token = Coord()) {
    v1::CompleteApplicationStepRequest req;
    req.set_name(app->name());
    req.set_step_id(step);
    req.set_etag(app->etag());
    req.set_comment("done: " + step);
    return stub_->CompleteApplicationStep(As(token).get(), req, app);
  }

  static grpc::Status Decide(v1::Application* app,
                             const v1::AccessionDecision& d) {
    v1::DecideApplicationRequest req;
    req.set_name(app->name());
    req.set_etag(app->etag());
    *req.mutable_decision() = d;
    return stub_->DecideApplication(As(Coord()).get(), req, app);
  }

  static v1::AccessionDecision StartDecision() {
    v1::AccessionDecision d;
    d.set_step_id("start-decision");
    d.set_decision_date("2026-03-01");
    d.set_reasons("The self-evaluation shows a shared vision");
    d.add_conditions("Two trained mentors by the end of the year");
    return d;
  }

  static v1::AccessionDecision OutcomeDecision(v1::AccessionOutcome o) {
    v1::AccessionDecision d;
    d.set_step_id("outcome");
    d.set_decision_date("2026-11-01");
    d.set_reasons("The audit committee's advice");
    d.set_outcome(o);
    return d;
  }

  // Completes `step` after uploading (as a coordinator) the documents it
  // needs.
  static grpc::Status CompleteWithDocuments(v1::Application* app,
                                            const std::string& step) {
    v1::ApplicationDocument doc;
    for (const auto& s : app->steps()) {
      if (s.step().id() != step) {
        continue;
      }
      for (int kind : s.step().documents()) {
        if (kind == v1::FACT_CORRECTIONS) {
          continue;
        }
        grpc::Status up = Upload(*app, static_cast<v1::DocumentKind>(kind),
                                 step, Pdf(2), &doc);
        if (!up.ok()) {
          return up;
        }
      }
    }
    return Complete(app, step);
  }

  // A new school's application, taken to its outcome step; the membership
  // is checked to be COOPERATING from the start decision on the way.
  static v1::Application AtOutcome(const std::string& org) {
    v1::Application app;
    EXPECT_TRUE(Apply(org, "app-" + org, &app).ok());
    for (const char* step : {"orientation", "self-evaluation"}) {
      grpc::Status s = CompleteWithDocuments(&app, step);
      EXPECT_TRUE(s.ok()) << step << ": " << s.error_message();
    }
    grpc::Status s = Decide(&app, StartDecision());
    EXPECT_TRUE(s.ok()) << s.error_message();
    v1::Membership m = MembershipOf(org);
    EXPECT_EQ(m.role(), v1::Membership::COOPERATING);
    EXPECT_EQ(m.start_date(), "2026-03-01");
    for (const char* step :
         {"development-plan", "audit-request", "audit-report"}) {
      s = CompleteWithDocuments(&app, step);
      EXPECT_TRUE(s.ok()) << step << ": " << s.error_message();
    }
    EXPECT_EQ(app.current_step(), "outcome");
    return app;
  }

  static v1::Membership MembershipOf(const std::string& org) {
    v1::GetMembershipRequest req;
    req.set_name(absl::StrCat(kP2, "/memberships/", org));
    v1::Membership m;
    grpc::Status s = stub_->GetMembership(As(Admin()).get(), req, &m);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return m;
  }
};

}  // namespace samen::partners
