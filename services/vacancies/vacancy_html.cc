#include "services/vacancies/vacancy_html.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace samen::vacancies {
namespace {

constexpr absl::string_view kAllowed[] = {
    "p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "h3", "h4"};
// Dropped together with everything up to their closing tag.
constexpr absl::string_view kDroppedWithContent[] = {
    "script", "style", "iframe", "object", "template", "noscript", "textarea"};

bool IsAllowed(absl::string_view tag) {
  for (absl::string_view t : kAllowed) {
    if (t == tag) {
      return true;
    }
  }
  return false;
}

bool IsDroppedWithContent(absl::string_view tag) {
  for (absl::string_view t : kDroppedWithContent) {
    if (t == tag) {
      return true;
    }
  }
  return false;
}

void AppendEscaped(char c, std::string* out) {
  switch (c) {
    case '&':
      out->append("&amp;");
      break;
    case '<':
      out->append("&lt;");
      break;
    case '>':
      out->append("&gt;");
      break;
    case '"':
      out->append("&quot;");
      break;
    default:
      out->push_back(c);
  }
}

// Length of a well-formed entity at the start of `s` ("&amp;", "&#233;",
// "&#x1F600;"), 0 when there is none.
size_t EntityLength(absl::string_view s) {
  if (s.size() < 3 || s[0] != '&') {
    return 0;
  }
  size_t i = 1;
  if (s[i] == '#') {
    ++i;
    const bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
    if (hex) {
      ++i;
    }
    const size_t start = i;
    while (i < s.size() && i - start < 8 &&
           (hex ? absl::ascii_isxdigit(s[i]) : absl::ascii_isdigit(s[i]))) {
      ++i;
    }
    if (i == start) {
      return 0;
    }
  } else {
    const size_t start = i;
    while (i < s.size() && i - start < 32 && absl::ascii_isalnum(s[i])) {
      ++i;
    }
    if (i == start) {
      return 0;
    }
  }
  return i < s.size() && s[i] == ';' ? i + 1 : 0;
}

struct Tag {
  std::string name;  // lower case
  bool closing = false;
  size_t length = 0;  // bytes consumed, including '<' and '>'
};

// Parses a tag at the start of `s` (which begins with '<'); length 0 when it
// is not one (a lone '<').
Tag ParseTag(absl::string_view s) {
  Tag tag;
  size_t i = 1;
  if (i < s.size() && s[i] == '/') {
    tag.closing = true;
    ++i;
  }
  const size_t name_start = i;
  while (i < s.size() && absl::ascii_isalnum(s[i])) {
    ++i;
  }
  if (i == name_start || !absl::ascii_isalpha(s[name_start])) {
    // "<!-- ... -->" and "<!doctype>" are dropped whole; anything else is text.
    if (absl::StartsWith(s, "<!--")) {
      const size_t end = s.find("-->", 4);
      tag.length = end == absl::string_view::npos ? s.size() : end + 3;
      return tag;
    }
    if (absl::StartsWith(s, "<!") || absl::StartsWith(s, "<?")) {
      const size_t end = s.find('>');
      tag.length = end == absl::string_view::npos ? s.size() : end + 1;
    }
    return tag;
  }
  tag.name = absl::AsciiStrToLower(s.substr(name_start, i - name_start));
  // Skip attributes, honouring quotes so a '>' inside one does not end the tag.
  char quote = 0;
  for (; i < s.size(); ++i) {
    if (quote != 0) {
      if (s[i] == quote) {
        quote = 0;
      }
    } else if (s[i] == '"' || s[i] == '\'') {
      quote = s[i];
    } else if (s[i] == '>') {
      tag.length = i + 1;
      return tag;
    }
  }
  tag.length = s.size();  // unterminated: the rest is the tag
  return tag;
}

}  // namespace

std::string SanitizeHtml(absl::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::vector<std::string> open;
  size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '&') {
      const size_t n = EntityLength(html.substr(i));
      if (n > 0) {
        out.append(html.data() + i, n);
        i += n;
      } else {
        out.append("&amp;");
        ++i;
      }
      continue;
    }
    if (c != '<') {
      AppendEscaped(c, &out);
      ++i;
      continue;
    }
    const Tag tag = ParseTag(html.substr(i));
    if (tag.length == 0) {
      out.append("&lt;");
      ++i;
      continue;
    }
    i += tag.length;
    if (tag.name.empty()) {
      continue;  // comment or declaration
    }
    if (!tag.closing && IsDroppedWithContent(tag.name)) {
      // Skip to the matching closing tag (case-insensitive), or the end.
      const std::string lower = absl::AsciiStrToLower(html.substr(i));
      const size_t end = lower.find(absl::StrCat("</", tag.name));
      if (end == std::string::npos) {
        i = html.size();
      } else {
        const size_t close = lower.find('>', end);
        i += close == std::string::npos ? lower.size() : close + 1;
      }
      continue;
    }
    if (!IsAllowed(tag.name)) {
      continue;
    }
    if (tag.name == "br") {
      if (!tag.closing) {
        out.append("<br>");
      }
      continue;
    }
    if (!tag.closing) {
      open.push_back(tag.name);
      absl::StrAppend(&out, "<", tag.name, ">");
      continue;
    }
    // A closing tag closes the innermost open element of that name (and any
    // left open inside it); a closing tag with nothing to close is dropped.
    for (size_t k = open.size(); k-- > 0;) {
      if (open[k] == tag.name) {
        while (open.size() > k) {
          absl::StrAppend(&out, "</", open.back(), ">");
          open.pop_back();
        }
        break;
      }
    }
  }
  while (!open.empty()) {
    absl::StrAppend(&out, "</", open.back(), ">");
    open.pop_back();
  }
  return out;
}

std::string PlainTextToHtml(absl::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      out.append("<br>");
    } else if (c == '\n') {
      out.append("<br>");
    } else if (c == '\'') {
      out.append("&#39;");
    } else {
      AppendEscaped(c, &out);
    }
  }
  return out;
}

}  // namespace samen::vacancies
