from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["BudgetLine", "BudgetTotal", "BudgetRollup", "rollup", "serapan", "sisa"]

@dataclass(frozen=True)
class BudgetLine:
    key: int
    code: str
    parent: str
    level: str
    pagu_murni: int | None
    pagu: int | None
    realisasi: int | None

@dataclass(frozen=True)
class BudgetTotal:
    key: int
    pagu_murni: int | None
    pagu: int | None
    realisasi: int | None
    from_children: bool
    typed_pagu: int | None
    typed_realisasi: int | None
    typed_pagu_murni: int | None
    murni_explicit: bool = False
    """Whether a Pagu Murni was typed on this line or below; if not, pagu_murni is the pagu (unchanged)."""

@dataclass(frozen=True)
class BudgetRollup:
    totals: dict
    grand: BudgetTotal
    orphans: tuple
    cycles: tuple
    duplicates: tuple

def _add(a, b):
    if b is None:
        return a
    return b if a is None else a + b

def rollup(lines: Sequence[BudgetLine]) -> BudgetRollup:
    by_code, dups = {}, []
    for ln in lines:
        if ln.code and ln.code in by_code:
            dups.append(ln.key)
        elif ln.code:
            by_code[ln.code] = ln
    active = [ln for ln in lines if ln.key not in dups]
    children = {}
    orphans = []
    for ln in active:
        if ln.parent:
            if ln.parent in by_code and by_code[ln.parent].key != ln.key:
                children.setdefault(ln.parent, []).append(ln)
            else:
                orphans.append(ln.key)
    cycles = set()
    for ln in active:
        seen, cur = [], ln
        while cur.parent and cur.parent in by_code:
            if cur.key in seen:
                cycles.update(seen[seen.index(cur.key):])
                break
            seen.append(cur.key)
            cur = by_code[cur.parent]
            if cur.key == ln.key:
                cycles.update(seen)
                break
    totals = {}
    def total(ln, stack=()):
        if ln.key in totals:
            return totals[ln.key]
        kids = [k for k in children.get(ln.code, []) if k.key not in cycles and k.key not in stack] if ln.code else []
        if kids:
            # Pagu and Realisasi: the children's sum where any child has one, else the parent's own figure
            sums: dict[str, int | None] = {"pagu": None, "realisasi": None}
            kts = [total(k, stack + (ln.key,)) for k in kids]
            for kt in kts:
                for f in sums:
                    sums[f] = _add(sums[f], getattr(kt, f))
            p = sums["pagu"] if sums["pagu"] is not None else ln.pagu
            r = sums["realisasi"] if sums["realisasi"] is not None else ln.realisasi
            pm, explicit = _murni(kts, ln.pagu_murni, p)
            t = BudgetTotal(ln.key, pm, p, r, True, ln.pagu, ln.realisasi, ln.pagu_murni, explicit)
        else:
            pm = ln.pagu_murni if ln.pagu_murni is not None else ln.pagu
            t = BudgetTotal(ln.key, pm, ln.pagu, ln.realisasi, False, ln.pagu, ln.realisasi, ln.pagu_murni,
                            ln.pagu_murni is not None)
        totals[ln.key] = t
        return t
    for ln in lines:
        total(ln)
    roots = [ln for ln in active if not ln.parent or ln.key in orphans or ln.key in cycles]
    p = r = None
    for ln in roots:
        t = totals[ln.key]
        p, r = _add(p, t.pagu), _add(r, t.realisasi)
    pm, explicit = _murni([totals[ln.key] for ln in roots], None, p)
    grand = BudgetTotal(-1, pm, p, r, True, None, None, None, explicit)
    return BudgetRollup(totals, grand, tuple(orphans), tuple(sorted(cycles)), tuple(dups))

def _murni(kts, typed, pagu):
    """Pagu Murni of a parent: a blank Pagu Murni means "unchanged by the perubahan", i.e. equal to the Pagu.

    Where some line below carries a Pagu Murni, the parent's is the sum over its children (each child's murni, or
    its pagu when unchanged). Where none does, a Pagu Murni typed on the parent itself stands (Balapulang prints
    murni budgets per program only); failing that it equals the pagu.
    """
    if any(k.murni_explicit for k in kts):
        total = None
        for k in kts:
            total = _add(total, k.pagu_murni if k.pagu_murni is not None else k.pagu)
        return total, True
    if typed is not None:
        return typed, True
    return pagu, False

def serapan(pagu, realisasi):
    if pagu is None or realisasi is None or pagu == 0:
        return None
    return Decimal(realisasi) / Decimal(pagu) * 100

def sisa(pagu, realisasi):
    if pagu is None or realisasi is None:
        return None
    return pagu - realisasi
