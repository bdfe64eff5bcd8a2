#include "gateway/path_template.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/status_macros.h"

namespace samen::gateway {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

bool IsIdentifier(absl::string_view s) {
  if (s.empty() || !(absl::ascii_isalpha(s[0]) || s[0] == '_')) {
    return false;
  }
  for (char c : s) {
    if (!(absl::ascii_isalnum(c) || c == '_')) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> PercentDecode(absl::string_view in,
                                         bool keep_encoded_slash) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) {
      return std::nullopt;
    }
    const int hi = HexValue(in[i + 1]);
    const int lo = HexValue(in[i + 2]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    const char c = static_cast<char>(hi * 16 + lo);
    if (keep_encoded_slash && c == '/') {
      out.append(in.data() + i, 3);
    } else {
      out.push_back(c);
    }
    i += 2;
  }
  return out;
}

absl::Status PathTemplate::Error(size_t pos, absl::string_view what) const {
  return absl::InvalidArgumentError(absl::StrCat(
      "path template \"", text_, "\" at offset ", pos, ": ", what));
}

absl::StatusOr<PathTemplate> PathTemplate::Parse(absl::string_view text) {
  PathTemplate t;
  t.text_ = std::string(text);
  if (text.empty() || text[0] != '/') {
    return t.Error(0, "must start with '/'");
  }
  // The verb is a ':' outside braces after the last '/' outside braces.
  size_t end = text.size();
  int depth = 0;
  size_t last_slash = 0;
  size_t colon = absl::string_view::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '{') {
      ++depth;
    } else if (c == '}') {
      --depth;
    } else if (depth == 0 && c == '/') {
      last_slash = i;
      colon = absl::string_view::npos;
    } else if (depth == 0 && c == ':' && colon == absl::string_view::npos) {
      colon = i;
    }
  }
  if (colon != absl::string_view::npos && colon > last_slash) {
    t.verb_ = std::string(text.substr(colon + 1));
    if (t.verb_.empty() ||
        t.verb_.find_first_of("{}*:/") != std::string::npos) {
      return t.Error(colon, "invalid verb");
    }
    end = colon;
  }
  size_t pos = 1;
  RETURN_IF_ERROR(t.ParseSegments(&pos, end, false));
  if (pos != end) {
    return t.Error(pos, "unexpected character");
  }
  for (size_t i = 0; i < t.segments_.size(); ++i) {
    if (t.segments_[i].kind == Kind::kMulti) {
      if (i + 1 != t.segments_.size()) {
        return t.Error(0, "'**' must be the last segment");
      }
      t.has_multi_wildcard_ = true;
    }
    if (t.segments_[i].kind == Kind::kLiteral) {
      ++t.literal_count_;
    }
  }
  return t;
}

absl::Status PathTemplate::ParseSegments(size_t* pos, size_t end,
                                         bool in_variable) {
  while (true) {
    RETURN_IF_ERROR(ParseSegment(pos, end, in_variable));
    if (*pos < end && text_[*pos] == '/') {
      ++*pos;
      continue;
    }
    return absl::OkStatus();
  }
}

absl::Status PathTemplate::ParseSegment(size_t* pos, size_t end,
                                        bool in_variable) {
  absl::string_view text(text_);
  if (*pos >= end || text[*pos] == '/' || text[*pos] == '}') {
    return Error(*pos, "empty segment");
  }
  if (text.substr(*pos, 2) == "**") {
    segments_.push_back({Kind::kMulti, ""});
    *pos += 2;
    return absl::OkStatus();
  }
  if (text[*pos] == '*') {
    segments_.push_back({Kind::kSingle, ""});
    *pos += 1;
    return absl::OkStatus();
  }
  if (text[*pos] == '{') {
    if (in_variable) {
      return Error(*pos, "nested variable");
    }
    return ParseVariable(pos, end);
  }
  size_t stop = *pos;
  while (stop < end && text[stop] != '/' &&
         !(in_variable && text[stop] == '}')) {
    ++stop;
  }
  std::string literal(text.substr(*pos, stop - *pos));
  if (literal.find_first_of("*{}") != std::string::npos) {
    return Error(*pos, absl::StrCat("invalid literal \"", literal, "\""));
  }
  segments_.push_back({Kind::kLiteral, std::move(literal)});
  *pos = stop;
  return absl::OkStatus();
}

