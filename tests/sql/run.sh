#!/usr/bin/env bash
# The SQL recipe of docs/SQL.md gives the same segments and LTV as the order path: generate a
# clean order sample, turn it into a customer summary with the DuckDB query as documented (run
# by tests/sql/summary.mjs through @duckdb/node-api), load both with kexi and compare per customer.
# Usage: run.sh KEXI SRC_DIR
set -euo pipefail
kexi=$1; src=$2
if [ ! -d "$src/tests/sql/node_modules/@duckdb/node-api" ]; then
  echo "FAIL: DuckDB is not installed: run scripts/setup.sh (npm ci in tests/sql)"; exit 1
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# A clean sample (no bad rows: the recipe assumes a table Kexi would load whole), with refunds
# and multi-line orders; a second seed and a shorter span for a different mix.
"$kexi" sample --kind orders --lang en --customers 400 --seed 11 --start 2022-06-01 --end 2024-12-31 \
  --bad-rows 0 --out "$tmp/orders.csv"
(cd "$src/tests/sql" && node summary.mjs "$tmp/orders.csv" "$tmp/summary.csv" "$src/docs/SQL.md")
"$kexi" inspect "$tmp/orders.csv" > "$tmp/orders_inspect.json"
"$kexi" inspect "$tmp/summary.csv" > "$tmp/summary_inspect.json"
"$kexi" segment "$tmp/orders.csv" --customers > "$tmp/seg_orders.csv"
# Lifecycle windows are derived from the median gap between purchase days, which a summary does
# not have (docs/SQL.md): give the summary path the windows the order path derived.
"$kexi" segment "$tmp/orders.csv" > "$tmp/seg_orders.json"
read -r active churn < <(python3 -c "import json, sys; l = json.load(open(sys.argv[1]))['lifecycle']
print(l['active_window_days'], l['churn_window_days'])" "$tmp/seg_orders.json")
"$kexi" segment "$tmp/summary.csv" --customers --active-window-days "$active" --churn-window-days "$churn" \
  > "$tmp/seg_summary.csv"
"$kexi" ltv "$tmp/orders.csv" > "$tmp/ltv_orders.json"
"$kexi" ltv "$tmp/summary.csv" > "$tmp/ltv_summary.json"
"$kexi" ltv "$tmp/orders.csv" --customers > "$tmp/ltvc_orders.csv"
"$kexi" ltv "$tmp/summary.csv" --customers > "$tmp/ltvc_summary.csv"
python3 "$src/tests/sql/compare.py" "$tmp"
