#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "kexi/loader.hpp"

using namespace kexi;

namespace {

LoadResult load(const std::string& text, LoadOptions o = {}) { return load_dataset(text, o, "t.csv"); }

size_t count_of(const IngestReport& r, const std::string& reason) {
  for (const Rejection& x : r.rejections)
    if (x.reason == reason) return x.count;
  return 0;
}

int customer(const Customers& c, const std::string& id) {
  for (size_t i = 0; i < c.size(); ++i)
    if (c.id[i] == id) return static_cast<int>(i);
  return -1;
}

}  // namespace

TEST_CASE("a messy order file: every row used or rejected under its reason, counts add up") {
  const std::string text =
      "customer_id,order_id,order_date,amount\n"
      "C1,O1,2024-01-05,100.00\n"      // line 2 used
      "C1,O2,2024-02-01,\"1,250.50\"\n"  // line 3 used (thousands separator, quoted)
      ",O3,2024-02-02,10\n"            // line 4 missing customer id
      "C2,O4,2024-02-30,10\n"          // line 5 impossible date
      "C2,O5,yesterday,10\n"           // line 6 unparseable date
      "C2,O6,2024-03-01,ten\n"         // line 7 unparseable amount
      "C2,O7,2024-03-01\n"             // line 8 wrong field count
      "C1,O1,2024-01-05,100.00\n"      // line 9 duplicate of line 2
      "\n"                             // line 10 blank: not a data row
      "C3,O8,2024-03-02,-20\n"         // line 11 refund, used
      "C3,O9,2024-03-03,¥35\n";        // line 12 used
  LoadResult r = load(text);
  REQUIRE(r.ok);
  const IngestReport& rep = r.data.report;
  CHECK(rep.kind == InputKind::Orders);
  CHECK(rep.rows_total == 10);
  CHECK(rep.rows_used == 4);
  CHECK(rep.rows_rejected == 6);
  CHECK(rep.rows_used + rep.rows_rejected == rep.rows_total);
  CHECK(rep.blank_lines == 1);
  CHECK(rep.refund_rows == 1);
  CHECK(count_of(rep, "missing_customer_id") == 1);
  CHECK(count_of(rep, "impossible_date") == 1);
  CHECK(count_of(rep, "unparseable_date") == 1);
  CHECK(count_of(rep, "unparseable_amount") == 1);
  CHECK(count_of(rep, "wrong_field_count") == 1);
  CHECK(count_of(rep, "duplicate_line") == 1);
  for (const Rejection& x : rep.rejections) {
    if (x.reason == "impossible_date") {
      REQUIRE(x.examples.size() == 1);
      CHECK(x.examples[0].row == 5);
      CHECK(x.examples[0].column == "order_date");
      CHECK(x.examples[0].value == "2024-02-30");
    }
    if (x.reason == "duplicate_line") CHECK(x.examples[0].row == 9);
  }
  const Customers& c = r.data.customers;
  REQUIRE(c.size() == 2);  // C2 had no usable row
  const int c1 = customer(c, "C1"), c3 = customer(c, "C3");
  REQUIRE(c1 >= 0);
  REQUIRE(c3 >= 0);
  CHECK(c.orders[c1] == 2);
  CHECK(c.gross_spend[c1] == doctest::Approx(1350.50));
  CHECK(c.orders[c3] == 1);
  CHECK(c.gross_spend[c3] == 35);
  CHECK(c.refunds[c3] == 20);
  CHECK(c.net_spend(c3) == 15);
  CHECK(r.data.first_day == days_from_civil(2024, 1, 5));
  CHECK(r.data.last_day == days_from_civil(2024, 3, 3));
}

TEST_CASE("order lines with the same order id merge into one order") {
  const std::string text =
      "客户编号,订单号,下单时间,数量,单价\n"
      "C1,A1,2024/3/5,2,10\n"
      "C1,A1,2024/3/5,1,5.5\n"
      "C1,A2,2024/3/9,1,3\n"
      "C2,A1,2024/3/5,1,1\n";  // A1 belongs to C1: conflict
  LoadResult r = load(text);
  REQUIRE(r.ok);
  const Customers& c = r.data.customers;
  REQUIRE(c.size() == 2);
  CHECK(c.orders[0] == 2);
  CHECK(c.gross_spend[0] == doctest::Approx(28.5));  // 2*10 + 1*5.5 + 1*3
  CHECK(count_of(r.data.report, "order_customer_conflict") == 1);
  CHECK(r.data.report.rows_used == 3);
}

