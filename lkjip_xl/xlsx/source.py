"""What the reader reads from: the interface a workbook source offers, declared once.

Two sources implement it: the file package (:class:`lkjip_xl.xlsx.package.Package`, reading the .xlsx parts) and an open
Excel book (:class:`lkjip_xl.excel.source.BookSource`, reading what xlwings hands over). The reader
(:func:`lkjip_xl.reader.read_package`) sees nothing else of either, so each member below is one the reader uses;
a source that cannot see something (an Excel book's pictures, through a payload of values) says so through the
member, never by lacking it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence, Set
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from .cells import Cell
    from .drawing import Picture
    from .package import SheetPart, TablePart

__all__ = ["WorkbookSource"]


@runtime_checkable
class WorkbookSource(Protocol):
    """A workbook as the reader sees it: tables by name, cells by sheet, and the styles that change a value's
    meaning. Rows and columns are 1-based, as in A1 addresses."""

    @property
    def path(self) -> str:
        """Where the workbook came from (a file path, or the book's name), for error messages."""
        ...

    @property
    def percent_styles(self) -> Set[int]:
        """Cell styles that show a percentage: 0,855 in such a cell means 85,5."""
        ...

    @property
    def date_styles(self) -> Set[int]:
        """Cell styles that show a date: a number in such a cell is a date serial."""
        ...

    @property
    def month_styles(self) -> Set[int]:
        """Date styles that show only month and year ("mmmm yyyy"): the date means its month."""
        ...

    def sheet(self, name: str) -> SheetPart | None:
        """The sheet called ``name`` (ignoring case, as Excel does), or None."""
        ...

    def table(self, name: str) -> TablePart | None:
        """The table (Excel ListObject) called ``name`` (ignoring case), or None."""
        ...

    def rows(self, sheet: str) -> Mapping[int, Mapping[int, Cell]]:
        """The sheet's non-empty cells, by row then column."""
        ...

    def cells(self, sheet: str) -> Mapping[tuple[int, int], Cell]:
        """The sheet's non-empty cells, by (row, column)."""
        ...

    def merged(self, sheet: str) -> Sequence[tuple[int, int, int, int]]:
        """The sheet's merged ranges as (first row, first column, last row, last column); empty when the source
        cannot see merges."""
        ...

    def pictures(self, sheet: str) -> Sequence[Picture] | None:
        """The pictures anchored on the sheet; None when the source cannot see pictures at all (then no row may
        be reported as lacking one)."""
        ...

    def serial_to_date(self, value: float) -> dt.datetime:
        """An Excel date serial as the date and time it stands for (in the workbook's date system)."""
        ...
