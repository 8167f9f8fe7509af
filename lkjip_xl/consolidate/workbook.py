"""The roll-up workbook: one row per kecamatan, long tables, the Masalah sheet, ranking and charts.

Everything a kecamatan typed is written as text, never as a formula: a village named ``=HYPERLINK(...)`` in one
workbook cannot run in the kabupaten's roll-up. Written atomically (temporary file, then rename).

XlsxWriter makes the workbook: formats, tables, charts, the summary sheets. The long tables (every indicator and
budget line of every kecamatan, a hundred thousand cells for a large kabupaten) are only declared through it;
their rows are serialised here straight into the sheet, as inline strings and numbers in the column's format:
XlsxWriter's cell-by-cell writing would be a large part of a whole consolidation's time.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from ..xlsx import atomic_write, col_letter
from . import Rekap
from .extract import Kecamatan
from .identity import shown

__all__ = ["write_rekap", "KECAMATAN_COLUMNS"]

KECAMATAN_COLUMNS = (
    "Peringkat", "Kecamatan", "Kabupaten/Kota", "Tahun", "Capaian", "Predikat", "Indikator PK",
    "Indikator Tercapai", "Pagu", "Realisasi", "Serapan", "Efisiensi (poin)", "Kesimpulan Efisiensi", "IKM",
    "Error", "Peringatan", "Usang", "Versi Template", "Status Dokumen", "Capaian per Sasaran", "Berkas",
)


def _pct(v: Decimal | None) -> float | None:
    return None if v is None else float(v) / 100


def _num(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


class _LongSpec(NamedTuple):
    headers: tuple[str, ...]
    kinds: tuple[str, ...]
    widths: tuple[float, ...]
    rows: Callable[[Kecamatan], list[list[Any]]]
    """A kecamatan's rows of the table."""


LONG: dict[str, _LongSpec] = {
    "Sasaran": _LongSpec(
        ("Kecamatan", "Kode Sasaran", "Sasaran", "Jumlah Indikator", "Capaian", "Predikat"),
        ("text", "text", "text", "int", "pct", "text"), (26, 10, 60, 10, 10, 14),
        lambda k: [[k.kecamatan, s["kode"], s["uraian"], s["n_indikator"], _pct(s["capaian"]), s["predikat"]]
                   for s in k.sasaran]),
    "Indikator": _LongSpec(
        ("Kecamatan", "Kode Indikator", "Kode Sasaran", "Indikator", "Satuan", "Target", "Realisasi", "Capaian",
         "Predikat", "IKU"),
        ("text", "text", "text", "text", "text", "num", "num", "pct", "text", "text"),
        (26, 10, 10, 50, 10, 10, 10, 10, 14, 6),
        lambda k: [[k.kecamatan, i["kode"], i["sasaran"], i["indikator"], i["satuan"], _num(i["target"]),
                    _num(i["realisasi"]), _pct(i["capaian"]), i["predikat"], "Ya" if i["iku"] else "Tidak"]
                   for i in k.indikator]),
    # programs and kegiatan, the level a kabupaten compares; every sub kegiatan is in the Parquet/DuckDB export
    "Anggaran": _LongSpec(
        ("Kecamatan", "Kode", "Kode Induk", "Level", "Uraian", "Pagu", "Realisasi", "Serapan"),
        ("text", "text", "text", "text", "text", "money", "money", "pct"), (26, 12, 10, 12, 60, 16, 16, 10),
        lambda k: [[k.kecamatan, a["kode"], a["induk"], a["level"], a["uraian"], a["pagu"], a["realisasi"],
                    _pct(a["serapan"])] for a in k.anggaran if a["level"] != "Sub Kegiatan"]),
}
"""The long tables, one sheet each, in sheet order: every row of every kecamatan."""


