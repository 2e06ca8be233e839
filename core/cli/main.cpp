// kexi: the command-line face of the core. Same engine as the page: every subcommand loads a file
// with LoadOptions and runs one request through run_request, printing JSON (or CSV).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "kexi/error.hpp"
#include "kexi/loader.hpp"
#include "kexi/requests.hpp"

namespace kexi::cli {

namespace {

const char* kUsage =
    "kexi - customer analytics (the engine of the Kexi page, on the command line)\n"
    "\n"
    "usage: kexi <command> FILE [options]\n"
    "  inspect FILE     encoding, delimiter, columns and roles, row counts, rejected rows (JSON)\n"
    "  customers FILE   per-customer summary as CSV\n"
    "%s"
    "\n"
    "role flags (every command): --col-customer --col-date --col-amount --col-order\n"
    "  --col-quantity --col-price --col-<role> (a column name or 1-based index),\n"
    "  --date-order YMD|DMY|MDY, --encoding NAME, --delimiter C, --header yes|no,\n"
    "  --kind orders|customers|survey|table, --decimal .|, --sheet NAME, --options FILE.json,\n"
    "  --date-from YYYY-MM-DD --date-to YYYY-MM-DD (use only the orders in this range)\n"
    "other --name value flags go into the request (see docs/OPTIONS.md).\n";

bool read_file(const std::string& path, std::string& out, std::string& why) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = "cannot open the file (does it exist, and may it be read?)";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    why = "read error";
    return false;
  }
  out = std::move(ss).str();
  return true;
}

// "--foo-bar" -> "foo_bar"
std::string flag_key(const std::string& flag) {
  std::string k = flag.substr(2);
  for (char& c : k)
    if (c == '-') c = '_';
  return k;
}

// Flag values typed as the options JSON would have them: numbers, booleans, else strings.
json flag_value(const std::string& v) {
  if (v == "true") return true;
  if (v == "false") return false;
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (!v.empty() && end == v.c_str() + v.size()) return d;
  return v;
}

}  // namespace

Args parse_args(int argc, char** argv) {
  Args a;
  std::vector<std::string> args(argv + 1, argv + argc);
  static const std::map<std::string, std::string> kRoleFlags = {
      {"customer", "customer_id"}, {"date", "date"},         {"amount", "amount"},
      {"order", "order_id"},       {"quantity", "quantity"}, {"price", "unit_price"}};
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& s = args[i];
    if (s.rfind("--", 0) != 0) {
      a.positional.push_back(s);
      continue;
    }
    std::string value = "true";
    const bool has_value = i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0;
    if (has_value) value = args[++i];
    const std::string key = flag_key(s);
    if (key.rfind("col_", 0) == 0) {
      std::string role = key.substr(4);
      auto it = kRoleFlags.find(role);
      a.load["columns"][it == kRoleFlags.end() ? role : it->second] = value;
    } else if (key == "date_order" || key == "encoding" || key == "delimiter" || key == "header" ||
               key == "kind" || key == "decimal" || key == "sheet" || key == "date_from" ||
               key == "date_to") {
      a.load[key] = value;
    } else if (key == "input_kind") {
      a.load["kind"] = value;
    } else if (key == "options") {
      a.options_file = value;
    } else {
      a.request[key] = has_value ? flag_value(value) : json(true);
    }
  }
  return a;
}

LoadResult load_input(const std::string& path, const json& load_flags, const std::string& options_file) {
  json opts = json::object();
  if (!options_file.empty()) {
    std::string text, why;
    if (!read_file(options_file, text, why))
      throw KexiError(Error{"options_unreadable", options_file + ": " + why, options_file, 0, ""});
    try {
      opts = json::parse(text);
    } catch (const std::exception& e) {
      throw KexiError(Error{"options_invalid", options_file + ": not valid JSON (" + e.what() + ")",
                            options_file, 0, ""});
    }
    if (opts.contains("load")) opts = opts["load"];
  }
  opts.merge_patch(load_flags);
  const LoadOptions options = load_options_from_json(opts);
  LoadResult r = load_file(path, options);
  if (!r.ok) throw KexiError(r.error);
  return r;
}

void print_result(const json& result) {
  if (result.contains("csv") && result["csv"].is_string()) {
    std::cout << result["csv"].get<std::string>();
  } else {
    std::cout << result.dump(2) << "\n";
  }
}

int run(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::printf(kUsage, extra_usage().c_str());
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  Args args = parse_args(argc - 1, argv + 1);
  if (const Command* c = find_command(command)) return c->run(args);
  if (command != "inspect" && command != "customers" && !is_request_command(command)) {
    std::fprintf(stderr, "kexi: unknown command \"%s\" (kexi --help lists them)\n", command.c_str());
    return 2;
  }
  if (args.positional.size() != 1) {
    std::fprintf(stderr, "kexi %s: expected exactly one FILE\n", command.c_str());
    return 2;
  }
  LoadResult r = load_input(args.positional[0], args.load, args.options_file);
  json request = args.request;
  request["type"] = command;
  if (command == "customers" && !request.contains("format")) request["format"] = "csv";
  json result;
  try {
    result = run_request(r.data, request);
  } catch (const KexiError& e) {
    // Name the file, as load errors do: "kexi: orders.csv: Every customer bought in one day ...".
    Error err = e.error();
    err.file = args.positional[0];
    err.message = err.file + ": " + err.message;
    throw KexiError(err);
  }
  print_result(result);
  return 0;
}

}  // namespace kexi::cli

int main(int argc, char** argv) {
  try {
    return kexi::cli::run(argc, argv);
  } catch (const kexi::KexiError& e) {
    std::fprintf(stderr, "kexi: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kexi: internal error: %s\n", e.what());
    return 3;
  }
}