absl::Status PathTemplate::ParseVariable(size_t* pos, size_t end) {
  absl::string_view text(text_);
  const size_t open = *pos;
  const size_t close = text.find('}', open);
  if (close == absl::string_view::npos || close >= end) {
    return Error(open, "unterminated variable");
  }
  absl::string_view inner = text.substr(open + 1, close - open - 1);
  const size_t eq = inner.find('=');
  absl::string_view field = inner.substr(0, eq);
  for (absl::string_view part : absl::StrSplit(field, '.')) {
    if (!IsIdentifier(part)) {
      return Error(open, absl::StrCat("invalid field path \"", field, "\""));
    }
  }
  for (const Variable& v : variables_) {
    if (v.field_path == field) {
      return Error(open, absl::StrCat("field \"", field, "\" bound twice"));
    }
  }
  Variable var{std::string(field), static_cast<int>(segments_.size()), 0};
  if (eq == absl::string_view::npos) {
    segments_.push_back({Kind::kSingle, ""});
  } else {
    size_t inner_pos = open + 1 + eq + 1;
    RETURN_IF_ERROR(ParseSegments(&inner_pos, close, true));
    if (inner_pos != close) {
      return Error(inner_pos, "expected '/' or '}'");
    }
  }
  var.end = static_cast<int>(segments_.size());
  variables_.push_back(std::move(var));
  *pos = close + 1;
  return absl::OkStatus();
}

RequestPath::RequestPath(absl::string_view path) : path_(path) {
  absolute_ = !path.empty() && path[0] == '/';
  if (!absolute_) {
    return;
  }
  raw_ = absl::StrSplit(path.substr(1), '/');
  decoded_.reserve(raw_.size());
  for (absl::string_view segment : raw_) {
    decoded_.push_back(PercentDecode(segment, false));
  }
}

std::optional<PathBindings> PathTemplate::Match(absl::string_view path) const {
  return Match(RequestPath(path));
}

std::optional<PathBindings> PathTemplate::Match(const RequestPath& path) const {
  if (!path.absolute()) {
    return std::nullopt;
  }
  const size_t count = path.raw().size();
  if (has_multi_wildcard_ ? count < segments_.size()
                          : count != segments_.size()) {
    return std::nullopt;
  }
  // A verb is the end of the last segment (":cancel"): that segment is
  // matched without it, decoded here; every other one as split.
  absl::string_view last_raw = path.raw().back();
  std::optional<std::string> last_decoded;
  if (!verb_.empty()) {
    if (last_raw.size() <= verb_.size() || !absl::EndsWith(last_raw, verb_) ||
        last_raw[last_raw.size() - verb_.size() - 1] != ':') {
      return std::nullopt;
    }
    last_raw.remove_suffix(verb_.size() + 1);
    last_decoded = PercentDecode(last_raw, false);
  }
  const auto raw = [&](size_t i) {
    return verb_.empty() || i + 1 != count ? path.raw()[i] : last_raw;
  };
  const auto decoded = [&](size_t i) -> const std::optional<std::string>& {
    return verb_.empty() || i + 1 != count ? path.decoded(i) : last_decoded;
  };
  for (size_t i = 0; i < segments_.size(); ++i) {
    const Segment& seg = segments_[i];
    if (seg.kind == Kind::kMulti) {
      for (size_t j = i; j < count; ++j) {
        if (raw(j).empty() || !PercentDecode(raw(j), true).has_value()) {
          return std::nullopt;
        }
      }
      break;
    }
    if (raw(i).empty() || !decoded(i).has_value()) {
      return std::nullopt;
    }
    if (seg.kind == Kind::kLiteral && *decoded(i) != seg.literal) {
      return std::nullopt;
    }
  }
  PathBindings bindings;
  for (const Variable& var : variables_) {
    const bool to_end =
        var.end == static_cast<int>(segments_.size()) && has_multi_wildcard_;
    const size_t end = to_end ? count : static_cast<size_t>(var.end);
    std::string value;
    if (end - var.begin == 1 && segments_[var.begin].kind != Kind::kMulti) {
      value = *decoded(var.begin);
    } else {
      std::vector<std::string> parts;
      for (size_t j = var.begin; j < end; ++j) {
        parts.push_back(*PercentDecode(raw(j), true));
      }
      value = absl::StrJoin(parts, "/");
    }
    bindings.emplace_back(var.field_path, std::move(value));
  }
  return bindings;
}

std::string PathTemplate::FirstLiteral() const {
  if (segments_.empty() || segments_[0].kind != Kind::kLiteral) {
    return "";
  }
  return segments_[0].literal;
}

std::vector<std::string> PathTemplate::VariableFieldPaths() const {
  std::vector<std::string> out;
  for (const Variable& var : variables_) {
    out.push_back(var.field_path);
  }
  return out;
}

}  // namespace samen::gateway
