#include "kexi/rfm_summary.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "kexi/error.hpp"

namespace kexi {

Period parse_period(const std::string& text) {
  if (text == "day" || text == "days" || text == "d") return Period::Day;
  if (text == "week" || text == "weeks" || text == "w") return Period::Week;
  if (text == "month" || text == "months" || text == "m") return Period::Month;
  throw KexiError("bad_period", "Unknown period \"" + text + "\": use day, week or month.");
}

std::string to_string(Period p) {
  switch (p) {
    case Period::Day: return "day";
    case Period::Week: return "week";
    case Period::Month: return "month";
  }
  return "day";
}

double period_days(Period p) {
  switch (p) {
    case Period::Day: return 1;
    case Period::Week: return 7;
    case Period::Month: return 365.2425 / 12;
  }
  return 1;
}

int64_t period_index(int32_t day, Period p) {
  switch (p) {
    case Period::Day: return day;
    case Period::Week: {
      // Day 0 (1970-01-01) is a Thursday; Monday 1969-12-29 is day -3, so weeks start at -3 + 7k.
      const int64_t d = int64_t(day) + 3;
      return d >= 0 ? d / 7 : -((-d + 6) / 7);
    }
    case Period::Month: {
      int y, m, dd;
      civil_from_days(day, y, m, dd);
      return int64_t(y) * 12 + (m - 1);
    }
  }
  return day;
}

RfmSummary rfm_from_orders(const Orders& o, size_t n_customers, const RfmSummaryOptions& opt) {
  RfmSummary s;
  s.period = opt.period;
  s.source = "orders";
  int32_t end = opt.observation_end;
  if (end == kNoDay) {
    for (size_t i = 0; i < o.size(); ++i) end = std::max(end, o.day[i]);
  }
  s.observation_end = end;
  const int64_t end_period = period_index(end, opt.period);
  size_t i = 0;
  while (i < o.size()) {
    const int32_t c = o.customer[i];
    size_t j = i;
    while (j < o.size() && o.customer[j] == c) ++j;
    // Orders are sorted by day within the customer: one pass, merging same-period orders.
    int64_t first = 0, last = 0, current = 0;
    bool any = false, current_is_purchase = false;
    double current_value = 0, repeat_value = 0, revenue = 0;
    int periods = 0;
    auto close_period = [&]() {
      if (current_is_purchase) {
        if (periods > 0) repeat_value += current_value;  // the first purchase period is not a repeat
        ++periods;
        last = current;
      }
    };
    for (size_t k = i; k < j; ++k) {
      if (o.day[k] > end) break;
      revenue += o.amount[k];
      const int64_t p = period_index(o.day[k], opt.period);
      if (!any || p != current) {
        if (any) close_period();
        current = p;
        current_value = 0;
        current_is_purchase = false;
        any = true;
      }
      current_value += o.amount[k];
      if (o.amount[k] >= 0 && !current_is_purchase) {
        current_is_purchase = true;
        if (periods == 0) first = p;
      }
    }
    if (any) close_period();
    if (periods > 0 && c >= 0 && size_t(c) < n_customers) {
      s.customer.push_back(c);
      s.frequency.push_back(periods - 1);
      s.recency.push_back(double(last - first));
      s.T.push_back(double(end_period - first));
      s.monetary_value.push_back(periods > 1 ? repeat_value / (periods - 1) : 0.0);
      s.revenue.push_back(revenue);
      s.purchases.push_back(periods);
      const int32_t first_day = o.day[i];
      if (s.observation_start == kNoDay || first_day < s.observation_start) s.observation_start = first_day;
    }
    i = j;
  }
  return s;
}

RfmSummary rfm_from_table(const Customers& c, Period period) {
  RfmSummary s;
  s.period = period;
  s.source = "customer_table";
  const size_t n = c.size();
  if (c.frequency.size() != n || c.recency.size() != n || c.T.size() != n)
    throw KexiError("ltv_no_summary", "The customer table has no complete frequency, recency and T "
                                      "columns; load an order log or add those columns.");
  const bool has_money = c.monetary_value.size() == n;
  for (size_t i = 0; i < n; ++i) {
    const double f = c.frequency[i], r = c.recency[i], t = c.T[i];
    const double m = has_money ? c.monetary_value[i] : 0.0;
    if (!std::isfinite(f) || !std::isfinite(r) || !std::isfinite(t) || f < 0 || r < 0 || t < 0 ||
        r > t + 1e-9 || !std::isfinite(m)) {
      ++s.skipped;
      continue;
    }
    s.customer.push_back(int32_t(i));
    s.frequency.push_back(std::round(f));
    s.recency.push_back(f > 0 ? r : 0.0);
    s.T.push_back(t);
    s.monetary_value.push_back(f > 0 ? m : 0.0);
    const double gross = i < c.gross_spend.size() ? c.net_spend(i) : 0.0;
    s.revenue.push_back(gross != 0 ? gross : m * f);
    s.purchases.push_back(std::round(f) + 1);
  }
  if (s.skipped)
    s.warnings.push_back(std::to_string(s.skipped) + " customer rows were skipped: frequency, "
                         "recency or T missing, negative, or recency greater than T.");
  if (!has_money)
    s.warnings.push_back("The customer table has no monetary_value column: spend and CLV in "
                         "money are not available.");
  return s;
}

RfmSummary rfm_summary(const Dataset& data, const RfmSummaryOptions& options) {
  const Customers& c = data.customers;
  if (!c.frequency.empty() && c.frequency.size() == c.size()) return rfm_from_table(c, options.period);
  if (data.orders.size() == 0)
    throw KexiError("ltv_no_data", "Lifetime value needs an order log (customer, date, amount) or "
                                   "a customer table with frequency, recency and T columns; this "
                                   "file has neither.");
  return rfm_from_orders(data.orders, c.size(), options);
}

std::vector<double> purchases_in_window(const Orders& o, const RfmSummary& s, int32_t after_day,
                                        int32_t until_day, Period period) {
  std::unordered_map<int32_t, size_t> row;
  row.reserve(s.size() * 2);
  for (size_t k = 0; k < s.size(); ++k) row[s.customer[k]] = k;
  std::vector<double> out(s.size(), 0.0);
  size_t i = 0;
  while (i < o.size()) {
    const int32_t c = o.customer[i];
    size_t j = i;
    while (j < o.size() && o.customer[j] == c) ++j;
    auto it = row.find(c);
    if (it != row.end()) {
      int64_t lastp = INT64_MIN;
      for (size_t k = i; k < j; ++k) {
        if (o.day[k] <= after_day || o.day[k] > until_day || o.amount[k] < 0) continue;
        const int64_t p = period_index(o.day[k], period);
        if (p != lastp) out[it->second] += 1;
        lastp = p;
      }
    }
    i = j;
  }
  return out;
}

Patterns collapse_patterns(const std::vector<double>& x, const std::vector<double>& tx,
                           const std::vector<double>& T) {
  Patterns p;
  const size_t n = x.size();
  // Sorting contiguous rows (not indices into three arrays) keeps the comparisons in cache.
  struct Row {
    double x, tx, T;
    uint32_t i;
  };
  std::vector<Row> rows(n);
  for (size_t i = 0; i < n; ++i) rows[i] = {x[i], tx[i], T[i], uint32_t(i)};
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.x != b.x) return a.x < b.x;
    if (a.tx != b.tx) return a.tx < b.tx;
    return a.T < b.T;
  });
  p.pattern_of.assign(n, -1);
  for (const Row& r : rows) {
    if (p.size() == 0 || r.x != p.x.back() || r.tx != p.tx.back() || r.T != p.T.back()) {
      p.x.push_back(r.x);
      p.tx.push_back(r.tx);
      p.T.push_back(r.T);
      p.weight.push_back(0);
    }
    p.weight.back() += 1;
    p.pattern_of[r.i] = int32_t(p.size() - 1);
  }
  p.total_weight = double(n);
  return p;
}

}  // namespace kexi
