"""The template is generated from the schema, and the committed file is that output."""

import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.schema import PROFIL_KEYS, SHEETS, TABLES
from lkjip_xl.template import build_default_template, build_workbook
from lkjip_xl.xlsx import Package

ROOT = Path(__file__).resolve().parent.parent


def test_committed_template_matches_schema(tmp_path):
    fresh = tmp_path / "t.xlsx"
    build_default_template(fresh)
    committed = ROOT / "workbook_template.xlsx"
    assert committed.exists(), "run `make template` and commit workbook_template.xlsx"
    a, b = zipfile.ZipFile(committed), zipfile.ZipFile(fresh)
    assert sorted(a.namelist()) == sorted(b.namelist())
    for name in a.namelist():
        assert a.read(name) == b.read(name), f"{name} differs: run `make template` and commit the result"


def test_every_table_and_header_of_the_contract(tmp_path):
    p = build_workbook(tmp_path / "t.xlsx", years=(2019, 2020, 2021, 2022, 2023, 2024))
    pkg = Package.open(p)
    for name, t in TABLES.items():
        tp = pkg.table(name)
        assert tp is not None, name
        assert tp.sheet == t.sheet
        expected = [c.name for c in t.columns_for((2019, 2020, 2021, 2022, 2023, 2024))]
        assert tp.columns == expected
    ind = pkg.table("Indikator").columns
    assert ind[ind.index("Target 2019"):ind.index("Target Akhir")] == [f"Target {y}" for y in range(2019, 2025)]
    assert [s.name for s in pkg.sheets] == [s.name for s in SHEETS]
    assert [s.state for s in pkg.sheets if s.name == "_lkjip"] == ["hidden"]


def test_input_white_unlocked_computed_grey_locked(tmp_path):
    p = build_workbook(tmp_path / "t.xlsx", years=(2024,))
    wb = openpyxl.load_workbook(p)
    ws = wb["Kinerja"]
    heads = {c.value: c.column for c in ws[4]}
    inp = ws.cell(5, heads["Realisasi"])
    comp = ws.cell(5, heads["Capaian"])
    assert inp.protection.locked is False
    assert comp.protection.locked is True
    assert inp.fill.fgColor.rgb.endswith("FFFFFF")
    assert comp.fill.fgColor.rgb.endswith("E7E6E6")
    assert comp.number_format == "0.00%"
    assert ws.protection.sheet is False  # protection is an option, not the default
    money = wb["Anggaran"].cell(5, [c.column for c in wb["Anggaran"][4] if c.value == "Pagu"][0])
    assert money.number_format == "#,##0"


def test_validations_and_comments(tmp_path):
    p = build_workbook(tmp_path / "t.xlsx", years=(2024,))
    wb = openpyxl.load_workbook(p)
    ws = wb["Renstra"]
    heads = {c.value: c.coordinate for c in ws[4] if c.value}
    col_pol = heads["Polaritas"][:-1]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert any(dv.formula1 == '"Positif,Negatif,Tepat"' and str(dv.sqref).startswith(f"{col_pol}5") for dv in lists)
    assert ws[heads["Kode Sasaran"]].comment is not None
    ang = wb["Anggaran"]
    whole = {str(dv.sqref): (dv.operator, dv.formula1) for dv in ang.data_validations.dataValidation
             if dv.type == "whole"}
    for money_col in ("G", "H", "I"):  # Pagu Murni, Pagu, Realisasi: whole rupiah >= 0
        assert whole[f"{money_col}5:{money_col}34"] == ("greaterThanOrEqual", "0")


def test_petunjuk_lists_every_column(tmp_path):
    p = build_workbook(tmp_path / "t.xlsx", years=(2024,))
    ws = openpyxl.load_workbook(p)["Petunjuk"]
    text = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    for t in TABLES.values():
        if t.name == "Meta":
            continue
        for c in t.columns:
            assert any(line.strip() == f"{t.name} · {c.name}" for line in text), (t.name, c.name)


def test_profil_rows_and_protection_option(tmp_path):
    p = build_workbook(tmp_path / "t.xlsx", years=(2024,), protect=True)
    wb = openpyxl.load_workbook(p)
    ws = wb["Profil"]
    keys = [ws.cell(r, 1).value for r in range(5, 5 + len(PROFIL_KEYS))]
    assert keys == [k.name for k in PROFIL_KEYS]
    assert ws.protection.sheet is True
    assert wb["Kinerja"].protection.insertRows is False  # allowed (openpyxl: False = not locked)


@pytest.mark.parametrize("years", [(2019, 2020, 2021, 2022, 2023, 2024), (2023, 2024, 2025, 2026)])
def test_reader_finds_plan_years(tmp_path, years):
    from lkjip_xl.reader import read_workbook

    p = build_workbook(tmp_path / "t.xlsx", years=years)
    assert read_workbook(p).years == years


def test_new_from_last_year_carries_over(tmp_path, demo_book):
    from lkjip_xl.api import check, recompute
    from lkjip_xl.carry import new_workbook_data

    prev = recompute(demo_book)
    data = new_workbook_data(instansi="", kabupaten="", provinsi="", tahun=2025, renstra="2023-2026",
                             years=(2023, 2024, 2025, 2026), previous=demo_book)
    p = build_workbook(tmp_path / "2025.xlsx", years=(2023, 2024, 2025, 2026), data=data)
    o = check(p)
    wb = o.workbook
    assert wb.tahun == 2025
    assert wb.prof("Nama Instansi") == "Kecamatan Purwareja Klampok"
    assert [r.get("Nama Desa") for r in wb.rows("Desa")][:2] == ["Purwareja", "Kecitran"]
    riw = {(r.get("Kode Indikator"), r.get("Tahun")): r for r in wb.rows("Riwayat")}
    assert riw[("2.1.1", 2024)].num("Realisasi") == Decimal("86.30")
    assert riw[("1.1.1", 2024)]["Realisasi"].text == "BB (72,10)"
    assert riw[("1.1.1", 2022)].num("Realisasi") == Decimal("60.59")
    ra = {r.get("Tahun"): r for r in wb.rows("RiwayatAnggaran")}
    assert ra[2024]["Pagu"] == prev.computed.pagu
    assert ra[2024]["Realisasi"] == prev.computed.realisasi
    assert ra[2023]["Pagu"] == 2_313_453_250
    assert wb.rows("Kinerja") == []
