"""The budget: amounts rolled up from sub kegiatan to kegiatan, program and the grand total; serapan and sisa.

Money is int rupiah throughout, so every sum is exact; a blank amount is "not typed", never zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

__all__ = ["BudgetLine", "BudgetTotal", "BudgetRollup", "rollup", "serapan", "sisa"]


class BudgetLine(NamedTuple):
    """One row of the Anggaran table as typed; ``key`` is its sheet row.

    Named tuples, this and BudgetTotal: a frozen dataclass took four times as long to make, and a kabupaten's
    roll-up makes tens of thousands."""

    key: int
    code: str
    parent: str
    level: str
    pagu_murni: int | None
    pagu: int | None
    realisasi: int | None


class BudgetTotal(NamedTuple):
    """A line's amounts after the roll-up, and what was typed on it (to compare the two)."""

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
    murni_complete: bool = False
    """Whether pagu_murni is made only of what was typed (every line below has its Pagu Murni, or this one has):
    only then is it the pagu murni the DPA states, not a sum that takes blanks as unchanged."""


@dataclass(frozen=True)
class BudgetRollup:
    totals: dict[int, BudgetTotal]
    """By line key."""
    grand: BudgetTotal
    orphans: tuple[int, ...]
    """Keys of lines whose Kode Induk names no line."""
    cycles: tuple[int, ...]
    """Keys of lines that are (directly or not) their own parent."""
    duplicates: tuple[int, ...]
    """Keys of lines whose Kode was used by an earlier line."""

def _sum(amounts: Iterable[int | None]) -> int | None:
    """A sum where a blank is no amount (not zero): blanks only stay blank."""
    got = [a for a in amounts if a is not None]
    return sum(got) if got else None


def rollup(lines: Sequence[BudgetLine]) -> BudgetRollup:
    """Every line's Pagu, Pagu Murni and Realisasi from the lowest level typed (domain.md, Budget).

    A parent's amount is the sum of its children's where any child has one, else the figure typed on the parent
    itself. Lines whose code repeats (after the first), whose parent code does not exist, or whose parents form a
    cycle are reported (``duplicates``, ``orphans``, ``cycles``); orphans and cycle members count as top-level
    lines so that no money disappears from the grand total.
    """
    by_code: dict[str, BudgetLine] = {}
    dups: list[int] = []
    for ln in lines:
        if ln.code and ln.code in by_code:
            dups.append(ln.key)
        elif ln.code:
            by_code[ln.code] = ln
    dup_keys = set(dups)
    active = [ln for ln in lines if ln.key not in dup_keys]
    children: dict[str, list[BudgetLine]] = {}
    orphans: list[int] = []
    for ln in active:
        if ln.parent:
            if ln.parent in by_code and by_code[ln.parent].key != ln.key:
                children.setdefault(ln.parent, []).append(ln)
            else:
                orphans.append(ln.key)
    cycles: set[int] = set()
    for ln in active:
        seen: list[int] = []
        cur = ln
        while cur.parent and cur.parent in by_code:
            if cur.key in seen:
                cycles.update(seen[seen.index(cur.key):])
                break
            seen.append(cur.key)
            cur = by_code[cur.parent]
            if cur.key == ln.key:
                cycles.update(seen)
                break
    totals: dict[int, BudgetTotal] = {}
    for ln in lines:
        _total(ln, frozenset(), totals, children, cycles)
    orphan_keys = set(orphans)
    roots = [totals[ln.key] for ln in active if not ln.parent or ln.key in orphan_keys or ln.key in cycles]
    p = _sum(t.pagu for t in roots)
    pm, explicit = _murni(roots, None, p)
    grand = BudgetTotal(-1, pm, p, _sum(t.realisasi for t in roots), True, None, None, None, explicit,
                        _complete(roots, None))
    return BudgetRollup(totals, grand, tuple(orphans), tuple(sorted(cycles)), tuple(dups))


def _total(ln: BudgetLine, above: frozenset[int], totals: dict[int, BudgetTotal],
           children: dict[str, list[BudgetLine]], cycles: set[int]) -> BudgetTotal:
    """``ln``'s amounts, its children's first (memoised in ``totals``); ``above`` are the lines on the way down.

    A module function, not a closure: a closure that calls itself is a reference cycle, and would keep each
    workbook's roll-up alive until the cycle collector ran."""
    got = totals.get(ln.key)
    if got is not None:
        return got
    kids = [k for k in children.get(ln.code, ()) if k.key not in cycles and k.key not in above] if ln.code else []
    if kids:
        inner = above | {ln.key}
        kts = [_total(k, inner, totals, children, cycles) for k in kids]
        p = _sum(kt.pagu for kt in kts)
        r = _sum(kt.realisasi for kt in kts)
        p = ln.pagu if p is None else p
        r = ln.realisasi if r is None else r
        pm, explicit = _murni(kts, ln.pagu_murni, p)
        t = BudgetTotal(ln.key, pm, p, r, True, ln.pagu, ln.realisasi, ln.pagu_murni, explicit,
                        _complete(kts, ln.pagu_murni))
    else:
        pm = ln.pagu_murni if ln.pagu_murni is not None else ln.pagu
        t = BudgetTotal(ln.key, pm, ln.pagu, ln.realisasi, False, ln.pagu, ln.realisasi, ln.pagu_murni,
                        ln.pagu_murni is not None, ln.pagu_murni is not None)
    totals[ln.key] = t
    return t


def _murni(kts: Sequence[BudgetTotal], typed: int | None, pagu: int | None) -> tuple[int | None, bool]:
    """Pagu Murni of a parent: a blank Pagu Murni means "unchanged by the perubahan", i.e. equal to the Pagu.

    Where some line below carries a Pagu Murni, the parent's is the sum over its children (each child's murni, or
    its pagu when unchanged). Where none does, a Pagu Murni typed on the parent itself stands (Balapulang prints
    murni budgets per program only); failing that it equals the pagu.
    """
    if any(k.murni_explicit for k in kts):
        return _sum(k.pagu_murni if k.pagu_murni is not None else k.pagu for k in kts), True
    if typed is not None:
        return typed, True
    return pagu, False


def _complete(kts: Sequence[BudgetTotal], typed: int | None) -> bool:
    """Whether a parent's pagu murni is all typed: by its children when any of them carries one (the rule of
    :func:`_murni`), else by a Pagu Murni typed on the parent itself."""
    if any(k.murni_explicit for k in kts):
        return all(k.murni_complete for k in kts)
    return typed is not None


def serapan(pagu: int | None, realisasi: int | None) -> Decimal | None:
    """Realisasi as a percentage of pagu, exact (rounded only for display); none without a pagu."""
    if pagu is None or realisasi is None or pagu == 0:
        return None
    return Decimal(realisasi) / Decimal(pagu) * 100


def sisa(pagu: int | None, realisasi: int | None) -> int | None:
    if pagu is None or realisasi is None:
        return None
    return pagu - realisasi
