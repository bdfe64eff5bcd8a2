#pragma once

// A browser as far as sign-in needs one, for end-to-end tests: follows
// redirects across hosts and ports (the gateway and the identity provider),
// keeps cookies by name the way a browser does for one host name (cookies do
// not care about ports), submits HTML forms, and can stop before a redirect
// target it must not fetch (a native app's loopback callback).

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/http_client.h"

namespace samen::testing {

struct Url {
  std::string host;
  int port = 80;
  std::string target;  // path and query
};
// Parses "http://host:port/path?query"; dies on anything else.
Url ParseUrl(const std::string& url);

// The value of query parameter `name` in `url` (percent-decoded), "" if none.
std::string QueryParam(const std::string& url, const std::string& name);

// application/x-www-form-urlencoded.
std::string FormEncode(
    const std::vector<std::pair<std::string, std::string>>& fields);

// The action and hidden inputs of the first <form> in `html`.
struct HtmlForm {
  std::string action;
  std::vector<std::pair<std::string, std::string>> hidden;
};
HtmlForm FirstForm(const std::string& html);

class Browser {
 public:
  struct Page {
    HttpResponse response;
    std::string url;         // where the last request went
    std::string stopped_at;  // a redirect not followed (stop_prefix)
  };

  // GET `url`, following up to 10 redirects; a redirect to a URL starting
  // with `stop_prefix` is not followed but returned in stopped_at.
  Page Get(const std::string& url, const Headers& headers = {},
           const std::string& stop_prefix = "");
  // POST a form and follow the redirects like Get.
  Page PostForm(const std::string& url,
                const std::vector<std::pair<std::string, std::string>>& fields,
                const Headers& headers = {},
                const std::string& stop_prefix = "");
  // One request without following redirects (cookies still kept).
  HttpResponse Send(const std::string& method, const std::string& url,
                    const std::string& body, Headers headers);

  std::string cookie(const std::string& name) const;
  void set_cookie(const std::string& name, const std::string& value) {
    cookies_[name] = value;
  }
  void forget_cookie(const std::string& name) { cookies_.erase(name); }

 private:
  Page Follow(HttpResponse response, std::string url,
              const std::string& stop_prefix);
  void Keep(const HttpResponse& response);

  std::map<std::string, std::string> cookies_;
};

}  // namespace samen::testing
