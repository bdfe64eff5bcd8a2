#pragma once

// A service's e-mail templates: one file per kind and language,
// "<kind>.<language>.mustache" (booking_confirmed.nl.mustache), compiled in
// with samen_embed_files, each with three sections:
//
//   --- subject
//   Coachgesprek bevestigd: {{when}}
//   --- text
//   Hallo {{recipient}}, ...
//   --- html
//   <p>Hallo {{recipient}}, ...</p>
//
// Mustache (kainjow/mustache from Debian): in the HTML section {{x}} is
// HTML-escaped; the subject and text sections are plain text and are not.
// Every kind needs a Dutch version; English is used when the person chose
// it and it exists. The HTML body is placed in one layout with Samen's
// footer (and the unsubscribe link for messages that are not transactional).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "kainjow/mustache.hpp"
#include "services/common/embedded_file.h"

namespace samen::notify {

using TemplateData = kainjow::mustache::data;

struct RenderedMail {
  std::string subject;
  std::string text;
  std::string html;
};

// A template file may not exceed this; a rendered body may not exceed
// kMaxRenderedBytes (a message that would is refused, not cut).
inline constexpr size_t kMaxTemplateBytes = 64 * 1024;
inline constexpr size_t kMaxRenderedBytes = 512 * 1024;

class MailTemplates {
 public:
  // Parses every file. INVALID_ARGUMENT naming the file when its name is not
  // <kind>.<language>.mustache, it is too large, a section is missing or the
  // Mustache does not parse, or a kind has no Dutch version.
  static absl::StatusOr<MailTemplates> Load(
      const std::vector<EmbeddedFile>& files);

  bool Has(absl::string_view kind) const;

  // `kind` in `language` ("nl", "en"; Dutch when there is no such version).
  // `data` is what the sections name; `unsubscribe_url` non-empty puts the
  // unsubscribe line in the footer. FAILED_PRECONDITION when the message is
  // larger than kMaxRenderedBytes.
  absl::StatusOr<RenderedMail> Render(absl::string_view kind,
                                      absl::string_view language,
                                      TemplateData data,
                                      absl::string_view unsubscribe_url) const;

 private:
  // One section, parsed once when loaded (templates.cc).
  class Section;
  struct Sections {
    std::shared_ptr<Section> subject;
    std::shared_ptr<Section> text;
    std::shared_ptr<Section> html;
  };
  std::map<std::string, Sections> by_kind_language_;  // "kind.nl"
};

}  // namespace samen::notify

namespace samen::notify {

// "donderdag 10 december 2026, 09:00–09:45" ("en": "Thursday 10 December
// 2026, 09:00–09:45"), in Europe/Amsterdam; for the text of messages.
std::string FormatTimeRange(absl::Time start, absl::Time end,
                            absl::string_view language);
// "donderdag 10 december 2026" / "Thursday 10 December 2026".
std::string FormatDay(absl::Time t, absl::string_view language);

}  // namespace samen::notify
