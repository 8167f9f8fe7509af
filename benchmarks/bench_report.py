"""Whole-process `lkjip report` on the largest example: Word + HTML, and the PDF step through LibreOffice.

    .venv/bin/python benchmarks/bench_report.py [--runs 5]

Writes benchmarks/results/report.json. The PDF figure is what LibreOffice adds on top of Word + HTML: starting
it on a fresh profile, updating Daftar Isi/Tabel/Gambar and every field (through its Python bridge, python3-uno;
`pdf_via` says whether it was there) and exporting. Target: the whole report with PDF under 5 s.
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
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe:
        from lkjip_xl.report.render import uno_python

        py_uno = uno_python(exe)
        bridge = py_uno and subprocess.run([py_uno, "-c", "import uno"], capture_output=True).returncode == 0
        timed([*base, str(work / "warm"), "--format", "pdf"])  # LibreOffice's first start is not counted
        pdf = [timed([*base, str(work / f"pdf-{i}"), "--format", "docx,html,pdf"]) for i in range(args.runs)]
        res["pdf_via"] = "uno (indexes and fields updated)" if bridge else "convert-to (fields as stored)"
        res["report_docx_html_pdf_s"] = round(statistics.median(pdf), 3)
        res["report_docx_html_pdf_max_s"] = round(max(pdf), 3)
        res["pdf_share"] = round(1 - statistics.median(dh) / statistics.median(pdf), 3)
        res["target_s"] = 5.0
        res["within_target"] = max(pdf) < 5.0
    out = HERE / "results" / "report.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
