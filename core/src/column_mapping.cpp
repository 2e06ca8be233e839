// Column mapping: which column plays which role, what type each column holds, how its dates and
// numbers are written. Header names first, then the values; the user's mapping overrides both.
#include <algorithm>
#include <set>

#include "ingest.hpp"
#include "kexi/amounts.hpp"
#include "kexi/columns.hpp"

namespace kexi::ingest {

namespace {

const std::set<std::string> kDateRoles = {"date", "first_order", "last_order", "birth_date",
                                          "response_date"};
const std::set<std::string> kNumberRoles = {"amount", "unit_price", "quantity", "total_spend",
                                            "monetary_value", "frequency", "recency", "T",
                                            "orders", "age"};

bool is_integer_text(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s.empty() || s.size() > 18) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct ColumnValues {
  std::vector<std::string> owned;
  std::vector<std::string_view> views;  // non-empty, trimmed
};

std::vector<ColumnValues> columns_of(const std::vector<std::vector<std::string>>& rows, size_t n) {
  std::vector<ColumnValues> cols(n);
  for (const auto& row : rows)
    for (size_t c = 0; c < n && c < row.size(); ++c) {
      std::string_view v = trim(row[c]);
      if (!v.empty()) cols[c].owned.emplace_back(v);
    }
  for (auto& c : cols)
    for (const auto& s : c.owned) c.views.push_back(s);
  return cols;
}

// Type of a column from its sampled values, plus how dates/decimals are written.
void type_column(const ColumnValues& v, ColumnInfo& info, ColumnPlan& plan, bool dates_allowed) {
  if (v.views.empty()) {
    info.type = "empty";
    return;
  }
  const bool all_int = std::all_of(v.views.begin(), v.views.end(), is_integer_text);
  DateColumnGuess g = infer_date_column(v.views);
  if (g.is_date && (!g.excel_serial || dates_allowed)) {
    info.type = "date";
    plan.date_order = g.order;
    plan.excel_serial = g.excel_serial;
    info.detail = g.excel_serial ? "Excel serial days" : to_string(g.order);
    if (g.ambiguous) info.detail = "ambiguous";
    return;
  }
  if (all_int) {
    info.type = "integer";
    return;
  }
  plan.decimal = infer_decimal_mark(v.views);
  size_t ok = 0;
  for (auto s : v.views) ok += parse_amount(s, plan.decimal).status == AmountStatus::Ok;
  if (ok * 10 >= v.views.size() * 9) {
    info.type = "number";
    if (plan.decimal == ',') info.detail = "decimal comma";
    return;
  }
  info.type = "text";
}

int find_column(const std::vector<std::string>& names, const std::string& ref) {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == ref) return static_cast<int>(i);
  const std::string norm = normalize_header(ref);
  for (size_t i = 0; i < names.size(); ++i)
    if (!norm.empty() && normalize_header(names[i]) == norm) return static_cast<int>(i);
  if (is_integer_text(ref)) {
    const long k = std::stol(ref);
    if (k >= 1 && static_cast<size_t>(k) <= names.size()) return static_cast<int>(k - 1);
  }
  return -1;
}

std::string column_list(const std::vector<std::string>& names) {
  std::string s;
  for (size_t i = 0; i < names.size() && i < 30; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > 30) s += ", ... (" + std::to_string(names.size()) + " columns)";
  return s;
}

// Date order of column c decided from every value in the file (the sample could not decide).
// When the file arrives in pieces, ctx.text is only its first part: `rows_read` tells how far.
DateColumnGuess guess_from_whole_column(const Context& ctx, size_t c, size_t& rows_read) {
  CsvReader reader(ctx.text, ctx.dialect);
  std::vector<std::string_view> fields;
  if (ctx.dialect.has_header) reader.next(fields);
  std::vector<std::string_view> chunk;
  DateColumnGuess last;
  last.ambiguous = true;
  auto decide = [&]() {
    DateColumnGuess g = infer_date_column(chunk);
    chunk.clear();
    if (g.is_date && !g.ambiguous) last = g;
    return !last.ambiguous;
  };
  // Keep views valid: fields point into the text except unescaped quoted fields, which are copied.
  std::vector<std::string> copies;
  copies.reserve(4096);  // no reallocation: `chunk` holds views into these strings
  while (reader.next(fields)) {
    ++rows_read;
    if (c >= fields.size()) continue;
    std::string_view v = trim(fields[c]);
    if (v.empty()) continue;
    copies.emplace_back(v);
    chunk.push_back(copies.back());
    if (chunk.size() == 4096) {
      if (decide()) return last;
      copies.clear();
    }
  }
  if (!chunk.empty()) decide();
  return last;
}

void apply_user_mapping(Context& ctx, std::vector<ColumnInfo>& info) {
  for (const auto& [role, ref] : ctx.options->columns) {
    for (auto& ci : info)
      if (ci.role == role) ci.role = "", ci.detected_by = "";
    if (ref.empty()) continue;  // "no column for this role"
    const int c = find_column(ctx.names, ref);
    if (c < 0)
      throw KexiError(Error{"unknown_column",
                            "The mapping names column \"" + ref + "\" for role " + role +
                                ", but the file has no such column. Its columns are: " +
                                column_list(ctx.names) + ".",
                            "", 0, ref});
    info[static_cast<size_t>(c)].role = role;
    info[static_cast<size_t>(c)].detected_by = "user";
  }
}

// Roles still missing are looked for in the values: a date column, a decimal amount column.
void roles_from_values(std::vector<ColumnInfo>& info) {
  auto has = [&](const char* role) {
    return std::any_of(info.begin(), info.end(), [&](const ColumnInfo& c) { return c.role == role; });
  };
  if (!has("date"))
    for (auto& c : info)
      if (c.role.empty() && c.type == "date" && c.detail != "Excel serial days") {
        c.role = "date", c.detected_by = "values";
        break;
      }
  if (!has("amount") && !(has("quantity") && has("unit_price")))
    for (auto& c : info)
      if (c.role.empty() && c.type == "number") {
        c.role = "amount", c.detected_by = "values";
        break;
      }
}

}  // namespace

