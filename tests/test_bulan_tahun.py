"""A month typed in Excel: "Januari 2025" in a General cell is stored by Excel as the day number of 1 January 2025
with a month-and-year format; the month is what was meant, not a made-up first day."""

import datetime as dt

import openpyxl
import pytest

from lkjip_xl.api import check
from lkjip_xl.filldata import build_from_data, example_data, load_data
from lkjip_xl.fmt import tanggal
from lkjip_xl.model import BulanTahun
from lkjip_xl.report import report_context


def _book(tmp_path, number_format):
    doc = load_data(example_data("balapulang-2022"))
    doc["tables"]["Profil"]["Tanggal Laporan"] = dt.date(2023, 1, 1)
    p = tmp_path / "wb.xlsx"
    build_from_data(doc, p)
    wb = openpyxl.load_workbook(p)
    ws = wb["Profil"]
    cell = next(r[1] for r in ws.iter_rows() if r[0].value == "Tanggal Laporan")
    cell.number_format = number_format  # what Excel keeps when staff type "Januari 2025" / "Jan 2025"
    wb.save(p)
    return check(p)


@pytest.mark.parametrize("number_format", ["mmmm yyyy", "[$-421]mmmm yyyy;@", "mmm-yy", "mm/yyyy"])
def test_a_date_shown_as_a_month_is_that_month(tmp_path, number_format):
    o = _book(tmp_path, number_format)
    d = o.workbook.prof("Tanggal Laporan")
    assert d == BulanTahun(2023, 1) and isinstance(d, BulanTahun)
    assert tanggal(d) == "Januari 2023"
    assert report_context(o.workbook, o.computed)["profil"]["tanggal"] == "Januari 2023"
    assert "tanggal-tidak-sah" not in [i.code for i in o.result.issues]


@pytest.mark.parametrize("number_format", ["d mmmm yyyy", "dd/mm/yyyy", "yyyy-mm-dd", "General"])
def test_a_date_shown_with_its_day_keeps_it(tmp_path, number_format):
    o = _book(tmp_path, number_format)
    d = o.workbook.prof("Tanggal Laporan")
    assert d == dt.date(2023, 1, 1) and not isinstance(d, BulanTahun)
    assert tanggal(d) == "1 Januari 2023"


def test_the_empty_template_leaves_the_date_cell_general(tmp_path):
    """A day-month-year format on the empty cell would make Excel store "Januari 2025" as "1 Januari 2025"
    (the month lost); a General cell lets Excel keep it as a month (mmm-yy), which the reader then honours."""
    from lkjip_xl.template import build_default_template

    p = build_default_template(tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(p)["Profil"]
    cell = next(r[1] for r in ws.iter_rows() if r[0].value == "Tanggal Laporan")
    assert cell.value is None
    assert cell.number_format == "General"
    assert cell.protection.locked is False
