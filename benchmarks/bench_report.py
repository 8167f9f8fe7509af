"""Whole-process `lkjip report` on the largest example: Word + HTML, and the PDF step through LibreOffice.

    .venv/bin/python benchmarks/bench_report.py [--runs 5]

Writes benchmarks/results/report.json. The PDF figure is what LibreOffice adds on top of Word + HTML.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def largest_example() -> Path:
    """The example with the most table rows (budget lines, indicators, villages...)."""
    from lkjip_xl.filldata import EXAMPLES, example_data, load_data

    def size(name: str) -> int:
        doc = load_data(example_data(name))
        return sum(len(v) for v in doc["tables"].values() if isinstance(v, list))

    return ROOT / "examples" / f"{max(EXAMPLES, key=size)}.xlsx"


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t
    if p.returncode not in (0, 1):
        raise SystemExit(f"{cmd[:4]} failed ({p.returncode}): {p.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    src = largest_example()
    work = Path(tempfile.mkdtemp(prefix="lkjip-bench-report-"))
    py = sys.executable
    base = [py, "-m", "lkjip_xl", "report", str(src), "-o"]
    dh = [timed([*base, str(work / f"dh-{i}"), "--format", "docx,html"]) for i in range(args.runs)]
    res = {
        "workbook": src.name,
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "runs": args.runs,
        "report_docx_html_s": round(statistics.median(dh), 3),
    }
    if shutil.which("soffice") or shutil.which("libreoffice"):
        timed([*base, str(work / "warm"), "--format", "pdf"])  # LibreOffice's first start is not counted
        pdf = [timed([*base, str(work / f"pdf-{i}"), "--format", "docx,html,pdf"]) for i in range(args.runs)]
        res["report_docx_html_pdf_s"] = round(statistics.median(pdf), 3)
        res["pdf_share"] = round(1 - statistics.median(dh) / statistics.median(pdf), 3)
    out = HERE / "results" / "report.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
