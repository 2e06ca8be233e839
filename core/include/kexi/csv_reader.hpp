#pragma once
// Delimited text (CSV, TSV, ;- and |-separated) as real exports write it: RFC 4180 quoting with
// embedded newlines and doubled quotes, CRLF or LF, ragged rows, stray quotes.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kexi {

struct Dialect {
  char delimiter = ',';
  char quote = '"';      ///< '\0' means no quoting
  bool has_header = true;
};

struct DialectGuess {
  Dialect dialect;
  std::string reason;  ///< one English sentence: why this delimiter/quote/header was chosen
};

/// Sniffs delimiter (, ; tab |), quote character (" or ' or none) and whether the first record is a
/// header, from the first ~64 KB of UTF-8 text: the delimiter that gives the most consistent
/// field count > 1 across records wins (ties go to the larger field count, then , tab ; |); a
/// file where no delimiter gives more than one field is one column, reported with ','.
/// The quote character is the one that cleanly encloses whole fields; with no quoted field in the
/// sample it stays '"' (RFC 4180), and it is '\0' when '"' appears at field starts without
/// enclosing fields (e.g. inch marks), which would otherwise swallow lines.
/// A header is a first row of non-numeric, non-date, distinct names when later rows have numbers
/// or dates in those columns; a first row with a number or date where the rows below have them is
/// data. With no number or date column at all, distinct non-empty names are taken as a header.
/// Never throws; empty or binary text gives the defaults with a reason saying so.
DialectGuess sniff_dialect(std::string_view text);

/// Field `column` (0-based) of the line at the start of `text`, as plain bytes; empty when the line
/// ends before it or a quote comes first. A cheap hint for what the next record will need (the
/// loader prepares its customer look-up with it), never a parse: quoting is not interpreted.
std::string_view peek_field(std::string_view text, size_t column, const Dialect& dialect);

/// Streams records from UTF-8 text without copying: fields point into the text, except quoted
/// fields containing doubled quotes (or text after the closing quote), which are unescaped into
/// storage owned by the reader and valid until the next call to next().
/// Rules: a quote opens a quoted field only as the first byte of a field; elsewhere it is literal.
/// Inside quotes, delimiters and CR/LF/CRLF are data and "" is one quote. Text after a closing
/// quote up to the delimiter is appended literally (lenient, like Python's csv). Records end at
/// CRLF, LF or a lone CR. A leading UTF-8 byte-order mark is skipped.
/// Runs in time linear in the text, whatever the input (a quote that never closes costs one
/// extra scan to the end, once: every quote opened after it closes).
class CsvReader {
 public:
  CsvReader(std::string_view text, Dialect dialect);

  /// How a piece of a larger text is read (streaming ingestion, see load_session.hpp).
  struct Piece {
    size_t first_line = 1;  ///< physical line number of the piece's first byte
    bool at_start = true;   ///< the piece starts the text: a UTF-8 byte-order mark is skipped
    /// More text follows: a record that is not known to be complete (no line end yet, a line end
    /// that is a lone CR as the last byte, or a quote that does not close in the piece) is not
    /// returned; next() returns false with incomplete() true and offset() at that record's start.
    bool more_follows = false;
    /// With more_follows: a quote that does not close in the piece is nevertheless taken as
    /// never closing (the unterminated-quote recovery), to bound how much text is carried.
    bool give_up_on_open_quote = false;
  };
  CsvReader(std::string_view text, Dialect dialect, Piece piece);

  /// After next() returned false: the last record was cut off by the end of the piece.
  bool incomplete() const { return incomplete_; }
  /// Line number where the next record starts (after the records returned so far).
  size_t next_line() const { return line_; }

  /// Reads the next record into `fields` (cleared first). Returns false at end of input.
  /// A completely empty line yields a record with one empty field (the loader skips those).
  /// Text ending with a line end has no extra empty record after it.
  bool next(std::vector<std::string_view>& fields);

  /// 1-based physical line on which the last record started (for messages: "row" = this line).
  /// Line ends inside quoted fields count, so the record after a two-line field is 2 lines later.
  size_t line() const { return record_line_; }
  /// Bytes consumed so far (for progress).
  size_t offset() const { return pos_; }
  /// True when the last record had a quote that never closed: it was re-read as the single
  /// physical line it started on, quotes taken literally, and parsing went on after that line.
  /// When that quote opened on a later line of the record (after multi-line quoted fields that
  /// did close), each following line up to and including the quote's line is also read as one
  /// literal record with this flag set (empty lines excepted); this keeps reading linear on
  /// hostile input.
  bool last_record_unterminated_quote() const { return unterminated_; }

 private:
  // Returns false when a quoted field runs to the end of the text without closing.
  bool read_record(std::vector<std::string_view>& fields, char quote);

  // A field whose bytes live in scratch_: its view is made once the record is complete, because
  // scratch_ may reallocate while later fields of the same record are appended.
  struct Pending {
    size_t field;
    size_t offset;
    size_t size;
  };

  std::string_view text_;
  Dialect dialect_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t record_line_ = 0;
  bool unterminated_ = false;
  bool more_follows_ = false;
  bool give_up_ = false;
  bool incomplete_ = false;
  bool ended_by_line_end_ = false;  // set by read_record: false when the record ran to the end
  size_t unclosed_quote_ = 0;  // offset of the quote that never closed (set when read_record fails)
  size_t literal_until_ = 0;   // records starting before this offset are read with quotes literal
  std::string scratch_;           // unescaped fields of the current record (capacity reused)
  std::vector<Pending> pending_;  // which fields of the current record point into scratch_
};

}  // namespace kexi
