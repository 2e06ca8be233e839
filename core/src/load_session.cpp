// Streaming ingestion (see load_session.hpp): decisions on the first part, the memory guard, then
// every chunk decoded up to its last line end and read up to its last complete record, the rest
// carried into the next chunk. The stages themselves are those of a whole-file load.
#include "kexi/load_session.hpp"

#include <algorithm>
#include <cstring>
#include <new>

#include "ingest.hpp"
#include "kexi/encoding.hpp"

namespace kexi {

namespace {

using ingest::Context;

bool is_zip(std::string_view b) { return b.size() >= 4 && b.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

bool is_blank(std::string_view s) { return s.find_first_not_of("\r\n\t ") == std::string_view::npos; }

// The first part is enough to decide on once it holds a line end after some text (a whole header
// at least; in UTF-16 the byte 0x0A is there too).
bool enough_to_decide(std::string_view s) {
  const size_t text = s.find_first_not_of("\r\n\t ");
  return text != std::string_view::npos && s.find('\n', text) != std::string_view::npos;
}

struct EncodingChoice {
  Encoding encoding = Encoding::Utf8;
  size_t bom_bytes = 0;
};

// Encoding from the first bytes (detect_encoding looks at 1 MiB at most) or the user's choice.
EncodingChoice choose_encoding(std::string_view bytes, const LoadOptions& options, IngestReport& report) {
  if (bytes.empty()) throw KexiError("empty_file", "The file is empty (0 bytes).");
  if (is_zip(bytes))
    throw KexiError("xlsx_file",
                    "This is an Excel workbook (.xlsx) or another zip archive, not text. Open it in "
                    "the Kexi page (which reads .xlsx), or save the sheet as CSV (UTF-8) first.");
  EncodingGuess guess = detect_encoding(bytes);
  Encoding enc = guess.encoding;
  if (options.encoding != "auto") {
    try {
      enc = parse_encoding(options.encoding);
    } catch (const std::invalid_argument&) {
      throw KexiError("options_invalid", "Unknown encoding \"" + options.encoding +
                                             "\" (use utf-8, gb18030, gbk, utf-16le or utf-16be).");
    }
    if (enc != guess.encoding) guess.bom_bytes = 0;
  }
  if (enc == Encoding::Binary)
    throw KexiError("binary_file", "This file is binary data, not text (" + guess.reason +
                                       "). Kexi reads CSV/TSV text files and, in the page, .xlsx.");
  report.encoding = to_string(enc);
  if (enc == Encoding::Utf8 && guess.bom_bytes) report.encoding = "utf-8-bom";
  if (options.source_format == "xlsx") report.encoding = "xlsx";
  return {enc, enc == Encoding::Utf8 ? guess.bom_bytes : 0};
}

Dialect choose_dialect(std::string_view text, const LoadOptions& o, IngestReport& report) {
  DialectGuess g = sniff_dialect(text);
  if (o.delimiter != "auto") g.dialect.delimiter = o.delimiter[0];
  // RFC 4180 quoting is the safe default: an unbalanced quote can make the sniffer see "no quoting",
  // but the reader recovers from it (one row rejected) while literal quotes would spoil every
  // properly quoted field.
  if (g.dialect.quote == '\0') g.dialect.quote = '"';
  if (o.header == "yes") g.dialect.has_header = true;
  if (o.header == "no") g.dialect.has_header = false;
  report.delimiter = o.source_format == "xlsx" ? "xlsx" : std::string(1, g.dialect.delimiter);
  report.quote = g.dialect.quote ? std::string(1, g.dialect.quote) : "";
  report.has_header = g.dialect.has_header;
  return g.dialect;
}

// Column names from the header record (or "column N"), made unique and non-empty.
std::vector<std::string> read_names(std::string_view text, const Dialect& d) {
  CsvReader reader(text, d);
  std::vector<std::string_view> fields;
  bool found = false;
  while (reader.next(fields)) {
    if (fields.size() == 1 && trim(fields[0]).empty()) continue;
    found = true;
    break;
  }
  if (!found) throw KexiError("empty_file", "The file contains no rows (only blank lines).");
  std::vector<std::string> names;
  std::map<std::string, int> seen;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string n = d.has_header ? std::string(trim(fields[i])) : "";
    if (n.empty()) n = "column " + std::to_string(i + 1);
    if (int k = ++seen[n]; k > 1) n += " (" + std::to_string(k) + ")";
    names.push_back(n);
  }
  return names;
}

// Where the bytes up to and including the last line end stop (0: none). '\n' is never part of a
// multi-byte GB18030 character; in UTF-16 the code unit 0x000A is never half of a surrogate pair.
size_t last_line_end(std::string_view b, Encoding enc) {
  if (enc == Encoding::Utf16LE || enc == Encoding::Utf16BE) {
    const bool le = enc == Encoding::Utf16LE;
    for (size_t i = (b.size() & ~size_t{1}); i >= 2; i -= 2) {
      const char lo = b[i - 2], hi = b[i - 1];
      if (le ? (lo == '\n' && hi == '\0') : (lo == '\0' && hi == '\n')) return i;
    }
    return 0;
  }
  const size_t p = b.rfind('\n');
  return p == std::string_view::npos ? 0 : p + 1;
}

// The byte-order mark's bytes in this encoding (decoders drop it at the start of their input).
std::string_view bom_of(Encoding enc) {
  switch (enc) {
    case Encoding::Utf16LE: return std::string_view("\xFF\xFE", 2);
    case Encoding::Utf16BE: return std::string_view("\xFE\xFF", 2);
    case Encoding::Gb18030: return std::string_view("\x84\x31\x95\x33", 4);
    default: return std::string_view("\xEF\xBB\xBF", 3);
  }
}

std::string_view newline_of(Encoding enc) {
  switch (enc) {
    case Encoding::Utf16LE: return std::string_view("\n\0", 2);
    case Encoding::Utf16BE: return std::string_view("\0\n", 2);
    default: return "\n";
  }
}

std::string megabytes(size_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MB"; }

// What to do about a file too large for the memory at hand: said the same way by the guard and
// after an allocation failure.
std::string too_large_advice() {
  return "What can be done: aggregate it to one row per customer first and load that "
         "customer-summary file (docs/SQL.md has the query); or load a date range only "
         "(date_from / date_to; in the page, the date range in the options; kexi --date-from "
         "--date-to); or export fewer columns (customer id, order id, date and amount are enough).";
}

}  // namespace

size_t estimate_dataset_bytes(InputKind kind, size_t rows, size_t columns, bool order_ids,
                              size_t id_bytes, size_t text_bytes_per_row) {
  // std::string: 32 bytes, plus a heap block (rounded to 16) beyond 15 characters.
  auto string_bytes = [](size_t len) -> size_t { return 32 + (len > 15 ? (len + 16) & ~size_t{15} : 0); };
  // An open-addressing table keeps its slots a power of two at least twice the keys.
  auto slots = [](size_t keys) {
    size_t s = 1024;
    while (s < keys * 2) s *= 2;
    return s;
  };
  switch (kind) {
    case InputKind::Orders: {
      // Customers estimated as a quarter of the rows (the row pass reserves its index the same way).
      const size_t customers = rows / 4 + 1;
      const size_t orders = rows * 16;                    // customer, day, amount
      size_t fp_slots = 1024;  // FingerprintSet: a power of two, filled up to 3/4
      while (fp_slots * 3 < rows * 4) fp_slots *= 2;
      // Duplicate-line detection: per order (8-byte fingerprints, a 1-byte run length per order
      // and a 4-byte start per 64 orders), or one set of every line without order ids.
      const size_t fingerprints = order_ids ? rows * 9 + rows / 16 : fp_slots * 8;
      // Order ids: key bytes and offset (none while all ids have one width: an upper bound); the
      // hash table (16-byte slots) unless sorted. Order id o is row o of the orders: no map to rows.
      // Lines without an order id and refunds wait beside the orders with 4 bytes more each (their
      // place in the file), not counted: usually a few percent of the lines, and `orders` counts a
      // full entry for each line, also those that merge into an earlier line's order.
      const size_t oids = order_ids ? rows * (id_bytes + 8) + slots(rows) * 16 : 0;
      const size_t index = customers * (id_bytes + 8) + slots(customers) * 16;
      const size_t summary = customers * (string_bytes(id_bytes) + 40);
      // The row pass holds orders, fingerprints, order ids and the index; the summary is built
      // after the last two are freed, with 12 bytes per order for the sort (an order of the
      // entries by day, 4, and a copy of the amounts, 8) and 4 per customer (their places).
      return std::max(orders + fingerprints + oids + index, orders + rows * 12 + customers * 4 + index + summary);
    }
    case InputKind::Customers:
      return rows * (string_bytes(id_bytes) + 40 + id_bytes + 16 + columns * 36) + slots(rows) * 4;
    case InputKind::Survey:
    case InputKind::Table: break;
  }
  const size_t field = columns ? text_bytes_per_row / columns : 0;
  return rows * (columns * string_bytes(field) + 8);
}

struct LoadSession::Impl {
  LoadOptions options;
  std::string file_name;
  size_t total_bytes;
  Progress progress;
  SessionLimits limits;