TEST_CASE("orders, refunds and lines without order id keep their file order among equal days") {
  // Orders with ids are kept apart from loose lines (no id, refunds) while reading, then merged
  // back; the stable sort by (customer, day) shows the merged order where days are equal.
  const std::string text =
      "customer_id,order_id,date,amount,region\n"
      "A,O1,2024-01-01,10,North\n"  // line 2: order O1
      "A,O1,2024-01-01,5,\n"        // line 3: O1 = 15
      "B,,2024-01-02,7,South\n"     // line 4: loose, after 1 order
      "B,O2,2024-01-02,20,\n"       // line 5: order O2
      "A,R1,2024-01-04,-3,\n"       // line 6: refund, loose, after 2 orders
      "C,O3,2024-01-02,8,\n"        // line 7: order O3
      "A,O1,2024-01-05,1,East\n"    // line 8: late line of O1 (keeps its day 01-01): O1 = 16
      "B,O2,2024-01-02,20,\n"       // line 9: copy of line 5: duplicate_line
      "C,O2,2024-01-06,9,West\n"    // line 10: O2 is B's: order_customer_conflict
      "B,,2024-01-02,7,South\n"     // line 11: copy of line 4: duplicate_line
      "C,,2024-01-02,4,\n"          // line 12: loose, after 3 orders
      "B,O4,2024-01-02,6,\n"        // line 13: order O4
      "B,,2024-01-02,5,\n"          // line 14: loose, after 4 orders (right after O4, same day)
      "A,,2024-01-01,2,\n";         // line 15: loose, after 4 orders
  LoadResult r = load(text);
  REQUIRE(r.ok);
  const IngestReport& rep = r.data.report;
  CHECK(rep.rows_total == 14);
  CHECK(rep.rows_rejected == 3);  // lines 9, 10, 11
  CHECK(rep.rows_used == 11);
  CHECK(count_of(rep, "duplicate_line") == 2);
  CHECK(count_of(rep, "order_customer_conflict") == 1);
  CHECK(rep.refund_rows == 1);
  // File order of the entries: O1 16, B 7, O2 20, A -3, O3 8, C 4, O4 6, B 5, A 2. Customers by first
  // line: A 0, B 1, C 2. Sorted by (customer, day), equal keys in that file order:
  const int32_t d1 = days_from_civil(2024, 1, 1), d2 = days_from_civil(2024, 1, 2),
                d4 = days_from_civil(2024, 1, 4);
  const Orders& o = r.data.orders;
  CHECK(o.customer == std::vector<int32_t>{0, 0, 0, 1, 1, 1, 1, 2, 2});
  CHECK(o.day == std::vector<int32_t>{d1, d1, d4, d2, d2, d2, d2, d2, d2});
  CHECK(o.amount == std::vector<double>{16, 2, -3, 7, 20, 6, 5, 8, 4});
  const Customers& c = r.data.customers;
  REQUIRE(c.size() == 3);
  CHECK(c.id == std::vector<std::string>{"A", "B", "C"});
  // A: orders O1 16 and the loose 2, both on 01-01: gross 18, one purchase day, refunds 3.
  CHECK(c.orders == std::vector<int32_t>{2, 4, 2});       // B: 7, 20, 6, 5; C: 8, 4
  CHECK(c.purchase_days == std::vector<int32_t>{1, 1, 1});
  CHECK(c.gross_spend == std::vector<double>{18, 38, 12});  // 7 + 20 + 6 + 5; 8 + 4
  CHECK(c.refunds == std::vector<double>{3, 0, 0});
  CHECK(c.first_day_spend == std::vector<double>{18, 38, 12});
  CHECK(c.last_day == std::vector<int32_t>{d1, d2, d2});
  // Region: the last non-empty value of a used line: A East (line 8), B South; C's West was on
  // the rejected line 10.
  REQUIRE(c.attributes.size() == 1);
  CHECK(c.attributes[0].values == std::vector<std::string>{"East", "South", ""});
}

