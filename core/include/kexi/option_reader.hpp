#pragma once
// Typed reading of request options (JSON from the page, or CLI flags where every number arrives as
// a JSON number and everything else as a string), with a KexiError naming the key on a bad value.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kexi/error.hpp"
#include "kexi/days.hpp"

namespace kexi {

/// Reads options from a request object; absent or null keys give the default.
class OptionReader {
 public:
  explicit OptionReader(const nlohmann::json& request) : r_(request) {}
  /// It keeps a reference: a temporary request would be gone before the first read.
  explicit OptionReader(nlohmann::json&&) = delete;

  bool has(const char* key) const { return r_.contains(key) && !r_[key].is_null(); }

  /// A whole number in [lo, hi].
  int integer(const char* key, int def, int lo, int hi) const {
    return static_cast<int>(whole(key, def, lo, hi));
  }

  /// A whole number in [lo, hi], for ranges beyond int (seeds up to 2^53).
  long long whole(const char* key, long long def, long long lo, long long hi) const {
    if (!has(key)) return def;
    const double v = number(key, static_cast<double>(def));
    if (v != std::floor(v) || v < static_cast<double>(lo) || v > static_cast<double>(hi))
      throw KexiError("bad_option", std::string(key) + " must be a whole number from " + std::to_string(lo) +
                                        " to " + std::to_string(hi) + ".");
    return static_cast<long long>(v);
  }

  /// A number in [lo, hi].
  double real(const char* key, double def, double lo, double hi) const {
    const double v = number(key, def);
    if (!(v >= lo && v <= hi))
      throw KexiError("bad_option", std::string(key) + " is " + std::to_string(v) + ": it must be from " +
                                        std::to_string(lo) + " to " + std::to_string(hi) + ".");
    return v;
  }

  double number(const char* key, double def) const {
    if (!has(key)) return def;
    const nlohmann::json& v = r_[key];
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
      const std::string s = v.get<std::string>();
      char* end = nullptr;
      const double d = std::strtod(s.c_str(), &end);
      if (!s.empty() && *end == '\0' && std::isfinite(d)) return d;
    }
    throw KexiError("bad_option", std::string(key) + " must be a number.");
  }

  std::string text(const char* key, const std::string& def) const {
    if (!has(key)) return def;
    if (!r_[key].is_string()) throw KexiError("bad_option", std::string(key) + " must be text.");
    return r_[key].get<std::string>();
  }

  /// true/false, or a bare CLI flag (true).
  bool flag(const char* key) const {
    if (!has(key)) return false;
    const nlohmann::json& v = r_[key];
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_number()) return v.get<double>() != 0;
    if (v.is_string()) return v.get<std::string>() != "false" && v.get<std::string>() != "no";
    throw KexiError("bad_option", std::string(key) + " must be true or false.");
  }

  /// A YYYY-MM-DD date, or kNoDay when absent.
  int32_t day(const char* key) const {
    if (!has(key)) return kNoDay;
    return parse_iso_day(text(key, ""), key);
  }

  /// A list of numbers: a JSON array, a single number, or text "30,60,90".
  std::vector<double> numbers(const char* key) const {
    std::vector<double> out;
    if (!has(key)) return out;
    const nlohmann::json& v = r_[key];
    if (v.is_number()) return {v.get<double>()};
    if (v.is_array()) {
      for (const auto& x : v) {
        if (!x.is_number()) throw KexiError("bad_option", std::string(key) + " must be a list of numbers.");
        out.push_back(x.get<double>());
      }
      return out;
    }
    if (v.is_string()) {
      const std::string s = v.get<std::string>();
      size_t pos = 0;
      while (pos <= s.size()) {
        size_t end = s.find(',', pos);
        if (end == std::string::npos) end = s.size();
        const std::string item = s.substr(pos, end - pos);
        char* e = nullptr;
        const double d = std::strtod(item.c_str(), &e);
        if (item.empty() || *e != '\0' || !std::isfinite(d))
          throw KexiError("bad_option", std::string(key) + " must be numbers separated by commas, e.g. 30,60,90.");
        out.push_back(d);
        pos = end + 1;
      }
      return out;
    }
    throw KexiError("bad_option", std::string(key) + " must be a list of numbers.");
  }

  /// A JSON object given as an object or as JSON text (CLI); null when absent.
  nlohmann::json object(const char* key) const {
    if (!has(key)) return nullptr;
    const nlohmann::json& v = r_[key];
    if (v.is_object()) return v;
    if (v.is_string()) {
      nlohmann::json j = nlohmann::json::parse(v.get<std::string>(), nullptr, false);
      if (j.is_object()) return j;
    }
    throw KexiError("bad_option", std::string(key) + " must be a JSON object.");
  }

 private:
  const nlohmann::json& r_;
};

}  // namespace kexi
