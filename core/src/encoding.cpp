#include "kexi/encoding.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "kexi/text.hpp"

namespace kexi {

namespace {

#include "gb18030_table.inc"

constexpr size_t kDetectPrefix = size_t(1) << 20;  // detection reads at most the first 1 MiB
constexpr uint32_t kReplacement = 0xFFFD;
constexpr uint32_t kGbFourByteBmpEnd = 39420;  // four-byte pointers 0..39419 cover the BMP
constexpr uint32_t kGbSupplementaryFirst = 189000;
constexpr uint32_t kGbSupplementaryLast = 189000 + 0x10FFFF - 0x10000;

inline unsigned char ub(const char* p, size_t i) { return static_cast<unsigned char>(p[i]); }

// Output buffer for the decoders: a std::string used as raw storage, grown geometrically, so the
// inner loops write bytes through a pointer instead of calling push_back.
class Out {
 public:
  explicit Out(size_t estimate) { s_.resize(estimate + 64); }
  void room(size_t k) {
    if (n_ + k > s_.size()) s_.resize(std::max(s_.size() + s_.size() / 2, n_ + k) + 64);
  }
  void byte(char c) { s_[n_++] = c; }
  void bytes(const char* p, size_t k) {
    std::memcpy(&s_[n_], p, k);
    n_ += k;
  }
  // Needs room(4).
  void cp(uint32_t c) {
    char* d = &s_[n_];
    if (c < 0x80) {
      d[0] = static_cast<char>(c);
      n_ += 1;
    } else if (c < 0x800) {
      d[0] = static_cast<char>(0xC0 | (c >> 6));
      d[1] = static_cast<char>(0x80 | (c & 0x3F));
      n_ += 2;
    } else if (c < 0x10000) {
      d[0] = static_cast<char>(0xE0 | (c >> 12));
      d[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      d[2] = static_cast<char>(0x80 | (c & 0x3F));
      n_ += 3;
    } else {
      d[0] = static_cast<char>(0xF0 | (c >> 18));
      d[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      d[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      d[3] = static_cast<char>(0x80 | (c & 0x3F));
      n_ += 4;
    }
  }
  std::string finish() {
    s_.resize(n_);
    return std::move(s_);
  }

 private:
  std::string s_;
  size_t n_ = 0;
};

struct Invalid {
  size_t count = 0;
  size_t first = 0;
  void add(size_t offset) {
    if (count++ == 0) first = offset;
  }
};

// Code point of a four-byte GB18030 pointer, or UINT32_MAX when the pointer maps to nothing.
uint32_t gb_four_byte_cp(uint32_t pointer) {
  if (pointer < kGbFourByteBmpEnd) {
    // Last range starting at or before the pointer (the ranges are sorted by pointer).
    constexpr size_t n = sizeof kGbFourByteRanges / sizeof kGbFourByteRanges[0];
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
      const size_t mid = (lo + hi) / 2;
      if (kGbFourByteRanges[mid][0] <= pointer) lo = mid; else hi = mid;
    }
    return kGbFourByteRanges[lo][1] + (pointer - kGbFourByteRanges[lo][0]);
  }
  if (pointer >= kGbSupplementaryFirst && pointer <= kGbSupplementaryLast)
    return 0x10000 + (pointer - kGbSupplementaryFirst);
  return UINT32_MAX;
}

inline bool gb_trail(unsigned char b) { return (b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFE); }
inline uint32_t gb_two_byte_cp(unsigned char lead, unsigned char trail) {
  return kGbTwoByte[(lead - 0x81) * 190 + trail - (trail < 0x7F ? 0x40 : 0x41)];
}

// One GB18030 character at p[i]: its code point (UINT32_MAX when invalid) and byte length. When
// `truncated_ok` and the bytes end inside a character that could still be valid, returns 0 with
// len = 0 (used by detection on a prefix). Follows the WHATWG gb18030 decoder: after an invalid
// lead byte only the lead is consumed, so the ASCII that follows is not lost.
inline uint32_t gb_char(const char* p, size_t i, size_t n, size_t& len, bool truncated_ok) {
  const unsigned char b0 = ub(p, i);
  if (b0 < 0x80) {
    len = 1;
    return b0;
  }
  if (b0 == 0x80) {  // Windows code page 936 writes the euro sign as a single 0x80
    len = 1;
    return 0x20AC;
  }
  len = 1;
  if (b0 == 0xFF) return UINT32_MAX;
  if (i + 1 >= n) {
    if (truncated_ok) len = 0;
    return truncated_ok ? 0 : UINT32_MAX;
  }
  const unsigned char b1 = ub(p, i + 1);
  if (b1 >= 0x30 && b1 <= 0x39) {
    if (i + 3 >= n) {
      const bool could_be = i + 2 >= n || (ub(p, i + 2) >= 0x81 && ub(p, i + 2) <= 0xFE);
      if (truncated_ok && could_be) {
        len = 0;
        return 0;
      }
      return UINT32_MAX;
    }
    const unsigned char b2 = ub(p, i + 2), b3 = ub(p, i + 3);
    if (b2 < 0x81 || b2 > 0xFE || b3 < 0x30 || b3 > 0x39) return UINT32_MAX;
    const uint32_t pointer = (b0 - 0x81) * 12600u + (b1 - 0x30) * 1260u + (b2 - 0x81) * 10u + (b3 - 0x30);
    len = 4;
    return gb_four_byte_cp(pointer);
  }
  if (gb_trail(b1)) {
    const uint32_t cp = gb_two_byte_cp(b0, b1);
    if (cp != 0) {
      len = 2;
      return cp;
    }
    return UINT32_MAX;
  }
  if (b1 >= 0x80) len = 2;  // 0xFF: consumed with the lead, as WHATWG does
  return UINT32_MAX;
}

struct Scan {
  size_t invalid = 0;
  size_t first_invalid = 0;
  size_t multibyte = 0;  // characters of more than one byte
};

Scan scan_gb18030(std::string_view s, bool truncated_ok) {
  Scan r;
  const char* p = s.data();
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    if (ub(p, i) < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    const uint32_t cp = gb_char(p, i, n, len, truncated_ok);
    if (len == 0) break;  // truncated at the end of the prefix
    if (cp == UINT32_MAX) {
      if (r.invalid++ == 0) r.first_invalid = i;
    } else {
      ++r.multibyte;
    }
    i += len;
  }
  return r;
}

Scan scan_utf8(std::string_view s) {
  Scan r;
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    if (decode_utf8_char(s, i, len) == UINT32_MAX) {
      if (r.invalid++ == 0) r.first_invalid = i;
    } else {
      ++r.multibyte;
    }
    i += len;
  }
  return r;
}

std::string offset_text(size_t offset) { return "byte offset " + std::to_string(offset); }

Decoded decode_utf8_bytes(std::string_view bytes) {
  Decoded d;
  const size_t bom = bytes.size() >= 3 && std::memcmp(bytes.data(), "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  const std::string_view body = bytes.substr(bom);
  const size_t valid = utf8_valid_prefix(body);
  if (valid == body.size()) {  // the common case: one copy, no per-character work
    d.text.assign(body.data(), body.size());
    return d;
  }
  Out out(body.size() + 16);
  Invalid inv;
  out.bytes(body.data(), valid);
  for (size_t i = valid; i < body.size();) {
    out.room(4);
    size_t len;
    const uint32_t cp = decode_utf8_char(body, i, len);
    if (cp == UINT32_MAX) {
      inv.add(bom + i);
      out.cp(kReplacement);
    } else {
      out.bytes(body.data() + i, len);
    }
    i += len;
  }
  d.text = out.finish();
  d.invalid_sequences = inv.count;
  d.first_invalid_offset = inv.first;
  return d;
}

Decoded decode_utf16_bytes(std::string_view bytes, bool le) {
  Decoded d;
  const char* p = bytes.data();
  const size_t n = bytes.size();
  size_t i = 0;
  if (n >= 2 && ((le && ub(p, 0) == 0xFF && ub(p, 1) == 0xFE) || (!le && ub(p, 0) == 0xFE && ub(p, 1) == 0xFF)))
    i = 2;
  Out out(n + n / 2 + 16);
  Invalid inv;
  auto unit = [&](size_t k) -> uint32_t {
    return le ? (ub(p, k) | (ub(p, k + 1) << 8)) : ((ub(p, k) << 8) | ub(p, k + 1));
  };
  while (i + 1 < n) {
    out.room(4);
    const uint32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
      const uint32_t u2 = unit(i + 2);
      if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
        out.cp(0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00));
        i += 4;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) {  // unpaired surrogate
      inv.add(i);
      out.cp(kReplacement);
    } else {
      out.cp(u);
    }
    i += 2;
  }
  if (i < n) {  // odd trailing byte
    out.room(4);
    inv.add(i);
    out.cp(kReplacement);
  }
  d.text = out.finish();
  d.invalid_sequences = inv.count;
  d.first_invalid_offset = inv.first;
  return d;
}

Decoded decode_gb18030_bytes(std::string_view bytes) {
  Decoded d;
  const char* p = bytes.data();
  const size_t n = bytes.size();
  // Size the output from the number of non-ASCII bytes (mostly two-byte Hanzi: 2 bytes -> 3).
  size_t high = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    high += static_cast<size_t>(__builtin_popcountll(w & 0x8080808080808080ULL));
  }
  for (; i < n; ++i) high += ub(p, i) >> 7;
  Out out(n + high / 2 + 16);
  Invalid inv;
  i = 0;
  if (n >= 4 && std::memcmp(p, "\x84\x31\x95\x33", 4) == 0) i = 4;  // GB18030 form of U+FEFF
  while (i < n) {
    out.room(8);
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        out.bytes(p + i, 8);
        i += 8;
        continue;
      }
    }
    const unsigned char b0 = ub(p, i);
    if (b0 < 0x80) {
      out.byte(static_cast<char>(b0));
      ++i;
      continue;
    }
    // Two-byte GBK is the hot path: inline table lookup.
    if (b0 != 0x80 && b0 != 0xFF && i + 1 < n) {
      const unsigned char b1 = ub(p, i + 1);
      if (b1 >= 0x40 && b1 != 0x7F && b1 != 0xFF) {
        const uint32_t cp = gb_two_byte_cp(b0, b1);
        if (cp != 0) {
          out.cp(cp);
          i += 2;
          continue;
        }
      }
    }
    size_t len;
    const uint32_t cp = gb_char(p, i, n, len, false);
    if (cp == UINT32_MAX) {
      inv.add(i);
      out.cp(kReplacement);
    } else {
      out.cp(cp);
    }
    i += len;
  }
  d.text = out.finish();
  d.invalid_sequences = inv.count;
  d.first_invalid_offset = inv.first;
  return d;
}

