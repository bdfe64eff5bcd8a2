#include "services/partners/privacy_operation_rules.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "samen/privacy/v1/person_data.pb.h"
#include "services/common/resource/zip.h"
#include "services/common/timestamp.h"

namespace samen::partners {
namespace {

const std::map<std::string, std::string, std::less<>>& GrpcServices() {
  static const auto* names =
      new std::map<std::string, std::string, std::less<>>{
          {"identity", "samen.identity.v1.IdentityService"},
          {"vacancies", "samen.vacancies.v1.VacanciesService"},
          {"induction", "samen.induction.v1.InductionService"},
          {"professionalisation",
           "samen.professionalisation.v1.ProfessionalisationService"},
          {"partners", "samen.partners.v1.PartnersService"},
      };
  return *names;
}

// What each service's folder holds, for LEESMIJ.txt.
absl::string_view ServiceDescription(absl::string_view service) {
  if (service == "identity") {
    return "je inlogkoppelingen (bij welke organisatie je inlogt) en je "
           "sessies";
  }
  if (service == "vacancies") {
    return "je vacatureprofiel (vakken, regio's, bevoegdheid)";
  }
  if (service == "induction") {
    return "je inductieprogramma, je begeleidingsgesprekken, de "
           "coachingsnotities en wie je dossier heeft ingezien; "
           "sessions.ics is je agenda (te openen in je agenda-app)";
  }
  if (service == "professionalisation") {
    return "je inschrijvingen, aanwezigheid, evaluaties en "
           "professionaliseringsuren; hours.csv bevat je uren (te openen in "
           "een spreadsheet)";
  }
  if (service == "partners") {
    return "je gegevens in het adresboek van het samenwerkingsverband: naam, "
           "e-mailadres, organisaties, rollen, meldingsinstellingen, en je "
           "eerdere inzage- en verwijderverzoeken";
  }
  return "";
}

std::string LocalTime(absl::Time t) {
  return absl::FormatTime("%d-%m-%Y %H:%M", t, AmsterdamZone());
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ParsePrivacyServices(
    absl::string_view text) {
  std::vector<std::string> named;
  for (absl::string_view part :
       absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    part = absl::StripAsciiWhitespace(part);
    if (GrpcServices().find(part) == GrpcServices().end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--privacy_services: unknown service \"", part,
          "\" (known: ", absl::StrJoin(kPersonDataServices, ","), ")"));
    }
    if (std::find(named.begin(), named.end(), part) != named.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--privacy_services: \"", part, "\" is named twice"));
    }
    named.emplace_back(part);
  }
  if (named.empty()) {
    return absl::InvalidArgumentError(
        "--privacy_services: name at least one service");
  }
  std::vector<std::string> ordered;
  for (absl::string_view s : kPersonDataServices) {
    if (std::find(named.begin(), named.end(), s) != named.end()) {
      ordered.emplace_back(s);
    }
  }
  return ordered;
}

std::vector<PlannedStep> PlanSteps(OperationKind kind,
                                   const std::vector<std::string>& services) {
  std::vector<PlannedStep> steps;
  const bool others =
      std::any_of(services.begin(), services.end(),
                  [](const auto& s) { return s != "partners"; });
  for (const std::string& s : services) {
    const bool waits =
        kind == OperationKind::kErase && s == "partners" && others;
    steps.push_back({s, waits ? StepState::kWaiting : StepState::kPending});
  }
  return steps;
}

absl::Status MayExport(const auth::Principal& who,
                       absl::string_view person_id) {
  if (who.subject == person_id || who.IsAdmin()) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "only the person themselves or an administrator exports a person's "
      "data");
}

absl::Status MayErase(const auth::Principal& who) {
  if (who.IsAdmin()) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "only administrators erase a person (ask your school's privacy "
      "officer)");
}

bool MayReadOperations(const auth::Principal& who,
                       absl::string_view person_id) {
  return who.subject == person_id || who.IsAdmin();
}

absl::Status MayDownload(const auth::Principal& who,
                         absl::string_view person_id) {
  if (who.subject == person_id) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "only the person themselves downloads their data export");
}

std::string PersonDataMethod(absl::string_view service, OperationKind kind) {
  auto it = GrpcServices().find(service);
  const std::string grpc_service =
      it == GrpcServices().end() ? std::string(service) : it->second;
  return absl::StrCat(
      "/", grpc_service, "/",
      kind == OperationKind::kExport ? "ExportPersonData" : "ErasePersonData");
}

bool RetryableStepFailure(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kInternal:
      return true;
    default:
      return false;
  }
}

std::string ExportReadme(absl::string_view person_id,
                         const std::vector<std::string>& services,
                         absl::Time now, absl::Time expire_time) {
  std::string text = absl::StrCat(
      "Jouw gegevens in Samen\n"
      "======================\n\n"
      "Dit archief bevat alle persoonsgegevens die Samen over jou bewaart, "
      "zoals je die\nhebt opgevraagd (recht op inzage, artikel 15 AVG).\n\n"
      "Persoon:            people/",
      person_id,
      "\n"
      "Gemaakt op:         ",
      LocalTime(now),
      " (Nederlandse tijd)\n"
      "Te downloaden tot:  ",
      LocalTime(expire_time),
      " (Nederlandse tijd); daarna wordt het archief\n"
      "                    verwijderd en kun je een nieuwe export "
      "aanvragen.\n\n"
      "Per onderdeel van Samen staat er een map:\n\n");
  for (const std::string& s : services) {
    absl::StrAppend(&text, "  ", s, "/\n      ", ServiceDescription(s), "\n");
  }
  absl::StrAppend(
      &text,
      "\nIn elke map staat data.json: per tabel de rijen die over jou gaan, "
      "met de\nkolommen die iets over jou zeggen of nodig zijn om ze te "
      "begrijpen. Tijden\nstaan in UTC. Geheimen (zoals de hash van een "
      "wachtwoordtoken) staan er niet in.\n\n"
      "Klopt er iets niet, of wil je dat gegevens worden verwijderd? Neem "
      "contact op\nmet de privacyfunctionaris van je school of "
      "opleiding.\n");
  return text;
}

absl::StatusOr<std::string> BuildExportArchive(
    absl::string_view person_id, const std::vector<ServiceExport>& parts,
    absl::Time now, absl::Time expire_time) {
  resource::ZipWriter zip;
  std::vector<std::string> services;
  for (const ServiceExport& part : parts) {
    services.push_back(part.service);
  }
  absl::Status s = zip.Add(
      "LEESMIJ.txt", ExportReadme(person_id, services, now, expire_time), now);
  if (!s.ok()) {
    return s;
  }
  google::protobuf::util::JsonPrintOptions json;
  json.add_whitespace = true;
  json.preserve_proto_field_names = true;
  for (const ServiceExport& part : parts) {
    privacy::v1::PersonData data;
    if (!data.ParseFromString(part.person_data)) {
      return absl::InvalidArgumentError(
          absl::StrCat("the export of ", part.service, " does not parse"));
    }
    std::string text;
    auto printed =
        google::protobuf::util::MessageToJsonString(data.data(), &text, json);
    if (!printed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the export of ", part.service,
                       " is not JSON: ", printed.ToString()));
    }
    s = zip.Add(absl::StrCat(part.service, "/data.json"), text, now);
    for (const auto& file : data.files()) {
      if (!s.ok()) {
        break;
      }
      s = zip.Add(absl::StrCat(part.service, "/", file.name()), file.content(),
                  now);
    }
    if (!s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the export of ", part.service, ": ", s.message()));
    }
  }
  return std::move(zip).Finish();
}

}  // namespace samen::partners
