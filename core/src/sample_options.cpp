#include "kexi/sample_options.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "kexi/days.hpp"
#include "kexi/error.hpp"

namespace kexi {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& what) {
  throw KexiError("invalid_sample_options", "Sample options: " + what + ".");
}

// The value as the user typed it: CLI numbers arrive as doubles, and "0" reads better than "0.0".
std::string shown(const json& v) {
  if (v.is_string()) return "\"" + v.get<std::string>() + "\"";
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  }
  return v.dump();
}

// Numbers from the CLI arrive as JSON numbers, from a form as text; both are accepted, nothing else.
double as_number(const json& v, const char* key) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && *end == '\0' && std::isfinite(d)) return d;
  }
  fail(std::string(key) + " must be a number, not " + shown(v));
}

// lo <= v <= hi (inclusive) or lo < v < hi (open); `range` is how the message states the range.
double number_in(const json& v, const char* key, double lo, double hi, bool open, const char* range) {
  const double d = as_number(v, key);
  const bool ok = open ? (d > lo && d < hi) : (d >= lo && d <= hi);
  if (!ok) fail(std::string(key) + " must be " + range + ", not " + shown(v));
  return d;
}

double whole_in(const json& v, const char* key, double lo, double hi, const char* range) {
  const double d = as_number(v, key);
  if (!(d >= lo && d <= hi) || d != std::floor(d))
    fail(std::string(key) + " must be a whole number " + range + ", not " + shown(v));
  return d;
}

std::string text(const json& v, const char* key) {
  if (!v.is_string()) fail(std::string(key) + " must be text, not " + v.dump());
  return v.get<std::string>();
}

bool boolean(const json& v, const char* key) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s == "true" || s == "yes") return true;
    if (s == "false" || s == "no") return false;
  }
  fail(std::string(key) + " must be true or false, not " + shown(v));
}

// The wording "wants a date like 2023-01-01" is what tests/cli/run.sh looks for.
int32_t date(const json& v, const char* key) {
  const std::string s = v.is_string() ? v.get<std::string>() : v.dump();
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(s.c_str(), "%d-%d-%d%c", &y, &m, &d, &tail) != 3 || !is_valid_civil(y, m, d) || y < 1900 ||
      y > 2100)
    fail(std::string(key) + " wants a date like 2023-01-01 (years 1900 to 2100), not \"" + s + "\"");
  return days_from_civil(y, m, d);
}

const char* const kKeys[] = {"preset",       "kind",          "lang",
                             "customers",    "seed",          "start",
                             "end",          "seasonality",   "churn",
                             "churn_concentration",           "purchases_per_year",
                             "rate_shape",   "mean_order_value", "refund_share",
                             "multi_line_share", "prospect_share", "survey_share",
                             "bad_rows",     "attributes",    "spreadsheet_safe"};

}  // namespace

SampleOptions sample_options_from_json(const json& in) {
  if (in.is_null()) return SampleOptions{};
  if (!in.is_object()) fail("expected a JSON object of options, not " + in.dump());
  for (auto it = in.begin(); it != in.end(); ++it) {
    bool known = false;
    for (const char* k : kKeys) known = known || it.key() == k;
    if (!known) fail("unknown option \"" + it.key() + "\"");
  }
  auto has = [&in](const char* key) { return in.contains(key) && !in[key].is_null(); };

  SampleOptions o;
  if (has("preset")) {
    const std::string p = text(in["preset"], "preset");
    if (p != "bench") fail("preset knows only \"bench\" (the ingestion benchmark file), not \"" + p + "\"");
    o = ingest_benchmark_options();
  }
  if (has("kind")) o.kind = parse_sample_kind(text(in["kind"], "kind"));
  if (has("lang")) {
    o.lang = text(in["lang"], "lang");
    if (o.lang != "en" && o.lang != "zh") fail("lang must be \"en\" or \"zh\", not \"" + o.lang + "\"");
  }
  if (has("customers"))
    o.customers = static_cast<int>(whole_in(in["customers"], "customers", 1, kSampleMaxCustomers, "from 1 to 2,000,000"));
  // 2^53: every whole number up to it is exact in a double (and in a JavaScript number).
  if (has("seed")) o.seed = static_cast<uint64_t>(whole_in(in["seed"], "seed", 0, 9007199254740992.0, "from 0 to 2^53"));
  if (has("start")) o.start_day = date(in["start"], "start");
  if (has("end")) o.end_day = date(in["end"], "end");
  if (o.end_day < o.start_day) fail("the end date is before the start date");
  if (o.end_day - o.start_day > 366 * 30) fail("the date range (start to end) is longer than 30 years");
  if (has("seasonality")) o.seasonality = number_in(in["seasonality"], "seasonality", 0, 10, false, "from 0 to 10");
  if (has("churn")) o.churn = number_in(in["churn"], "churn", 0, 1, true, "strictly between 0 and 1");
  if (has("churn_concentration"))
    o.churn_concentration = number_in(in["churn_concentration"], "churn_concentration", 0, 1e6, true,
                                      "positive (up to 1,000,000)");
  if (has("purchases_per_year"))
    o.purchases_per_year = number_in(in["purchases_per_year"], "purchases_per_year", 0, 1000, false, "from 0 to 1000");
  if (has("rate_shape")) o.rate_shape = number_in(in["rate_shape"], "rate_shape", 0, 1e6, true, "positive (up to 1,000,000)");
  if (has("mean_order_value"))
    o.mean_order_value = number_in(in["mean_order_value"], "mean_order_value", 1, 1e7, false, "from 1 to 10,000,000");
  if (has("refund_share")) o.refund_share = number_in(in["refund_share"], "refund_share", 0, 1, false, "from 0 to 1");
  if (has("multi_line_share"))
    o.multi_line_share = number_in(in["multi_line_share"], "multi_line_share", 0, 1, false, "from 0 to 1");
  if (has("prospect_share"))
    o.prospect_share = number_in(in["prospect_share"], "prospect_share", 0, 1, false, "from 0 to 1");
  if (has("survey_share")) o.survey_share = number_in(in["survey_share"], "survey_share", 0, 1, false, "from 0 to 1");
  if (has("bad_rows")) o.bad_rows = static_cast<int>(whole_in(in["bad_rows"], "bad_rows", 0, 100000, "from 0 to 100,000"));
  if (has("attributes")) o.attributes = boolean(in["attributes"], "attributes");
  if (has("spreadsheet_safe")) o.spreadsheet_safe = boolean(in["spreadsheet_safe"], "spreadsheet_safe");
  return o;
}

}  // namespace kexi
