#pragma once
// The one request API shared by the CLI and the wasm module: a request JSON
// {"type": "...", ...options} run on a loaded Dataset gives a result JSON. A new analysis adds a
// request type here (see requests.cpp), not a new binding.
#include <nlohmann/json.hpp>

#include "kexi/dataset.hpp"
#include "kexi/error.hpp"

namespace kexi {

using json = nlohmann::json;

/// Runs one request. `linked` is a second dataset some requests join with (e.g. the order file a
/// survey is joined to), or null. Throws KexiError for bad requests or data the analysis cannot use.
json run_request(const Dataset& data, const json& request, const Dataset* linked = nullptr);

/// What a result was computed from, added by run_request to every JSON result as "input": file name,
/// size in bytes, encoding, kind, rows total/used/rejected (used + rejected == total), the number of
/// customers, the load settings as applied ("load": kind, encoding, delimiter, quote, header,
/// decimal, date_order, columns role -> name) and the request's settings with its defaults filled
/// in ("settings"; data-dependent defaults such as segment's as_of as the result states them).
json input_json(const Dataset& data, const json& request, const json& result);

/// The report of a loaded dataset, as `kexi inspect` prints it.
json inspect_json(const Dataset& data);

/// Writes `error` as {"ok": false, "error": {code, message, file, row, column}}.
json error_json(const Error& error);

}  // namespace kexi
