// Funding (fundingRegulations/{regulation}, partnerships/{p}:forecastFunding)
// and the green-picking overview (partnerships/{p}/greenPickingOverview):
// regulations are data anyone signed in may read; a partnership's forecast
// is for its coordinators and administrators (funding_rules.h decides the
// amounts).

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource/names.h"
#include "services/common/resource/page.h"
#include "services/common/resource/text.h"
#include "services/common/status_macros.h"
#include "services/partners/funding_rules.h"
#include "services/partners/partners_handler.h"
#include "services/partners/placement_round_rules.h"
#include "services/partners/student_rules.h"

namespace samen::partners {

using grpc::CallbackServerContext;
using grpc::ServerUnaryReactor;

namespace {

funding::Regulation ToRegulation(const v1::FundingRegulation& r) {
  funding::Regulation out;
  out.id = r.name();
  out.model = r.model() == v1::FundingRegulation::PER_STUDENT
                  ? funding::Model::kPerStudent
                  : funding::Model::kTiered;
  for (const v1::FundingTier& t : r.tiers()) {
    out.tiers.push_back({t.min_students(), t.amount_euros()});
  }
  out.per_student_euros = r.per_student_euros();
  out.cap_euros = r.cap_euros();
  return out;
}

absl::Status ValidateWhatIf(const v1::ForecastFundingRequest& req) {
  if (req.add_schools_size() > 50) {
    return InvalidField("add_schools", "at most 50 schools");
  }
  for (int k = 0; k < req.add_schools_size(); ++k) {
    const std::string f = absl::StrCat("add_schools[", k, "]");
    RETURN_IF_ERROR(resource::ValidateText(req.add_schools(k).title(),
                                           f + ".title", 200, true));
    const int n = req.add_schools(k).expected_students();
    if (n < 0 || n > 2000) {
      return InvalidField(f + ".expected_students", "must be 0 to 2000");
    }
  }
  return absl::OkStatus();
}

}  // namespace

ServerUnaryReactor* PartnersHandler::ListFundingRegulations(
    CallbackServerContext* ctx, const v1::ListFundingRegulationsRequest* req,
    v1::ListFundingRegulationsResponse* resp) {
  return runtime_->Serve(ctx, "ListFundingRegulations", req, resp,
                         [this](const CallContext& call, const auto& req,
                                auto* resp) -> absl::Status {
                           return resource::ServeListPage(
                               req, "fundingRegulations",
                               [&](const resource::PageQuery& q) {
                                 return placements_->ListFundingRegulations(
                                     q.after, q.size, call.deadline);
                               },
                               [](auto* r, auto item) {
                                 *r->add_funding_regulations() =
                                     std::move(item);
                               },
                               resp);
                         });
}

ServerUnaryReactor* PartnersHandler::ForecastFunding(
    CallbackServerContext* ctx, const v1::ForecastFundingRequest* req,
    v1::FundingForecast* resp) {
  return runtime_->Serve(
      ctx, "ForecastFunding", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(std::string p,
                         resource::ParseName(req.partnership(), "partnerships",
                                             "partnership"));
        RETURN_IF_ERROR(MayManageRound(call.principal, p));
        ASSIGN_OR_RETURN(
            std::string reg,
            resource::ParseName(req.regulation(), "fundingRegulations",
                                "regulation"));
        if (!IsSchoolYear(req.school_year())) {
          return InvalidField("school_year",
                              "must be a school year such as \"2027-2028\"");
        }
        RETURN_IF_ERROR(ValidateWhatIf(req));
        auto regulation = placements_->GetFundingRegulation(reg, call.deadline);
        if (absl::IsNotFound(regulation.status())) {
          return InvalidField(
              "regulation", absl::StrCat(req.regulation(), " does not exist"));
        }
        RETURN_IF_ERROR(regulation.status());
        ASSIGN_OR_RETURN(
            CountedStudents counted,
            placements_->CountStudents(p, req.school_year(), call.deadline));
        std::vector<std::pair<std::string, int>> keys;
        int total = 0;
        for (const auto& [school, n] : counted.per_school) {
          keys.emplace_back(absl::StrCat("organisations/", school), n);
          total += n;
        }
        for (const v1::ExpectedSchool& s : req.add_schools()) {
          keys.emplace_back(s.title(), s.expected_students());
          total += s.expected_students();
        }
        ASSIGN_OR_RETURN(
            funding::Forecast f,
            funding::ForecastFor(ToRegulation(*regulation), total));
        resp->set_regulation(regulation->name());
        resp->set_school_year(req.school_year());
        resp->set_counted_students(f.counted_students);
        resp->set_amount_euros(f.amount_euros);
        resp->set_next_tier_students(f.next_tier_students);
        resp->set_students_to_next_tier(f.students_to_next_tier);
        resp->set_next_tier_amount_euros(f.next_tier_amount_euros);
        resp->set_capped(f.capped);
        for (const funding::Share& s :
             funding::Distribute(f.amount_euros, keys)) {
          v1::FundingShare* out = resp->add_shares();
          out->set_partner(s.partner);
          out->set_counted_students(s.key);
          out->set_amount_euros(s.amount_euros);
        }
        return absl::OkStatus();
      });
}

ServerUnaryReactor* PartnersHandler::GetGreenPickingOverview(
    CallbackServerContext* ctx, const v1::GetGreenPickingOverviewRequest* req,
    v1::GreenPickingOverview* resp) {
  return runtime_->Serve(
      ctx, "GetGreenPickingOverview", req, resp,
      [this](const CallContext& call, const auto& req,
             auto* resp) -> absl::Status {
        ASSIGN_OR_RETURN(std::string p,
                         resource::ParseName(req.partnership(), "partnerships",
                                             "partnership"));
        RETURN_IF_ERROR(MayManageRound(call.principal, p));
        ASSIGN_OR_RETURN(v1::GreenPickingOverview all,
                         placements_->GreenPickingCandidates(
                             p, EmployeeRoles(), Today(), call.deadline));
        *resp = all;
        resp->clear_signals();
        for (const v1::GreenPickingSignal& g : all.signals()) {
          if (SignalsGreenPicking(g.category(), g.role())) {
            *resp->add_signals() = g;
          }
        }
        return absl::OkStatus();
      });
}

}  // namespace samen::partners
