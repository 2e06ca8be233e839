#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "kexi/error.hpp"
#include "kexi/sample_options.hpp"

using namespace kexi;
using nlohmann::json;

namespace {

// The message of the KexiError the options throw ("" when they do not throw).
std::string error_of(const json& j) {
  try {
    sample_options_from_json(j);
  } catch (const KexiError& e) {
    CHECK(e.error().code == "invalid_sample_options");
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("empty sample options give the documented defaults of samples/README.md") {
  const SampleOptions o = sample_options_from_json(json::object());
  CHECK(o.kind == SampleKind::Orders);
  CHECK(o.lang == "en");
  CHECK(o.customers == 300);
  CHECK(o.seed == 42);
  // 2023-01-01: 53 years after 1970 with 13 leap days (1972 ... 2020) = 53*365 + 13 = 19358.
  CHECK(o.start_day == 19358);
  // 2024-12-31: 19358 + 365 (2023) + 365 (2024 up to Dec 31, leap year: 366 days, minus one) = 20088.
  CHECK(o.end_day == 20088);
  CHECK(o.seasonality == 1.0);
  CHECK(o.churn == 0.2);
  CHECK(o.bad_rows == 0);
  CHECK(o.attributes);
  CHECK(sample_options_from_json(json()).customers == 300);  // null: defaults too
}

TEST_CASE("sample options take CLI numbers, form text and the flag spellings") {
  const SampleOptions o = sample_options_from_json(
      json{{"kind", "survey"}, {"lang", "zh"}, {"customers", "1200"}, {"seed", 7}, {"start", "2024-01-01"},
           {"end", "2024-03-01"}, {"seasonality", 0}, {"churn", "0.5"}, {"bad_rows", 12}, {"attributes", "false"},
           {"prospect_share", 0.25}, {"spreadsheet_safe", true}});
  CHECK(o.kind == SampleKind::Survey);
  CHECK(o.lang == "zh");
  CHECK(o.customers == 1200);
  CHECK(o.seed == 7);
  CHECK(o.start_day == 19723);  // 2024-01-01 = 19358 + 365
  CHECK(o.end_day == 19783);    // + 31 (January) + 29 (February 2024 is a leap month)
  CHECK(o.seasonality == 0.0);
  CHECK(o.churn == 0.5);
  CHECK(o.bad_rows == 12);
  CHECK_FALSE(o.attributes);
  CHECK(o.prospect_share == 0.25);
  CHECK(o.spreadsheet_safe);
}

TEST_CASE("the bench preset starts from the ingestion benchmark options and later keys apply on top") {
  const SampleOptions o = sample_options_from_json(json{{"preset", "bench"}, {"customers", 50}});
  CHECK(o.customers == 50);
  CHECK(o.seed == 1);             // ingest_benchmark_options(): seed 1, no attributes, no prospects
  CHECK_FALSE(o.attributes);
  CHECK(o.prospect_share == 0.0);
}

TEST_CASE("sample options at the edges of their ranges are accepted") {
  CHECK(sample_options_from_json(json{{"customers", 1}}).customers == 1);
  CHECK(sample_options_from_json(json{{"customers", 2000000}}).customers == 2000000);
  CHECK(sample_options_from_json(json{{"seed", 0}}).seed == 0);
  CHECK(sample_options_from_json(json{{"seed", 9007199254740992.0}}).seed == 9007199254740992ull);  // 2^53
  CHECK(sample_options_from_json(json{{"seasonality", 10}}).seasonality == 10.0);
  CHECK(sample_options_from_json(json{{"bad_rows", 100000}}).bad_rows == 100000);
  CHECK(sample_options_from_json(json{{"start", "2024-05-05"}, {"end", "2024-05-05"}}).end_day ==
        sample_options_from_json(json{{"start", "2024-05-05"}}).start_day);
}

TEST_CASE("out-of-range or malformed sample options are refused with a message naming the key") {
  struct Case {
    json options;
    const char* expected;  // a piece of the message
  };
  const Case cases[] = {
      {json{{"customers", 0}}, "customers must be a whole number from 1 to 2,000,000, not 0"},
      {json{{"customers", 2000001}}, "customers must be a whole number from 1 to 2,000,000"},
      {json{{"customers", 2.5}}, "customers must be a whole number"},
      {json{{"customers", "many"}}, "customers must be a number, not \"many\""},
      {json{{"customers", json::array()}}, "customers must be a number"},
      {json{{"seed", -1}}, "seed must be a whole number from 0 to 2^53"},
      {json{{"seed", 1.5}}, "seed must be a whole number"},
      {json{{"lang", "fr"}}, "lang must be \"en\" or \"zh\", not \"fr\""},
      {json{{"lang", 3}}, "lang must be text"},
      {json{{"kind", "invoices"}}, "unknown kind \"invoices\""},
      {json{{"start", "2023-02-30"}}, "start wants a date like 2023-01-01"},
      {json{{"end", "31.12.2024"}}, "end wants a date like 2023-01-01"},
      {json{{"start", "1850-01-01"}}, "years 1900 to 2100"},
      {json{{"start", "2024-02-01"}, {"end", "2024-01-31"}}, "the end date is before the start date"},
      {json{{"start", "1990-01-01"}, {"end", "2024-01-01"}}, "longer than 30 years"},
      {json{{"seasonality", -0.1}}, "seasonality must be from 0 to 10"},
      {json{{"seasonality", 11}}, "seasonality must be from 0 to 10"},
      {json{{"churn", 0}}, "churn must be strictly between 0 and 1, not 0"},
      {json{{"churn", 1}}, "churn must be strictly between 0 and 1"},
      {json{{"refund_share", 1.5}}, "refund_share must be from 0 to 1"},
      {json{{"prospect_share", -0.5}}, "prospect_share must be from 0 to 1"},
      {json{{"mean_order_value", 0.5}}, "mean_order_value must be from 1 to 10,000,000"},
      {json{{"purchases_per_year", 1001}}, "purchases_per_year must be from 0 to 1000"},
      {json{{"rate_shape", 0}}, "rate_shape must be positive"},
      {json{{"bad_rows", -1}}, "bad_rows must be a whole number from 0 to 100,000"},
      {json{{"bad_rows", 100001}}, "bad_rows must be a whole number from 0 to 100,000"},
      {json{{"attributes", "maybe"}}, "attributes must be true or false, not \"maybe\""},
      {json{{"preset", "huge"}}, "preset knows only \"bench\""},
      {json{{"customer", 10}}, "unknown option \"customer\""},
      {json::array({1, 2}), "expected a JSON object"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.options.dump());
    const std::string message = error_of(c.options);
    CHECK_MESSAGE(message.find(c.expected) != std::string::npos, message);
  }
}
