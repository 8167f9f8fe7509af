"""The operations, for the command line, the Excel buttons and Python users alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .compute import Computed, compute_all
from .issues import CheckResult
from .model import Workbook
from .ooxml import Package
from .plan import Plan, plan_inputs, plan_owned
from .reader import read_package
from .validate import validate

__all__ = ["Outcome", "check", "recompute", "evaluate"]


@dataclass
class Outcome:
    workbook: Workbook
    computed: Computed
    result: CheckResult
    plan: Plan
    written: int = 0
    """Cells written by recompute (0 when the file was already up to date)."""


def evaluate(pkg: Package, *, now: dt.datetime | None = None) -> Outcome:
    """Read, compute, validate and plan every computed cell: everything but writing."""
    wb = read_package(pkg)
    c = compute_all(wb)
    p = plan_inputs(wb, c)
    result = validate(wb, c, p)
    plan_owned(p, wb, c, result, now=now)
    return Outcome(wb, c, result, p)


def check(path: str | Path) -> Outcome:
    """Validate a workbook file; never writes."""
    return evaluate(Package.open(path))


def recompute(path: str | Path, out: str | Path | None = None, *, now: dt.datetime | None = None) -> Outcome:
    """Write every computed cell, Efisiensi, Ringkasan, Validasi and the fingerprint, atomically.

    The issues reported are those of the workbook as it stands after the recompute (stale or typed-over
    computed cells are fixed by it, so they are not reported).
    """
    from .writer import apply_plan

    src = Path(path)
    pkg = Package.open(src)
    first = evaluate(pkg, now=now)
    # Issues about computed cells disappear once they are rewritten: validate as the written file will read.
    after = _after_write_result(first)
    wb = first.workbook
    plan_owned(first.plan, wb, first.computed, after, now=now)
    if (
        wb.meta.get("sidik jari input") == wb.fingerprint
        and wb.meta.get("sidik jari hasil") == first.plan.digest()
        and wb.meta.get("terakhir dihitung")
    ):
        # nothing changed since the last recompute: keep its time stamp, so the file stays byte-identical
        plan_owned(first.plan, wb, first.computed, after, now=wb.meta["terakhir dihitung"])
    written = apply_plan(pkg, first.workbook, first.plan)
    target = Path(out) if out else src
    if written or target != src:
        pkg.save(target)
    return Outcome(first.workbook, first.computed, after, first.plan, written)


_COMPUTED_CODES = {"belum-dihitung", "nilai-terhitung-usang", "nilai-terhitung-diubah"}


def _after_write_result(o: Outcome) -> CheckResult:
    return CheckResult([i for i in o.result.issues if i.code not in _COMPUTED_CODES], o.result.stats)
