"""The buttons and the command line give the same figures for a workbook as staff really type it in Excel.

Excel stores ``82,94%`` as 0,8294 with a percent format, a date as a day number with a date format, keeps
``Rp 1.234.567,-`` as text and a formula with its value. The files here are written that way (XlsxWriter, as
Excel saves them); the button press is replayed on a real xlwings Book from the client's payload, with the
percent-formatted cells the add-in sends beside it, and its result is compared cell for cell with
``lkjip recompute``'s file.
"""

import datetime as dt
import shutil
from decimal import Decimal

import pytest
import xlwings as xw

from lkjip_xl import excel
from lkjip_xl.api import check as cli_check
from lkjip_xl.api import recompute as cli_recompute
from lkjip_xl.filldata import EXAMPLES, _profil_rows, build_from_data, example_data, load_data
from lkjip_xl.schema import HEADER_ROW, TABLES, norm, target_year
from lkjip_xl.template import table_layout
from lkjip_xl.xlsx import Package

NOW = dt.datetime(2025, 1, 31, 9, 0)
NUMERIC = ("number", "score")


def _numeric(table, header):
    if table == "Indikator" and target_year(norm(header)) is not None:
        return True
    return any(norm(c.name) == norm(header) and c.type in NUMERIC and not c.computed for c in TABLES[table].columns)


def typed_by_staff(name, out, *, only=None, month=False, fill=None):
    """The example as staff type it in Excel: every number in every numeric input column typed with ``%``,
    the report date typed as a date, two budget amounts as ``Rp …,-`` text, a Realisasi as a formula.

    ``only``: retype just this (table, row index, header) as a percent, nothing else. ``month``: the report date
    typed as "Januari 2025", which Excel keeps as the first of the month shown ``mmmm yyyy``. ``fill``: values
    {(table, row index, header): value} put in the example's rows first (columns no example fills)."""
    doc = load_data(example_data(name))
    y0, y1 = doc["renstra"]
    years = tuple(range(int(y0), int(y1) + 1))
    data = {t: (_profil_rows(rows) if t == "Profil" else list(rows or [])) for t, rows in doc["tables"].items()}
    for (t, i, header), v in (fill or {}).items():
        data[t][i] = {**data[t][i], header: v}
    layout = table_layout(years, data)
    retyped = []

    def decorate(wb, sheets):
        pct = wb.add_format({"num_format": "0.00%", "bg_color": "#FFFFFF", "border": 1})
        date = wb.add_format({"num_format": "mmmm yyyy" if month else "d mmmm yyyy", "bg_color": "#FFFFFF",
                              "border": 1})
        for tname, rows in data.items():
            lay = layout[tname]
            ws = next(sheets[s] for s in sheets if _has(s, tname))
            for i, row in enumerate(rows):
                r = HEADER_ROW + i  # 0-based: the header is at HEADER_ROW - 1
                for j, col in enumerate(lay.columns):
                    v = row.get(col.name)
                    if v is None:
                        v = {norm(k): x for k, x in row.items()}.get(norm(col.name))
                    if only is not None:
                        if (tname, i, col.name) == only:
                            ws.write_number(r, lay.first_col + j, float(Decimal(repr(v)) / 100), pct)
                            retyped.append((tname, i, col.name))
                        continue
                    if isinstance(v, bool) or not isinstance(v, (int, float)) or not _numeric(tname, col.name):
                        continue
                    ws.write_number(r, lay.first_col + j, float(Decimal(repr(v)) / 100), pct)
                    retyped.append((tname, i, col.name))
        if only is not None:
            return
        # the report date typed as a date (Excel stores its day number)
        profil = layout["Profil"]
        k = next(i for i, row in enumerate(data["Profil"]) if row["Isian"] == "Tanggal Laporan")
        ws = next(sheets[s] for s in sheets if _has(s, "Profil"))
        ws.write_datetime(HEADER_ROW + k, profil.first_col + 1, dt.datetime(2025, 1, 1 if month else 31), date)
        # money typed as text, the way it is copied from a DPA
        ang = layout["Anggaran"]
        ws = next(sheets[s] for s in sheets if _has(s, "Anggaran"))
        cols = [c.name for c in ang.columns]
        n = 0
        for i, row in enumerate(data["Anggaran"]):
            pagu = row.get("Pagu")
            if isinstance(pagu, int) and n < 2:
                text = "Rp " + f"{pagu:,}".replace(",", ".") + ",-"
                ws.write_string(HEADER_ROW + i, ang.first_col + cols.index("Pagu"), text)
                n += 1
        # a Realisasi typed as a formula, saved with its value as Excel saves it
        kin = layout["Kinerja"]
        ws = next(sheets[s] for s in sheets if _has(s, "Kinerja"))
        row = data["Kinerja"][1]
        v = row.get("Realisasi")
        if isinstance(v, (int, float)):
            ws.write_formula(HEADER_ROW + 1, kin.first_col + [c.name for c in kin.columns].index("Realisasi"),
                             f"={v}*2/2", None, v)

    build_from_data(doc, out, decorate=decorate)
    return retyped


