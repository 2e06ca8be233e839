#pragma once
// The `lifetimes` summary of an order log: per customer, in a chosen period unit,
//   frequency      = distinct purchase periods - 1   (repeat purchase periods)
//   recency        = last purchase period - first purchase period
//   T              = observation-end period - first purchase period
//   monetary_value = mean value of the repeat purchase periods (0 when frequency is 0)
// Purchases in the same period are merged (their amounts summed). A customer table that already
// carries frequency/recency/T/monetary_value is taken as it is. Also: the collapse of customers
// with identical (frequency, recency, T) into weighted patterns the model fits run on.
#include <cstdint>
#include <string>
#include <vector>

#include "kexi/dataset.hpp"

namespace kexi {

/// The time unit of a summary and of every model fitted to it.
enum class Period { Day, Week, Month };
Period parse_period(const std::string& text);  ///< "day"|"week"|"month"; throws KexiError
std::string to_string(Period period);          ///< "day", "week", "month"
/// Average days in one period: 1, 7, 30.436875 (Gregorian mean month).
double period_days(Period period);
/// Calendar period index of a day: the day itself, the ISO week (Monday start) or the month.
int64_t period_index(int32_t day, Period period);

/// Options of the lifetimes-style summary (rfm.hpp's RfmOptions is the R, F and M scoring).
struct RfmSummaryOptions {
  Period period = Period::Day;       ///< unit of frequency/recency/T
  int32_t observation_end = kNoDay;  ///< last day observed (inclusive); default: last order day
};

struct RfmSummary {
  Period period = Period::Day;
  std::string source;                ///< "orders" or "customer_table"
  int32_t observation_start = kNoDay;  ///< first purchase day in the summary (orders only)
  int32_t observation_end = kNoDay;    ///< orders after this day are ignored (orders only)
  std::vector<int32_t> customer;     ///< index into Dataset::customers
  std::vector<double> frequency, recency, T, monetary_value;  ///< in periods / currency
  std::vector<double> revenue;       ///< net amount up to observation_end (historical value)
  std::vector<double> purchases;     ///< frequency + 1 (purchase periods)
  size_t skipped = 0;                ///< table rows not usable (reason in warnings)
  std::vector<std::string> warnings;
  size_t size() const { return customer.size(); }
};

/// Summary from an order log (Orders sorted by customer, day). Orders with a negative amount are
/// refunds: they reduce revenue and the value of the period they fall in, but do not make a
/// period a purchase period. Customers with no purchase up to observation_end are left out.
RfmSummary rfm_from_orders(const Orders& orders, size_t customers, const RfmSummaryOptions& options);

/// Summary taken as-is from Customers.frequency/recency/T/monetary_value. Rows with missing or
/// impossible values (recency > T, negative numbers) are skipped and counted.
RfmSummary rfm_from_table(const Customers& customers, Period period);

/// Picks the table when the dataset carries ready-made columns, else the order log.
/// Throws KexiError("ltv_no_data", ...) when neither is there.
RfmSummary rfm_summary(const Dataset& data, const RfmSummaryOptions& options);

/// Distinct purchase periods per customer of `summary` with day in (after_day, until_day].
std::vector<double> purchases_in_window(const Orders& orders, const RfmSummary& summary,
                                        int32_t after_day, int32_t until_day, Period period);

/// Customers with identical (x, t_x, T) merged: the likelihood is a weighted sum over patterns.
struct Patterns {
  std::vector<double> x, tx, T, weight;
  std::vector<int32_t> pattern_of;  ///< for each input row, its pattern
  double total_weight = 0;
  size_t size() const { return x.size(); }
};
Patterns collapse_patterns(const std::vector<double>& x, const std::vector<double>& tx,
                           const std::vector<double>& T);

}  // namespace kexi