TEST_CASE("duplicate lines are found wherever the copy is: in its order, late, long orders, refunds") {
  std::string body;
  // Order A1: 40 lines (beyond the 32 kept with the order), all distinct by amount.
  for (int i = 1; i <= 40; ++i) body += "C1,A1,2024-03-05," + std::to_string(i) + "\n";
  body += "C1,A1,2024-03-05,40\n";   // repeats line 40 of the same run (past the 32): duplicate
  body += "C1,A1,2024-03-05,3\n";    // repeats an early line of the run: duplicate
  body += "C2,A2,2024-03-06,7\n";
  body += "C2,A2,2024-03-06,8\n";
  body += "C2,R1,2024-03-07,-5\n";   // refund
  body += "C2,,2024-03-07,9\n";      // no order id
  body += "C1,A1,2024-03-05,41\n";   // A1 again after A2: a late line, new
  body += "C1,A1,2024-03-05,41\n";   // the late line again: duplicate
  body += "C1,A1,2024-03-05,20\n";   // late copy of a line of A1's run: duplicate
  body += "C2,A2,2024-03-06,8\n";    // late copy of A2's second line: duplicate
  body += "C2,R1,2024-03-07,-5\n";   // the refund again: duplicate
  body += "C2,,2024-03-07,9\n";      // the line without order id again: duplicate
  body += "C2,A2,2024-03-06,8.0\n";  // not the same text: a new line of A2
  const LoadResult r = load("customer_id,order_id,order_date,amount\n" + body);
  REQUIRE(r.ok);
  const IngestReport& rep = r.data.report;
  CHECK(rep.rows_total == 53);
  CHECK(count_of(rep, "duplicate_line") == 7);
  CHECK(rep.rows_used == 46);
  // C1: A1 = 1 + ... + 40 + 41 = 861 in one order. C2: A2 = 7 + 8 + 8 = 23, the refund -5, the
  // order without id 9: three entries.
  const Customers& c = r.data.customers;
  const int c1 = customer(c, "C1"), c2 = customer(c, "C2");
  REQUIRE(c1 >= 0);
  REQUIRE(c2 >= 0);
  CHECK(c.orders[static_cast<size_t>(c1)] == 1);
  CHECK(c.gross_spend[static_cast<size_t>(c1)] == doctest::Approx(861));
  CHECK(c.refunds[static_cast<size_t>(c2)] == doctest::Approx(5));
}

TEST_CASE("a late line is compared with its own order's run among hundreds of runs of different lengths") {
  // 200 orders O0..O199 of customer C(i % 7), each a run of 2 lines (amounts i and 1000 + i), and
  // every third order (i % 3 == 0) a third line (2000 + i). Runs of 2 and 3 lines: where an older
  // order's run starts must be added up right, across the 64-order blocks it is kept in.
  std::string body;
  auto line = [](int i, int amount) {
    return "C" + std::to_string(i % 7) + ",O" + std::to_string(i) + ",2024-01-01," + std::to_string(amount) + "\n";
  };
  for (int i = 0; i < 200; ++i) {
    body += line(i, i) + line(i, 1000 + i);
    if (i % 3 == 0) body += line(i, 2000 + i);
  }
  // Late copies of last lines, around the block edges 63/64 and 127/128: all duplicates.
  for (int i : {0, 63, 64, 126, 127, 128, 199}) body += line(i, i % 3 == 0 ? 2000 + i : 1000 + i);
  // Late new lines of older orders (amount 5): used, merged into their orders.
  for (int i : {1, 65, 130}) body += line(i, 5);
  const LoadResult r = load("customer_id,order_id,order_date,amount\n" + body);
  REQUIRE(r.ok);
  const IngestReport& rep = r.data.report;
  // 400 run lines + 67 third lines (i = 0, 3, ..., 198) + 7 copies + 3 new late lines.
  CHECK(rep.rows_total == 477);
  CHECK(count_of(rep, "duplicate_line") == 7);
  CHECK(rep.rows_used == 470);
  // Every line merges into its order: 200 orders. Spend: sum of i = 19900 twice, 200 x 1000,
  // third lines 67 x 2000 + (0 + 3 + ... + 198 = 3 x 33 x 67 = 6633), late 3 x 5:
  // 39800 + 200000 + 134000 + 6633 + 15 = 380448.
  CHECK(r.data.orders.size() == 200);
  double spend = 0;
  for (double x : r.data.customers.gross_spend) spend += x;
  CHECK(spend == 380448);
}

TEST_CASE("the same file twice over: the second copy is all duplicates, sorted ids or not") {
  for (const bool sorted : {true, false}) {
    std::string body;
    for (int i = 0; i < 3000; ++i) {
      const int o = sorted ? i : (i * 7919) % 3000;
      body += "C" + std::to_string(o % 97) + ",O" + std::to_string(o) + ",2024-01-0" +
              std::to_string(1 + o % 9) + "," + std::to_string(o % 50 + 1) + "\n";
    }
    const LoadResult r = load("customer_id,order_id,order_date,amount\n" + body + body);
    REQUIRE(r.ok);
    CHECK(r.data.report.rows_total == 6000);
    CHECK(count_of(r.data.report, "duplicate_line") == 3000);
    CHECK(r.data.orders.size() == 3000);
  }
}

