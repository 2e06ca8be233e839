// The row passes of ingestion: every record is read once, either used or rejected under a reason,
// so that used + rejected == data rows always holds.
#include <algorithm>
#include <cmath>

#include "ingest.hpp"
#include "kexi/amounts.hpp"
#include "kexi/customer_summary.hpp"
#include "kexi/string_index.hpp"

namespace kexi::ingest {

namespace {

constexpr size_t kProgressEvery = 1 << 20;  // bytes

const char* date_reason(DateStatus s) {
  switch (s) {
    case DateStatus::Empty: return "missing_date";
    case DateStatus::Impossible: return "impossible_date";
    case DateStatus::OutOfRange: return "date_out_of_range";
    default: return "unparseable_date";
  }
}

const char* amount_reason(AmountStatus s) {
  switch (s) {
    case AmountStatus::Empty: return "missing_amount";
    case AmountStatus::OutOfRange: return "amount_out_of_range";
    default: return "unparseable_amount";
  }
}

// Per-customer text attributes (region, channel, ...), interned: the last non-empty value wins.
struct AttributeColumns {
  std::vector<int> column;
  std::vector<std::string> role;
  std::vector<StringIndex> values;
  std::vector<std::vector<int32_t>> code;  // per attribute, per customer; -1 unknown

  void add_column(int c, const std::string& r) {
    column.push_back(c);
    role.push_back(r);
    values.emplace_back();
    code.emplace_back();
  }
  void set(size_t customer, const std::vector<std::string_view>& fields) {
    for (size_t a = 0; a < column.size(); ++a) {
      if (code[a].size() <= customer) code[a].resize(std::max(customer + 1, code[a].size() * 2), -1);
      std::string_view v = trim(fields[static_cast<size_t>(column[a])]);
      if (v.empty()) continue;
      const int32_t now = code[a][customer];
      if (now >= 0 && values[a].key(now) == v) continue;  // usual case: unchanged, no hashing
      code[a][customer] = values[a].find_or_add(v);
    }
  }
  void finish(const std::vector<std::string>& names, Customers& c) const {
    for (size_t a = 0; a < column.size(); ++a) {
      Attribute attr{names[static_cast<size_t>(column[a])], role[a], {}};
      attr.values.resize(c.size());
      for (size_t i = 0; i < c.size() && i < code[a].size(); ++i)
        if (code[a][i] >= 0) attr.values[i] = std::string(values[a].key(code[a][i]));
      c.attributes.push_back(std::move(attr));
    }
  }
};

// The fingerprints of each order's first lines (its run: the lines that came together, up to
// kMaxRun), grouped by order in order of the orders. Where a run starts is stored for every 64th
// order only, with each order's run length in one byte: 1.06 bytes per order instead of a 4-byte
// start (23 MB less at 8M orders, memory the load would touch fresh). Finding an older order's run
// adds up at most 63 lengths; only late lines (lines of an order that is not the newest) need it.
class OrderRuns {
 public:
  static constexpr size_t kMaxRun = 32;

  void reserve(size_t orders) {
    lines_.reserve(orders);
    length_.reserve(orders);
    block_start_.reserve(orders / kBlock + 1);
  }
  /// A new order (the newest from now on) whose first line is `line`.
  void add_order(uint64_t line) {
    if (length_.size() % kBlock == 0) block_start_.push_back(static_cast<uint32_t>(lines_.size()));
    newest_start_ = lines_.size();
    length_.push_back(1);
    lines_.push_back(line);
  }
  /// Whether `line` is in order o's run.
  bool has(size_t o, uint64_t line) const {
    const size_t begin = o + 1 == length_.size() ? newest_start_ : start_of(o);
    for (size_t i = begin, end = begin + length_[o]; i < end; ++i)
      if (lines_[i] == line) return true;
    return false;
  }
  /// Whether order o's run takes another line: o is the newest order and its run is not full.
  bool run_open(size_t o) const { return o + 1 == length_.size() && length_[o] < kMaxRun; }
  /// Adds `line` to the newest order's run (run_open() was true).
  void add_to_run(uint64_t line) {
    lines_.push_back(line);
    ++length_.back();
  }

