// `ltv` request: lifetime value from an order log or a ready-made summary table. JSON glue only:
// options from the request with defaults, the analysis from rfm_summary / bgnbd / pareto_nbd /
// mbgnbd / gamma_gamma / clv / holdout, and the result as JSON (or per-customer CSV).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>

#include "kexi/bgnbd.hpp"
#include "kexi/clv.hpp"
#include "kexi/csv_writer.hpp"
#include "kexi/error.hpp"
#include "kexi/gamma_gamma.hpp"
#include "kexi/holdout.hpp"
#include "kexi/option_reader.hpp"
#include "kexi/request_handlers.hpp"

namespace kexi {

namespace {

int32_t parse_day_option(const json& req, const char* key) {
  if (!req.contains(key) || req[key].is_null()) return kNoDay;
  const std::string flag = std::string("--") + key;
  if (!req[key].is_string())
    throw KexiError("bad_date", "Option " + flag + " must be a date written YYYY-MM-DD.");
  const std::string s = req[key].get<std::string>();
  int y = 0, m = 0, d = 0;
  char c1 = 0, c2 = 0;
  // At most 10 characters (YYYY-MM-DD): sscanf's %d on a longer number would overflow int.
  if (s.size() > 10 || std::sscanf(s.c_str(), "%d%c%d%c%d", &y, &c1, &m, &c2, &d) != 5 || c1 != c2 ||
      (c1 != '-' && c1 != '/') || !is_valid_civil(y, m, d))
    throw KexiError("bad_date", "Option " + flag + " is \"" + s + "\", not a date: write YYYY-MM-DD.");
  return days_from_civil(y, m, d);
}

// "12m", "52w", "365d", "1y" -> days. A bare number is refused: its unit would be a guess.
double parse_horizon_days(const json& req, std::string& text) {
  text = "12m";
  if (req.contains("horizon")) {
    if (!req["horizon"].is_string())
      throw KexiError("bad_horizon", "Give --horizon with a unit: 12m (months), 52w (weeks), 365d (days) or 1y.");
    text = req["horizon"].get<std::string>();
  }
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  const std::string unit(end);
  double days = -1;
  if (unit == "d") days = v;
  if (unit == "w") days = 7 * v;
  if (unit == "m") days = v * 365.2425 / 12;
  if (unit == "y") days = v * 365.2425;
  if (!(days > 0) || days > 365.2425 * 50)
    throw KexiError("bad_horizon", "The horizon \"" + text + "\" is not understood: use a positive "
                                   "number with a unit, e.g. 12m, 52w, 365d or 1y (at most 50 years).");
  return days;
}

json fit_json(const ModelFit& f) {
  json params = json::object(), se = json::object();
  for (size_t i = 0; i < f.names.size(); ++i) {
    params[f.names[i]] = f.params[i];
    se[f.names[i]] = f.std_errors[i] >= 0 ? json(f.std_errors[i]) : json(nullptr);
  }
  return {{"params", params},
          {"std_errors", se},
          {"log_likelihood", f.log_likelihood},
          {"converged", f.converged},
          {"message", f.message},
          {"iterations", f.iterations},
          {"evaluations", f.evaluations},
          {"starts_tried", f.starts_tried},
          {"starts_converged", f.starts_converged},
          {"gradient_norm", f.gradient_norm},
          {"customers", f.customers},
          {"patterns", f.patterns},
          {"warnings", f.warnings}};
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = q * double(v.size() - 1);
  const size_t lo = size_t(pos);
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - double(lo)) * (v[hi] - v[lo]);
}

json distribution_json(const std::vector<double>& v) {
  json out;
  double total = 0;
  for (double x : v) total += x;
  out["total"] = total;
  out["mean"] = v.empty() ? 0.0 : total / double(v.size());
  out["quantiles"] = {{"p10", quantile(v, 0.1)}, {"p25", quantile(v, 0.25)}, {"p50", quantile(v, 0.5)},
                      {"p75", quantile(v, 0.75)}, {"p90", quantile(v, 0.9)}, {"p99", quantile(v, 0.99)}};
  // 20 equal bins up to the 99th percentile plus one open bin above, so a few whales do not
  // squash the chart.
  const double lo = std::min(0.0, quantile(v, 0.0)), hi = std::max(quantile(v, 0.99), lo + 1e-9);
  const int bins = 20;
  json edges = json::array(), counts = json::array();
  std::vector<size_t> c(bins + 1, 0);
  for (double x : v) {
    int b = int((x - lo) / (hi - lo) * bins);
    c[std::clamp(b, 0, bins)]++;
  }
  for (int b = 0; b <= bins; ++b) {
    edges.push_back(lo + (hi - lo) * b / bins);
    counts.push_back(c[b]);
  }
  out["histogram"] = {{"edges", edges}, {"counts", counts},
                      {"note", "bin i covers [edges[i], edges[i+1]); the last count is everything at or above the last edge"}};
  return out;
}

const char* kConventions =
    "Summary as in the Python lifetimes package: purchases in the same period are merged; "
    "frequency = purchase periods - 1 (repeat purchases), recency = periods from first to last "
    "purchase, T = periods from first purchase to the observation end, monetary_value = mean value "
    "of the repeat purchase periods (0 when frequency is 0). Refund rows (negative amounts) reduce "
    "revenue but are not purchases.";

json explanations() {
  return {
      {"p_alive",
       {{"en", "P(alive) is the model's probability that the customer has not silently stopped buying, "
               "given how often they bought and how long ago their last purchase was. A frequent buyer "
               "who has not bought for a long time gets a low P(alive); a customer who bought once is "
               "treated as alive by BG/NBD."},
        {"zh", "P(alive)(存活概率)是模型根据客户的购买次数和距上次购买的时间,估计该客户仍在继续购买(尚未悄然流失)"
               "的概率。购买频繁但很久没有再买的客户,存活概率低;BG/NBD 模型把只买过一次的客户视为仍然存活。"}}},
      {"expected_purchases",
       {{"en", "Expected purchases: the number of purchase periods the model expects from the customer "
               "over the horizon, averaged over its uncertainty (so it is usually a fraction)."},
        {"zh", "预期购买次数:模型预计该客户在预测期内会产生的购买次数(按所选周期计),是考虑不确定性后的平均值,通常是小数。"}}},
      {"clv",
       {{"en", "CLV: expected purchases times expected order value times margin, each future month "
               "discounted at the annual discount rate, over the horizon stated in units."},
        {"zh", "客户生命周期价值(CLV):预期购买次数 × 预期客单价 × 毛利率,并按年折现率对未来每个月折现,预测期见 units。"}}}};
}

}  // namespace