int Context::column_of(const std::string& role) const {
  for (size_t i = 0; i < plan.size(); ++i)
    if (plan[i].role == role) return static_cast<int>(i);
  return -1;
}

void report_progress(const Context& ctx, size_t done) {
  const size_t bytes = ctx.progress_base + static_cast<size_t>(static_cast<double>(done) * ctx.progress_scale);
  if (ctx.progress && *ctx.progress && !(*ctx.progress)(std::min(bytes, ctx.progress_total), ctx.progress_total))
    throw KexiError("cancelled", "Loading was cancelled.");
}

std::vector<std::vector<std::string>> sample_records(const Context& ctx, size_t max_records) {
  CsvReader reader(ctx.text, ctx.dialect);
  std::vector<std::string_view> fields;
  std::vector<std::vector<std::string>> rows;
  bool header_skipped = !ctx.dialect.has_header;
  while (rows.size() < max_records && reader.next(fields)) {
    if (fields.size() == 1 && trim(fields[0]).empty()) continue;
    if (!header_skipped) {
      header_skipped = true;
      continue;
    }
    rows.emplace_back(fields.begin(), fields.end());
  }
  return rows;
}

void map_columns(Context& ctx) {
  const size_t n = ctx.names.size();
  std::vector<ColumnInfo> info(n);
  ctx.plan.assign(n, ColumnPlan{});
  std::set<std::string> taken;
  for (size_t c = 0; c < n; ++c) {
    info[c].name = ctx.names[c];
    if (!ctx.dialect.has_header) continue;
    const std::string role = role_from_header(ctx.names[c]);
    if (!role.empty() && taken.insert(role).second) info[c].role = role, info[c].detected_by = "header";
  }
  apply_user_mapping(ctx, info);
  const auto sample = columns_of(sample_records(ctx, 2000), n);
  const bool xlsx = ctx.options->source_format == "xlsx";
  for (size_t c = 0; c < n; ++c)
    type_column(sample[c], info[c], ctx.plan[c], xlsx || kDateRoles.count(info[c].role) > 0);
  const bool survey = std::any_of(info.begin(), info.end(), [](const ColumnInfo& c) {
    return c.role == "nps" || c.role == "csat" || c.role == "ces";
  });
  if (survey) {
    // In a survey, numeric columns named like prices or amounts (价格, 产品质量) are rating items.
    for (auto& c : info)
      if ((c.role.empty() || c.role == "amount" || c.role == "unit_price" || c.role == "quantity") &&
          (c.type == "integer" || c.type == "number") && c.detected_by != "user")
        c.role = "rating", c.detected_by = c.detected_by.empty() ? "values" : c.detected_by;
  } else {
    roles_from_values(info);
  }

  const std::string& forced = ctx.options->date_order;
  for (size_t c = 0; c < n; ++c) {
    ColumnPlan& p = ctx.plan[c];
    p.role = info[c].role;
    if (!kDateRoles.count(p.role)) continue;
    if (forced != "auto") {
      p.date_order = parse_date_order(forced);
      info[c].detail = forced;
      if (info[c].type != "date") info[c].type = "date";
      continue;
    }
    if (info[c].detail != "ambiguous") continue;
    size_t rows_read = 0;
    const DateColumnGuess g = guess_from_whole_column(ctx, c, rows_read);
    // A file read in pieces is decided from its first part only (the rows are read once, as
    // they arrive): say how far the search went.
    const std::string where =
        ctx.text_is_whole ? "in the file" : "in the first " + std::to_string(rows_read) + " rows";
    if (g.ambiguous)
      throw KexiError(Error{"ambiguous_date_order",
                            "Column \"" + ctx.names[c] + "\": dates such as \"" +
                                (sample[c].views.empty() ? "" : std::string(sample[c].views[0])) +
                                "\" could be day/month or month/day, and no value " + where +
                                " decides it. Choose the order: --date-order DMY or --date-order MDY "
                                "(in the page, answer the question about the date order).",
                            "", 0, ctx.names[c]});
    p.date_order = g.order;
    info[c].detail = to_string(g.order);
  }
  for (size_t c = 0; c < n; ++c) {
    ColumnPlan& p = ctx.plan[c];
    if (kNumberRoles.count(p.role) && ctx.options->decimal != "auto") p.decimal = ctx.options->decimal[0];
    if (p.decimal == ',' && info[c].type == "number" && info[c].detail.empty())
      info[c].detail = "decimal comma";
  }
  ctx.data->report.columns = info;
}

