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

from . import __version__
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

__all__ = ["build_workbook", "build_default_template", "table_layout", "TableLayout", "FIXED_DATE", "TEMPLATE_YEARS"]

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


def _fmt_for(col: Column) -> dict[str, Any]:
    f: dict[str, Any] = {"border": 1, "border_color": "#BFBFBF", "valign": "top"}
    if col.computed:
        f.update(bg_color=COMPUTED_FILL, locked=True)
    else:
        f.update(bg_color=INPUT_FILL, locked=False)
    if col.type == "code":
        f["num_format"] = "@"
    elif col.type == "money":
        f["num_format"] = "#,##0"
    elif col.type == "percent":
        f["num_format"] = "0.00%"
    elif col.type == "ratio":
        f["num_format"] = "0.00"
    elif col.type in ("year", "int"):
        f["num_format"] = "0"
    elif col.type == "date":
        f["num_format"] = "d mmmm yyyy"
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
    formats: dict[tuple[str, str, tuple[str, ...]], Any] = {}

    def fmt(col: Column) -> Any:
        key = (col.kind, col.type, (col.name,) if col.type == "text" and col.width >= 30 and not col.computed else ())
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
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)  # print each sheet one page wide
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


def _rows_for(t: Table, data: Mapping[str, Rows], years: tuple[int, ...]) -> list[dict[str, Any]]:
    given = data.get(t.name)
    if t.name == "Meta":
        init = {"Versi Template": SCHEMA_VERSION, "Versi lkjip_xl": __version__}
        return [{"isian": k, "nilai": init.get(k)} for k in META_KEYS]
    if given:
        names = {norm(c.name) for c in t.columns_for(years)}
        for row in given:
            unknown = [k for k in row if norm(str(k)) not in names]
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
    ws.set_column(col, col, 60)
    ws.write_string(hr, col, "Petunjuk", wb.add_format({"bold": True, "font_color": "#595959", "valign": "vcenter"}))
    for i, row in enumerate(rows):
        b = bagian_for(row.get("bagian"))
        if b is not None:
            ws.write_string(hr + 1 + i, col, b.hint, hint_f)


def _profil_extras(wb: Any, ws: Any, hr: int, c0: int, rows: list[dict[str, Any]]) -> None:
    """Per-key dropdowns, notes and date formats: each Profil row is its own kind of value."""
    keys = {norm(k.name): k for k in PROFIL_KEYS}
    date_fmt = wb.add_format({**_fmt_for(Column("Nilai", "input", "date")), "align": "left"})
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
                ws.write_blank(r, c0 + 1, None, date_fmt)


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


def _write_petunjuk(ws: Any, wb: Any, years: tuple[int, ...]) -> None:
    bold = wb.add_format({"bold": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    grey = wb.add_format({"bg_color": COMPUTED_FILL, "border": 1})
    white = wb.add_format({"bg_color": INPUT_FILL, "border": 1})
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 110)
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
        ws.write_string(r, 0, a, bold)
        ws.write_string(r, 1, b, f)
        r += 1
    r += 1
    for sheet in SHEETS:
        if sheet.kind in ("info", "meta"):
            continue
        ws.write_string(r, 0, f"Lembar {sheet.name}", bold)
        ws.write_string(r, 1, sheet.hint, wrap)
        r += 1
        for tname in sheet.tables:
            t = TABLES[tname]
            for col in t.columns_for(years):
                kind = "dihitung" if col.computed else "isian"
                text = f"[{kind}] {col.comment}" if col.comment else f"[{kind}]"
                ws.write_string(r, 0, f"  {t.name} · {col.name}", grey if col.computed else white)
                ws.write_string(r, 1, text, wrap)
                r += 1
        r += 1


TEMPLATE_YEARS = tuple(range(2025, 2030))
"""Plan years of the committed blank template (RPJMD 2025–2029); `lkjip new --renstra` sets others."""


def build_default_template(out: str | Path) -> Path:
    """The committed ``workbook_template.xlsx``: blank, plan years 2025–2029."""
    return build_workbook(out, years=TEMPLATE_YEARS)
