#!/usr/bin/env python3
"""Writes the bad-input corpus into OUT_DIR (at test time: the 10 MB file is never committed).

Each file is small and deterministic except big_field.csv (10 MB) and many_customers.csv
(100,000 customers). tests/bad_input/run.sh states what Kexi must do with each one.
Usage: make.py OUT_DIR
"""
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


HEAD = "customer_id,order_id,order_date,amount\n"

write("empty.csv", b"")
write("header_only.csv", HEAD)
# Deterministic garbage: every byte value, NULs included, repeated (a linear congruential sequence).
x, garbage = 12345, bytearray()
for _ in range(4096):
    x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    garbage.append((x >> 16) & 0xFF)
write("garbage.bin", bytes(garbage))
# A quote opened in row 2 and never closed: rows 1, 3, 4 are fine.
write("unbalanced_quotes.csv",
      HEAD + "A,1,2024-01-05,10\nB,2,2024-01-06,\"20\nC,3,2024-01-07,30\nD,4,2024-01-08,40\n")
# One 10 MB field (a note column) in the second of three rows.
write("big_field.csv",
      "customer_id,order_id,order_date,amount,note\n"
      "A,1,2024-01-05,10,short\n"
      "B,2,2024-01-06,20," + "x" * (10 * 1024 * 1024) + "\n"
      "C,3,2024-01-07,30,short\n")
# 5,000 columns: the four roles first, then 4,996 extra columns; 3 rows.
extra = 4996
write("wide.csv",
      HEAD.rstrip("\n") + "".join(f",extra_{i}" for i in range(extra)) + "\n" +
      "".join(f"{c},{n},2024-01-0{n},{n}0" + ",v" * extra + "\n" for n, c in ((1, "A"), (2, "B"), (3, "A"))))
# UTF-16LE without a byte order mark (Excel's "Unicode text" without BOM), Chinese text included.
write("utf16le_no_bom.csv",
      ("customer_id,order_id,order_date,amount,region\n"
       "A,1,2024-01-05,10,北京\nB,2,2024-01-06,20,上海\nA,3,2024-02-05,30,北京\n").encode("utf-16-le"))
# Mixed encodings: a UTF-8 file whose last row was pasted from a GBK file.
# 200 UTF-8 rows, then one row in GBK: the file is also valid GBK byte for byte, so only the
# balance of evidence says UTF-8.
write("mixed_encodings.csv",
      ("customer_id,order_id,order_date,amount,region\n" +
       "".join(f"C{i:03d},{i},2024-01-{1 + i % 28:02d},10,{'北京' if i % 2 else '上海'}\n" for i in range(200))
       ).encode("utf-8") + "G,999,2024-01-07,30,广州\n".encode("gbk"))
# Dates out of range (and one impossible): 2 rows used, 5 rejected.
write("dates_out_of_range.csv",
      HEAD + "A,1,2024-01-05,10\nB,2,1899-12-31,20\nC,3,2101-01-01,30\nD,4,0001-01-01,40\n"
      "E,5,9999-12-31,50\nF,6,2024-02-30,60\nG,7,2100-12-31,70\n")
# Extreme amounts: 3 good rows (10 + 20.5 + 1e15 exactly at the limit), 7 bad ones.
write("amounts_extreme.csv",
      HEAD + "A,1,2024-01-05,10\nB,2,2024-01-06,1e308\nC,3,2024-01-07,NaN\nD,4,2024-01-08,-1e308\n"
      "E,5,2024-01-09,inf\nF,6,2024-01-10,1e16\nG,7,2024-01-11,20.5\nH,8,2024-01-12,abc\n"
      "I,9,2024-01-13,1e400\nJ,10,2024-01-14,1000000000000000\n")
# 100,000 customers with one order each: amount (i % 100) + 1, so the total is
# 1000 * (1 + 2 + ... + 100) = 5,050,000.
rows = [HEAD]
for i in range(100000):
    day = 1 + i % 28
    rows.append(f"C{i:06d},O{i:06d},2024-03-{day:02d},{i % 100 + 1}\n")
write("many_customers.csv", "".join(rows))
