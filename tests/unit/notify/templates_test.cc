#include "services/common/notify/templates.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/induction/booking_mail.h"
#include "services/professionalisation/enrolment_mail.h"

namespace samen::notify {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kGreeting[] = R"(--- subject
Hallo {{name}}
--- text
Dag {{name}}, <geen html>
--- html
<p>Dag {{name}}</p>
)";

TEST(MailTemplates, RendersSubjectTextAndEscapedHtmlInTheLayout) {
  auto t = MailTemplates::Load({{"greeting.nl.mustache", kGreeting}});
  ASSERT_TRUE(t.ok()) << t.status();
  TemplateData data;
  data.set("name", "<script>alert(1)</script> & Co");
  auto m = t->Render("greeting", "nl", data, "");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->subject, "Hallo <script>alert(1)</script> & Co");
  EXPECT_THAT(m->text, HasSubstr("Dag <script>alert(1)</script> & Co, <geen"));
  EXPECT_THAT(m->html,
              HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
  EXPECT_THAT(m->html, Not(HasSubstr("<script>")));
  EXPECT_THAT(m->html, HasSubstr("<html lang=\"nl\">"));
  EXPECT_THAT(m->text, HasSubstr("Verstuurd door Samen"));
  EXPECT_THAT(m->html, Not(HasSubstr("uit:")));  // no unsubscribe line
}

TEST(MailTemplates, EnglishWhenChosenDutchWhenThereIsNone) {
  auto t = MailTemplates::Load(
      {{"greeting.nl.mustache", kGreeting},
       {"greeting.en.mustache",
        "--- subject\nHello\n--- text\nHi\n--- html\n<p>Hi</p>\n"},
       {"other.nl.mustache", kGreeting}});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->Render("greeting", "en", {}, "")->subject, "Hello");
  EXPECT_EQ(t->Render("other", "en", {}, "")->subject, "Hallo");
  auto unsub = t->Render("greeting", "en", {}, "https://samen.example/x");
  EXPECT_THAT(unsub->text, HasSubstr("Stop receiving these: "
                                     "https://samen.example/x"));
  EXPECT_THAT(unsub->html, HasSubstr("href=\"https://samen.example/x\""));
}

TEST(MailTemplates, RefusesMalformedFiles) {
  const std::string big(kMaxTemplateBytes + 1, 'x');
  for (const auto& [name, text] :
       std::vector<std::pair<std::string, std::string>>{
           {"greeting.mustache", kGreeting},
           {"greeting.de.mustache", kGreeting},
           {"greeting.nl.mustache", "--- subject\nx\n--- text\ny\n"},
           {"greeting.nl.mustache", "--- subject\nx\n--- body\ny\n"},
           {"greeting.nl.mustache",
            "--- subject\n{{#open}}\n--- text\ny\n--- html\nz\n"},
           {"greeting.nl.mustache",
            "--- subject\nx\n--- text\n" + big + "\n--- html\nz\n"}}) {
    EXPECT_FALSE(MailTemplates::Load({{name, text}}).ok()) << name;
  }
  // English alone is not enough: Dutch is the default language.
  EXPECT_FALSE(MailTemplates::Load({{"greeting.en.mustache", kGreeting}}).ok());
}

TEST(MailTemplates, RefusesAMessageThatWouldBeTooLarge) {
  auto t = MailTemplates::Load({{"greeting.nl.mustache", kGreeting}});
  ASSERT_TRUE(t.ok());
  TemplateData data;
  data.set("name", std::string(kMaxRenderedBytes, 'x'));
  auto m = t->Render("greeting", "nl", data, "");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(MailTemplates, EveryServicesTemplatesLoadInBothLanguages) {
  for (const auto& files :
       {induction::InductionMailTemplates(),
        professionalisation::ProfessionalisationMailTemplates()}) {
    ASSERT_FALSE(files.empty());
    auto t = MailTemplates::Load(files);
    ASSERT_TRUE(t.ok()) << t.status();
    for (const auto& f : files) {
      const std::string name(f.name.data(), f.name.size());
      const std::string kind = name.substr(0, name.find('.'));
      for (const char* language : {"nl", "en"}) {
        auto m = t->Render(kind, language, {}, "");
        ASSERT_TRUE(m.ok()) << name << " " << m.status();
        EXPECT_FALSE(m->subject.empty());
      }
    }
  }
}

TEST(FormatTimeRange, SpeaksThePersonsLanguageInAmsterdamTime) {
  // 2026-12-10 08:00 UTC is 09:00 in Amsterdam (winter time).
  const absl::Time start = absl::FromUnixSeconds(1796889600);
  EXPECT_EQ(FormatTimeRange(start, start + absl::Minutes(45), "nl"),
            "donderdag 10 december 2026, 09:00\u201309:45");
  EXPECT_EQ(FormatTimeRange(start, start + absl::Minutes(45), "en"),
            "Thursday 10 December 2026, 09:00\u201309:45");
}

}  // namespace
}  // namespace samen::notify
