#include "kexi/rfm.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <utility>

#include "kexi/error.hpp"

namespace kexi {

std::string to_string(QuantileRule r) { return r == QuantileRule::Exact ? "exact" : "pandas2.2"; }

QuantileRule parse_quantile_rule(const std::string& text) {
  if (text == "exact" || text == "pandas3") return QuantileRule::Exact;
  if (text == "pandas2.2" || text == "pandas2") return QuantileRule::Pandas22;
  throw KexiError("bad_option", "quantile_rule must be \"exact\" (pandas <= 2.1 and >= 3.0) or \"pandas2.2\" "
                                "(pandas 2.2 and 2.3), not \"" + text + "\".");
}

std::string to_string(TieOrder t) { return t == TieOrder::CustomerId ? "customer_id" : "file"; }

TieOrder parse_tie_order(const std::string& text) {
  if (text == "customer_id") return TieOrder::CustomerId;
  if (text == "file") return TieOrder::File;
  throw KexiError("bad_option", "tie_order must be \"customer_id\" (sorted ids, as after pandas groupby) or "
                                "\"file\" (order of first appearance), not \"" + text + "\".");
}

std::vector<uint32_t> customer_id_order(const Customers& c) {
  const size_t n = c.size();
  // pandas reads an all-integer id column as int64, and groupby sorts those numerically.
  std::vector<double> numeric(n);
  bool all_int = n > 0;
  for (size_t i = 0; i < n && all_int; ++i) {
    const std::string& s = c.id[i];
    size_t k = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    if (k == s.size() || s.size() - k > 15) {
      all_int = false;
      break;
    }
    double v = 0;
    for (; k < s.size() && all_int; ++k) {
      if (s[k] < '0' || s[k] > '9') all_int = false;
      v = v * 10 + (s[k] - '0');
    }
    numeric[i] = s[0] == '-' ? -v : v;
  }
  if (all_int) return order_first(numeric);
  // Otherwise strings: Python compares code points, which for UTF-8 is byte order.
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return c.id[a] < c.id[b]; });
  return order;
}

std::string to_string(FrequencyMeasure m) { return m == FrequencyMeasure::Orders ? "orders" : "days"; }
std::string to_string(MonetaryMeasure m) { return m == MonetaryMeasure::Total ? "total" : "average"; }

FrequencyMeasure parse_frequency_measure(const std::string& text) {
  if (text == "orders") return FrequencyMeasure::Orders;
  if (text == "days") return FrequencyMeasure::Days;
  throw KexiError("bad_option", "frequency must be \"orders\" (number of orders) or \"days\" (distinct "
                                "purchase days), not \"" + text + "\".");
}

MonetaryMeasure parse_monetary_measure(const std::string& text) {
  if (text == "total") return MonetaryMeasure::Total;
  if (text == "average") return MonetaryMeasure::Average;
  throw KexiError("bad_option", "monetary must be \"total\" (net spend) or \"average\" (net spend per "
                                "order), not \"" + text + "\".");
}

int32_t default_as_of(const Dataset& data) {
  int32_t last = data.last_day;
  for (int32_t d : data.customers.last_day)
    if (d != kNoDay && (last == kNoDay || d > last)) last = d;
  return last == kNoDay ? kNoDay : last + 1;
}

// The edges pandas uses, step by step:
//   qcut: quantiles = np.linspace(0, 1, q + 1) -> p_k = k * (1.0 / q) for k < q, p_q = 1.0 exactly
//   pandas <= 2.1 and >= 3.0 call np.quantile(ranks, p). pandas 2.2/2.3 call np.percentile(ranks,
//   p * 100.0), which divides by 100 again: p' = (p * 100) / 100, e.g. 1/3 -> 0.33333333333333326.
//   The sorted ranks are 1, 2, ..., n, so element j (0-based) is j + 1.
//   numpy "linear": virtual index h = (n - 1) * p; lo = floor(h); g = h - lo; a = lo + 1; b = a + 1
//   (h >= n - 1 clamps both to the last element, n)
//   numpy _lerp: edge = a + (b - a) * g, recomputed as b - (b - a) * (1 - g) where g >= 0.5
// Mathematically edge_k = 1 + (n - 1) k / q; the float steps matter only when that is a whole
// number, so they are reproduced operation by operation (plain IEEE doubles; no fused multiply-add
// in the ISO C++ mode we build in, and wasm has none). With pandas 2.2, 4 ranks in 3 bins get the
// edges 1, 1.9999999999999998, 2.9999999999999996, 4, so the scores are 1, 2, 3, 3 instead of
// 1, 1, 2, 3 (pandas issue #59355).
std::vector<double> qcut_rank_edges(size_t n, int q, QuantileRule rule) {
  std::vector<double> edges(static_cast<size_t>(q) + 1);
  const double step = 1.0 / static_cast<double>(q);
  const double nm1 = static_cast<double>(n) - 1.0;
  for (int k = 0; k <= q; ++k) {
    double p = k == q ? 1.0 : static_cast<double>(k) * step;
    if (rule == QuantileRule::Pandas22) p = (p * 100.0) / 100.0;
    const double h = nm1 * p;
    double edge;
    if (h >= nm1) {
      edge = static_cast<double>(n);
    } else {
      const double lo = std::floor(h);
      const double g = h - lo;
      const double a = lo + 1.0, b = lo + 2.0;
      const double diff = b - a;
      edge = g >= 0.5 ? b - diff * (1.0 - g) : a + diff * g;
    }
    edges[static_cast<size_t>(k)] = edge;
  }
  return edges;
}

