#pragma once
// Streaming ingestion: a file's bytes arrive in chunks (the page reads File.slice() pieces, the CLI
// reads its file in blocks) and go through the one ingestion path of loader.hpp, piece by piece,
// so a 450 MB file never has to be held whole. load_dataset() is one session with one feed.
//
// Protocol: LoadSession s(options, name, total_bytes, progress); s.feed(chunk)...; s.finish().
// - The first chunks are gathered until `decide_bytes` (or the end): encoding, dialect, header,
//   column mapping and kind are decided on them exactly as for a whole file (the encoding looks at
//   1 MiB, the dialect at 64 KB, the column types at 2000 records). An ambiguous D/M/Y vs M/D/Y
//   date column is decided from that first part only; when it cannot be, the error says
//   "in the first N rows".
// - Then the memory guard: rows are estimated from the bytes per line of the first part and the
//   dataset's bytes from the per-row cost of this kind (estimate_dataset_bytes); beyond
//   `memory_limit` the load stops with code "file_too_large" before the rest is read.
// - Every chunk is decoded up to its last line end (a '\n' byte, or code unit for UTF-16, which
//   never occurs inside a multi-byte character), the rest of the bytes carried; the text is read
//   up to its last complete record, the rest of the text carried. Line numbers, rejections,
//   duplicate-line fingerprints, order ids and the customer index live across chunks, so any
//   chunking gives the same report and dataset as the whole file.
// - A quoted field that has not closed after `max_carry` bytes is taken as never closing (the
//   reader's unterminated-quote recovery: one row rejected, reading goes on after its line). A whole
//   file would only do so when the quote closes nowhere; a legitimate 10 MB field still loads.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "kexi/loader.hpp"

namespace kexi {

/// Limits of a streaming load. The defaults suit the page and the CLI.
struct SessionLimits {
  size_t decide_bytes = size_t{4} << 20;  ///< bytes gathered before the decisions are made
  size_t max_carry = size_t{64} << 20;    ///< longest open quoted field before it counts as unterminated
  /// Bytes the dataset may need (the estimate, see estimate_dataset_bytes); 0 = no guard.
  size_t memory_limit = 0;
};

/// What the memory guard estimated from the first part of a file.
struct MemoryEstimate {
  size_t rows = 0;   ///< data rows expected in the whole file
  size_t bytes = 0;  ///< bytes the dataset is expected to need at its peak
};

/// Peak bytes a dataset of this kind needs for `rows` rows of `columns` columns (`order_ids`:
/// the file has an order id column; `id_bytes`: typical length of an id). The per-row costs are
/// those of the structures the row passes build (see docs/LARGE_FILES.md for the sums).
size_t estimate_dataset_bytes(InputKind kind, size_t rows, size_t columns, bool order_ids,
                              size_t id_bytes, size_t text_bytes_per_row);

class LoadSession {
 public:
  /// `total_bytes`: the file's size, for progress and the memory estimate (0 when unknown).
  LoadSession(LoadOptions options, std::string file_name, size_t total_bytes,
              Progress progress = nullptr, SessionLimits limits = {});
  ~LoadSession();
  LoadSession(const LoadSession&) = delete;
  LoadSession& operator=(const LoadSession&) = delete;

  /// Reads the next chunk (any size, including 0). Returns false once the load has failed (bad
  /// file, memory guard, cancelled through progress, out of memory): error() says why and further
  /// chunks are ignored. Never throws.
  bool feed(std::string_view chunk);
  /// Reads what is left and returns the dataset (or the error). Never throws. Call once.
  LoadResult finish();

  bool failed() const;
  const Error& error() const;
  /// The guard's estimate, once the first part has been read (zeros before).
  MemoryEstimate estimate() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kexi
