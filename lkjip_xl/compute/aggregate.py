"""Aggregates of capaian (per sasaran, for the office): means that leave the missing out, never count them 0."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

__all__ = ["mean"]


def mean(values: Iterable[Decimal | None], weights: Iterable[Decimal | None] | None = None, *,
         cap: Decimal | None = None) -> Decimal | None:
    """The (weighted) mean of the values present, each capped at ``cap`` when a cap is set; None if none."""
    vals = list(values)
    ws = list(weights) if weights is not None else [None] * len(vals)
    num, den = Decimal(0), Decimal(0)
    for v, w in zip(vals, ws):
        if v is None:
            continue
        w = Decimal(1) if w is None else Decimal(w)
        if cap is not None:
            v = min(v, cap)
        num += v * w
        den += w
    return None if den == 0 else num / den
