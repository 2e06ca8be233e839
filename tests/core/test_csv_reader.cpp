// CsvReader and sniff_dialect. Every expected record list below is worked out by hand from the
// input text (RFC 4180 plus the lenient rules documented in csv_reader.hpp); comments show how.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "kexi/csv_reader.hpp"

using kexi::CsvReader;
using kexi::Dialect;
using Rows = std::vector<std::vector<std::string>>;

namespace {

struct Record {
  size_t line;
  bool unterminated;
  std::vector<std::string> fields;
};

std::vector<Record> read_all(std::string_view text, Dialect d) {
  CsvReader reader(text, d);
  std::vector<std::string_view> fields;
  std::vector<Record> out;
  while (reader.next(fields)) {
    Record r{reader.line(), reader.last_record_unterminated_quote(), {}};
    for (std::string_view f : fields) r.fields.emplace_back(f);
    out.push_back(std::move(r));
  }
  CHECK(reader.offset() == text.size());
  return out;
}

Rows rows_of(const std::vector<Record>& records) {
  Rows rows;
  for (const Record& r : records) rows.push_back(r.fields);
  return rows;
}

std::vector<size_t> lines_of(const std::vector<Record>& records) {
  std::vector<size_t> lines;
  for (const Record& r : records) lines.push_back(r.line);
  return lines;
}

constexpr Dialect kComma{',', '"', true};
constexpr Dialect kSemicolon{';', '"', true};
constexpr Dialect kTab{'\t', '"', true};
constexpr Dialect kPipe{'|', '"', true};
constexpr Dialect kSingle{',', '\'', true};
constexpr Dialect kNoQuote{',', '\0', true};

struct ReadCase {
  const char* name;
  std::string text;
  Dialect dialect;
  Rows rows;
  std::vector<size_t> lines;             // 1-based physical line where each record starts
  std::vector<bool> unterminated = {};   // empty = none flagged
};

}  // namespace

