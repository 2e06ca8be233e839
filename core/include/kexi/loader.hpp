#pragma once
// From file bytes to a Dataset: encoding, dialect, header, column roles, values, the per-customer
// summary and the rejected-row report. The one entry point of ingestion.
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "kexi/dataset.hpp"
#include "kexi/error.hpp"

namespace kexi {

/// Settings of ingestion. One JSON schema for the CLI (--options FILE.json and flags) and the page;
/// see docs/OPTIONS.md. Every field may be omitted.
struct LoadOptions {
  std::string encoding = "auto";    ///< auto | utf-8 | gb18030 | gbk | utf-16le | utf-16be
  std::string delimiter = "auto";   ///< auto | , | ; | \t (or "tab") | |
  std::string header = "auto";      ///< auto | yes | no
  std::string date_order = "auto";  ///< auto | YMD | DMY | MDY
  std::string kind = "auto";        ///< auto | orders | customers | survey | table
  std::string decimal = "auto";     ///< auto | . | ,
  std::string sheet;                ///< xlsx sheet name or 1-based index ("" = first)
  /// "xlsx" when the page converted an Excel sheet to CSV text before loading (shown in the
  /// report as the file's format); "" for files read as they are.
  std::string source_format;
  std::map<std::string, std::string> columns;  ///< role -> column name or 1-based index
  /// Orders dated before date_from or after date_to (YYYY-MM-DD, inclusive; "" = open) are not
  /// used: counted under the rejection reason "outside_date_range", so used + rejected == total.
  /// The way to load a part of an order file too large for memory.
  std::string date_from, date_to;
};

LoadOptions load_options_from_json(const nlohmann::json& j);  ///< throws KexiError on bad input
nlohmann::json to_json(const LoadOptions& o);

/// Called now and then with bytes done and total; returning false cancels the load.
using Progress = std::function<bool(size_t done, size_t total)>;

struct LoadResult {
  bool ok = false;
  Error error;       ///< when !ok
  Dataset data;      ///< when ok (data.report is filled as far as it got even when !ok)
};

/// Reads a whole file's bytes. Never throws; never crashes on hostile input.
LoadResult load_dataset(std::string_view bytes, const LoadOptions& options,
                        const std::string& file_name, const Progress& progress = nullptr);

/// Loads the file at `path` in 16 MB blocks through one streaming session (the file is never held
/// whole; the CLI and the benchmarks read files this way). A file that cannot be opened or read
/// gives the error "file_unreadable".
LoadResult load_file(const std::string& path, const LoadOptions& options);

}  // namespace kexi
