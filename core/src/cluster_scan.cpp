// The k scan and the merge of scan parts (see cluster_scan.hpp for why parts merge exactly).
#include "kexi/cluster_scan.hpp"

#include <cstdio>
#include <cstring>
#include <map>

#include "kexi/error.hpp"

namespace kexi {

std::vector<KScanFit> scan_k(const FeatureMatrix& X, const std::vector<int>& ks,
                             const std::function<KMeansResult(int, std::string&)>& fit_one,
                             const SilhouetteOptions& silhouette_options) {
  std::vector<KScanFit> out;
  std::vector<std::vector<int>> labelings;
  out.reserve(ks.size());
  for (int k : ks) {
    KScanFit f;
    f.fit = fit_one(k, f.algorithm);
    f.entry.k = k;
    f.entry.inertia = f.fit.inertia;
    f.entry.iterations = f.fit.iterations;
    f.entry.converged = f.fit.converged;
    f.entry.calinski_harabasz = calinski_harabasz(X, f.fit.labels, k);
    f.entry.davies_bouldin = davies_bouldin(X, f.fit.labels, k);
    labelings.push_back(f.fit.labels);
    out.push_back(std::move(f));
  }
  const std::vector<SilhouetteResult> sil = silhouette_many(X, labelings, ks, silhouette_options);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].silhouette = sil[i];
    out[i].entry.silhouette = sil[i].value;
  }
  return out;
}

std::string feature_matrix_hash(const FeatureMatrix& X) {
  uint64_t h = 14695981039346656037ULL;  // FNV-1a 64
  auto mix = [&h](const unsigned char* p, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      h ^= p[i];
      h *= 1099511628211ULL;
    }
  };
  const uint64_t shape[2] = {static_cast<uint64_t>(X.rows()), static_cast<uint64_t>(X.cols())};
  mix(reinterpret_cast<const unsigned char*>(shape), sizeof shape);
  mix(reinterpret_cast<const unsigned char*>(X.data()), static_cast<size_t>(X.size()) * sizeof(double));
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

json scan_part_json(const std::vector<KScanFit>& fits, const FeatureMatrix& X, const json& options) {
  json parts = json::array();
  for (const KScanFit& f : fits) {
    json centroids = json::array();
    for (Eigen::Index r = 0; r < f.fit.centroids.rows(); ++r) {
      json row = json::array();
      for (Eigen::Index c = 0; c < f.fit.centroids.cols(); ++c) row.push_back(f.fit.centroids(r, c));
      centroids.push_back(row);
    }
    parts.push_back({{"k", f.entry.k},
                     {"inertia", f.entry.inertia},
                     {"silhouette", f.entry.silhouette},
                     {"calinski_harabasz", f.entry.calinski_harabasz},
                     {"davies_bouldin", f.entry.davies_bouldin},
                     {"iterations", f.entry.iterations},
                     {"converged", f.entry.converged},
                     {"algorithm", f.algorithm},
                     {"fit", {{"centroids", centroids},
                              {"labels", f.fit.labels},
                              {"sizes", f.fit.sizes},
                              {"inertia", f.fit.inertia},
                              {"iterations", f.fit.iterations},
                              {"converged", f.fit.converged},
                              {"empty_cluster_repairs", f.fit.empty_cluster_repairs},
                              {"warnings", f.fit.warnings}}},
                     {"silhouette_detail", {{"value", f.silhouette.value},
                                            {"exact", f.silhouette.exact},
                                            {"sample_size", f.silhouette.sample_size},
                                            {"rows", f.silhouette.rows}}}});
  }
  return {{"mode", "scan_part"},
          {"rows", X.rows()},
          {"data_hash", feature_matrix_hash(X)},
          {"options", options},
          {"parts", parts}};
}

