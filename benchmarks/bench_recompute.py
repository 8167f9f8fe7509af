"""Whole-process `lkjip recompute` side by side with its peers, on the same workbook, in the same run.

Peers: LibreOffice headless (load, recalculate, save as .xlsx) and the `formulas` package (load and
calculate), on the workbook's formula twin (formula_twin.py: every derived cell a formula, the same job as
ours) and on the values-only workbook itself (nothing to recalculate: load and save). Each is timed as a whole
process, median of several runs, and reported as a ratio.

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
sys.path.insert(0, str(HERE))


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

    from formula_twin import build_twin

    twin = work / "demo-twin.xlsx"
    build_twin(src, twin)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    lo: dict[str, list[float]] = {}
    if soffice:
        profile = work / "lo-profile"
        for key, book in (("twin", twin), ("plain", src)):
            cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to",
                   "xlsx:Calc MS Excel 2007 XML", "--outdir", str(work / "lo"), str(book)]
            timed(cmd)  # warm-up: creates the profile, not counted
            lo[key] = [timed(cmd) for _ in range(args.runs)]
    code = ("import formulas,sys; m=formulas.ExcelModel().loads(sys.argv[1]).finish(); m.calculate()")
    fm = {key: [timed([py, "-c", code, str(book)]) for _ in range(args.formulas_runs)]
          for key, book in (("twin", twin), ("plain", src))}
    med = statistics.median
    res = {
        "workbook": str(src.name),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "runs": args.runs,
        "lkjip_recompute_s": round(med(ours), 3),
    }
    if lo:
        res.update(libreoffice_recalc_twin_s=round(med(lo["twin"]), 3),
                   libreoffice_load_save_s=round(med(lo["plain"]), 3),
                   ratio_vs_libreoffice=round(med(ours) / med(lo["twin"]), 3),
                   ratio_vs_libreoffice_load_save=round(med(ours) / med(lo["plain"]), 3))
    res.update(formulas_calculate_twin_s=round(med(fm["twin"]), 3), formulas_load_s=round(med(fm["plain"]), 3),
               ratio_vs_formulas=round(med(ours) / med(fm["twin"]), 3),
               ratio_vs_formulas_load=round(med(ours) / med(fm["plain"]), 3))
    out = HERE / "results" / "recompute.json"
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