std::vector<uint32_t> order_first(const std::vector<double>& x, bool descending) {
  const size_t n = x.size();
  std::vector<uint32_t> order(n);
  if (n == 0) return order;
  double lo = x[0], hi = x[0];
  bool whole = true;
  for (double v : x) {
    whole = whole && std::isfinite(v) && v == std::floor(v);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const double span = hi - lo;
  if (whole && span <= std::max<double>(65536.0, 2.0 * static_cast<double>(n))) {
    // Counting sort: bucket starts by value, then indices in increasing order within a bucket.
    const size_t buckets = static_cast<size_t>(span) + 1;
    std::vector<uint32_t> start(buckets + 1, 0);
    auto bucket = [&](double v) {
      const size_t b = static_cast<size_t>(v - lo);
      return descending ? buckets - 1 - b : b;
    };
    for (double v : x) ++start[bucket(v) + 1];
    for (size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
    for (size_t i = 0; i < n; ++i) order[start[bucket(x[i])]++] = static_cast<uint32_t>(i);
    return order;
  }
  // LSD radix sort on order-preserving 64-bit keys: stable, so ties stay in index order.
  // Key: flip all bits of negatives, set the sign bit of the rest; -0 counts as 0.
  std::vector<uint64_t> key(n), key2(n);
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i] == 0 ? 0.0 : x[i];
    uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    b = (b >> 63) ? ~b : b | (uint64_t{1} << 63);
    key[i] = descending ? ~b : b;
  }
  std::vector<uint32_t> order2(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
  std::vector<uint32_t> count(8 * 256, 0);
  for (uint64_t k : key)
    for (int d = 0; d < 8; ++d) ++count[static_cast<size_t>(d) * 256 + ((k >> (8 * d)) & 0xff)];
  for (int d = 0; d < 8; ++d) {
    uint32_t* c = &count[static_cast<size_t>(d) * 256];
    if (c[(key[0] >> (8 * d)) & 0xff] == n) continue;  // every key has the same digit: nothing to do
    uint32_t sum = 0;
    for (int b = 0; b < 256; ++b) {
      const uint32_t t = c[b];
      c[b] = sum;
      sum += t;
    }
    for (size_t i = 0; i < n; ++i) {
      const uint32_t pos = c[(key[i] >> (8 * d)) & 0xff]++;
      key2[pos] = key[i];
      order2[pos] = order[i];
    }
    key.swap(key2);
    order.swap(order2);
  }
  return order;
}

std::vector<uint8_t> qcut_first_scores(const std::vector<double>& x, int q, QuantileRule rule) {
  const size_t n = x.size();
  std::vector<uint8_t> scores(n, 0);
  if (n == 0) return scores;
  if (n == 1) {
    scores[0] = static_cast<uint8_t>((q + 1) / 2);
    return scores;
  }
  // rank(method="first"): order by value, ties by position.
  const std::vector<uint32_t> order = order_first(x);
  const std::vector<double> edges = qcut_rank_edges(n, q, rule);
  // Right-closed bins (e_{j-1}, e_j] with the lowest edge included (searchsorted side="left", then
  // ids[x == e_0] = 1): the score of rank r is the smallest j >= 1 with e_j >= r.
  int j = 1;
  for (size_t k = 0; k < n; ++k) {
    const double rank = static_cast<double>(k + 1);
    while (j < q && edges[static_cast<size_t>(j)] < rank) ++j;
    scores[order[k]] = static_cast<uint8_t>(j);
  }
  return scores;
}

namespace {

double measure_frequency(FrequencyMeasure m, int32_t orders, int32_t days) {
  return m == FrequencyMeasure::Orders ? orders : days;
}

double measure_monetary(MonetaryMeasure m, double net, int32_t orders) {
  if (m == MonetaryMeasure::Total) return net;
  return orders > 0 ? net / orders : 0.0;
}

void finish_values(RfmValues& v, FrequencyMeasure fm, MonetaryMeasure mm) {
  const size_t n = v.size();
  v.recency.assign(n, 0.0);
  v.frequency.assign(n, 0.0);
  v.monetary.assign(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    if (!v.buyer[i]) continue;
    v.recency[i] = static_cast<double>(v.as_of) - v.last_day[i];
    v.frequency[i] = measure_frequency(fm, v.orders[i], v.purchase_days[i]);
    v.monetary[i] = measure_monetary(mm, v.net_spend[i], v.orders[i]);
  }
}

std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// Scores by user cut points: bin = 1 + #{c : v > c}; recency reversed.
void score_thresholds(const std::vector<double>& x, const std::vector<uint8_t>& buyer,
                      const std::vector<double>& cuts, int q, bool reverse, std::vector<uint8_t>& out) {
  for (size_t i = 0; i < x.size(); ++i) {
    if (!buyer[i]) continue;
    const int bin = 1 + static_cast<int>(std::lower_bound(cuts.begin(), cuts.end(), x[i]) - cuts.begin());
    out[i] = static_cast<uint8_t>(reverse ? q + 1 - bin : bin);
  }
}

DimensionScoring score_dimension(const std::string& name, const std::vector<double>& x,
                                 const std::vector<uint8_t>& buyer, const std::vector<uint32_t>& ties,
                                 size_t buyers, int q, QuantileRule rule, bool reverse,
                                 const std::vector<double>& cuts, std::vector<uint8_t>& out,
                                 std::vector<std::string>& warnings) {
  DimensionScoring d;
  d.dimension = name;
  out.assign(x.size(), 0);
  if (!cuts.empty()) {
    if (cuts.size() != static_cast<size_t>(q - 1))
      throw KexiError("bad_option", name + " thresholds: " + std::to_string(q) + " scores need " +
                                        std::to_string(q - 1) + " cut points, got " +
                                        std::to_string(cuts.size()) + ".");
    for (size_t k = 0; k < cuts.size(); ++k)
      if (!std::isfinite(cuts[k]) || (k > 0 && !(cuts[k] > cuts[k - 1])))
        throw KexiError("bad_option", name + " thresholds must be finite and strictly ascending.");
    d.method = "thresholds";
    d.cut_points = cuts;
    score_thresholds(x, buyer, cuts, q, reverse, out);
  } else {
    d.method = "quantile";
    // The buyers' values in tie order, so "first occurrence" means first in that order.
    std::vector<double> sub;
    std::vector<uint32_t> who;
    sub.reserve(buyers);
    who.reserve(buyers);
    for (size_t k = 0; k < x.size(); ++k) {
      const size_t i = ties.empty() ? k : ties[k];
      if (!buyer[i]) continue;
      sub.push_back(x[i]);
      who.push_back(static_cast<uint32_t>(i));
    }
    std::vector<uint8_t> s = qcut_first_scores(sub, q, rule);
    if (sub.size() >= 2) d.rank_edges = qcut_rank_edges(sub.size(), q, rule);
    for (size_t k = 0; k < who.size(); ++k) out[who[k]] = static_cast<uint8_t>(reverse ? q + 1 - s[k] : s[k]);
  }
  d.bins.resize(static_cast<size_t>(q));
  for (int s = 1; s <= q; ++s) d.bins[static_cast<size_t>(s - 1)].score = s;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!buyer[i]) continue;
    ScoreBin& b = d.bins[out[i] - 1u];
    if (b.customers == 0 || x[i] < b.min) b.min = x[i];
    if (b.customers == 0 || x[i] > b.max) b.max = x[i];
    ++b.customers;
  }
  // Equal values in two scores: the ranges of neighbouring non-empty scores touch.
  const ScoreBin* prev = nullptr;
  for (const ScoreBin& b : d.bins) {
    if (!b.customers) continue;
    if (prev && (prev->max == b.min || prev->min == b.max)) {
      d.ties_split = true;
      if (d.method == "quantile")
        warnings.push_back(name + ": customers with the same value " + fmt(prev->max == b.min ? b.min : b.max) +
                           " received different scores, because ties are ranked in order of first "
                           "occurrence (pandas rank method \"first\"); use fewer bins or thresholds "
                           "to keep equal values together.");
      break;
    }
    prev = &b;
  }
  size_t empty = 0;
  for (const ScoreBin& b : d.bins) empty += b.customers == 0;
  if (buyers > 0 && empty > 0)
    warnings.push_back(name + ": " + std::to_string(empty) + " of the " + std::to_string(q) +
                       " scores hold no customer (" + std::to_string(buyers) +
                       " customers with orders); the dimension cannot fill its bins.");
  return d;
}

}  // namespace