 private:
  static constexpr size_t kBlock = 64;
  size_t start_of(size_t o) const {
    size_t start = block_start_[o / kBlock];
    for (size_t j = o - o % kBlock; j < o; ++j) start += length_[j];
    return start;
  }
  std::vector<uint64_t> lines_;
  std::vector<uint8_t> length_;         // per order: its run's length, 1..kMaxRun
  std::vector<uint32_t> block_start_;   // per 64 orders: where the first one's run starts
  size_t newest_start_ = 0;
};

void finish_report(Context& ctx, const Rejections& rejected) {
  IngestReport& r = ctx.data->report;
  r.rejections = rejected.list();
  r.rows_rejected = rejected.total();
  r.rows_used = r.rows_total - r.rows_rejected;
}

bool is_attribute_role(const std::string& r) {
  return r == "region" || r == "gender" || r == "age" || r == "birth_date" || r == "channel" ||
         r == "name";
}

// Orders: every used line becomes an order (or merges into one by order id); the per-customer
// summary is built at the end.
class OrdersPass : public RowPass {
 public:
  OrdersPass(Context& ctx, size_t rows_guess) : ctx_(ctx), data_(*ctx.data) {
    c_id_ = ctx.column_of("customer_id"), c_date_ = ctx.column_of("date"),
    c_amount_ = ctx.column_of("amount"), c_order_ = ctx.column_of("order_id"),
    c_qty_ = ctx.column_of("quantity"), c_price_ = ctx.column_of("unit_price");
    for (size_t c = 0; c < ctx.plan.size(); ++c)
      if (is_attribute_role(ctx.plan[c].role)) attrs_.add_column(static_cast<int>(c), ctx.plan[c].role);
    // Sized from the estimate so that the indexes never rehash: ~1 order per line, ids ~10 bytes.
    // The line fingerprints are reserved first: the allocator then puts them (filled to ~90 %) in
    // the page worker's warm heap (web/src/warm_up.js), memory already touched, where the order-id
    // bytes (filled to about half of their reserve) left half of it unused. 10M lines in Chromium:
    // 0.13-0.23 s faster, 35 MB less at the peak.
    if (c_order_ >= 0) {
      order_runs_.reserve(rows_guess);
      order_ids_.reserve(rows_guess, rows_guess * 10);
    } else {
      loose_lines_.reserve(rows_guess);
    }
    customers_.reserve(rows_guess / 16, rows_guess / 2);
    data_.orders.customer.reserve(rows_guess);
    data_.orders.day.reserve(rows_guess);
    data_.orders.amount.reserve(rows_guess);
    if (c_amount_ < 0)
      data_.report.warnings.push_back("There is no amount column: amount = quantity x unit price.");
    date_from_ = ctx.date_from;
    date_to_ = ctx.date_to;
  }

  // The customer slots of the next lines are fetched before those lines are handled, so that their
  // look-ups find them in the cache (customer ids come in random order: a cache miss per line was a
  // third of the load time at 10M lines). Eight lines at a time, so that their misses overlap: in
  // WebAssembly, which has no prefetch, each fetch is a load the processor must wait for.
  static constexpr size_t kAhead = 8;
  void look_ahead(std::string_view next) override {
    if (ahead_ > 0) return void(--ahead_);
    std::string_view ids[kAhead];
    size_t n = 0;
    while (n < kAhead) {
      ids[n++] = trim(peek_field(next, static_cast<size_t>(c_id_), ctx_.dialect));
      const size_t end = next.find('\n');
      if (end == std::string_view::npos) break;
      next.remove_prefix(end + 1);
    }
    customers_.prefetch(ids, n);
    ahead_ = kAhead - 1;
  }

