"""One kecamatan workbook → the plain figures the kabupaten's roll-up needs (runs in worker processes).

Every figure comes from the same computation as ``lkjip recompute`` on that workbook, so the roll-up cannot
disagree with what the kecamatan sees. A file that cannot be used becomes a :class:`Masalah`, never an
exception: one bad attachment must not stop a kabupaten's run.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..issues import error_message

__all__ = ["Kecamatan", "Masalah", "extract"]


@dataclass
class Masalah:
    """A file the roll-up leaves out, and why (a line of the Masalah sheet)."""

    berkas: str
    kode: str
    """A code of the catalogue (:data:`lkjip_xl.issues.ERROR_TYPES`)."""
    alasan: str
    """Indonesian, for the Masalah sheet."""

    @classmethod
    def of(cls, berkas: str, kode: str, key: str = "", /, **params: object) -> Masalah:
        """The line whose reason is the catalogue's message ``key`` of ``kode``."""
        return cls(berkas, kode, error_message(kode, key, **params))


@dataclass
class Kecamatan:
    berkas: str
    mtime: float
    kecamatan: str
    kabupaten: str
    provinsi: str
    tahun: int | None
    tanggal_laporan: dt.date | None
    terakhir_dihitung: str
    versi_template: str
    usang: bool
    errors: int
    warnings: int
    capaian: Decimal | None
    predikat: str | None
    metode: str
    n_indikator: int
    n_tercapai: int
    pagu: int | None
    realisasi: int | None
    serapan: Decimal | None
    efisiensi_selisih: Decimal | None
    efisiensi: str
    ikm: Decimal | None
    sasaran: list[dict[str, Any]] = field(default_factory=list)
    indikator: list[dict[str, Any]] = field(default_factory=list)
    anggaran: list[dict[str, Any]] = field(default_factory=list)
    issues: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(severity, code, sheet, cell) of every issue."""


def extract(path: str | Path) -> Kecamatan | Masalah:
    """Read, compute and validate one file; never raises for anything the file contains."""
    from ..api import check
    from ..errors import LkjipError

    p = Path(path)
    try:
        o = check(p)
    except LkjipError as exc:
        return Masalah(str(p), exc.code, exc.message)
    except MemoryError:
        return Masalah.of(str(p), "terlalu-besar")
    except Exception as exc:  # noqa: BLE001 - one broken attachment must not stop the kabupaten's run
        return Masalah.of(str(p), "tidak-terduga", jenis=type(exc).__name__)
    wb, c, r = o.workbook, o.computed, o.result
    total = c.efisiensi[-1] if c.efisiensi else None
    tanggal = wb.prof("Tanggal Laporan")
    return Kecamatan(
        berkas=str(p),
        mtime=os.stat(p).st_mtime,
        kecamatan=str(wb.prof("Nama Instansi", "") or p.stem),
        kabupaten=str(wb.prof("Kabupaten/Kota", "")),
        provinsi=str(wb.prof("Provinsi", "")),
        tahun=c.settings.tahun,
        tanggal_laporan=tanggal if isinstance(tanggal, dt.date) else None,
        terakhir_dihitung=wb.meta.get("terakhir dihitung", ""),
        versi_template=wb.meta.get("versi template", ""),
        usang=not wb.inputs_unchanged,
        errors=len(r.errors),
        warnings=len(r.warnings),
        capaian=c.overall,
        predikat=c.overall_predikat,
        metode=c.overall_note,
        n_indikator=len(c.indicators),
        n_tercapai=c.n_tercapai,
        pagu=c.pagu,
        realisasi=c.realisasi,
        serapan=c.serapan,
        efisiensi_selisih=total.efisiensi.selisih if total else None,
        efisiensi=total.kesimpulan if total else "belum tersedia",
        ikm=c.ikm,
        sasaran=[{"kode": g.code, "uraian": g.uraian, "n_indikator": len(g.indicators), "capaian": g.capaian,
                  "predikat": g.predikat} for g in c.groups],
        indikator=[{"kode": i.code, "sasaran": i.group, "indikator": i.nama, "satuan": i.satuan,
                    "target": i.target, "realisasi": i.realisasi, "capaian": i.capaian.value,
                    "predikat": i.predikat, "iku": i.iku} for i in c.indicators],
        anggaran=[{"kode": b.code, "induk": b.parent, "level": b.level, "uraian": b.uraian,
                   "pagu": b.total.pagu, "realisasi": b.total.realisasi, "serapan": b.serapan}
                  for b in c.budget],
        issues=[(i.severity, i.code, i.sheet, i.cell) for i in r.issues],
    )
