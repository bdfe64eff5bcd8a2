#include "services/identity/identity_config.h"

#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/config.h"
#include "services/common/status_macros.h"

namespace samen::identity {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

absl::Status Bad(absl::string_view source, absl::string_view where,
                 absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat(source, ": ", where, ": ", what));
}

absl::StatusOr<std::string> Text(const Struct& entry, const std::string& name,
                                 bool required, absl::string_view source,
                                 absl::string_view where) {
  auto it = entry.fields().find(name);
  if (it == entry.fields().end()) {
    if (required) {
      return Bad(source, where, absl::StrCat("\"", name, "\" is required"));
    }
    return std::string();
  }
  if (it->second.kind_case() != Value::kStringValue) {
    return Bad(source, where, absl::StrCat("\"", name, "\" must be a string"));
  }
  return it->second.string_value();
}

// "scopes": a space-separated string or a list of strings; "" when absent.
absl::StatusOr<std::string> Scopes(const Struct& entry,
                                   absl::string_view source,
                                   absl::string_view where) {
  auto it = entry.fields().find("scopes");
  if (it == entry.fields().end()) {
    return std::string();
  }
  if (it->second.kind_case() == Value::kStringValue) {
    return it->second.string_value();
  }
  if (it->second.kind_case() != Value::kListValue) {
    return Bad(source, where, "\"scopes\" must be a string or a list");
  }
  std::vector<std::string> scopes;
  for (const Value& scope : it->second.list_value().values()) {
    if (scope.kind_case() != Value::kStringValue) {
      return Bad(source, where, "\"scopes\" must hold strings");
    }
    scopes.push_back(scope.string_value());
  }
  return absl::StrJoin(scopes, " ");
}

absl::StatusOr<ProviderConfig> ParseProvider(const Value& value,
                                             absl::string_view source,
                                             const std::string& where) {
  if (value.kind_case() != Value::kStructValue) {
    return Bad(source, where, "must be an object");
  }
  const Struct& entry = value.struct_value();
  ProviderConfig provider;
  ASSIGN_OR_RETURN(provider.id, Text(entry, "id", true, source, where));
  ASSIGN_OR_RETURN(provider.display_name,
                   Text(entry, "displayName", false, source, where));
  ASSIGN_OR_RETURN(provider.issuer, Text(entry, "issuer", true, source, where));
  ASSIGN_OR_RETURN(provider.client_id,
                   Text(entry, "clientId", true, source, where));
  ASSIGN_OR_RETURN(std::string secret_file,
                   Text(entry, "clientSecretFile", true, source, where));
  ASSIGN_OR_RETURN(std::string scopes, Scopes(entry, source, where));
  if (!scopes.empty()) {
    provider.scopes = scopes;
  }
  if (!absl::StartsWith(provider.issuer, "https://") &&
      !absl::StartsWith(provider.issuer, "http://")) {
    return Bad(source, where, "\"issuer\" must be an http(s) URL");
  }
  if (provider.display_name.empty()) {
    provider.display_name = provider.id;
  }
  ASSIGN_OR_RETURN(provider.client_secret, config::ReadSecretFile(secret_file));
  auto natives = entry.fields().find("nativeClientIds");
  if (natives != entry.fields().end()) {
    if (natives->second.kind_case() != Value::kListValue) {
      return Bad(source, where, "\"nativeClientIds\" must be a list");
    }
    for (const Value& id : natives->second.list_value().values()) {
      if (id.kind_case() != Value::kStringValue || id.string_value().empty()) {
        return Bad(source, where,
                   "\"nativeClientIds\" must hold non-empty strings");
      }
      provider.native_client_ids.push_back(id.string_value());
    }
  }
  return provider;
}

}  // namespace

absl::StatusOr<std::vector<ProviderConfig>> ParseProviders(
    absl::string_view json, absl::string_view source) {
  Struct root;
  if (!google::protobuf::util::JsonStringToMessage(std::string(json), &root)
           .ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": not a JSON object"));
  }
  auto list = root.fields().find("providers");
  if (list == root.fields().end() ||
      list->second.kind_case() != Value::kListValue) {
    return Bad(source, "top level", "\"providers\" must be a list");
  }
  std::vector<ProviderConfig> providers;
  std::set<std::string> ids;
  int index = 0;
  for (const Value& value : list->second.list_value().values()) {
    const std::string where = absl::StrCat("providers[", index++, "]");
    ASSIGN_OR_RETURN(ProviderConfig provider,
                     ParseProvider(value, source, where));
    if (!ids.insert(provider.id).second) {
      return Bad(source, where,
                 absl::StrCat("id \"", provider.id, "\" is used twice"));
    }
    providers.push_back(std::move(provider));
  }
  return providers;
}

absl::StatusOr<std::vector<ProviderConfig>> LoadProvidersFile(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read the providers file ", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseProviders(text.str(), path);
}

absl::Status ValidateOptions(const IdentityOptions& options) {
  if (!absl::StartsWith(options.issuer, "https://") &&
      !absl::StartsWith(options.issuer, "http://")) {
    return absl::InvalidArgumentError(
        "identity: the issuer (--jwt_issuer) must be the gateway's public "
        "http(s) URL");
  }
  if (options.signing_key_files.empty()) {
    return absl::InvalidArgumentError(
        "identity: --signing_keys names no key file");
  }
  const Lifetimes& l = options.lifetimes;
  if (l.access_token <= absl::ZeroDuration() ||
      l.access_token > absl::Minutes(15)) {
    return absl::InvalidArgumentError(
        "identity: --access_token_ttl must be between 1s and 15m");
  }
  for (absl::Duration d : {l.session_idle, l.session_absolute, l.refresh_family,
                           l.sign_in_attempt}) {
    if (d <= absl::ZeroDuration()) {
      return absl::InvalidArgumentError(
          "identity: session and refresh lifetimes must be positive");
    }
  }
  return absl::OkStatus();
}

}  // namespace samen::identity
