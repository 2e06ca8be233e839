#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "kexi/option_reader.hpp"

using namespace kexi;
using nlohmann::json;

namespace {

std::string message_of(const json& request, double lo, double hi) {
  try {
    OptionReader(request).real("margin", 1, lo, hi);
  } catch (const KexiError& e) {
    return e.error().code + ": " + e.error().message;
  }
  return "";
}

}  // namespace

TEST_CASE("option reader: numbers in a range, whole numbers beyond int, defaults when absent") {
  const json request = {{"margin", 0.25}, {"text_margin", "0.5"}, {"seed", 9007199254740992.0}, {"none", nullptr}};
  const OptionReader opt(request);
  CHECK(opt.real("margin", 1, 0, 1) == 0.25);
  CHECK(opt.real("text_margin", 1, 0, 1) == 0.5);      // CLI values may arrive as text
  CHECK(opt.real("absent", 0.1, 0, 10) == 0.1);
  CHECK(opt.real("none", 0.1, 0, 10) == 0.1);          // null is absent
  CHECK(opt.whole("seed", 0, 0, 1LL << 53) == 9007199254740992LL);  // 2^53: beyond int
  CHECK(message_of(json{{"margin", 2}}, 0, 1).rfind("bad_option: margin is 2", 0) == 0);
  CHECK(message_of(json{{"margin", "much"}}, 0, 1) == "bad_option: margin must be a number.");
  CHECK_THROWS_AS(opt.whole("margin", 0, 0, 10), KexiError);  // 0.25 is not whole
}
