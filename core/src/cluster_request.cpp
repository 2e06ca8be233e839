// The "cluster" request (and `kexi cluster`): JSON options in, clustering result JSON out.
// Modes: "fit" (default) scans k and/or fits one k and reports centroids, profiles, the k scan,
// a PCA view and quality; "steps" returns every Lloyd iteration for the workshop animation.
// With "assignments": true the result is {"csv": "customer_id,cluster\n..."}.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "kexi/cluster_features.hpp"
#include "kexi/cluster_profile.hpp"
#include "kexi/cluster_quality.hpp"
#include "kexi/cluster_scan.hpp"
#include "kexi/cluster_steps.hpp"
#include "kexi/csv_writer.hpp"
#include "kexi/error.hpp"
#include "kexi/kmeans.hpp"
#include "kexi/minibatch_kmeans.hpp"
#include "kexi/option_reader.hpp"
#include "kexi/pca.hpp"
#include "kexi/request_handlers.hpp"

namespace kexi {

namespace {

constexpr size_t kMiniBatchFrom = 1000000;  // rows from which "auto" uses mini-batch k-means

std::vector<std::string> feature_option(const json& req) {
  if (!req.contains("features") || req["features"].is_null()) return {};
  const json& f = req["features"];
  if (f.is_string()) return split_feature_list(f.get<std::string>());
  if (f.is_array()) {
    std::vector<std::string> out;
    for (const json& x : f) {
      if (!x.is_string()) throw KexiError("bad_option", "\"features\" must list feature names.");
      out.push_back(x.get<std::string>());
    }
    return out;
  }
  throw KexiError("bad_option", "\"features\" must be a comma-separated list or an array of names.");
}

// "2-10", [2, 10] or a single number.
std::pair<int, int> k_range_option(const json& req) {
  const json& v = req["k_range"];
  double a = 0, b = 0;
  if (v.is_number()) {
    a = b = v.get<double>();
  } else if (v.is_array() && v.size() == 2 && v[0].is_number() && v[1].is_number()) {
    a = v[0].get<double>();
    b = v[1].get<double>();
  } else if (v.is_string()) {
    const std::string s = v.get<std::string>();
    const size_t dash = s.find('-');
    try {
      if (dash == std::string::npos) throw std::invalid_argument("no dash");
      size_t u1 = 0, u2 = 0;
      a = std::stod(s.substr(0, dash), &u1);
      b = std::stod(s.substr(dash + 1), &u2);
      if (u1 != dash || u2 != s.size() - dash - 1) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      throw KexiError("bad_option", "\"k_range\" must look like 2-10 (got \"" + s + "\").");
    }
  } else {
    throw KexiError("bad_option", "\"k_range\" must look like 2-10.");
  }
  if (a != std::floor(a) || b != std::floor(b) || a < 2 || b < a || b > 50)
    throw KexiError("bad_option", "\"k_range\" must be whole numbers with 2 <= from <= to <= 50.");
  return {static_cast<int>(a), static_cast<int>(b)};
}

json transforms_json(const FeatureTable& ft, const ScaledFeatures& sf) {
  json out = json::array();
  for (size_t f = 0; f < sf.transforms.size(); ++f) {
    const FeatureTransform& t = sf.transforms[f];
    out.push_back({{"name", t.name},
                   {"unit", ft.units[f]},
                   {"log", t.log},
                   {"center", t.center},
                   {"scale", t.scale},
                   {"skewness", t.skewness}});
  }
  return out;
}

json matrix_json(const FeatureMatrix& M) {
  json out = json::array();
  for (Eigen::Index r = 0; r < M.rows(); ++r) {
    json row = json::array();
    for (Eigen::Index c = 0; c < M.cols(); ++c) row.push_back(M(r, c));
    out.push_back(row);
  }
  return out;
}

struct Fit {
  KMeansResult result;
  std::string algorithm;
};

Fit fit_k(const FeatureMatrix& X, int k, const json& req, bool minibatch) {
  Fit f;
  const uint64_t seed = static_cast<uint64_t>(OptionReader(req).whole("seed", 0, 0, (1LL << 53)));
  if (minibatch) {
    MiniBatchOptions o;
    o.k = k;
    o.seed = seed;
    o.batch_size = static_cast<int>(OptionReader(req).whole("batch_size", 1024, 16, 1 << 20));
    f.result = minibatch_kmeans(X, o);
    f.algorithm = "minibatch";
  } else {
    KMeansOptions o;
    o.k = k;
    o.seed = seed;
    o.n_init = static_cast<int>(OptionReader(req).whole("n_init", 10, 1, 1000));
    o.max_iter = static_cast<int>(OptionReader(req).whole("max_iter", 300, 1, 100000));
    if (req.contains("tol") && req["tol"].is_number()) o.tol = req["tol"].get<double>();
    f.result = kmeans(X, o);
    f.algorithm = "kmeans";
  }
  return f;
}

// The options a k scan depends on (the final k, assignments and the PCA view do not): a scan part
// carries them and the merge refuses parts computed with others.
json scan_options(const json& req) {
  json o = json::object();
  for (const char* key : {"features", "scale", "log", "seed", "algorithm", "n_init", "max_iter", "tol", "batch_size",
                          "silhouette_exact_limit", "silhouette_sample"})
    o[key] = req.contains(key) ? req[key] : json(nullptr);
  return o;
}

json steps_request(const FeatureTable& ft, const ScaledFeatures& sf, const json& req) {
  const int k = static_cast<int>(OptionReader(req).whole("k", 3, 1, 50));
  const uint64_t seed = static_cast<uint64_t>(OptionReader(req).whole("seed", 0, 0, (1LL << 53)));
  const int max_steps = static_cast<int>(OptionReader(req).whole("max_steps", 30, 1, 1000));
  const size_t limit = static_cast<size_t>(OptionReader(req).whole("sample", 2000, 10, 50000));
  const size_t n = static_cast<size_t>(sf.X.rows());
  const std::vector<size_t> idx = sample_indices(n, limit, seed);
  FeatureMatrix P(static_cast<Eigen::Index>(idx.size()), sf.X.cols());
  for (size_t i = 0; i < idx.size(); ++i) P.row(static_cast<Eigen::Index>(i)) = sf.X.row(static_cast<Eigen::Index>(idx[i]));
  const std::vector<ClusterStep> steps = kmeans_steps(P, k, seed, max_steps);
  json points = json::array(), raw = json::array(), ids = json::array();
  for (size_t i = 0; i < idx.size(); ++i) {
    points.push_back(json::array());
    raw.push_back(json::array());
    for (Eigen::Index c = 0; c < P.cols(); ++c) {
      points.back().push_back(P(static_cast<Eigen::Index>(i), c));
      raw.back().push_back(ft.raw(static_cast<Eigen::Index>(idx[i]), c));
    }
    ids.push_back(ft.ids[idx[i]]);
  }
  json js = json::array();
  for (const ClusterStep& s : steps) {
    // Cluster numbers 1..k as everywhere in the output; centroids[c - 1] is cluster c's centre.
    std::vector<int> numbers(s.labels.size());
    for (size_t i = 0; i < numbers.size(); ++i) numbers[i] = s.labels[i] + 1;
    js.push_back({{"iteration", s.iteration},
                  {"centroids", matrix_json(s.centroids)},
                  {"assignments", numbers},
                  {"inertia", s.inertia},
                  {"moved", s.moved},
                  {"repaired", s.repaired},
                  {"converged", s.converged}});
  }
  return {{"mode", "steps"},
          {"k", k},
          {"seed", seed},
          {"features", transforms_json(ft, sf)},
          {"rows", n},
          {"sample", {{"size", idx.size()}, {"of", n}, {"sampled", idx.size() < n}, {"seed", seed}}},
          {"ids", ids},
          {"points", points},
          {"points_raw", raw},
          {"steps", js},
          {"converged", steps.back().converged},
          {"warnings", sf.warnings}};
}

}  // namespace

json cluster_request(const Dataset& data, const json& req, const Dataset*) {
  const OptionReader opt(req);
  const FeatureTable ft = dataset_features(data, feature_option(req));
  const size_t n = static_cast<size_t>(ft.raw.rows());
  ScalingOptions so;
  so.method = parse_scale_method(opt.text("scale", "zscore"));
  // "--scale none clusters the numbers exactly as given": no automatic log unless asked for.
  so.log = parse_log_mode(opt.text("log", so.method == ScaleMethod::None ? "off" : "auto"));
  ScaledFeatures sf = scale_features(ft.raw, ft.names, so);
  const std::string mode = opt.text("mode", "fit");
  if (mode == "steps") return steps_request(ft, sf, req);
  if (mode != "fit") throw KexiError("bad_option", "Unknown mode \"" + mode + "\": use fit or steps.");
  if (n < 2) throw KexiError("too_few_rows", "Clustering needs at least 2 rows; there is " + std::to_string(n) + ".");
  const FeatureMatrix& X = sf.X;
  const uint64_t seed = static_cast<uint64_t>(OptionReader(req).whole("seed", 0, 0, (1LL << 53)));
  const std::string algo = opt.text("algorithm", "auto");
  if (algo != "auto" && algo != "kmeans" && algo != "minibatch")
    throw KexiError("bad_option", "Unknown algorithm \"" + algo + "\": use auto, kmeans or minibatch.");
  const bool minibatch = algo == "minibatch" || (algo == "auto" && n >= kMiniBatchFrom);
  std::vector<std::string> warnings = sf.warnings;
  for (const std::string& s : ft.notes) warnings.push_back(s);

  // Which k: given, or the recommendation of a scan (default range 2-10).
  const bool k_given = req.contains("k") && !req["k"].is_null();
  const bool scan_wanted = req.contains("k_range") || !k_given || opt.flag("scan");
  int k = k_given ? static_cast<int>(OptionReader(req).whole("k", 5, 1, 1000)) : 0;
  SilhouetteOptions sil_opt;
  sil_opt.seed = seed;
  sil_opt.exact_limit = static_cast<size_t>(OptionReader(req).whole("silhouette_exact_limit", 20000, 10, 200000));
  sil_opt.sample_size = static_cast<size_t>(OptionReader(req).whole("silhouette_sample", 10000, 10, 200000));

  json scan_json = json::array();
  json recommendation = nullptr;
  std::vector<KScanFit> scanned;
  const auto fit_one = [&](int kk, std::string& algorithm) {
    Fit f = fit_k(X, kk, req, minibatch);
    algorithm = f.algorithm;
    return std::move(f.result);
  };
  // A part of a scan split over several workers (docs/PARALLEL.md): only the listed k.
  if (req.contains("k_values") && !req["k_values"].is_null()) {
    const json& kv = req["k_values"];
    if (!kv.is_array() || kv.empty()) throw KexiError("bad_option", "\"k_values\" must be a non-empty list of k.");
    std::vector<int> ks;
    for (const json& v : kv) {
      if (!v.is_number_integer() || v.get<long long>() < 2 || v.get<long long>() > static_cast<long long>(std::min<size_t>(n - 1, 50)))
        throw KexiError("bad_option", "\"k_values\" must be whole numbers from 2 to " +
                                          std::to_string(std::min<size_t>(n - 1, 50)) + " (rows - 1, at most 50).");
      ks.push_back(v.get<int>());
    }
    return scan_part_json(scan_k(X, ks, fit_one, sil_opt), X, scan_options(req));
  }
  if (scan_wanted) {
    auto [lo, hi] = req.contains("k_range") ? k_range_option(req) : std::pair<int, int>{2, 10};
    if (static_cast<size_t>(hi) > n - 1) {
      warnings.push_back("The k range was cut to at most " + std::to_string(n - 1) + " (rows - 1).");
      hi = static_cast<int>(n - 1);
    }
    if (lo > hi) throw KexiError("too_few_rows", "There are too few rows (" + std::to_string(n) + ") to scan k.");
    std::vector<int> ks;
    for (int kk = lo; kk <= hi; ++kk) ks.push_back(kk);
    // Parts computed elsewhere with "k_values" are merged instead of fitting again.
    if (req.contains("k_scan_parts") && !req["k_scan_parts"].is_null())
      scanned = merge_scan_parts(req["k_scan_parts"], ks, X, scan_options(req));
    else
      scanned = scan_k(X, ks, fit_one, sil_opt);
    std::vector<KScanEntry> scan;
    for (const KScanFit& s : scanned) {
      scan.push_back(s.entry);
      scan_json.push_back({{"k", s.entry.k},
                           {"inertia", s.entry.inertia},
                           {"silhouette", s.entry.silhouette},
                           {"calinski_harabasz", s.entry.calinski_harabasz},
                           {"davies_bouldin", s.entry.davies_bouldin},
                           {"iterations", s.entry.iterations},
                           {"converged", s.entry.converged}});
    }
    const KChoice choice = choose_k(scan);
    recommendation = {{"k", choice.k}, {"criterion", choice.criterion}, {"reason", choice.reason},
                      {"reason_zh", choice.reason_zh}};
    if (!k_given) k = choice.k;
  }

  // The final fit: reuse the scan's when it covered k.
  Fit fit;
  bool reused = false;
  for (const KScanFit& s : scanned)
    if (s.entry.k == k) {
      fit.result = s.fit;
      fit.algorithm = s.algorithm;
      reused = true;
    }
  if (!reused) fit = fit_k(X, k, req, minibatch);
  KMeansResult& r = fit.result;
  for (const std::string& w : r.warnings) warnings.push_back(w);

  // Number clusters 1..k by size, largest first (ties: original order), so output is stable.
  std::vector<int> order(static_cast<size_t>(k));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return r.sizes[static_cast<size_t>(a)] > r.sizes[static_cast<size_t>(b)]; });
  std::vector<int> rank(static_cast<size_t>(k));
  for (int i = 0; i < k; ++i) rank[static_cast<size_t>(order[static_cast<size_t>(i)])] = i;
  std::vector<int> labels(r.labels.size());
  for (size_t i = 0; i < labels.size(); ++i) labels[i] = rank[static_cast<size_t>(r.labels[i])];
  FeatureMatrix C(k, X.cols());
  for (int i = 0; i < k; ++i) C.row(i) = r.centroids.row(order[static_cast<size_t>(i)]);

  if (opt.flag("assignments")) {
    CsvWriter w(false);
    w.text(data.report.kind == InputKind::Table ? "row" : "customer_id").text("cluster").end_row();
    for (size_t i = 0; i < labels.size(); ++i) {
      w.text(ft.ids[i]).integer(labels[i] + 1);
      w.end_row();
    }
    return {{"csv", w.take()}};
  }

  // Centroids back in raw units (through the inverse transform; with a log this is a geometric-
  // style centre, the profiles give arithmetic means and medians).
  FeatureMatrix C_raw(k, X.cols());
  for (int i = 0; i < k; ++i)
    for (Eigen::Index c = 0; c < X.cols(); ++c)
      C_raw(i, c) = invert_transform(sf.transforms[static_cast<size_t>(c)], C(i, c));
  std::vector<size_t> sizes(static_cast<size_t>(k));
  for (int i = 0; i < k; ++i) sizes[static_cast<size_t>(i)] = r.sizes[static_cast<size_t>(order[static_cast<size_t>(i)])];

  // Quality of the chosen k.
  json quality = nullptr;
  if (k >= 2 && static_cast<size_t>(k) <= n - 1) {
    SilhouetteResult s;
    bool have = false;
    for (const KScanFit& f : scanned)
      if (f.entry.k == k) s = f.silhouette, have = true;
    if (!have) s = silhouette(X, labels, k, sil_opt);
    quality = {{"silhouette", s.value},
               {"silhouette_exact", s.exact},
               {"silhouette_sample_size", s.sample_size},
               {"calinski_harabasz", calinski_harabasz(X, labels, k)},
               {"davies_bouldin", davies_bouldin(X, labels, k)}};
  }

  // Profiles in raw units.
  const std::vector<ClusterProfile> profiles = profile_clusters(ft.raw, sf.transforms, labels, k, ft.revenue);
  json profiles_json = json::array();
  for (const ClusterProfile& p : profiles) {
    json feats = json::object();
    for (const FeatureProfile& f : p.features)
      feats[f.name] = {{"mean", f.mean},
                       {"median", f.median},
                       {"overall_mean", f.overall_mean},
                       {"overall_median", f.overall_median},
                       {"diff", f.diff},
                       {"diff_pct", f.has_diff_pct ? json(f.diff_pct) : json(nullptr)},
                       {"z", f.z},
                       {"level", f.level}};
    profiles_json.push_back({{"cluster", p.cluster + 1},
                             {"name", p.name_zh + " / " + p.name_en},
                             {"name_zh", p.name_zh},
                             {"name_en", p.name_en},
                             {"size", p.size},
                             {"share", p.share},
                             {"revenue", p.has_revenue ? json(p.revenue) : json(nullptr)},
                             {"revenue_share", p.has_revenue ? json(p.revenue_share) : json(nullptr)},
                             {"features", feats}});
  }

  // PCA view: all rows fit the axes; at most pca_points rows are sent, a stated random sample.
  json pca_json = nullptr;
  if (n >= 2) {
    const PcaResult p = pca(X, 2);
    const size_t limit = static_cast<size_t>(OptionReader(req).whole("pca_points", 5000, 0, 1000000));
    const std::vector<size_t> idx = sample_indices(n, limit, seed);
    FeatureMatrix S(static_cast<Eigen::Index>(idx.size()), X.cols());
    for (size_t i = 0; i < idx.size(); ++i) S.row(static_cast<Eigen::Index>(i)) = X.row(static_cast<Eigen::Index>(idx[i]));
    const FeatureMatrix Y = pca_project(p, S), YC = pca_project(p, C);
    const bool two = Y.cols() > 1;
    json xs = json::array(), ys = json::array(), cl = json::array(), ids = json::array();
    for (size_t i = 0; i < idx.size(); ++i) {
      xs.push_back(Y(static_cast<Eigen::Index>(i), 0));
      ys.push_back(two ? Y(static_cast<Eigen::Index>(i), 1) : 0.0);
      cl.push_back(labels[idx[i]] + 1);
      ids.push_back(ft.ids[idx[i]]);
    }
    json cents = json::array();
    for (int i = 0; i < k; ++i) cents.push_back({{"cluster", i + 1}, {"x", YC(i, 0)}, {"y", two ? YC(i, 1) : 0.0}});
    pca_json = {{"components", matrix_json(FeatureMatrix(p.components))},
                {"explained_variance", p.explained_variance},
                {"explained_variance_ratio", p.explained_variance_ratio},
                {"points", {{"x", xs}, {"y", ys}, {"cluster", cl}, {"id", ids}}},
                {"sample", {{"size", idx.size()}, {"of", n}, {"sampled", idx.size() < n}, {"seed", seed}}},
                {"centroids", cents}};
  }

  json excluded = {{"no_orders", ft.excluded_no_orders}, {"missing_values", ft.excluded_missing}};
  return {{"mode", "fit"},
          {"k", k},
          {"k_source", k_given ? "given" : "recommended"},
          {"rows", n},
          {"candidates", ft.candidates},
          {"excluded", excluded},
          {"analysis_date", ft.analysis_day == kNoDay ? json(nullptr) : json(format_day(ft.analysis_day))},
          {"features", transforms_json(ft, sf)},
          {"scale", to_string(so.method)},
          {"log", to_string(so.log)},
          {"algorithm", fit.algorithm},
          {"seed", seed},
          {"n_init", fit.algorithm == "kmeans" ? OptionReader(req).whole("n_init", 10, 1, 1000) : 3},
          {"inertia", r.inertia},
          {"iterations", r.iterations},
          {"converged", r.converged},
          {"empty_cluster_repairs", r.empty_cluster_repairs},
          {"centroids", matrix_json(C_raw)},
          {"centroids_scaled", matrix_json(C)},
          {"sizes", sizes},
          {"quality", quality},
          {"profiles", profiles_json},
          {"k_scan", scan_json},
          {"recommended_k", recommendation.is_null() ? json(nullptr) : recommendation["k"]},
          {"recommendation", recommendation},
          {"silhouette_sample", {{"exact_limit", sil_opt.exact_limit}, {"sample_size", sil_opt.sample_size},
                                 {"exact", n <= sil_opt.exact_limit}, {"rows_used", std::min(n, n <= sil_opt.exact_limit ? n : sil_opt.sample_size)}}},
          {"pca", pca_json},
          {"warnings", warnings}};
}

}  // namespace kexi