  LoadResult result;
  Context ctx;
  bool decided = false;
  bool failed = false;
  bool finished = false;
  std::string prefix;               // chunks gathered before the decisions
  std::vector<size_t> piece_sizes;  // their sizes: replayed as they came (same cuts as fed)
  size_t bytes_fed = 0;
  MemoryEstimate estimate;
  size_t columns = 0;
  bool order_ids = false;
  size_t id_bytes = 10;
  size_t text_per_row = 0;

  EncodingChoice enc;
  size_t bom_left = 0;       // UTF-8 byte-order mark bytes still to skip
  std::string byte_carry;    // non-UTF-8: bytes after the last line end
  size_t stream_offset = 0;  // bytes decoded so far (offsets in warnings)
  size_t invalid = 0, first_invalid = 0;
  bool utf8_repair = false;  // a UTF-8 file with invalid bytes: decoded chunk by chunk from then on
  std::string text;          // UTF-8 text after the last complete record
  std::unique_ptr<ingest::RowPass> pass;
  std::unique_ptr<ingest::RecordFeeder> feeder;

  Impl(LoadOptions o, std::string name, size_t total, Progress p, SessionLimits l)
      : options(std::move(o)), file_name(std::move(name)), total_bytes(total), progress(std::move(p)),
        limits(l) {
    result.data.report.file_name = file_name;
    result.data.report.file_bytes = total;
    ctx.options = &options;
    ctx.progress = &progress;
    ctx.data = &result.data;
    ctx.progress_total = total;
    if (!options.date_from.empty()) ctx.date_from = parse_date(options.date_from, DateOrder::YMD, false).day;
    if (!options.date_to.empty()) ctx.date_to = parse_date(options.date_to, DateOrder::YMD, false).day;
  }

