// libFuzzer target for the date parser: parse_date under every DateOrder (with and without Excel
// serials) and infer_date_column on the input split into lines. See tests/fuzz/README.md.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "kexi/dates.hpp"
#include "kexi/days.hpp"

namespace {

void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
  }
}

// 1900-01-01 and 2100-12-31 as days since 1970-01-01 (the parser's documented range).
constexpr int32_t kMinDay = -25567, kMaxDay = 47846;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const kexi::DateOrder orders[] = {kexi::DateOrder::Auto, kexi::DateOrder::YMD, kexi::DateOrder::DMY,
                                    kexi::DateOrder::MDY};
  for (kexi::DateOrder o : orders) {
    for (bool serial : {false, true}) {
      const kexi::DateValue v = kexi::parse_date(text, o, serial);
      if (v.status == kexi::DateStatus::Ok)
        require(v.day >= kMinDay && v.day <= kMaxDay, "an Ok date lies in 1900-01-01..2100-12-31");
    }
  }
  // The same bytes as a column: one value per line.
  std::vector<std::string_view> values;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      values.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  const kexi::DateColumnGuess g = kexi::infer_date_column(values);
  // The reason is a clause that messages embed ("... because <reason>"), so only non-empty.
  require(!g.reason.empty(), "a reason is given");
  if (g.is_date && !g.excel_serial && !g.ambiguous) {
    // The chosen order must read the column's values without crashing; nothing more is promised.
    for (std::string_view v : values) (void)kexi::parse_date(v, g.order, false);
  }
  return 0;
}
