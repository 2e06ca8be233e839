// The whole wasm surface: load bytes + options JSON -> dataset handle; run(handle, request JSON)
// -> result JSON; release(handle). No logic here: everything is a core call, and every error comes
// back as {"ok": false, "error": {...}} instead of an abort.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "kexi/loader.hpp"
#include "kexi/requests.hpp"
#include "kexi/sample_generator.hpp"
#include "kexi/sample_options.hpp"

using kexi::json;

namespace {

std::map<int, std::unique_ptr<kexi::Dataset>> g_datasets;
int g_next_handle = 1;

std::string guarded(const std::function<json()>& f) {
  try {
    return f().dump();
  } catch (const kexi::KexiError& e) {
    return kexi::error_json(e.error()).dump();
  } catch (const std::bad_alloc&) {
    return kexi::error_json({"out_of_memory", "Not enough memory in this browser tab for this file.", "", 0, ""}).dump();
  } catch (const std::exception& e) {
    return kexi::error_json({"internal_error", e.what(), "", 0, ""}).dump();
  }
}

json parse_options(const std::string& text) {
  if (text.empty()) return json::object();
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw kexi::KexiError("options_invalid", "The load options are not valid JSON.");
  return j;
}

// bytes: a Uint8Array. progress: a JS function (done, total) -> bool (false cancels), or undefined.
std::string load(const emscripten::val& bytes, const std::string& options_json,
                 const std::string& file_name, const emscripten::val& progress) {
  return guarded([&]() -> json {
    std::string data;
    const size_t n = bytes["length"].as<size_t>();
    data.resize(n);
    emscripten::val view(emscripten::typed_memory_view(n, reinterpret_cast<unsigned char*>(data.data())));
    view.call<void>("set", bytes);
    const kexi::LoadOptions options =
        kexi::load_options_from_json(parse_options(options_json));
    kexi::Progress report;
    if (!progress.isUndefined() && !progress.isNull())
      report = [&](size_t done, size_t total) { return progress(done, total).as<bool>(); };
    kexi::LoadResult r = kexi::load_dataset(data, options, file_name, report);
    if (!r.ok) {
      json e = kexi::error_json(r.error);
      e["report"] = kexi::inspect_json(r.data);
      return e;
    }
    const int handle = g_next_handle++;
    g_datasets[handle] = std::make_unique<kexi::Dataset>(std::move(r.data));
    json out = kexi::inspect_json(*g_datasets[handle]);
    out["ok"] = true;
    out["handle"] = handle;
    return out;
  });
}

std::string run(int handle, const std::string& request_json) {
  return guarded([&]() -> json {
    auto it = g_datasets.find(handle);
    if (it == g_datasets.end()) throw kexi::KexiError("bad_handle", "No dataset is loaded under this handle.");
    json request = json::parse(request_json, nullptr, false);
    if (request.is_discarded()) throw kexi::KexiError("bad_request", "The request is not valid JSON.");
    const kexi::Dataset* linked = nullptr;
    if (request.contains("linked")) {
      auto l = g_datasets.find(request["linked"].get<int>());
      if (l == g_datasets.end()) throw kexi::KexiError("bad_handle", "The linked dataset is not loaded.");
      linked = l->second.get();
    }
    json out = kexi::run_request(*it->second, request, linked);
    if (out.is_object() && !out.contains("ok")) out["ok"] = true;
    return out;
  });
}

void release(int handle) { g_datasets.erase(handle); }

// The sample generator for the page's "Make exercise data" panel: options JSON (the keys of
// `kexi sample`, see sample_options.hpp) -> {"ok": true, "csv": UTF-8 text, "stats": bookkeeping}.
// The same bytes as `kexi sample` with the same options (the generator is platform-independent).
std::string sample(const std::string& options_json) {
  return guarded([&]() -> json {
    json j = json::parse(options_json.empty() ? std::string("{}") : options_json, nullptr, false);
    if (j.is_discarded()) throw kexi::KexiError("invalid_sample_options", "The sample options are not valid JSON.");
    const kexi::SampleOptions o = kexi::sample_options_from_json(j);
    const kexi::SampleTable table = kexi::generate_sample(o);
    return {{"ok", true}, {"csv", kexi::sample_to_csv(table, o.lang)}, {"stats", kexi::to_json(table.stats)}};
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(kexi) {
  emscripten::function("load", &load);
  emscripten::function("run", &run);
  emscripten::function("release", &release);
  emscripten::function("sample", &sample);
}