namespace {

[[noreturn]] void bad(const std::string& what) {
  throw KexiError("bad_scan_parts", "The k scan parts cannot be merged: " + what +
                                        " Run the scan again in one request (without k_scan_parts).");
}

const json& field(const json& o, const char* key) {
  if (!o.is_object() || !o.contains(key)) bad(std::string("a part has no \"") + key + "\".");
  return o[key];
}

KScanFit fit_from_json(const json& p, const FeatureMatrix& X) {
  try {
    KScanFit f;
    f.entry.k = p.at("k").get<int>();
    f.entry.inertia = p.at("inertia").get<double>();
    f.entry.silhouette = p.at("silhouette").get<double>();
    f.entry.calinski_harabasz = p.at("calinski_harabasz").get<double>();
    f.entry.davies_bouldin = p.at("davies_bouldin").get<double>();
    f.entry.iterations = p.at("iterations").get<int>();
    f.entry.converged = p.at("converged").get<bool>();
    f.algorithm = p.at("algorithm").get<std::string>();
    const json& fit = p.at("fit");
    const json& C = fit.at("centroids");
    f.fit.centroids.resize(static_cast<Eigen::Index>(C.size()), X.cols());
    for (size_t r = 0; r < C.size(); ++r) {
      if (C[r].size() != static_cast<size_t>(X.cols())) bad("a centroid has the wrong number of features.");
      for (size_t c = 0; c < C[r].size(); ++c)
        f.fit.centroids(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = C[r][c].get<double>();
    }
    f.fit.labels = fit.at("labels").get<std::vector<int>>();
    f.fit.sizes = fit.at("sizes").get<std::vector<size_t>>();
    f.fit.inertia = fit.at("inertia").get<double>();
    f.fit.iterations = fit.at("iterations").get<int>();
    f.fit.converged = fit.at("converged").get<bool>();
    f.fit.empty_cluster_repairs = fit.at("empty_cluster_repairs").get<int>();
    f.fit.warnings = fit.at("warnings").get<std::vector<std::string>>();
    const json& s = p.at("silhouette_detail");
    f.silhouette.value = s.at("value").get<double>();
    f.silhouette.exact = s.at("exact").get<bool>();
    f.silhouette.sample_size = s.at("sample_size").get<size_t>();
    f.silhouette.rows = s.at("rows").get<size_t>();
    const int k = f.entry.k;
    if (k < 1 || f.fit.centroids.rows() != k || f.fit.sizes.size() != static_cast<size_t>(k))
      bad("the fit of k = " + std::to_string(k) + " does not have k clusters.");
    if (f.fit.labels.size() != static_cast<size_t>(X.rows())) bad("a labeling has the wrong number of rows.");
    for (int l : f.fit.labels)
      if (l < 0 || l >= k) bad("a label is out of range.");
    return f;
  } catch (const json::exception& e) {
    bad(std::string("a part is malformed (") + e.what() + ").");
  }
}

}  // namespace

std::vector<KScanFit> merge_scan_parts(const json& parts, const std::vector<int>& ks, const FeatureMatrix& X,
                                       const json& options) {
  if (!parts.is_array() || parts.empty()) bad("\"k_scan_parts\" must be a non-empty list of scan parts.");
  const std::string hash = feature_matrix_hash(X);
  std::map<int, KScanFit> by_k;
  for (const json& part : parts) {
    if (!field(part, "mode").is_string() || part["mode"] != "scan_part") bad("a part is not a scan part.");
    if (field(part, "rows") != json(X.rows()) || field(part, "data_hash") != json(hash))
      bad("a part was computed on other data or another feature preparation.");
    if (field(part, "options") != options) bad("a part was computed with other options.");
    const json& list = field(part, "parts");
    if (!list.is_array()) bad("\"parts\" must be a list.");
    for (const json& p : list) {
      KScanFit f = fit_from_json(p, X);
      const int k = f.entry.k;
      if (by_k.count(k)) bad("k = " + std::to_string(k) + " appears twice.");
      by_k.emplace(k, std::move(f));
    }
  }
  std::vector<KScanFit> out;
  out.reserve(ks.size());
  for (int k : ks) {
    auto it = by_k.find(k);
    if (it == by_k.end()) bad("k = " + std::to_string(k) + " is missing.");
    out.push_back(std::move(it->second));
    by_k.erase(it);
  }
  if (!by_k.empty()) bad("k = " + std::to_string(by_k.begin()->first) + " is not in the scanned range.");
  return out;
}

}  // namespace kexi