  void use(const std::vector<std::string_view>& f, size_t row, std::string_view raw) override {
    const std::vector<std::string>& names = ctx_.names;
    const uint64_t line = hash_bytes(trim(raw));
    const std::string_view id = trim(f[static_cast<size_t>(c_id_)]);
    if (id.empty()) return rejected.add("missing_customer_id", row, names[static_cast<size_t>(c_id_)], "");
    const ColumnPlan& date_plan = ctx_.plan[static_cast<size_t>(c_date_)];
    const std::string_view date_text = f[static_cast<size_t>(c_date_)];
    const DateValue date = parse_date(date_text, date_plan.date_order, date_plan.excel_serial);
    if (date.status != DateStatus::Ok)
      return rejected.add(date_reason(date.status), row, names[static_cast<size_t>(c_date_)], trim(date_text));
    if ((date_from_ != kNoDay && date.day < date_from_) || (date_to_ != kNoDay && date.day > date_to_))
      return rejected.add("outside_date_range", row, names[static_cast<size_t>(c_date_)], trim(date_text));
    double amount;
    if (c_amount_ >= 0) {
      const size_t c = static_cast<size_t>(c_amount_);
      const AmountValue a = parse_amount(f[c], ctx_.plan[c].decimal);
      if (a.status != AmountStatus::Ok) return rejected.add(amount_reason(a.status), row, names[c], trim(f[c]));
      amount = a.value;
    } else {
      const size_t cq = static_cast<size_t>(c_qty_), cp = static_cast<size_t>(c_price_);
      const AmountValue q = parse_amount(f[cq], ctx_.plan[cq].decimal);
      if (q.status != AmountStatus::Ok) return rejected.add("unparseable_quantity", row, names[cq], trim(f[cq]));
      const AmountValue p = parse_amount(f[cp], ctx_.plan[cp].decimal);
      if (p.status != AmountStatus::Ok) return rejected.add("unparseable_unit_price", row, names[cp], trim(f[cp]));
      amount = q.value * p.value;
    }
    // Lines of one customer usually come together: the same id needs no lookup.
    if (id != last_id_) last_id_.assign(id), last_customer_ = customers_.find_or_add(id);
    const int32_t cust = last_customer_;
    // Lines of one order merge into one order; refunds stay separate entries (negative amounts).
    const std::string_view oid = c_order_ >= 0 && amount >= 0 ? trim(f[static_cast<size_t>(c_order_)]) : std::string_view();
    if (oid.empty()) {
      if (!loose_lines_.insert(line)) return rejected.add("duplicate_line", row, "", trim(raw));
      // No order id column: data.orders holds only these lines, already in file order.
      if (c_order_ < 0) return add_order(data_.orders, cust, date.day, amount, f);
      // With order ids, such a line waits beside the orders (see merge_loose_lines).
      loose_before_.push_back(static_cast<uint32_t>(data_.orders.size()));
      return add_order(loose_, cust, date.day, amount, f);
    }
    // Further lines of the newest order (the last id added) need no lookup.
    const int32_t newest = static_cast<int32_t>(order_ids_.size()) - 1;
    const int32_t o = newest >= 0 && oid == order_ids_.key(newest) ? newest : order_ids_.find_or_add(oid);
    if (o > newest) {  // a new order: its row is its id
      order_runs_.add_order(line);
      return add_order(data_.orders, cust, date.day, amount, f);
    }
    const size_t k = static_cast<size_t>(o);
    if (data_.orders.customer[k] != cust)
      return rejected.add("order_customer_conflict", row, names[static_cast<size_t>(c_order_)], oid);
    if (!add_order_line(o, line)) return rejected.add("duplicate_line", row, "", trim(raw));
    data_.orders.amount[k] += amount;
    attrs_.set(static_cast<size_t>(cust), f);
  }

  void finish() override {
    Dataset& data = data_;
    // The lookup structures are not needed any more: free them before the summary allocates.
    order_ids_ = StringIndex();
    late_lines_ = FingerprintSet();
    loose_lines_ = FingerprintSet();
    order_runs_ = OrderRuns();
    merge_loose_lines();
    Customers& c = data.customers;
    c.id.reserve(customers_.size());
    for (size_t i = 0; i < customers_.size(); ++i) c.id.emplace_back(customers_.key(static_cast<int32_t>(i)));
    customers_ = StringIndex();
    summarize_orders(data.orders, c);
    attrs_.finish(ctx_.names, c);
    for (size_t i = 0; i < c.size(); ++i) {
      if (c.first_day[i] == kNoDay) continue;
      if (data.first_day == kNoDay || c.first_day[i] < data.first_day) data.first_day = c.first_day[i];
      if (data.last_day == kNoDay || c.last_day[i] > data.last_day) data.last_day = c.last_day[i];
    }
    finish_report(ctx_, rejected);
    if (data.report.refund_rows)
      data.report.warnings.push_back(std::to_string(data.report.refund_rows) +
                                     " rows have negative amounts: kept and counted as refunds.");
  }

