// The delimited-text reader: one pass, no per-field allocation, linear time on any input.
#include "kexi/csv_reader.hpp"

#include <cstdint>
#include <cstring>

namespace kexi {

namespace {

// Finds the first byte in [p, end) equal to `delim`, '\n' or '\r' (end if none). Unquoted fields
// are most of a file and are short, so this is the hot loop: eight bytes at a time with the
// SWAR "has zero byte" test, which flags exactly the lowest matching byte (borrows only run
// upwards from a true zero), so the count of trailing zero bits gives the first match.
inline const char* find_field_end(const char* p, const char* end, char delim) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr uint64_t ones = 0x0101010101010101ULL;
  constexpr uint64_t highs = 0x8080808080808080ULL;
  const uint64_t d = ones * static_cast<unsigned char>(delim);
  const uint64_t n = ones * static_cast<unsigned char>('\n');
  const uint64_t r = ones * static_cast<unsigned char>('\r');
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    const uint64_t xd = w ^ d, xn = w ^ n, xr = w ^ r;
    const uint64_t hit = (((xd - ones) & ~xd) | ((xn - ones) & ~xn) | ((xr - ones) & ~xr)) & highs;
    if (hit) return p + (__builtin_ctzll(hit) >> 3);
    p += 8;
  }
#endif
  while (p < end && *p != delim && *p != '\n' && *p != '\r') ++p;
  return p;
}

// Physical line ends in a quoted field's bytes: LF, CRLF (once) and lone CR.
size_t count_line_ends(const char* p, const char* end) {
  size_t n = 0;
  for (; p < end; ++p) {
    if (*p == '\n') {
      ++n;
    } else if (*p == '\r' && (p + 1 == end || p[1] != '\n')) {
      ++n;
    }
  }
  return n;
}

}  // namespace

std::string_view peek_field(std::string_view text, size_t column, const Dialect& dialect) {
  size_t begin = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r' || (c == dialect.quote && dialect.quote != '\0')) return {};
    if (c != dialect.delimiter) continue;
    if (column == 0) return text.substr(begin, i - begin);
    --column;
    begin = i + 1;
  }
  return {};
}

CsvReader::CsvReader(std::string_view text, Dialect dialect) : CsvReader(text, dialect, Piece{}) {}

