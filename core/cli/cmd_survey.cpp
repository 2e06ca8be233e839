// kexi survey FILE [--orders ORDERS_FILE] [--period month|quarter] [role flags]: loads the survey
// responses (and an order file to join customer ids with) and prints the survey request's JSON.
#include <cstdio>
#include <memory>

#include "cli.hpp"
#include "kexi/error.hpp"
#include "kexi/requests.hpp"

namespace kexi::cli {

namespace {

int run_survey(const Args& args) {
  if (args.positional.size() != 1) {
    std::fprintf(stderr, "kexi survey: expected exactly one FILE (the survey responses)\n");
    return 2;
  }
  json load = args.load;
  if (!load.contains("kind")) load["kind"] = "survey";
  const LoadResult survey = load_input(args.positional[0], load, args.options_file);

  json request = args.request;
  std::unique_ptr<LoadResult> orders;
  if (request.contains("orders")) {
    if (!request["orders"].is_string()) {
      std::fprintf(stderr, "kexi survey: --orders needs a FILE (an order log or customer table)\n");
      return 2;
    }
    // The order file is read with its own settings: role flags describe the survey file.
    json order_load = {{"kind", request.value("orders_kind", std::string("auto"))}};
    if (request.contains("orders_date_order")) order_load["date_order"] = request["orders_date_order"];
    orders = std::make_unique<LoadResult>(load_input(request["orders"].get<std::string>(), order_load, ""));
    for (const char* k : {"orders", "orders_kind", "orders_date_order"}) request.erase(k);
  }
  // Survey roles given as --col-<role> and --date-order also steer the survey request.
  if (args.load.contains("columns")) request["columns"] = args.load["columns"];
  if (args.load.contains("date_order")) request["date_order"] = args.load["date_order"];
  request["type"] = "survey";
  json result;
  try {
    result = run_request(survey.data, request, orders ? &orders->data : nullptr);
  } catch (const KexiError& e) {
    Error err = e.error();  // name the survey file the message is about
    if (err.file.empty()) err.file = args.positional[0];
    err.message = args.positional[0] + ": " + err.message;
    throw KexiError(err);
  }
  print_result(result);
  return 0;
}

}  // namespace

extern const Command kSurveyCommand;
const Command kSurveyCommand = {
    "survey",
    "survey FILE [--orders ORDERS_FILE] [--period month|quarter] [--roles COL=ROLE,...] "
    "[--scales COL=1-5,...]\n"
    "                   NPS, CSAT, CES with intervals, by period and group, key drivers, "
    "comments (docs/SURVEYS.md)",
    &run_survey};

}  // namespace kexi::cli
