"""An open Excel workbook (an xlwings ``Book``) seen through the same interface the reader uses for files.

One bulk read per sheet (``used_range``): every call to Excel is a round trip, through COM on a desktop and over
HTTP with xlwings Server. What Excel shows is what is read: formulas typed in input cells arrive evaluated.
Number formats do not travel in the xlwings payload, so a value typed with a percent format arrives as its
fraction (85,5% as 0,855); the workbook's input columns take plain numbers (Petunjuk says so).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..ooxml import Cell, SheetPart, TablePart, find_sheet, rows_of

__all__ = ["BookSource", "EXCEL_ERRORS"]

EXCEL_ERRORS = {"#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                "#GETTING_DATA", "#FIELD!", "#BUSY!", "#BLOCKED!", "#CONNECT!", "#UNKNOWN!"}


def _addr(a: str | None) -> str | None:
    return None if not a else a.replace("$", "").split("!")[-1]


class BookSource:
    """Package-like access to a Book: ``sheets``, ``table(name)``, ``cells(sheet)`` and ``rows(sheet)``, and the
    styles that mean a percentage or a date (none: the payload carries no number formats)."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.path = str(getattr(book, "fullname", "") or getattr(book, "name", ""))
        self.sheets: list[SheetPart] = []
        self.tables: dict[str, TablePart] = {}
        self._cells: dict[str, dict[tuple[int, int], Cell]] = {}
        self._rows: dict[str, dict[int, dict[int, Cell]]] = {}
        self.percent_styles: frozenset[int] = frozenset()
        self.date_styles: frozenset[int] = frozenset()
        self._sheet_obj: dict[str, Any] = {}
        for sh in book.sheets:
            sp = SheetPart(sh.name, "")
            self.sheets.append(sp)
            self._sheet_obj[sh.name] = sh
            for t in sh.tables:
                ref = _addr(t.range.address)
                if not ref:
                    continue
                header = t.header_row_range is not None
                totals = bool(getattr(t, "show_totals", False))
                tp = TablePart(t.name, t.name, sh.name, "", ref, [], 1 if header else 0, 1 if totals else 0)
                sp.tables.append(tp)
                self.tables[t.name.lower()] = tp

    def sheet(self, name: str) -> SheetPart | None:
        return find_sheet(self.sheets, name)

    def sheet_object(self, name: str) -> Any:
        sp = self.sheet(name)
        return None if sp is None else self._sheet_obj[sp.name]

    def table(self, name: str) -> TablePart | None:
        return self.tables.get(name.lower())

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
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                if v is None or v == "":
                    continue
                if type(v) is int:
                    v = float(v)  # a number as a file caches it (JSON may say 3): the fingerprint tells 3 from 3.0
                elif isinstance(v, dt.datetime) and v.time() == dt.time(0):
                    v = v.date()
                err = isinstance(v, str) and v in EXCEL_ERRORS
                out[(r0 + i, c0 + j)] = Cell(v, None, 0, err, True)
        self._cells[sheet] = out
        return out

    def rows(self, sheet: str) -> dict[int, dict[int, Cell]]:
        got = self._rows.get(sheet)
        if got is None:
            got = self._rows[sheet] = rows_of(self.cells(sheet))
        return got

    def serial_to_date(self, value: float) -> dt.datetime:
        return dt.datetime(1899, 12, 30) + dt.timedelta(days=value)

    def directory(self) -> Path | None:
        """The folder the workbook lives in, when it is a local file (not for a server-side book)."""
        p = Path(self.path)
        return p.parent if p.is_absolute() and p.parent.is_dir() else None