  void fail(Error e) {
    failed = true;
    result.error = std::move(e);
    pass.reset();
    feeder.reset();
    std::string().swap(text);
    std::string().swap(prefix);
    std::string().swap(byte_carry);
    // The report stays (as far as it got: the page shows its columns); the data goes.
    result.data.orders = Orders();
    result.data.customers = Customers();
    result.data.table = TextTable();
  }

  template <class F>
  bool guarded(F f) {
    if (failed) return false;
    try {
      f();
      return true;
    } catch (const KexiError& e) {
      fail(e.error());
    } catch (const std::bad_alloc&) {
      fail(Error{"file_too_large",
                 "Not enough memory to load this file" +
                     (estimate.rows ? " (about " + std::to_string(estimate.rows) + " rows)" : std::string()) +
                     ": the memory available here ran out while reading it. " + too_large_advice(),
                 "", 0, ""});
    } catch (const std::exception& e) {
      fail(Error{"internal_error", std::string("Internal error: ") + e.what(), "", 0, ""});
    }
    return false;
  }

  void report(size_t done) {
    ctx.progress_base = done;
    ctx.progress_scale = 0;
    ingest::report_progress(ctx, 0);
  }

  // Encoding, dialect, names, mapping and kind from the first part `first` (the whole file when
  // `whole`), then the memory guard, the row pass, and the replay of the gathered chunks.
  void decide(std::string_view first, bool whole) {
    IngestReport& r = result.data.report;
    enc = choose_encoding(first, options, r);
    bom_left = enc.bom_bytes;
    std::string owned;
    std::string_view t;
    size_t decoded_bytes;
    if (enc.encoding == Encoding::Utf8) {
      t = first.substr(enc.bom_bytes);
      if (!whole && last_line_end(t, enc.encoding) > 0) t = t.substr(0, last_line_end(t, enc.encoding));
      decoded_bytes = enc.bom_bytes + t.size();
      // Detection accepts a few stray bytes (a row pasted from a GBK file); decisions are made on
      // the repaired text (U+FFFD), and stream() repairs and counts them.
      if (!is_valid_utf8(t)) {
        owned = decode_to_utf8(t, Encoding::Utf8).text;
        t = owned;
      }
    } else {
      decoded_bytes = whole ? first.size() : last_line_end(first, enc.encoding);
      if (decoded_bytes == 0) decoded_bytes = first.size();
      owned = decode_to_utf8(first.substr(0, decoded_bytes), enc.encoding).text;
      t = owned;
    }
    if (is_blank(trim(t))) throw KexiError("empty_file", "The file contains no text (only blank lines or spaces).");
    ctx.text = t;
    ctx.text_is_whole = whole;
    ctx.dialect = choose_dialect(t, options, r);
    ctx.names = read_names(t, ctx.dialect);
    ingest::map_columns(ctx);
    const InputKind kind = ingest::decide_kind(ctx);
    r.kind = kind;

    // Rows from the line length of the first 64 KB of text (as the whole-file loader always did),
    // the file's text size from the bytes-to-text ratio of the first part.
    const std::string_view head = t.substr(0, 1 << 16);
    const size_t lines = static_cast<size_t>(std::count(head.begin(), head.end(), '\n')) + 1;
    const double text_ratio = decoded_bytes ? static_cast<double>(t.size()) / static_cast<double>(decoded_bytes) : 1.0;
    const size_t text_total = whole ? t.size() : static_cast<size_t>(static_cast<double>(total_bytes) * text_ratio);
    const size_t rows_guess = text_total / (head.size() / lines + 1) + 16;
    columns = ctx.names.size();
    order_ids = ctx.column_of("order_id") >= 0;
    text_per_row = head.size() / lines;
    if (const int c = ctx.column_of("customer_id"); c >= 0) {
      const auto sample = ingest::sample_records(ctx, 200);
      size_t sum = 0, n = 0;
      for (const auto& rec : sample)
        if (static_cast<size_t>(c) < rec.size()) sum += trim(rec[static_cast<size_t>(c)]).size(), ++n;
      if (n) id_bytes = sum / n;
    }
    estimate.rows = rows_guess;
    guard(kind, rows_guess);
    ctx.text = {};
    owned.clear();

    // 10% more room than estimated: a vector that must grow past its reserve holds twice the
    // memory for a moment, at the worst time.
    pass = ingest::make_row_pass(ctx, kind, rows_guess + rows_guess / 10);
    feeder = std::make_unique<ingest::RecordFeeder>(ctx, *pass);
    decided = true;
  }

