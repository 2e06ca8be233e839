// Encoding detection and decoding. Every GB18030 / UTF-16 byte string below was produced by iconv
// (GNU libc 2.36), not by the code under test, with the command written next to it, e.g.
//   printf '张伟' | iconv -f UTF-8 -t GB18030 | xxd -p    ->  d5c5ceb0
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "kexi/encoding.hpp"
#include "kexi/text.hpp"

using kexi::Encoding;

namespace {

// "d5c5ceb0" -> the bytes.
std::string unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

struct GbCase {
  const char* utf8;
  const char* gb_hex;  // printf '<utf8>' | iconv -f UTF-8 -t GB18030 | xxd -p
};

const GbCase kGbCases[] = {
    {"客户编号,订单日期,实付金额", "bfcdbba7b1e0bac52cb6a9b5a5c8d5c6da2ccab5b8b6bdf0b6ee"},
    {"张伟", "d5c5ceb0"},
    {"\xe2\x82\xac", "a2e3"},             // U+20AC euro sign: two-byte in GB18030
    {"\xef\xbf\xa5", "a3a4"},             // U+FFE5 full-width yen sign
    {"\xe3\x80\x80", "a1a1"},             // U+3000 ideographic space
    {"\xe4\xb8\x84", "8141"},             // U+4E04 (GBK extension, lead 0x81)
    {"\xc2\xa5", "81308436"},             // U+00A5 yen sign: four-byte BMP code
    {"\xc3\x9f", "81308938"},             // U+00DF sharp s: four-byte
    {"\xc2\x80", "81308130"},             // U+0080: first four-byte pointer (0)
    {"\xef\xbf\xbd", "8431a437"},         // U+FFFD: four-byte, pointer 39417
    {"\xf0\x9f\x98\x80", "9439fc36"},     // U+1F600 emoji: supplementary plane, algorithmic
    {"\xf0\xa0\x80\x80", "95328236"},     // U+20000 CJK Ext. B
    {"a,1\r\n", "612c310d0a"},            // ASCII is itself
};

}  // namespace

TEST_CASE("GB18030 bytes from iconv decode to the original UTF-8 text and encode back to the same bytes") {
  for (const auto& c : kGbCases) {
    CAPTURE(c.utf8);
    const std::string gb = unhex(c.gb_hex);
    const kexi::Decoded d = kexi::decode_to_utf8(gb, Encoding::Gb18030);
    CHECK(d.text == c.utf8);
    CHECK(d.invalid_sequences == 0);
    CHECK(kexi::encode_gb18030(c.utf8) == gb);
  }
}

TEST_CASE("a GBK Chinese CSV without BOM is detected as GB18030 and decoded") {
  // printf '客户编号,订单日期,实付金额\r\n张伟,2024-03-05,12.50\r\n' | iconv -f UTF-8 -t GB18030 | xxd -p
  const std::string gb = unhex(
      "bfcdbba7b1e0bac52cb6a9b5a5c8d5c6da2ccab5b8b6bdf0b6ee0d0ad5c5ceb02c323032342d30332d30352c31322e35300d0a");
  const kexi::EncodingGuess g = kexi::detect_encoding(gb);
  CHECK(g.encoding == Encoding::Gb18030);
  CHECK(g.bom_bytes == 0);
  CHECK(!g.reason.empty());
  CHECK(kexi::decode_to_utf8(gb, g.encoding).text ==
        "客户编号,订单日期,实付金额\r\n张伟,2024-03-05,12.50\r\n");
}

TEST_CASE("byte-order marks decide the encoding") {
  struct Case {
    std::string bytes;
    Encoding enc;
    size_t bom;
  };
  const std::vector<Case> cases = {
      {"\xEF\xBB\xBF" "a,b", Encoding::Utf8, 3},
      {std::string("\xFF\xFE" "a\0", 4), Encoding::Utf16LE, 2},
      {std::string("\xFE\xFF\0a", 4), Encoding::Utf16BE, 2},
  };
  for (const auto& c : cases) {
    const kexi::EncodingGuess g = kexi::detect_encoding(c.bytes);
    CHECK(g.encoding == c.enc);
    CHECK(g.bom_bytes == c.bom);
  }
}

