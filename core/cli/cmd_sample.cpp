// kexi sample: writes deterministic sample data (orders, customers, survey) as CSV or .xlsx.
#include <cstdio>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "kexi/days.hpp"
#include "kexi/encoding.hpp"
#include "kexi/error.hpp"
#include "kexi/sample_generator.hpp"
#include "kexi/sample_options.hpp"
#include "kexi/xlsx_writer.hpp"

namespace kexi::cli {

namespace {

std::string string_flag(const json& obj, const char* key, const std::string& fallback) {
  if (!obj.contains(key)) return fallback;
  return obj[key].is_string() ? obj[key].get<std::string>() : obj[key].dump();
}

bool bool_flag(const json& req, const char* key, bool fallback) {
  if (!req.contains(key)) return fallback;
  const json& v = req[key];
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string() && (v == "yes" || v == "no")) return v == "yes";
  throw KexiError("invalid_flag", std::string("kexi sample: --") + key + " wants true or false.");
}

const char* kSampleHelp =
    "kexi sample: deterministic sample data (same options and seed -> same bytes)\n"
    "  --kind orders|customers|survey   what to write (default orders)\n"
    "  --lang en|zh                     header names and value forms (default en)\n"
    "  --customers N                    population, prospects included (default 300)\n"
    "  --seed S                         default 42\n"
    "  --start DATE --end DATE          order window (default 2023-01-01 .. 2024-12-31)\n"
    "  --bad-rows N                     deliberately bad rows / survey answers (default 0)\n"
    "  --seasonality X  --churn P  --purchases-per-year X  --mean-order-value X\n"
    "  --refund-share X  --prospect-share X  --survey-share X  --attributes true|false\n"
    "  --encoding utf-8|gb18030  --bom  --format csv|xlsx  --out FILE (default stdout)\n"
    "  --stats FILE.json                the generator's bookkeeping (counts, bad rows by line)\n"
    "  --preset bench                   the ingestion benchmark file (~1M lines, 100k customers)\n";

int run_sample(const Args& args) {
  const json& req = args.request;
  if (req.contains("help")) {
    std::cout << kSampleHelp;
    return 0;
  }
  if (!args.positional.empty())
    throw KexiError("invalid_flag", "kexi sample takes no FILE; write to a file with --out FILE.");
  // Everything but the output flags describes the data: one parser for the CLI and the page
  // (sample_options.hpp). --kind arrives among the load flags (it is a role flag elsewhere).
  json gen = req;
  for (const char* output_flag : {"format", "encoding", "bom", "out", "stats"}) gen.erase(output_flag);
  if (args.load.contains("kind")) gen["kind"] = args.load["kind"];
  SampleOptions o = sample_options_from_json(gen);
  const std::string format = string_flag(req, "format", "csv");
  const std::string encoding = string_flag(args.load, "encoding", "utf-8");
  const bool bom = bool_flag(req, "bom", false);
  if (format != "csv" && format != "xlsx")
    throw KexiError("invalid_flag", "kexi sample: --format is csv or xlsx, not \"" + format + "\".");
  // Names as parse_encoding (encoding.hpp) accepts them; only the two output encodings are allowed.
  std::string enc_name;
  for (char c : encoding) enc_name.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  const bool gb = enc_name == "gb18030" || enc_name == "gbk" || enc_name == "gb2312" || enc_name == "cp936";
  if (!gb && enc_name != "utf-8" && enc_name != "utf8")
    throw KexiError("invalid_flag", "kexi sample: --encoding is utf-8 or gb18030, not \"" + encoding + "\".");
  if (format == "xlsx") o.spreadsheet_safe = true;  // a sheet cannot hold a row with a wrong field count

  const SampleTable table = generate_sample(o);
  std::string bytes;
  if (format == "xlsx") {
    XlsxSheet sheet{to_string(o.kind), {}};
    std::vector<XlsxCell> head;
    for (const std::string& h : table.header) head.push_back(XlsxCell::of_text(h));
    sheet.rows.push_back(std::move(head));
    for (const auto& row : table.rows) {
      std::vector<XlsxCell> cells;
      for (const SampleCell& c : row)
        cells.push_back(c.numeric ? XlsxCell::of_number(std::strtod(c.text.c_str(), nullptr))
                                  : c.text.empty() ? XlsxCell::empty() : XlsxCell::of_text(c.text));
      sheet.rows.push_back(std::move(cells));
    }
    bytes = write_xlsx({sheet});
  } else {
    bytes = sample_to_csv(table, o.lang, bom && !gb);
    if (gb) bytes = encode_gb18030(bytes);
  }

  const std::string out = string_flag(req, "out", "");
  if (out.empty()) {
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  } else {
    std::ofstream f(out, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) throw KexiError("file_unwritable", out + ": cannot write the file (does the folder exist?).");
  }
  // The generator's bookkeeping (counts of customers, orders, refunds, bad rows by reason).
  const std::string stats = string_flag(req, "stats", "");
  if (!stats.empty()) {
    std::ofstream f(stats, std::ios::binary);
    f << to_json(table.stats).dump(2) << "\n";
    if (!f) throw KexiError("file_unwritable", stats + ": cannot write the file (does the folder exist?).");
  }
  return 0;
}

}  // namespace

extern const Command kSampleCommand;
const Command kSampleCommand = {
    "sample",
    "sample [--kind orders|customers|survey] [--lang en|zh] [--customers N] [--seed S] [--start DATE] "
    "[--end DATE] [--bad-rows N] [--encoding utf-8|gb18030] [--format csv|xlsx] [--bom] [--out FILE] "
    "[--stats FILE.json] [--preset bench]\n"
    "                   deterministic sample data (see samples/README.md)",
    run_sample};

}  // namespace kexi::cli