def _has(sheet, table):
    from lkjip_xl.schema import SHEETS

    return any(s.name == sheet and table in s.tables for s in SHEETS)


def press(src, button="recompute", percent=True):
    payload = excel.payload_from_file(src)
    book = xw.Book(json=payload)
    cells = excel.cell_formats_of(src) if percent else None
    if button == "recompute":
        res = excel.recompute(book, now=NOW, cell_formats=cells)
    else:
        res = excel.check(book, cell_formats=cells)
    return book, payload, res


def all_cells(path):
    pkg = Package.open(path)
    return {(s.name, rc): c.value for s in pkg.sheets for rc, c in pkg.cells(s.name).items()}


def same_as_cli(src, tmp_path):
    cli = tmp_path / "cli.xlsx"
    shutil.copy(src, cli)
    cli_recompute(cli, now=NOW)
    book, payload, res = press(src)
    via = tmp_path / "excel.xlsx"
    excel.apply_actions(src, book.json(), via, payload=payload)
    a, b = all_cells(cli), all_cells(via)
    meta = Package.open(cli).table("Meta")
    (sheet, (r, c)), = [k for k, v in a.items() if k[0] == meta.sheet and v == "Sel Ditandai"]
    assert a[(sheet, (r, c + 1))] == b[(sheet, (r, c + 1))] == (";".join(res.marked) or None)
    return a, b, res


@pytest.mark.parametrize("name", EXAMPLES)
def test_typed_by_staff_gives_the_cli_figures_cell_for_cell(name, tmp_path):
    src = tmp_path / f"{name}.xlsx"
    retyped = typed_by_staff(name, src)
    columns = {(t, c) for t, _, c in retyped}
    assert {("Kinerja", "Target PK"), ("Kinerja", "Realisasi"), ("Indikator", "Target Akhir")} <= columns
    assert len(retyped) > 10
    a, b, _ = same_as_cli(src, tmp_path)
    diff = {k: (a.get(k), b.get(k)) for k in set(a) | set(b) if a.get(k) != b.get(k)}
    assert diff == {}


@pytest.mark.parametrize("name", EXAMPLES)
def test_typed_by_staff_reads_as_the_plain_example(name, tmp_path):
    """Typing with % changes nothing: the computed figures are the example's own."""
    typed = tmp_path / "typed.xlsx"
    typed_by_staff(name, typed)
    plain = tmp_path / "plain.xlsx"
    build_from_data(load_data(example_data(name)), plain)
    t, p = cli_check(typed).computed, cli_check(plain).computed
    assert t.overall == p.overall and t.overall is not None
    assert [(i.code, i.capaian.value) for i in t.indicators] == [(i.code, i.capaian.value) for i in p.indicators]


EVERY_COLUMN = {("Desa", 0, "Nilai IDM"): 0.7512, ("Indikator", 0, "Bobot"): 40,
                ("Kinerja", 0, "Realisasi TW I"): 20.5, ("Kinerja", 0, "Realisasi TW III"): 61.25}
"""Values for the numeric input columns no example fills."""


def test_a_workbook_with_every_typed_form_gives_the_cli_figures(tmp_path):
    """The examples, and one more workbook filling what none of them fills, retype every numeric input column of
    the schema with %; the one more gives the command line's figures cell for cell as well."""
    retyped = set()
    for name in EXAMPLES:
        retyped |= {(t, c) for t, _, c in typed_by_staff(name, tmp_path / f"{name}.xlsx")}
    src = tmp_path / "semua.xlsx"
    retyped |= {(t, c) for t, _, c in typed_by_staff("bantarbolang-2023", src, fill=EVERY_COLUMN)}
    numeric = {(t.name, c.name) for t in TABLES.values() for c in t.columns
               if c.type in NUMERIC and not c.computed and t.name != "Profil"}
    assert {(t, c) for t, _, c in EVERY_COLUMN} <= numeric
    assert numeric - retyped == set()
    assert any(t == "Indikator" and target_year(norm(c)) is not None for t, c in retyped)  # Target <tahun>
    a, b, _ = same_as_cli(src, tmp_path)
    assert {k: (a.get(k), b.get(k)) for k in set(a) | set(b) if a.get(k) != b.get(k)} == {}


def test_a_report_date_typed_as_a_month_is_the_month_on_both_paths(tmp_path):
    """"Januari 2025" typed in Excel is kept as 1 January shown ``mmmm yyyy``: the clients list such cells
    (``[bulan]``), so the button reads the month the command line reads, and signs "Januari 2025"."""
    from lkjip_xl.api import evaluate
    from lkjip_xl.excel.source import BookSource
    from lkjip_xl.model import BulanTahun
    from lkjip_xl.reader import read_workbook

    src = tmp_path / "bulan.xlsx"
    typed_by_staff("balapulang-2022", src, month=True)
    formats = excel.cell_formats_of(src)
    assert "[bulan]Profil!" in formats
    def month_of(wb):
        v = wb.prof("Tanggal Laporan")
        return (v.year, v.month) if isinstance(v, BulanTahun) else v

    assert month_of(read_workbook(src)) == (2025, 1)
    book = xw.Book(json=excel.payload_from_file(src))
    assert month_of(evaluate(BookSource(book, cell_formats=formats)).workbook) == (2025, 1)
    # an add-in older than the month list sends the percent cells only: the date is the day Excel holds
    older = formats.split("[bulan]")[0]
    assert month_of(evaluate(BookSource(book, cell_formats=older)).workbook) == dt.date(2025, 1, 1)
    a, b, _ = same_as_cli(src, tmp_path)
    assert {k: (a.get(k), b.get(k)) for k in set(a) | set(b) if a.get(k) != b.get(k)} == {}