TEST_CASE("UTF-16 with and without BOM decodes, little- and big-endian") {
  // printf '订单2024年3月5日,¥12' | iconv -f UTF-8 -t UTF-16LE | xxd -p
  const std::string le = unhex("a28b55533200300032003400745e330008673500e5652c00a50031003200");
  // printf '金额' | iconv -f UTF-8 -t UTF-16BE | xxd -p
  const std::string be = unhex("91d1989d");
  CHECK(kexi::decode_to_utf8(le, Encoding::Utf16LE).text == "订单2024年3月5日,¥12");
  CHECK(kexi::decode_to_utf8("\xFF\xFE" + le, Encoding::Utf16LE).text == "订单2024年3月5日,¥12");
  CHECK(kexi::decode_to_utf8(be, Encoding::Utf16BE).text == "金额");
  CHECK(kexi::decode_to_utf8("\xFE\xFF" + be, Encoding::Utf16BE).text == "金额");

  // Without BOM: detected from the NUL bytes of the ASCII characters.
  // printf 'id,date,amount\n1,2024-03-05,12.5\n' | iconv -f UTF-8 -t UTF-16LE / UTF-16BE
  const std::string ascii = "id,date,amount\n1,2024-03-05,12.5\n";
  std::string le2, be2;
  for (char c : ascii) {
    le2 += c, le2 += '\0';
    be2 += '\0', be2 += c;
  }
  CHECK(kexi::detect_encoding(le2).encoding == Encoding::Utf16LE);
  CHECK(kexi::detect_encoding(le2).bom_bytes == 0);
  CHECK(kexi::detect_encoding(be2).encoding == Encoding::Utf16BE);
  CHECK(kexi::decode_to_utf8(le2, Encoding::Utf16LE).text == ascii);
  CHECK(kexi::decode_to_utf8(be2, Encoding::Utf16BE).text == ascii);

  // U+1F600 as a surrogate pair: D83D DE00 (UTF-16LE bytes 3d d8 00 de).
  CHECK(kexi::decode_to_utf8(unhex("3dd800de"), Encoding::Utf16LE).text == "\xf0\x9f\x98\x80");
}

TEST_CASE("UTF-8 without BOM, plain ASCII and Chinese, is UTF-8") {
  CHECK(kexi::detect_encoding("customer_id,date,amount\n1,2024-03-05,12.5\n").encoding == Encoding::Utf8);
  CHECK(kexi::detect_encoding("客户编号,订单日期,实付金额\n张伟,2024年3月5日,￥12\n").encoding == Encoding::Utf8);
  const kexi::Decoded d = kexi::decode_to_utf8("\xEF\xBB\xBF" "客户", Encoding::Utf8);
  CHECK(d.text == "客户");  // BOM removed
}

TEST_CASE("binary garbage is Binary with a reason") {
  std::string junk;
  uint32_t x = 12345;  // xorshift32: arbitrary bytes, including NULs
  for (int i = 0; i < 4096; ++i) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    junk.push_back(static_cast<char>(x & 0xFF));
  }
  kexi::EncodingGuess g = kexi::detect_encoding(junk);
  CHECK(g.encoding == Encoding::Binary);
  CHECK(!g.reason.empty());
  // A PNG header: 89 50 4E 47 0D 0A 1A 0A 00 00 00 0D 49 48 44 52
  g = kexi::detect_encoding(unhex("89504e470d0a1a0a0000000d49484452"));
  CHECK(g.encoding == Encoding::Binary);
  // Control characters without NULs.
  CHECK(kexi::detect_encoding(std::string(100, '\x01') + "abc").encoding == Encoding::Binary);
}

