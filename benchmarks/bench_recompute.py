"""Whole-process `lkjip recompute` side by side with its peers, on the same workbook, in the same run.

Peers: LibreOffice headless (load, recalculate, save as .xlsx) and the `formulas` package (load and
calculate the workbook). Each is timed as a whole process, median of several runs, and reported as a ratio.

    .venv/bin/python benchmarks/bench_recompute.py [--runs 5] [--workbook PATH]
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


def timed(cmd: list[str], ok: tuple[int, ...] = (0,)) -> float:
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t
    if p.returncode not in ok:
        raise SystemExit(f"{cmd[:3]} failed ({p.returncode}): {p.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workbook", type=Path)
    ap.add_argument("--formulas-runs", type=int, default=1)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lkjip-bench-"))
    if args.workbook:
        src = args.workbook
    else:
        from lkjip_xl.filldata import DEMO_DATA, build_from_data, load_data

        src = work / "demo.xlsx"
        build_from_data(load_data(DEMO_DATA), src)
    py = sys.executable

    ours = []
    for i in range(args.runs):
        wb = work / f"ours-{i}.xlsx"
        shutil.copy(src, wb)  # never recomputed: every run does the full work
        ours.append(timed([py, "-m", "lkjip_xl", "recompute", str(wb), "-o", str(work / f"ours-{i}-out.xlsx")], ok=(0, 1)))

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    lo = []
    if soffice:
        profile = work / "lo-profile"
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to",
               "xlsx:Calc MS Excel 2007 XML", "--outdir", str(work / "lo"), str(src)]
        timed(cmd)  # warm-up: creates the profile, not counted
        lo = [timed(cmd) for _ in range(args.runs)]

    fm = []
    code = ("import formulas,sys; m=formulas.ExcelModel().loads(sys.argv[1]).finish(); m.calculate()")
    for _ in range(args.formulas_runs):
        fm.append(timed([py, "-c", code, str(src)]))

    med = statistics.median
    res = {
        "workbook": str(src.name),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "runs": args.runs,
        "lkjip_recompute_s": round(med(ours), 3),
        "libreoffice_recalc_s": round(med(lo), 3) if lo else None,
        "formulas_calculate_s": round(med(fm), 3) if fm else None,
    }
    if lo:
        res["ratio_vs_libreoffice"] = round(med(ours) / med(lo), 3)
    if fm:
        res["ratio_vs_formulas"] = round(med(ours) / med(fm), 3)
    out = HERE / "results" / "recompute.json"
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
