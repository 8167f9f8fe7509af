"""The .xlsx layer: a workbook package read part by part and patched losslessly.

Rooms, lowest first: :mod:`.refs` (A1 references), :mod:`.markup` (namespaces, the safe XML parser),
:mod:`.archive` (the zip, with its bomb limits), :mod:`.files` (atomic writes, the rules for outputs), :mod:`.cells` (reading cells and
shared strings), :mod:`.drawing` (pictures), :mod:`.patch` (edits), :mod:`.package` (:class:`Package`, which
ties them together).
"""

from __future__ import annotations

from .archive import MAX_UNCOMPRESSED
from .cells import Cell, is_date_serial, rows_of
from .drawing import MAX_PICTURE_BYTES, Picture
from .files import atomic_write, refuse_existing, refuse_inputs
from .package import Package, SheetPart, TablePart, find_sheet
from .patch import KEEP, CellWrite, excel_decimal
from .refs import cell_ref, col_index, col_letter, parse_range, range_ref, split_ref

__all__ = [
    "KEEP",
    "MAX_PICTURE_BYTES",
    "MAX_UNCOMPRESSED",
    "Cell",
    "CellWrite",
    "Package",
    "Picture",
    "SheetPart",
    "TablePart",
    "atomic_write",
    "cell_ref",
    "col_index",
    "col_letter",
    "excel_decimal",
    "find_sheet",
    "is_date_serial",
    "parse_range",
    "range_ref",
    "refuse_existing",
    "refuse_inputs",
    "rows_of",
    "split_ref",
]
