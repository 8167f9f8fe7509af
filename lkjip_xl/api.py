"""The operations, for the command line, the Excel buttons and Python users alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .compute import Computed, compute_all
from .issues import CheckResult
from .model import Workbook
from .ooxml import Package
from .plan import Plan, plan_inputs, plan_owned
from .reader import read_package
from .validate import validate

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
    button) once that is known, not here.
    """
    wb = read_package(pkg)
    c = compute_all(wb)
    p = plan_inputs(wb, c)
    return Outcome(wb, c, validate(wb, c, p), p)


def check(path: str | Path) -> Outcome:
    """Validate a workbook file; never writes."""
    return evaluate(Package.open(path))


def issues_after_write(o: Outcome) -> CheckResult:
    """The issues the workbook will have once recomputed: those about its computed cells are fixed by it."""
    return CheckResult([i for i in o.result.issues if i.code not in _COMPUTED_CODES], o.result.stats)


def plan_write(o: Outcome, result: CheckResult, *, now: dt.datetime | None = None, marked: str | None = None) -> None:
    """Plan the owned tables (Validasi reporting ``result``) for a recompute.

    A workbook whose inputs and results are unchanged since its last recompute keeps that time stamp, so
    rewriting it changes nothing.
    """
    wb, p = o.workbook, o.plan
    plan_owned(p, wb, o.computed, result, now=now, marked=marked)
    if (
        wb.inputs_unchanged
        and wb.meta.get("sidik jari hasil") == p.digest()
        and wb.meta.get("terakhir dihitung")
    ):
        plan_owned(p, wb, o.computed, result, now=wb.meta["terakhir dihitung"], marked=marked)


def recompute(path: str | Path, out: str | Path | None = None, *, now: dt.datetime | None = None) -> Outcome:
    """Write every computed cell, Efisiensi, Ringkasan, Validasi and the fingerprint, atomically."""
    from .writer import apply_plan

    src = Path(path)
    pkg = Package.open(src)
    first = evaluate(pkg)
    after = issues_after_write(first)
    plan_write(first, after, now=now)
    written = apply_plan(pkg, first.workbook, first.plan)
    target = Path(out) if out else src
    if written or target != src:
        pkg.save(target)
    return Outcome(first.workbook, first.computed, after, first.plan, written)


_COMPUTED_CODES = {"belum-dihitung", "nilai-terhitung-usang", "nilai-terhitung-diubah"}
