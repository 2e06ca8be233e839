#include "kexi/customer_summary.hpp"

#include <algorithm>
#include <memory>

namespace kexi {

namespace {

// Buffers below are fully overwritten, so they are allocated without value-initialisation: a
// zero fill would write every page once more (it was ~5% of the native load), and a fresh page
// costs its first write.
template <class T>
std::unique_ptr<T[]> uninitialised(size_t n) {
  return std::unique_ptr<T[]>(new T[n]);
}

// by_day[j]: the entry that comes j-th in (day, current) order, a stable counting sort by day.
// day_start[d]: where day min_day + d begins in it.
std::unique_ptr<uint32_t[]> order_by_day(const std::vector<int32_t>& day, int32_t min_day,
                                         const std::vector<uint32_t>& day_start) {
  std::unique_ptr<uint32_t[]> by_day = uninitialised<uint32_t>(day.size());
  std::vector<uint32_t> next(day_start.begin(), day_start.end() - 1);
  for (size_t i = 0; i < day.size(); ++i)
    by_day[next[static_cast<size_t>(day[i] - min_day)]++] = static_cast<uint32_t>(i);
  return by_day;
}

// Along the by-day order each entry takes the next place of its customer (place[c]: the start of
// customer c's run, on return its end): by_day[j] becomes that place, and the amount moves there.
void place_amounts(Orders& o, uint32_t* by_day, uint32_t* place) {
  const size_t n = o.size();
  std::unique_ptr<double[]> amount = uninitialised<double>(n);
  std::copy(o.amount.begin(), o.amount.end(), amount.get());
  for (size_t j = 0; j < n; ++j) {
    const uint32_t i = by_day[j];
    const uint32_t to = place[static_cast<size_t>(o.customer[i])]++;
    o.amount[to] = amount[i];
    by_day[j] = to;
  }
}

// Stable sort by (customer, day), equal keys in their current order: a counting sort by day gives
// the visiting order, a counting sort by customer along it gives each entry's place (LSD). Rather
// than building the permutation and applying it to each column (three more full-size columns and
// a second permutation), the entries are written straight to their places: amounts from a copy,
// customers as runs and days from their day's bucket, both in place. Memory besides the columns:
// the by-day order (4 bytes an entry), the amount copy (8) and the customers' places (4 a customer).
void sort_by_customer_then_day(Orders& o, size_t customers) {
  const size_t n = o.size();
  if (n == 0) return;
  const auto [lo, hi] = std::minmax_element(o.day.begin(), o.day.end());
  const int32_t min_day = *lo;
  const size_t days = static_cast<size_t>(*hi - min_day) + 1;
  std::vector<uint32_t> day_start(days + 1, 0);
  for (int32_t d : o.day) ++day_start[static_cast<size_t>(d - min_day) + 1];
  for (size_t d = 1; d <= days; ++d) day_start[d] += day_start[d - 1];
  std::unique_ptr<uint32_t[]> by_day = order_by_day(o.day, min_day, day_start);
  std::vector<uint32_t> place(customers + 1, 0);
  for (int32_t c : o.customer) ++place[static_cast<size_t>(c) + 1];
  for (size_t c = 1; c <= customers; ++c) place[c] += place[c - 1];
  place_amounts(o, by_day.get(), place.data());
  // place[c] is now the end of customer c's run.
  for (size_t c = 0, j = 0; c < customers; ++c)
    for (; j < place[c]; ++j) o.customer[j] = static_cast<int32_t>(c);
  // Entry j of the by-day order has the day of its bucket.
  for (size_t d = 0; d < days; ++d)
    for (size_t j = day_start[d]; j < day_start[d + 1]; ++j) o.day[by_day[j]] = min_day + static_cast<int32_t>(d);
}

}  // namespace

void summarize_orders(Orders& orders, Customers& c) {
  const size_t n = c.size();
  sort_by_customer_then_day(orders, n);
  c.first_day.assign(n, kNoDay);
  c.last_day.assign(n, kNoDay);
  c.orders.assign(n, 0);
  c.purchase_days.assign(n, 0);
  c.gross_spend.assign(n, 0.0);
  c.refunds.assign(n, 0.0);
  c.first_day_spend.assign(n, 0.0);
  for (size_t k = 0; k < orders.size(); ++k) {
    const size_t i = static_cast<size_t>(orders.customer[k]);
    const int32_t day = orders.day[k];
    const double amount = orders.amount[k];
    if (amount < 0) {
      c.refunds[i] -= amount;
      continue;
    }
    c.gross_spend[i] += amount;
    ++c.orders[i];
    if (c.first_day[i] == kNoDay) {
      c.first_day[i] = day;
      c.purchase_days[i] = 1;
    } else if (day != c.last_day[i]) {
      ++c.purchase_days[i];
    }
    if (day == c.first_day[i]) c.first_day_spend[i] += amount;
    c.last_day[i] = day;
  }
}

}  // namespace kexi