  void guard(InputKind kind, size_t rows) {
    estimate.rows = rows;
    estimate.bytes = estimate_dataset_bytes(kind, rows, columns, order_ids, id_bytes, text_per_row);
    if (limits.memory_limit == 0 || estimate.bytes <= limits.memory_limit) return;
    throw KexiError(Error{"file_too_large",
                          "This file is too large for the memory available here: about " +
                              std::to_string(rows) + " rows of " + to_string(kind) +
                              ", which need about " + megabytes(estimate.bytes) +
                              " once loaded, and the limit is " + megabytes(limits.memory_limit) +
                              ". " + too_large_advice(),
                          "", 0, ""});
  }

  // Decodes `chunk` up to its last line end (everything when !more) and reads the complete records.
  void stream(std::string_view chunk, bool more) {
    const size_t base = bytes_fed_before_stream;
    bytes_fed_before_stream += chunk.size();
    const size_t carried = text.size();
    // A quoted field carried for more than max_carry bytes is taken as never closing.
    const bool give_up = carried > limits.max_carry;
    if (enc.encoding == Encoding::Utf8) {
      const size_t skip = std::min(bom_left, chunk.size());
      chunk.remove_prefix(skip);
      bom_left -= skip;
      stream_offset += skip;
      // Valid UTF-8 is read in place. Invalid bytes would reach the report and the JSON answers as
      // invalid UTF-8: from the first of them on, chunks are decoded with U+FFFD replacements and
      // counted, like any other encoding.
      if (!utf8_repair && !valid_up_to_last_line_end(chunk, more)) {
        utf8_repair = true;
        byte_carry = std::move(text);  // the carried tail is still raw bytes: decoded with the chunk
        text.clear();
        stream_offset -= std::min(stream_offset, byte_carry.size());
      }
    }
    if (enc.encoding == Encoding::Utf8 && !utf8_repair) {
      stream_offset += chunk.size();
      read_in_place(chunk, more, give_up, base);
    } else {
      decode_chunk(chunk, more);
      read_text(more, give_up, base, chunk.size());
    }
    if (more && give_up && text.size() > 2 * limits.max_carry)
      throw KexiError("line_too_long", "A single line of this file is longer than " +
                                           megabytes(2 * limits.max_carry) +
                                           " without a line end: this is not a table Kexi can read.");
  }

