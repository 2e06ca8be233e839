// Ingestion of a whole file: one streaming session (load_session.cpp) fed once, so that small and
// large files, the page and the CLI all go through the same stages.
#include "kexi/loader.hpp"

#include <fstream>

#include "kexi/load_session.hpp"

namespace kexi {

LoadResult load_dataset(std::string_view bytes, const LoadOptions& options,
                        const std::string& file_name, const Progress& progress) {
  LoadSession session(options, file_name, bytes.size(), progress);
  session.feed(bytes);
  return session.finish();
}

LoadResult load_file(const std::string& path, const LoadOptions& options) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  auto unreadable = [&](const std::string& why) {
    LoadResult r;
    r.error = Error{"file_unreadable", path + ": " + why, path, 0, ""};
    return r;
  };
  if (!in) return unreadable("cannot open the file (does it exist, and may it be read?)");
  const std::streamoff end = in.tellg();
  const size_t size = end > 0 ? static_cast<size_t>(end) : 0;  // 0: unknown (a pipe)
  in.seekg(0);
  LoadSession session(options, path, size);
  std::string block(size_t{16} << 20, '\0');
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    const auto got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    if (!session.feed(std::string_view(block.data(), got))) break;
  }
  if (in.bad()) return unreadable("read error");
  LoadResult r = session.finish();
  if (!r.ok && r.error.file.empty()) r.error.file = path;
  return r;
}

}  // namespace kexi
