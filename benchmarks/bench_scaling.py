"""Recompute against its peers on three workbooks and at 1×, 4×, 16× the rows: time and peak memory.

    .venv/bin/python benchmarks/bench_scaling.py [--runs 3]

Workbooks: the small test fixture, the largest real example, a synthetic large one (200 indicators, 2.000 budget
rows), and the largest example grown 4× and 16× (indicators, PK rows and budget lines repeated under new codes).
Each is timed as a whole process, fresh (never recomputed), median of runs: `lkjip recompute`, LibreOffice
headless recalculation (load, recalculate, save), and the `formulas` package (load and calculate).

The peers recalculate the workbook's formula twin (formula_twin.py: the same inputs, every derived cell a
formula; tests/test_formula_twin.py checks that LibreOffice recalculates it to our figures): that is the same job
as `lkjip recompute`. They are also timed on the values-only workbook itself, where they have nothing to
recalculate and only load and save; both are reported. Peak memory is the maximum resident set of the process
(GNU time). Writes benchmarks/results/scaling.json.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from formula_twin import build_twin  # noqa: E402

from lkjip_xl.filldata import build_from_data, example_data, load_data  # noqa: E402


def grow(doc: dict[str, Any], factor: int) -> dict[str, Any]:
    """The workbook with its indicators, PK rows and budget lines repeated ``factor`` times under new codes."""
    d = copy.deepcopy(doc)
    t = d["tables"]
    for k in range(1, factor):
        for ind in list(doc["tables"]["Indikator"]):
            t["Indikator"].append({**ind, "Kode": f"{ind['Kode']}.x{k}"})
        for kin in list(doc["tables"]["Kinerja"]):
            t["Kinerja"].append({**kin, "Kode Indikator": f"{kin['Kode Indikator']}.x{k}"})
        for a in list(doc["tables"]["Anggaran"]):
            new = {**a, "Kode": f"x{k}.{a['Kode']}"}
            if a.get("Kode Induk"):
                new["Kode Induk"] = f"x{k}.{a['Kode Induk']}"
            t["Anggaran"].append(new)
    return d


def synthetic_large() -> dict[str, Any]:
    doc = copy.deepcopy(load_data(example_data("purwareja-klampok-2024")))
    t = doc["tables"]
    years = [y for y in range(doc["renstra"][0], doc["renstra"][1] + 1)]
    for i in range(200 - len(t["Indikator"])):
        code = f"1.1.{i + 10}"
        t["Indikator"].append({"Kode": code, "Kode Sasaran": "1.1", "Indikator": f"Indikator {i}", "Satuan": "%",
                               **{f"Target {y}": 90 for y in years}, "Target Akhir": 95})
        t["Kinerja"].append({"Kode Indikator": code, "Target PK": 90, "Realisasi": 80 + (i % 25)})
    n = len(t["Anggaran"])
    p = 0
    while n < 2000:
        p += 1
        t["Anggaran"].append({"Kode": f"7{p:03d}", "Level": "Program", "Uraian": f"Program {p}"})
        n += 1
        for k in range(10):
            t["Anggaran"].append({"Kode": f"7{p:03d}.{k}", "Kode Induk": f"7{p:03d}", "Level": "Kegiatan",
                                  "Uraian": f"Kegiatan {p}.{k}"})
            n += 1
            for s in range(8):
                pagu = 1_000_000 + 1000 * (p + k + s)
                t["Anggaran"].append({"Kode": f"7{p:03d}.{k}.{s}", "Kode Induk": f"7{p:03d}.{k}",
                                      "Level": "Sub Kegiatan", "Uraian": f"Sub {p}.{k}.{s}", "Pagu": pagu,
                                      "Realisasi": pagu - 5000})
                n += 1
    return doc


def measure(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median seconds and max peak MB over ``runs`` whole-process runs."""
    secs, mem = [], []
    for _ in range(runs):
        p = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], capture_output=True, text=True)
        m = re.findall(r"^([\d.]+) (\d+)$", p.stderr, flags=re.M)
        if not m:
            raise SystemExit(f"{cmd[:4]} failed: {p.stderr[-600:]}")
        secs.append(float(m[-1][0]))
        mem.append(int(m[-1][1]) / 1024)
    return statistics.median(secs), max(mem)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lkjip-bench-scale-"))
    base = load_data(example_data("bantarbolang-2023"))
    books = {
        "kecil (fixture)": load_data(ROOT / "tests" / "data" / "mini.yaml"),
        "contoh terbesar 1×": base,
        "contoh terbesar 4×": grow(base, 4),
        "contoh terbesar 16×": grow(base, 16),
        "sintetis besar (200 indikator, 2.000 anggaran)": synthetic_large(),
    }
    py = sys.executable
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    formulas_code = "import formulas,sys; formulas.ExcelModel().loads(sys.argv[1]).finish().calculate()"
    rows = []
    for label, doc in books.items():
        src = work / (re.sub(r"\W+", "-", label) + ".xlsx")
        build_from_data(doc, src)
        twin = src.with_name(src.stem + "-twin.xlsx")
        n_formulas = build_twin(src, twin)
        n_rows = sum(len(v) for v in doc["tables"].values() if isinstance(v, list))
        ours = measure([py, "-m", "lkjip_xl", "recompute", str(src), "-o", str(work / "out.xlsx")], args.runs)
        row = {"workbook": label, "rows": n_rows, "formulas_in_twin": n_formulas,
               "lkjip_s": ours[0], "lkjip_mb": round(ours[1])}
        if soffice:
            prof = work / "lo-profile"
            for key, book in (("libreoffice", twin), ("libreoffice_load_save", src)):
                cmd = [soffice, f"-env:UserInstallation=file://{prof}", "--headless", "--norestore", "--convert-to",
                       "xlsx:Calc MS Excel 2007 XML", "--outdir", str(work / "lo"), str(book)]
                measure(cmd, 1)  # profile creation and disk cache, not counted
                lo = measure(cmd, args.runs)
                row.update({f"{key}_s": lo[0], f"{key}_mb": round(lo[1]), f"ratio_{key}": round(ours[0] / lo[0], 3)})
        for key, book in (("formulas", twin), ("formulas_load", src)):
            fm = measure([py, "-c", formulas_code, str(book)], 1)
            row.update({f"{key}_s": fm[0], f"{key}_mb": round(fm[1]), f"ratio_{key}": round(ours[0] / fm[0], 3)})
        rows.append(row)
        print(json.dumps(row), flush=True)
    out = HERE / "results" / "scaling.json"
    out.write_text(json.dumps(rows, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
