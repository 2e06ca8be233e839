#include "kexi/holdout.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "kexi/error.hpp"

namespace kexi {

HoldoutResult run_holdout(const Dataset& data, const HoldoutOptions& o) {
  const Orders& orders = data.orders;
  if (orders.size() == 0)
    throw KexiError("holdout_needs_orders", "Holdout validation needs an order log with dates; "
                                            "a customer summary table cannot be split in time.");
  if (o.calibration_end == kNoDay)
    throw KexiError("holdout_no_date", "Give the calibration end date (--calibration-end YYYY-MM-DD).");
  int32_t first = INT32_MAX, last = INT32_MIN;
  for (int32_t d : orders.day) first = std::min(first, d), last = std::max(last, d);
  HoldoutResult r;
  r.observation_end = o.observation_end == kNoDay ? last : o.observation_end;
  r.calibration_end = o.calibration_end;
  if (o.calibration_end < first || o.calibration_end >= r.observation_end)
    throw KexiError("holdout_bad_date", "The calibration end " + format_day(o.calibration_end) +
                                            " must lie between the first order (" + format_day(first) +
                                            ") and the observation end (" + format_day(r.observation_end) +
                                            "), leaving a holdout period after it.");
  RfmSummaryOptions ro;
  ro.period = o.period;
  ro.observation_end = o.calibration_end;
  const RfmSummary cal = rfm_from_orders(orders, data.customers.size(), ro);
  check_ltv_data(cal);
  r.customers = cal.size();
  r.calibration_start = cal.observation_start;
  const Patterns pat = collapse_patterns(cal.frequency, cal.recency, cal.T);
  r.model = fit_purchase_model(o.model, pat);
  if (!r.model.fit.converged)
    r.warnings.push_back("The " + r.model.name + " fit on the calibration period did not converge (" +
                         r.model.fit.message + "); the comparison below is of that fit.");
  const double pd = period_days(o.period);
  // The holdout length in periods as lifetimes counts it: days / days per period.
  r.holdout_periods = double(r.observation_end - o.calibration_end) / pd;
  const std::vector<double> actual =
      purchases_in_window(orders, cal, o.calibration_end, r.observation_end, o.period);

  // Weekly tracking: the holdout cut into 7-day steps (the last one may be shorter).
  const int32_t span = r.observation_end - o.calibration_end;
  const int weeks = std::min(520, (span + 6) / 7);
  std::vector<double> step_t;  // time since calibration end, in periods
  std::vector<int32_t> step_day;
  for (int w = 1; w <= weeks; ++w) {
    const int32_t days = std::min(span, 7 * w);
    step_day.push_back(o.calibration_end + days);
    step_t.push_back(days / pd);
  }
  // Predicted cumulative repeat purchases per pattern at each step.
  std::vector<double> cum_pred(weeks, 0.0), per_pattern_total(pat.size(), 0.0);
  for (size_t k = 0; k < pat.size(); ++k) {
    for (int w = 0; w < weeks; ++w) {
      const double e = r.model.expected(pat.x[k], pat.tx[k], pat.T[k], step_t[w]);
      cum_pred[w] += pat.weight[k] * e;
      if (w == weeks - 1) per_pattern_total[k] = e;
    }
  }
  // Actual purchases per week: the first order day of each new purchase period in the holdout.
  std::unordered_map<int32_t, size_t> row;
  for (size_t i = 0; i < cal.size(); ++i) row[cal.customer[i]] = i;
  std::vector<double> weekly_actual(weeks, 0.0);
  int64_t lastp = INT64_MIN;
  int32_t lastc = -1;
  for (size_t i = 0; i < orders.size(); ++i) {
    const int32_t c = orders.customer[i], d = orders.day[i];
    if (d <= o.calibration_end || d > r.observation_end || orders.amount[i] < 0 || !row.count(c)) continue;
    const int64_t p = period_index(d, o.period);
    if (c == lastc && p == lastp) continue;
    lastc = c;
    lastp = p;
    weekly_actual[std::min(weeks - 1, (d - o.calibration_end - 1) / 7)] += 1;
  }
  double ca = 0, prev_pred = 0;
  for (int w = 0; w < weeks; ++w) {
    ca += weekly_actual[w];
    r.tracking.push_back({step_day[w], weekly_actual[w], cum_pred[w] - prev_pred, ca, cum_pred[w]});
    prev_pred = cum_pred[w];
  }

  // Per customer comparison.
  const size_t n = cal.size();
  std::vector<double> pred(n);
  for (size_t i = 0; i < n; ++i) pred[i] = per_pattern_total[pat.pattern_of[i]];
  double se = 0, ae = 0, sa = 0, sp = 0;
  for (size_t i = 0; i < n; ++i) {
    const double e = pred[i] - actual[i];
    ae += std::abs(e);
    se += e * e;
    sa += actual[i];
    sp += pred[i];
  }
  r.mae = ae / n;
  r.rmse = std::sqrt(se / n);
  r.total_actual = sa;
  r.total_predicted = sp;
  const double ma = sa / n, mp = sp / n;
  double caa = 0, cpp = 0, cap = 0;
  for (size_t i = 0; i < n; ++i) {
    caa += (actual[i] - ma) * (actual[i] - ma);
    cpp += (pred[i] - mp) * (pred[i] - mp);
    cap += (actual[i] - ma) * (pred[i] - mp);
  }
  r.correlation = (caa > 0 && cpp > 0) ? cap / std::sqrt(caa * cpp) : 0.0;

  r.by_frequency.resize(o.max_bucket + 1);
  for (int b = 0; b <= o.max_bucket; ++b)
    r.by_frequency[b].label = b < o.max_bucket ? std::to_string(b) : std::to_string(b) + "+";
  for (size_t i = 0; i < n; ++i) {
    HoldoutBucket& b = r.by_frequency[std::min<size_t>(size_t(cal.frequency[i]), size_t(o.max_bucket))];
    ++b.customers;
    b.actual_mean += actual[i];
    b.predicted_mean += pred[i];
  }
  for (HoldoutBucket& b : r.by_frequency)
    if (b.customers) b.actual_mean /= double(b.customers), b.predicted_mean /= double(b.customers);
  return r;
}

}  // namespace kexi