TEST_CASE("the reader splits records as RFC 4180 and the lenient rules say") {
  const std::vector<ReadCase> cases = {
      {"comma with LF", "a,b,c\n1,2,3\n", kComma, {{"a", "b", "c"}, {"1", "2", "3"}}, {1, 2}},
      {"semicolon with a quoted semicolon", "a;b\n1;\"x;y\"\n", kSemicolon,
       {{"a", "b"}, {"1", "x;y"}}, {1, 2}},
      {"tab without final newline", "a\tb\n1\t2", kTab, {{"a", "b"}, {"1", "2"}}, {1, 2}},
      {"pipe with empty outer fields", "a|b|c\n|x|\n", kPipe, {{"a", "b", "c"}, {"", "x", ""}}, {1, 2}},
      // 'O''Brien, Pat' is one field: the comma is inside quotes and '' is one apostrophe.
      {"single quote with doubled quote and delimiter", "id,name\n1,'O''Brien, Pat'\n", kSingle,
       {{"id", "name"}, {"1", "O'Brien, Pat"}}, {1, 2}},
      {"doubled double quotes", "\"he said \"\"hi\"\"\",2\n", kComma, {{"he said \"hi\"", "2"}}, {1}},
      // The note spans physical lines 2 and 3, so the record "2,x" starts on line 4.
      {"CRLF inside quotes and as line end", "id,note\r\n1,\"line1\r\nline2\"\r\n2,x\r\n", kComma,
       {{"id", "note"}, {"1", "line1\r\nline2"}, {"2", "x"}}, {1, 2, 4}},
      // Inside quotes: LF ends line 1, lone CR ends line 2, so the field closes on line 3 and
      // "z" starts on line 4.
      {"LF and lone CR inside quotes", "\"a\nb\rc\"\nz\n", kComma, {{"a\nb\rc"}, {"z"}}, {1, 4}},
      {"empty fields and trailing delimiter", "a,,c,\n,,\n", kComma,
       {{"a", "", "c", ""}, {"", "", ""}}, {1, 2}},
      {"ragged rows keep their own field counts", "a,b,c\n1,2\n1,2,3,4\n", kComma,
       {{"a", "b", "c"}, {"1", "2"}, {"1", "2", "3", "4"}}, {1, 2, 3}},
      {"an empty line is one empty field", "a\n\nb\n", kComma, {{"a"}, {""}, {"b"}}, {1, 2, 3}},
      {"lone CR line ends", "a,b\rc,d\r", kComma, {{"a", "b"}, {"c", "d"}}, {1, 2}},
      {"mixed CRLF LF CR line ends", "a\r\nb\nc\rd", kComma, {{"a"}, {"b"}, {"c"}, {"d"}}, {1, 2, 3, 4}},
      {"a quote inside an unquoted field is literal", "5\" pipe,ab\"c\n", kComma,
       {{"5\" pipe", "ab\"c"}}, {1}},
      // Like Python's csv: after the closing quote, the rest up to the delimiter is appended.
      {"text after a closing quote is appended", "\"ab\"cd,e\n", kComma, {{"abcd", "e"}}, {1}},
      {"quotes after a closing quote are literal", "\"ab\"c\"d\",e\n", kComma, {{"abc\"d\"", "e"}}, {1}},
      {"an empty quoted field", "\"\",x\n", kComma, {{"", "x"}}, {1}},
      {"a quote closing at the very end of the text", "a,\"b\"", kComma, {{"a", "b"}}, {1}},
      {"no quote character keeps quotes as data", "\"a,b\",c\n", kNoQuote, {{"\"a", "b\"", "c"}}, {1}},
      {"several unescaped fields in one record", "\"a\"\"b\",\"c\"\"d\",\"e\"f\n", kComma,
       {{"a\"b", "c\"d", "ef"}}, {1}},
      {"a UTF-8 byte-order mark is skipped", "\xEF\xBB\xBFid,x\n1,2", kComma, {{"id", "x"}, {"1", "2"}}, {1, 2}},
      // Line 2 opens a quote that never closes: only line 2 is re-read, quotes literal.
      {"an unterminated quote costs one line", "id,name\n1,\"Bob\n2,Ann\n3,Cy\n", kComma,
       {{"id", "name"}, {"1", "\"Bob"}, {"2", "Ann"}, {"3", "Cy"}}, {1, 2, 3, 4},
       {false, true, false, false}},
      // Record 1 spans lines 1-2; the quote opened on line 3 never closes; line 4 goes on.
      {"an unterminated quote after a multi-line field", "\"x\ny\",1\n\"open,2\nlast,3", kComma,
       {{"x\ny", "1"}, {"\"open", "2"}, {"last", "3"}}, {1, 3, 4}, {false, true, false}},
      {"an unterminated quote before CRLF", "\"a\r\nb\r\n", kComma, {{"\"a"}, {"b"}}, {1, 2}, {true, false}},
      // Three quotes: the first opens, the next two are one escaped quote, nothing closes.
      {"three quotes alone", "\"\"\"", kComma, {{"\"\"\""}}, {1}, {true}},
      // The quote opened on line 4 never closes, but the record began on line 1 with a
      // two-line field that did close: lines 1 to 4 are each read literally and flagged,
      // except the empty line 3; line 5 is read with quotes again.
      {"an unclosed quote after closed multi-line fields flags the lines up to it",
       "\"a\nb\",\"c\n\nd\",\"e\nf,g\n", kComma,
       {{"\"a"}, {"b\"", "\"c"}, {""}, {"d\"", "\"e"}, {"f", "g"}}, {1, 2, 3, 4, 5},
       {true, true, false, true, false}},
      {"a quote equal to the delimiter reads unquoted", "a,\"b\n", Dialect{',', ',', true},
       {{"a", "\"b"}}, {1}},
  };
  for (const ReadCase& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    const std::vector<Record> got = read_all(c.text, c.dialect);
    CHECK(rows_of(got) == c.rows);
    CHECK(lines_of(got) == c.lines);
    std::vector<bool> flags;
    for (const Record& r : got) flags.push_back(r.unterminated);
    if (c.unterminated.empty())
      CHECK(std::count(flags.begin(), flags.end(), true) == 0);
    else
      CHECK(flags == c.unterminated);
  }
}

TEST_CASE("fields without escapes point into the text, escaped ones into the reader") {
  const std::string text = "plain,\"quoted\",\"esc\"\"aped\"\n";
  CsvReader reader(text, kComma);
  std::vector<std::string_view> f;
  REQUIRE(reader.next(f));
  REQUIRE(f.size() == 3);
  CHECK(f[0].data() == text.data());      // "plain" starts at byte 0
  CHECK(f[1].data() == text.data() + 7);  // after `plain,"`
  CHECK(f[2] == "esc\"aped");
  CHECK((f[2].data() < text.data() || f[2].data() >= text.data() + text.size()));
}