  // Whether the carried tail and `chunk` are valid UTF-8 up to the chunk's last line end (a
  // character cut by the chunk's end is not taken for an invalid one: it is checked with the next).
  bool valid_up_to_last_line_end(std::string_view chunk, bool more) const {
    const size_t first_nl = text.empty() ? 0 : chunk.find('\n');
    if (first_nl == std::string_view::npos) {
      const std::string joined = text + std::string(chunk);
      return is_valid_utf8(std::string_view(joined).substr(0, more ? last_line_end(joined, enc.encoding) : joined.size()));
    }
    if (!text.empty() && !is_valid_utf8(text + std::string(chunk.substr(0, first_nl + 1)))) return false;
    const std::string_view rest = chunk.substr(text.empty() ? 0 : first_nl + 1);
    return is_valid_utf8(rest.substr(0, more ? last_line_end(rest, enc.encoding) : rest.size()));
  }

  // Reads valid UTF-8 without copying the chunk: the carried tail is completed with the chunk's
  // first line (a small copy), then the rest of the chunk is read where it lies. (Appending every
  // 16 MB chunk to the tail was a copy of the whole file.) When the carried record does not end
  // there (a quoted field with line ends) or is being given up on, tail and chunk are joined.
  void read_in_place(std::string_view chunk, bool more, bool give_up, size_t base) {
    if (!text.empty()) {
      const size_t first_nl = more && !give_up ? chunk.find('\n') : std::string_view::npos;
      if (first_nl == std::string_view::npos) {
        text.append(chunk.data(), chunk.size());
        return read_text(more, give_up, base, chunk.size());
      }
      text.append(chunk.data(), first_nl + 1);
      read_text(true, false, base, first_nl + 1);
      chunk.remove_prefix(first_nl + 1);
      base += first_nl + 1;
      if (!text.empty()) {  // the carried record goes on: join after all
        text.append(chunk.data(), chunk.size());
        return read_text(more, false, base, chunk.size());
      }
    }
    const size_t consumed = read_records(chunk, more, give_up, base, 1.0);
    text.assign(chunk.data() + consumed, chunk.size() - consumed);
  }

  // Reads the complete records of `text` (which holds `new_bytes` bytes of the file after `base`)
  // and keeps its unread tail.
  void read_text(bool more, bool give_up, size_t base, size_t new_bytes) {
    const double scale = text.empty() ? 0.0 : static_cast<double>(new_bytes) / static_cast<double>(text.size());
    text.erase(0, read_records(text, more, give_up, base, scale));
  }

  size_t read_records(std::string_view view, bool more, bool give_up, size_t base, double progress_scale) {
    ctx.progress_base = base;
    ctx.progress_scale = progress_scale;
    return feeder->feed(view, more, give_up);
  }
  size_t bytes_fed_before_stream = 0;

  void decode_chunk(std::string_view chunk, bool more) {
    std::string joined;
    std::string_view raw = chunk;
    if (!byte_carry.empty()) {
      joined = std::move(byte_carry);
      joined.append(chunk.data(), chunk.size());
      raw = joined;
    }
    const size_t cut = more ? last_line_end(raw, enc.encoding) : raw.size();
    std::string_view part = raw.substr(0, cut);
    if (!part.empty()) {
      // Decoders drop a byte-order mark at the start of their input: one in mid-file (after a line
      // end) is a character, kept by decoding it after a line end that is then removed.
      const std::string_view bom = bom_of(enc.encoding), nl = newline_of(enc.encoding);
      std::string guarded_part;
      size_t shift = 0;
      if (stream_offset > 0 && part.substr(0, bom.size()) == bom) {
        guarded_part.assign(nl.data(), nl.size());
        guarded_part.append(part.data(), part.size());
        shift = nl.size();
      }
      Decoded d = decode_to_utf8(shift ? std::string_view(guarded_part) : part, enc.encoding);
      if (shift) d.text.erase(0, 1);
      if (d.invalid_sequences) {
        if (invalid == 0) first_invalid = stream_offset + d.first_invalid_offset - shift;
        invalid += d.invalid_sequences;
      }
      if (text.empty()) {
        text = std::move(d.text);
      } else {
        text += d.text;
      }
    }
    stream_offset += cut;
    byte_carry.assign(raw.data() + cut, raw.size() - cut);
  }

