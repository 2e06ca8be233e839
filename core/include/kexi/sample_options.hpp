#pragma once
// The sample generator's options read from JSON, in one place for `kexi sample` (CLI flags arrive as
// {"customers": 300, "lang": "zh", ...}) and the page's "Make exercise data" panel (wasm `sample`).
#include <nlohmann/json_fwd.hpp>

#include "kexi/sample_generator.hpp"

namespace kexi {

/// Largest population the JSON options accept (about 20 million order lines, a few hundred MB of
/// CSV: more than a browser tab can hold anyway).
constexpr int kSampleMaxCustomers = 2000000;

/// Reads SampleOptions from a JSON object; absent (or null) keys keep the SampleOptions defaults.
/// Keys (CLI flag names with '-' as '_'):
///   preset "bench" (starts from ingest_benchmark_options(), the other keys apply on top),
///   kind "orders"|"customers"|"survey", lang "en"|"zh", customers 1..2,000,000 (whole),
///   seed 0..2^53 (whole), start / end "YYYY-MM-DD" (1900..2100, end not before start, at most 30
///   years), seasonality 0..10, churn (0, 1) exclusive, churn_concentration > 0,
///   purchases_per_year 0..1000, rate_shape > 0, mean_order_value 1..10,000,000, refund_share,
///   multi_line_share, prospect_share, survey_share 0..1, bad_rows 0..100,000 (whole),
///   attributes and spreadsheet_safe true|false ("yes"/"no"/"true"/"false" text also accepted).
/// Numbers may also come as text ("300"), as a form field gives them.
/// Throws KexiError("invalid_sample_options", ...) naming the key, the allowed range and the value,
/// and on any unknown key (a typo must not silently fall back to a default).
SampleOptions sample_options_from_json(const nlohmann::json& options);

}  // namespace kexi
