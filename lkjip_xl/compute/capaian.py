from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Capaian", "capaian", "rollup_triwulan", "POSITIF", "NEGATIF", "TEPAT", "RUMUS_NEGATIF_SELISIH", "RUMUS_NEGATIF_RASIO"]
POSITIF, NEGATIF, TEPAT = "Positif", "Negatif", "Tepat"
RUMUS_NEGATIF_SELISIH = "(2T-R)/T"
RUMUS_NEGATIF_RASIO = "T/R"
H = Decimal(100)

@dataclass(frozen=True)
class Capaian:
    value: Decimal | None
    status: str
    note: str | None = None

def capaian(target, realisasi, polaritas=POSITIF, *, rumus_negatif=RUMUS_NEGATIF_SELISIH, batas_atas=None) -> Capaian:
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

def rollup_triwulan(values: Sequence[Decimal | None], agregasi: str) -> Decimal | None:
    filled = [v for v in values if v is not None]
    if not filled:
        return None
    a = (agregasi or "").lower()
    if a.startswith("kumulatif"):
        return sum(filled, Decimal(0))
    if a.startswith("rata"):
        return sum(filled, Decimal(0)) / len(filled)
    return filled[-1]
