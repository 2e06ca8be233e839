#include <doctest/doctest.h>

#include "kexi/error.hpp"
#include "kexi/rfm_summary.hpp"

using namespace kexi;

namespace {
int32_t day(int y, int m, int d) { return days_from_civil(y, m, d); }

// Orders must be sorted by (customer, day), as the loader delivers them.
Orders january_orders() {
  Orders o;
  auto add = [&](int32_t c, int32_t dd, double amount) {
    o.customer.push_back(c);
    o.day.push_back(dd);
    o.amount.push_back(amount);
  };
  add(0, day(2024, 1, 1), 10);   // customer 0: two orders on Monday 1 January (same day: merged)
  add(0, day(2024, 1, 1), 5);
  add(0, day(2024, 1, 3), 20);   //   Wednesday, same ISO week as 1 January
  add(0, day(2024, 1, 10), 30);  //   next week
  add(1, day(2024, 1, 31), 50);  // customer 1: one order on the last day
  add(2, day(2024, 1, 5), 40);   // customer 2: a refund after the observation end is ignored
  add(2, day(2024, 2, 2), -40);
  add(3, day(2024, 1, 20), 10);  // customer 3: a same-day partial refund, then a refund-only day
  add(3, day(2024, 1, 20), -3);
  add(3, day(2024, 1, 25), -5);
  add(4, day(2024, 2, 5), 99);   // customer 4: first purchase after the observation end
  return o;
}
}  // namespace

TEST_CASE("Daily summary merges same-day orders and follows the lifetimes conventions") {
  RfmSummaryOptions opt;
  opt.period = Period::Day;
  opt.observation_end = day(2024, 1, 31);
  const RfmSummary s = rfm_from_orders(january_orders(), 5, opt);
  REQUIRE(s.size() == 4);  // customer 4 has no purchase up to the end
  // Customer 0: purchase days 1, 3, 10 Jan -> frequency 2; recency 10 - 1 = 9 days;
  // T = 31 - 1 = 30 days; repeat-day values 20 and 30 -> monetary 25. Revenue 10+5+20+30 = 65.
  CHECK(s.customer[0] == 0);
  CHECK(s.frequency[0] == 2);
  CHECK(s.recency[0] == 9);
  CHECK(s.T[0] == 30);
  CHECK(s.monetary_value[0] == 25);
  CHECK(s.revenue[0] == 65);
  // Customer 1: one purchase on the end day: 0, 0, 0, 0.
  CHECK(s.frequency[1] == 0);
  CHECK(s.recency[1] == 0);
  CHECK(s.T[1] == 0);
  CHECK(s.monetary_value[1] == 0);
  // Customer 2: T = 31 - 5 = 26, the February refund is outside the window.
  CHECK(s.frequency[2] == 0);
  CHECK(s.T[2] == 26);
  CHECK(s.revenue[2] == 40);
  // Customer 3: the refund-only day is not a purchase period; revenue 10 - 3 - 5 = 2.
  CHECK(s.frequency[3] == 0);
  CHECK(s.T[3] == 11);
  CHECK(s.revenue[3] == 2);
}

TEST_CASE("Weekly summary counts ISO weeks (Monday start)") {
  RfmSummaryOptions opt;
  opt.period = Period::Week;
  opt.observation_end = day(2024, 1, 31);
  const RfmSummary s = rfm_from_orders(january_orders(), 5, opt);
  // Customer 0: 1 and 3 January share the week of Mon 1 Jan; 10 January is the next week:
  // frequency 1, recency 1 week; 31 January is in the week of Mon 29 Jan, 4 weeks on: T = 4.
  // The one repeat week holds the 30 order -> monetary 30.
  CHECK(s.frequency[0] == 1);
  CHECK(s.recency[0] == 1);
  CHECK(s.T[0] == 4);
  CHECK(s.monetary_value[0] == 30);
  // Customer 2: Fri 5 Jan is in week 0, 31 Jan in week 4.
  CHECK(s.T[2] == 4);
}

TEST_CASE("Monthly summary merges purchases in the same calendar month") {
  Orders o;
  for (auto [d, a] : {std::pair{day(2024, 1, 15), 10.0}, {day(2024, 2, 20), 20.0}, {day(2024, 2, 25), 5.0},
                      {day(2024, 3, 1), 7.0}}) {
    o.customer.push_back(0);
    o.day.push_back(d);
    o.amount.push_back(a);
  }
  RfmSummaryOptions opt;
  opt.period = Period::Month;
  opt.observation_end = day(2024, 4, 30);
  const RfmSummary s = rfm_from_orders(o, 1, opt);
  // Months Jan, Feb, Mar -> frequency 2, recency 2 months, T = Apr - Jan = 3 months;
  // repeat months hold 20+5 = 25 and 7 -> monetary 16.
  CHECK(s.frequency[0] == 2);
  CHECK(s.recency[0] == 2);
  CHECK(s.T[0] == 3);
  CHECK(s.monetary_value[0] == 16);
  // Everything in January alone: the month period turns customer 0 of january_orders into a
  // one-time buyer.
  const RfmSummary jan = rfm_from_orders(january_orders(), 5, opt);
  CHECK(jan.frequency[0] == 0);
  CHECK(jan.monetary_value[0] == 0);
}

TEST_CASE("Period parsing and week indices") {
  CHECK(parse_period("week") == Period::Week);
  CHECK(parse_period("month") == Period::Month);
  CHECK_THROWS_AS(parse_period("fortnight"), KexiError);
  // Sun 31 Dec 2023 and Mon 1 Jan 2024 are in different ISO weeks; Mon..Sun share one.
  CHECK(period_index(day(2023, 12, 31), Period::Week) + 1 == period_index(day(2024, 1, 1), Period::Week));
  CHECK(period_index(day(2024, 1, 7), Period::Week) == period_index(day(2024, 1, 1), Period::Week));
  // Before 1970 too: Mon 29 Dec 1969 starts the week of Thu 1 Jan 1970.
  CHECK(period_index(day(1969, 12, 29), Period::Week) == period_index(day(1970, 1, 1), Period::Week));
  CHECK(period_index(day(1969, 12, 28), Period::Week) == period_index(day(1970, 1, 1), Period::Week) - 1);
}

TEST_CASE("A customer table with ready-made columns is taken as it is, bad rows counted") {
  Customers c;
  c.id = {"a", "b", "c"};
  c.frequency = {2, 0, 1};
  c.recency = {10, 0, 20};
  c.T = {30, 5, 15};  // customer c has recency > T: skipped
  c.monetary_value = {12.5, 0, 3};
  const RfmSummary s = rfm_from_table(c, Period::Day);
  REQUIRE(s.size() == 2);
  CHECK(s.frequency[0] == 2);
  CHECK(s.recency[0] == 10);
  CHECK(s.T[0] == 30);
  CHECK(s.monetary_value[0] == 12.5);
  CHECK(s.skipped == 1);
}

TEST_CASE("Identical (frequency, recency, T) collapse into one weighted pattern") {
  const Patterns p = collapse_patterns({0, 1, 0, 1, 0}, {0, 3, 0, 3, 0}, {5, 5, 5, 5, 6});
  CHECK(p.size() == 3);  // (0,0,5) x2, (0,0,6) x1, (1,3,5) x2
  CHECK(p.weight[p.pattern_of[0]] == 2);
  CHECK(p.weight[p.pattern_of[4]] == 1);
  CHECK(p.weight[p.pattern_of[1]] == 2);
  CHECK(p.pattern_of[1] == p.pattern_of[3]);
}
