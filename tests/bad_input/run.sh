#!/usr/bin/env bash
# The bad-input corpus (tests/bad_input/make.py writes it at test time): each file must give a clear
# message naming the file and what is wrong, or a correct result; never a crash, never a hang
# (every command runs under a 20 s timeout). Usage: run.sh KEXI SRC_DIR
set -uo pipefail
kexi=$1; src=$2
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$src/tests/bad_input/make.py" "$tmp" || { echo "FAIL: make.py"; exit 1; }

# run NAME WANT(0|nonzero) COMMAND... -> output in $out; checks exit status, crash and timeout.
run() {
  local name=$1 want=$2; shift 2
  out=$(timeout 20 "$@" 2>&1); status=$?
  if [ $status -eq 124 ]; then echo "FAIL: $name: timed out after 20 s"; fail=$((fail+1)); return 1; fi
  if [ $status -ge 128 ] || grep -qE 'AddressSanitizer|runtime error:|LeakSanitizer' <<<"$out"; then
    echo "FAIL: $name: crashed (exit $status)"; echo "$out" | head -20; fail=$((fail+1)); return 1
  fi
  if { [ "$want" = 0 ] && [ $status -ne 0 ]; } || { [ "$want" = nonzero ] && [ $status -eq 0 ]; }; then
    echo "FAIL: $name: exit $status"; echo "$out" | head -5; fail=$((fail+1)); return 1
  fi
  return 0
}
# message NAME PATTERN FILE: kexi inspect FILE fails with a message matching PATTERN.
message() {
  local name=$1 pattern=$2 file=$3
  run "$name" nonzero "$kexi" inspect "$tmp/$file" || return
  if grep -qE -- "$pattern" <<<"$out"; then pass=$((pass+1)); else
    echo "FAIL: $name: message does not match /$pattern/"; echo "$out" | head -5; fail=$((fail+1)); fi
}
# expect NAME PYTHON_CONDITION COMMAND...: the command succeeds and prints JSON `r` (or CSV text
# `t`) for which the condition holds. The condition may also `assert` inside a statement list.
expect() {
  local name=$1 cond=$2; shift 2
  run "$name" 0 "$@" || return
  local res
  res=$(python3 -c "
import json, math, sys
t = sys.stdin.read()
try: r = json.loads(t)
except ValueError: r = None
ok = ($cond)
print('ok' if ok else 'no')" <<<"$out" 2>&1)
  if [ "$res" = ok ]; then pass=$((pass+1)); else
    echo "FAIL: $name: condition not met: $cond"; echo "$res" | tail -3; echo "$out" | head -c 600; echo
    fail=$((fail+1)); fi
}
rows() { echo "r['rows']['total'] == $1 and r['rows']['used'] == $2 and r['rows']['rejected'] == $3"; }
reason() { echo "any(x['reason'] == '$1' and x['count'] == $2 for x in r['rejections'])"; }
# A JSON text with no non-finite number: Python's json accepts NaN/Infinity, nlohmann writes null.
finite='"NaN" not in t and "Infinity" not in t and "inf" not in t.lower().replace("info", "")'

message "empty file: named, and said to be empty" "empty.csv: .*empty" empty.csv
message "header only: named, header but no data rows" "header_only.csv: .*header row but no data rows" header_only.csv
message "binary garbage: named, said to be binary" "garbage.bin: .*(binary|not text)" garbage.bin

# The row with the unclosed quote (file line 3) is rejected; the rows around it are used.
expect "unbalanced quote: one row rejected, the others used" \
  "$(rows 4 3 1) and $(reason unterminated_quote 1) and r['rejections'][0]['examples'][0]['row'] == 3" \
  "$kexi" inspect "$tmp/unbalanced_quotes.csv"
expect "10 MB field: read, 3 rows used" "$(rows 3 3 0) and r['customers'] == 3" "$kexi" inspect "$tmp/big_field.csv"
expect "5,000 columns: read, 3 rows used, 2 customers" \
  "$(rows 3 3 0) and len(r['columns']) == 5000 and r['customers'] == 2" "$kexi" inspect "$tmp/wide.csv"
expect "UTF-16LE without BOM: detected, 3 rows used" \
  "r['encoding'] == 'utf-16le' and $(rows 3 3 0) and r['customers'] == 2" "$kexi" inspect "$tmp/utf16le_no_bom.csv"
expect "UTF-16LE without BOM: Chinese text decoded" "'北京' in t and '上海' in t" \
  "$kexi" customers "$tmp/utf16le_no_bom.csv"
# UTF-8 with one GBK row: read as UTF-8 (the 200 UTF-8 rows keep their text) with a warning that
# counts the replaced bytes, never silently decoded as GBK.
expect "mixed encodings: rows used, a warning names the invalid bytes" \
  "r['encoding'] == 'utf-8' and $(rows 201 201 0) and any('not valid UTF-8' in w or 'U+FFFD' in w for w in r['warnings'])" \
  "$kexi" inspect "$tmp/mixed_encodings.csv"
expect "mixed encodings: the UTF-8 rows keep their text" "'北京' in t and '上海' in t" \
  "$kexi" customers "$tmp/mixed_encodings.csv"
# 1899-12-31, 2101-01-01, 0001-01-01, 9999-12-31 are out of range; 2024-02-30 does not exist;
# 2024-01-05 and 2100-12-31 are used.
expect "dates out of range: rejected with their rows" \
  "$(rows 7 2 5) and $(reason date_out_of_range 4) and $(reason impossible_date 1) and \
   sorted(e['row'] for x in r['rejections'] if x['reason'] == 'date_out_of_range' for e in x['examples']) == [3, 4, 5, 6]" \
  "$kexi" inspect "$tmp/dates_out_of_range.csv"
# 1e308, NaN, -1e308, inf, 1e16 and 1e400 are out of range, abc is not a number; 10, 20.5 and
# 1e15 (the limit) are used.
expect "extreme amounts: rejected as out of range or unparseable" \
  "$(rows 10 3 7) and $(reason amount_out_of_range 6) and $(reason unparseable_amount 1)" \
  "$kexi" inspect "$tmp/amounts_extreme.csv"
expect "extreme amounts: net spend of the used rows, no NaN or infinity" \
  "$finite and sorted(float(l.split(',')[7]) for l in t.splitlines()[1:]) == [10.0, 20.5, 1e15]" \
  "$kexi" customers "$tmp/amounts_extreme.csv"
expect "extreme amounts: segment result has no NaN or infinity" "$finite and r['customers'] == 3" \
  "$kexi" segment "$tmp/amounts_extreme.csv"
expect "a result states its input: file, size, rows used + rejected = total, settings" \
  "r['input']['file'].endswith('amounts_extreme.csv') and \
   r['input']['bytes'] == __import__('os').path.getsize('$tmp/amounts_extreme.csv') and \
   r['input']['rows'] == {'total': 10, 'used': 3, 'rejected': 7} and r['input']['settings']['bins'] == 5" \
  "$kexi" segment "$tmp/amounts_extreme.csv"
# 100,000 customers with one order each: total (i % 100) + 1 over i < 100,000 = 5,050,000.
expect "100,000 one-order customers: one order each, total spend 5,050,000" \
  "[l.split(',')[3] for l in t.splitlines()[1:]] == ['1'] * 100000 and \
   abs(sum(float(l.split(',')[7]) for l in t.splitlines()[1:]) - 5050000) < 1e-6" \
  "$kexi" customers "$tmp/many_customers.csv"
expect "100,000 one-order customers: all rows used, segments for all" \
  "r['input']['rows'] == {'total': 100000, 'used': 100000, 'rejected': 0} and r['customers'] == 100000 and $finite" \
  "$kexi" segment "$tmp/many_customers.csv"
run "100,000 one-order customers: ltv explains that nobody bought twice" nonzero \
  "$kexi" ltv "$tmp/many_customers.csv" && {
  if grep -qE "many_customers.csv: .*repeat" <<<"$out"; then pass=$((pass+1)); else
    echo "FAIL: ltv message does not explain: $out" | head -3; fail=$((fail+1)); fi; }

echo "bad input: $pass passed, $fail failed"
[ $fail -eq 0 ]
