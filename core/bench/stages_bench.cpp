// kexi_bench stages: the per-stage timings of the benchmark suite (scripts/bench_suite.sh) for one
// order file: load + aggregate, segments + KPIs + cohorts, k-means fit (k = 5) and k scan (2-10),
// BG/NBD + Gamma-Gamma, and the survey scores of a linked survey file. Each stage is one or more
// run_request calls, i.e. exactly what the page and the CLI run. Peak memory is the process's
// maximum resident set size (getrusage), read after each stage.
#include <sys/resource.h>

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "bench.hpp"
#include "kexi/loader.hpp"
#include "kexi/requests.hpp"

namespace {

using nlohmann::json;

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux reports KiB
}

kexi::Dataset load(const std::string& path) {
  kexi::LoadResult r = kexi::load_file(path, kexi::LoadOptions{});
  if (!r.ok) throw std::runtime_error(r.error.message);
  return std::move(r.data);
}

// Runs the requests of one stage and serialises each answer, as the CLI and the wasm module do; an
// error answer stops the benchmark (a benchmark of a failure would print a meaningless figure).
size_t g_answer_bytes = 0;
void run_all(const kexi::Dataset& d, const std::vector<json>& requests, const kexi::Dataset* linked = nullptr) {
  for (const json& req : requests) {
    const json out = kexi::run_request(d, req, linked);
    g_answer_bytes += out.dump().size();
    if (out.is_object() && out.value("ok", true) == false)
      throw std::runtime_error("request " + req.dump() + " failed: " + out.dump().substr(0, 300));
  }
}

int run(int argc, char** argv) {
  using kexi::bench::arg;
  namespace bench = kexi::bench;
  const std::string orders_path = arg(argc, argv, "--file", "");
  const std::string survey_path = arg(argc, argv, "--survey", "");
  if (orders_path.empty()) {
    std::fprintf(stderr, "kexi_bench stages: --file ORDERS.csv [--survey SURVEY.csv] [--json]\n");
    return 2;
  }
  json stages = json::array();
  auto timed = [&](const char* name, auto&& f) {
    const double t0 = bench::now_seconds(), c0 = bench::cpu_seconds();
    f();
    stages.push_back({{"stage", name},
                      {"seconds", bench::now_seconds() - t0},
                      {"cpu_seconds", bench::cpu_seconds() - c0},
                      {"peak_mb", peak_rss_mb()}});
  };
  kexi::Dataset orders;
  timed("load", [&] { orders = load(orders_path); });
  timed("segments", [&] {
    run_all(orders, {{{"type", "segment"}}, {{"type", "kpis"}}, {{"type", "cohorts"}}});
  });
  timed("kmeans_fit", [&] { run_all(orders, {{{"type", "cluster"}, {"k", 5}}}); });
  timed("kmeans_scan", [&] { run_all(orders, {{{"type", "cluster"}, {"k_range", "2-10"}}}); });
  timed("ltv", [&] { run_all(orders, {{{"type", "ltv"}}}); });
  if (!survey_path.empty()) {
    timed("survey", [&] {
      const kexi::Dataset survey = load(survey_path);
      run_all(survey, {{{"type", "survey"}}}, &orders);
    });
  }
  const json out = {{"bench", "stages-native"},
                    {"file", orders_path},
                    {"rows", orders.report.rows_total},
                    {"customers", orders.customers.size()},
                    {"bytes", orders.report.file_bytes},
                    {"stages", stages},
                    {"answer_bytes", g_answer_bytes},
                    {"peak_mb", peak_rss_mb()}};
  if (bench::has_flag(argc, argv, "--json")) {
    std::printf("%s\n", out.dump().c_str());
  } else {
    std::printf("%zu rows, %zu customers\n", orders.report.rows_total, orders.customers.size());
    for (const json& s : stages)
      std::printf("  %-12s %8.3f s  (CPU %.3f s)  peak %.0f MB\n", s["stage"].get<std::string>().c_str(),
                  s["seconds"].get<double>(), s["cpu_seconds"].get<double>(), s["peak_mb"].get<double>());
  }
  return 0;
}

const kexi::bench::Register reg("stages",
                                "--file ORDERS.csv [--survey SURVEY.csv] [--json]  per-stage times and peak memory "
                                "(scripts/bench_suite.sh)",
                                run);

}  // namespace