RfmValues rfm_values(const Dataset& data, int32_t as_of, FrequencyMeasure fm, MonetaryMeasure mm) {
  const Customers& c = data.customers;
  const size_t n = c.size();
  RfmValues v;
  v.as_of = as_of;
  v.buyer.assign(n, 0);
  v.first_day.assign(n, kNoDay);
  v.last_day.assign(n, kNoDay);
  v.orders.assign(n, 0);
  v.purchase_days.assign(n, 0);
  v.net_spend.assign(n, 0.0);
  int32_t latest = kNoDay;
  for (int32_t d : c.last_day)
    if (d != kNoDay && (latest == kNoDay || d > latest)) latest = d;
  if (as_of == kNoDay || latest == kNoDay || as_of > latest) {
    // Every purchase is before as_of: the summary is the state at as_of.
    for (size_t i = 0; i < n; ++i) {
      v.net_spend[i] = c.net_spend(i);  // refund-only customers keep their (negative) net spend
      if (c.first_day[i] == kNoDay || c.orders[i] <= 0 || as_of == kNoDay) continue;
      v.buyer[i] = 1;
      v.first_day[i] = c.first_day[i];
      v.last_day[i] = c.last_day[i];
      v.orders[i] = c.orders[i];
      v.purchase_days[i] = c.purchase_days[i];
    }
  } else {
    const Orders& o = data.orders;
    if (o.size() == 0)
      throw KexiError("bad_option", "An analysis date (" + format_day(as_of) +
                                        ") before the last purchase needs an order log; this file is a "
                                        "customer table. Leave the analysis date out.");
    // Same counting as the customer summary: refunds (negative amounts) reduce spend but are not
    // orders and do not move first/last purchase days.
    for (size_t k = 0; k < o.size(); ++k) {
      if (o.day[k] >= as_of) continue;
      const size_t i = static_cast<size_t>(o.customer[k]);
      const double amount = o.amount[k];
      v.net_spend[i] += amount;
      if (amount < 0) continue;
      ++v.orders[i];
      if (v.first_day[i] == kNoDay) {
        v.first_day[i] = o.day[k];
        v.purchase_days[i] = 1;
      } else if (o.day[k] != v.last_day[i]) {
        ++v.purchase_days[i];
      }
      v.last_day[i] = o.day[k];
      v.buyer[i] = 1;
    }
  }
  finish_values(v, fm, mm);
  return v;
}

