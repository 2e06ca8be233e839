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
  emscripten::function("run", &run);
  emscripten::function("release", &release);
  emscripten::function("xlsx", &xlsx);
  emscripten::function("sample", &sample);
}
