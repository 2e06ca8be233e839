#include "kexi/requests.hpp"

#include <map>
#include <set>
#include <utility>
#include <vector>

#include "kexi/error.hpp"
#include "kexi/request_handlers.hpp"

namespace kexi {

namespace {

using Handler = json (*)(const Dataset&, const json&, const Dataset*);

// The table of request types. One line per analysis; the handler lives in <analysis>_request.cpp.
const std::map<std::string, Handler>& handlers() {
  static const std::map<std::string, Handler> table = {
      {"inspect", &inspect_request},
      {"customers", &customers_request},
      {"segment", &segment_request},
      {"kpis", &kpis_request},
      {"cohorts", &cohorts_request},
      {"cluster", &cluster_request},
      {"ltv", &ltv_request},
      {"survey", &survey_request},
  };
  return table;
}

// The settings each request applies when the request leaves them out, so that a result states what
// it was computed with. They mirror the handlers' defaults; test_requests.cpp checks that sending
// these values explicitly gives the same result as leaving them out. A request type missing here
// still gets its settings echoed as given.
const std::map<std::string, json>& setting_defaults() {
  static const std::map<std::string, json> table = {
      {"customers", {{"format", "json"}, {"offset", 0}, {"limit", 100}}},
      {"segment", {{"bins", 5}, {"frequency", "orders"}, {"monetary", "total"}, {"quantile_rule", "exact"},
                   {"tie_order", "customer_id"}, {"active_window_days", 0}, {"churn_window_days", 0},
                   {"loyal_min_purchases", 3}, {"active_multiple", 2.0}, {"churn_multiple", 4.0},
                   {"high_share", 0.2}, {"medium_share", 0.3}, {"abc_a", 0.8}, {"abc_b", 0.95}}},
      {"kpis", {{"period_days", 30}, {"top_share", 0.2}}},
      {"cohorts", {{"period", "month"}, {"max_offset", 0}}},
      {"cluster", {{"scale", "zscore"}, {"mode", "fit"}, {"seed", 0}, {"algorithm", "auto"}}},
      {"ltv", {{"period", "day"}, {"model", "bgnbd"}, {"horizon", "12m"}, {"discount_rate_annual", 0.1},
               {"margin", 1.0}, {"top", 20}, {"at_risk", 50}, {"compare_models", false}}},
  };
  return table;
}

// Defaults that depend on the data (the analysis date, the observation end): read back from the
// result, where the handler states the value it used.
const std::map<std::string, std::vector<std::pair<const char*, const char*>>>& derived_settings() {
  static const std::map<std::string, std::vector<std::pair<const char*, const char*>>> table = {
      {"segment", {{"as_of", "/as_of"}}},
      {"cohorts", {{"data_end", "/data_end"}}},
      {"ltv", {{"observation_end", "/data/observation_end"}}},
  };
  return table;
}

// The load settings as applied: what detection decided or the user chose, per column role.
json load_settings_json(const IngestReport& r) {
  json columns = json::object();
  std::string date_order, decimal = ".";
  for (const ColumnInfo& c : r.columns) {
    if (c.role.empty()) continue;
    if (!columns.contains(c.role)) columns[c.role] = c.name;
    if (c.role == "date" && c.type == "date") date_order = c.detail;
    if ((c.role == "amount" || c.role == "unit_price") && c.detail.find("decimal comma") != std::string::npos)
      decimal = ",";
  }
  json j = {{"kind", to_string(r.kind)}, {"encoding", r.encoding}, {"delimiter", r.delimiter},
            {"quote", r.quote}, {"header", r.has_header ? "yes" : "no"}, {"decimal", decimal},
            {"columns", columns}};
  if (!date_order.empty()) j["date_order"] = date_order;
  return j;
}

}  // namespace

json input_json(const Dataset& data, const json& request, const json& result) {
  const IngestReport& r = data.report;
  json settings = json::object();
  const std::string type = request.value("type", std::string());
  if (auto it = setting_defaults().find(type); it != setting_defaults().end()) settings = it->second;
  // Transport, not settings: the page's handle of a linked dataset, and the pool's split k scan
  // (a merged scan must state the same settings as the one-call scan, docs/PARALLEL.md).
  static const std::set<std::string> kNotSettings = {"type", "linked", "k_values", "k_scan_parts"};
  for (const auto& [key, value] : request.items())
    if (!kNotSettings.count(key) && !value.is_null()) settings[key] = value;
  if (auto it = derived_settings().find(type); it != derived_settings().end() && result.is_object()) {
    for (const auto& [key, pointer] : it->second) {
      const json::json_pointer ptr(pointer);
      if (!settings.contains(key) && result.contains(ptr)) settings[key] = result.at(ptr);
    }
  }
  return {{"file", r.file_name},
          {"bytes", r.file_bytes},
          {"encoding", r.encoding},
          {"kind", to_string(r.kind)},
          {"rows", {{"total", r.rows_total}, {"used", r.rows_used}, {"rejected", r.rows_rejected}}},
          {"customers", data.customers.size()},
          {"load", load_settings_json(r)},
          {"request", type},
          {"settings", settings}};
}

json run_request(const Dataset& data, const json& request, const Dataset* linked) {
  if (!request.is_object() || !request.contains("type") || !request["type"].is_string())
    throw KexiError("bad_request", "A request must be a JSON object with a string \"type\".");
  const std::string type = request["type"].get<std::string>();
  auto it = handlers().find(type);
  if (it == handlers().end()) {
    std::string known;
    for (const auto& [name, h] : handlers()) known += (known.empty() ? "" : ", ") + name;
    throw KexiError("unknown_request", "Unknown request type \"" + type + "\" (known: " + known + ").");
  }
  json out = it->second(data, request, linked);
  // Every JSON result states what it was computed from (the "csv" results are printed raw).
  if (out.is_object() && !out.contains("csv") && !out.contains("input"))
    out["input"] = input_json(data, request, out);
  return out;
}

json error_json(const Error& e) {
  json err = {{"code", e.code}, {"message", e.message}};
  if (!e.file.empty()) err["file"] = e.file;
  if (e.row) err["row"] = e.row;
  if (!e.column.empty()) err["column"] = e.column;
  return {{"ok", false}, {"error", err}};
}

}  // namespace kexi
