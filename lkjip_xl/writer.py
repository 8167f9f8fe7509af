"""Write a plan into the .xlsx package: only computed cells and the tables the tool owns.

Cells keep their style (a new cell copies the style of the cell above it); every part the plan does not touch
is copied byte for byte, so images, text boxes, charts, comments, conditional formats, x14 validations and
sparklines the user added survive. A cell whose value is already right is not rewritten, so a second
recompute of an unchanged workbook changes nothing at all.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .errors import TableCannotGrow
from .growth import growth_issues
from .model import Workbook
from .plan import Plan
from .schema import OWNED_TABLES
from .validate import same_value
from .xlsx import KEEP, CellWrite, Package, cell_ref, split_ref

__all__ = ["apply_plan", "paint_cells"]


def apply_plan(pkg: Package, wb: Workbook, plan: Plan) -> int:
    """Patch ``pkg`` in memory; returns the number of cells written (at least 1 when anything changed; 0: the file
    is already up to date).

    Raises :class:`~lkjip_xl.errors.TableCannotGrow`, having changed nothing, when an owned table would grow over
    merged cells, another table or filled cells (:mod:`lkjip_xl.growth`)."""
    blocked = growth_issues(pkg, wb, {t: len(rows) for t, rows in plan.owned.items()})
    if blocked:
        raise TableCannotGrow(blocked, path=pkg.path)
    writes: dict[str, dict[tuple[int, int], CellWrite]] = {}
    for table, fills in plan.fills.items():
        g = wb.geoms.get(table)
        if g is None:
            continue
        _collect(pkg, g.sheet, writes, {
            (r, g.columns[col]): v for r, vals in fills.items() for col, v in vals.items() if col in g.columns
        })
    resized = False
    for table in OWNED_TABLES:
        rows = plan.owned.get(table)
        g = wb.geoms.get(table)
        tp = pkg.table(table)
        if rows is None or g is None or tp is None:
            continue
        n = max(1, len(rows))
        new_last = g.first_row + n - 1
        old_last = g.last_row
        values: dict[tuple[int, int], Any] = {}
        for k, row in enumerate(rows):
            for col, v in row.items():
                j = g.columns.get(col)
                if j is not None:
                    values[(g.first_row + k, j)] = v
        for r in range(g.first_row, max(new_last, old_last) + 1):
            for j in g.columns.values():
                values.setdefault((r, j), None)
        _collect(pkg, g.sheet, writes, values, template_row=g.first_row)
        if new_last != old_last:
            pkg.set_table_ref(tp, f"{cell_ref(g.header_row, g.first_col)}:{cell_ref(new_last, g.last_col)}")
            resized = True
            if table == "RingkasanSasaran":  # its charts follow its row count
                pkg.retarget_charts(g.sheet, g.first_row, new_last)
    n_cells = sum(len(w) for w in writes.values())
    links_changed = _validasi_links(pkg, wb, plan)
    if not n_cells and not resized and not links_changed:
        return 0
    for sheet, w in writes.items():
        pkg.write_cells(sheet, w)
    pkg.drop_calc_chain()
    pkg.force_full_calc_on_load()
    return n_cells or 1  # a table that only shrank, or only its links changed: still a change to save


def _collect(
    pkg: Package,
    sheet: str,
    writes: dict[str, dict[tuple[int, int], CellWrite]],
    values: dict[tuple[int, int], Any],
    template_row: int | None = None,
) -> None:
    cells = pkg.cells(sheet)
    out = writes.setdefault(sheet, {})
    for (r, j), v in values.items():
        have = cells.get((r, j))
        if have is not None and not have.formula and same_value(have.value, v) and _exact(have.value, v):
            continue
        if have is None and (v is None or v == ""):
            continue
        like = None
        if have is None:  # maybe no element at all (below the template's styled rows): the writer styles it so
            like = template_row if template_row is not None else r - 1
        out[(r, j)] = CellWrite(v, like=like)


def _exact(have: Any, want: Any) -> bool:
    """same_value tolerates float noise; for writing we also want the stored text to be what we'd write."""
    if isinstance(want, Decimal) and isinstance(have, float):
        return abs(Decimal(repr(have)) - want) <= abs(want) * Decimal("1e-14")
    return True


def _validasi_links(pkg: Package, wb: Workbook, plan: Plan) -> bool:
    g = wb.geoms.get("Validasi")
    if g is None or "sel" not in g.columns:
        return False
    j = g.columns["sel"]
    links = [(cell_ref(g.first_row + k, j), loc, "Menuju sel " + loc) for k, loc in plan.links]
    if pkg.hyperlinks(g.sheet) == [(a, b) for a, b, _ in links]:
        return False
    pkg.set_hyperlinks(g.sheet, links)
    return True


def paint_cells(pkg: Package, colours: dict[str, str]) -> int:
    """Give cells (``Sheet!A1`` → ``#RRGGBB``) a solid fill, keeping their content and the rest of their style;
    returns how many cells changed (0 when every one already has its colour)."""
    writes: dict[str, dict[tuple[int, int], CellWrite]] = {}
    styles: dict[str, dict[tuple[int, int], int]] = {}
    for key, rgb in colours.items():
        sheet, _, ref = key.rpartition("!")
        sp = pkg.sheet(sheet)
        if sp is None:
            continue
        if sp.name not in styles:
            styles[sp.name] = pkg.styles_of(sp.name)
        r, c = split_ref(ref)
        base = styles[sp.name].get((r, c), 0)
        style = pkg.fill_style(base, rgb)
        if style != base:
            writes.setdefault(sp.name, {})[(r, c)] = CellWrite(KEEP, style=style)
    for sheet, w in writes.items():
        pkg.write_cells(sheet, w)
    return sum(len(w) for w in writes.values())