// Code point -> GB18030 bytes for the BMP, built on first use: two-byte code (lead << 8 | trail),
// or 0x80000000 | four-byte pointer, or 0 when the code point has no mapping (surrogates). Where
// the decoder maps two codes to one character, the two-byte code wins (what other encoders write).
const std::vector<uint32_t>& gb_reverse_table() {
  static const std::vector<uint32_t> table = [] {
    std::vector<uint32_t> t(0x10000, 0);
    for (uint32_t lead = 0x81; lead <= 0xFE; ++lead)
      for (uint32_t trail = 0x40; trail <= 0xFE; ++trail) {
        if (trail == 0x7F) continue;
        const uint32_t cp = gb_two_byte_cp(static_cast<unsigned char>(lead), static_cast<unsigned char>(trail));
        if (cp >= 0x80 && t[cp] == 0) t[cp] = (lead << 8) | trail;
      }
    for (uint32_t pointer = 0; pointer < kGbFourByteBmpEnd; ++pointer) {
      const uint32_t cp = gb_four_byte_cp(pointer);
      if (cp >= 0x80 && cp < 0x10000 && t[cp] == 0) t[cp] = 0x80000000u | pointer;
    }
    return t;
  }();
  return table;
}

void put_gb_pointer(std::string& out, uint32_t pointer) {
  out.push_back(static_cast<char>(0x81 + pointer / 12600));
  out.push_back(static_cast<char>(0x30 + pointer / 1260 % 10));
  out.push_back(static_cast<char>(0x81 + pointer / 10 % 126));
  out.push_back(static_cast<char>(0x30 + pointer % 10));
}

}  // namespace