TEST_CASE("semicolon file with decimal commas and day-first dates") {
  const std::string text =
      "Kunde;Datum;Betrag\n"
      "K1;25.12.2023;12,50\n"
      "K1;03.01.2024;1.234,00\n"
      "K2;04.01.2024;7,25\n";
  LoadOptions o;
  o.columns = {{"customer_id", "Kunde"}, {"date", "Datum"}, {"amount", "Betrag"}};
  LoadResult r = load(text, o);
  REQUIRE(r.ok);
  CHECK(r.data.report.delimiter == ";");
  CHECK(r.data.report.rows_used == 3);
  CHECK(r.data.customers.gross_spend[0] == doctest::Approx(1246.50));
  CHECK(r.data.first_day == days_from_civil(2023, 12, 25));
  CHECK(r.data.last_day == days_from_civil(2024, 1, 4));
}

TEST_CASE("ambiguous day/month order asks the user, and the answer is used") {
  const std::string text = "customer_id,date,amount\nC1,03/05/2024,1\nC2,04/06/2024,2\n";
  LoadResult r = load(text);
  REQUIRE_FALSE(r.ok);
  CHECK(r.error.code == "ambiguous_date_order");
  CHECK(r.error.column == "date");
  LoadOptions o;
  o.date_order = "MDY";
  r = load(text, o);
  REQUIRE(r.ok);
  CHECK(r.data.first_day == days_from_civil(2024, 3, 5));
  o.date_order = "DMY";
  r = load(text, o);
  REQUIRE(r.ok);
  CHECK(r.data.first_day == days_from_civil(2024, 5, 3));
}

TEST_CASE("a late value decides the day/month order of the whole column") {
  std::string text = "customer_id,date,amount\n";
  for (int i = 0; i < 3000; ++i) text += "C" + std::to_string(i % 50) + ",03/05/2024,1\n";
  text += "C1,12/25/2024,1\n";  // month first
  LoadResult r = load(text);
  REQUIRE(r.ok);
  CHECK(r.data.first_day == days_from_civil(2024, 3, 5));
}

TEST_CASE("hostile files give a clear error, never a crash") {
  CHECK(load("").error.code == "empty_file");
  CHECK(load("\n\n  \n").error.code == "empty_file");
  CHECK(load("customer_id,date,amount\n").error.code == "no_data_rows");
  CHECK(load(std::string("PK\x03\x04rest", 8)).error.code == "xlsx_file");
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919) % 256));
  const LoadResult g = load(garbage);
  CHECK_FALSE(g.ok);
  CHECK(g.error.message.find("t.csv") == 0);
  CHECK(load("a,b\nx,y\n").error.code == "missing_role");
  CHECK(load("a,b\n1,2\n").data.report.kind == InputKind::Table);  // numbers only: a plain table
}

TEST_CASE("an unbalanced quote costs one row, not the rest of the file") {
  const std::string text =
      "customer_id,date,amount\n"
      "C1,2024-01-01,\"5\"\n"
      "C2,\"2024-01-02,6\n"
      "C3,2024-01-03,7\n"
      "C4,2024-01-04,8\n";  // no later quote closes the one on line 3
  LoadResult r = load(text);
  REQUIRE(r.ok);
  CHECK(r.data.report.rows_total == 4);
  CHECK(r.data.report.rows_used == 3);
  CHECK(count_of(r.data.report, "unterminated_quote") == 1);
}

TEST_CASE("a 10 MB field and 5,000 columns load without trouble") {
  std::string big = "customer_id,date,amount,note\nC1,2024-01-01,5,\"" + std::string(10 << 20, 'x') + "\"\n";
  LoadResult r = load(big);
  REQUIRE(r.ok);
  CHECK(r.data.report.rows_used == 1);
  std::string wide = "customer_id,date,amount";
  for (int i = 0; i < 5000; ++i) wide += ",c" + std::to_string(i);
  wide += "\nC1,2024-01-01,5";
  for (int i = 0; i < 5000; ++i) wide += ",1";
  wide += "\n";
  r = load(wide);
  REQUIRE(r.ok);
  CHECK(r.data.report.columns.size() == 5003);
  CHECK(r.data.report.rows_used == 1);
}

