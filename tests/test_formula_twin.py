"""The benchmark's formula twin computes what lkjip_xl computes: LibreOffice recalculates it to our figures.

The peers in benchmarks/ recalculate this twin (every derived cell a formula); the comparison is only fair if
the twin does the same job, so its recalculated figures are checked here against `lkjip recompute`.
"""

import sys

import openpyxl
import pytest
from conftest import ROOT, lo_convert

from lkjip_xl.api import recompute
from lkjip_xl.filldata import build_from_data, example_data, load_data
from lkjip_xl.reader import read_workbook

sys.path.insert(0, str(ROOT / "benchmarks"))
from formula_twin import build_twin  # noqa: E402

pytestmark = pytest.mark.libreoffice

COMPARED = {
    "Kinerja": ("Target", "Realisasi Dihitung", "Capaian", "Predikat", "Capaian thd Target Akhir",
                "Realisasi Tahun Lalu", "Capaian Tahun Lalu"),
    "Anggaran": ("Jumlah Pagu", "Jumlah Realisasi", "Serapan", "Sisa"),
    "SKM": ("IKM", "Mutu"),
    "RingkasanSasaran": ("Jumlah Indikator", "Capaian", "Predikat"),
    "Efisiensi": ("Capaian Kinerja", "Pagu", "Realisasi", "Serapan", "Efisiensi Selisih"),
}


def _same(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1, abs(b))
    return (a in (None, "")) and (b in (None, "")) or a == b


@pytest.mark.writes_invalid_xlsx("out/*")  # LibreOffice's own .xlsx: not ours to hold to Excel's rules
@pytest.mark.parametrize("name", ["bantarbolang-2023", "purwareja-klampok-2024"])
def test_libreoffice_recalculates_the_twin_to_our_figures(name, tmp_path):
    src = tmp_path / f"{name}.xlsx"
    build_from_data(load_data(example_data(name)), src)
    n = build_twin(src, tmp_path / "twin.xlsx")
    assert n > 100
    recompute(src, tmp_path / "ours.xlsx")
    lo_convert(tmp_path / "twin.xlsx", tmp_path / "out", "xlsx:Calc MS Excel 2007 XML", tmp_path)
    theirs = openpyxl.load_workbook(tmp_path / "out" / "twin.xlsx", data_only=True)
    ours = openpyxl.load_workbook(tmp_path / "ours.xlsx", data_only=True)
    wb = read_workbook(tmp_path / "ours.xlsx")
    compared = 0
    for table, headers in COMPARED.items():
        g = wb.geoms[table]
        rows = [r.row for r in wb.tables[table]] if table in wb.tables else range(g.first_row, g.last_row + 1)
        for r in rows:
            for h in headers:
                ref = g.cell(r, h)
                want, got = ours[g.sheet][ref].value, theirs[g.sheet][ref].value
                if table == "Kinerja" and h == "Realisasi Dihitung" and want is None:
                    continue
                assert _same(got, want), (table, ref, h, got, want)
                compared += want is not None
    assert compared > 80
