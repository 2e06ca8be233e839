// libFuzzer target for the options JSON: load_options_from_json on the input as JSON, and
// run_request with the input as the request JSON on a tiny fixed order dataset. Everything must
// end in a result or a KexiError (a nlohmann exception escaping is a bug: the user would see a
// library message instead of ours). See tests/fuzz/README.md.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kexi/loader.hpp"
#include "kexi/requests.hpp"

namespace {

[[noreturn]] void fail(const char* what, const char* detail) {
  std::fprintf(stderr, "invariant violated: %s: %s\n", what, detail);
  std::abort();
}

// Eight customers over a year: repeat buyers, a one-time buyer, a refund, an order with two lines,
// so that every analysis has something to do but runs in milliseconds.
const kexi::Dataset& tiny() {
  static const kexi::Dataset d = [] {
    const std::string csv =
        "customer_id,order_id,order_date,amount,region,channel\n"
        "A,1,2024-01-05,10.00,North,Web\nA,2,2024-02-10,12.50,North,Web\nA,3,2024-06-01,8.00,North,Web\n"
        "B,4,2024-01-20,100,South,Store\nB,4,2024-01-20,20,South,Store\nB,5,2024-09-09,-20,South,Store\n"
        "C,6,2024-03-03,5,North,Web\nD,7,2024-04-04,50,East,Web\nD,8,2024-05-05,60,East,Web\n"
        "D,9,2024-11-30,70,East,Web\nE,10,2024-07-07,15,West,Store\nE,11,2024-12-01,15,West,Store\n"
        "F,12,2024-02-02,30,South,Web\nG,13,2024-08-08,45,North,Store\nG,14,2024-10-10,40,North,Store\n"
        "H,15,2024-12-20,9.99,East,Web\n";
    kexi::LoadResult r = kexi::load_dataset(csv, kexi::LoadOptions{}, "tiny.csv");
    if (!r.ok) fail("tiny dataset loads", r.error.message.c_str());
    return r.data;
  }();
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;
  try {
    (void)kexi::load_options_from_json(j);
  } catch (const kexi::KexiError&) {
  } catch (const std::exception& e) {
    fail("load_options_from_json throws only KexiError", e.what());
  }
  try {
    const nlohmann::json out = kexi::run_request(tiny(), j);
    (void)out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const kexi::KexiError& e) {
    if (e.error().code.empty() || e.error().message.empty()) fail("a KexiError has a code and message", e.what());
  } catch (const std::exception& e) {
    fail("run_request throws only KexiError", e.what());
  }
  return 0;
}
