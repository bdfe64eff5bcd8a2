#include "services/common/notify/templates.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"

namespace samen::notify {
namespace {

namespace mustache = kainjow::mustache;

constexpr char kLayoutHtml[] = R"(<!doctype html>
<html lang="{{language}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{subject}}</title></head>
<body style="margin:0;padding:16px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1b1f24;font-size:16px;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
{{{body}}}
</div>
<p style="max-width:560px;margin:16px auto 0;color:#5a6270;font-size:13px">{{footer}}{{#unsubscribe_url}}<br>{{unsubscribe_text}} <a href="{{unsubscribe_url}}">{{unsubscribe_url}}</a>{{/unsubscribe_url}}</p>
</body></html>
)";

struct Footer {
  const char* footer;
  const char* unsubscribe;
};

Footer FooterIn(absl::string_view language) {
  if (language == "en") {
    return {"Sent by Samen, the system of your teacher-education partnership.",
            "Stop receiving these:"};
  }
  return {"Verstuurd door Samen, het systeem van je opleidingsschool.",
          "Wil je deze berichten niet meer ontvangen? Zet ze uit:"};
}

std::string Plain(const std::string& s) { return s; }

}  // namespace

// A Mustache section parsed once; kainjow's render is not const, so one
// render at a time per section (a few microseconds; the workers' threads
// rarely meet here).
class MailTemplates::Section {
 public:
  Section(const std::string& text, bool html) : tmpl_(text) {
    if (!html) {
      tmpl_.set_custom_escape(Plain);  // subject and text: plain text
    }
  }
  bool valid() const { return tmpl_.is_valid(); }
  const std::string& error() const { return tmpl_.error_message(); }

  absl::StatusOr<std::string> Render(const TemplateData& data,
                                     absl::string_view where) {
    absl::MutexLock lock(&mu_);
    std::string out = tmpl_.render(data);
    if (!tmpl_.is_valid()) {
      return absl::InternalError(
          absl::StrCat(where, ": ", tmpl_.error_message()));
    }
    return out;
  }

 private:
  absl::Mutex mu_;
  mustache::mustache tmpl_;
};

absl::StatusOr<MailTemplates> MailTemplates::Load(
    const std::vector<EmbeddedFile>& files) {
  MailTemplates out;
  std::set<std::string> kinds;
  for (const EmbeddedFile& f : files) {
    const std::string name(f.name.data(), f.name.size());
    std::vector<std::string> parts = absl::StrSplit(name, '.');
    if (parts.size() != 3 || parts[2] != "mustache" ||
        (parts[1] != "nl" && parts[1] != "en")) {
      return absl::InvalidArgumentError(
          absl::StrCat("mail template ", name,
                       ": the name must be <kind>.<nl|en>.mustache"));
    }
    if (f.bytes.size() > kMaxTemplateBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("mail template ", name, " is larger than ",
                       kMaxTemplateBytes, " bytes"));
    }
    std::string subject;
    std::string text;
    std::string html;
    std::string* current = nullptr;
    const absl::string_view bytes(f.bytes.data(), f.bytes.size());
    for (absl::string_view line : absl::StrSplit(bytes, '\n')) {
      if (absl::StartsWith(line, "--- ")) {
        const absl::string_view section =
            absl::StripAsciiWhitespace(line.substr(4));
        current = section == "subject" ? &subject
                  : section == "text"  ? &text
                  : section == "html"  ? &html
                                       : nullptr;
        if (current == nullptr) {
          return absl::InvalidArgumentError(absl::StrCat(
              "mail template ", name, ": unknown section '", section, "'"));
        }
        continue;
      }
      if (current != nullptr) {
        absl::StrAppend(current, line, "\n");
      }
    }
    subject = std::string(absl::StripAsciiWhitespace(subject));
    if (subject.empty() || text.empty() || html.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("mail template ", name,
                       " needs a subject, a text and an html section"));
    }
    Sections s{std::make_shared<Section>(subject, /*html=*/false),
               std::make_shared<Section>(text, /*html=*/false),
               std::make_shared<Section>(html, /*html=*/true)};
    for (const auto* section : {&s.subject, &s.text, &s.html}) {
      if (!(*section)->valid()) {
        return absl::InvalidArgumentError(
            absl::StrCat("mail template ", name, ": ", (*section)->error()));
      }
    }
    kinds.insert(parts[0]);
    out.by_kind_language_[absl::StrCat(parts[0], ".", parts[1])] = std::move(s);
  }
  for (const std::string& kind : kinds) {
    if (!out.by_kind_language_.contains(absl::StrCat(kind, ".nl"))) {
      return absl::InvalidArgumentError(
          absl::StrCat("mail template ", kind, " has no Dutch version"));
    }
  }
  return out;
}

bool MailTemplates::Has(absl::string_view kind) const {
  return by_kind_language_.contains(absl::StrCat(kind, ".nl"));
}

absl::StatusOr<RenderedMail> MailTemplates::Render(
    absl::string_view kind, absl::string_view language, TemplateData data,
    absl::string_view unsubscribe_url) const {
  const std::string lang = language == "en" ? "en" : "nl";
  auto it = by_kind_language_.find(absl::StrCat(kind, ".", lang));
  if (it == by_kind_language_.end()) {
    it = by_kind_language_.find(absl::StrCat(kind, ".nl"));
  }
  if (it == by_kind_language_.end()) {
    return absl::InternalError(absl::StrCat("no mail template for ", kind));
  }
  const Footer footer = FooterIn(it->first.substr(it->first.size() - 2));
  RenderedMail out;
  const std::string where = absl::StrCat("mail template ", it->first);
  auto subject = it->second.subject->Render(data, where);
  auto text = it->second.text->Render(data, where);
  auto body = it->second.html->Render(data, where);
  for (const auto* s : {&subject, &text, &body}) {
    if (!s->ok()) {
      return s->status();
    }
  }
  out.subject = std::string(absl::StripAsciiWhitespace(*subject));
  out.text = absl::StrCat(*text, "\n-- \n", footer.footer, "\n");
  if (!unsubscribe_url.empty()) {
    absl::StrAppend(&out.text, footer.unsubscribe, " ", unsubscribe_url, "\n");
  }
  TemplateData layout;
  layout.set("language", std::string(lang));
  layout.set("subject", out.subject);
  layout.set("body", *body);
  layout.set("footer", footer.footer);
  if (!unsubscribe_url.empty()) {
    layout.set("unsubscribe_url", std::string(unsubscribe_url));
    layout.set("unsubscribe_text", footer.unsubscribe);
  }
  static Section* const kLayout = new Section(kLayoutHtml, /*html=*/true);
  auto html = kLayout->Render(layout, "mail layout");
  if (!html.ok()) {
    return html.status();
  }
  out.html = *std::move(html);
  if (out.subject.size() + out.text.size() + out.html.size() >
      kMaxRenderedBytes) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the message would be larger than ", kMaxRenderedBytes, " bytes"));
  }
  return out;
}

}  // namespace samen::notify
