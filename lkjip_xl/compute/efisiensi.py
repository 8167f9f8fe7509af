from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Efisiensi", "efisiensi", "verdict", "SELISIH", "RASIO", "SISA_ANGGARAN"]
SELISIH, RASIO, SISA_ANGGARAN = "Selisih", "Rasio", "Sisa Anggaran"

@dataclass(frozen=True)
class Efisiensi:
    selisih: Decimal | None
    rasio: Decimal | None
    sisa_anggaran: Decimal | None
    efisien: dict

def efisiensi(capaian, serapan) -> Efisiensi:
    if capaian is None or serapan is None:
        return Efisiensi(None, None, None, {SELISIH: None, RASIO: None, SISA_ANGGARAN: None})
    sel = capaian - serapan
    ras = capaian / serapan if serapan else None
    sisa = (100 - serapan) if capaian >= 100 else None
    return Efisiensi(sel, ras, sisa, {SELISIH: sel > 0, RASIO: None if ras is None else ras >= 1,
                                      SISA_ANGGARAN: None if sisa is None else sisa > 0})

def verdict(e: Efisiensi, metode: str):
    return e.efisien.get(metode)
