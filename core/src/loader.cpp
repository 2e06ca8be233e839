// Ingestion of a whole file: one streaming session (load_session.cpp) fed once, so that small and
// large files, the page and the CLI all go through the same stages.
#include "kexi/loader.hpp"

#include "kexi/load_session.hpp"

namespace kexi {

LoadResult load_dataset(std::string_view bytes, const LoadOptions& options,
                        const std::string& file_name, const Progress& progress) {
  LoadSession session(options, file_name, bytes.size(), progress);
  session.feed(bytes);
  return session.finish();
}

}  // namespace kexi
