// libFuzzer target for the amount parser: parse_amount with both decimal marks and
// infer_decimal_mark on the input split into lines. See tests/fuzz/README.md.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "kexi/amounts.hpp"

namespace {

void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (char mark : {'.', ','}) {
    const kexi::AmountValue v = kexi::parse_amount(text, mark);
    if (v.status == kexi::AmountStatus::Ok) {
      // Documented: never NaN or infinite, magnitude at most 1e15.
      require(std::isfinite(v.value), "an Ok amount is finite");
      require(std::fabs(v.value) <= 1e15, "an Ok amount is at most 1e15");
    }
  }
  std::vector<std::string_view> values;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      values.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  const char mark = kexi::infer_decimal_mark(values);
  require(mark == '.' || mark == ',', "the decimal mark is '.' or ','");
  for (std::string_view v : values) {
    const kexi::AmountValue a = kexi::parse_amount(v, mark);
    if (a.status == kexi::AmountStatus::Ok) require(std::isfinite(a.value), "an Ok amount is finite");
  }
  return 0;
}
