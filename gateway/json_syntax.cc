#include "gateway/json_syntax.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace samen::gateway {
namespace {

class Checker {
 public:
  Checker(absl::string_view text, int max_depth)
      : text_(text), max_depth_(max_depth) {}

  std::optional<JsonSyntaxError> Run() {
    SkipSpace();
    if (!Value(0)) {
      return MakeError();
    }
    SkipSpace();
    if (pos_ != text_.size()) {
      Fail("unexpected text after the JSON value");
      return MakeError();
    }
    return std::nullopt;
  }

 private:
  bool Fail(std::string message) {
    message_ = std::move(message);
    return false;
  }

  JsonSyntaxError MakeError() const {
    JsonSyntaxError error;
    error.offset = pos_;
    error.message = message_;
    for (size_t i = 0; i < pos_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++error.line;
        error.column = 1;
      } else {
        ++error.column;
      }
    }
    return error;
  }

  void SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
            text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool AtEnd() const { return pos_ >= text_.size(); }

  std::string Found() const {
    if (AtEnd()) {
      return "the end of the body";
    }
    return absl::StrCat("'", text_.substr(pos_, 1), "'");
  }

  bool Value(int depth) {
    if (AtEnd()) {
      return Fail("expected a value, found the end of the body");
    }
    switch (text_[pos_]) {
      case '{':
        return Object(depth + 1);
      case '[':
        return Array(depth + 1);
      case '"':
        return String();
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        if (text_[pos_] == '-' || absl::ascii_isdigit(text_[pos_])) {
          return Number();
        }
        return Fail(absl::StrCat("expected a value, found ", Found()));
    }
  }

  bool Object(int depth) {
    return Sequence(depth, '}', [this, depth] { return Member(depth); });
  }

  bool Array(int depth) {
    return Sequence(depth, ']', [this, depth] { return Value(depth); });
  }

  // `"name": value` inside an object.
  bool Member(int depth) {
    if (AtEnd() || text_[pos_] != '"') {
      return Fail(absl::StrCat(
          "expected a member name in double quotes, found ", Found()));
    }
    if (!String()) {
      return false;
    }
    SkipSpace();
    if (AtEnd() || text_[pos_] != ':') {
      return Fail(
          absl::StrCat("expected ':' after the member name, found ", Found()));
    }
    ++pos_;
    SkipSpace();
    return Value(depth);
  }

  // An object or array: the opening bracket at pos_, then `element`s
  // separated by commas up to `close`.
  template <typename Element>
  bool Sequence(int depth, char close, Element element) {
    if (depth > max_depth_) {
      return Fail("nested too deeply");
    }
    ++pos_;  // '{' or '['
    SkipSpace();
    if (!AtEnd() && text_[pos_] == close) {
      ++pos_;
      return true;
    }
    while (true) {
      if (!element()) {
        return false;
      }
      SkipSpace();
      if (!AtEnd() && text_[pos_] == ',') {
        ++pos_;
        SkipSpace();
        continue;
      }
      if (!AtEnd() && text_[pos_] == close) {
        ++pos_;
        return true;
      }
      return Fail(absl::StrCat("expected ',' or '", std::string(1, close),
                               "', found ", Found()));
    }
  }

  bool String() {
    ++pos_;  // '"'
    while (!AtEnd()) {
      const unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) {
        return Fail("control character in a string (escape it)");
      }
      if (c != '\\') {
        ++pos_;
        continue;
      }
      ++pos_;
      if (AtEnd()) {
        break;
      }
      const char e = text_[pos_];
      if (e == 'u') {
        for (int i = 1; i <= 4; ++i) {
          if (pos_ + i >= text_.size() ||
              !absl::ascii_isxdigit(text_[pos_ + i])) {
            pos_ += i;
            return Fail("expected four hex digits after \\u");
          }
        }
        pos_ += 5;
        continue;
      }
      if (absl::string_view("\"\\/bfnrt").find(e) == absl::string_view::npos) {
        return Fail(absl::StrCat("invalid escape \\", text_.substr(pos_, 1)));
      }
      ++pos_;
    }
    return Fail("unterminated string");
  }

  bool Literal(absl::string_view word) {
    if (text_.substr(pos_, word.size()) != word) {
      return Fail(absl::StrCat("expected a value, found ", Found()));
    }
    pos_ += word.size();
    return true;
  }

  bool Digits() {
    if (AtEnd() || !absl::ascii_isdigit(text_[pos_])) {
      return Fail(absl::StrCat("expected a digit, found ", Found()));
    }
    while (!AtEnd() && absl::ascii_isdigit(text_[pos_])) {
      ++pos_;
    }
    return true;
  }

  bool Number() {
    if (text_[pos_] == '-') {
      ++pos_;
    }
    if (!AtEnd() && text_[pos_] == '0') {
      ++pos_;
    } else if (!Digits()) {
      return false;
    }
    if (!AtEnd() && text_[pos_] == '.') {
      ++pos_;
      if (!Digits()) {
        return false;
      }
    }
    if (!AtEnd() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (!AtEnd() && (text_[pos_] == '+' || text_[pos_] == '-')) {
        ++pos_;
      }
      if (!Digits()) {
        return false;
      }
    }
    return true;
  }

  absl::string_view text_;
  int max_depth_;
  size_t pos_ = 0;
  std::string message_;
};

}  // namespace

std::optional<JsonSyntaxError> CheckJsonSyntax(absl::string_view json,
                                               int max_depth) {
  return Checker(json, max_depth).Run();
}

}  // namespace samen::gateway
