"""`lkjip new`: the standard workbook, generated from the schema.

The same generator writes a blank template, a workbook carried over from last year (``--dari``) and the
filled examples: a filled workbook is a blank one with rows already in its tables. Output is deterministic
(fixed document dates) so the committed ``workbook_template.xlsx`` can be compared with a fresh build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ._version import __version__
from .schema import (
    HEADER_ROW,
    META_KEYS,
    PROFIL_KEYS,
    SCHEMA_VERSION,
    SHEETS,
    TABLES,
    Column,
    Table,
    norm,
)

__all__ = ["build_workbook", "build_default_template", "table_layout", "TableLayout", "FIXED_DATE", "TEMPLATE_YEARS",
           "number_format", "NUMERIC_TYPES", "print_plan", "MIN_PRINT_SCALE"]

FIXED_DATE = dt.datetime(2020, 1, 1)

HEADER_FILL = "#1F4E78"
COMPUTED_FILL = "#E7E6E6"
INPUT_FILL = "#FFFFFF"
CAPTION_COLOR = "#1F4E78"

Rows = Sequence[Mapping[str, Any]]


class TableLayout:
    """Where a table sits in a freshly generated workbook."""

    def __init__(self, table: Table, first_col: int, columns: tuple[Column, ...], n_rows: int) -> None:
        self.table = table
        self.first_col = first_col  # 0-based, XlsxWriter convention
        self.columns = columns
        self.n_rows = n_rows

    @property
    def last_col(self) -> int:
        return self.first_col + len(self.columns) - 1


def table_layout(
    years: tuple[int, ...], data: Mapping[str, Rows] | None = None
) -> dict[str, TableLayout]:
    """Tables sit side by side, one blank column apart, so each can grow downwards in Excel."""
    data = data or {}
    out: dict[str, TableLayout] = {}
    for sheet in SHEETS:
        col = 0
        for tname in sheet.tables:
            t = TABLES[tname]
            cols = t.columns_for(years)
            given = len(data.get(tname, ())) or len(t.default_rows)
            if tname == "Meta":
                given = len(META_KEYS)
            n = max(1, given + t.spare_rows)
            out[tname] = TableLayout(t, col, cols, n)
            col += len(cols) + 1
    return out


NUMERIC_TYPES = frozenset({"number", "score", "money", "int", "year", "percent", "ratio"})
"""Column types holding numbers: right-aligned, so a value typed as text ("B (71,20)", "85,5%") lines up too."""


def number_format(col: Column) -> str:
    """The Excel number format of a column's cells in a new workbook ("General" = none).

    Computed numbers get a fixed number of decimals (a realisasi worked out from Pembilang/Penyebut would show
    ``83,34722222``); typed numbers whose unit varies from row to row (targets, realisasi) stay General so
    nothing typed is hidden. Text stays General: a computed text column may also receive a date or number.
    """
    if col.num_format:
        return col.num_format
    if col.type == "code":
        return "@"
    if col.type == "money":
        return "#,##0"
    if col.type == "percent":
        return "0.00%"
    if col.type == "ratio":
        return "#,##0.00"
    if col.type in ("year", "int"):
        return "0"
    if col.type == "date":
        return "d mmmm yyyy"
    if col.type in ("number", "score") and col.computed:
        return "#,##0.00"
    return "General"


def _fmt_for(col: Column) -> dict[str, Any]:
    f: dict[str, Any] = {"border": 1, "border_color": "#BFBFBF", "valign": "top"}
    if col.computed:
        f.update(bg_color=COMPUTED_FILL, locked=True)
    else:
        f.update(bg_color=INPUT_FILL, locked=False)
    if (nf := number_format(col)) != "General":
        f["num_format"] = nf
    if col.type in NUMERIC_TYPES:
        f["align"] = "right"
    if col.type == "text" and col.width >= 30 and not col.computed:
        f["text_wrap"] = True
    return f


def _validation(col: Column) -> dict[str, Any] | None:
    msg = {"error_title": "Isian tidak sesuai", "error_type": "stop"}
    if col.type == "choice" and col.choices:
        return {"validate": "list", "source": list(col.choices),
                "error_message": "Pilih salah satu: " + ", ".join(col.choices), **msg}
    if col.type == "money":
        return {"validate": "integer", "criteria": ">=", "value": 0,
                "error_message": "Isi rupiah bulat tanpa desimal, tidak negatif.", **msg}
    if col.type == "int":
        return {"validate": "integer", "criteria": ">=", "value": 0,
                "error_message": "Isi bilangan bulat tidak negatif.", **msg}
    if col.type == "year":
        return {"validate": "integer", "criteria": "between", "minimum": 1990, "maximum": 2100,
                "error_message": "Isi tahun empat angka, mis. 2024.", **msg}
    if col.type == "number":
        return {"validate": "decimal", "criteria": "between", "minimum": -1e15, "maximum": 1e15,
                "error_message": "Isi angka (desimal memakai koma sesuai pengaturan Excel).", "error_type": "warning",
                "error_title": "Bukan angka"}
    if col.type == "date":
        return {"validate": "date", "criteria": ">", "value": dt.date(1990, 1, 1),
                "error_message": "Isi tanggal, mis. 15/01/2025.", **msg}
    return None


def _cell_value(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and abs(v) < 10**15 else float(v)
    return v


def build_workbook(
    out: str | Path,
    *,
    years: tuple[int, ...],
    data: Mapping[str, Rows] | None = None,
    protect: bool = False,
    decorate: Callable[[Any, dict[str, Any]], None] | None = None,
) -> Path:
    """Write a standard workbook to ``out``.

    Args:
        years: the plan years; one ``Target <tahun>`` column each in the Indikator table.
        data: rows per table name, each a mapping header → value (Profil rows as ``Isian``/``Nilai``).
        protect: lock computed cells behind sheet protection (Excel then cannot grow tables).
        decorate: called with the XlsxWriter workbook and its worksheets by name before closing, to add what
            a user would (images, shapes, charts): the lossless-recompute tests build their fixtures with it.
    """
    import xlsxwriter  # only `lkjip new` needs it

    out = Path(out)
    data = dict(data or {})
    layout = table_layout(years, data)
    wb = xlsxwriter.Workbook(str(out), {"strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": "Workbook LKjIP", "author": "lkjip_xl", "created": FIXED_DATE,
                       "comments": f"lkjip_xl {__version__}, template {SCHEMA_VERSION}"})
    wb.set_custom_property("lkjip_template_version", SCHEMA_VERSION)
    title_f = wb.add_format({"bold": True, "font_size": 14, "font_color": CAPTION_COLOR})
    hint_f = wb.add_format({"italic": True, "font_color": "#595959"})
    caption_f = wb.add_format({"bold": True, "font_color": CAPTION_COLOR})
    header_f = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "text_wrap": True,
                              "valign": "vcenter", "border": 1, "border_color": "#BFBFBF", "locked": True})
    header_c = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#595959", "text_wrap": True,
                              "valign": "vcenter", "border": 1, "border_color": "#BFBFBF", "locked": True})
    formats: dict[tuple[str, str, str, tuple[str, ...]], Any] = {}

    def fmt(col: Column) -> Any:
        key = (col.kind, col.type, col.num_format,
               (col.name,) if col.type == "text" and col.width >= 30 and not col.computed else ())
        if key not in formats:
            formats[key] = wb.add_format(_fmt_for(col))
        return formats[key]

    hr = HEADER_ROW - 1  # 0-based
    sheets: dict[str, Any] = {}
    for sheet in SHEETS:
        ws = wb.add_worksheet(sheet.name)
        sheets[sheet.name] = ws
        if sheet.hidden:
            ws.hide()
        if sheet.kind == "computed":
            ws.set_tab_color("#A6A6A6")
        ws.write_string(0, 0, sheet.title, title_f)
        ws.write_string(1, 0, sheet.hint, hint_f)
        if sheet.name == "Petunjuk":
            _write_petunjuk(ws, wb, years)
            continue
        for tname in sheet.tables:
            lay = layout[tname]
            t = lay.table
            c0 = lay.first_col
            ws.write_string(hr - 1, c0, t.caption, caption_f)
            rows = _rows_for(t, data, years)
            last_row = hr + lay.n_rows
            columns = []
            for j, col in enumerate(lay.columns):
                columns.append({"header": col.name, "header_format": header_c if col.computed else header_f})
                ws.set_column(c0 + j, c0 + j, col.width, None)
            ws.add_table(hr, c0, last_row, lay.last_col, {
                "name": t.name, "columns": columns, "style": "Table Style Light 1", "autofilter": False,
            })
            for j, col in enumerate(lay.columns):
                f = fmt(col)
                for i in range(lay.n_rows):
                    r = hr + 1 + i
                    v = rows[i].get(norm(col.name)) if i < len(rows) else None
                    _write(ws, r, c0 + j, _cell_value(v), f, col)
                if col.comment:
                    ws.write_comment(hr, c0 + j, col.comment, {"author": "lkjip", "x_scale": 2, "y_scale": 1.2})
                if not col.computed and (dv := _validation(col)):
                    ws.data_validation(hr + 1, c0 + j, last_row, c0 + j, dv)
            if tname == "Profil":
                _profil_extras(wb, ws, hr, c0, rows)
            if t.row_height:  # Gambar: rows tall enough for the picture placed over each
                for i in range(lay.n_rows):
                    ws.set_row(hr + 1 + i, t.row_height)
            if tname == "Narasi":
                _narasi_hints(wb, ws, hr, lay.last_col + 2, rows)
        ws.set_row(hr, 32)
        ws.freeze_panes(hr + 1, 0)
        first = layout[sheet.tables[0]].columns
        _print_setup(ws, _sheet_widths(sheet.tables, layout), repeat_rows=(hr - 1, hr),
                     min_px=_CHART_PX if sheet.name == "Ringkasan" else 0,
                     repeat_key=all(len(layout[t].columns) <= len(first) for t in sheet.tables))
        if sheet.name == "Ringkasan":
            _ringkasan_chart(wb, ws, layout)
        if protect and sheet.kind in ("input", "computed"):
            ws.protect("", {"format_cells": True, "format_columns": True, "format_rows": True,
                            "insert_rows": True, "delete_rows": True, "sort": True, "autofilter": True,
                            "insert_hyperlinks": True})
    if decorate is not None:
        decorate(wb, sheets)
    wb.close()
    return out


PAPER_A4 = 9
_PAGE_WIDTH_PT = {"portrait": 595.3, "landscape": 841.9}  # A4
_MARGIN_IN = 0.4  # left and right
MIN_PRINT_SCALE = 0.6
"""A sheet too wide to print one page wide at this scale (11 pt text → 6.6 pt) prints several pages wide
instead, its key column repeated on each."""
_CHART_PX = int(480 * 1.6)  # the Ringkasan chart (XlsxWriter's default 480 px, x_scale 1.6)
_NARASI_HINT_WIDTH = 60
_DEFAULT_WIDTH = 8.43


def _px(width: float) -> int:
    """Excel column width (characters of '0', Calibri 11) in pixels, as XlsxWriter converts it."""
    return int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)


def _sheet_widths(tables: Sequence[str], layout: Mapping[str, TableLayout]) -> list[float]:
    """Widths of the columns a table sheet prints: its tables one blank column apart (Narasi: its hints too)."""
    widths: list[float] = []
    for tname in tables:
        if widths:
            widths.append(_DEFAULT_WIDTH)
        widths += [c.width for c in layout[tname].columns]
        if tname == "Narasi":
            widths += [_DEFAULT_WIDTH, _NARASI_HINT_WIDTH]
    return widths


def print_plan(widths: Sequence[float], *, min_px: int = 0) -> tuple[str, int]:
    """Orientation and number of pages wide for a sheet whose printed columns have these widths.

    Portrait when the sheet fits nearly unscaled, else landscape; one page wide unless that would shrink the
    text below :data:`MIN_PRINT_SCALE`, then as few pages wide as keep it readable (the first column, the
    table's key, repeats on each).
    """
    total = max(sum(_px(w) for w in widths), min_px) * 0.75  # points
    usable = {o: w - 2 * 72 * _MARGIN_IN for o, w in _PAGE_WIDTH_PT.items()}
    if total * 0.9 <= usable["portrait"]:
        return "portrait", 1
    key = _px(widths[0]) * 0.75 if widths else 0.0
    n = 1
    # pages break between columns, so a page is rarely full: count on 90 % of it
    while n < 10 and (n * usable["landscape"] - (n - 1) * key) * 0.9 < total * MIN_PRINT_SCALE:
        n += 1
    return "landscape", n


def _print_setup(ws: Any, widths: Sequence[float], *, repeat_rows: tuple[int, int] | None = None,
                 min_px: int = 0, repeat_key: bool = True, portrait: bool = False) -> None:
    """A4, fit to the page width only (as many pages long as the rows need), header rows on every page.

    ``repeat_key``: when the sheet prints several pages wide, repeat its first column (the first table's key)
    on each. ``portrait``: always portrait, one page wide (Petunjuk: running text).
    """
    orientation, pages_wide = ("portrait", 1) if portrait else print_plan(widths, min_px=min_px)
    if orientation == "landscape":
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(PAPER_A4)
    ws.set_margins(left=_MARGIN_IN, right=_MARGIN_IN, top=0.6, bottom=0.6)
    ws.fit_to_pages(pages_wide, 0)
    if repeat_rows is not None:
        ws.repeat_rows(*repeat_rows)
    if pages_wide > 1 and repeat_key:
        ws.repeat_columns(0)
    ws.set_footer("&L&A&RHalaman &P dari &N")


def _rows_for(t: Table, data: Mapping[str, Rows], years: tuple[int, ...]) -> list[dict[str, Any]]:
    given = data.get(t.name)
    if t.name == "Meta":
        init = {"Versi Template": SCHEMA_VERSION, "Versi lkjip_xl": __version__}
        return [{"isian": k, "nilai": init.get(k)} for k in META_KEYS]
    if given:
        known = {norm(c.name) for c in t.columns_for(years)}
        for row in given:
            unknown = [k for k in row if norm(str(k)) not in known]
            if unknown:
                # a typo in a data file must fail, not silently leave a column empty
                raise ValueError(f"Tabel {t.name}: kolom tidak dikenal {unknown!r}")
        return [{norm(str(k)): v for k, v in row.items()} for row in given]
    names = [norm(c.name) for c in t.columns_for(years)]
    return [dict(zip(names, r)) for r in t.default_rows]


def _write(ws: Any, r: int, c: int, v: Any, f: Any, col: Column) -> None:
    if v is None or v == "":
        ws.write_blank(r, c, None, f)
    elif isinstance(v, str):
        ws.write_string(r, c, v, f)  # never a formula: '=…' typed by staff stays text
    elif isinstance(v, bool):
        ws.write_boolean(r, c, v, f)
    elif isinstance(v, (dt.date, dt.datetime)):
        ws.write_datetime(r, c, v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day), f)
    else:
        ws.write_number(r, c, v, f)


def _narasi_hints(wb: Any, ws: Any, hr: int, col: int, rows: list[dict[str, Any]]) -> None:
    """Beside each standard Bagian, where the report puts it and what to write (outside the table: a hint,
    not data)."""
    from .narasi import bagian_for

    hint_f = wb.add_format({"italic": True, "font_color": "#595959", "valign": "top", "text_wrap": True})
    ws.set_column(col, col, _NARASI_HINT_WIDTH)
    ws.write_string(hr, col, "Petunjuk", wb.add_format({"bold": True, "font_color": "#595959", "valign": "vcenter"}))
    for i, row in enumerate(rows):
        b = bagian_for(row.get("bagian"))
        if b is not None:
            ws.write_string(hr + 1 + i, col, b.hint, hint_f)


def _profil_extras(wb: Any, ws: Any, hr: int, c0: int, rows: list[dict[str, Any]]) -> None:
    """Per-key dropdowns, notes and date formats: each Profil row is its own kind of value."""
    keys = {norm(k.name): k for k in PROFIL_KEYS}
    date_fmt = wb.add_format({**_fmt_for(Column("Nilai", "input", "date")), "align": "left"})
    # an empty date cell stays General: Excel then keeps "Januari 2025" as a month (format mmm-yy), where a
    # day-month-year format would turn it into "1 Januari 2025"
    blank_date_fmt = wb.add_format({**_fmt_for(Column("Nilai", "input", "text")), "align": "left"})
    for i, row in enumerate(rows):
        k = keys.get(norm(row.get("isian")))
        if k is None:
            continue
        r = hr + 1 + i
        note = k.comment or ""
        if k.required:
            note = (note + " " if note else "") + "(wajib diisi)"
        if note:
            ws.write_comment(r, c0, note, {"author": "lkjip", "x_scale": 2})
        col = Column(k.name, type=k.type, choices=k.choices)
        if dv := _validation(col):
            ws.data_validation(r, c0 + 1, r, c0 + 1, dv)
        if k.type == "date":  # shown as "31 Januari 2025", not as the serial 45688
            v = row.get("nilai")
            if isinstance(v, (dt.date, dt.datetime)):
                ws.write_datetime(r, c0 + 1, v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day),
                                  date_fmt)
            elif v is None or v == "":
                ws.write_blank(r, c0 + 1, None, blank_date_fmt)


def _ringkasan_chart(wb: Any, ws: Any, layout: Mapping[str, TableLayout]) -> None:
    lay = layout["RingkasanSasaran"]
    hr = HEADER_ROW - 1
    first, last = hr + 1, hr + lay.n_rows
    cat_col = lay.first_col  # Kode Sasaran: short labels
    val_col = lay.first_col + 3
    chart = wb.add_chart({"type": "bar"})
    chart.add_series({
        "name": "Capaian",
        "categories": ["Ringkasan", first, cat_col, last, cat_col],
        "values": ["Ringkasan", first, val_col, last, val_col],
        "data_labels": {"value": True, "num_format": "0.00%"},
        "fill": {"color": HEADER_FILL},
    })
    chart.set_title({"name": "Capaian kinerja per sasaran"})
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_format": "0%", "min": 0})
    ws.insert_chart(hr + 12, lay.first_col, chart, {"x_scale": 1.6, "y_scale": 1.1})


_PETUNJUK_WIDTHS = (30, 90)


def _text_lines(text: str, width: float, *, bold: bool = False) -> int:
    """Lines a wrapped cell of this width (characters of '0') needs: Calibri's letters average narrower than
    '0', bold ones a little wider; counted generously so a printed line never runs into the next."""
    per_line = max(1, int(width * (1.05 if bold else 1.15)))
    lines = 0
    for par in text.split("\n"):
        words, n, cur = par.split(" "), 1, 0
        for w in words:
            need = len(w) if cur == 0 else cur + 1 + len(w)
            if need > per_line and cur:
                n, cur = n + 1, len(w)
            else:
                cur = need
        lines += n
    return lines


def _write_petunjuk(ws: Any, wb: Any, years: tuple[int, ...]) -> None:
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    grey = wb.add_format({"bg_color": COMPUTED_FILL, "border": 1, "text_wrap": True, "valign": "top"})
    white = wb.add_format({"bg_color": INPUT_FILL, "border": 1, "text_wrap": True, "valign": "top"})
    wa, wb_ = _PETUNJUK_WIDTHS
    ws.set_column(0, 0, wa)
    ws.set_column(1, 1, wb_)

    def put(r: int, a: str, fa: Any, b: str, fb: Any) -> None:
        ws.write_string(r, 0, a, fa)
        ws.write_string(r, 1, b, fb)
        lines = max(_text_lines(a, wa, bold=fa is bold), _text_lines(b, wb_))
        ws.set_row(r, 15 * lines + 1)  # explicit: a reader (LibreOffice, printing) need not fit rows itself

    lines: list[tuple[str, str, Any]] = [
        ("Tentang", "Workbook ini adalah satu-satunya sumber data Laporan Kinerja (LKjIP). Isi sel putih; sel abu-abu "
         "dihitung oleh lkjip (tombol Hitung Ulang di Excel atau perintah 'lkjip recompute').", wrap),
        ("Sel putih", "Isian staf.", white),
        ("Sel abu-abu", "Dihitung oleh lkjip. Jangan diketik: ketikan akan dilaporkan dan ditimpa saat hitung ulang.",
         grey),
        ("Menambah baris", "Ketik tepat di bawah baris terakhir tabel: tabel Excel akan melebar sendiri. "
         "Baris kosong diabaikan. Kolom boleh dipindah; jangan mengganti nama judul kolom.", wrap),
        ("Angka", "Boleh diketik seperti 85,5 atau 85,5% atau 1.234.567 atau Rp 1.234.567,-. Persen: 85% dan 85 "
         "(tanpa format persen) sama-sama berarti 85 persen.", wrap),
        ("Pemeriksaan", "Tombol Periksa (atau 'lkjip check') menulis daftar masalah ke lembar Validasi, lengkap "
         "dengan alamat sel.", wrap),
        ("Laporan", "Tombol Buat Laporan (atau 'lkjip report') menulis laporan Word, HTML dan PDF.", wrap),
    ]
    r = 3
    for a, b, f in lines:
        put(r, a, bold, b, f)
        r += 1
    r += 1
    for sheet in SHEETS:
        if sheet.kind in ("info", "meta"):
            continue
        put(r, f"Lembar {sheet.name}", bold, sheet.hint, wrap)
        r += 1
        for tname in sheet.tables:
            t = TABLES[tname]
            for col in t.columns_for(years):
                kind = "dihitung" if col.computed else "isian"
                text = f"[{kind}] {col.comment}" if col.comment else f"[{kind}]"
                put(r, f"  {t.name} · {col.name}", grey if col.computed else white, text, wrap)
                r += 1
        r += 1
    _print_setup(ws, _PETUNJUK_WIDTHS, portrait=True)


TEMPLATE_YEARS = tuple(range(2025, 2030))
"""Plan years of the committed blank template (RPJMD 2025–2029); `lkjip new --renstra` sets others."""


def build_default_template(out: str | Path) -> Path:
    """The committed ``workbook_template.xlsx``: blank, plan years 2025–2029."""
    return build_workbook(out, years=TEMPLATE_YEARS)
