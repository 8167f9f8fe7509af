"""The predikat of a capaian from the workbook's scale (Skala), and what is wrong with a scale.

The scale is data, not code: pemda print different ones (Permendagri 86/2017's five bands by default;
Bantarbolang's own, with gaps). Bands are half-open, lower ≤ capaian < upper, the top one open-ended.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Band", "DEFAULT_SKALA", "predikat", "SkalaProblem", "skala_problems"]


@dataclass(frozen=True)
class Band:
    lower: Decimal
    upper: Decimal | None
    """Exclusive; None for the top band."""
    label: str


DEFAULT_SKALA = (Band(Decimal(91), None, "Sangat Tinggi"), Band(Decimal(76), Decimal(91), "Tinggi"),
                 Band(Decimal(66), Decimal(76), "Sedang"), Band(Decimal(51), Decimal(66), "Rendah"),
                 Band(Decimal(0), Decimal(51), "Sangat Rendah"))
"""Permendagri 86/2017."""


def predikat(value: Decimal | None, skala: Sequence[Band]) -> str | None:
    """The label of the band holding ``value``; None for no value or a value in a gap of the scale."""
    if value is None:
        return None
    for b in skala:
        if value >= b.lower and (b.upper is None or value < b.upper):
            return b.label
    return None


@dataclass(frozen=True)
class SkalaProblem:
    kind: str
    """batas-terbalik, tidak-dari-nol, tumpang-tindih, celah or tidak-terbuka-atas."""
    index: int
    other: int | None
    lower: Decimal | None
    upper: Decimal | None


def skala_problems(skala: Sequence[Band]) -> list[SkalaProblem]:
    """Every way the scale fails to give exactly one predikat to each capaian from 0 up, by band index."""
    out: list[SkalaProblem] = []
    order = sorted(range(len(skala)), key=lambda i: skala[i].lower)
    for i in order:
        band = skala[i]
        if band.upper is not None and band.upper <= band.lower:
            out.append(SkalaProblem("batas-terbalik", i, None, band.lower, band.upper))
    if order and skala[order[0]].lower > 0:
        out.append(SkalaProblem("tidak-dari-nol", order[0], None, skala[order[0]].lower, None))
    for a, b in zip(order, order[1:]):
        ua = skala[a].upper
        if ua is None or ua > skala[b].lower:
            out.append(SkalaProblem("tumpang-tindih", b, a, skala[b].lower, ua))
        elif ua < skala[b].lower:
            out.append(SkalaProblem("celah", b, a, ua, skala[b].lower))
    if order and skala[order[-1]].upper is not None:
        out.append(SkalaProblem("tidak-terbuka-atas", order[-1], None, None, skala[order[-1]].upper))
    return out