 private:
  void add_order(Orders& to, int32_t cust, int32_t day, double amount, const std::vector<std::string_view>& f) {
    if (amount < 0) ++data_.report.refund_rows;
    to.customer.push_back(cust);
    to.day.push_back(day);
    to.amount.push_back(amount);
    attrs_.set(static_cast<size_t>(cust), f);
  }

  // Puts the loose lines back between the orders, in file order (which decides the order of equal
  // (customer, day) entries after the summary's stable sort, so results stay exactly the same). In
  // place, from the back: each entry moves at most once, and no second full-size copy is made.
  void merge_loose_lines() {
    const size_t keyed = data_.orders.size(), loose = loose_.size();
    if (loose == 0) return;
    Orders& o = data_.orders;
    o.customer.resize(keyed + loose);
    o.day.resize(keyed + loose);
    o.amount.resize(keyed + loose);
    size_t k = keyed, l = loose;  // entries of each still to place
    for (size_t w = keyed + loose; l > 0;) {
      --w;
      // Loose line l - 1 goes after every order that existed before it, and after earlier loose lines.
      if (loose_before_[l - 1] >= k) {
        --l;
        o.customer[w] = loose_.customer[l], o.day[w] = loose_.day[l], o.amount[w] = loose_.amount[l];
      } else {
        --k;
        o.customer[w] = o.customer[k], o.day[w] = o.day[k], o.amount[w] = o.amount[k];
      }
    }
    loose_ = Orders();
    std::vector<uint32_t>().swap(loose_before_);
  }

  // Duplicate lines. Two copies of a line have the same order id, so a line can only repeat a
  // line of its own order: the fingerprints of each order's first lines are kept together (an
  // order's lines usually come together), and compared with a handful of them instead of looked
  // up in a table of every line of the file (which cost a cache miss per line: a quarter of the
  // load time at 10M lines). Lines arriving after their order's run has ended, and lines beyond
  // OrderRuns::kMaxRun, go to a set of late lines. (Lines without an order id, and refunds, cannot
  // repeat an order's line: they have their own set.)
  bool add_order_line(int32_t o, uint64_t line) {
    const size_t order = static_cast<size_t>(o);
    if (order_runs_.has(order, line)) return false;
    if (order_runs_.run_open(order)) {
      if (late_lines_.size() && late_lines_.contains(line)) return false;
      order_runs_.add_to_run(line);
      return true;
    }
    return late_lines_.insert(line);
  }

  Context& ctx_;
  Dataset& data_;
  int c_id_, c_date_, c_amount_, c_order_, c_qty_, c_price_;
  int32_t date_from_ = kNoDay, date_to_ = kNoDay;
  AttributeColumns attrs_;
  StringIndex customers_, order_ids_;
  // The previous line's customer and its index. (A copy of the id, not customers_.key(): a look-up
  // reads only the key's slot, and key() would read its offset and bytes, two cache misses a line.)
  std::string last_id_;
  int32_t last_customer_ = -1;
  size_t ahead_ = 0;  // lines whose customer slot look_ahead() has fetched already
  // Lines without an order id and refunds, when the file has order ids, and for each the number
  // of orders before it: data.orders then holds only orders with ids, row o = order id o (no map
  // from order id to row: 32 MB less at 8M orders). Not reserved: usually a few percent of lines.
  Orders loose_;
  std::vector<uint32_t> loose_before_;
  OrderRuns order_runs_;        // fingerprints of each order's first lines
  FingerprintSet late_lines_;   // order lines after their order's run
  FingerprintSet loose_lines_;  // lines without an order id, and refunds
};

// One row per customer, with ready-made summary columns.
class CustomerTablePass : public RowPass {
 public:
  explicit CustomerTablePass(Context& ctx) : ctx_(ctx), data_(*ctx.data) {
    Customers& c = data_.customers;
    c_id_ = ctx.column_of("customer_id");
    for (auto [role, out] : {std::pair{"frequency", &c.frequency}, {"recency", &c.recency},
                             {"T", &c.T}, {"monetary_value", &c.monetary_value}})
      if (int col = ctx.column_of(role); col >= 0) lifetimes_.push_back({col, out});
    c_first_ = ctx.column_of("first_order"), c_last_ = ctx.column_of("last_order"),
    c_orders_ = ctx.column_of("orders"), c_spend_ = ctx.column_of("total_spend");
    for (size_t k = 0; k < ctx.plan.size(); ++k) {
      const std::string& r = ctx.plan[k].role;
      if (r.empty() || is_attribute_role(r)) attrs_.add_column(static_cast<int>(k), r);
    }
  }

