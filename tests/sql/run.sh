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
"$kexi" segment "$tmp/summary.csv" --customers > "$tmp/seg_summary.csv"
"$kexi" ltv "$tmp/orders.csv" > "$tmp/ltv_orders.json"
"$kexi" ltv "$tmp/summary.csv" > "$tmp/ltv_summary.json"
"$kexi" ltv "$tmp/orders.csv" --customers > "$tmp/ltvc_orders.csv"
"$kexi" ltv "$tmp/summary.csv" --customers > "$tmp/ltvc_summary.csv"
python3 "$src/tests/sql/compare.py" "$tmp"
