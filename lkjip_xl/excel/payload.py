"""Replay a button press without Excel: a file as the JSON payload the xlwings client sends, and the returned
actions applied back to a file.

``payload_from_file`` builds what the xlwings add-in (VBA) would post for the open workbook: every sheet's values
from A1 to its last used cell (a number typed as ``82,94%`` as Excel stores it, 0,8294; a date as a date), its
tables with their addresses. ``cell_formats_of`` is what the LKjIP add-in and task pane send beside it, which the
payload cannot carry: the table cells formatted as a percent or a month, and the merged areas. ``apply_actions``
writes the actions Excel would execute (values, table sizes, hyperlinks; colours and message boxes are recorded,
not drawn) into a copy of the file, through the same lossless writer as ``lkjip recompute``, so both paths can be
compared cell for cell.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..addresses import format_cell_formats, format_cell_list, format_ranges
from ..xlsx import CellWrite, Package, cell_ref, is_date_serial

__all__ = ["payload_from_file", "cell_formats_of", "apply_actions", "Applied"]


def _xlwings_version() -> str:
    try:
        from importlib.metadata import version

        return version("xlwings")
    except Exception:  # noqa: BLE001 - xlwings absent: the payload is still well formed
        return "0.0.0"


def payload_from_file(path: str | Path) -> dict[str, Any]:
    """The xlwings client's payload for ``path``: ``xw.Book(json=payload_from_file(path))`` is the open book."""
    pkg = Package.open(path)
    sheets = []
    for sp in pkg.sheets:
        cells = pkg.cells(sp.name)
        # Excel's used range reaches the formatted blanks too (a table's spare rows)
        extent = list(cells) + list(pkg.styles_of(sp.name))
        n_rows = max((r for r, _ in extent), default=0)
        n_cols = max((c for _, c in extent), default=0)
        values: list[list[Any]] = [[None] * n_cols for _ in range(n_rows)] if n_rows else [[]]
        for (r, c), cell in cells.items():
            v = cell.value
            if cell.formula and not cell.cached:
                v = None  # Excel would have evaluated it; a script-written file has no value to send
            elif cell.style in pkg.date_styles and isinstance(v, float) and is_date_serial(v):
                v = pkg.serial_to_date(v).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            values[r - 1][c - 1] = v
        tables = []
        for tp in sp.tables:
            r1, c1, r2, c2 = tp.bounds
            first = r1 + tp.header_rows
            last = r2 - tp.totals_rows
            header = [cells[(r1, j)].value if (r1, j) in cells else "" for j in range(c1, c2 + 1)]
            tables.append({
                "name": tp.display_name or tp.name,
                "range_address": _abs(r1, c1, r2, c2),
                "header_row_range_address": _abs(r1, c1, r1, c2) if tp.header_rows else None,
                "data_body_range_address": _abs(first, c1, last, c2) if last >= first else None,
                "total_row_range_address": _abs(r2, c1, r2, c2) if tp.totals_rows else None,
                "show_headers": bool(tp.header_rows),
                "show_totals": bool(tp.totals_rows),
                "table_style": "TableStyleMedium2",
                "show_autofilter": True,
                "columns": [str(h) for h in header],
                "row_count": r2 - r1 + 1,
                "column_count": c2 - c1 + 1,
            })
        sheets.append({"name": sp.name, "values": values, "pictures": [], "tables": tables})
    return {
        "client": "VBA",
        "version": _xlwings_version(),
        "book": {"name": str(Path(path).resolve()), "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": sheets,
    }


def cell_formats_of(path: str | Path) -> str:
    """What the add-in (``SelFormat`` in LkjipTombol.bas) and the task pane send for ``path``: in every table's
    body, the numbers whose format shows a percent and the dates whose format shows a month without its day; and
    the merged areas of every sheet that holds a table."""
    pkg = Package.open(path)
    percent: list[tuple[str, int, int]] = []
    month: list[tuple[str, int, int]] = []
    merged: list[tuple[str, tuple[int, int, int, int]]] = []
    for sp in pkg.sheets:
        rows = pkg.rows(sp.name)
        for tp in sp.tables:
            r1, c1, r2, c2 = tp.bounds
            for r in range(r1 + tp.header_rows, r2 - tp.totals_rows + 1):
                for c, cell in rows.get(r, {}).items():
                    if not c1 <= c <= c2 or type(cell.value) is not float or (cell.formula and not cell.cached):
                        continue
                    if cell.style in pkg.percent_styles:
                        percent.append((sp.name, r, c))
                    elif cell.style in pkg.month_styles and is_date_serial(cell.value):
                        month.append((sp.name, r, c))
        if sp.tables:
            merged += [(sp.name, m) for m in pkg.merged(sp.name)]
    return format_cell_formats(format_cell_list(percent), format_cell_list(month), format_ranges(merged))


def _abs(r1: int, c1: int, r2: int, c2: int) -> str:
    def a(r: int, c: int) -> str:
        ref = cell_ref(r, c)
        col = ref.rstrip("0123456789")
        return f"${col}${ref[len(col):]}"

    return f"{a(r1, c1)}:{a(r2, c2)}"


class Applied:
    """What applying the actions did, for tests and for an operator replaying a press."""

    def __init__(self) -> None:
        self.cells_written = 0
        self.colors: dict[tuple[str, str], str | None] = {}
        self.hyperlinks: list[tuple[str, str, str]] = []
        self.alerts: list[tuple[str, str]] = []
        self.resized: list[tuple[str, str]] = []
        self.unknown: list[str] = []


def apply_actions(path: str | Path, actions: dict[str, Any] | list[dict[str, Any]], out: str | Path,
                  *, payload: dict[str, Any] | None = None) -> Applied:
    """Write the actions into a copy of ``path`` at ``out`` (the original is never touched)."""
    pkg = Package.open(path)
    acts = actions["actions"] if isinstance(actions, dict) else actions
    names = [s["name"] for s in payload["sheets"]] if payload else [s.name for s in pkg.sheets]
    done = Applied()
    writes: dict[str, dict[tuple[int, int], CellWrite]] = {}
    links: dict[str, list[tuple[str, str, str]]] = {}
    for a in acts:
        func = a.get("func")
        # every range action names its sheet; only a book-level one (alert) goes without
        sheet: str = names[a["sheet_position"]] if a.get("sheet_position") is not None else ""
        r0 = (a.get("start_row") or 0) + 1
        c0 = (a.get("start_column") or 0) + 1
        if func == "setValues":
            w = writes.setdefault(sheet, {})
            for i, row in enumerate(a["values"]):
                for j, v in enumerate(row):
                    # a new cell takes the style of the cell above, as the CLI writer does
                    w[(r0 + i, c0 + j)] = CellWrite(_cell_value(v), like=r0 + i - 1)
                    done.cells_written += 1
        elif func == "setRangeColor":
            for i in range(a.get("row_count") or 1):
                for j in range(a.get("column_count") or 1):
                    done.colors[(sheet, cell_ref(r0 + i, c0 + j))] = a["args"][0]
        elif func == "addHyperlink":
            address, text, tip = (list(a["args"]) + ["", "", ""])[:3]
            ref = cell_ref(r0, c0)
            links.setdefault(sheet, []).append((ref, str(address).lstrip("#"), tip))
            done.hyperlinks.append((sheet, ref, address))
        elif func == "resizeTable":
            table_index = a["args"][0]
            new_ref = str(a["args"][1]).replace("$", "")
            sp = pkg.sheet(sheet)
            tp = sp.tables[table_index] if sp is not None and isinstance(table_index, int) else None
            if tp is not None:
                pkg.set_table_ref(tp, new_ref)
                done.resized.append((tp.name, new_ref))
        elif func == "alert":
            done.alerts.append((a["args"][1], a["args"][0]))
        else:
            done.unknown.append(str(func))
    for sheet, w in writes.items():
        pkg.write_cells(sheet, w)
    for sheet, ls in links.items():
        pkg.set_hyperlinks(sheet, ls)
    if writes:
        pkg.drop_calc_chain()
        pkg.force_full_calc_on_load()
    pkg.save(out)
    return done


def _cell_value(v: Any) -> Any:
    """An action's value as the cell holds it: "" clears, a leading apostrophe marks literal text."""
    if v is None or v == "":
        return None
    if isinstance(v, str) and v.startswith("'"):
        return v[1:]
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v
