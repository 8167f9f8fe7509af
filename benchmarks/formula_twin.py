"""The formula twin of a workbook: the same inputs, every derived cell an Excel formula.

This is the workbook a kecamatan would keep without lkjip_xl (the seeds' spreadsheets compute capaian and
serapan with formulas), and the job the peers must do to be compared with ``lkjip recompute``: recalculate the
derived cells and save. A workbook holding only values gives LibreOffice and the ``formulas`` package nothing to
recalculate; their time on it is loading and saving, which benchmarks/README.md reports too.

The formulas follow the rules of ../shared/spec/domain.md for the common cases (capaian by polarity, a target
of 0, predikat from Skala, the budget summed over its sub kegiatan, serapan, IKM and its mutu, capaian and
budget per sasaran); ``tests/test_formula_twin.py`` checks with LibreOffice that the twin's figures equal ours.
Formulas are written without cached values, so LibreOffice's ``--convert-to`` recalculates every one of them.

    .venv/bin/python benchmarks/formula_twin.py IN.xlsx OUT.xlsx
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from lkjip_xl.model import TableGeom  # noqa: E402
from lkjip_xl.reader import read_workbook  # noqa: E402
from lkjip_xl.xlsx import col_letter  # noqa: E402


class _Table:
    """Absolute A1 ranges of one table's columns, by header."""

    def __init__(self, g: TableGeom, last: int | None = None) -> None:
        self.g = g
        self.last = max(g.last_row, g.first_row) if last is None else last

    def col(self, header: str) -> str:
        return col_letter(self.g.columns[header.lower()])

    def rng(self, header: str) -> str:
        c = self.col(header)
        return f"'{self.g.sheet}'!${c}${self.g.first_row}:${c}${self.last}"

    def at(self, header: str, r: int) -> str:
        return f"{self.col(header)}{r}"