  void use(const std::vector<std::string_view>& f, size_t row, std::string_view) override {
    Customers& c = data_.customers;
    const std::string& id_name = ctx_.names[static_cast<size_t>(c_id_)];
    const std::string_view id = trim(f[static_cast<size_t>(c_id_)]);
    if (id.empty()) return rejected.add("missing_customer_id", row, id_name, "");
    if (ids_.find(id) >= 0) return rejected.add("duplicate_customer", row, id_name, id);
    int32_t first, last;
    DateStatus st = DateStatus::Ok;
    if (!day(f, c_first_, first, st))
      return rejected.add(date_reason(st), row, ctx_.names[static_cast<size_t>(c_first_)], trim(f[static_cast<size_t>(c_first_)]));
    if (!day(f, c_last_, last, st))
      return rejected.add(date_reason(st), row, ctx_.names[static_cast<size_t>(c_last_)], trim(f[static_cast<size_t>(c_last_)]));
    double orders = 0, spend = 0;
    std::vector<double> lt(lifetimes_.size());
    bool ok = number(f, c_orders_, orders) && number(f, c_spend_, spend);
    for (size_t k = 0; ok && k < lifetimes_.size(); ++k) ok = number(f, lifetimes_[k].col, lt[k]);
    if (!ok) return rejected.add("unparseable_number", row, "", trim(f[0]));
    const size_t i = static_cast<size_t>(ids_.find_or_add(id));
    c.id.emplace_back(id);
    c.first_day.push_back(first);
    c.last_day.push_back(last == kNoDay ? first : last);
    c.orders.push_back(static_cast<int32_t>(orders));
    c.purchase_days.push_back(static_cast<int32_t>(orders));
    c.gross_spend.push_back(spend);
    c.refunds.push_back(0);
    c.first_day_spend.push_back(0);
    for (size_t k = 0; k < lifetimes_.size(); ++k) lifetimes_[k].out->push_back(lt[k]);
    attrs_.set(i, f);
    if (first != kNoDay && (data_.first_day == kNoDay || first < data_.first_day)) data_.first_day = first;
    if (c.last_day[i] != kNoDay && (data_.last_day == kNoDay || c.last_day[i] > data_.last_day))
      data_.last_day = c.last_day[i];
  }

  void finish() override {
    attrs_.finish(ctx_.names, data_.customers);
    finish_report(ctx_, rejected);
  }

 private:
  bool number(const std::vector<std::string_view>& f, int col, double& out) const {
    if (col < 0) return true;
    const size_t k = static_cast<size_t>(col);
    if (trim(f[k]).empty()) return (out = 0), true;
    const AmountValue v = parse_amount(f[k], ctx_.plan[k].decimal);
    out = v.value;
    return v.status == AmountStatus::Ok;
  }
  bool day(const std::vector<std::string_view>& f, int col, int32_t& out, DateStatus& st) const {
    out = kNoDay;
    if (col < 0 || trim(f[static_cast<size_t>(col)]).empty()) return true;
    const ColumnPlan& p = ctx_.plan[static_cast<size_t>(col)];
    const DateValue d = parse_date(f[static_cast<size_t>(col)], p.date_order, p.excel_serial);
    st = d.status;
    out = d.day;
    return d.status == DateStatus::Ok;
  }

