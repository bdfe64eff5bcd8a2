#include "tests/support/browser.h"

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/http/http_client.h"

namespace samen::testing {
namespace {

std::string PercentDecode(absl::string_view text) {
  return http::FormUrlUnescape(text).value_or(std::string(text));
}

std::string HtmlUnescape(std::string text) {
  for (const auto& [from, to] :
       std::vector<std::pair<std::string, std::string>>{{"&amp;", "&"},
                                                        {"&quot;", "\""},
                                                        {"&#39;", "'"},
                                                        {"&lt;", "<"},
                                                        {"&gt;", ">"},
                                                        {"&#x2F;", "/"}}) {
    size_t pos = 0;
    while ((pos = text.find(from, pos)) != std::string::npos) {
      text.replace(pos, from.size(), to);
      pos += to.size();
    }
  }
  return text;
}

// The value of attribute `name` in the tag `tag` ("" if none).
std::string Attribute(absl::string_view tag, absl::string_view name) {
  const std::string key = absl::StrCat(name, "=\"");
  size_t at = tag.find(key);
  if (at == absl::string_view::npos) {
    return "";
  }
  at += key.size();
  const size_t end = tag.find('"', at);
  return HtmlUnescape(std::string(tag.substr(at, end - at)));
}

std::string Resolve(const std::string& base, const std::string& location) {
  if (absl::StartsWith(location, "http://") ||
      absl::StartsWith(location, "https://")) {
    return location;
  }
  const Url url = ParseUrl(base);
  return absl::StrCat("http://", url.host, ":", url.port, location);
}

}  // namespace

Url ParseUrl(const std::string& text) {
  absl::string_view rest = text;
  if (!absl::ConsumePrefix(&rest, "http://")) {
    std::fprintf(stderr, "not an http URL: %s\n", text.c_str());
    std::abort();
  }
  const size_t slash = rest.find('/');
  absl::string_view authority = rest.substr(0, slash);
  Url url;
  url.target =
      slash == absl::string_view::npos ? "/" : std::string(rest.substr(slash));
  const size_t colon = authority.rfind(':');
  url.host = std::string(authority.substr(0, colon));
  if (colon != absl::string_view::npos &&
      !absl::SimpleAtoi(authority.substr(colon + 1), &url.port)) {
    std::abort();
  }
  return url;
}

std::string QueryParam(const std::string& url, const std::string& name) {
  const size_t q = url.find('?');
  if (q == std::string::npos) {
    return "";
  }
  for (absl::string_view pair : absl::StrSplit(url.substr(q + 1), '&')) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(pair, absl::MaxSplits('=', 1));
    if (PercentDecode(kv.first) == name) {
      return PercentDecode(kv.second);
    }
  }
  return "";
}

std::string FormEncode(
    const std::vector<std::pair<std::string, std::string>>& fields) {
  return http::FormUrlEncode(fields);
}

HtmlForm FirstForm(const std::string& html) {
  HtmlForm form;
  const size_t start = html.find("<form");
  if (start == std::string::npos) {
    return form;
  }
  const size_t end = html.find("</form>", start);
  const std::string body = html.substr(start, end - start);
  form.action = Attribute(body.substr(0, body.find('>')), "action");
  size_t at = 0;
  while ((at = body.find("<input", at)) != std::string::npos) {
    const size_t close = body.find('>', at);
    const std::string tag = body.substr(at, close - at);
    if (Attribute(tag, "type") == "hidden") {
      form.hidden.push_back({Attribute(tag, "name"), Attribute(tag, "value")});
    }
    at = close;
  }
  return form;
}

std::string Browser::cookie(const std::string& name) const {
  auto it = cookies_.find(name);
  return it == cookies_.end() ? "" : it->second;
}

void Browser::Keep(const HttpResponse& response) {
  for (absl::string_view header :
       absl::StrSplit(response.header("set-cookie"), '\n', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(header, ';');
    std::pair<std::string, std::string> kv =
        absl::StrSplit(parts[0], absl::MaxSplits('=', 1));
    const std::string name(absl::StripAsciiWhitespace(kv.first));
    bool expired = false;
    for (size_t i = 1; i < parts.size(); ++i) {
      const std::string attr =
          absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[i]));
      expired = expired || attr == "max-age=0" ||
                absl::StartsWith(attr, "expires=thu, 01 jan 1970");
    }
    if (expired) {
      cookies_.erase(name);
    } else {
      cookies_[name] = kv.second;
    }
  }
}

HttpResponse Browser::Send(const std::string& method, const std::string& url,
                           const std::string& body, Headers headers) {
  const Url parsed = ParseUrl(url);
  if (!cookies_.empty()) {
    std::vector<std::string> pairs;
    for (const auto& [k, v] : cookies_) {
      pairs.push_back(absl::StrCat(k, "=", v));
    }
    headers.push_back({"Cookie", absl::StrJoin(pairs, "; ")});
  }
  HttpClient client(parsed.host, parsed.port);
  HttpResponse response = client.Request(method, parsed.target, body, headers);
  Keep(response);
  return response;
}

Browser::Page Browser::Follow(HttpResponse response, std::string url,
                              const std::string& stop_prefix) {
  for (int hops = 0; hops < 10; ++hops) {
    if (response.status < 300 || response.status >= 400 ||
        response.header("location").empty()) {
      break;
    }
    const std::string next = Resolve(url, response.header("location"));
    if (!stop_prefix.empty() && absl::StartsWith(next, stop_prefix)) {
      return Page{std::move(response), std::move(url), next};
    }
    url = next;
    response = Send("GET", url, "", {});
  }
  return Page{std::move(response), std::move(url), ""};
}

Browser::Page Browser::Get(const std::string& url, const Headers& headers,
                           const std::string& stop_prefix) {
  return Follow(Send("GET", url, "", headers), url, stop_prefix);
}

Browser::Page Browser::PostForm(
    const std::string& url,
    const std::vector<std::pair<std::string, std::string>>& fields,
    const Headers& headers, const std::string& stop_prefix) {
  Headers with_type = headers;
  with_type.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  return Follow(Send("POST", url, FormEncode(fields), with_type), url,
                stop_prefix);
}

}  // namespace samen::testing
