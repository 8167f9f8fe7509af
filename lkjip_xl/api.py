"""The operations, for the command line, the Excel buttons and Python users alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .compute import Computed, compute_all
from .errors import TableCannotGrow
from .growth import GROWTH_CODE, growth_issues
from .issues import CheckResult, Issue
from .marks import marked_cells, paints
from .model import Workbook
from .plan import Plan, owned_sizes, plan_inputs, plan_owned
from .reader import read_package
from .validate import validate, with_issues
from .xlsx import Package

__all__ = ["Outcome", "check", "recompute", "evaluate", "issues_after_write", "plan_write"]


@dataclass
class Outcome:
    workbook: Workbook
    computed: Computed
    result: CheckResult
    plan: Plan
    written: int = 0
    """Cells written by recompute (0 when the file was already up to date)."""


def evaluate(pkg: Any) -> Outcome:
    """Read, compute, validate and plan every computed input-table cell: all a check needs.

    ``pkg`` is a :class:`Package`, or any source with its reading interface (the Excel buttons pass an open
    xlwings Book through :class:`lkjip_xl.excel.source.BookSource`). The owned tables (Efisiensi, Ringkasan,
    Validasi, Meta) report the issues that will remain, so they are planned by :func:`plan_write` (or the Periksa
    button) once that is known, not here; their sizes are, so the check reports a table a recompute could not grow
    (:mod:`lkjip_xl.growth`).
    """
    wb = read_package(pkg)
    c = compute_all(wb)
    p = plan_inputs(wb, c)
    return Outcome(wb, c, _with_growth(pkg, wb, c, validate(wb, c, p)), p)


def _with_growth(src: Any, wb: Workbook, c: Computed, result: CheckResult) -> CheckResult:
    """``result`` and the owned tables a recompute could not grow (``tabel-tidak-bisa-tumbuh``). Validasi lists
    these issues too, so its size is worked out again with them until it settles (at most twice more)."""
    extra: list[Issue] = []
    for _ in range(4):
        now = with_issues(wb, result, extra) if extra else result
        found = growth_issues(src, wb, owned_sizes(c, sum(1 for i in now.issues if not i.type.fixed_by_recompute)))
        settled = found == extra  # the same tables and cells (an issue's equality ignores its message)
        extra = found
        if settled:
            break
    return with_issues(wb, result, extra) if extra else result


def check(path: str | Path) -> Outcome:
    """Validate a workbook file; never writes."""
    return evaluate(Package.open(path))


def issues_after_write(o: Outcome) -> CheckResult:
    """The issues the workbook will have once recomputed: without those the catalogue says it fixes."""
    return CheckResult([i for i in o.result.issues if not i.type.fixed_by_recompute], o.result.stats)


def plan_write(o: Outcome, result: CheckResult, *, now: dt.datetime | None = None, marked: str | None = None) -> None:
    """Plan the owned tables (Validasi reporting ``result``) for a recompute.

    Raises :class:`~lkjip_xl.errors.TableCannotGrow` when one of them cannot grow to its rows (the check found
    ``tabel-tidak-bisa-tumbuh``): nothing may then be written, by the command line or the Excel button.

    A workbook whose inputs and results are unchanged since its last recompute keeps that time stamp, so
    rewriting it changes nothing.
    """
    blocked = [i for i in o.result.issues if i.code == GROWTH_CODE]
    if blocked:
        raise TableCannotGrow(blocked, path=o.workbook.path)
    wb, p = o.workbook, o.plan
    plan_owned(p, wb, o.computed, result, now=now, marked=marked)
    if (
        wb.inputs_unchanged
        and wb.meta.get("sidik jari hasil") == p.digest()
        and wb.meta.get("terakhir dihitung")
    ):
        plan_owned(p, wb, o.computed, result, now=wb.meta["terakhir dihitung"], marked=marked)


def recompute(path: str | Path, out: str | Path | None = None, *, now: dt.datetime | None = None) -> Outcome:
    """Write every computed cell, Efisiensi, Ringkasan, Validasi and the fingerprint, atomically; colour the input
    cells at fault as the Hitung Ulang button does (:mod:`lkjip_xl.marks`)."""
    from .writer import apply_plan, paint_cells

    src = Path(path)
    pkg = Package.open(src)
    first = evaluate(pkg)
    after = issues_after_write(first)
    marked = marked_cells(first.workbook, after)
    plan_write(first, after, now=now, marked=";".join(marked))
    written = apply_plan(pkg, first.workbook, first.plan)
    written += paint_cells(pkg, paints(first.workbook, after, marked))
    target = Path(out) if out else src
    if written or target != src:
        pkg.save(target)
    return Outcome(first.workbook, first.computed, after, first.plan, written)