json ltv_request(const Dataset& data, const json& req, const Dataset*) {
  const OptionReader opt(req);
  const Period period = parse_period(opt.text("period", "day"));
  const std::string model_name = opt.text("model", "bgnbd");
  const bool compare_models = opt.flag("compare_models"), customers_csv = opt.flag("customers");
  if (model_name != "bgnbd" && model_name != "pareto" && model_name != "pareto_nbd" && model_name != "mbgnbd")
    throw KexiError("bad_model", "Unknown --model \"" + model_name + "\": use bgnbd, pareto or mbgnbd.");
  std::string horizon_text;
  ClvOptions co;
  co.period = period;
  co.horizon_days = parse_horizon_days(req, horizon_text);
  co.discount_rate_annual = opt.real("discount_rate_annual", 0.1, 0, 10);
  co.margin = opt.real("margin", 1.0, 0, 1);
  const size_t top_n = size_t(opt.whole("top", 20, 0, 10000));
  const size_t risk_n = size_t(opt.whole("at_risk", 50, 0, 10000));
  RfmSummaryOptions ro;
  ro.period = period;
  ro.observation_end = parse_day_option(req, "observation_end");
  const int32_t calibration_end = parse_day_option(req, "calibration_end");

  const RfmSummary s = rfm_summary(data, ro);
  check_ltv_data(s);
  const Patterns pat = collapse_patterns(s.frequency, s.recency, s.T);
  const std::string unit = to_string(period);
  json out;
  out["type"] = "ltv";
  out["conventions"] = kConventions;
  out["units"] = {
      {"period", unit},
      {"days_per_period", period_days(period)},
      {"frequency", "repeat purchase " + unit + "s"},
      {"recency", unit + "s from first to last purchase"},
      {"T", unit + "s from first purchase to the observation end"},
      {"money", "the currency of the amount column"},
      {"horizon", {{"text", horizon_text}, {"days", co.horizon_days}, {"periods", co.horizon_days / period_days(period)}}},
      {"discount_rate", {{"annual", co.discount_rate_annual}, {"per_period", discount_rate_per_period(co.discount_rate_annual, period)}}},
      {"margin", co.margin},
      {"clv", "discounted margin over the horizon, in the currency of the amount column"}};
  size_t repeat = 0;
  for (double f : s.frequency) repeat += f > 0;
  out["data"] = {{"source", s.source},
                 {"customers", s.size()},
                 {"repeat_customers", repeat},
                 {"patterns", pat.size()},
                 {"observation_start", s.observation_start == kNoDay ? json(nullptr) : json(format_day(s.observation_start))},
                 {"observation_end", s.observation_end == kNoDay ? json(nullptr) : json(format_day(s.observation_end))},
                 {"rows_skipped", s.skipped}};
  json warnings = json::array();
  for (const auto& w : s.warnings) warnings.push_back(w);

  // Purchase models: BG/NBD always, Pareto/NBD too for comparison unless the data are so varied
  // (over 100,000 distinct patterns) that its quadrature would take many seconds, MBG/NBD on
  // request.
  const std::string chosen = model_name == "pareto" ? "pareto_nbd" : model_name;
  std::map<std::string, PurchaseModel> models;
  models["bgnbd"] = fit_purchase_model("bgnbd", pat);
  const bool fit_pareto = chosen == "pareto_nbd" || compare_models || pat.size() <= 100000;
  if (fit_pareto) {
    models["pareto_nbd"] = fit_purchase_model("pareto_nbd", pat);
  } else {
    out["pareto_nbd"] = {{"skipped", "not fitted for comparison: " + std::to_string(pat.size()) +
                                         " distinct (frequency, recency, T) patterns; use --model pareto "
                                         "or --compare-models to fit it (slower)"}};
  }
  if (chosen == "mbgnbd") models["mbgnbd"] = fit_purchase_model("mbgnbd", pat);
  for (const auto& [name, m] : models) out[name] = fit_json(m.fit);
  {
    // How many purchases a new customer makes over the horizon under BG/NBD (FHL 2005, eq. 8).
    const BgNbdParams bp = bgnbd_params(models["bgnbd"].fit);
    const double t = co.horizon_days / period_days(period);
    json probs = json::array();
    for (int n = 0; n <= 10; ++n) probs.push_back(bgnbd_prob_purchases(bp, t, n));
    out["bgnbd"]["new_customer_purchases"] = {
        {"horizon_periods", t}, {"expected", bgnbd_expected_purchases_new(bp, t)}, {"p_n", probs},
        {"note", "P(n repeat purchases over the horizon), n = 0..10, for a customer just acquired"}};
  }
  const PurchaseModel& model = models.at(chosen);

  // Spend model.
  std::vector<double> aov(s.size());
  bool have_spend = false;
  try {
    const GammaGammaFit gg = fit_gamma_gamma(s.frequency, s.monetary_value);
    json g = fit_json(gg.fit);
    g["customers_used"] = gg.customers_used;
    g["customers_skipped"] = gg.customers_skipped;
    g["frequency_monetary_correlation"] = gg.frequency_monetary_correlation;
    const GammaGammaParams gp = gamma_gamma_params(gg.fit);
    g["population_mean_value"] = gp.q > 1 ? json(gp.p * gp.v / (gp.q - 1)) : json(nullptr);
    out["gamma_gamma"] = g;
    if (gg.fit.converged) {
      have_spend = true;
      for (size_t i = 0; i < s.size(); ++i) aov[i] = gamma_gamma_expected_value(gp, s.frequency[i], s.monetary_value[i]);
    }
  } catch (const KexiError& e) {
    out["gamma_gamma"] = {{"error", e.error().message}};
  }
  if (!have_spend) {
    // Without a spend model each customer's own average order value (or the overall one) is used.
    double rev = 0, n = 0;
    for (size_t i = 0; i < s.size(); ++i) rev += s.revenue[i], n += s.purchases[i];
    for (size_t i = 0; i < s.size(); ++i)
      aov[i] = s.purchases[i] > 0 && s.revenue[i] > 0 ? s.revenue[i] / s.purchases[i] : (n > 0 ? rev / n : 0.0);
    warnings.push_back("The Gamma-Gamma spend model was not used: expected order value is each "
                       "customer's own average.");
  }

  // Method: the model unless the data are thin or the fit failed.
  std::string reason = thin_data_reason(s);
  if (reason.empty() && !model.fit.converged) reason = "the " + chosen + " fit did not converge: " + model.fit.message;
  ClvResult clv = reason.empty() ? model_clv(model, pat, s, aov, co) : simple_clv(s, co, reason);
  if (reason.empty())
    clv.method_reason = "enough customers (" + std::to_string(s.size()) + ") and repeat buyers (" +
                        std::to_string(repeat) + ") for " + chosen + ", and the fit converged";
  out["model"] = chosen;
  out["method"] = clv.method;
  out["method_reason"] = clv.method_reason;
  if (clv.method == "simple")
    out["simple_formula"] = {{"formula", "CLV = margin * AOV * rate * sum_k (1-churn)^k / (1+d)^k over the horizon"},
                             {"rate_per_period", clv.simple_rate},
                             {"churn_per_period", clv.simple_churn},
                             {"expected_lifetime_periods", clv.simple_lifetime},
                             {"aov", clv.simple_aov}};
  out["clv"] = distribution_json(clv.clv);
  out["expected_purchases"] = distribution_json(clv.expected_purchases);
  {
    double rev = 0;
    for (double v : clv.historical_revenue) rev += v;
    out["historical"] = {{"revenue_total", rev},
                         {"margin_total", rev * co.margin},
                         {"revenue_mean", rev / double(s.size())},
                         {"margin_mean", rev * co.margin / double(s.size())}};
  }
  const bool has_alive = !clv.p_alive.empty();
  const Customers& cust = data.customers;
  auto row_json = [&](size_t i) {
    json r = {{"customer_id", cust.id[s.customer[i]]},
              {"clv", clv.clv[i]},
              {"p_alive", has_alive ? json(clv.p_alive[i]) : json(nullptr)},
              {"expected_purchases", clv.expected_purchases[i]},
              {"expected_aov", clv.expected_aov[i]},
              {"frequency", s.frequency[i]},
              {"recency", s.recency[i]},
              {"T", s.T[i]},
              {"monetary_value", s.monetary_value[i]},
              {"historical_revenue", s.revenue[i]}};
    return r;
  };
  std::vector<size_t> order(s.size());
  for (size_t i = 0; i < s.size(); ++i) order[i] = i;
  {
    std::vector<size_t> top = order;
    const size_t k = std::min(top_n, top.size());
    std::partial_sort(top.begin(), top.begin() + k, top.end(), [&](size_t a, size_t b) { return clv.clv[a] > clv.clv[b]; });
    json arr = json::array();
    for (size_t j = 0; j < k; ++j) arr.push_back(row_json(top[j]));
    out["top_customers"] = arr;
  }

  // P(alive) and expected purchases over frequency x recency, at T = the longest observed T (as
  // the lifetimes plots do), plus the observed customers per cell and their mean P(alive).
  if (has_alive) {
    double maxT = 0, maxF = 0;
    for (size_t i = 0; i < s.size(); ++i) maxT = std::max(maxT, s.T[i]), maxF = std::max(maxF, s.frequency[i]);
    const int nf = int(std::min(maxF, 30.0)) + 1;
    const int nr = int(std::min(maxT, 19.0)) + 1;
    const double rstep = maxT / nr;
    json fr = json::array(), rr = json::array(), pa = json::array(), ep = json::array(), cnt = json::array(), obs = json::array();
    for (int f = 0; f < nf; ++f) fr.push_back(f);
    for (int b = 0; b < nr; ++b) rr.push_back(b * rstep);
    std::vector<std::vector<double>> csum(nf, std::vector<double>(nr, 0.0)), ccount(nf, std::vector<double>(nr, 0.0));
    for (size_t i = 0; i < s.size(); ++i) {
      const int f = std::min(int(s.frequency[i]), nf - 1);
      const int b = std::min(int(rstep > 0 ? s.recency[i] / rstep : 0), nr - 1);
      csum[f][b] += clv.p_alive[i];
      ccount[f][b] += 1;
    }
    const double horizon_periods = co.horizon_days / period_days(period);
    for (int f = 0; f < nf; ++f) {
      json pa_row = json::array(), ep_row = json::array(), c_row = json::array(), o_row = json::array();
      for (int b = 0; b < nr; ++b) {
        const double rec = f == 0 ? 0.0 : std::min(maxT, (b + 0.5) * rstep);
        pa_row.push_back(model.p_alive(f, rec, maxT));
        ep_row.push_back(model.expected(f, rec, maxT, horizon_periods));
        c_row.push_back(ccount[f][b]);
        o_row.push_back(ccount[f][b] > 0 ? json(csum[f][b] / ccount[f][b]) : json(nullptr));
      }
      pa.push_back(pa_row);
      ep.push_back(ep_row);
      cnt.push_back(c_row);
      obs.push_back(o_row);
    }
    out["p_alive_matrix"] = {{"frequency", fr}, {"recency_bin_start", rr}, {"recency_bin_width", rstep},
                             {"T", maxT}, {"unit", unit}, {"p_alive", pa}, {"expected_purchases", ep},
                             {"customers", cnt}, {"observed_mean_p_alive", obs},
                             {"note", "rows: frequency (last row includes higher); columns: recency bins; model values at recency = bin middle and T as given; frequency 0 rows have recency 0"}};

    // At risk: high historical value (top quarter of repeat buyers) whose P(alive) has fallen
    // below 0.5 since their last purchase; ranked by revenue at stake = revenue * (1 - P(alive)).
    std::vector<double> rev_repeat;
    for (size_t i = 0; i < s.size(); ++i)
      if (s.frequency[i] > 0) rev_repeat.push_back(s.revenue[i]);
    const double cut = quantile(rev_repeat, 0.75);
    std::vector<size_t> risk;
    for (size_t i = 0; i < s.size(); ++i)
      if (s.frequency[i] > 0 && s.revenue[i] >= cut && clv.p_alive[i] < 0.5) risk.push_back(i);
    std::sort(risk.begin(), risk.end(), [&](size_t a, size_t b) {
      return s.revenue[a] * (1 - clv.p_alive[a]) > s.revenue[b] * (1 - clv.p_alive[b]);
    });
    json arr = json::array();
    for (size_t j = 0; j < risk.size() && j < risk_n; ++j) {
      const size_t i = risk[j];
      json r = row_json(i);
      r["p_alive_after_last_purchase"] = model.p_alive(s.frequency[i], s.recency[i], s.recency[i]);
      r["periods_since_last_purchase"] = s.T[i] - s.recency[i];
      arr.push_back(r);
    }
    out["at_risk"] = {{"rule", "repeat buyers in the top quarter by historical revenue (>= " + std::to_string(cut) +
                                   ") whose P(alive) is below 0.5, ranked by revenue * (1 - P(alive))"},
                      {"count", risk.size()},
                      {"customers", arr}};
  } else {
    out["p_alive_matrix"] = nullptr;
    out["at_risk"] = nullptr;
  }

  // Per carried attribute (segment, cluster, region, ...) with at most 50 distinct values.
  json segs = json::array();
  for (const Attribute& a : cust.attributes) {
    std::map<std::string, std::array<double, 4>> g;  // customers, clv, p_alive sum, revenue
    for (size_t i = 0; i < s.size(); ++i) {
      auto& e = g[a.values[s.customer[i]]];
      e[0] += 1, e[1] += clv.clv[i], e[2] += has_alive ? clv.p_alive[i] : 0.0, e[3] += s.revenue[i];
      if (g.size() > 50) break;
    }
    if (g.size() > 50 || g.size() < 2) continue;
    json groups = json::array();
    for (const auto& [value, e] : g)
      groups.push_back({{"value", value}, {"customers", e[0]}, {"clv_total", e[1]}, {"clv_mean", e[1] / e[0]},
                        {"p_alive_mean", has_alive ? json(e[2] / e[0]) : json(nullptr)},
                        {"revenue_total", e[3]}});
    segs.push_back({{"attribute", a.name}, {"role", a.role}, {"groups", groups}});
  }
  out["by_attribute"] = segs;

  if (calibration_end != kNoDay) {
    if (s.source != "orders")
      throw KexiError("holdout_needs_orders", "--calibration-end needs an order log with dates; a "
                                              "customer summary table cannot be split in time.");
    HoldoutOptions ho;
    ho.calibration_end = calibration_end;
    ho.observation_end = s.observation_end;
    ho.period = period;
    ho.model = chosen;
    const HoldoutResult h = run_holdout(data, ho);
    json buckets = json::array(), track = json::array();
    for (const auto& b : h.by_frequency)
      buckets.push_back({{"frequency", b.label}, {"customers", b.customers}, {"actual_mean", b.actual_mean},
                         {"predicted_mean", b.predicted_mean}});
    for (const auto& t : h.tracking)
      track.push_back({{"week_end", format_day(t.day)}, {"actual", t.actual}, {"predicted", t.predicted},
                       {"actual_cumulative", t.actual_cumulative}, {"predicted_cumulative", t.predicted_cumulative}});
    out["holdout"] = {{"calibration_start", format_day(h.calibration_start)},
                      {"calibration_end", format_day(h.calibration_end)},
                      {"observation_end", format_day(h.observation_end)},
                      {"holdout_periods", h.holdout_periods},
                      {"unit", unit},
                      {"customers", h.customers},
                      {"model", h.model.name},
                      {"fit", fit_json(h.model.fit)},
                      {"by_calibration_frequency", buckets},
                      {"tracking_weekly", track},
                      {"mae", h.mae},
                      {"rmse", h.rmse},
                      {"total_actual", h.total_actual},
                      {"total_predicted", h.total_predicted},
                      {"correlation", h.correlation},
                      {"note", "purchases are repeat purchase periods in the holdout; predictions are conditional on each customer's calibration history"},
                      {"warnings", h.warnings}};
  }
  out["explanations"] = explanations();
  out["warnings"] = warnings;

  if (customers_csv) {
    CsvWriter w(false);
    const std::string hz = horizon_text;
    for (const std::string& h : {std::string("customer_id"), std::string("period"), std::string("frequency"),
                                std::string("recency"), std::string("T"), std::string("monetary_value"),
                                std::string("p_alive"), "expected_purchases_" + hz, std::string("expected_aov"),
                                "clv_" + hz, std::string("historical_revenue")})
      w.text(h);
    w.end_row();
    for (size_t i = 0; i < s.size(); ++i) {
      w.text(cust.id[s.customer[i]]).text(unit);
      w.number(s.frequency[i]).number(s.recency[i], 4).number(s.T[i], 4).number(s.monetary_value[i], 4);
      if (has_alive) w.number(clv.p_alive[i], 6); else w.empty();
      w.number(clv.expected_purchases[i], 6).number(clv.expected_aov[i], 4).number(clv.clv[i], 4).number(s.revenue[i], 4);
      w.end_row();
    }
    return {{"csv", w.take()}};
  }
  return out;
}

}  // namespace kexi
