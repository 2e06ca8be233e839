// LoadOptions <-> JSON: the one options schema of the CLI (--options FILE.json, flags) and the page.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "kexi/columns.hpp"
#include "kexi/dates.hpp"
#include "kexi/loader.hpp"

namespace kexi {

namespace {

std::string as_text(const nlohmann::json& v, const std::string& key) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return v.dump();
  throw KexiError("options_invalid", "Option \"" + key + "\" must be a string, not " + v.dump() + ".");
}

void check_choice(const std::string& key, const std::string& value,
                  std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* a : allowed) {
    if (value == a) return;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  throw KexiError("options_invalid",
                  "Option \"" + key + "\" is \"" + value + "\"; expected one of: " + list + ".");
}

}  // namespace

LoadOptions load_options_from_json(const nlohmann::json& j) {
  LoadOptions o;
  if (j.is_null()) return o;
  if (!j.is_object()) throw KexiError("options_invalid", "Load options must be a JSON object.");
  for (const auto& [key, value] : j.items()) {
    if (key == "columns") {
      if (!value.is_object())
        throw KexiError("options_invalid", "Option \"columns\" must map roles to column names.");
      for (const auto& [role, col] : value.items()) {
        const auto& roles = known_roles();
        if (std::find(roles.begin(), roles.end(), role) == roles.end()) {
          std::string list;
          for (const auto& r : roles) list += (list.empty() ? "" : ", ") + r;
          throw KexiError("options_invalid", "Unknown column role \"" + role + "\" (known: " + list + ").");
        }
        o.columns[role] = as_text(col, "columns." + role);
      }
    } else if (key == "encoding") {
      o.encoding = as_text(value, key);
    } else if (key == "delimiter") {
      o.delimiter = as_text(value, key);
      if (o.delimiter == "tab" || o.delimiter == "\\t") o.delimiter = "\t";
      if (o.delimiter != "auto" && o.delimiter.size() != 1)
        throw KexiError("options_invalid", "Option \"delimiter\" must be one character, \"tab\" or \"auto\".");
    } else if (key == "header") {
      o.header = as_text(value, key);
      check_choice(key, o.header, {"auto", "yes", "no"});
    } else if (key == "date_order") {
      o.date_order = as_text(value, key);
      check_choice(key, o.date_order, {"auto", "YMD", "DMY", "MDY"});
    } else if (key == "kind") {
      o.kind = as_text(value, key);
      check_choice(key, o.kind, {"auto", "orders", "customers", "survey", "table"});
    } else if (key == "decimal") {
      o.decimal = as_text(value, key);
      check_choice(key, o.decimal, {"auto", ".", ","});
    } else if (key == "sheet") {
      o.sheet = as_text(value, key);
    } else if (key == "date_from" || key == "date_to") {
      std::string& d = key == "date_from" ? o.date_from : o.date_to;
      d = as_text(value, key);
      if (!d.empty() && parse_date(d, DateOrder::YMD, false).status != DateStatus::Ok)
        throw KexiError("options_invalid", "Option \"" + key + "\" is \"" + d +
                                               "\"; expected a date written YYYY-MM-DD (or \"\" for no limit).");
    } else if (key == "source_format") {
      o.source_format = as_text(value, key);
      check_choice(key, o.source_format, {"", "xlsx"});
    } else {
      throw KexiError("options_invalid",
                      "Unknown load option \"" + key + "\" (known: encoding, delimiter, header, "
                      "date_order, kind, decimal, sheet, source_format, columns, date_from, date_to).");
    }
  }
  return o;
}

nlohmann::json to_json(const LoadOptions& o) {
  nlohmann::json j = {{"encoding", o.encoding}, {"delimiter", o.delimiter}, {"header", o.header},
                      {"date_order", o.date_order}, {"kind", o.kind}, {"decimal", o.decimal}};
  if (!o.sheet.empty()) j["sheet"] = o.sheet;
  if (!o.source_format.empty()) j["source_format"] = o.source_format;
  if (!o.date_from.empty()) j["date_from"] = o.date_from;
  if (!o.date_to.empty()) j["date_to"] = o.date_to;
  j["columns"] = o.columns;
  return j;
}

}  // namespace kexi