std::string to_string(Encoding e) {
  switch (e) {
    case Encoding::Utf8: return "utf-8";
    case Encoding::Utf16LE: return "utf-16le";
    case Encoding::Utf16BE: return "utf-16be";
    case Encoding::Gb18030: return "gb18030";
    case Encoding::Binary: return "binary";
  }
  return "binary";
}

Encoding parse_encoding(std::string_view name) {
  std::string s;
  for (char c : trim(name)) s.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  if (s == "utf-8" || s == "utf8") return Encoding::Utf8;
  if (s == "gbk" || s == "gb2312" || s == "gb18030" || s == "cp936") return Encoding::Gb18030;
  if (s == "utf-16le" || s == "utf16le") return Encoding::Utf16LE;
  if (s == "utf-16be" || s == "utf16be") return Encoding::Utf16BE;
  throw std::invalid_argument("unknown encoding '" + std::string(name) +
                              "': use utf-8, gbk (also gb2312, gb18030, cp936), utf-16le or utf-16be");
}

EncodingGuess detect_encoding(std::string_view bytes) {
  EncodingGuess g;
  const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
    g = {Encoding::Utf8, 3, "UTF-8 byte-order mark"};
    return g;
  }
  if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
    g = {Encoding::Utf16LE, 2, "UTF-16 little-endian byte-order mark"};
    return g;
  }
  if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
    g = {Encoding::Utf16BE, 2, "UTF-16 big-endian byte-order mark"};
    return g;
  }
  if (n == 0) {
    g.reason = "empty input (read as UTF-8)";
    return g;
  }
  // Only a prefix is examined: big files are decided by their first MiB, so detection costs the
  // same for 1 MB and 450 MB. The cut is moved back to a UTF-8 character boundary; an incomplete
  // GB18030 character at the cut is not counted as an error either.
  const bool cut = n > kDetectPrefix;
  const std::string_view prefix = cut ? bytes.substr(0, utf8_boundary_before(bytes, kDetectPrefix)) : bytes;
  const std::string where = cut ? "in the first " + std::to_string(prefix.size()) + " bytes" : "";

  // NUL bytes: UTF-16 without BOM puts them in every other byte of ASCII text; text files in the
  // other encodings never contain them.
  size_t zero_even = 0, zero_odd = 0, controls = 0, first_nul = SIZE_MAX;
  for (size_t i = 0; i < prefix.size(); ++i) {
    const unsigned char c = u[i];
    if (c >= 0x20) continue;
    if (c == 0) {
      (i % 2 ? zero_odd : zero_even)++;
      if (first_nul == SIZE_MAX) first_nul = i;
    } else if (c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1A) {
      ++controls;
    }
  }
  if (first_nul != SIZE_MAX) {
    const size_t pairs = prefix.size() / 2;
    if (zero_odd * 5 >= pairs && zero_even * 20 <= zero_odd) {
      g = {Encoding::Utf16LE, 0, "UTF-16 little-endian without byte-order mark (NUL in every other byte)"};
      return g;
    }
    if (zero_even * 5 >= pairs && zero_odd * 20 <= zero_even) {
      g = {Encoding::Utf16BE, 0, "UTF-16 big-endian without byte-order mark (NUL in every other byte)"};
      return g;
    }
    g = {Encoding::Binary, 0, "not a text file: NUL byte at " + offset_text(first_nul)};
    return g;
  }
  if (controls * 100 > prefix.size()) {
    g = {Encoding::Binary, 0,
         "not a text file: " + std::to_string(controls) + " control characters " +
             (cut ? where : "in " + std::to_string(prefix.size()) + " bytes")};
    return g;
  }

  const size_t valid = utf8_valid_prefix(prefix);
  if (valid == prefix.size()) {
    g.encoding = Encoding::Utf8;
    bool ascii = true;
    for (size_t i = 0; i < prefix.size() && ascii; ++i) ascii = u[i] < 0x80;
    g.reason = ascii ? "only ASCII bytes (read as UTF-8)" : "valid UTF-8 without byte-order mark";
    if (cut) g.reason += " " + where;
    return g;
  }
  const Scan gb = scan_gb18030(prefix, cut);
  const Scan u8 = scan_utf8(prefix);
  // UTF-8 text with a row pasted from a GBK file often scans as valid GB18030 too (pairs of bytes
  // of UTF-8's 3-byte characters are valid GBK codes), and reading it as GB18030 would garble
  // every UTF-8 row without a word. Real GBK text is almost never valid UTF-8, so many valid
  // UTF-8 characters with at most 1 invalid sequence per 100 mean UTF-8 with a few stray bytes.
  if (u8.multibyte >= 20 && u8.invalid * 100 <= u8.multibyte) {
    g.encoding = Encoding::Utf8;
    g.reason = "mostly valid UTF-8: " + std::to_string(u8.invalid) + " invalid byte sequence(s), first at " +
               offset_text(u8.first_invalid);
    return g;
  }
  if (gb.invalid == 0) {
    g.encoding = Encoding::Gb18030;
    g.reason = "not UTF-8 (invalid at " + offset_text(valid) + ") but valid GB18030/GBK";
    if (cut) g.reason += " " + where;
    return g;
  }
  // Neither is clean. A file with a few stray bytes is still text: take the encoding with few
  // errors (at most 1 per 100 multi-byte characters); decoding replaces the bad bytes with U+FFFD
  // and counts them. Anything worse is not text we can read.
  if (u8.invalid <= gb.invalid && u8.invalid * 100 <= u8.multibyte) {
    g.encoding = Encoding::Utf8;
    g.reason = "mostly valid UTF-8: " + std::to_string(u8.invalid) + " invalid byte sequence(s), first at " +
               offset_text(u8.first_invalid);
    return g;
  }
  if (gb.invalid * 100 <= gb.multibyte) {
    g.encoding = Encoding::Gb18030;
    g.reason = "mostly valid GB18030/GBK: " + std::to_string(gb.invalid) + " invalid byte sequence(s), first at " +
               offset_text(gb.first_invalid);
    return g;
  }
  g.encoding = Encoding::Binary;
  g.reason = "not text in a known encoding: invalid UTF-8 at " + offset_text(u8.first_invalid) +
             " and invalid GB18030 at " + offset_text(gb.first_invalid);
  return g;
}

