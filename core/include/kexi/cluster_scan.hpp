#pragma once
// The k scan of the cluster request (one k-means fit per k, Calinski-Harabasz, Davies-Bouldin and
// the silhouette on one shared sample) and how a scan split into parts is merged back.
//
// Why parts: the page runs the scan in several Web Workers, each with its own module instance and
// its own copy of the dataset (docs/PARALLEL.md). Every number of one k depends only on the data,
// the options and k: the fit uses the stream (seed, restart) whatever other k are scanned, and the
// silhouette of a labeling is the same whether it is computed alone or with others (the shared
// sample depends on rows, size and seed only; silhouette_exact_many adds each labeling's pair sums
// in the same order). So the merged parts give bit for bit the table of the one-call scan.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "kexi/cluster_quality.hpp"
#include "kexi/kmeans.hpp"
#include "kexi/requests.hpp"

namespace kexi {

/// One k of a scan: its table row, its fit (reused when this k is the final one) and silhouette.
struct KScanFit {
  KScanEntry entry;
  KMeansResult fit;
  std::string algorithm;  ///< "kmeans" or "minibatch"
  SilhouetteResult silhouette;
};

/// Fits every k of `ks` with `fit_one(k, algorithm_out)` and scores it: inertia, iterations,
/// convergence, Calinski-Harabasz, Davies-Bouldin, and the silhouettes of all fits at once.
std::vector<KScanFit> scan_k(const FeatureMatrix& X, const std::vector<int>& ks,
                             const std::function<KMeansResult(int, std::string&)>& fit_one,
                             const SilhouetteOptions& silhouette_options);

/// FNV-1a 64 of the matrix's shape and bytes as 16 hex digits: a part names the data it was
/// computed on, so a part from another dataset or another feature preparation is refused.
std::string feature_matrix_hash(const FeatureMatrix& X);

/// A scan part as JSON: {"mode":"scan_part", "rows", "data_hash", "options", "parts":[{k, entry
/// fields, algorithm, fit {centroids, labels, sizes, inertia, iterations, converged,
/// empty_cluster_repairs, warnings}, silhouette {value, exact, sample_size}}]}. Doubles survive
/// the JSON round trip exactly (shortest round-trip printing, correctly rounded parsing).
json scan_part_json(const std::vector<KScanFit>& fits, const FeatureMatrix& X, const json& options);

/// Merges parts (each a scan_part_json answer) into the scan of `ks` in that order. Throws
/// KexiError("bad_scan_parts") when a part was computed on other data or options, when a k is
/// missing or appears twice, or when a k outside `ks` appears.
std::vector<KScanFit> merge_scan_parts(const json& parts, const std::vector<int>& ks, const FeatureMatrix& X,
                                       const json& options);

}  // namespace kexi