TEST_CASE("a customer table keeps attributes and ready-made lifetimes columns") {
  const std::string text =
      "customer_id,name,region,frequency,recency,T,monetary_value\n"
      "C1,张伟,上海,2,30,60,25.5\n"
      "C2,<img src=x onerror=alert(1)>,北京,0,0,45,0\n"
      "C1,dup,上海,1,1,1,1\n";
  LoadResult r = load(text);
  REQUIRE(r.ok);
  CHECK(r.data.report.kind == InputKind::Customers);
  const Customers& c = r.data.customers;
  REQUIRE(c.size() == 2);
  CHECK(c.frequency == std::vector<double>{2, 0});
  CHECK(c.T == std::vector<double>{60, 45});
  CHECK(c.monetary_value[0] == 25.5);
  CHECK(count_of(r.data.report, "duplicate_customer") == 1);
  bool found = false;
  for (const Attribute& a : c.attributes)
    if (a.role == "name") found = a.values[1] == "<img src=x onerror=alert(1)>";
  CHECK(found);
}

TEST_CASE("user mapping to an unknown column names the columns that exist") {
  LoadOptions o;
  o.columns = {{"amount", "Betrag"}};
  LoadResult r = load("customer_id,date,total\nC1,2024-01-01,5\n", o);
  REQUIRE_FALSE(r.ok);
  CHECK(r.error.code == "unknown_column");
  CHECK(r.error.message.find("customer_id, date, total") != std::string::npos);
}

TEST_CASE("load options from JSON are validated") {
  CHECK_THROWS_AS(load_options_from_json(nlohmann::json{{"date_order", "YDM"}}), KexiError);
  CHECK_THROWS_AS(load_options_from_json(nlohmann::json{{"colums", {}}}), KexiError);
  CHECK_THROWS_AS(load_options_from_json(nlohmann::json{{"columns", {{"amout", "x"}}}}), KexiError);
  const LoadOptions o = load_options_from_json(
      nlohmann::json{{"delimiter", "tab"}, {"columns", {{"customer_id", 2}}}});
  CHECK(o.delimiter == "\t");
  CHECK(o.columns.at("customer_id") == "2");
}

TEST_CASE("stray bytes in a UTF-8 file become U+FFFD with a warning, so the report is valid JSON") {
  // Before: mostly-valid UTF-8 was used in place, and a customer id with a Latin-1 byte reached
  // the report as invalid UTF-8 (nlohmann's dump throws on it: the CLI printed an internal error).
  std::string s = "customer_id,order_date,amount,region\n";
  for (int i = 0; i < 100; ++i) s += "C" + std::to_string(i) + ",2024-03-05,12.5,北京\n";
  s += "caf\xE9,2024-03-06,1,Paris\n";
  const LoadResult r = load(s);
  REQUIRE(r.ok);
  CHECK(r.data.report.rows_used == 101);
  CHECK(customer(r.data.customers, "caf\xEF\xBF\xBD") >= 0);  // U+FFFD is ef bf bd in UTF-8
  bool warned = false;
  for (const std::string& w : r.data.report.warnings) warned |= w.find("U+FFFD") != std::string::npos;
  CHECK(warned);
  CHECK_NOTHROW((void)nlohmann::json(r.data.customers.id).dump());
}

TEST_CASE("load_file reads a file in blocks with the same result as its bytes, and names a missing one") {
  const std::string text = "customer_id,order_date,amount\nC1,2024-01-02,5\nC2,2024-01-03,7\nC1,2024-01-04,1\n";
  const std::string path = "kexi_test_load_file.csv";
  { std::ofstream(path, std::ios::binary) << text; }
  const LoadResult from_file = load_file(path, LoadOptions{});
  std::remove(path.c_str());
  const LoadResult from_bytes = load(text);
  REQUIRE(from_file.ok);
  CHECK(from_file.data.report.rows_used == 3);
  CHECK(from_file.data.customers.id == from_bytes.data.customers.id);
  CHECK(from_file.data.customers.gross_spend == from_bytes.data.customers.gross_spend);  // C1 6, C2 7
  CHECK(from_file.data.customers.gross_spend[0] == 6);
  const LoadResult missing = load_file("no/such/file.csv", LoadOptions{});
  CHECK_FALSE(missing.ok);
  CHECK(missing.error.code == "file_unreadable");
  CHECK(missing.error.file == "no/such/file.csv");
}
