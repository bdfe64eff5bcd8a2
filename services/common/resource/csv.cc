#include "services/common/resource/csv.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace samen::resource {

std::string CsvField(absl::string_view value) {
  const bool formula = !value.empty() && (value[0] == '=' || value[0] == '+' ||
                                          value[0] == '-' || value[0] == '@' ||
                                          value[0] == '\t' || value[0] == '\r');
  const std::string text = absl::StrCat(formula ? "'" : "", value);
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    return text;
  }
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') {
      quoted += "\"\"";
    } else {
      quoted += c;
    }
  }
  quoted += '"';
  return quoted;
}

std::string CsvRecord(const std::vector<std::string>& fields) {
  std::vector<std::string> quoted;
  quoted.reserve(fields.size());
  for (const auto& f : fields) {
    quoted.push_back(CsvField(f));
  }
  return absl::StrCat(absl::StrJoin(quoted, ","), "\r\n");
}

}  // namespace samen::resource
