#include <doctest/doctest.h>

#include "kexi/customer_summary.hpp"

using namespace kexi;

TEST_CASE("summary of a hand-made order log") {
  // Customer A (0): 2024-01-05 100, 2024-01-05 50 (same day), 2024-02-01 30, refund -20 on 02-03.
  // Customer B (1): a single order of 80 on 2024-01-10.
  // Customer C (2): only a refund: no orders, no purchase days.
  const int32_t d0105 = days_from_civil(2024, 1, 5), d0110 = days_from_civil(2024, 1, 10),
                d0201 = days_from_civil(2024, 2, 1), d0203 = days_from_civil(2024, 2, 3);
  Orders o;
  o.customer = {0, 1, 0, 0, 2, 0};
  o.day = {d0201, d0110, d0105, d0203, d0110, d0105};
  o.amount = {30, 80, 100, -20, -5, 50};
  Customers c;
  c.id = {"A", "B", "C"};
  summarize_orders(o, c);
  // A: orders 3 (100, 50, 30), purchase days 2 (01-05, 02-01), gross 180, refunds 20, net 160,
  // first-day spend 150.
  CHECK(c.first_day[0] == d0105);
  CHECK(c.last_day[0] == d0201);
  CHECK(c.orders[0] == 3);
  CHECK(c.purchase_days[0] == 2);
  CHECK(c.gross_spend[0] == 180);
  CHECK(c.refunds[0] == 20);
  CHECK(c.net_spend(0) == 160);
  CHECK(c.first_day_spend[0] == 150);
  CHECK(c.orders[1] == 1);
  CHECK(c.first_day[1] == d0110);
  CHECK(c.last_day[1] == d0110);
  CHECK(c.orders[2] == 0);
  CHECK(c.first_day[2] == kNoDay);
  CHECK(c.refunds[2] == 5);
  // Orders end up sorted by customer, then day (stable for equal days: 100 before 50).
  CHECK(o.customer == std::vector<int32_t>{0, 0, 0, 0, 1, 2});
  CHECK(o.day == std::vector<int32_t>{d0105, d0105, d0201, d0203, d0110, d0110});
  CHECK(o.amount == std::vector<double>{100, 50, 30, -20, 80, -5});
}

TEST_CASE("the sort keeps equal (customer, day) entries in their order, around customers without orders") {
  // Customers 0 and 3 have no orders (prospects); days 10, 12, 15 with gaps between them.
  Orders o;
  o.customer = {2, 1, 2, 4, 1, 2, 4, 1};
  o.day = {15, 12, 10, 12, 12, 15, 10, 10};
  o.amount = {1, 2, 3, 4, 5, 6, 7, 8};
  Customers c;
  c.id = {"P0", "B", "C", "P3", "E"};
  summarize_orders(o, c);
  // B (1): entries 2 (day 12), 5 (12), 8 (10) -> 8, 2, 5. C (2): 1 (15), 3 (10), 6 (15) -> 3, 1, 6.
  // E (4): 4 (12), 7 (10) -> 7, 4.
  CHECK(o.customer == std::vector<int32_t>{1, 1, 1, 2, 2, 2, 4, 4});
  CHECK(o.day == std::vector<int32_t>{10, 12, 12, 10, 15, 15, 10, 12});
  CHECK(o.amount == std::vector<double>{8, 2, 5, 3, 1, 6, 7, 4});
  CHECK(c.orders == std::vector<int32_t>{0, 3, 3, 0, 2});
  CHECK(c.first_day == std::vector<int32_t>{kNoDay, 10, 10, kNoDay, 10});
  CHECK(c.first_day_spend == std::vector<double>{0, 8, 3, 0, 7});
}

TEST_CASE("the sort works with more customers than entries") {
  // Four customers, two entries: customer 3 on day 7 (5), customer 1 on day 9 (6).
  Orders o;
  o.customer = {3, 1};
  o.day = {7, 9};
  o.amount = {5, 6};
  Customers c;
  c.id = {"P0", "B", "P2", "D"};
  summarize_orders(o, c);
  CHECK(o.customer == std::vector<int32_t>{1, 3});
  CHECK(o.day == std::vector<int32_t>{9, 7});
  CHECK(o.amount == std::vector<double>{6, 5});
  CHECK(c.orders == std::vector<int32_t>{0, 1, 0, 1});
  CHECK(c.gross_spend == std::vector<double>{0, 6, 0, 5});
}