CsvReader::CsvReader(std::string_view text, Dialect dialect, Piece piece)
    : text_(text), dialect_(dialect), line_(piece.first_line), more_follows_(piece.more_follows),
      give_up_(piece.give_up_on_open_quote) {
  // A quote equal to the delimiter or to a line end cannot work; read such text unquoted.
  if (dialect_.quote == dialect_.delimiter || dialect_.quote == '\n' || dialect_.quote == '\r')
    dialect_.quote = '\0';
  if (piece.at_start && text_.size() >= 3 && std::memcmp(text_.data(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  unterminated_ = false;
  incomplete_ = false;
  if (pos_ >= text_.size()) return false;
  record_line_ = line_;
  const size_t start = pos_;
  scratch_.clear();
  pending_.clear();
  // With more text to come, a record is returned only when it is known to be complete; otherwise
  // the reader rewinds to the record's start, so the caller can carry it into the next piece.
  auto cut_off = [&]() {
    if (!more_follows_) return false;
    const bool lone_cr_at_end = pos_ == text_.size() && text_[pos_ - 1] == '\r';
    if (ended_by_line_end_ && !lone_cr_at_end) return false;
    fields.clear();
    pos_ = start;
    line_ = record_line_;
    incomplete_ = true;
    return true;
  };
  if (start < literal_until_) {
    // A line between a record's start and the quote that never closed (see below). An empty
    // line reads the same either way and stays an ordinary empty line.
    read_record(fields, '\0');
    if (cut_off()) return false;
    unterminated_ = !(fields.size() == 1 && fields[0].empty());
  } else if (bool closed = read_record(fields, dialect_.quote); closed && cut_off()) {
    return false;
  } else if (!closed && more_follows_ && !give_up_) {
    fields.clear();
    pos_ = start;
    line_ = record_line_;
    incomplete_ = true;
    return false;
  } else if (!closed) {
    // A quote that never closes would swallow the rest of the file into one field. Re-read just
    // the line the record started on with quotes literal, so one stray quote costs one row.
    // If the quote opened on a later line (after multi-line fields that did close), the lines up
    // to and including the quote's line are read the same way: re-reading them with quotes
    // could meet the same unclosed quote once per line, which is quadratic on hostile input
    // ("\na", repeated, then "). Quotes after that line always close: the closing scan from the
    // unclosed quote found only doubled quotes up to the end, so parsing goes on normally.
    const char* const data = text_.data();
    const char* const end = data + text_.size();
    const char* q = data + unclosed_quote_;
    while (q < end && *q != '\n' && *q != '\r') ++q;
    literal_until_ = static_cast<size_t>(q - data);
    fields.clear();
    scratch_.clear();
    pending_.clear();
    pos_ = start;
    line_ = record_line_;
    read_record(fields, '\0');
    if (cut_off()) {
      literal_until_ = 0;
      return false;
    }
    unterminated_ = true;
  }
  for (const Pending& f : pending_)
    fields[f.field] = std::string_view(scratch_.data() + f.offset, f.size);
  return true;
}

bool CsvReader::read_record(std::vector<std::string_view>& fields, char quote) {
  const char* const data = text_.data();
  const char* const end = data + text_.size();
  const char delim = dialect_.delimiter;
  const char* p = data + pos_;
  size_t lines_in_quotes = 0;
  ended_by_line_end_ = false;
  for (;;) {
    if (quote != '\0' && p < end && *p == quote) {
      // Quoted field: find the closing quote, skipping doubled ones.
      const char* const content = p + 1;
      const char* q = content;
      bool doubled = false;
      const char* close;
      for (;;) {
        close = static_cast<const char*>(std::memchr(q, quote, static_cast<size_t>(end - q)));
        if (close == nullptr) {
          unclosed_quote_ = static_cast<size_t>(p - data);
          return false;
        }
        if (close + 1 < end && close[1] == quote) {
          doubled = true;
          q = close + 2;
          continue;
        }
        break;
      }
      lines_in_quotes += count_line_ends(content, close);
      p = close + 1;
      // Lenient: text after the closing quote up to the delimiter belongs to the field.
      const char* const tail_end = find_field_end(p, end, delim);
      if (!doubled && tail_end == p) {
        fields.emplace_back(content, static_cast<size_t>(close - content));
      } else {
        const size_t offset = scratch_.size();
        for (const char* s = content; s < close;) {
          const char* qq = static_cast<const char*>(std::memchr(s, quote, static_cast<size_t>(close - s)));
          if (qq == nullptr) {
            scratch_.append(s, static_cast<size_t>(close - s));
            break;
          }
          scratch_.append(s, static_cast<size_t>(qq + 1 - s));  // keeps one quote of the pair
          s = qq + 2;
        }
        scratch_.append(p, static_cast<size_t>(tail_end - p));
        pending_.push_back(Pending{fields.size(), offset, scratch_.size() - offset});
        fields.emplace_back();
      }
      p = tail_end;
    } else {
      const char* const field_end = find_field_end(p, end, delim);
      fields.emplace_back(p, static_cast<size_t>(field_end - p));
      p = field_end;
    }
    // p is at the end, a delimiter or a line end.
    if (p == end) break;
    if (*p == delim) {
      ++p;
      continue;
    }
    if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
    ++p;
    ++line_;
    ended_by_line_end_ = true;
    break;
  }
  line_ += lines_in_quotes;
  pos_ = static_cast<size_t>(p - data);
  return true;
}

}  // namespace kexi