def build_twin(src: str | Path, out: str | Path) -> int:
    """Write the twin of ``src`` to ``out``; returns the number of formulas."""
    import openpyxl

    wb = read_workbook(src)
    xl = openpyxl.load_workbook(src)  # drops every cached value: the peers recalculate all of them
    n = 0

    def put(sheet: str, ref: str, formula: str) -> None:
        nonlocal n
        xl[sheet][ref] = formula
        n += 1

    rows = {name: [rec.row for rec in recs] for name, recs in wb.tables.items()}
    last = {name: (max(r) if r else wb.geoms[name].first_row) for name, r in rows.items()}
    ind, sas = _Table(wb.geoms["Indikator"], last["Indikator"]), _Table(wb.geoms["Sasaran"], last["Sasaran"])
    kin, ang = _Table(wb.geoms["Kinerja"], last["Kinerja"]), _Table(wb.geoms["Anggaran"], last["Anggaran"])
    sk = _Table(wb.geoms["Skala"], last["Skala"])
    riw = _Table(wb.geoms["Riwayat"], last["Riwayat"])
    lalu = (wb.prof("Tahun Laporan") or 0) - 1

    def score(ref: str) -> str:
        """A number, or the score in a grade typed as text: "B (71,20)" is 71.2."""
        inner = f"MID({ref},FIND(\"(\",{ref})+1,FIND(\")\",{ref})-FIND(\"(\",{ref})-1)"
        return f"IF(ISNUMBER({ref}),{ref},IFERROR(VALUE(SUBSTITUTE({inner},\",\",\".\")),{ref}))"

    def predikat(cap: str) -> str:
        """The band whose Batas Bawah is the first not above the capaian (Skala lists the highest first)."""
        bb = sk.rng("Batas Bawah")
        return (f"=IF({cap}=\"\",\"\",INDEX({sk.rng('Predikat')},MATCH(1,INDEX(({bb}<={cap}*100)*ISNUMBER({bb}),0),0)))")

    skm = _Table(wb.geoms["SKM"], last["SKM"])
    ikm_code = str(wb.prof("Indikator IKM") or "")
    ikm_year = (f"SUMPRODUCT(N(+{skm.rng('IKM')}),IF({skm.rng('Responden')}=\"\",1,{skm.rng('Responden')}))/"
                f"SUMPRODUCT(ISNUMBER({skm.rng('IKM')})*IF({skm.rng('Responden')}=\"\",1,{skm.rng('Responden')}))")
    for r in rows["Kinerja"]:
        k = lambda h, r=r: kin.at(h, r)  # noqa: E731
        m = f"MATCH({k('Kode Indikator')},{ind.rng('Kode')},0)"
        pol = f"INDEX({ind.rng('Polaritas')},{m})"
        put(kin.g.sheet, k("Sasaran"),
            f"=IFERROR(INDEX({sas.rng('Uraian')},MATCH(INDEX({ind.rng('Kode Sasaran')},{m}),{sas.rng('Kode')},0)),\"\")")
        for h in ("Indikator", "Satuan", "Target Akhir"):
            put(kin.g.sheet, k(h), f"=IFERROR(INDEX({ind.rng(h)},{m}),\"\")")
        put(kin.g.sheet, k("Target"), f"=IF({k('Target PK Perubahan')}<>\"\",{score(k('Target PK Perubahan'))},"
                                      f"{score(k('Target PK'))})")
        tw = f"{k('Realisasi TW I')}:{k('Realisasi TW IV')}"
        typed = f"IF({k('Realisasi')}<>\"\",{score(k('Realisasi'))},IF(COUNT({tw})=0,\"\",AVERAGE({tw})))"
        if ikm_code:  # the IKM indicator's realisasi is the year's IKM from the SKM sheet
            typed = f"IF(AND({k('Kode Indikator')}=\"{ikm_code}\",COUNT({skm.rng('IKM')})>0),{ikm_year},{typed})"
        put(kin.g.sheet, k("Realisasi Dihitung"),
            f"=IF(AND({k('Pembilang')}<>\"\",{k('Penyebut')}<>\"\"),{k('Pembilang')}/{k('Penyebut')}*100,{typed})")
        t, rd = k("Target"), k("Realisasi Dihitung")
        put(kin.g.sheet, k("Capaian"),
            f"=IF(OR({t}=\"\",{rd}=\"\"),\"\",IF({t}=0,IF({pol}=\"Positif\",IF({rd}>=0,1,0),IF({rd}=0,1,0)),"
            f"IF({pol}=\"Negatif\",MAX(0,(2*{t}-{rd})/{t}),IF({pol}=\"Tepat\",MAX(0,1-ABS({rd}-{t})/{t}),{rd}/{t}))))")
        put(kin.g.sheet, k("Predikat"), predikat(k("Capaian")))
        ta = score(k("Target Akhir"))
        put(kin.g.sheet, k("Capaian thd Target Akhir"),
            f"=IF(OR({k('Target Akhir')}=\"\",{rd}=\"\"),\"\",IF({ta}=0,\"\",{rd}/{ta}))")
        hit = f"MATCH(1,INDEX(({riw.rng('Kode Indikator')}={k('Kode Indikator')})*({riw.rng('Tahun')}={lalu}),0),0)"
        real_lalu = score(f"INDEX({riw.rng('Realisasi')},{hit})")
        target_lalu = score(f"INDEX({riw.rng('Target')},{hit})")
        put(kin.g.sheet, k("Realisasi Tahun Lalu"), f"=IFERROR({real_lalu},\"\")")
        put(kin.g.sheet, k("Capaian Tahun Lalu"), f"=IFERROR({k('Realisasi Tahun Lalu')}/{target_lalu},\"\")")

    for r in rows["Anggaran"]:
        a = lambda h, r=r: ang.at(h, r)  # noqa: E731
        for total, part in (("Jumlah Pagu", "Pagu"), ("Jumlah Realisasi", "Realisasi")):
            # the sub kegiatan's sum where any has a figure, else the line's own (domain.md, Anggaran)
            own = f"IF({a(part)}=\"\",\"\",{a(part)})"
            subs = f"{ang.rng('Level')},\"Sub Kegiatan\",{ang.rng('Kode')},{a('Kode')}&\".*\""
            put(ang.g.sheet, a(total),
                f"=IF({a('Level')}=\"Sub Kegiatan\",{own},IF(COUNTIFS({subs},{ang.rng(part)},\"<>\")>0,"
                f"SUMIFS({ang.rng(part)},{subs}),{own}))")
        jp, jr = a("Jumlah Pagu"), a("Jumlah Realisasi")
        put(ang.g.sheet, a("Serapan"), f"=IF(OR({jp}=\"\",{jr}=\"\"),\"\",IF({jp}=0,\"\",{jr}/{jp}))")
        put(ang.g.sheet, a("Sisa"), f"=IF(OR({jp}=\"\",{jr}=\"\"),\"\",{jp}-{jr})")

    ra = _Table(wb.geoms["RiwayatAnggaran"], last["RiwayatAnggaran"])
    for r in rows["RiwayatAnggaran"]:
        put(ra.g.sheet, ra.at("Serapan", r), f"=IF(N({ra.at('Pagu', r)})=0,\"\",{ra.at('Realisasi', r)}/{ra.at('Pagu', r)})")

    for r in rows["SKM"]:
        s = lambda h, r=r: skm.at(h, r)  # noqa: E731
        put(skm.g.sheet, s("IKM"), f"=IF(COUNT({s('U1')}:{s('U9')})<9,\"\",AVERAGE({s('U1')}:{s('U9')})*25)")
        put(skm.g.sheet, s("Mutu"), f"=IF({s('IKM')}=\"\",\"\",LOOKUP(ROUND({s('IKM')},2),{{25,65,76.61,88.31}},"
                                    "{\"D (Tidak Baik)\",\"C (Kurang Baik)\",\"B (Baik)\",\"A (Sangat Baik)\"}))")

    def efficiency_row(sheet: str, t: _Table, r: int) -> None:
        pg, rl, cap = t.at("Pagu", r), t.at("Realisasi", r), t.at("Capaian Kinerja", r)
        put(sheet, t.at("Serapan", r), f"=IF(OR({pg}=\"\",{rl}=\"\"),\"\",IF({pg}=0,\"\",{rl}/{pg}))")
        put(sheet, t.at("Efisiensi Selisih", r),
            f"=IF(OR({cap}=\"\",{t.at('Serapan', r)}=\"\"),\"\",{cap}-{t.at('Serapan', r)})")

    # one row per sasaran in Ringkasan and Efisiensi, as recompute writes them
    kin_sas = kin.rng("Sasaran")
    for name, pagu_col in (("RingkasanSasaran", None), ("Efisiensi", "Pagu")):
        g = wb.geoms[name]
        t = _Table(g, g.first_row + max(0, len(rows["Sasaran"]) - 1))
        for i, rec in enumerate(wb.tables["Sasaran"]):
            r = g.first_row + i
            xl[g.sheet][t.at("Kode Sasaran", r)] = rec.get("Kode")
            xl[g.sheet][t.at("Sasaran", r)] = rec.get("Uraian")
            if pagu_col is None:
                put(g.sheet, t.at("Jumlah Indikator", r), f"=COUNTIF({kin_sas},{t.at('Sasaran', r)})")
                put(g.sheet, t.at("Capaian", r), f"=IFERROR(AVERAGEIF({kin_sas},{t.at('Sasaran', r)},{kin.rng('Capaian')}),\"\")")
                put(g.sheet, t.at("Predikat", r), predikat(t.at("Capaian", r)))
            else:
                put(g.sheet, t.at("Capaian Kinerja", r),
                    f"=IFERROR(AVERAGEIF({kin_sas},{t.at('Sasaran', r)},{kin.rng('Capaian')}),\"\")")
                for h, part in (("Pagu", "Jumlah Pagu"), ("Realisasi", "Jumlah Realisasi")):
                    ks, code = ang.rng("Kode Sasaran"), t.at("Kode Sasaran", r)
                    put(g.sheet, t.at(h, r), f"=IF(SUMPRODUCT(({ks}={code})*ISNUMBER({ang.rng(part)}))=0,\"\","
                                             f"SUMIFS({ang.rng(part)},{ks},{code}))")
                efficiency_row(g.sheet, t, r)
        if pagu_col is not None:  # the whole: Keseluruhan, below the sasaran
            r, top = g.first_row + len(rows["Sasaran"]), g.first_row
            xl[g.sheet][t.at("Sasaran", r)] = "Keseluruhan"
            put(g.sheet, t.at("Capaian Kinerja", r), f"=IFERROR(AVERAGE({t.at('Capaian Kinerja', top)}:"
                                                     f"{t.at('Capaian Kinerja', r - 1)}),\"\")")
            for h in ("Pagu", "Realisasi"):
                span = f"{t.at(h, top)}:{t.at(h, r - 1)}"
                put(g.sheet, t.at(h, r), f"=IF(COUNT({span})=0,\"\",SUM({span}))")
            efficiency_row(g.sheet, t, r)
    xl.save(out)
    return n


if __name__ == "__main__":
    print(build_twin(sys.argv[1], sys.argv[2]), "formulas")
