"""A button press through xlwings Server, end to end in process: request in, Excel's actions out.

    .venv/bin/python benchmarks/bench_server.py [--runs 15]

Posts the largest example (by file size) to ``/xlwings/custom-scripts-call/<script>`` of the real app (FastAPI's
TestClient: routing, xlwings' Book from the payload, the script, the JSON response; no network), with the
``X-Lkjip-Persen`` header a client sends, for Hitung Ulang and Periksa. Reports the median server time of the
runs, a breakdown of one press (Book from the payload, the entry point, the actions as JSON), and the request
and response sizes. Targets: under 0.3 s and under 1 MB. Its peer, in the same run: the command line's own
operation on the saved file in process (``api.recompute`` to a copy, ``api.check``), reported as a ratio.
Writes benchmarks/results/server.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

PRESSES = {"lkjip_hitung_ulang": "recompute", "lkjip_periksa": "check"}
TARGET_S, TARGET_BYTES = 0.3, 1_000_000


def largest_by_size() -> Path:
    return max((ROOT / "examples").glob("*.xlsx"), key=lambda p: p.stat().st_size)


def _breakdown(payload: dict, entry: str, header: str, runs: int) -> dict:
    """Where one press's time goes, each step's median over ``runs``."""
    import xlwings as xw

    from lkjip_xl import excel

    book_s, entry_s, json_s = [], [], []
    for _ in range(runs):
        data = json.loads(json.dumps(payload))  # the server parses a fresh payload each time
        t0 = time.perf_counter()
        book = xw.Book(json=data)
        t1 = time.perf_counter()
        getattr(excel, entry)(book, cell_formats=header)
        t2 = time.perf_counter()
        json.dumps(book.json())
        t3 = time.perf_counter()
        book_s.append(t1 - t0)
        entry_s.append(t2 - t1)
        json_s.append(t3 - t2)
    return {"book_from_payload_s": round(statistics.median(book_s), 4),
            "entry_point_s": round(statistics.median(entry_s), 4),
            "actions_to_json_s": round(statistics.median(json_s), 4)}


def _peer(src: Path, entry: str, runs: int) -> float:
    """The same operation as the command line does it on the file, in process: median seconds."""
    import datetime as dt
    import tempfile

    from lkjip_xl import api

    times = []
    with tempfile.TemporaryDirectory() as td:
        for k in range(runs + 1):
            t = time.perf_counter()
            if entry == "recompute":
                api.recompute(src, Path(td) / f"{k}.xlsx", now=dt.datetime(2025, 1, 31, 9))
            else:
                api.check(src)
            if k:  # the first run warms the imports
                times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    from collections import Counter

    from fastapi.testclient import TestClient

    from lkjip_xl.excel import cell_formats_of, payload_from_file, server

    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    src = largest_by_size()
    payload = payload_from_file(src)
    payload["book"]["name"] = src.name  # what a client sends: a name, not the server's folder
    header = cell_formats_of(src)
    body = json.dumps(payload).encode()
    res: dict = {
        "workbook": src.name,
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "runs": args.runs,
        "request_bytes": len(body),
        "percent_header_bytes": len(header),
        "targets": {"server_s": TARGET_S, "response_bytes": TARGET_BYTES},
        "presses": {},
    }
    with TestClient(server.app()) as client:
        for script, entry in PRESSES.items():
            url = f"/xlwings/custom-scripts-call/{script}"
            headers = {"Content-Type": "application/json", server.FORMATS_HEADER: header}
            client.post(url, content=body, headers=headers)  # warm: imports, first-use caches
            times, size, acts = [], 0, []
            for _ in range(args.runs):
                t = time.perf_counter()
                r = client.post(url, content=body, headers=headers)
                times.append(time.perf_counter() - t)
                assert r.status_code == 200, r.text
                size, acts = len(r.content), r.json()["actions"]
            med = statistics.median(times)
            peer = _peer(src, entry, args.runs)
            res["presses"][script] = {
                "cli_in_process_s_median": round(peer, 4),
                "ratio_to_cli": round(med / peer, 2),
                "server_s_median": round(med, 4),
                "server_s_min": round(min(times), 4),
                "server_s_max": round(max(times), 4),
                "response_bytes": size,
                "actions": dict(sorted(Counter(a["func"] for a in acts).items())),
                "breakdown_median": _breakdown(payload, entry, header, args.runs),
                "meets_targets": med < TARGET_S and size < TARGET_BYTES,
            }
    out = HERE / "results" / "server.json"
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
