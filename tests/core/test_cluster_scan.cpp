#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "cluster_test_data.hpp"
#include "kexi/cluster_scan.hpp"
#include "kexi/error.hpp"
#include "kexi/loader.hpp"
#include "kexi/requests.hpp"

using namespace kexi;

namespace {

Dataset table_of(const std::vector<std::vector<double>>& rows) {
  Dataset d;
  d.report.kind = InputKind::Table;
  d.table.columns.resize(rows.front().size() + 1);
  d.table.header = {"id"};
  for (size_t c = 0; c < rows.front().size(); ++c) d.table.header.push_back("x" + std::to_string(c + 1));
  for (size_t r = 0; r < rows.size(); ++r) {
    d.table.columns[0].push_back("p" + std::to_string(r + 1));
    for (size_t c = 0; c < rows[r].size(); ++c) {
      std::ostringstream s;
      s.precision(17);
      s << rows[r][c];
      d.table.columns[c + 1].push_back(s.str());
    }
    d.table.row_line.push_back(r + 2);
  }
  return d;
}

Dataset blob_table() {
  FeatureMatrix centres(3, 2);
  centres << 0, 0, 50, 0, 0, 50;
  std::vector<int> truth;
  const FeatureMatrix X = testdata::blobs(centres, 30, 1.0, 4, truth);
  std::vector<std::vector<double>> rows;
  for (Eigen::Index r = 0; r < X.rows(); ++r) rows.push_back({X(r, 0), X(r, 1)});
  return table_of(rows);
}

Dataset orders_sample() {
  std::ifstream in(std::string(KEXI_SOURCE_DIR) + "/samples/orders_en.csv", std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  LoadResult r = load_dataset(ss.str(), {}, "orders_en.csv");
  REQUIRE(r.ok);
  return std::move(r.data);
}

// What the page does: one request per part (each answer crossing a worker boundary as JSON text),
// then the same request with the parts merged.
json split_and_merge(const Dataset& d, json req, const std::vector<std::vector<int>>& groups) {
  json parts = json::array();
  for (const std::vector<int>& g : groups) {
    json part_req = req;
    part_req["k_values"] = g;
    parts.push_back(json::parse(run_request(d, part_req).dump()));
  }
  req["k_scan_parts"] = parts;
  return run_request(d, req);
}

std::string error_code(const std::function<void()>& f) {
  try {
    f();
  } catch (const KexiError& e) {
    return e.error().code;
  }
  return "no error";
}

}  // namespace

TEST_CASE("cluster scan: three pairs on a line, scanned in two parts, give the hand-worked table") {
  // x = 0, 1, 10, 11, 20, 21 with scale none: k = 3 puts each pair in a cluster.
  const Dataset d = table_of({{0}, {1}, {10}, {11}, {20}, {21}});
  const json req = {{"type", "cluster"}, {"k_range", "2-3"}, {"scale", "none"}, {"seed", 1}};
  const json merged = split_and_merge(d, req, {{3}, {2}});
  REQUIRE(merged["k_scan"].size() == 2);
  const json& k3 = merged["k_scan"][1];
  CHECK(k3["k"] == 3);
  // Inertia: each pair is 0.5 from its mean: 3 pairs × (0.25 + 0.25) = 1.5.
  CHECK(k3["inertia"].get<double>() == doctest::Approx(1.5));
  // Silhouette: a = 1 for everyone (the partner). b = mean distance to the nearest other pair:
  // x=0: (10+11)/2 = 10.5; x=1: (9+10)/2 = 9.5; x=10: to {0,1} 9.5, to {20,21} 10.5 -> 9.5;
  // x=11: to {0,1} 10.5, to {20,21} 9.5 -> 9.5; x=20: 9.5; x=21: 10.5.
  // s = (b-a)/b: two points 9.5/10.5, four points 8.5/9.5.
  const double s3 = (2 * 9.5 / 10.5 + 4 * 8.5 / 9.5) / 6;
  CHECK(k3["silhouette"].get<double>() == doctest::Approx(s3));
  CHECK(merged["recommended_k"] == 3);
  CHECK(merged["sizes"] == json({2, 2, 2}));
  // And the merged answer is the one-call answer, to the last bit.
  CHECK(merged.dump() == run_request(d, req).dump());
}

TEST_CASE("cluster scan: parts in any grouping and order merge into the one-call result, sampled silhouette too") {
  const Dataset d = blob_table();
  // 90 rows above an exact limit of 50: the silhouette uses a 40-row random sample for every k.
  const json req = {{"type", "cluster"}, {"k_range", "2-7"}, {"seed", 5}, {"n_init", 3},
                    {"silhouette_exact_limit", 50}, {"silhouette_sample", 40}};
  const json one = run_request(d, req);
  CHECK(one["silhouette_sample"]["exact"] == false);
  CHECK(one["quality"]["silhouette_exact"] == false);
  CHECK(one["quality"]["silhouette_sample_size"] == 40);
  for (const auto& groups : std::vector<std::vector<std::vector<int>>>{
           {{2, 3, 4, 5, 6, 7}}, {{7, 2}, {5}, {3, 6, 4}}, {{6}, {5}, {4}, {3}, {2}, {7}}})
    CHECK(split_and_merge(d, req, groups).dump() == one.dump());
  // A fixed k inside the range reuses its part's fit; outside the range it is fitted at the merge.
  for (int k : {4, 9}) {
    json fixed = req;
    fixed["k"] = k;
    CHECK(split_and_merge(d, fixed, {{2, 4, 6}, {3, 5, 7}}).dump() == run_request(d, fixed).dump());
  }
}

TEST_CASE("cluster scan: the orders sample scanned in parts equals the one-call scan") {
  const Dataset d = orders_sample();
  const json req = {{"type", "cluster"}, {"k_range", "2-8"}, {"seed", 0}, {"n_init", 4}};
  CHECK(split_and_merge(d, req, {{8, 5, 2}, {7, 4}, {6, 3}}).dump() == run_request(d, req).dump());
}

TEST_CASE("cluster scan: parts from other options or data, or with k missing or twice, are refused") {
  const Dataset d = blob_table();
  const json req = {{"type", "cluster"}, {"k_range", "2-4"}, {"seed", 5}, {"n_init", 2}};
  auto part = [&](const Dataset& data, json r, std::vector<int> ks) {
    r["k_values"] = ks;
    return run_request(data, r);
  };
  auto merge = [&](const json& parts) {
    json r = req;
    r["k_scan_parts"] = parts;
    return run_request(d, r);
  };
  const json p23 = part(d, req, {2, 3}), p4 = part(d, req, {4});
  CHECK(error_code([&] { merge(json::array({p23})); }) == "bad_scan_parts");             // k = 4 missing
  CHECK(error_code([&] { merge(json::array({p23, p4, p4})); }) == "bad_scan_parts");     // k = 4 twice
  CHECK(error_code([&] { merge(json::array({p23, part(d, req, {4, 5})})); }) == "bad_scan_parts");  // 5 not scanned
  json other_seed = req;
  other_seed["seed"] = 6;
  CHECK(error_code([&] { merge(json::array({p23, part(d, other_seed, {4})})); }) == "bad_scan_parts");
  const Dataset shifted = table_of({{0, 0}, {1, 1}, {5, 5}, {6, 6}, {9, 9}, {10, 10}});
  CHECK(error_code([&] { merge(json::array({p23, part(shifted, req, {4})})); }) == "bad_scan_parts");
  json broken = p4;
  broken["parts"][0]["fit"]["labels"][0] = 7;
  CHECK(error_code([&] { merge(json::array({p23, broken})); }) == "bad_scan_parts");
  CHECK(error_code([&] { merge(json::array()); }) == "bad_scan_parts");
  CHECK(error_code([&] { part(d, req, {1}); }) == "bad_option");
  CHECK(error_code([&] { part(d, req, {}); }) == "bad_option");
  CHECK(error_code([&] { part(d, req, {90}); }) == "bad_option");
}

TEST_CASE("cluster scan: the data hash changes with any value and with the shape") {
  FeatureMatrix a(2, 2), b(2, 2), c(1, 4);
  a << 1, 2, 3, 4;
  b << 1, 2, 3, 4.000000000000001;
  c << 1, 2, 3, 4;
  CHECK(feature_matrix_hash(a) == feature_matrix_hash(FeatureMatrix(a)));
  CHECK(feature_matrix_hash(a) != feature_matrix_hash(b));
  CHECK(feature_matrix_hash(a) != feature_matrix_hash(c));
  CHECK(feature_matrix_hash(a).size() == 16);
}