def write_rekap(rekap: Rekap, out: str | Path) -> Path:
    import xlsxwriter
    from xlsxwriter.utility import xl_range

    out = Path(out)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"strings_to_formulas": False, "strings_to_numbers": False,
                                   "strings_to_urls": False, "in_memory": True})
    wb.set_properties({"title": f"Rekap LKjIP Kecamatan {rekap.tahun or ''}".strip(), "author": "lkjip_xl",
                       "created": dt.datetime(2020, 1, 1)})
    f = {
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "pct": wb.add_format({"num_format": "0.00%"}),
        "money": wb.add_format({"num_format": "#,##0"}),
        "num": wb.add_format({"num_format": "0.00"}),
        "header": wb.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
    }
    ranked = rekap.ranked
    long_tables: dict[int, _Long] = {}
    """Sheet index → the long table on it, serialised after XlsxWriter has closed."""

    def table(ws: Any, name: str, headers: Sequence[str], rows: list[list[Any]], kinds: Sequence[str],
              widths: Sequence[float], first_row: int = 2, long: bool = False, printed: int | None = None) -> None:
        """``printed``: how many of the columns the printed page holds (all by default)."""
        _print_setup(ws, first_row)
        if printed:  # rows given: openpyxl and others do not take a print area of whole columns
            ws.print_area(0, 0, first_row + max(1, len(rows)), printed - 1)
        for j, w in enumerate(widths):
            # the number format belongs to the column: cells are then written without per-cell dispatch
            ws.set_column(j, j, w, f.get(kinds[j]))  # pct, money and num have a format; text and int do not
        text_cols = [j for j, k in enumerate(kinds) if k == "text"]
        for row in rows:
            for j in text_cols:  # text from a kecamatan: always a string, never a formula
                v = row[j]
                if v is not None and not isinstance(v, str):
                    row[j] = str(v)
        last = first_row + max(1, len(rows))
        if long:
            # declared over its first row only (XlsxWriter checks a table's range cell by cell), stretched after
            real = xl_range(first_row, 0, last, len(headers) - 1)
            last = first_row + 1
            long_tables[wb.worksheets().index(ws)] = _Long(name, first_row + 2, rows,
                                                           xl_range(first_row, 0, last, len(headers) - 1), real)
        else:
            for i, row in enumerate(rows):
                ws.write_row(first_row + 1 + i, 0, row)
        # headers wrap onto two lines rather than hide behind the next column
        ws.set_row(first_row, 30)
        ws.add_table(first_row, 0, last, len(headers) - 1,
                     {"name": name, "columns": [{"header": h, "header_format": f["header"]} for h in headers],
                      "style": "Table Style Medium 2"})

    ws = wb.add_worksheet("Ringkasan")
    ws.write_string(0, 0, f"Rekapitulasi LKjIP Kecamatan Tahun {rekap.tahun or '-'}", f["title"])
    n_draf = sum(1 for k in rekap.kecamatan if k.draf)
    draf = f" ({n_draf} berstatus Draf, belum final)" if n_draf else ""
    ws.write_string(1, 0, f"{len(rekap.kecamatan)} kecamatan{draf} dari {rekap.files} berkas; "
                          f"{len(rekap.masalah)} masalah (lihat lembar Masalah).")
    rows = []
    for n, k in enumerate(ranked, 1):
        per = "; ".join(f"{s['kode']}: {_fmt_pct(s['capaian'])}" for s in k.sasaran)
        rows.append([n if k.capaian is not None else None, k.kecamatan, k.kabupaten, k.tahun, _pct(k.capaian),
                     k.predikat, k.n_indikator, k.n_tercapai, k.pagu, k.realisasi, _pct(k.serapan),
                     _num(k.efisiensi_selisih), k.efisiensi, _num(k.ikm), k.errors, k.warnings,
                     "Ya" if k.usang else "Tidak", k.versi_template, k.status_dokumen, per,
                     shown(Path(k.berkas).name)])
    kinds = ["int", "text", "text", "int", "pct", "text", "int", "int", "money", "money", "pct", "num", "text",
             "num", "int", "int", "text", "text", "text", "text", "text"]
    # printed: up to Status Dokumen; the per-sasaran figures and the file name are for the screen
    table(ws, "Kecamatan", KECAMATAN_COLUMNS, rows, kinds,
          [9, 26, 20, 7, 10, 14, 10, 10, 16, 16, 10, 10, 14, 8, 7, 10, 7, 9, 10, 40, 30],
          printed=KECAMATAN_COLUMNS.index("Status Dokumen") + 1)
    draft_fmt = wb.add_format({"bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE"})
    status_col = KECAMATAN_COLUMNS.index("Status Dokumen")
    ws.conditional_format(3, status_col, 2 + max(1, len(rows)), status_col,  # a Draf row stands out
                          {"type": "cell", "criteria": "==", "value": '"Draf"', "format": draft_fmt})
    ws.freeze_panes(3, 2)

    for name, spec in LONG.items():
        ws = wb.add_worksheet(name)
        table(ws, name, spec.headers, [row for k in ranked for row in spec.rows(k)], spec.kinds, spec.widths,
              first_row=0, long=True)

    ws = wb.add_worksheet("Masalah")
    rows = [[shown(Path(m.berkas).name), m.kode, shown(m.alasan), shown(m.berkas)] for m in rekap.masalah]
    table(ws, "Masalah", ["Berkas", "Kode", "Alasan", "Lokasi"], rows, ["text"] * 4, [30, 22, 80, 60], first_row=0)

    ws = wb.add_worksheet("Grafik")
    n = len(ranked)
    if n:
        for col, title, pos in ((4, "Capaian kinerja per kecamatan", 1), (10, "Serapan anggaran per kecamatan", 9)):
            ch = wb.add_chart({"type": "bar"})
            ch.add_series({"name": title, "categories": ["Ringkasan", 3, 1, 2 + n, 1],
                           "values": ["Ringkasan", 3, col, 2 + n, col],
                           "data_labels": {"value": True, "num_format": "0.00%"}})
            ch.set_title({"name": title})
            ch.set_legend({"none": True})
            ch.set_x_axis({"num_format": "0%", "min": 0})
            ch.set_y_axis({"reverse": True})
            ch.set_size({"width": 720, "height": max(300, 22 * n + 80)})
            ws.insert_chart(pos if pos == 1 else 1, 0 if pos == 1 else 12, ch)
    wb.close()
    data = _with_rows(buf.getvalue(), long_tables) if long_tables else buf.getvalue()
    atomic_write(out, data)  # a roll-up that cannot be written says so in Indonesian (WriteFailed)
    return out