TEST_CASE("many long escaped fields in one record all stay valid") {
  // 50 fields of 200 bytes, each with a doubled quote: the reader's storage grows while the
  // record is read, which must not leave earlier fields pointing at freed memory.
  std::string text;
  for (int i = 0; i < 50; ++i) {
    if (i > 0) text += ',';
    text += '"' + std::string(100, static_cast<char>('a' + i % 26)) + "\"\"" + std::string(99, 'z') + '"';
  }
  const std::vector<Record> got = read_all(text, kComma);
  REQUIRE(got.size() == 1);
  REQUIRE(got[0].fields.size() == 50);
  for (int i = 0; i < 50; ++i)
    CHECK(got[0].fields[i] == std::string(100, static_cast<char>('a' + i % 26)) + "\"" + std::string(99, 'z'));
}

TEST_CASE("a quote left open after many multi-line fields is read in linear time") {
  // Found by brute force over short texts: ("\na",) repeated n times, then ". From line 1 the
  // fields "\na" close one after the other and the final quote never closes. Re-reading only
  // line 1 and then the rest with quotes reached the same quote again from every line: 200 KB
  // took 40 s. Now lines 1..n+1 are read literally: line 1 is ", lines 2..n+1 are a"," .
  const int n = 100'000;
  std::string text;
  for (int i = 0; i < n; ++i) text += "\"\na\",";
  text += "\"";
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<Record> got = read_all(text, kComma);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(got.size() == n + 1);
  CHECK(got[0].fields == std::vector<std::string>{"\""});
  CHECK(got[n].fields == std::vector<std::string>{"a\"", "\""});
  CHECK(got[n].line == n + 1);
  CHECK(std::all_of(got.begin(), got.end(), [](const Record& r) { return r.unterminated; }));
  CHECK(seconds < 5.0);  // linear: well under 0.5 s even with sanitizers; quadratic: minutes
}

