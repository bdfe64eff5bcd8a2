#pragma once

// HTTP path templates as defined by google/api/http.proto:
//
//   Template = "/" Segments [ Verb ] ;
//   Segments = Segment { "/" Segment } ;
//   Segment  = "*" | "**" | LITERAL | Variable ;
//   Variable = "{" FieldPath [ "=" Segments ] "}" ;
//   FieldPath = IDENT { "." IDENT } ;
//   Verb     = ":" LITERAL ;
//
// `{name}` is short for `{name=*}`. `**` may only be the last segment. Matching
// works on the raw (percent-encoded) request path: each segment is
// percent-decoded before it is compared or captured. A variable of one segment
// captures the fully decoded segment (so `%2F` becomes part of the value); a
// variable spanning several segments keeps
// `%2F` encoded so that the captured slashes stay distinguishable from escaped
// ones.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace samen::gateway {

// A variable bound by a match: field path ("partnership.name") and its value.
using PathBindings = std::vector<std::pair<std::string, std::string>>;

// A raw request path (no query string, still percent-encoded) split into its
// segments and decoded once, to be matched against every route's template.
class RequestPath {
 public:
  explicit RequestPath(absl::string_view path);

  absl::string_view path() const { return path_; }
  // Whether the path starts with '/'.
  bool absolute() const { return absolute_; }
  // The segments as sent, and each one percent-decoded (nothing when its
  // encoding is broken).
  const std::vector<absl::string_view>& raw() const { return raw_; }
  const std::optional<std::string>& decoded(size_t i) const {
    return decoded_[i];
  }

 private:
  absl::string_view path_;
  bool absolute_ = false;
  std::vector<absl::string_view> raw_;
  std::vector<std::optional<std::string>> decoded_;
};

class PathTemplate {
 public:
  // An empty template, which matches nothing; use Parse().
  PathTemplate() = default;

  // Parses `text`; errors name the offending position.
  static absl::StatusOr<PathTemplate> Parse(absl::string_view text);

  // Matches a raw request path (no query string, still percent-encoded).
  // Returns the variable bindings, or nothing when the path does not match.
  std::optional<PathBindings> Match(absl::string_view path) const;
  // The same for a path split once for many templates.
  std::optional<PathBindings> Match(const RequestPath& path) const;

  // The template as written.
  const std::string& text() const { return text_; }
  // The verb without its colon, empty when there is none.
  const std::string& verb() const { return verb_; }
  // Number of literal segments: the more, the more specific the template.
  int literal_count() const { return literal_count_; }
  // Whether the template ends in `**`.
  bool has_multi_wildcard() const { return has_multi_wildcard_; }
  // Number of segments (a trailing `**` counts as one).
  int segment_count() const { return static_cast<int>(segments_.size()); }
  // The first segment when it is a literal ("v1"), else empty.
  std::string FirstLiteral() const;
  // Field paths of all variables, in order.
  std::vector<std::string> VariableFieldPaths() const;

 private:
  enum class Kind { kLiteral, kSingle, kMulti };
  struct Segment {
    Kind kind;
    std::string literal;
  };
  struct Variable {
    std::string field_path;
    int begin;  // first segment index
    int end;    // one past the last segment index
  };

  // Parses `Segments` in text_[*pos, end); inside a variable no nested variable
  // is allowed.
  absl::Status ParseSegments(size_t* pos, size_t end, bool in_variable);
  absl::Status ParseSegment(size_t* pos, size_t end, bool in_variable);
  absl::Status ParseVariable(size_t* pos, size_t end);
  absl::Status Error(size_t pos, absl::string_view what) const;

  std::string text_;
  std::vector<Segment> segments_;
  std::vector<Variable> variables_;
  std::string verb_;
  int literal_count_ = 0;
  bool has_multi_wildcard_ = false;
};

// Percent-decodes `in`. With `keep_encoded_slash`, "%2F" stays as it is.
// Returns nothing on a malformed escape.
std::optional<std::string> PercentDecode(absl::string_view in,
                                         bool keep_encoded_slash);

}  // namespace samen::gateway
