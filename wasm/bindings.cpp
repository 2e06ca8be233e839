// The whole wasm surface: load bytes + options JSON -> dataset handle; run(handle, request JSON)
// -> result JSON; release(handle). No logic here: everything is a core call, and every error comes
// back as {"ok": false, "error": {...}} instead of an abort.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "kexi/load_session.hpp"
#include "kexi/loader.hpp"
#include "kexi/requests.hpp"
#include "kexi/xlsx_writer.hpp"
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
    return kexi::error_json({"file_too_large",
                             "Not enough memory in this browser tab for this file. Aggregate it to one "
                             "row per customer first, load a date range only, or export fewer columns.",
                             "", 0, ""}).dump();
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

// The wasm memory ceiling (MAXIMUM_MEMORY in CMakeLists.txt) and what a load leaves beside the
// dataset: the module, the chunk being read and the text carried between chunks, and the working
// memory of the analyses that follow (k-means features, LTV arrays, JSON answers: ~0.5 GB for 1M
// customers).
constexpr size_t kWasmMaximumMemory = KEXI_WASM_MAXIMUM_MEMORY;
constexpr size_t kLoadWorkingBytes = size_t{768} << 20;

// A streaming load in progress: the session and the JS progress function it calls.
struct PendingLoad {
  emscripten::val progress = emscripten::val::undefined();
  std::unique_ptr<kexi::LoadSession> session;
  kexi::Error options_error;  // code set when the options JSON was refused
  // The chunks' bytes, copied in from JS. Reused: a new string per chunk was zero-filled (and, the
  // first time, fresh memory) before the copy overwrote it.
  std::string chunk;
};
std::map<int, std::unique_ptr<PendingLoad>> g_loads;
int g_next_load = 1;

// Starts a streaming load. total_bytes: the file's size (progress, memory guard). progress: a JS
// function (done, total) -> bool (false cancels), or undefined. Returns the session id.
int load_begin(const std::string& options_json, const std::string& file_name, double total_bytes,
               const emscripten::val& progress) {
  const int id = g_next_load++;
  auto pending = std::make_unique<PendingLoad>();
  pending->progress = progress;
  kexi::LoadOptions options;
  try {
    options = kexi::load_options_from_json(parse_options(options_json));
  } catch (const kexi::KexiError& e) {
    pending->options_error = e.error();
  }
  kexi::Progress report;
  if (!progress.isUndefined() && !progress.isNull()) {
    PendingLoad* p = pending.get();
    report = [p](size_t done, size_t total) {
      return p->progress(static_cast<double>(done), static_cast<double>(total)).as<bool>();
    };
  }
  kexi::SessionLimits limits;
  limits.memory_limit = kWasmMaximumMemory - kLoadWorkingBytes;
  pending->session = std::make_unique<kexi::LoadSession>(options, file_name, static_cast<size_t>(total_bytes),
                                                         report, limits);
  g_loads[id] = std::move(pending);
  return id;
}

// Reads the next chunk (a Uint8Array) -> {"ok": true, "estimate": {...}} or the error.
std::string load_feed(int id, const emscripten::val& bytes) {
  return guarded([&]() -> json {
    auto it = g_loads.find(id);
    if (it == g_loads.end()) throw kexi::KexiError("bad_handle", "No load is in progress under this id.");
    PendingLoad& p = *it->second;
    if (!p.options_error.code.empty()) throw kexi::KexiError(p.options_error);
    const size_t n = bytes["length"].as<size_t>();
    if (p.chunk.size() < n) p.chunk.resize(n);
    emscripten::val view(emscripten::typed_memory_view(n, reinterpret_cast<unsigned char*>(p.chunk.data())));
    view.call<void>("set", bytes);
    if (!p.session->feed(std::string_view(p.chunk.data(), n))) return kexi::error_json(p.session->error());
    const kexi::MemoryEstimate est = p.session->estimate();
    return json{{"ok", true}, {"estimate", {{"rows", est.rows}, {"bytes", est.bytes}}}};
  });
}

// Ends a streaming load -> the same JSON as load(): the report with "handle", or the error.
std::string load_finish(int id) {
  return guarded([&]() -> json {
    auto it = g_loads.find(id);
    if (it == g_loads.end()) throw kexi::KexiError("bad_handle", "No load is in progress under this id.");
    std::unique_ptr<PendingLoad> p = std::move(it->second);
    g_loads.erase(it);
    if (!p->options_error.code.empty()) throw kexi::KexiError(p->options_error);
    kexi::LoadResult r = p->session->finish();
    p.reset();
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

// Drops a streaming load (cancelled by the page); its memory is freed.
void load_abort(int id) { g_loads.erase(id); }

// bytes: a Uint8Array. progress: a JS function (done, total) -> bool (false cancels), or undefined.
// The whole file in one call: one session, one chunk.
std::string load(const emscripten::val& bytes, const std::string& options_json,
                 const std::string& file_name, const emscripten::val& progress) {
  const size_t n = bytes["length"].as<size_t>();
  const int id = load_begin(options_json, file_name, static_cast<double>(n), progress);
  load_feed(id, bytes);  // a failure is answered by load_finish, with the report as far as it got
  return load_finish(id);
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

// sheets_json: [{"name": "...", "rows": [[cell, ...], ...]}, ...] where a cell is a string (text),
// a number, or null (empty). Answers a Uint8Array with the .xlsx bytes, or on error the usual
// {"ok": false, "error": {...}} JSON string. Text cells are inline strings: "=1+1" stays text.
emscripten::val xlsx(const std::string& sheets_json) {
  std::string bytes;
  const std::string error = guarded([&]() -> json {
    json j = json::parse(sheets_json, nullptr, false);
    if (j.is_discarded() || !j.is_array())
      throw kexi::KexiError("bad_request", "The sheets for the .xlsx export are not a JSON array.");
    std::vector<kexi::XlsxSheet> sheets;
    for (const json& s : j) {
      kexi::XlsxSheet sheet;
      if (s.contains("name") && s["name"].is_string()) sheet.name = s["name"].get<std::string>();
      if (s.contains("rows") && s["rows"].is_array()) {
        for (const json& r : s["rows"]) {
          std::vector<kexi::XlsxCell> row;
          if (r.is_array()) {
            for (const json& c : r) {
              if (c.is_number()) row.push_back(kexi::XlsxCell::of_number(c.get<double>()));
              else if (c.is_string()) row.push_back(kexi::XlsxCell::of_text(c.get<std::string>()));
              else if (c.is_null()) row.push_back(kexi::XlsxCell::empty());
              else row.push_back(kexi::XlsxCell::of_text(c.dump()));
            }
          }
          sheet.rows.push_back(std::move(row));
        }
      }
      sheets.push_back(std::move(sheet));
    }
    bytes = kexi::write_xlsx(sheets);
    return json{{"ok", true}};
  });
  if (bytes.empty()) return emscripten::val(error);
  // A view into the wasm heap, copied by slice() before `bytes` goes away.
  emscripten::val view(emscripten::typed_memory_view(bytes.size(), reinterpret_cast<const unsigned char*>(bytes.data())));
  return view.call<emscripten::val>("slice");
}

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
  emscripten::function("load_begin", &load_begin);
  emscripten::function("load_feed", &load_feed);
  emscripten::function("load_finish", &load_finish);
  emscripten::function("load_abort", &load_abort);
  emscripten::function("run", &run);
  emscripten::function("release", &release);
  emscripten::function("xlsx", &xlsx);
  emscripten::function("sample", &sample);
}
