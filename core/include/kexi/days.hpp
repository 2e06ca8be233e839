#pragma once
// Calendar days as plain integers: every date in the core is a day number (days since 1970-01-01).
#include <cstdint>
#include <climits>
#include <string>

namespace kexi {

/// Marks "no date" (e.g. a prospect with no orders).
constexpr int32_t kNoDay = INT32_MIN;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int32_t days_from_civil(int year, int month, int day);

/// Inverse of days_from_civil.
void civil_from_days(int32_t days, int& year, int& month, int& day);

/// True when year/month/day is a real calendar date.
bool is_valid_civil(int year, int month, int day);

/// "YYYY-MM-DD"; empty string for kNoDay.
std::string format_day(int32_t days);

/// Parses "YYYY-MM-DD" (what the page and the CLI send); throws KexiError("bad_option") naming `what`.
int32_t parse_iso_day(const std::string& text, const std::string& what);

}  // namespace kexi
