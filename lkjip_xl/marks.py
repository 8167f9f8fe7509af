"""Which input cells a check colours, and in which colour: one rule for the Excel buttons and ``lkjip recompute``.

A cell at fault is pink (an error) or yellow (a warning); a cell coloured by an earlier run whose fault is gone
turns white again, the colour of every input cell in the standard workbook. The cells coloured are recorded in
Meta "Sel Ditandai", so the next run (from either path) knows what to clear. Only single cells in the body of an
input column are ever coloured or cleared, whatever that record claims: headers and grey computed columns keep
their look.
"""

from __future__ import annotations

from .addresses import Bounds, inside, parse_cell_list
from .issues import CheckResult
from .model import Workbook
from .schema import OWNED_TABLES, TABLES, norm
from .xlsx import cell_ref

__all__ = ["ERROR_COLOR", "WARNING_COLOR", "CLEAR_COLOR", "marked_cells", "markable", "paints"]

ERROR_COLOR = "#FFC7CE"
WARNING_COLOR = "#FFEB9C"
CLEAR_COLOR = "#FFFFFF"
"""Input cells are white in the standard workbook: clearing a mark restores that."""

def markable(wb: Workbook, cells: str | None) -> list[str]:
    """The single cells of ``cells`` (a list as Meta "Sel Ditandai" keeps it) in the body of an input column of a
    table staff type into."""
    areas: dict[str, list[Bounds]] = {}
    for name, g in wb.geoms.items():
        t = TABLES.get(name)
        if name in OWNED_TABLES or t is None:
            continue
        inputs = {norm(c.name) for c in t.columns if not c.computed}
        for key, j in g.columns.items():
            if key in inputs or (name == "Indikator" and key.startswith("target ")):
                areas.setdefault(g.sheet.lower(), []).append((g.first_row, j, g.last_row, j))
    out: list[str] = []
    for sheet, rects in parse_cell_list(cells).items():
        for r1, c1, r2, c2 in rects:
            if (r1, c1) == (r2, c2) and inside(areas.get(sheet.lower(), ()), r1, c1):
                out.append(f"{sheet}!{cell_ref(r1, c1)}")
    return out


def marked_cells(wb: Workbook, result: CheckResult) -> list[str]:
    """The input cells to colour for ``result``, in the order of its issues (``Sheet!A1``); the catalogue says
    which codes mark their cell (not those a recompute fixes)."""
    out: list[str] = []
    for i in result.issues:
        if i.cell and i.type.marks_cell:
            key = f"{i.sheet}!{i.cell}"
            if key not in out and markable(wb, key):
                out.append(key)
    return out


def paints(wb: Workbook, result: CheckResult, marked: list[str]) -> dict[str, str]:
    """Colour per cell (``Sheet!A1`` → ``#RRGGBB``): the marked cells by their worst issue, and the cells the
    previous run recorded that are no longer at fault back to white."""
    worst: dict[str, str] = {}
    for i in result.issues:
        key = f"{i.sheet}!{i.cell}"
        if worst.get(key) != "error":
            worst[key] = i.severity
    out = {key: CLEAR_COLOR for key in markable(wb, wb.meta.get("sel ditandai")) if key not in marked}
    for key in marked:
        out[key] = ERROR_COLOR if worst.get(key) == "error" else WARNING_COLOR
    return out
