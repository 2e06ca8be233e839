// libFuzzer target for the whole loader: arbitrary bytes through encoding detection, dialect
// sniffing, header and role mapping and the row passes, with options picked by the first byte.
// load_dataset promises never to throw and never to crash; the report's counts must add up.
// See tests/fuzz/README.md.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <exception>

#include <nlohmann/json.hpp>

#include "kexi/loader.hpp"
#include "kexi/requests.hpp"

namespace {

void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // First byte: which options to force (low bits: kind, then date order, decimal, header).
  const unsigned char pick = data[0];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  kexi::LoadOptions o;
  static const char* kKinds[] = {"auto", "orders", "customers", "auto"};
  static const char* kOrders[] = {"auto", "YMD", "DMY", "MDY"};
  o.kind = kKinds[pick & 3];
  o.date_order = kOrders[(pick >> 2) & 3];
  if (pick & 16) o.decimal = ",";
  if (pick & 32) o.header = "no";
  if (pick & 64) o.encoding = "gb18030";
  kexi::LoadResult r = kexi::load_dataset(bytes, o, "fuzz.csv");
  const kexi::IngestReport& rep = r.data.report;
  // What the CLI and the page print must serialise: strings in the report and in error messages
  // are valid UTF-8 whatever the input bytes were (nlohmann's dump throws otherwise).
  try {
    (void)kexi::inspect_json(r.data).dump();
    if (!r.ok) (void)nlohmann::json(r.error.message).dump();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    require(false, "the report and the error serialise as JSON");
  }
  if (!r.ok) {
    require(!r.error.code.empty(), "a failed load has an error code");
    require(!r.error.message.empty(), "a failed load has a message");
    return 0;
  }
  require(rep.rows_used + rep.rows_rejected == rep.rows_total, "used + rejected == total");
  size_t rejected = 0;
  for (const auto& x : rep.rejections) rejected += x.count;
  require(rejected == rep.rows_rejected, "rejection counts add up to rows_rejected");
  const kexi::Customers& c = r.data.customers;
  for (size_t i = 0; i < c.size(); ++i) {
    require(std::isfinite(c.gross_spend[i]) && std::isfinite(c.refunds[i]), "spend is finite");
    require(c.gross_spend[i] >= 0 && c.refunds[i] >= 0, "gross spend and refunds are not negative");
  }
  for (size_t i = 0; i < r.data.orders.size(); ++i)
    require(std::isfinite(r.data.orders.amount[i]), "order amounts are finite");
  return 0;
}