def _print_setup(ws: Any, header_row: int) -> None:
    """A4 landscape, as wide as one page, the table's header on every page, page numbers in the footer: a
    kabupaten prints the roll-up for its meeting."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer("&C&9Halaman &P dari &N")


_CONTROL = {c: f"_x{c:04X}_" for c in [*range(9), 11, 12, *range(14, 32)]}
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **_CONTROL})
"""XML's three, and the control characters XML 1.0 forbids, as Excel writes them (_xHHHH_)."""
_COL_STYLE = re.compile(rb'<col min="(\d+)" max="(\d+)"[^>]*? style="(\d+)"')


@dataclass
class _Long:
    name: str
    first: int
    """The first data row (1-based)."""
    rows: list[list[Any]]
    declared: str
    """The range given to XlsxWriter (header and one row)."""
    real: str


def _with_rows(xlsx: bytes, long_tables: dict[int, _Long]) -> bytes:
    """The workbook with each long table's rows put into its sheet, styled as XlsxWriter styled the column, and
    its table (and filter) stretched over them."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if m and int(m.group(1)) - 1 in long_tables:
                t = long_tables[int(m.group(1)) - 1]
                data = _insert_rows(data, t.first, t.rows)
            elif info.filename.startswith("xl/tables/"):
                for t in long_tables.values():
                    if f'displayName="{t.name}"'.encode() in data:
                        data = data.replace(f'ref="{t.declared}"'.encode(), f'ref="{t.real}"'.encode())
            # the fastest deflate level: much quicker than the default, for a somewhat larger file
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return out.getvalue()


def _insert_rows(sheet: bytes, first: int, rows: list[list[Any]]) -> bytes:
    if not rows:
        return sheet
    width = max(len(r) for r in rows)
    style = [""] * width
    for lo, hi, st in _COL_STYLE.findall(sheet):
        for j in range(int(lo) - 1, min(int(hi), width)):
            style[j] = f' s="{int(st)}"'
    letters = [col_letter(j + 1) for j in range(width)]
    text_tail = [f'"{style[j]} t="inlineStr"><is>' for j in range(width)]
    number_tail = [f'"{style[j]}><v>' for j in range(width)]
    inline: dict[str, str] = {}
    """Each distinct text once escaped: kecamatan names, levels and predikat repeat on every row."""
    parts = []
    for i, row in enumerate(rows):
        r = str(first + i)
        cells = []
        for j, v in enumerate(row):
            if v is None or v == "":
                continue  # as XlsxWriter: an empty string is no cell
            if isinstance(v, str):
                t = inline.get(v)
                if t is None:
                    text = v.translate(_ESCAPE)
                    keep = ' xml:space="preserve"' if text != text.strip() else ""
                    t = inline[v] = f"<t{keep}>{text}</t></is></c>"
                cells.append(f'<c r="{letters[j]}{r}{text_tail[j]}{t}')
            elif isinstance(v, float) and not math.isfinite(v):
                continue  # no INF or NaN in a cell: Excel and openpyxl refuse the file (consolidate lists them)
            else:
                cells.append(f'<c r="{letters[j]}{r}{number_tail[j]}{v:.16G}</v></c>')  # XlsxWriter's digits
        parts.append(f'<row r="{r}">{"".join(cells)}</row>')
    body = "".join(parts).encode("utf-8")
    last = f"{letters[-1]}{first + len(rows) - 1}".encode()
    sheet = re.sub(rb'<dimension ref="([A-Z]+\d+)(?::[A-Z]+\d+)?"/>', lambda m: b'<dimension ref="' + m.group(1)
                   + b":" + last + b'"/>', sheet, count=1)
    if b"<sheetData/>" in sheet:
        return sheet.replace(b"<sheetData/>", b"<sheetData>" + body + b"</sheetData>", 1)
    return sheet.replace(b"</sheetData>", body + b"</sheetData>", 1)


def _fmt_pct(v: Decimal | None) -> str:
    from ..fmt import persen

    return persen(v)
