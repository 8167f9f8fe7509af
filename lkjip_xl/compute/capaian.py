"""Capaian of one indicator, by polarity (domain.md, "Capaian of an indicator"; PermenPAN-RB 53/2014).

Exact Decimal arithmetic; rounding is for display only (:mod:`lkjip_xl.fmt`). Every case the formula cannot
take plainly (target 0, a negative result clamped, a cap) comes back with a status and an Indonesian note, so
the report explains the figure instead of printing it silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Capaian", "capaian", "rollup_triwulan", "POSITIF", "NEGATIF", "TEPAT", "RUMUS_NEGATIF_SELISIH",
           "RUMUS_NEGATIF_RASIO"]

POSITIF, NEGATIF, TEPAT = "Positif", "Negatif", "Tepat"
RUMUS_NEGATIF_SELISIH = "(2T-R)/T"
"""PermenPAN-RB's formula for lower-is-better indicators, the default."""
RUMUS_NEGATIF_RASIO = "T/R"
"""The formula some pemda use instead (a workbook setting)."""
H = Decimal(100)


@dataclass(frozen=True)
class Capaian:
    value: Decimal | None
    """Percent, unrounded; None when it cannot be computed (then ``note`` says why)."""
    status: str
    """ok, belum-diisi, target-kosong, target-nol, tidak-terhitung, dipotong-nol or dibatasi."""
    note: str | None = None
    """Indonesian, for the report's Keterangan."""


def capaian(target: Decimal | int | None, realisasi: Decimal | int | None, polaritas: str | None = POSITIF, *,
            rumus_negatif: str = RUMUS_NEGATIF_SELISIH, batas_atas: Decimal | int | None = None) -> Capaian:
    """R / T × 100 for Positif, (2T − R) / T × 100 (or T / R) for Negatif, 100 − |R − T| / T × 100 for Tepat.

    A missing realisasi is "belum diisi", never 0; target 0 gives 100 or 0 by the domain's rule, with a note; no
    cap unless ``batas_atas`` is set.
    """
    if realisasi is None:
        return Capaian(None, "belum-diisi", "realisasi belum diisi")
    if target is None:
        return Capaian(None, "target-kosong", "target belum diisi")
    pol = (polaritas or POSITIF).strip().lower()
    T, R = Decimal(target), Decimal(realisasi)
    if T == 0:
        if pol == "positif":
            v = H if R >= 0 else Decimal(0)
        else:
            v = H if R == 0 else Decimal(0)
        return Capaian(v, "target-nol", f"target 0: capaian dianggap {v}% karena realisasi {R}")
    status, note = "ok", None
    if pol == "negatif":
        if rumus_negatif == RUMUS_NEGATIF_RASIO:
            if R == 0:
                return Capaian(None, "tidak-terhitung", "rumus T/R tidak terhitung untuk realisasi 0")
            v = T / R * H
        else:
            v = (2 * T - R) / T * H
            if v < 0:
                v, status, note = Decimal(0), "dipotong-nol", "capaian negatif dipotong menjadi 0%"
    elif pol == "tepat":
        v = H - abs(R - T) / T * H
        if v < 0:
            v, status, note = Decimal(0), "dipotong-nol", "capaian negatif dipotong menjadi 0%"
    else:
        v = R / T * H
    if batas_atas is not None and v > batas_atas:
        v, status, note = Decimal(batas_atas), "dibatasi", f"capaian dibatasi {batas_atas}%"
    return Capaian(v, status, note)


def rollup_triwulan(values: Sequence[Decimal | None], agregasi: str | None) -> Decimal | None:
    """The year's realisation from TW I–IV by the indicator's nature: kumulatif (sum), rata-rata (mean of the
    quarters filled) or nilai akhir (the last quarter filled, the default)."""
    filled = [v for v in values if v is not None]
    if not filled:
        return None
    a = (agregasi or "").lower()
    if a.startswith("kumulatif"):
        return sum(filled, Decimal(0))
    if a.startswith("rata"):
        return sum(filled, Decimal(0)) / len(filled)
    return filled[-1]
