"""An open Excel workbook (an xlwings ``Book``) seen through the same interface the reader uses for files.

One bulk read per sheet (``used_range``): every call to Excel is a round trip, through COM on a desktop and over
HTTP with xlwings Server. What Excel shows is what is read: formulas typed in input cells arrive evaluated.

Number formats and merges do not travel in the xlwings payload, so ``82,94%`` typed in Excel arrives as 0,8294
and ``Januari 2025`` (which Excel keeps as the first of the month, shown ``mmmm yyyy``) as 1 January. The clients
(the add-in's VBA and the task pane's JavaScript) therefore send the cells they see formatted as a percent or as a
month, and the merged areas of the sheets that hold tables (``cell_formats``, read by
:func:`~lkjip_xl.addresses.parse_cell_formats`). Such a cell gets a percent or month style here, so the reader
applies the one rule it applies to files, and a table's growth is checked against the same merges. Dates arrive as
dates: both clients convert date-formatted cells.

The payload is the client's claim: table ranges are clamped to the rows and columns it holds, so a table that
says it spans a million rows costs what the rows sent cost.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..addresses import Bounds, inside, parse_cell_formats
from ..xlsx import Cell, SheetPart, TablePart, cell_ref, find_sheet, parse_range, rows_of

__all__ = ["BookSource", "EXCEL_ERRORS"]

EXCEL_ERRORS = {"#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                "#GETTING_DATA", "#FIELD!", "#BUSY!", "#BLOCKED!", "#CONNECT!", "#UNKNOWN!"}


PERCENT_STYLE = 1
"""The style a cell the client reported as percent-formatted takes (all others: 0)."""
MONTH_STYLE = 2
"""The style a date in a cell the client reported as month-formatted takes."""


def _addr(a: str | None) -> str | None:
    return None if not a else a.replace("$", "").split("!")[-1]


class BookSource:
    """A Book as a :class:`~lkjip_xl.xlsx.source.WorkbookSource`: ``sheets``, ``table(name)``, ``cells(sheet)`` and
    ``rows(sheet)``, ``merged(sheet)``, and the styles that mean a percentage or a month (the cells in
    ``cell_formats``) or a date (none: dates arrive as dates).

    ``cell_formats``: the client's text (:func:`~lkjip_xl.addresses.parse_cell_formats`); None when the client sent
    none (an older add-in), and values then count as typed."""

    def __init__(self, book: Any, *, cell_formats: str | None = None) -> None:
        self.book = book
        self.remote = _engine(book) == "remote"
        self.path = str(getattr(book, "fullname", "") or getattr(book, "name", ""))
        self.sheets: list[SheetPart] = []
        self.tables: dict[str, TablePart] = {}
        self._cells: dict[str, dict[tuple[int, int], Cell]] = {}
        self._rows: dict[str, dict[int, dict[int, Cell]]] = {}
        self._index: dict[int, int] = {}
        self._clamped: set[int] = set()
        formats = parse_cell_formats(cell_formats)
        self._percent = {k.lower(): v for k, v in formats.percent.items()}
        self._month = {k.lower(): v for k, v in formats.month.items()}
        self._merged = {k.lower(): v for k, v in formats.merged.items()}
        self.percent_styles: frozenset[int] = frozenset({PERCENT_STYLE}) if self._percent else frozenset()
        self.date_styles: frozenset[int] = frozenset()
        self.month_styles: frozenset[int] = frozenset({MONTH_STYLE}) if self._month else frozenset()
        self._sheet_obj: dict[str, Any] = {}
        for sh in book.sheets:
            sp = SheetPart(sh.name, "")
            self.sheets.append(sp)
            self._sheet_obj[sh.name] = sh
            held: tuple[int, int] | None = None
            for k, t in enumerate(sh.tables):
                ref = _addr(t.range.address)
                if not ref:
                    continue
                header = t.header_row_range is not None
                totals = bool(getattr(t, "show_totals", False))
                if held is None:
                    held = _extent(sh)
                claimed = ref
                ref = _clamp(ref, held, (1 if header else 0) + (1 if totals else 0))
                tp = TablePart(t.name, t.name, sh.name, "", ref, [], 1 if header else 0, 1 if totals else 0)
                sp.tables.append(tp)
                self.tables[t.name.lower()] = tp
                self._index[id(tp)] = k
                if ref != claimed:
                    self._clamped.add(id(tp))

    def sheet(self, name: str) -> SheetPart | None:
        return find_sheet(self.sheets, name)

    def sheet_object(self, name: str) -> Any:
        sp = self.sheet(name)
        return None if sp is None else self._sheet_obj[sp.name]

    def table(self, name: str) -> TablePart | None:
        return self.tables.get(name.lower())

    def table_index(self, tp: TablePart) -> int:
        """The table's position in its xlwings sheet's ``tables`` (what a resize action names)."""
        return self._index[id(tp)]

    def clamped(self, tp: TablePart) -> bool:
        """Whether the table claims more rows or columns than the sheet holds (its range here is cut)."""
        return id(tp) in self._clamped

    def cells(self, sheet: str) -> dict[tuple[int, int], Cell]:
        got = self._cells.get(sheet)
        if got is not None:
            return got
        sh = self.sheet_object(sheet)
        if sh is None:
            raise KeyError(sheet)
        out: dict[tuple[int, int], Cell] = {}
        rng = sh.used_range
        values = rng.options(ndim=2, err_to_str=True).value or []
        r0, c0 = rng.row, rng.column
        pct: list[Bounds] = self._percent.get(sheet.lower(), [])
        month: list[Bounds] = self._month.get(sheet.lower(), [])
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                if v is None or v == "":
                    continue
                if type(v) is int:
                    v = float(v)  # a number as a file caches it (JSON may say 3): the fingerprint tells 3 from 3.0
                elif isinstance(v, dt.datetime) and v.time() == dt.time(0):
                    v = v.date()
                err = isinstance(v, str) and v in EXCEL_ERRORS
                style = 0
                if pct and type(v) is float and inside(pct, r0 + i, c0 + j):
                    style = PERCENT_STYLE
                elif month and isinstance(v, (dt.date, float)) and inside(month, r0 + i, c0 + j):
                    style = MONTH_STYLE
                out[(r0 + i, c0 + j)] = Cell(v, None, style, err, True)
        self._cells[sheet] = out
        return out

    def rows(self, sheet: str) -> dict[int, dict[int, Cell]]:
        got = self._rows.get(sheet)
        if got is None:
            got = self._rows[sheet] = rows_of(self.cells(sheet))
        return got

    def pictures(self, sheet: str) -> None:
        """None: the xlwings payload carries values, not pictures. The reader then says nothing about the Gambar
        rows' pictures (a row would look empty), and ``Workbook.gambar`` is empty; the report reads them from the
        saved file (:meth:`lkjip_xl.xlsx.package.Package.pictures`)."""
        return None

    def merged(self, sheet: str) -> list[tuple[int, int, int, int]]:
        """The merged areas the client reported on ``sheet`` (none from an older add-in)."""
        return list(self._merged.get(sheet.lower(), []))

    def serial_to_date(self, value: float) -> dt.datetime:
        return dt.datetime(1899, 12, 30) + dt.timedelta(days=value)

    def directory(self) -> Path | None:
        """The folder the workbook lives in, when Excel runs on this machine. Never for a book a client posted:
        its name is the client's claim, not a place this machine may write to."""
        if self.remote:
            return None
        p = Path(self.path)
        return p.parent if p.is_absolute() and p.parent.is_dir() else None


def _engine(book: Any) -> str:
    try:
        return str(book.app.engine.name)
    except Exception:  # noqa: BLE001 - an engine that cannot say is treated as remote: nothing trusted
        return "remote"


def _extent(sh: Any) -> tuple[int, int]:
    """The last row and column the sheet's values reach."""
    rng = sh.used_range
    last = rng.last_cell
    return int(last.row), int(last.column)


def _clamp(ref: str, held: tuple[int, int], min_rows: int) -> str:
    """A table's range cut to the rows and columns the sheet holds (keeping its header and one body row)."""
    r1, c1, r2, c2 = parse_range(ref)
    r2 = min(r2, max(held[0], r1 + max(min_rows, 1)))
    c2 = min(c2, max(held[1], c1))
    return f"{cell_ref(r1, c1)}:{cell_ref(r2, c2)}"