InputKind decide_kind(const Context& ctx) {
  auto has = [&](const char* role) { return ctx.column_of(role) >= 0; };
  InputKind kind;
  if (ctx.options->kind != "auto") {
    kind = parse_input_kind(ctx.options->kind);
  } else if (has("nps") || has("csat") || has("ces")) {
    kind = InputKind::Survey;
  } else if (has("date") && (has("amount") || (has("quantity") && has("unit_price")))) {
    kind = InputKind::Orders;
  } else if (has("customer_id")) {
    kind = InputKind::Customers;
  } else {
    const auto& cols = ctx.data->report.columns;
    const bool numeric = !cols.empty() && std::all_of(cols.begin(), cols.end(), [](const ColumnInfo& c) {
      return c.type == "integer" || c.type == "number" || c.type == "empty";
    });
    if (!numeric)
      throw KexiError("missing_role",
                      "Cannot tell what this file holds: no column looks like a customer id, an "
                      "order date and amount, or survey answers. Its columns are: " +
                          column_list(ctx.names) +
                          ". Map the columns (e.g. --col-customer NAME --col-date NAME --col-amount "
                          "NAME; in the page, choose the roles in the mapping step).");
    kind = InputKind::Table;
  }
  auto require = [&](const char* role, const char* what, const char* flag) {
    if (!has(role))
      throw KexiError(Error{"missing_role",
                            std::string("No column holds the ") + what + ". Its columns are: " +
                                column_list(ctx.names) + ". Map one with " + flag +
                                " NAME (in the page, choose the role in the mapping step).",
                            "", 0, role});
  };
  if (kind == InputKind::Orders) {
    require("customer_id", "customer id", "--col-customer");
    require("date", "order date", "--col-date");
    if (!has("amount") && !(has("quantity") && has("unit_price")))
      require("amount", "order amount (or quantity and unit price)", "--col-amount");
  } else if (kind == InputKind::Customers) {
    require("customer_id", "customer id", "--col-customer");
  }
  return kind;
}

}  // namespace kexi::ingest
