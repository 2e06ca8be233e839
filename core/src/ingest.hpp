#pragma once
// Internal to ingestion (loader.cpp, column_mapping.cpp, row_passes.cpp): the state shared by the
// stages of one load. Not part of the public API.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kexi/csv_reader.hpp"
#include "kexi/dates.hpp"
#include "kexi/days.hpp"
#include "kexi/loader.hpp"
#include "kexi/text.hpp"

namespace kexi::ingest {

/// Counts rejected rows per reason and keeps the first examples.
class Rejections {
 public:
  void add(const std::string& reason, size_t row, std::string_view column, std::string_view value);
  size_t total() const { return total_; }
  std::vector<Rejection> list() const;  ///< in order of first appearance

 private:
  std::vector<Rejection> items_;
  std::map<std::string, size_t> index_;
  size_t total_ = 0;
};

/// English explanation of a rejection reason code.
std::string reason_message(const std::string& reason);

/// How one column is read.
struct ColumnPlan {
  std::string role;
  DateOrder date_order = DateOrder::YMD;
  bool excel_serial = false;
  char decimal = '.';
};

struct Context {
  /// The text the decisions are made on, as UTF-8 (BOM removed): the whole file, or its first
  /// part when it arrives in pieces (see text_is_whole).
  std::string_view text;
  bool text_is_whole = true;
  Dialect dialect;
  std::vector<std::string> names;  ///< column names (generated when there is no header)
  std::vector<ColumnPlan> plan;    ///< one per column
  const LoadOptions* options = nullptr;
  const Progress* progress = nullptr;
  Dataset* data = nullptr;
  int32_t date_from = kNoDay;  ///< orders outside [date_from, date_to] are rejected (kNoDay: open)
  int32_t date_to = kNoDay;
  /// Progress in file bytes: report_progress(ctx, k) for text offset k of the piece being read
  /// reports progress_base + k * progress_scale of progress_total.
  size_t progress_base = 0;
  double progress_scale = 1;
  size_t progress_total = 0;

  int column_of(const std::string& role) const;  ///< index or -1
};

/// Reads up to `max_records` data records (after the header) as text, for type inference.
std::vector<std::vector<std::string>> sample_records(const Context& ctx, size_t max_records);

/// Decides roles, types, date orders and decimal marks; fills ctx.plan and report.columns.
/// Throws KexiError for mappings that name unknown columns or dates whose order cannot be decided.
void map_columns(Context& ctx);

/// Decides orders / customers / survey / table and checks the roles each kind needs.
InputKind decide_kind(const Context& ctx);

/// A row pass: every data record is either used or rejected under a reason, so that
/// used + rejected == data rows. Its state lives across the pieces of a file.
class RowPass {
 public:
  virtual ~RowPass() = default;
  /// One well-formed data record (field count checked); `raw` is its text, `row` its first line.
  virtual void use(const std::vector<std::string_view>& fields, size_t row, std::string_view raw) = 0;
  /// A hint before use(): `next` is the text after that record (the next one starts there). A pass
  /// may start fetching what the next record will need; nothing may depend on it.
  virtual void look_ahead(std::string_view next) { (void)next; }
  /// After the last record: builds what the pass aggregates and fills the report's counts.
  virtual void finish() = 0;
  Rejections rejected;
};

/// The pass for this kind of input. `rows_guess` sizes the indexes (orders) so they rarely rehash.
std::unique_ptr<RowPass> make_row_pass(Context& ctx, InputKind kind, size_t rows_guess);

/// Reads records from consecutive pieces of the text and hands them to a pass: skips blank lines
/// and the header, rejects unterminated quotes and wrong field counts. Line numbers and the
/// header state carry from piece to piece.
class RecordFeeder {
 public:
  RecordFeeder(Context& ctx, RowPass& pass);
  /// Reads the complete records at the start of `text` (all of it when !more_follows) and returns
  /// how many bytes they took; the rest must be passed again, followed by more text.
  size_t feed(std::string_view text, bool more_follows, bool give_up_on_open_quote);

 private:
  Context& ctx_;
  RowPass& pass_;
  bool header_skipped_;
  bool at_start_ = true;
  size_t line_ = 1;
};

/// Calls the progress callback; throws KexiError("cancelled") when it returns false.
void report_progress(const Context& ctx, size_t done);

}  // namespace kexi::ingest
