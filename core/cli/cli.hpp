#pragma once
// Shared pieces of the kexi command line. A subcommand that is a plain request (load FILE, run
// {"type": name, ...flags}, print) only needs its name in kRequestCommands (commands.cpp); one that
// does more (several files, no file) adds a Command in its own cmd_<name>.cpp.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kexi/loader.hpp"

namespace kexi::cli {

using json = nlohmann::json;

struct Args {
  std::vector<std::string> positional;  ///< FILE arguments
  json load = json::object();           ///< LoadOptions fields from role flags
  json request = json::object();        ///< every other --flag value
  std::string options_file;             ///< --options FILE.json
};

Args parse_args(int argc, char** argv);

/// Loads FILE with role flags merged over --options; throws KexiError naming the file.
LoadResult load_input(const std::string& path, const json& load_flags, const std::string& options_file);

/// Prints result["csv"] raw when present, else the JSON.
void print_result(const json& result);

struct Command {
  const char* name;
  const char* usage;  ///< one line for kexi --help
  int (*run)(const Args& args);
};

/// Commands with their own cmd_<name>.cpp, or null.
const Command* find_command(const std::string& name);
/// True for subcommands that are plain requests of the same name (segment, kpis, cohorts, ...).
bool is_request_command(const std::string& name);
/// Usage lines of the extra commands.
std::string extra_usage();

}  // namespace kexi::cli
