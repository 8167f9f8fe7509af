"""Efisiensi of a sasaran (or the whole office): its capaian against the share of its budget spent.

The seeds use three methods, all in real use (domain.md, "Efisiensi"); all three are computed and the workbook
chooses which one the narrative states.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Efisiensi", "efisiensi", "verdict", "SELISIH", "RASIO", "SISA_ANGGARAN"]

SELISIH, RASIO, SISA_ANGGARAN = "Selisih", "Rasio", "Sisa Anggaran"


@dataclass(frozen=True)
class Efisiensi:
    selisih: Decimal | None
    """capaian % − serapan %; efisien when above 0."""
    rasio: Decimal | None
    """capaian % / serapan %; efisien from 1."""
    sisa_anggaran: Decimal | None
    """100 − serapan %, counted only when the capaian reached 100."""
    efisien: dict[str, bool | None]
    """Per method: efisien or not, None when that method gives no answer."""


def efisiensi(capaian: Decimal | None, serapan: Decimal | None) -> Efisiensi:
    if capaian is None or serapan is None:
        return Efisiensi(None, None, None, {SELISIH: None, RASIO: None, SISA_ANGGARAN: None})
    sel = capaian - serapan
    ras = capaian / serapan if serapan else None
    sisa = (100 - serapan) if capaian >= 100 else None
    return Efisiensi(sel, ras, sisa, {SELISIH: sel > 0, RASIO: None if ras is None else ras >= 1,
                                      SISA_ANGGARAN: None if sisa is None else sisa > 0})



def verdict(e: Efisiensi, metode: str) -> bool | None:
    return e.efisien.get(metode)
