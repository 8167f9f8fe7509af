"""What staff really type: a month without its day, and a workbook marked Final before it is."""

import datetime as dt

import pytest
from docx import Document

from lkjip_xl.api import check
from lkjip_xl.filldata import build_from_data, example_data, load_data
from lkjip_xl.model import BulanTahun
from lkjip_xl.report import make_report


def book(tmp_path, **profil):
    doc = load_data(example_data("balapulang-2022"))
    doc["tables"]["Profil"].update(profil)
    p = tmp_path / "wb.xlsx"
    build_from_data(doc, p)
    return p


@pytest.mark.parametrize("typed", ["Januari 2023", "januari 2023", "Jan 2023", "Jan. 2023", "Januari, 2023", "Jan-2023",
                                   "1/2023", "2023-01"])
def test_a_month_without_its_day_is_the_month_meant(typed, tmp_path):
    o = check(book(tmp_path, **{"Tanggal Laporan": typed}))
    assert "tanggal-tidak-sah" not in [i.code for i in o.result.issues]
    assert o.workbook.prof("Tanggal Laporan") == BulanTahun(2023, 1)
    made = make_report(book(tmp_path, **{"Tanggal Laporan": typed}), tmp_path, formats=["docx"])
    text = [p.text for p in Document(str(made["docx"])).paragraphs]
    assert text.count("Balapulang, Januari 2023") == 2  # Kata Pengantar and Bab IV signatures
    assert not any("1 Januari 2023" in t for t in text)


@pytest.mark.parametrize("typed", ["31 Januari 2023", "31/01/2023", "31-01-2023", "31.01.2023", "2023-01-31",
                                   "31-Jan-2023", "31 Jan. 2023", "31 Januari, 2023"])
def test_the_usual_indonesian_full_dates_are_the_day_meant(typed, tmp_path):
    o = check(book(tmp_path, **{"Tanggal Laporan": typed}))
    assert "tanggal-tidak-sah" not in [i.code for i in o.result.issues]
    assert o.workbook.prof("Tanggal Laporan") == dt.date(2023, 1, 31)


def test_a_full_date_still_prints_its_day_and_nonsense_is_refused(tmp_path):
    o = check(book(tmp_path, **{"Tanggal Laporan": dt.date(2023, 1, 31)}))
    assert o.workbook.prof("Tanggal Laporan") == dt.date(2023, 1, 31)
    (tmp_path / "b").mkdir()
    bad = check(book(tmp_path / "b", **{"Tanggal Laporan": "Bulan Januari"}))
    assert "tanggal-tidak-sah" in [i.code for i in bad.result.issues]


def test_final_with_errors_left_is_a_warning_at_status(tmp_path):
    o = check(book(tmp_path, **{"Status Dokumen": "Final"}))
    n = len(o.result.errors)
    assert n > 0
    (w,) = [i for i in o.result.issues if i.code == "final-masih-error"]
    assert (w.severity, w.sheet) == ("warning", "Profil")
    assert w.cell == o.workbook.profil["status dokumen"][1]
    assert f"masih memiliki {n} error" in w.message
    (tmp_path / "d").mkdir()
    draf = check(book(tmp_path / "d", **{"Status Dokumen": "Draf"}))
    assert "final-masih-error" not in [i.code for i in draf.result.issues]
