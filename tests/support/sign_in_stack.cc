#include "tests/support/sign_in_stack.h"

#include <openssl/sha.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/auth/base64url.h"
#include "tests/support/test_env.h"

namespace samen::testing {
namespace {

constexpr char kNativeRedirect[] = "http://127.0.0.1:53187/callback";

void Die(const std::string& what) {
  std::fprintf(stderr, "sign-in stack: %s\n", what.c_str());
  std::abort();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::string Resolve(const std::string& base, const std::string& action) {
  return action.rfind("http", 0) == 0 ? action : base + action;
}

}  // namespace

std::string JsonField(const std::string& body, const std::string& name) {
  google::protobuf::Struct json;
  if (!google::protobuf::util::JsonStringToMessage(body, &json).ok()) {
    return "";
  }
  auto it = json.fields().find(name);
  if (it == json.fields().end()) {
    return "";
  }
  return it->second.has_string_value()
             ? it->second.string_value()
             : absl::StrCat(it->second.number_value());
}

SignInStack::SignInStack(SignInStackOptions stack_options) {
  dir_ = absl::StrCat(std::filesystem::temp_directory_path().string(),
                      "/samen-sign-in-", UniqueDatabasePrefix());
  std::filesystem::create_directories(dir_);
  const int idp_port = FreePort();
  idp_url_ = absl::StrCat("http://localhost:", idp_port);
  const std::string secret =
      absl::StrCat("web-secret-", UniqueDatabasePrefix());
  WriteFile(dir_ + "/web-secret", secret + "\n");
  WriteFile(dir_ + "/providers.json",
            absl::StrCat(R"({"providers": [{"id": "demo", )",
                         R"("displayName": "Schoolaccount demo", "issuer": ")",
                         idp_url_, R"(", "clientId": "samen-web", )",
                         R"("clientSecretFile": ")", dir_, R"(/web-secret", )",
                         R"("nativeClientIds": ["samen-app"]}]})"));
  if (Shell(absl::StrCat("openssl genpkey -algorithm EC -pkeyopt "
                         "ec_paramgen_curve:P-256 -out ",
                         dir_, "/signing.pem 2>/dev/null")) != 0) {
    Die("openssl could not make a signing key");
  }
  StackOptions options;
  options.extra_server_args = {
      "--signing_keys=" + dir_ + "/signing.pem",
      "--identity_providers_file=" + dir_ + "/providers.json",
      "--jwt_issuer=http://localhost:{gateway_port}",
      "--jwt_audience=samen",
      "--jwks_url=http://127.0.0.1:{gateway_port}/.well-known/jwks.json",
      absl::StrCat("--access_token_ttl=", stack_options.access_token_seconds,
                   "s")};
  options.extra_gateway_args = {"--public_url=http://localhost:{gateway_port}",
                                "--jwt_issuer=http://localhost:{gateway_port}",
                                "--jwt_audience=samen"};
  for (std::string& arg : stack_options.extra_gateway_args) {
    options.extra_gateway_args.push_back(std::move(arg));
  }
  stack_ = std::make_unique<Stack>(options);
  const std::string gateway = gateway_url();
  if (Shell(absl::StrCat(
          "SAMEN_IDP_WEB_CLIENT_SECRET=", secret,
          " SAMEN_IDP_WEB_REDIRECT_URIS=", gateway, "/auth/callback",
          " SAMEN_IDP_WEB_POST_LOGOUT_URIS=", gateway, "/ ", SourceDir(),
          "/scripts/local-idp start ", dir_, "/idp --port ", idp_port)) != 0) {
    Die("scripts/local-idp did not start the provider");
  }
}

SignInStack::~SignInStack() {
  Shell(absl::StrCat(SourceDir(), "/scripts/local-idp stop ", dir_, "/idp"));
  stack_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string SignInStack::gateway_url() const {
  return absl::StrCat("http://localhost:", stack_->gateway_port());
}

Browser::Page SignInStack::SignIn(Browser& browser, const std::string& email,
                                  const std::string& return_to) const {
  Browser::Page login =
      browser.Get(gateway_url() + "/auth/login?return_to=" + return_to);
  const HtmlForm form = FirstForm(login.response.body);
  if (form.action.empty()) {
    return login;  // no login form: the caller's expectation will say why
  }
  std::vector<std::pair<std::string, std::string>> fields = form.hidden;
  fields.push_back({"email", email});
  fields.push_back({"password", kDemoPassword});
  return browser.PostForm(Resolve(idp_url_, form.action), fields);
}

std::string SignInStack::NativeIdToken(const std::string& email) const {
  Browser app;
  const std::string discovery =
      app.Get(idp_url_ + "/.well-known/openid-configuration").response.body;
  const std::string verifier =
      "native-app-verifier-0123456789-0123456789-abcdef";
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()),
         verifier.size(), digest);
  const std::string challenge = auth::internal::Base64UrlEncode(
      std::string(reinterpret_cast<const char*>(digest), sizeof(digest)));
  const std::string authorize =
      absl::StrCat(JsonField(discovery, "authorization_endpoint"), "?",
                   FormEncode({{"response_type", "code"},
                               {"client_id", "samen-app"},
                               {"redirect_uri", kNativeRedirect},
                               {"scope", "openid email profile"},
                               {"state", "native-state"},
                               {"nonce", "native-nonce"},
                               {"code_challenge", challenge},
                               {"code_challenge_method", "S256"}}));
  Browser::Page login = app.Get(authorize, {}, kNativeRedirect);
  const HtmlForm form = FirstForm(login.response.body);
  std::vector<std::pair<std::string, std::string>> fields = form.hidden;
  fields.push_back({"email", email});
  fields.push_back({"password", kDemoPassword});
  Browser::Page back =
      app.PostForm(Resolve(idp_url_, form.action), fields, {}, kNativeRedirect);
  const std::string code = QueryParam(back.stopped_at, "code");
  if (code.empty()) {
    return "";
  }
  HttpResponse token =
      app.Send("POST", JsonField(discovery, "token_endpoint"),
               FormEncode({{"grant_type", "authorization_code"},
                           {"code", code},
                           {"redirect_uri", kNativeRedirect},
                           {"client_id", "samen-app"},
                           {"code_verifier", verifier}}),
               {{"Content-Type", "application/x-www-form-urlencoded"}});
  return JsonField(token.body, "id_token");
}

}  // namespace samen::testing
