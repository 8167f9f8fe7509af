"""Make N realistic synthetic kecamatan workbooks for consolidation tests and benchmarks.

    .venv/bin/python benchmarks/gen_workbooks.py OUT_DIR -n 500 [--seed 1] [--tahun 2024]

Each workbook starts from one of the three real examples (their structure, wording and budget shape), renamed to
its own kecamatan, with realisasi and budget figures varied, and grown to varying sizes (more indicators, more
budget lines). A share of them carry what real submissions carry: typed totals that disagree with their parts,
a kecamatan sent twice, a workbook of another year, and files that are not workbooks at all (truncated, random
bytes, an old .xls, a CSV renamed). Deterministic for a given seed. Returns (and prints) what it made.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from lkjip_xl.api import recompute  # noqa: E402
from lkjip_xl.filldata import EXAMPLES, build_from_data, example_data, load_data  # noqa: E402

BASES = {name: load_data(example_data(name)) for name in EXAMPLES}
KABUPATEN = "Kabupaten Contoh"


def _vary(doc: dict[str, Any], rnd: random.Random, name: str, tahun: int, grow: int, broken: bool) -> dict[str, Any]:
    d = copy.deepcopy(doc)
    t = d["tables"]
    y0 = tahun - 1
    d["renstra"] = [y0, y0 + 4]
    prof = t["Profil"]
    prof.update({"Nama Instansi": name, "Kabupaten/Kota": KABUPATEN, "Provinsi": "Jawa Tengah", "Tahun Laporan": tahun,
                 "Nama Kepala": f"Camat {name.split()[-1]}", "NIP Kepala": f"19700101 199003 1 {rnd.randint(1, 999):03d}",
                 "Periode Renstra": f"{y0}-{y0 + 4}"})
    years = range(y0, y0 + 5)
    inds = t.get("Indikator", [])
    for ind in inds:
        old = {k: v for k, v in ind.items() if k.startswith("Target ") and k != "Target Akhir"}
        base = next((v for v in old.values() if v is not None), None)
        for k in old:
            del ind[k]
        for y in years:
            ind[f"Target {y}"] = base
    # grow: extra indicators under existing sasaran, with PK rows
    sasaran = [s["Kode"] for s in t.get("Sasaran", [])] or [i["Kode Sasaran"] for i in inds]
    for g in range(grow * 3):
        code = f"9.{g + 1}"
        target = rnd.choice([80, 90, 100, 75.5])
        inds.append({"Kode": code, "Kode Sasaran": rnd.choice(sasaran), "Indikator": f"Indikator tambahan {g + 1}",
                     "Satuan": "%", "Polaritas": rnd.choice(["Positif", "Positif", "Negatif"]), "IKU": "Tidak",
                     **{f"Target {y}": target for y in years}, "Target Akhir": target})
        t.setdefault("Kinerja", []).append({"Kode Indikator": code, "Target PK": target,
                                             "Realisasi": round(target * rnd.uniform(0.7, 1.2), 2)})
    ikm_code = prof.get("Indikator IKM")
    for k in t.get("Kinerja", []):
        r = k.get("Realisasi")
        derived = k.get("Pembilang") is not None or any(k.get(f"Realisasi TW {q}") is not None
                                                          for q in ("I", "II", "III", "IV"))
        if not broken and (derived or k.get("Kode Indikator") == ikm_code):
            k["Realisasi"] = None  # let the tool derive it from its parts, as a careful office does
        elif isinstance(r, (int, float)) and not isinstance(r, bool) and not derived:
            k["Realisasi"] = round(r * rnd.uniform(0.9, 1.1), 2)
    if not broken:
        t.pop("Skala", None)  # the default Permendagri scale (Bantarbolang's printed one has gaps)
    # budget: scale amounts, add kegiatan with sub kegiatan under a new program
    ang = t.get("Anggaran", [])
    for a in ang:
        f = rnd.uniform(0.8, 1.2)
        for col in ("Pagu", "Pagu Murni"):
            if isinstance(a.get(col), int):
                a[col] = int(a[col] * f)
        if isinstance(a.get("Realisasi"), int):
            real = int(a["Realisasi"] * f * rnd.uniform(0.95, 1.0))
            a["Realisasi"] = min(real, a["Pagu"]) if isinstance(a.get("Pagu"), int) else real
        if not broken and a.get("Level") != "Sub Kegiatan" and any(b.get("Kode Induk") == a["Kode"] for b in ang):
            a.pop("Pagu", None)  # consistent workbooks leave parent totals to the tool
            a.pop("Realisasi", None)
            a.pop("Pagu Murni", None)
    if grow:
        ang.append({"Kode": "90", "Level": "Program", "Uraian": "Program tambahan"})
        for g in range(grow * 4):
            ang.append({"Kode": f"90.{g + 1:02d}", "Kode Induk": "90", "Level": "Kegiatan", "Uraian": f"Kegiatan {g + 1}"})
            for h in range(3):
                pagu = rnd.randint(5, 200) * 100_000
                ang.append({"Kode": f"90.{g + 1:02d}.{h + 1:02d}", "Kode Induk": f"90.{g + 1:02d}",
                            "Level": "Sub Kegiatan", "Uraian": f"Sub kegiatan {g + 1}.{h + 1}", "Pagu": pagu,
                            "Realisasi": int(pagu * rnd.uniform(0.6, 1.0))})
    if broken and ang:
        victim = next((a for a in ang if a.get("Level") == "Program"), ang[0])
        victim["Realisasi"] = rnd.randint(1, 10**9)  # a typed total that disagrees with its parts
    t.pop("RiwayatAnggaran", None)
    for r in t.get("Riwayat", []):
        r["Tahun"] = tahun - 1
    t["Riwayat"] = [dict(r) for r in {r["Kode Indikator"]: r for r in t.get("Riwayat", [])}.values()]
    return d


def _make(job: tuple[str, dict[str, Any], str]) -> str:
    path, doc, kind = job
    p = Path(path)
    if kind == "workbook":
        build_from_data(doc, p)
        recompute(p, now=None)
    return str(p)


def generate(out: str | Path, n: int, *, seed: int = 1, tahun: int = 2024, jobs: int | None = None) -> dict[str, Any]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    made: dict[str, Any] = {"n": n, "workbooks": [], "corrupt": {}, "duplicates": [], "other_year": [],
                            "with_errors": []}
    jobs_: list[tuple[str, dict[str, Any], str]] = []
    for i in range(n):
        p = out / f"kec-{i + 1:04d}.xlsx"
        roll = rnd.random()
        if roll < 0.04:  # not a workbook at all
            kind = rnd.choice(["truncated", "random", "xls", "csv"])
            made["corrupt"][p.name] = kind
            jobs_.append((str(p), {"kind": kind}, kind))
            continue
        name = f"Kecamatan Sintetis {i + 1:04d}"
        year = tahun
        if roll < 0.06:
            year = tahun - 1
            made["other_year"].append(p.name)
        broken = rnd.random() < 0.15
        base = BASES[rnd.choice(EXAMPLES)]
        doc = _vary(base, rnd, name, year, grow=rnd.choice([0, 0, 1, 2, 4]), broken=broken)
        if broken:
            made["with_errors"].append(p.name)
        made["workbooks"].append(p.name)
        jobs_.append((str(p), doc, "workbook"))
        if rnd.random() < 0.02 and i + 1 < n:
            dup = out / f"kec-{i + 1:04d}-kirim-ulang.xlsx"
            made["duplicates"].append(dup.name)
            made["workbooks"].append(dup.name)
            jobs_.append((str(dup), doc, "workbook"))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_make, [j for j in jobs_ if j[2] == "workbook"], chunksize=4))
    for path, _spec, kind in jobs_:
        if kind == "workbook":
            continue
        p = Path(path)
        src = out / made["workbooks"][0] if made["workbooks"] else None
        if kind == "truncated" and src is not None:
            p.write_bytes(src.read_bytes()[: src.stat().st_size // 3])
        elif kind == "xls":
            p.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(rnd.getrandbits(8) for _ in range(4096)))
        elif kind == "csv":
            p.write_text("Kode;Uraian;Pagu\n1;Program;1000000\n", encoding="utf-8")
        else:
            p.write_bytes(bytes(rnd.getrandbits(8) for _ in range(2048)))
    # duplicates are the later file: make them newer
    for d in made["duplicates"]:
        (out / d).touch()
    (out / "_generated.json").write_text(json.dumps(made, indent=1), encoding="utf-8")
    return made


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("-n", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tahun", type=int, default=2024)
    args = ap.parse_args()
    made = generate(args.out, args.n, seed=args.seed, tahun=args.tahun)
    print(json.dumps({k: v if isinstance(v, int) else len(v) for k, v in made.items()}))


if __name__ == "__main__":
    main()
