#pragma once
// Recency, frequency and monetary value per customer at an analysis date, and their 1..q scores by
// quantile (exactly as pandas `qcut(x.rank(method="first"), q, labels=False) + 1`) or by user
// thresholds. Recency is reversed so that recent buyers score high.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "kexi/dataset.hpp"

namespace kexi {

/// How frequency is counted.
enum class FrequencyMeasure {
  Orders,  ///< number of orders (refund rows excluded), the default
  Days     ///< number of distinct purchase days
};
/// How monetary value is measured.
enum class MonetaryMeasure {
  Total,   ///< net spend (gross minus refunds), the default
  Average  ///< net spend per order
};
/// Which pandas arithmetic the quantile edges follow. They differ only when an edge is a whole
/// number (e.g. 4 customers in 3 bins): pandas 2.2 and 2.3 go through np.percentile(q * 100), whose
/// division by 100 can leave an edge a hair below the whole number (pandas issues #58240, #59355).
enum class QuantileRule {
  Exact,    ///< np.quantile(ranks, q): pandas <= 2.1 and >= 3.0 (the default)
  Pandas22  ///< np.percentile(ranks, q * 100): pandas 2.2.x and 2.3.x
};
std::string to_string(QuantileRule r);  ///< "exact" or "pandas2.2"
QuantileRule parse_quantile_rule(const std::string& text);  ///< throws KexiError("bad_option")
/// The order in which equal values are ranked ("first occurrence" in pandas' rank).
enum class TieOrder {
  CustomerId,  ///< sorted customer ids, as after pandas' df.groupby("customer_id") (the default);
               ///< numerically when every id is a whole number (pandas reads them as integers)
  File         ///< order of first appearance in the file
};
std::string to_string(TieOrder t);  ///< "customer_id" or "file"
TieOrder parse_tie_order(const std::string& text);  ///< throws KexiError("bad_option")

/// Customer indices in TieOrder::CustomerId order.
std::vector<uint32_t> customer_id_order(const Customers& customers);

std::string to_string(FrequencyMeasure m);  ///< "orders" or "days"
std::string to_string(MonetaryMeasure m);   ///< "total" or "average"
/// Throws KexiError("bad_option") on anything but "orders"/"days" (resp. "total"/"average").
FrequencyMeasure parse_frequency_measure(const std::string& text);
MonetaryMeasure parse_monetary_measure(const std::string& text);

struct RfmOptions {
  int32_t as_of = kNoDay;  ///< analysis date; kNoDay means the day after the last order in the data
  int bins = 5;            ///< number of scores per dimension: 3, 4 or 5
  FrequencyMeasure frequency = FrequencyMeasure::Orders;
  MonetaryMeasure monetary = MonetaryMeasure::Total;
  QuantileRule quantile_rule = QuantileRule::Exact;
  TieOrder tie_order = TieOrder::CustomerId;
  /// User cut points per dimension (bins-1 ascending values, in days / count / money). Empty means
  /// quantile scores. A value v falls in bin 1 + #{cut points c with v > c} (right-closed bins, like
  /// pandas.cut); for recency that bin is reversed (recency <= first cut point scores `bins`).
  std::vector<double> r_thresholds, f_thresholds, m_thresholds;
};

/// Raw values per customer at an analysis date; entry i is customer i of the Dataset.
struct RfmValues {
  int32_t as_of = kNoDay;
  std::vector<uint8_t> buyer;     ///< 1 when the customer has an order before as_of
  std::vector<int32_t> first_day, last_day;  ///< kNoDay for non-buyers
  std::vector<int32_t> orders, purchase_days;
  std::vector<double> recency;    ///< days from the last purchase to as_of (0 for non-buyers)
  std::vector<double> frequency;  ///< orders or purchase days (0 for non-buyers)
  std::vector<double> monetary;   ///< net spend, total or per order (0 for non-buyers)
  std::vector<double> net_spend;  ///< net spend before as_of
  /// Customer indices in the order ties are ranked (empty: index order, i.e. the file's order).
  std::vector<uint32_t> tie_order;
  size_t size() const { return buyer.size(); }
};

/// One score of one dimension as it came out: how many buyers and which raw values it holds.
struct ScoreBin {
  int score = 0;
  size_t customers = 0;
  double min = 0, max = 0;  ///< raw values of the buyers with this score (0 when empty)
};

/// How one dimension was scored.
struct DimensionScoring {
  std::string dimension;            ///< "recency", "frequency", "monetary"
  std::string method;               ///< "quantile" or "thresholds"
  std::vector<double> cut_points;   ///< user thresholds (method "thresholds")
  std::vector<double> rank_edges;   ///< qcut edges over the ranks 1..n (method "quantile")
  std::vector<ScoreBin> bins;       ///< one per score 1..q
  bool ties_split = false;          ///< equal raw values received different scores (rank-first rule)
};

struct RfmResult {
  RfmValues values;
  int bins = 5;
  FrequencyMeasure frequency = FrequencyMeasure::Orders;
  MonetaryMeasure monetary = MonetaryMeasure::Total;
  QuantileRule quantile_rule = QuantileRule::Exact;
  std::vector<uint8_t> r, f, m;  ///< scores 1..bins per customer; 0 for non-buyers (prospects)
  size_t buyers = 0;
  DimensionScoring recency, frequency_scoring, monetary_scoring;
  std::vector<std::string> warnings;  ///< English sentences
};

/// The day after the last order in the data (or after the latest last_day of any customer).
int32_t default_as_of(const Dataset& data);

/// Indices of `x` sorted by value (ascending, or descending), ties in index order: the order of
/// pandas rank(method="first"). Whole-number values in a modest range (days, order counts) are
/// counting-sorted in O(n); anything else is sorted by (value, index).
std::vector<uint32_t> order_first(const std::vector<double>& x, bool descending = false);

/// The q+1 quantile edges pandas computes over the ranks 1..n (see rfm.cpp for the arithmetic).
std::vector<double> qcut_rank_edges(size_t n, int q, QuantileRule rule = QuantileRule::Exact);

/// Scores 1..q of `x` exactly as pandas `qcut(x.rank(method="first"), q, labels=False) + 1`:
/// ties are ranked in order of first occurrence. With n < 2 values pandas raises; here the single
/// value gets the middle score (the caller warns).
std::vector<uint8_t> qcut_first_scores(const std::vector<double>& x, int q,
                                       QuantileRule rule = QuantileRule::Exact);

/// Raw values at `as_of`: from the customer summary when as_of is after every purchase, else
/// recomputed from the orders dated before as_of (throws when the data has no order log then).
RfmValues rfm_values(const Dataset& data, int32_t as_of, FrequencyMeasure frequency,
                     MonetaryMeasure monetary);

/// Scores the values (only buyers take part in the quantiles).
RfmResult score_rfm(RfmValues values, const RfmOptions& options);

/// rfm_values + tie order + score_rfm with the options' defaults resolved.
RfmResult compute_rfm(const Dataset& data, const RfmOptions& options);

}  // namespace kexi
