// run_request's "input" block: every JSON result states the file, its size, the row counts, the
// load settings as applied and the request's settings with defaults filled in.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "kexi/days.hpp"
#include "kexi/loader.hpp"
#include "kexi/requests.hpp"

using kexi::json;

namespace {

kexi::Dataset load_text(const std::string& text, const std::string& name) {
  kexi::LoadResult r = kexi::load_dataset(text, kexi::LoadOptions{}, name);
  REQUIRE_MESSAGE(r.ok, r.error.message);
  return r.data;
}

kexi::Dataset load_sample(const char* file) {
  std::ifstream in(std::string(KEXI_SOURCE_DIR) + "/samples/" + file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return load_text(ss.str(), file);
}

// Semicolon-separated, day-first dates, decimal commas; row 4 (file line 5) has an impossible
// date, so 5 data rows = 4 used + 1 rejected. 3 customers: A (2 orders), B (1), C (1).
const std::string kSmall =
    "Customer ID;Order Date;Amount\n"
    "A;25/12/2023;12,50\n"
    "B;03/01/2024;7,00\n"
    "A;31/02/2024;1,00\n"
    "A;14/02/2024;3,25\n"
    "C;15/03/2024;100,00\n";

json without_input(json j) {
  j.erase("input");
  return j;
}

}  // namespace

TEST_CASE("every JSON result states the input file, its size, row counts and load settings") {
  const kexi::Dataset d = load_text(kSmall, "small.csv");
  for (const char* type : {"inspect", "customers", "segment", "kpis", "cohorts"}) {
    CAPTURE(type);
    const json out = kexi::run_request(d, {{"type", type}});
    REQUIRE(out.contains("input"));
    const json& in = out["input"];
    CHECK(in["file"] == "small.csv");
    CHECK(in["bytes"] == kSmall.size());  // 30 + 19 + 18 + 18 + 18 + 20 = 123 bytes
    CHECK(in["bytes"] == 123);
    CHECK(in["encoding"] == "utf-8");
    CHECK(in["kind"] == "orders");
    CHECK(in["rows"]["total"] == 5);
    CHECK(in["rows"]["used"] == 4);
    CHECK(in["rows"]["rejected"] == 1);
    CHECK(in["customers"] == 3);
    CHECK(in["request"] == type);
    const json& load = in["load"];
    CHECK(load["delimiter"] == ";");
    CHECK(load["header"] == "yes");
    CHECK(load["decimal"] == ",");
    CHECK(load["date_order"] == "DMY");
    CHECK(load["columns"]["customer_id"] == "Customer ID");
    CHECK(load["columns"]["date"] == "Order Date");
    CHECK(load["columns"]["amount"] == "Amount");
  }
}

TEST_CASE("a CSV result is left as it is: the CLI prints it raw") {
  const kexi::Dataset d = load_text(kSmall, "small.csv");
  const json out = kexi::run_request(d, {{"type", "customers"}, {"format", "csv"}});
  CHECK(out.contains("csv"));
  CHECK_FALSE(out.contains("input"));
}

TEST_CASE("settings given in the request are stated as given, the rest with their defaults") {
  const kexi::Dataset d = load_text(kSmall, "small.csv");
  const json out = kexi::run_request(d, {{"type", "segment"}, {"bins", 4}, {"monetary", "average"}});
  const json& s = out["input"]["settings"];
  CHECK(s["bins"] == 4);
  CHECK(s["monetary"] == "average");
  CHECK(s["frequency"] == "orders");  // default
  // The analysis date is the day after the last order, 2024-03-15 + 1 day.
  CHECK(s["as_of"] == "2024-03-16");
}

TEST_CASE("sending the stated settings back gives the same result as leaving them out") {
  // If a default in requests.cpp drifted from its handler, the explicit request would compute
  // something else and the results would differ.
  const kexi::Dataset orders = load_sample("orders_en.csv");
  for (const char* type : {"customers", "segment", "kpis", "cohorts", "cluster", "ltv"}) {
    CAPTURE(type);
    const json first = kexi::run_request(orders, {{"type", type}});
    json again = first["input"]["settings"];
    again["type"] = type;
    const json second = kexi::run_request(orders, again);
    CHECK(second["input"]["settings"] == first["input"]["settings"]);
    CHECK(without_input(second) == without_input(first));
  }
}

TEST_CASE("customers request: a negative or text offset is a bad option, not a library error") {
  const kexi::Dataset d = load_text(kSmall, "small.csv");
  for (const json& bad : {json{{"type", "customers"}, {"offset", -1}}, json{{"type", "customers"}, {"offset", "x"}},
                          json{{"type", "customers"}, {"limit", 1.5}}, json{{"type", "customers"}, {"format", 3}}}) {
    CAPTURE(bad.dump());
    std::string code = "none";
    try {
      kexi::run_request(d, bad);
    } catch (const kexi::KexiError& e) {
      code = e.error().code;
    }
    CHECK(code == "bad_option");
  }
  // A limit above 10,000 is cut to 10,000 as before; offset 1 skips customer A.
  const json out = kexi::run_request(d, {{"type", "customers"}, {"offset", 1}, {"limit", 50000}});
  CHECK(out["rows"].size() == 2);
  CHECK(out["rows"][0]["customer_id"] == "B");
}

TEST_CASE("ltv and cluster: an option of the wrong type is a bad option, not a library type error") {
  // These used json::value(key, default), which throws nlohmann's type_error for {"period": 7}.
  const kexi::Dataset d = load_text(kSmall, "small.csv");
  for (const json& bad : {json{{"type", "ltv"}, {"period", 7}}, json{{"type", "ltv"}, {"model", false}},
                          json{{"type", "ltv"}, {"customers", json::array()}},
                          json{{"type", "ltv"}, {"compare_models", json::object()}},
                          json{{"type", "cluster"}, {"k", 2}, {"scan", json::array()}},
                          json{{"type", "cluster"}, {"k", 2}, {"assignments", json::object()}}}) {
    CAPTURE(bad.dump());
    std::string code = "none";
    try {
      kexi::run_request(d, bad);
    } catch (const kexi::KexiError& e) {
      code = e.error().code;
    } catch (const std::exception& e) {
      code = std::string("other exception: ") + e.what();
    }
    CHECK(code == "bad_option");
  }
}

TEST_CASE("ltv: a date option with a 29-digit year is a bad date, not a signed overflow") {
  // Found by tests/fuzz/fuzz_requests.cpp: sscanf read the year into an int, is_valid_civil
  // accepted it and days_from_civil overflowed (UBSan: 4548488 * 146097 in days.cpp).
  const kexi::Dataset d = load_text(kSmall, "small.csv");
  std::string code = "none";
  try {
    kexi::run_request(d, {{"type", "ltv"}, {"calibration_end", "00000000006468204918345942380-09-11"}});
  } catch (const kexi::KexiError& e) {
    code = e.error().code;
  }
  CHECK(code == "bad_date");
  CHECK_FALSE(kexi::is_valid_civil(2000000, 1, 1));
  CHECK_FALSE(kexi::is_valid_civil(-2000000, 1, 1));
  CHECK(kexi::is_valid_civil(2024, 2, 29));  // 2024 is a leap year
  // The largest int year as well.
  CHECK_FALSE(kexi::is_valid_civil(2147483647, 1, 1));
}
