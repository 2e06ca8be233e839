#!/usr/bin/env python3
"""Compares Kexi's order path with the SQL-summary path (tests/sql/run.sh wrote the files in DIR).

Segments: per customer the same segment, R/F/M scores, lifecycle, recency, frequency (orders) and
net spend (to 0.005: the summary's total is summed in another order). LTV: the same lifetimes
summary per customer and the same BG/NBD and Gamma-Gamma parameters and per-customer P(alive),
expected purchases and CLV to a relative 1e-6 (both fits start from the same numbers; only the
floating-point order of the money sums differs; values printed with 4 decimals to 2e-4).
Lifecycle stages match when the summary path is given the order path's windows (run.sh does).
"""
import csv
import json
import math
import sys

d = sys.argv[1]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def rows(name):
    with open(f"{d}/{name}", newline="", encoding="utf-8") as f:
        return {r["customer_id"]: r for r in csv.DictReader(f)}


def close(a, b, rel=1e-6, abs_=1e-9):
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=abs_)


orders_report = json.load(open(f"{d}/orders_inspect.json"))
summary_report = json.load(open(f"{d}/summary_inspect.json"))
check(orders_report["rows"]["rejected"] == 0, "the generated order sample has no rejected rows")
check(summary_report["kind"] == "customers", f"the summary loads as a customer table, not {summary_report['kind']}")
check(summary_report["rows"]["rejected"] == 0, "the summary has no rejected rows")
roles = {c["role"] for c in summary_report["columns"]}
for role in ("customer_id", "first_order", "last_order", "orders", "total_spend", "frequency", "recency", "T",
             "monetary_value"):
    check(role in roles, f"summary column for role {role} is recognised")

so, ss = rows("seg_orders.csv"), rows("seg_summary.csv")
check(set(so) == set(ss), f"same customers in both segment results ({len(so)} vs {len(ss)})")
seg_diffs = 0
for cid in so.keys() & ss.keys():
    a, b = so[cid], ss[cid]
    same = all(a[k] == b[k] for k in ("segment", "r_score", "f_score", "m_score", "rfm_code", "lifecycle",
                                      "recency", "frequency", "orders", "first_order", "last_order"))
    same = same and abs(float(a["net_spend"]) - float(b["net_spend"])) < 0.005
    if not same:
        seg_diffs += 1
        if seg_diffs <= 3:
            failures.append(f"segment row differs for {cid}: {a} vs {b}")
check(seg_diffs == 0, f"{seg_diffs} customers differ in segments")

lo, ls = json.load(open(f"{d}/ltv_orders.json")), json.load(open(f"{d}/ltv_summary.json"))
check(lo["data"]["customers"] == ls["data"]["customers"], "same number of LTV customers")
for model, keys in (("bgnbd", ("r", "alpha", "a", "b")), ("gamma_gamma", ("p", "q", "v"))):
    po, ps = lo.get(model, {}).get("params", {}), ls.get(model, {}).get("params", {})
    for k in keys:
        check(k in po and k in ps and close(po[k], ps[k]), f"{model} {k}: {po.get(k)} vs {ps.get(k)}")

co, cs = rows("ltvc_orders.csv"), rows("ltvc_summary.csv")
check(set(co) == set(cs), f"same customers in both LTV tables ({len(co)} vs {len(cs)})")
ltv_diffs = 0
for cid in co.keys() & cs.keys():
    a, b = co[cid], cs[cid]
    cols = [k for k in a if k.startswith(("frequency", "recency", "T", "monetary_value", "p_alive",
                                          "expected_", "clv_"))]
    # The CSV prints 4 decimals: a value on a rounding boundary may differ by one unit there.
    if not all(close(a[k], b[k], abs_=2e-4) for k in cols if a[k] != "" or b[k] != ""):
        ltv_diffs += 1
        if ltv_diffs <= 3:
            failures.append(f"LTV row differs for {cid}: {a} vs {b}")
check(ltv_diffs == 0, f"{ltv_diffs} customers differ in LTV")

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    print(f"sql recipe: 0 passed, {len(failures)} failed")
    sys.exit(1)
print(f"sql recipe: segments of {len(so)} customers and LTV of {len(co)} customers match the order path")
print("sql recipe: 1 passed, 0 failed")