TEST_CASE("invalid sequences become U+FFFD and are counted with the offset of the first") {
  // UTF-8: "a" C3 (truncated 2-byte) "b" ED A0 80 (surrogate: 3 maximal subparts ED, A0, 80 -> ...)
  {
    const kexi::Decoded d = kexi::decode_to_utf8("a\xC3" "b\xFF" "c", Encoding::Utf8);
    CHECK(d.text == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
    CHECK(d.invalid_sequences == 2);
    CHECK(d.first_invalid_offset == 1);
  }
  {
    // The offset counts from the start of the bytes given, BOM included.
    const kexi::Decoded d = kexi::decode_to_utf8("\xEF\xBB\xBF" "ab\x80", Encoding::Utf8);
    CHECK(d.invalid_sequences == 1);
    CHECK(d.first_invalid_offset == 5);
  }
  {
    // GB18030: 0xFF is never valid; a lead byte before a comma loses only itself (the comma stays);
    // a truncated lead at the end is invalid. "张" = d5c5.
    const kexi::Decoded d = kexi::decode_to_utf8(unhex("d5c5ff2cd52cd5"), Encoding::Gb18030);
    CHECK(d.text == "张\xEF\xBF\xBD,\xEF\xBF\xBD,\xEF\xBF\xBD");
    CHECK(d.invalid_sequences == 3);
    CHECK(d.first_invalid_offset == 2);
  }
  {
    // Four-byte pointer 39420 (84 31 a5 30) is past the BMP table and before the supplementary
    // planes: one U+FFFD for the four bytes.
    const kexi::Decoded d = kexi::decode_to_utf8(unhex("618431a53062"), Encoding::Gb18030);
    CHECK(d.text == "a\xEF\xBF\xBD" "b");
    CHECK(d.invalid_sequences == 1);
    CHECK(d.first_invalid_offset == 1);
  }
  {
    // UTF-16LE: an unpaired high surrogate (00 d8) and an odd trailing byte.
    const kexi::Decoded d = kexi::decode_to_utf8(unhex("610000d8620063"), Encoding::Utf16LE);
    CHECK(d.text == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    CHECK(d.invalid_sequences == 2);
    CHECK(d.first_invalid_offset == 2);
  }
}

TEST_CASE("UTF-8 with a few stray bytes among many good characters is still UTF-8") {
  std::string s;
  for (int i = 0; i < 200; ++i) s += "张伟,2024-03-05,12.5\n";
  s += "caf\xE9\n";  // one Latin-1 byte
  CHECK(kexi::detect_encoding(s).encoding == Encoding::Utf8);
}

TEST_CASE("detection looks at a prefix: a big file is decided by its first MiB") {
  // 3 MB of UTF-8 Chinese whose 1 MiB cut falls inside a 3-byte character, then invalid bytes past
  // the prefix: still UTF-8 (documented: only the prefix is examined).
  std::string s = "a";
  while (s.size() < 3 * 1024 * 1024) s += "客户编号,";
  s += "\xFF\xFF";
  CHECK(kexi::detect_encoding(s).encoding == Encoding::Utf8);
  // The same for GBK text: the cut may fall between the two bytes of a character.
  std::string gb = "a";
  while (gb.size() < 3 * 1024 * 1024) gb += unhex("bfcdbba7b1e0bac52c");
  CHECK(kexi::detect_encoding(gb).encoding == Encoding::Gb18030);
  // Decoding the whole GBK text gives back the UTF-8 text.
  std::string expected = "a";
  while (expected.size() < 1 + (gb.size() - 1) / 9 * 13) expected += "客户编号,";
  CHECK(kexi::decode_to_utf8(gb, Encoding::Gb18030).text == expected);
}

TEST_CASE("every BMP character and a sample of supplementary ones round-trip through GB18030") {
  // Checks the table against itself both ways: encode then decode must give the character back.
  // (The decoder maps a few four-byte codes to the same characters as two-byte codes, as ICU
  // does for GB18030-2022; the encoder writes the two-byte code, so the check is decode(encode(c)).)
  // A handful of private-use code points (U+E5E5, U+E78D..U+E796, ...) lost their codes in
  // GB18030-2022 (the codes now decode to standard characters); they encode as U+FFFD's code
  // 84 31 A4 37. U+FEFF is skipped: at the start of text it is a BOM and dropped by the decoder.
  size_t failures = 0, private_use_unmapped = 0;
  for (uint32_t cp = 0x80; cp < 0x110000; cp += (cp < 0x10000 ? 1 : 97)) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFEFF) continue;
    std::string u;
    kexi::append_utf8(u, cp);
    const std::string gb = kexi::encode_gb18030(u);
    const kexi::Decoded d = kexi::decode_to_utf8(gb, Encoding::Gb18030);
    if (d.text == u) continue;
    if (cp >= 0xE000 && cp <= 0xF8FF && gb == unhex("8431a437")) {
      ++private_use_unmapped;
    } else {
      ++failures;
    }
  }
  CHECK(failures == 0);
  CHECK(private_use_unmapped < 30);
}

