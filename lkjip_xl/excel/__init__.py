"""The Excel buttons: Periksa, Hitung Ulang, Buat Laporan on the open workbook, through xlwings.

The entry points take an xlwings ``Book`` (``xw.Book.caller()`` when Excel runs them through RunPython, the book
xlwings Server builds from the client's payload, or ``xw.Book(json=payload_from_file(path))`` to replay a press
on a file). They read with one call per sheet, compute with the same pure functions and the same :class:`Plan`
as ``lkjip recompute``, and write back one block per contiguous run of computed cells. Errors end in an
Indonesian message box, never a traceback.

    >>> import xlwings as xw                       # with XLWINGS_LICENSE_KEY=noncommercial set first
    >>> book = xw.Book(json=payload_from_file("lkjip-2024.xlsx"))
    >>> recompute(book)
    >>> book.json()["actions"]                      # what Excel would execute
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from ..errors import LkjipError
from ..issues import error_message
from ..marks import CLEAR_COLOR, ERROR_COLOR, WARNING_COLOR, marked_cells, paints
from ..schema import OWNED_TABLES
from ..xlsx import excel_decimal
from .payload import Applied, apply_actions, cell_formats_of, payload_from_file
from .source import BookSource

__all__ = ["check", "recompute", "report", "payload_from_file", "cell_formats_of", "apply_actions", "Applied",
           "Result",
           "check_caller", "recompute_caller", "report_caller", "ERROR_COLOR", "WARNING_COLOR", "CLEAR_COLOR"]

TITLE = "LKjIP"


@dataclass
class Result:
    """What a button press did (also returned to Python callers and tests)."""

    ok: bool
    message: str
    errors: int = 0
    warnings: int = 0
    blocks: int = 0
    """Value blocks written (one setValues each)."""
    marked: list[str] = field(default_factory=list)
    report: Path | None = None


# --- entry points ------------------------------------------------------------------------------------------


def check(book: Any, *, cell_formats: str | None = None) -> Result:
    """Periksa: validate, fill the Validasi sheet with links, colour the cells at fault; computed cells untouched.

    ``cell_formats``: what the client sees and the payload cannot carry: the cells formatted as a percent or as a
    month, and the merged areas (:func:`lkjip_xl.addresses.parse_cell_formats`)."""
    return _guard(book, lambda: _run(BookSource(book, cell_formats=cell_formats), write_computed=False))


def recompute(book: Any, *, now: dt.datetime | None = None, cell_formats: str | None = None) -> Result:
    """Hitung Ulang: every computed cell, Efisiensi, Ringkasan, Validasi and the fingerprint, in bulk."""
    return _guard(book, lambda: _run(BookSource(book, cell_formats=cell_formats), write_computed=True, now=now))


def report(book: Any, *, out_dir: str | Path | None = None, formats: tuple[str, ...] = ("docx",),
           open_file: bool | None = None, cell_formats: str | None = None) -> Result:
    """Buat Laporan: write the report next to the workbook when Excel runs here, else in ``out_dir`` or
    ``LKJIP_LAPORAN_DIR`` (a server), and open it."""
    return _guard(book, lambda: _report(BookSource(book, cell_formats=cell_formats), out_dir, formats, open_file))


def check_caller(cell_formats: str | None = None) -> Result:
    """Called by the Periksa macro (RunPython), with the cell formats the add-in found."""
    return check(_caller(), cell_formats=cell_formats)


def recompute_caller(cell_formats: str | None = None) -> Result:
    """Called by the Hitung Ulang macro (RunPython)."""
    return recompute(_caller(), cell_formats=cell_formats)


def report_caller(cell_formats: str | None = None) -> Result:
    """Called by the Buat Laporan macro (RunPython)."""
    return report(_caller(), open_file=True, cell_formats=cell_formats)


def _caller() -> Any:
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    import xlwings as xw

    book = xw.Book.caller()
    # the buttons live in the lkjip.xlam add-in: the workbook to work on is the active one, not the add-in
    if str(book.name).lower().endswith(".xlam"):
        book = xw.books.active
    return book


# --- the work ----------------------------------------------------------------------------------------------


def _run(src: BookSource, *, write_computed: bool, now: dt.datetime | None = None) -> Result:
    from ..api import evaluate, issues_after_write, plan_write
    from ..plan import plan_owned

    book = src.book
    o = evaluate(src)
    wb, p = o.workbook, o.plan
    shown = issues_after_write(o) if write_computed else o.result
    marked = marked_cells(wb, shown)
    if write_computed:
        plan_write(o, shown, now=now, marked=";".join(marked))
    else:
        plan_owned(p, wb, o.computed, shown, now=now, marked=";".join(marked))
    if not write_computed:  # Hitung Ulang refused in plan_write already; Periksa's Validasi has its own length
        from ..errors import TableCannotGrow
        from ..growth import growth_issues

        blocked = growth_issues(src, wb, {"Validasi": len(p.owned.get("Validasi", ()))})
        if blocked:
            raise TableCannotGrow(blocked, path=wb.path, action="Periksa")
    w = _BookWriter(book, src, wb)
    if write_computed:
        for table, rows in p.fills.items():
            w.fill(table, rows)
    # Periksa writes only Validasi and its record of coloured cells: the fingerprint must keep saying whether
    # the computed cells are fresh
    owned = OWNED_TABLES if write_computed else ("Validasi",)
    for table in owned:
        if table in p.owned:
            w.owned(table, p.owned[table])
    if not write_computed:
        w.meta_value("Sel Ditandai", ";".join(marked))
    w.links(p.links)
    w.colour(paints(wb, shown, marked))
    n_err, n_warn = len(shown.errors), len(shown.warnings)
    verb = "Perhitungan selesai" if write_computed else "Pemeriksaan selesai"
    if n_err or n_warn:
        msg = (f"{verb}: {n_err} error dan {n_warn} peringatan. Sel yang bermasalah diberi warna; daftar dan "
               "tautannya ada di lembar Validasi.")
    else:
        msg = f"{verb}: tidak ada error maupun peringatan."
    book.app.alert(msg, title=TITLE, buttons="ok", mode="critical" if n_err else "info")
    return Result(not n_err, msg, n_err, n_warn, w.blocks, marked)


def _report(src: BookSource, out_dir: str | Path | None, formats: tuple[str, ...], open_file: bool | None) -> Result:
    from ..api import evaluate
    from ..report import make_report

    book = src.book
    o = evaluate(src)
    here = src.directory()
    if here is not None and Path(src.path).is_file():
        # pictures do not travel through xlwings: a workbook saved on this PC gives them from its file
        from ..reader import read_workbook

        try:
            o.workbook.gambar = read_workbook(src.path).gambar
        except LkjipError:
            pass  # the saved file is older or unreadable: the report goes without pictures
    target = Path(out_dir) if out_dir else (here or Path(os.environ.get("LKJIP_LAPORAN_DIR", ".")))
    made = make_report(src.path, target, formats=formats, outcome=o, numbered=True)
    first = made.get("docx") or next(iter(made.values()))
    msg = f"Laporan dibuat: {first}"
    if first.stem.endswith(")"):  # the name was taken: the earlier report (perhaps edited) is left as it was
        msg += "\nLaporan sebelumnya tidak ditimpa; berkas baru diberi nomor."
    errors = o.result.errors
    if errors:
        msg += f"\n\nPerhatian: buku kerja masih memiliki {len(errors)} error (lihat tombol Periksa)."
    if open_file:
        _open(first)
    book.app.alert(msg, title=TITLE, buttons="ok", mode="info")
    return Result(not errors, msg, len(errors), len(o.result.warnings), 0, [], first)


def _open(path: Path) -> None:
    try:
        if sys.platform.startswith("win"):
            os.startfile(str(path))  # type: ignore[attr-defined]
        elif sys.platform == "darwin":
            subprocess.Popen(["open", str(path)])
        else:
            subprocess.Popen(["xdg-open", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        pass  # the message box still says where the file is


def _guard(book: Any, fn: Callable[[], Result]) -> Result:
    """Every failure ends in a message box in Indonesian; nothing reaches Excel as a Python traceback.

    A press that fails sends no writes: on a posted book (xlwings Server, a replay) the actions queued before
    the failure are dropped; on a desktop book the writes come only after everything is computed."""
    queued = _queue(book)
    n0 = len(queued) if queued is not None else 0
    try:
        return fn()
    except LkjipError as exc:
        msg = exc.message
    except Exception as exc:  # noqa: BLE001 - the last line of defence in front of staff
        if os.environ.get("LKJIP_DEBUG"):
            raise
        msg = error_message("tidak-terduga", "excel", jenis=type(exc).__name__)
    if queued is not None:
        del queued[n0:]
    try:
        book.app.alert(msg, title=TITLE, buttons="ok", mode="critical")
    except Exception:  # noqa: BLE001 - no Excel to show it: the caller still gets the Result
        pass
    return Result(False, msg)


def _queue(book: Any) -> list[Any] | None:
    """The actions a posted book has queued for the client (None for a desktop book, which writes at once)."""
    try:
        queued = book.json()["actions"]
    except Exception:  # noqa: BLE001 - a desktop book has no JSON
        return None
    return queued if isinstance(queued, list) else None


# --- writing into the Book, in blocks -------------------------------------------------------------------


def _xl(v: Any) -> Any:
    """A plan value as Excel takes it: Decimal → float; text with a leading apostrophe, so Excel keeps it as
    text (as when typed) instead of reading ``2025-01-31 09:00:00`` as a date, ``1.10`` as a number or ``=…`` as
    a formula: what the button writes reads back the same after Excel stores it."""
    if isinstance(v, Decimal):
        return float(excel_decimal(v))  # the rule the file writer uses: both paths write the same number
    if isinstance(v, str) and v:
        return "'" + v
    if v is None:
        return ""
    return v


class _BookWriter:
    def __init__(self, book: Any, src: BookSource, wb: Any) -> None:
        self.book = book
        self.src = src
        self.wb = wb
        self.blocks = 0

    def _block(self, sheet: str, r1: int, c1: int, rows: list[list[Any]]) -> None:
        if not rows or not rows[0]:
            return
        sh = self.src.sheet_object(sheet)
        sh.range((r1, c1)).value = [[_xl(v) for v in row] for row in rows]
        self.blocks += 1

    def fill(self, table: str, rows: dict[int, dict[str, Any]]) -> None:
        """Computed columns of an input table: one block per run of adjacent computed columns."""
        g = self.wb.geoms.get(table)
        if g is None or not rows:
            return
        from ..schema import TABLES, norm

        comp = sorted(j for name, j in g.columns.items()
                      if any(norm(c.name) == name and c.computed for c in TABLES[table].columns))
        runs: list[list[int]] = []
        for j in comp:
            if runs and j == runs[-1][-1] + 1:
                runs[-1].append(j)
            else:
                runs.append([j])
        by_col = {j: name for name, j in g.columns.items()}
        for run in runs:
            block = [[rows.get(r, {}).get(by_col[j]) for j in run] for r in range(g.first_row, g.last_row + 1)]
            self._block(g.sheet, g.first_row, run[0], block)

    def owned(self, table: str, rows: list[dict[str, Any]]) -> None:
        """A table the tool owns: resized to its rows (one action) and written as one block."""
        g = self.wb.geoms.get(table)
        tp = self.src.table(table)
        if g is None or tp is None:
            return
        n = max(1, len(rows))
        new_last = g.first_row + n - 1
        sh = self.src.sheet_object(g.sheet)
        if new_last != g.last_row or self.src.clamped(tp):
            sh.tables[self.src.table_index(tp)].resize(sh.range((g.header_row, g.first_col), (new_last, g.last_col)))
        cols = list(range(g.first_col, g.last_col + 1))
        by_col = {j: name for name, j in g.columns.items()}
        block = []
        for r in range(g.first_row, max(new_last, g.last_row) + 1):
            k = r - g.first_row
            row = rows[k] if k < len(rows) else {}
            block.append([row.get(by_col.get(j, "")) for j in cols])
        self._block(g.sheet, g.first_row, g.first_col, block)

    def meta_value(self, key: str, value: str) -> None:
        """One Meta value, where the workbook has that row (older workbooks may not)."""
        g = self.wb.geoms.get("Meta")
        if g is None or "nilai" not in g.columns:
            return
        cells = self.src.cells(g.sheet)
        for r in range(g.first_row, g.last_row + 1):
            c = cells.get((r, g.columns.get("isian", g.first_col)))
            if c is not None and str(c.value).strip().lower() == key.lower():
                self._block(g.sheet, r, g.columns["nilai"], [[value or None]])
                return

    def links(self, links: list[tuple[int, str]]) -> None:
        g = self.wb.geoms.get("Validasi")
        if g is None or "sel" not in g.columns:
            return
        sh = self.src.sheet_object(g.sheet)
        j = g.columns["sel"]
        for k, loc in links:
            cell = loc.split("!")[-1]
            sh.range((g.first_row + k, j)).add_hyperlink("#" + loc, cell, "Menuju sel " + loc)

    def colour(self, colours: dict[str, str]) -> None:
        for key, colour in colours.items():
            self._paint(key, colour)

    def _paint(self, key: str, colour: str) -> None:
        sheet, _, cell = key.rpartition("!")
        sh = self.src.sheet_object(sheet)
        if sh is not None and cell:
            sh.range(cell).color = colour