  // During the row pass: the rows read so far, scaled to the whole file, must still fit.
  void recheck() {
    if (limits.memory_limit == 0 || total_bytes == 0 || bytes_fed < total_bytes / 10) return;
    const size_t rows = static_cast<size_t>(static_cast<double>(result.data.report.rows_total) *
                                            static_cast<double>(total_bytes) / static_cast<double>(bytes_fed));
    if (rows > estimate.rows) guard(result.data.report.kind, rows);
  }

  void replay(bool more_after) {
    size_t off = 0;
    for (size_t k = 0; k < piece_sizes.size(); ++k) {
      const bool last = k + 1 == piece_sizes.size();
      stream(std::string_view(prefix).substr(off, piece_sizes[k]), more_after || !last);
      off += piece_sizes[k];
    }
    std::string().swap(prefix);
    piece_sizes.clear();
  }

  void feed(std::string_view chunk) {
    bytes_fed += chunk.size();
    // With the whole file at hand, the decisions see all of it, exactly as load_dataset always did.
    const bool complete = total_bytes > 0 && bytes_fed >= total_bytes;
    if (!decided) {
      if (prefix.empty() && (complete ? !is_blank(chunk) : chunk.size() >= limits.decide_bytes && enough_to_decide(chunk))) {
        decide(chunk, complete);  // a large first chunk is decided in place, without a copy
        stream(chunk, true);
      } else {
        prefix.append(chunk.data(), chunk.size());
        piece_sizes.push_back(chunk.size());
        if (complete ? !is_blank(prefix) : prefix.size() >= limits.decide_bytes && enough_to_decide(prefix)) {
          decide(prefix, complete);
          replay(true);
        }
      }
    } else {
      stream(chunk, true);
      recheck();
    }
    report(bytes_fed);
  }

  void finish() {
    if (!decided) {
      decide(prefix, true);
      replay(true);
    }
    stream(std::string_view(), false);
    report(bytes_fed);
    IngestReport& r = result.data.report;
    if (invalid)
      r.warnings.insert(r.warnings.begin(),
                        std::to_string(invalid) + " byte sequences are not valid " + to_string(enc.encoding) +
                            " and were replaced by U+FFFD (first near byte " + std::to_string(first_invalid) +
                            "). If text looks wrong, choose the encoding explicitly.");
    pass->finish();
    pass.reset();
    feeder.reset();
    if (r.rows_total == 0)
      throw KexiError("no_data_rows", r.has_header ? "The file has a header row but no data rows."
                                                   : "The file has no data rows.");
    if (r.rows_used == 0) r.warnings.push_back("No row could be used: see the rejected rows for the reasons.");
  }
};

LoadSession::LoadSession(LoadOptions options, std::string file_name, size_t total_bytes,
                         Progress progress, SessionLimits limits)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(file_name), total_bytes,
                                   std::move(progress), limits)) {}

LoadSession::~LoadSession() = default;

bool LoadSession::feed(std::string_view chunk) {
  Impl& s = *impl_;
  if (s.finished) return false;
  return s.guarded([&] { s.feed(chunk); });
}

LoadResult LoadSession::finish() {
  Impl& s = *impl_;
  if (!s.finished) {
    s.finished = true;
    if (s.guarded([&] { s.finish(); })) s.result.ok = true;
  }
  LoadResult result = std::move(s.result);
  s.result = LoadResult{};
  if (!result.ok) {
    result.error.file = s.file_name;
    if (result.error.message.rfind(s.file_name, 0) != 0 && !s.file_name.empty())
      result.error.message = s.file_name + ": " + result.error.message;
  }
  return result;
}

bool LoadSession::failed() const { return impl_->failed; }
const Error& LoadSession::error() const { return impl_->result.error; }
MemoryEstimate LoadSession::estimate() const { return impl_->estimate; }

}  // namespace kexi