TEST_CASE("encoding names parse and print") {
  CHECK(kexi::parse_encoding("UTF-8") == Encoding::Utf8);
  CHECK(kexi::parse_encoding("utf8") == Encoding::Utf8);
  CHECK(kexi::parse_encoding("GBK") == Encoding::Gb18030);
  CHECK(kexi::parse_encoding("gb2312") == Encoding::Gb18030);
  CHECK(kexi::parse_encoding("CP936") == Encoding::Gb18030);
  CHECK(kexi::parse_encoding("utf-16le") == Encoding::Utf16LE);
  CHECK(kexi::parse_encoding("UTF-16BE") == Encoding::Utf16BE);
  CHECK_THROWS_AS(kexi::parse_encoding("latin1"), std::invalid_argument);
  CHECK(kexi::to_string(Encoding::Gb18030) == "gb18030");
  CHECK(kexi::to_string(Encoding::Utf16LE) == "utf-16le");
  CHECK(kexi::to_string(Encoding::Binary) == "binary");
}

TEST_CASE("hostile bytes: every decoder returns valid UTF-8 and never reads out of bounds") {
  uint32_t x = 2463534242u;
  auto next = [&] {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    return x;
  };
  // Bytes drawn mostly from the interesting ranges (GB lead/trail/digits, UTF-8 leads, NUL).
  const unsigned char pool[] = {0x00, 0x30, 0x39, 0x40, 0x7F, 0x80, 0x81, 0x84, 0x95, 0xA1, 0xBF, 0xC2,
                                0xE0, 0xE5, 0xED, 0xEF, 0xF0, 0xF4, 0xFE, 0xFF, 'a', ',', '\n', 0xD8};
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const size_t len = next() % 24;
    for (size_t i = 0; i < len; ++i)
      s.push_back(static_cast<char>(next() % 3 ? pool[next() % sizeof pool] : next() & 0xFF));
    (void)kexi::detect_encoding(s);
    for (Encoding e : {Encoding::Utf8, Encoding::Gb18030, Encoding::Utf16LE, Encoding::Utf16BE, Encoding::Binary}) {
      const kexi::Decoded d = kexi::decode_to_utf8(s, e);
      CHECK(kexi::is_valid_utf8(d.text));
      if (d.invalid_sequences > 0) CHECK(d.first_invalid_offset < s.size());
    }
    CHECK(kexi::decode_to_utf8(kexi::encode_gb18030(s), Encoding::Gb18030).invalid_sequences == 0);
  }
}

TEST_CASE("UTF-8 with one row pasted from a GBK file is UTF-8, though its bytes are also valid GBK") {
  // 张伟 in UTF-8 is e5bca0 e4bc9f: read in pairs (e5bc a0e4 bc9f) these are valid GBK codes, so
  // the whole file scans as GB18030 without an error; decoding it so would garble 200 rows.
  std::string s;
  for (int i = 0; i < 200; ++i) s += "张伟,2024-03-05,12.5\n";
  s += "G," + unhex("b9e3d6dd") + "\n";  // printf '广州' | iconv -f UTF-8 -t GB18030 | xxd -p
  const kexi::EncodingGuess g = kexi::detect_encoding(s);
  CHECK(g.encoding == Encoding::Utf8);
  CHECK(g.reason.find("mostly valid UTF-8") == 0);
  const kexi::Decoded d = kexi::decode_to_utf8(s, g.encoding);
  CHECK(d.text.substr(0, 6) == "张伟");
  CHECK(d.invalid_sequences >= 1);
}