def _kinerja_capaian(path):
    pkg = Package.open(path)
    g = cli_check(path).workbook.geoms["Kinerja"]
    rows = pkg.rows(g.sheet)
    return rows[g.first_row][g.columns["capaian"]].value


def test_bantarbolang_realisasi_typed_with_percent_is_101_15_on_both_paths(tmp_path):
    src = tmp_path / "b.xlsx"
    retyped = typed_by_staff("bantarbolang-2023", src, only=("Kinerja", 0, "Realisasi"))
    assert retyped == [("Kinerja", 0, "Realisasi")]
    assert excel.cell_formats_of(src) == "Kinerja!D5"
    cli = tmp_path / "cli.xlsx"
    cli_recompute(src, cli, now=NOW)
    assert round(_kinerja_capaian(cli), 6) == 1.011463  # 82,94 / 82 = 101,15%
    book, payload, res = press(src)
    via = tmp_path / "excel.xlsx"
    excel.apply_actions(src, book.json(), via, payload=payload)
    assert _kinerja_capaian(via) == _kinerja_capaian(cli)
    # without the client's formats the press cannot know: 0,8294 / 82 is what an older add-in computed
    book2, payload2, _ = press(src, percent=False)
    via2 = tmp_path / "excel-old.xlsx"
    excel.apply_actions(src, book2.json(), via2, payload=payload2)
    assert round(_kinerja_capaian(via2), 4) == 0.0101


def test_meta_reads_back_the_same_after_excel_stores_it(tmp_path):
    """Every text the button writes goes with Excel's text mark, so a time stamp or a version stays text."""
    src = tmp_path / "p.xlsx"
    build_from_data(load_data(example_data("purwareja-klampok-2024")), src)
    book, payload, _ = press(src)
    texts = [v for a in book.json()["actions"] if a["func"] == "setValues"
             for row in a["values"] for v in row if isinstance(v, str) and v]
    assert texts and all(v.startswith("'") for v in texts)
    stamps = [v for v in texts if v.startswith("'2025-01-31 09:00")]
    assert stamps == ["'2025-01-31 09:00:00"]
    # a second press on what Excel stored changes nothing: the stamp and the fingerprints read back as written
    once = tmp_path / "once.xlsx"
    excel.apply_actions(src, book.json(), once, payload=payload)
    book2, payload2, _ = press(once)
    twice = tmp_path / "twice.xlsx"
    excel.apply_actions(once, book2.json(), twice, payload=payload2)
    assert all_cells(twice) == all_cells(once)


def test_a_time_stamp_excel_turned_into_a_date_reads_back_as_written(tmp_path):
    """A workbook pressed by an older version: Excel stored its plain-text time stamp as a date."""
    from lkjip_xl.reader import read_workbook
    from lkjip_xl.xlsx import CellWrite

    src = tmp_path / "p.xlsx"
    # Bantarbolang states a full report date, so its workbook carries a date style to borrow
    build_from_data(load_data(example_data("bantarbolang-2023")), src)
    done = tmp_path / "done.xlsx"
    cli_recompute(src, done, now=NOW)
    pkg = Package.open(done)
    meta = pkg.table("Meta")
    rows = pkg.rows(meta.sheet)
    (r, c), = [(r, c) for r, row in rows.items() for c, cell in row.items() if cell.value == "Terakhir Dihitung"]
    serial = (NOW - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    pkg.write_cells(meta.sheet, {(r, c + 1): CellWrite(serial, style=min(pkg.date_styles))})
    dated = tmp_path / "dated.xlsx"
    pkg.save(dated)
    assert read_workbook(dated).meta["terakhir dihitung"] == "2025-01-31 09:00:00"
    payload = excel.payload_from_file(dated)
    assert "2025-01-31T09:00:00.000Z" in [v for s in payload["sheets"] for row in s["values"] for v in row]
    book = xw.Book(json=payload)
    from lkjip_xl.api import evaluate
    from lkjip_xl.excel.source import BookSource

    assert evaluate(BookSource(book)).workbook.meta["terakhir dihitung"] == "2025-01-31 09:00:00"
    # nothing changed since: a recompute keeps the stamp, as text now
    again = tmp_path / "again.xlsx"
    cli_recompute(dated, again, now=dt.datetime(2026, 1, 1))
    assert read_workbook(again).meta["terakhir dihitung"] == "2025-01-31 09:00:00"
    assert all_cells(again)[(meta.sheet, (r, c + 1))] == "2025-01-31 09:00:00"
