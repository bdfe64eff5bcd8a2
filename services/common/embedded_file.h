#pragma once

// A file compiled into the binary by samen_embed_files
// (cmake/embed_bytes.cmake), such as a service's e-mail templates.

#include <string_view>
#include <vector>

namespace samen {

struct EmbeddedFile {
  std::string_view name;  // the file name, without its directory
  std::string_view bytes;
};

}  // namespace samen
