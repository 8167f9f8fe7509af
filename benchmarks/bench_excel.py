"""The Excel path (Hitung Ulang on a Book built from the client's payload): time and round trips.

    .venv/bin/python benchmarks/bench_excel.py [--runs 5]

Every action is a round trip to Excel (COM on a desktop, HTTP with xlwings Server), so the number of actions
matters more than the Python time. Writes benchmarks/results/excel.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_report import largest_example  # noqa: E402


def main() -> None:
    import xlwings as xw

    from lkjip_xl import excel
    from lkjip_xl.filldata import build_from_data, example_data, load_data

    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    name = largest_example().stem
    src = Path("/tmp") / f"bench-excel-{name}.xlsx"
    build_from_data(load_data(example_data(name)), src)  # never recomputed: every block is written
    payload = excel.payload_from_file(src)
    times, acts = [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        book = xw.Book(json=json.loads(json.dumps(payload)))
        excel.recompute(book)
        times.append(time.perf_counter() - t)
        acts = book.json()["actions"]
    kinds = Counter(a["func"] for a in acts)
    cells = sum(len(a["values"]) * len(a["values"][0]) for a in acts if a["func"] == "setValues")
    res = {
        "workbook": f"{name}.xlsx (fresh, never recomputed)",
        "runs": args.runs,
        "recompute_on_book_s": round(statistics.median(times), 3),
        "actions": dict(sorted(kinds.items())),
        "cells_written": cells,
        "cells_per_setValues": round(cells / kinds["setValues"], 1),
    }
    out = HERE / "results" / "excel.json"
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
