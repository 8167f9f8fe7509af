"""Comparisons with earlier years and with the Renstra's end target (PermenPAN-RB 53/2014's required
comparisons)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .capaian import RUMUS_NEGATIF_SELISIH, Capaian, capaian

__all__ = ["Perubahan", "perubahan", "kemajuan"]


@dataclass(frozen=True)
class Perubahan:
    poin: Decimal | None
    """The change in points (85,5 − 81 = 4,5)."""
    persen: Decimal | None
    """The change relative to the earlier value, in percent; None from 0."""
    arah: str | None
    """naik, turun or tetap."""


def perubahan(now: Decimal | None, before: Decimal | None) -> Perubahan:
    """This year against an earlier one; nothing when either is missing (never a change from 0)."""
    if now is None or before is None:
        return Perubahan(None, None, None)
    d = now - before
    return Perubahan(d, (d / before * 100) if before else None, "naik" if d > 0 else "turun" if d < 0 else "tetap")


def kemajuan(realisasi: Decimal | None, target_akhir: Decimal | None, polaritas: str | None = "Positif", *,
             rumus_negatif: str = RUMUS_NEGATIF_SELISIH) -> Capaian:
    """"Tingkat kemajuan": this year's realisasi against the plan's end target, by the indicator's polarity."""
    return capaian(target_akhir, realisasi, polaritas, rumus_negatif=rumus_negatif)
