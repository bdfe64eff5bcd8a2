#include "services/induction/directory.h"

#include "absl/strings/str_cat.h"
#include "samen/partners/v1/partners_service.grpc.pb.h"
#include "services/common/errors.h"
#include "services/common/peers.h"

namespace samen::induction {
namespace {

namespace pv1 = ::samen::partners::v1;

pv1::PartnersService::Stub& Stub() {
  static auto* stub =
      pv1::PartnersService::NewStub(PeerChannel("partners")).release();
  return *stub;
}

// The directory's answer, without leaking its wording to our callers.
absl::Status Translate(const grpc::Status& s, const std::string& what) {
  switch (s.error_code()) {
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::PERMISSION_DENIED:
      return absl::NotFoundError(absl::StrCat(
          what, " is not in the directory (or not visible to you)"));
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return absl::UnavailableError(
          absl::StrCat("the Partners directory did not answer about ", what));
    default:
      return absl::Status(FromGrpcStatus(s).code(),
                          absl::StrCat("the Partners directory refused to "
                                       "look up ",
                                       what));
  }
}

}  // namespace

absl::StatusOr<DirectoryPerson> PartnersDirectory::GetPerson(
    const CallContext& call, const std::string& id) {
  grpc::ClientContext ctx;
  PrepareOutgoing(call, &ctx);
  pv1::GetPersonRequest req;
  req.set_name(absl::StrCat("people/", id));
  pv1::Person person;
  grpc::Status s = Stub().GetPerson(&ctx, req, &person);
  if (!s.ok()) {
    return Translate(s, req.name());
  }
  DirectoryPerson out;
  out.id = id;
  out.display_name = person.display_name();
  for (const auto& a : person.affiliations()) {
    const std::string& org = a.organisation();
    out.organisation_ids.push_back(org.substr(org.find('/') + 1));
  }
  return out;
}

absl::StatusOr<std::string> PartnersDirectory::BoardOf(
    const CallContext& call, const std::string& school_id) {
  grpc::ClientContext ctx;
  PrepareOutgoing(call, &ctx);
  pv1::GetOrganisationRequest req;
  req.set_name(absl::StrCat("organisations/", school_id));
  pv1::Organisation org;
  grpc::Status s = Stub().GetOrganisation(&ctx, req, &org);
  if (!s.ok()) {
    return Translate(s, req.name());
  }
  if (org.type() != pv1::Organisation::SCHOOL) {
    return absl::FailedPreconditionError(
        absl::StrCat(req.name(), " is not a school"));
  }
  const std::string& board = org.board();
  return board.empty() ? std::string() : board.substr(board.find('/') + 1);
}

}  // namespace samen::induction
