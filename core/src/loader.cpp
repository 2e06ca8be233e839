// Ingestion, stage by stage: bytes -> encoding -> dialect -> header -> column mapping -> kind ->
// one row pass. Every stage either fills the report or stops with an Error naming file and cause.
#include "kexi/loader.hpp"

#include <new>

#include "ingest.hpp"
#include "kexi/encoding.hpp"
#include "kexi/text.hpp"

namespace kexi {

namespace {

using ingest::Context;

bool is_zip(std::string_view b) { return b.size() >= 4 && b.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

// Decodes to UTF-8 (a view into `bytes` when it already is UTF-8, else into `owned`).
std::string_view decode(std::string_view bytes, const LoadOptions& options, std::string& owned,
                        IngestReport& report) {
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
  if (enc == Encoding::Utf8) {
    // Valid UTF-8 is used in place: no copy of a large file. Detection looks at a prefix and
    // accepts a few stray bytes (a row pasted from a GBK file), so check the whole text: invalid
    // bytes used in place would reach the report and results as invalid UTF-8, which JSON output
    // cannot carry. Those are decoded below with U+FFFD and a warning.
    const std::string_view body = bytes.substr(guess.bom_bytes);
    if (is_valid_utf8(body)) return body;
  }
  Decoded d = decode_to_utf8(bytes, enc);
  if (d.invalid_sequences)
    report.warnings.push_back(std::to_string(d.invalid_sequences) +
                              " byte sequences are not valid " + to_string(enc) +
                              " and were replaced by U+FFFD (first near byte " +
                              std::to_string(d.first_invalid_offset) +
                              "). If text looks wrong, choose the encoding explicitly.");
  owned = std::move(d.text);
  return owned;
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

void run(std::string_view bytes, const LoadOptions& options, const Progress& progress, Dataset& data) {
  std::string owned;
  Context ctx;
  ctx.options = &options;
  ctx.progress = &progress;
  ctx.data = &data;
  ctx.text = decode(bytes, options, owned, data.report);
  if (trim(ctx.text).find_first_not_of("\r\n\t ") == std::string_view::npos)
    throw KexiError("empty_file", "The file contains no text (only blank lines or spaces).");
  ctx.dialect = choose_dialect(ctx.text, options, data.report);
  ctx.names = read_names(ctx.text, ctx.dialect);
  ingest::map_columns(ctx);
  const InputKind kind = ingest::decide_kind(ctx);
  data.report.kind = kind;
  switch (kind) {
    case InputKind::Orders: ingest::read_orders(ctx); break;
    case InputKind::Customers: ingest::read_customer_table(ctx); break;
    case InputKind::Survey:
    case InputKind::Table: ingest::read_text_table(ctx); break;
  }
  IngestReport& r = data.report;
  if (r.rows_total == 0)
    throw KexiError("no_data_rows", data.report.has_header
                                        ? "The file has a header row but no data rows."
                                        : "The file has no data rows.");
  if (r.rows_used == 0)
    r.warnings.push_back("No row could be used: see the rejected rows for the reasons.");
}

}  // namespace

LoadResult load_dataset(std::string_view bytes, const LoadOptions& options,
                        const std::string& file_name, const Progress& progress) {
  LoadResult result;
  result.data.report.file_name = file_name;
  result.data.report.file_bytes = bytes.size();
  try {
    run(bytes, options, progress, result.data);
    result.ok = true;
  } catch (const KexiError& e) {
    result.error = e.error();
  } catch (const std::bad_alloc&) {
    result.error = Error{"out_of_memory", "Not enough memory to load this file.", "", 0, ""};
  } catch (const std::exception& e) {
    result.error = Error{"internal_error", std::string("Internal error: ") + e.what(), "", 0, ""};
  }
  if (!result.ok) {
    result.error.file = file_name;
    if (result.error.message.rfind(file_name, 0) != 0 && !file_name.empty())
      result.error.message = file_name + ": " + result.error.message;
  }
  return result;
}

}  // namespace kexi
