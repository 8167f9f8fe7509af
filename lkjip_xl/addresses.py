"""Lists of cells as the buttons exchange them: ``Kinerja!D5:D9;Kinerja!F7;'Data Umum'!B3``.

The clients send what xlwings' payload cannot carry as one such text in sections (:func:`parse_cell_formats`):
the cells formatted as a percent, then ``[bulan]`` and the cells formatted as a month without its day, then
``[gabung]`` and the merged areas of the sheets that hold tables. ``[`` and ``]`` cannot occur in a sheet name,
so the markers are unambiguous; a text from an add-in older than the sections is the percent list alone.

Two lists travel in this form, and neither is trusted: the cells the client reports as formatted with a percent
(header ``X-Lkjip-Persen``, or the add-in's argument), and the cells a previous press coloured (Meta "Sel
Ditandai", which anyone can edit). One parser, bounded: at most :data:`MAX_ENTRIES` entries, each a cell or a
rectangle inside Excel's grid; anything else is skipped, never an error that half-applies a press.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from .xlsx import range_ref, split_ref

__all__ = ["Bounds", "CellFormats", "MAX_ENTRIES", "format_cell_formats", "format_cell_list", "format_ranges",
           "inside", "parse_cell_formats", "parse_cell_list"]

Bounds = tuple[int, int, int, int]
"""(first row, first column, last row, last column), 1-based, inclusive."""

MAX_ENTRIES = 20_000
"""More entries than any workbook's input tables have cells: a longer list is cut, not read."""
_MAX_ROW, _MAX_COL = 1_048_576, 16_384


def parse_cell_list(text: str | None) -> dict[str, list[Bounds]]:
    """The rectangles of ``text`` by sheet name (as written; match sheets case-insensitively)."""
    out: dict[str, list[Bounds]] = {}
    if not text:
        return out
    for entry in text.split(";", MAX_ENTRIES)[:MAX_ENTRIES]:
        sheet, sep, ref = entry.strip().rpartition("!")
        if not sep or not sheet or not ref:
            continue
        if len(sheet) > 1 and sheet[0] == sheet[-1] == "'":
            sheet = sheet[1:-1].replace("''", "'")
        a, _, b = ref.partition(":")
        try:
            r1, c1 = split_ref(a)
            r2, c2 = split_ref(b) if b else (r1, c1)
        except ValueError:
            continue
        r1, r2 = sorted((r1, r2))
        c1, c2 = sorted((c1, c2))
        if r1 < 1 or c1 < 1 or r2 > _MAX_ROW or c2 > _MAX_COL:
            continue
        out.setdefault(sheet, []).append((r1, c1, r2, c2))
    return out


def format_cell_list(cells: Iterable[tuple[str, int, int]]) -> str:
    """``(sheet, row, column)`` cells as the list the clients send: vertical runs in a column joined
    (``D5:D9``), in sheet, column, row order."""
    by_col: dict[tuple[str, int], list[int]] = {}
    for sheet, r, c in cells:
        by_col.setdefault((sheet, c), []).append(r)
    parts: list[str] = []
    for (sheet, c), rows in sorted(by_col.items()):
        name = _sheet_name(sheet)
        runs: list[list[int]] = []
        for r in sorted(set(rows)):
            if runs and r == runs[-1][-1] + 1:
                runs[-1].append(r)
            else:
                runs.append([r])
        for run in runs:
            a, b = run[0], run[-1]
            parts.append(f"{name}!{range_ref(a, c, b, c)}")
    return ";".join(parts)


def _sheet_name(sheet: str) -> str:
    """A sheet's name as a reference writes it: quoted unless letters, digits and ``_`` only."""
    return sheet if sheet.replace("_", "").isalnum() else "'" + sheet.replace("'", "''") + "'"


def inside(bounds: Iterable[Bounds], r: int, c: int) -> bool:
    return any(r1 <= r <= r2 and c1 <= c <= c2 for r1, c1, r2, c2 in bounds)


def format_ranges(ranges: Iterable[tuple[str, Bounds]]) -> str:
    """``(sheet, (r1, c1, r2, c2))`` rectangles as a list (``Ringkasan!A15:C15``), in sheet, row, column order."""
    return ";".join(f"{_sheet_name(sheet)}!{range_ref(*rng)}" for sheet, rng in sorted(ranges))


class CellFormats(NamedTuple):
    """What the clients send beside the payload, by sheet name as written (match case-insensitively)."""

    percent: dict[str, list[Bounds]]
    """Cells formatted as a percent (a number there is a fraction of 100)."""
    month: dict[str, list[Bounds]]
    """Cells formatted as a month and year without the day (a date there is the month meant)."""
    merged: dict[str, list[Bounds]]
    """Merged areas of the sheets that hold tables."""


_SECTION = re.compile(r"\[(bulan|gabung)\]")


def parse_cell_formats(text: str | None) -> CellFormats:
    """The sections of the clients' text, each read by :func:`parse_cell_list` (bounded the same way)."""
    parts = _SECTION.split(text or "", maxsplit=2)
    sections = {"persen": parts[0]}
    for name, body in zip(parts[1::2], parts[2::2], strict=False):
        sections.setdefault(name, body)
    return CellFormats(parse_cell_list(sections["persen"]), parse_cell_list(sections.get("bulan")),
                       parse_cell_list(sections.get("gabung")))


def format_cell_formats(percent: str, month: str = "", merged: str = "") -> str:
    """The clients' text from its three lists (sections left out when empty)."""
    return percent + (f"[bulan]{month}" if month else "") + (f"[gabung]{merged}" if merged else "")
