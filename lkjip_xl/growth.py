"""Whether the tables a recompute owns can grow to their planned rows.

A table the tool owns (Efisiensi, RingkasanSasaran, Ikhtisar, Validasi, Meta) grows downwards to its rows.
Excel "repairs" a file whose table covers merged cells or another table (it deletes the table), and the rows it
takes would overwrite what staff typed there. So a check reports ``tabel-tidak-bisa-tumbuh`` at the first cell in
the way, and a recompute writes nothing (:class:`lkjip_xl.errors.TableCannotGrow`). Pure: it only reads the source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .issues import Issue, issue
from .model import Workbook
from .schema import OWNED_TABLES
from .xlsx import cell_ref, parse_range, range_ref
from .xlsx.source import WorkbookSource

__all__ = ["GROWTH_CODE", "Obstacle", "Blocked", "growth_conflicts", "growth_issues", "blocked_issue"]

GROWTH_CODE = "tabel-tidak-bisa-tumbuh"
"""The tables a recompute sizes to their rows, in the order the writer writes them."""


@dataclass(frozen=True)
class Obstacle:
    """Something in the rows a growing table would take."""

    kind: Literal["gabungan", "tabel", "isian"]
    """Merged cells, another table, or cells holding a value or a formula."""
    ref: str
    """Its range: the whole merge or table, or a run of filled cells in one row ("A20:C20")."""
    at: tuple[int, int]
    """Its first cell (row, column) inside the rows the table would take."""
    name: str = ""
    """The other table's name."""


@dataclass(frozen=True)
class Blocked:
    """An owned table that cannot grow to its planned rows."""

    table: str
    sheet: str
    ref: str
    """The range the table would take."""
    last_row: int
    obstacles: tuple[Obstacle, ...]
    """In sheet order (by first cell inside the new rows); never empty."""

    @property
    def at(self) -> tuple[int, int]:
        return self.obstacles[0].at


def growth_conflicts(src: WorkbookSource, wb: Workbook, sizes: Mapping[str, int]) -> list[Blocked]:
    """The owned tables that would grow over something; ``sizes``: the rows planned per table.

    ``src`` is the file package or the open book (each a :class:`~lkjip_xl.xlsx.source.WorkbookSource`). Only the
    rows a table gains count: rows it frees when it shrinks are blanked by the writer.
    """
    out: list[Blocked] = []
    for table in OWNED_TABLES:
        n = sizes.get(table)
        g = wb.geoms.get(table)
        tp = src.table(table)
        if n is None or g is None or tp is None:
            continue
        new_last = g.first_row + max(1, n) - 1
        top = max(g.last_row, tp.bounds[2]) + 1
        if new_last < top:
            continue
        area = (top, g.first_col, new_last, g.last_col)
        found: list[Obstacle] = []
        for rng in src.merged(g.sheet):
            if hit := _overlap(rng, area):
                found.append(Obstacle("gabungan", range_ref(*rng), hit))
        sp = src.sheet(g.sheet)
        for other in sp.tables if sp is not None else ():
            if other is tp or other.name == tp.name:
                continue
            if hit := _overlap(other.bounds, area):
                found.append(Obstacle("tabel", range_ref(*other.bounds), hit, other.display_name or other.name))
        found.extend(_filled(src.rows(g.sheet), area, [parse_range(o.ref) for o in found]))
        if found:
            found.sort(key=lambda o: o.at)
            ref = f"{cell_ref(g.header_row, g.first_col)}:{cell_ref(new_last, g.last_col)}"
            out.append(Blocked(table, g.sheet, ref, new_last, tuple(found)))
    return out


def growth_issues(src: WorkbookSource, wb: Workbook, sizes: Mapping[str, int]) -> list[Issue]:
    """:func:`growth_conflicts` as issues, one a table, at its first cell in the way."""
    return [blocked_issue(b) for b in growth_conflicts(src, wb, sizes)]


def blocked_issue(b: Blocked) -> Issue:
    """The issue for one blocked table: what is in the way, where, and how far down to move it."""
    named: dict[str, list[str]] = {}
    for o in b.obstacles:
        named.setdefault(o.kind, []).append(f"'{o.name}' ({o.ref})" if o.kind == "tabel" else o.ref)
    what = [f"{label} {_listed(named[kind])}"
            for kind, label in (("gabungan", "sel gabungan"), ("tabel", "tabel"), ("isian", "isian di"))
            if kind in named]
    return issue(GROWTH_CODE, b.sheet, cell_ref(*b.at), tabel=b.table, lembar=b.sheet, rentang=b.ref,
                 penghalang=_listed(what, limit=len(what), last=", serta "),
                 sel=_listed([o.ref for o in b.obstacles]),
                 baris=str(b.last_row))


def _listed(items: list[str], limit: int = 6, last: str = " dan ") -> str:
    """'A, B dan C'; past ``limit`` items 'A, B, … dan 7 lainnya'."""
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" dan {len(items) - limit} lainnya"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + last + items[-1]


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, int] | None:
    """The first cell (row, column) both ranges hold, or None."""
    r1, c1 = max(a[0], b[0]), max(a[1], b[1])
    if r1 > min(a[2], b[2]) or c1 > min(a[3], b[3]):
        return None
    return r1, c1


def _filled(rows: Mapping[int, Mapping[int, Any]], area: tuple[int, int, int, int],
            covered: list[tuple[int, int, int, int]]) -> list[Obstacle]:
    """Runs of cells holding a value or a formula in ``area``, one obstacle per run in a row; cells inside a
    merge or table already named are not named again."""
    out: list[Obstacle] = []
    r1, c1, r2, c2 = area
    for r in range(r1, r2 + 1):
        row = rows.get(r)
        if not row:
            continue
        run: list[int] = []
        for j in range(c1, c2 + 2):
            c = row.get(j) if j <= c2 else None
            if c is not None and (c.formula or not _blank(c.value)) and not any(
                    k[0] <= r <= k[2] and k[1] <= j <= k[3] for k in covered):
                run.append(j)
            elif run:
                out.append(Obstacle("isian", range_ref(r, run[0], r, run[-1]), (r, run[0])))
                run = []
    return out


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())
