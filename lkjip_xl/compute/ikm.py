"""The satisfaction index (IKM) from the survey's nine unsur, and its mutu (PermenPAN-RB 14/2017).

The IKM is always computed from the unsur values: a typed IKM that disagrees is flagged by the validator, never
taken.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["UNSUR", "ikm", "mutu", "ikm_tahunan"]

UNSUR = ("Persyaratan", "Prosedur", "Waktu Pelayanan", "Biaya/Tarif", "Produk Spesifikasi Jenis Pelayanan",
         "Kompetensi Pelaksana", "Perilaku Pelaksana", "Sarana dan Prasarana", "Penanganan Pengaduan")


def ikm(nrr: Sequence[Decimal | None]) -> Decimal | None:
    """Mean of the nine NRR (1–4) × 25; None unless all nine are there."""
    filled = [v for v in nrr if v is not None]
    if len(nrr) != 9 or len(filled) != 9:
        return None
    return sum(filled, Decimal(0)) / 9 * 25


def mutu(value: Decimal | float | int | None) -> tuple[str, str] | None:
    """(letter, words) of the IKM rounded half-up to two decimals, as the regulation's intervals are printed:
    A 88,31–100, B 76,61–88,30, C 65,00–76,60, D 25,00–64,99; None outside them."""
    if value is None:
        return None
    v = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if Decimal("88.31") <= v <= 100:
        return ("A", "Sangat Baik")
    if Decimal("76.61") <= v <= Decimal("88.30"):
        return ("B", "Baik")
    if Decimal("65.00") <= v <= Decimal("76.60"):
        return ("C", "Kurang Baik")
    if Decimal("25.00") <= v <= Decimal("64.99"):
        return ("D", "Tidak Baik")
    return None


def ikm_tahunan(values: Sequence[Decimal | None], weights: Sequence[Decimal | int | None] | None = None
                ) -> Decimal | None:
    """The year's IKM from several rows (semesters or service units): their mean, weighted when weights (for
    instance respondents) are given; rows without an IKM are left out."""
    pairs = [(v, (weights[i] if weights else None)) for i, v in enumerate(values) if v is not None]
    if not pairs:
        return None
    ws = [Decimal(w if w is not None else 1) for _, w in pairs]
    den = sum(ws, Decimal(0))
    return None if den == 0 else sum((v * w for (v, _), w in zip(pairs, ws)), Decimal(0)) / den
