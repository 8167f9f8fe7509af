"""The data of a new year's workbook: Profil defaults, or everything worth keeping from last year's."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path
from typing import Any

from .fingerprint import CELL_ERROR
from .schema import PROFIL_KEYS, TABLES, norm, target_header

__all__ = ["new_workbook_data"]

CARRIED = ("Desa", "Pegawai", "Tujuan", "Sasaran", "Skala", "Narasi")


def _carried(v: Any) -> Any:
    """A cell's value as the new workbook gets it: an Excel error (#N/A, #REF!: its formula's inputs are not
    carried) and NaN or infinity (what no cell can hold) become a blank cell, which the new year's check lists
    where it matters."""
    if v is CELL_ERROR:
        return None
    if isinstance(v, float) and not math.isfinite(v) or isinstance(v, Decimal) and not v.is_finite():
        return None
    return v


def _row(rec: Any, table: str) -> dict[str, Any]:
    return {c.name: _carried(rec.raw.get(norm(c.name))) for c in TABLES[table].input_columns}


def new_workbook_data(
    *,
    instansi: str,
    kabupaten: str,
    provinsi: str,
    tahun: int,
    renstra: str,
    years: tuple[int, ...],
    previous: str | Path | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Rows for :func:`lkjip_xl.template.build_workbook`.

    With ``previous`` (last year's workbook): Profil, Desa, Pegawai, Renstra and Skala are carried; last
    year's status IDM becomes "Status IDM Tahun Lalu"; last year's Kinerja (target and realisasi used) and
    its Riwayat go to Riwayat; last year's budget total and RiwayatAnggaran go to RiwayatAnggaran.
    """
    profil = {k.name: k.default for k in PROFIL_KEYS}
    data: dict[str, list[dict[str, Any]]] = {}
    if previous is not None:
        from .compute import compute_all
        from .reader import read_workbook

        wb = read_workbook(previous)
        c = compute_all(wb)
        for k in PROFIL_KEYS:
            v = _carried(wb.profil.get(norm(k.name), (None, ""))[0])
            if v is not None and k.name not in ("Tanggal Laporan", "Status Dokumen"):
                profil[k.name] = v
        for t in CARRIED:
            if wb.rows(t):
                data[t] = [_row(r, t) for r in wb.rows(t)]
        for d in data.get("Desa", []):
            d["Status IDM Tahun Lalu"] = d.get("Status IDM")
            d["Status IDM"] = None
            d["Nilai IDM"] = None
        inds = []
        for r in wb.rows("Indikator"):
            row = _row(r, "Indikator")
            for y in years:
                row[target_header(y)] = _carried(r.raw.get(norm(target_header(y))))
            inds.append(row)
        if inds:
            data["Indikator"] = inds
        riwayat = [_row(r, "Riwayat") for r in wb.rows("Riwayat")]
        prev_year = wb.tahun
        for i in c.indicators:
            if prev_year is None:
                break
            target = i.target_text if i.target_text else i.target
            realisasi = i.realisasi_text if i.realisasi_text else i.realisasi
            riwayat.append({"Kode Indikator": i.code, "Tahun": prev_year, "Target": target, "Realisasi": realisasi})
        if riwayat:
            data["Riwayat"] = riwayat
        ra = [_row(r, "RiwayatAnggaran") for r in wb.rows("RiwayatAnggaran")]
        if prev_year and c.pagu is not None and all(x.get("Tahun") != prev_year for x in ra):
            ra.append({"Tahun": prev_year, "Pagu": c.pagu, "Realisasi": c.realisasi})
        if ra:
            data["RiwayatAnggaran"] = ra
    for key, value in (("Nama Instansi", instansi), ("Kabupaten/Kota", kabupaten), ("Provinsi", provinsi)):
        if value:
            profil[key] = value
    profil["Tahun Laporan"] = tahun
    profil["Periode Renstra"] = renstra
    data["Profil"] = [{"Isian": k, "Nilai": v} for k, v in profil.items()]
    return data
