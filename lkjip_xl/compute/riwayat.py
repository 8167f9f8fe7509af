from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .capaian import RUMUS_NEGATIF_SELISIH, Capaian, capaian

__all__ = ["Perubahan", "perubahan", "kemajuan"]

@dataclass(frozen=True)
class Perubahan:
    poin: Decimal | None
    persen: Decimal | None
    arah: str | None

def perubahan(now, before) -> Perubahan:
    if now is None or before is None:
        return Perubahan(None, None, None)
    d = now - before
    return Perubahan(d, (d / before * 100) if before else None, "naik" if d > 0 else "turun" if d < 0 else "tetap")

def kemajuan(realisasi, target_akhir, polaritas="Positif", *, rumus_negatif=RUMUS_NEGATIF_SELISIH) -> Capaian:
    return capaian(target_akhir, realisasi, polaritas, rumus_negatif=rumus_negatif)
