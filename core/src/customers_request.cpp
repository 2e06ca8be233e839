// The per-customer summary as rows: CSV for `kexi customers`, pages of JSON for the page's table.
#include <algorithm>

#include "kexi/csv_writer.hpp"
#include "kexi/error.hpp"
#include "kexi/option_reader.hpp"
#include "kexi/request_handlers.hpp"

namespace kexi {

namespace {

json row_json(const Customers& c, size_t i) {
  json row = {{"customer_id", c.id[i]},
              {"first_order", format_day(c.first_day[i])},
              {"last_order", format_day(c.last_day[i])},
              {"orders", c.orders[i]},
              {"purchase_days", c.purchase_days[i]},
              {"gross_spend", c.gross_spend[i]},
              {"refunds", c.refunds[i]},
              {"net_spend", c.net_spend(i)}};
  for (const Attribute& a : c.attributes) row[a.name] = a.values[i];
  return row;
}

std::string summary_csv(const Customers& c) {
  CsvWriter w(false);
  for (const char* h : {"customer_id", "first_order", "last_order", "orders", "purchase_days",
                        "gross_spend", "refunds", "net_spend"})
    w.text(h);
  for (const Attribute& a : c.attributes) w.text(a.name);
  w.end_row();
  for (size_t i = 0; i < c.size(); ++i) {
    w.text(c.id[i]).text(format_day(c.first_day[i])).text(format_day(c.last_day[i]));
    w.integer(c.orders[i]).integer(c.purchase_days[i]);
    w.number(c.gross_spend[i], 2).number(c.refunds[i], 2).number(c.net_spend(i), 2);
    for (const Attribute& a : c.attributes) w.text(a.values[i]);
    w.end_row();
  }
  return w.take();
}

}  // namespace

json customers_request(const Dataset& data, const json& request, const Dataset*) {
  const Customers& c = data.customers;
  // OptionReader, not json::value: a negative or text offset is a bad option with our message,
  // not a nlohmann type error that names no option.
  const OptionReader opt(request);
  const std::string format = opt.text("format", "json");
  if (format == "csv") return {{"csv", summary_csv(c)}};
  const size_t offset = static_cast<size_t>(opt.integer("offset", 0, 0, 2000000000));
  const size_t limit = std::min<size_t>(static_cast<size_t>(opt.integer("limit", 100, 0, 2000000000)), 10000);
  json rows = json::array();
  for (size_t i = offset; i < c.size() && i < offset + limit; ++i) rows.push_back(row_json(c, i));
  return {{"total", c.size()}, {"offset", offset}, {"rows", rows}};
}

}  // namespace kexi