RfmResult score_rfm(RfmValues values, const RfmOptions& options) {
  if (options.bins < 3 || options.bins > 5)
    throw KexiError("bad_option", "bins must be 3, 4 or 5, not " + std::to_string(options.bins) + ".");
  RfmResult r;
  r.bins = options.bins;
  r.frequency = options.frequency;
  r.monetary = options.monetary;
  r.quantile_rule = options.quantile_rule;
  r.values = std::move(values);
  for (uint8_t b : r.values.buyer) r.buyers += b;
  const int q = options.bins;
  if (r.buyers == 0)
    r.warnings.push_back("No customer has an order before the analysis date: every customer is a "
                         "prospect and no RFM scores are given.");
  else if (r.buyers == 1)
    r.warnings.push_back("Only one customer has orders: quantile scores need at least two (pandas "
                         "raises here); that customer gets the middle score.");
  r.recency = score_dimension("recency", r.values.recency, r.values.buyer, r.values.tie_order, r.buyers, q, options.quantile_rule, true,
                              options.r_thresholds, r.r, r.warnings);
  r.frequency_scoring = score_dimension("frequency", r.values.frequency, r.values.buyer, r.values.tie_order, r.buyers, q,
                                        options.quantile_rule, false, options.f_thresholds, r.f, r.warnings);
  r.monetary_scoring = score_dimension("monetary", r.values.monetary, r.values.buyer, r.values.tie_order, r.buyers, q, options.quantile_rule,
                                       false, options.m_thresholds, r.m, r.warnings);
  return r;
}

RfmResult compute_rfm(const Dataset& data, const RfmOptions& options) {
  const int32_t as_of = options.as_of == kNoDay ? default_as_of(data) : options.as_of;
  RfmValues v = rfm_values(data, as_of, options.frequency, options.monetary);
  if (options.tie_order == TieOrder::CustomerId) v.tie_order = customer_id_order(data.customers);
  return score_rfm(std::move(v), options);
}

}  // namespace kexi
