#pragma once
// Handlers behind run_request, one per request type; each lives in <analysis>_request.cpp.
// Signature: (dataset, request JSON, linked dataset or null) -> result JSON.
#include "kexi/requests.hpp"

namespace kexi {

json inspect_request(const Dataset& data, const json& request, const Dataset* linked);
/// {"type":"customers", "offset":0, "limit":100, "format":"json"|"csv"} -> rows of the summary.
json customers_request(const Dataset& data, const json& request, const Dataset* linked);
/// {"type":"segment", bins, as_of, frequency, monetary, ...} -> RFM segments, grid, lifecycle, tiers.
json segment_request(const Dataset& data, const json& request, const Dataset* linked);
/// {"type":"kpis", period_end, period_days, top_share, targets} -> KPIs vs the previous period.
json kpis_request(const Dataset& data, const json& request, const Dataset* linked);
/// {"type":"cohorts", period: month|week, data_end, max_offset} -> cohort table and overall row.
json cohorts_request(const Dataset& data, const json& request, const Dataset* linked);
/// {"type":"cluster", "k"|"k_range", "features", "scale", "log", "seed", "n_init", "mode":
/// "fit"|"steps", "assignments"} -> k-means result, k scan, profiles, PCA view (docs/CLUSTERS.md).
/// "k_values": [k, ...] returns only that part of the scan; "k_scan_parts": [part, ...] merges
/// parts instead of scanning, with the same result as one call (docs/PARALLEL.md).
json cluster_request(const Dataset& data, const json& request, const Dataset* linked);

/// {"type":"ltv", "period":"day|week|month", "observation_end", "calibration_end", "horizon":"12m",
/// "discount_rate_annual":0.1, "margin":1, "model":"bgnbd|pareto|mbgnbd", "customers":bool} ->
/// lifetime value (see docs/LTV.md); with "customers" the per-customer CSV in "csv".
json ltv_request(const Dataset& data, const json& request, const Dataset* linked);
/// {"type":"survey", "period":"quarter", ...} on a survey dataset, `linked` an optional order file:
/// NPS/CSAT/CES with intervals, by period and group, drivers, alpha, terms, comments, rejections.
json survey_request(const Dataset& data, const json& request, const Dataset* linked);

}  // namespace kexi