TEST_CASE("hostile input never crashes, hangs or loses count") {
  SUBCASE("empty text has no records") { CHECK(read_all("", kComma).empty()); }
  SUBCASE("only a header is one record, with or without the final newline") {
    CHECK(rows_of(read_all("id,amount", kComma)) == Rows{{"id", "amount"}});
    CHECK(rows_of(read_all("id,amount\n", kComma)) == Rows{{"id", "amount"}});
  }
  SUBCASE("a lone CR is one empty record on line 1") {
    const auto got = read_all("\r", kComma);
    CHECK(rows_of(got) == Rows{{""}});
    CHECK(lines_of(got) == std::vector<size_t>{1});
  }
  SUBCASE("lone line ends") {
    CHECK(read_all("\n", kComma).size() == 1);    // one empty line
    CHECK(read_all("\r\n", kComma).size() == 1);  // CRLF is one line end
    CHECK(read_all("\n\n", kComma).size() == 2);
    CHECK(read_all("\n\r", kComma).size() == 2);  // LF then a lone CR: two line ends
  }
  SUBCASE("binary bytes with NULs split only at delimiters and line ends") {
    // 00 FF , 00 LF | 89 P N G CR LF | 1A 00  ->  3 records: {00 FF, 00}, {89 PNG}, {1A 00}
    const std::string bin("\x00\xFF,\x00\n\x89PNG\r\n\x1A\x00", 13);
    const auto got = read_all(bin, kComma);
    CHECK(rows_of(got) == Rows{{std::string("\x00\xFF", 2), std::string(1, '\0')},
                               {"\x89PNG"},
                               {std::string("\x1A\x00", 2)}});
    CHECK(lines_of(got) == std::vector<size_t>{1, 2, 3});
  }
  SUBCASE("random bytes read unquoted give one record per line") {
    // Independent count: line ends (CRLF once) plus one if bytes follow the last line end.
    std::string bytes(1 << 20, '\0');
    uint64_t s = 7;
    for (char& b : bytes) {
      s = s * 6364136223846793005ULL + 1442695040888963407ULL;
      b = static_cast<char>(s >> 56);
    }
    size_t expected = 0;
    for (size_t i = 0; i < bytes.size(); ++i) {
      if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == bytes.size() || bytes[i + 1] != '\n'))) ++expected;
    }
    if (bytes.back() != '\n' && bytes.back() != '\r') ++expected;
    CHECK(read_all(bytes, kNoQuote).size() == expected);
    // With quotes on, the record count can only be smaller (quoted line ends are data) and
    // reading must still reach the end (checked in read_all).
    CHECK(read_all(bytes, kComma).size() <= expected);
  }
  SUBCASE("an unbalanced quote on the first data line does not swallow the file") {
    const auto got = read_all("a,\"b\nc,d\ne,f\n", kComma);
    CHECK(rows_of(got) == Rows{{"a", "\"b"}, {"c", "d"}, {"e", "f"}});
    CHECK(got[0].unterminated);
  }
  SUBCASE("a 10 MB unquoted field") {
    const std::string text = std::string(10'000'000, 'x') + ",1\n2,3";
    const auto got = read_all(text, kComma);
    REQUIRE(got.size() == 2);
    CHECK(got[0].fields[0].size() == 10'000'000);
    CHECK(got[1].fields == std::vector<std::string>{"2", "3"});
  }
  SUBCASE("a 10 MB quoted field with doubled quotes and newlines") {
    // Body: 100,000 blocks of 98 'y' + "" + LF = 101 bytes each; unescaped 100 bytes each.
    std::string body;
    for (int i = 0; i < 100'000; ++i) body += std::string(98, 'y') + "\"\"\n";
    const std::string text = "\"" + body + "\",end\nnext";
    const auto got = read_all(text, kComma);
    REQUIRE(got.size() == 2);
    CHECK(got[0].fields[0].size() == 10'000'000);
    CHECK(got[0].fields[1] == "end");
    CHECK(got[1].line == 100'002);  // 100,000 line ends inside the field, then the record's own
  }
  SUBCASE("5,000 columns") {
    std::string header, row;
    for (int i = 1; i <= 5000; ++i) {
      header += (i > 1 ? "," : "") + ("c" + std::to_string(i));
      row += (i > 1 ? "," : "") + std::to_string(i);
    }
    const auto got = read_all(header + "\n" + row + "\n", kComma);
    REQUIRE(got.size() == 2);
    CHECK(got[0].fields.size() == 5000);
    CHECK(got[1].fields.size() == 5000);
    CHECK(got[0].fields[4999] == "c5000");
    CHECK(got[1].fields[4999] == "5000");
  }
  SUBCASE("one long line with no newline is one record") {
    std::string text;
    for (int i = 0; i < 200'000; ++i) text += "ab,";  // 200,000 fields + the empty last one
    const auto got = read_all(text, kComma);
    REQUIRE(got.size() == 1);
    CHECK(got[0].fields.size() == 200'001);
  }
}

// ---- sniffing ----

struct SniffCase {
  const char* name;
  std::string text;
  char delimiter;
  char quote;
  bool header;
};

TEST_CASE("sniffing finds delimiter, quote and header in realistic snippets") {
  const std::vector<SniffCase> cases = {
      {"Chinese headers, comma, ISO dates",
       "客户编号,订单日期,实付金额\nC001,2024-03-05,128.50\nC002,2024-03-06,99.00\nC001,2024-04-01,35.20\n",
       ',', '"', true},
      // ';' gives 3 fields on all 4 records; ',' gives 1 on the header and 3 on the rows.
      {"European export with decimal commas",
       "Kundennummer;Datum;Betrag\n1001;05.03.2024;12,50\n1002;06.03.2024;3,20\n1003;07.03.2024;7,00\n",
       ';', '"', true},
      {"European export with quoted decimal commas",
       "\"Kunde\";\"Datum\";\"Betrag\"\n\"1001\";\"05.03.2024\";\"1.234,50\"\n\"1002\";\"06.03.2024\";\"12,50\"\n",
       ';', '"', true},
      {"TSV with text containing commas",
       "customer\tdate\tamount\tnote\nA1\t2024-01-02\t10\tred, large\nA2\t2024-01-03\t12\tblue\nA3\t2024-01-04\t9\tnone, really, none\n",
       '\t', '"', true},
      {"pipe separated", "id|date|amount\n1|2024/3/5|10\n2|2024/3/6|20\n", '|', '"', true},
      // ' encloses "Smith, John": 2 fields open and close with ' next to a delimiter.
      {"single-quoted names with commas", "id,name,amount\n1,'Smith, John',10\n2,'Lee, Ann',20\n",
       ',', '\'', true},
      {"double-quoted fields with embedded newlines",
       "id,comment,amount\n1,\"good\nvery good\",5\n2,\"bad, \"\"awful\"\"\",1\n", ',', '"', true},
      {"no header: first row has an id, a date and an amount like the others",
       "C001,2024-03-05,128.50\nC002,2024-03-06,99.00\n", ',', '"', false},
      {"no header: Chinese dates in the first row", "A,2024年3月5日,12\nB,2024年3月6日,13\n", ',', '"', false},
      {"header only", "customer_id,order_date,amount\n", ',', '"', true},
      {"one column of names with a header", "email\na@x.org\nb@y.org\n", ',', '"', true},
      {"one column of numbers without a header", "12\n13\n14\n", ',', '"', false},
      {"one column of numbers with a header", "amount\n12\n13\n", ',', '"', true},
      // Fields start with " but none ends with one: with '"' as quote the last line never closes.
      {"inch marks at field starts mean no quoting", "desc,qty\n\"Best seller,3\n\"New,4\n\"Old,5\n",
       ',', '\0', true},
      {"duplicate first-row names in a text-only file are not a header", "x,x\ny,z\n", ',', '"', false},
      {"CRLF Chinese file with currency amounts",
       "会员号,下单时间,订单金额\r\nM01,2024-03-05 10:30,￥128.00\r\nM02,2024-03-06 11:00,¥99\r\n", ',', '"', true},
  };
  for (const SniffCase& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    const kexi::DialectGuess g = kexi::sniff_dialect(c.text);
    CAPTURE(g.reason);
    CHECK(g.dialect.delimiter == c.delimiter);
    CHECK(g.dialect.quote == c.quote);
    CHECK(g.dialect.has_header == c.header);
    CHECK(!g.reason.empty());
    CHECK(g.reason.back() == '.');
  }
}

TEST_CASE("the sniff reason names the chosen delimiter and the header evidence") {
  const kexi::DialectGuess g = kexi::sniff_dialect("a;b\n1;2\n3;4\n");
  CHECK(g.reason.find("semicolon gives 2 fields on 3 of 3 records") != std::string::npos);
  CHECK(g.reason.find("header") != std::string::npos);
}

TEST_CASE("sniffing hostile input gives defaults with a reason and no crash") {
  CHECK(kexi::sniff_dialect("").reason.find("empty") != std::string::npos);
  CHECK(kexi::sniff_dialect("\r").dialect.delimiter == ',');
  CHECK(kexi::sniff_dialect(std::string("\x00\x01\xFF\xFE\"\"\"\n\x00", 9)).dialect.delimiter == ',');
  CHECK(kexi::sniff_dialect("\"unbalanced,1\nx,2\n").dialect.delimiter == ',');
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "c" + std::to_string(i) + ";";
  CHECK(kexi::sniff_dialect(many + "\n").dialect.delimiter == ';');
  CHECK(kexi::sniff_dialect(std::string(200'000, '"')).dialect.delimiter == ',');
}

TEST_CASE("a sample cut inside a quoted field does not blame the quote") {
  // Rows of about 27 bytes up to 63 KB, then a quoted note of 30 lines of 100 bytes (3 KB) that
  // straddles the 64 KB sample cut, then more rows: the sample's last record is unterminated
  // only because of the cut.
  std::string text = "id,date,amount,note\n";
  int i = 0;
  for (; text.size() < 63 * 1024; ++i)
    text += std::to_string(100000 + i) + ",2024-01-01," + std::to_string(i % 97) + ".50,x\n";
  std::string note;
  for (int k = 0; k < 30; ++k) note += std::string(99, 'n') + "\n";
  text += std::to_string(100000 + i) + ",2024-01-01,1.50,\"" + note + "\"\n";
  const size_t note_end = text.size();
  for (int k = 0; k < 100; ++k) text += "200000,2024-01-02,2.50,y\n";
  REQUIRE(note_end > 64 * 1024);
  const kexi::DialectGuess g = kexi::sniff_dialect(text);
  CAPTURE(g.reason);
  CHECK(g.dialect.delimiter == ',');
  CHECK(g.dialect.quote == '"');
  CHECK(g.dialect.has_header);
}

TEST_CASE("peek_field gives a plain field of the first line, and nothing when it cannot be sure") {
  const Dialect comma{',', '"', true};
  const Dialect semicolon{';', '"', true};
  const Dialect unquoted{',', '\0', true};
  struct Case {
    const char* text;
    size_t column;
    Dialect dialect;
    const char* expect;
  };
  const Case cases[] = {
      {"C1,O1,2024-01-01\nC2,O2", 0, comma, "C1"},
      {"C1,O1,2024-01-01\nC2,O2", 2, comma, ""},      // the line ends before the field is closed
      {"C1,O1,2024-01-01,\n", 2, comma, "2024-01-01"},
      {"C1,O1\nC2,O2,x", 2, comma, ""},               // not on the next line
      {" C1 ,O1\n", 0, comma, " C1 "},                // bytes as they are (the loader trims)
      {",O1\n", 0, comma, ""},                        // an empty field
      {"\"C,1\",O1\n", 1, comma, ""},                 // a quote first: no guess
      {"C1;O1;x\n", 1, semicolon, "O1"},
      {"C\"1,O1\n", 0, unquoted, "C\"1"},             // no quoting: a quote is a byte
      {"C1\r\n", 0, comma, ""},
      {"", 0, comma, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(peek_field(c.text, c.column, c.dialect) == c.expect);
  }
}
