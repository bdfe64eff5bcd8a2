#include "services/vacancies/vacancy_html.h"

#include "gtest/gtest.h"

namespace samen::vacancies {
namespace {

TEST(SanitizeHtml, KeepsAllowedTagsWithoutAttributes) {
  EXPECT_EQ(SanitizeHtml("<P class=\"x\">Hallo <STRONG>team</STRONG></P>"),
            "<p>Hallo <strong>team</strong></p>");
  EXPECT_EQ(SanitizeHtml("<ul><li>een<li>twee</ul>"),
            "<ul><li>een<li>twee</li></li></ul>");
  EXPECT_EQ(SanitizeHtml("regel<br/>twee<br>drie</br>"),
            "regel<br>twee<br>drie");
}

TEST(SanitizeHtml, DropsScriptsWithTheirContentAndOtherTagsWithout) {
  EXPECT_EQ(SanitizeHtml("a<script>alert('x')</script>b"), "ab");
  EXPECT_EQ(SanitizeHtml("a<SCRIPT src=x>alert(1)</ScRiPt >b"), "ab");
  EXPECT_EQ(SanitizeHtml("a<style>p{}</style>b<iframe src=x></iframe>c"),
            "abc");
  EXPECT_EQ(SanitizeHtml("<a href=\"javascript:x()\">link</a>"), "link");
  EXPECT_EQ(SanitizeHtml("<img src=x onerror=alert(1)>"), "");
  EXPECT_EQ(SanitizeHtml("<p title='a>b'>t</p>"), "<p>t</p>");
  EXPECT_EQ(SanitizeHtml("x<!-- <script>y</script> -->z"), "xz");
  EXPECT_EQ(SanitizeHtml("<script>never closed"), "");
}

TEST(SanitizeHtml, EscapesStrayMarkupAndKeepsEntities) {
  EXPECT_EQ(SanitizeHtml("1 < 2 & 3 > 2"), "1 &lt; 2 &amp; 3 &gt; 2");
  EXPECT_EQ(SanitizeHtml("caf&eacute; &#233; &#x1F600; &amp;"),
            "caf&eacute; &#233; &#x1F600; &amp;");
  EXPECT_EQ(SanitizeHtml("&#; &nope"), "&amp;#; &amp;nope");
  EXPECT_EQ(SanitizeHtml("\"quoted\""), "&quot;quoted&quot;");
}

TEST(SanitizeHtml, ClosesWhatIsLeftOpenAndIgnoresUnmatchedClosers) {
  EXPECT_EQ(SanitizeHtml("<p><b>vet"), "<p><b>vet</b></p>");
  EXPECT_EQ(SanitizeHtml("</b>tekst</p>"), "tekst");
  EXPECT_EQ(SanitizeHtml("<p><b>x</p>y"), "<p><b>x</b></p>y");
}

TEST(PlainTextToHtml, EscapesAndBreaksLines) {
  EXPECT_EQ(PlainTextToHtml("a<b>\nc & 'd'\r\ne"),
            "a&lt;b&gt;<br>c &amp; &#39;d&#39;<br>e");
}

}  // namespace
}  // namespace samen::vacancies
