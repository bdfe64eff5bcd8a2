#pragma once

// The stack the sign-in tests run against: the local identity provider on a
// free port (scripts/local-idp) with the demo people as accounts, and a Samen
// stack whose identity service trusts it, with Samen's own signing key, short
// access tokens (so revocation shows within seconds) and the gateway as the
// web app's backend for frontend on http://localhost:<gateway port>.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/browser.h"
#include "tests/support/stack.h"

namespace samen::testing {

inline constexpr char kDemoPassword[] = "demo";
inline constexpr int kAccessTokenSeconds = 4;

struct SignInStackOptions {
  // Lifetime of Samen's access tokens.
  int access_token_seconds = kAccessTokenSeconds;
  // More samen-gateway flags (e.g. --web_root for the app).
  std::vector<std::string> extra_gateway_args;
};

class SignInStack {
 public:
  explicit SignInStack(SignInStackOptions options = {});
  ~SignInStack();

  // http://localhost:<port> of the gateway (its public URL) and of the
  // provider.
  std::string gateway_url() const;
  const std::string& idp_url() const { return idp_url_; }
  Stack& stack() { return *stack_; }

  // Signs `email` in through the gateway's /auth/login in `browser` and
  // returns the page the browser ends on.
  Browser::Page SignIn(Browser& browser, const std::string& email,
                       const std::string& return_to = "/") const;
  // The native app's own sign-in at the provider (client samen-app, PKCE,
  // loopback redirect): its ID token.
  std::string NativeIdToken(const std::string& email) const;

 private:
  std::string dir_;
  std::string idp_url_;
  std::unique_ptr<Stack> stack_;
};

// The JSON member `name` of `body` as text ("" when absent).
std::string JsonField(const std::string& body, const std::string& name);

}  // namespace samen::testing