Decoded decode_to_utf8(std::string_view bytes, Encoding from) {
  switch (from) {
    case Encoding::Gb18030: return decode_gb18030_bytes(bytes);
    case Encoding::Utf16LE: return decode_utf16_bytes(bytes, true);
    case Encoding::Utf16BE: return decode_utf16_bytes(bytes, false);
    case Encoding::Utf8:
    case Encoding::Binary: break;
  }
  return decode_utf8_bytes(bytes);
}

std::string encode_gb18030(std::string_view utf8) {
  const std::vector<uint32_t>& rev = gb_reverse_table();
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    size_t len;
    uint32_t cp = decode_utf8_char(utf8, i, len);
    i += len;
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
      continue;
    }
    if (cp == UINT32_MAX) cp = kReplacement;
    if (cp >= 0x10000) {
      put_gb_pointer(out, kGbSupplementaryFirst + (cp - 0x10000));
      continue;
    }
    const uint32_t code = rev[cp] != 0 ? rev[cp] : rev[kReplacement];
    if (code & 0x80000000u) {
      put_gb_pointer(out, code & 0x7FFFFFFFu);
    } else {
      out.push_back(static_cast<char>(code >> 8));
      out.push_back(static_cast<char>(code & 0xFF));
    }
  }
  return out;
}

}  // namespace kexi