  struct NumberCol {
    int col;
    std::vector<double>* out;
  };
  Context& ctx_;
  Dataset& data_;
  int c_id_, c_first_, c_last_, c_orders_, c_spend_;
  std::vector<NumberCol> lifetimes_;
  AttributeColumns attrs_;
  StringIndex ids_;
};

// Survey and plain tables: the used rows as text.
class TextTablePass : public RowPass {
 public:
  explicit TextTablePass(Context& ctx) : ctx_(ctx) {
    TextTable& t = ctx.data->table;
    t.header = ctx.names;
    t.columns.assign(ctx.names.size(), {});
  }
  void use(const std::vector<std::string_view>& f, size_t row, std::string_view) override {
    TextTable& t = ctx_.data->table;
    for (size_t c = 0; c < t.columns.size(); ++c) t.columns[c].emplace_back(trim(f[c]));
    t.row_line.push_back(row);
  }
  void finish() override { finish_report(ctx_, rejected); }

 private:
  Context& ctx_;
};

}  // namespace

std::unique_ptr<RowPass> make_row_pass(Context& ctx, InputKind kind, size_t rows_guess) {
  switch (kind) {
    case InputKind::Orders: return std::make_unique<OrdersPass>(ctx, rows_guess);
    case InputKind::Customers: return std::make_unique<CustomerTablePass>(ctx);
    case InputKind::Survey:
    case InputKind::Table: break;
  }
  return std::make_unique<TextTablePass>(ctx);
}

RecordFeeder::RecordFeeder(Context& ctx, RowPass& pass)
    : ctx_(ctx), pass_(pass), header_skipped_(!ctx.dialect.has_header) {}

size_t RecordFeeder::feed(std::string_view text, bool more_follows, bool give_up_on_open_quote) {
  CsvReader::Piece piece;
  piece.first_line = line_;
  piece.at_start = at_start_;
  piece.more_follows = more_follows;
  piece.give_up_on_open_quote = give_up_on_open_quote;
  CsvReader reader(text, ctx_.dialect, piece);
  std::vector<std::string_view> fields;
  IngestReport& report = ctx_.data->report;
  const size_t ncols = ctx_.names.size();
  size_t next_progress = kProgressEvery;
  size_t start = 0;
  while (reader.next(fields)) {
    const size_t end = reader.offset();
    const std::string_view raw = text.substr(start, end - start);
    start = end;
    if (end >= next_progress) {
      report_progress(ctx_, end);
      next_progress = end + kProgressEvery;
    }
    if (fields.size() == 1 && trim(fields[0]).empty()) {
      ++report.blank_lines;
      continue;
    }
    if (!header_skipped_) {
      header_skipped_ = true;
      continue;
    }
    ++report.rows_total;
    const size_t row = reader.line();
    if (reader.last_record_unterminated_quote()) {
      pass_.rejected.add("unterminated_quote", row, "", raw);
      continue;
    }
    if (fields.size() != ncols) {
      bool extra_empty = fields.size() > ncols;
      for (size_t i = ncols; extra_empty && i < fields.size(); ++i) extra_empty = trim(fields[i]).empty();
      if (!extra_empty) {
        pass_.rejected.add("wrong_field_count", row, "",
                           std::to_string(fields.size()) + " fields, expected " + std::to_string(ncols));
        continue;
      }
    }
    if (end < text.size()) pass_.look_ahead(text.substr(end));
    // Without its line end, so that trim(raw) in the pass returns at once for most lines.
    std::string_view record = raw;
    while (!record.empty() && (record.back() == '\n' || record.back() == '\r')) record.remove_suffix(1);
    pass_.use(fields, row, record);
  }
  const size_t consumed = reader.offset();
  line_ = reader.next_line();
  if (consumed > 0) at_start_ = false;
  return consumed;
}

}  // namespace kexi::ingest
