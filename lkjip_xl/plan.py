"""What every computed cell should hold, independent of how it is written.

The command line writes this plan into the .xlsx package; the Excel buttons write the same plan through
xlwings. One plan, two writers: the two paths cannot drift.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ._version import __version__
from .compute import Computed, kesimpulan
from .fmt import angka, persen, rupiah
from .issues import CheckResult, severity_label
from .model import Workbook
from .schema import META_KEYS, TABLES, norm

__all__ = ["Plan", "plan_inputs", "plan_owned", "owned_sizes", "as_fraction", "IKHTISAR"]

HUNDRED = Decimal(100)


def as_fraction(v: Decimal | None) -> Decimal | None:
    """Percent points → the fraction Excel shows with a percent format (100,25 → 1,0025 → 100,25%)."""
    return None if v is None else v / HUNDRED


@dataclass
class Plan:
    fills: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)
    """Computed columns of input tables: table → row → normalised header → value."""
    owned: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Tables the tool owns entirely: table → rows (normalised header → value)."""
    links: list[tuple[int, str]] = field(default_factory=list)
    """Validasi: (row index in the table, location such as 'Kinerja'!F12) for the Sel hyperlinks."""

    def digest(self) -> str:
        payload = {"fills": self.fills, "owned": {k: v for k, v in self.owned.items() if k != "Meta"}}
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:32]


def plan_inputs(wb: Workbook, c: Computed) -> Plan:
    """The computed columns of the input tables: every data row, blanks included, so stale values vanish."""
    p = Plan()
    by_row: dict[int, Any] = {i.rec.row: i for i in c.indicators}
    if c.tanpa_renstra:
        renstra = {r.get("Kode") for r in wb.rows("Indikator")}
        by_row.update((rec.row, _TANPA_SASARAN if rec.get("Kode Indikator") in renstra else _TANPA_RENSTRA)
                      for rec in c.tanpa_renstra)
    p.fills["Kinerja"] = _fill(wb, "Kinerja", lambda r: _kinerja(by_row.get(r)))
    budget = {b.rec.row: b for b in c.budget}
    p.fills["Anggaran"] = _fill(wb, "Anggaran", lambda r: _anggaran(budget.get(r)))
    ra = {rec.row: rec for rec in wb.rows("RiwayatAnggaran")}
    p.fills["RiwayatAnggaran"] = _fill(wb, "RiwayatAnggaran", lambda r: _riwayat_anggaran(ra.get(r)))
    skm = {s.rec.row: s for s in c.skm}
    p.fills["SKM"] = _fill(wb, "SKM", lambda r: _skm(skm.get(r)))
    return p


def _fill(wb: Workbook, table: str, row_values: Any) -> dict[int, dict[str, Any]]:
    g = wb.geoms.get(table)
    if g is None:
        return {}
    cols = [norm(col.name) for col in TABLES[table].computed_columns if norm(col.name) in g.columns]
    blank = dict.fromkeys(cols)
    """Every row without a result (a template's spare rows are half of them) shares this one: fills are read,
    never modified."""
    out = {}
    for r in range(g.first_row, g.last_row + 1):
        vals = row_values(r)
        out[r] = {k: vals.get(k) for k in cols} if vals else blank
    return out


_TANPA_RENSTRA = object()
"""A Kinerja row whose code is not in the Renstra: not computed, its Keterangan says why."""
_TANPA_SASARAN = object()
"""A Kinerja row whose Renstra indicator names no sasaran or tujuan: likewise."""


def _kinerja(i: Any) -> dict[str, Any]:
    if i is None:
        return {}
    if i is _TANPA_RENSTRA:
        return {"keterangan": "kode indikator tidak ada di Renstra; tidak dihitung"}
    if i is _TANPA_SASARAN:
        return {"keterangan": "kode sasaran indikator ini tidak ada di Renstra; tidak dihitung"}
    return {
        "sasaran": i.group_name or None,
        "indikator": i.nama or None,
        "satuan": i.satuan or None,
        "target": i.target,
        "realisasi dihitung": i.realisasi,
        "capaian": as_fraction(i.capaian.value),
        "predikat": i.predikat,
        "target akhir": i.target_akhir,
        "capaian thd target akhir": as_fraction(i.kemajuan.value),
        "realisasi tahun lalu": i.realisasi_lalu,
        "capaian tahun lalu": as_fraction(i.capaian_lalu),
        "keterangan": i.keterangan or ("belum diisi" if i.realisasi is None else None),
    }


def _anggaran(b: Any) -> dict[str, Any]:
    if b is None:
        return {}
    return {
        "jumlah pagu": b.total.pagu,
        "jumlah realisasi": b.total.realisasi,
        "serapan": as_fraction(b.serapan),
        "sisa": b.sisa,
    }


def _riwayat_anggaran(rec: Any) -> dict[str, Any]:
    if rec is None:
        return {}
    from .compute.anggaran import serapan

    return {"serapan": as_fraction(serapan(rec["Pagu"], rec["Realisasi"]))}


def _skm(s: Any) -> dict[str, Any]:
    if s is None:
        return {}
    return {"ikm": s.ikm, "mutu": f"{s.mutu[0]} ({s.mutu[1]})" if s.mutu else None}


IKHTISAR = ("Tahun", "Capaian kinerja organisasi", "Predikat", "Cara menghitung", "Indikator PK",
            "Indikator tercapai (≥ 100%)", "Pagu anggaran", "Realisasi anggaran", "Serapan anggaran", "IKM",
            "Jumlah error", "Jumlah peringatan")
"""The rows of the Ikhtisar table (Uraian)."""


def owned_sizes(c: Computed, n_issues: int) -> dict[str, int]:
    """The number of rows :func:`plan_owned` gives each owned table when Validasi lists ``n_issues`` issues,
    without building them: a check tells which tables a recompute would grow."""
    return {"Efisiensi": len(c.efisiensi), "RingkasanSasaran": len(c.groups), "Ikhtisar": len(IKHTISAR),
            "Validasi": n_issues, "Meta": len(META_KEYS)}


def plan_owned(
    p: Plan, wb: Workbook, c: Computed, result: CheckResult, *, now: dt.datetime | str | None = None,
    marked: str | None = None,
) -> Plan:
    """Efisiensi, Ringkasan, Validasi and the metadata: written after validation, which they report."""
    p.owned["Efisiensi"] = [
        {
            "kode sasaran": e.code or None,
            "sasaran": e.uraian,
            "capaian kinerja": as_fraction(e.capaian),
            "pagu": e.pagu,
            "realisasi": e.realisasi,
            "serapan": as_fraction(e.serapan),
            "efisiensi selisih": as_fraction(e.efisiensi.selisih),
            "efisiensi rasio": e.efisiensi.rasio,
            "efisiensi sisa anggaran": as_fraction(e.efisiensi.sisa_anggaran),
            "kesimpulan": kesimpulan(e.efisiensi, c.settings.metode_efisiensi),
        }
        for e in c.efisiensi
    ]
    p.owned["RingkasanSasaran"] = [
        {
            "kode sasaran": g.code,
            "sasaran": g.uraian,
            "jumlah indikator": len(g.indicators),
            "capaian": as_fraction(g.capaian),
            "predikat": g.predikat,
        }
        for g in c.groups
    ]
    ikh = (
        str(c.settings.tahun or "belum diisi"),
        persen(c.overall),
        c.overall_predikat or "belum tersedia",
        c.overall_note,
        str(len(c.indicators)),
        str(c.n_tercapai),
        rupiah(c.pagu),
        rupiah(c.realisasi),
        persen(c.serapan),
        angka(c.ikm) if c.ikm is not None else "belum tersedia",
        str(len(result.errors)),
        str(len(result.warnings)),
    )
    p.owned["Ikhtisar"] = [{"uraian": a, "nilai": b} for a, b in zip(IKHTISAR, ikh, strict=True)]
    p.owned["Validasi"] = [
        {"tingkat": severity_label(i.severity), "kode": i.code, "lembar": i.sheet, "sel": i.cell, "pesan": i.message}
        for i in result.issues
    ]
    p.links = [(n, f"'{i.sheet}'!{i.cell}") for n, i in enumerate(result.issues) if i.cell]
    if now is None:
        now = dt.datetime.now().replace(microsecond=0)
    meta = {
        # the template the workbook was made from, kept: a recompute adds no table, so a workbook made before the
        # Gambar sheet must not claim the version that has it
        "Versi Template": wb.template_version,
        "Versi lkjip_xl": __version__,
        "Sidik Jari Input": wb.fingerprint,
        "Sidik Jari Hasil": p.digest(),
        "Terakhir Dihitung": now if isinstance(now, str) else now.isoformat(sep=" "),
        # the command line colours nothing: it keeps the Excel buttons' record so their next press can clear it
        "Sel Ditandai": wb.meta.get("sel ditandai") or None if marked is None else marked or None,
    }
    p.owned["Meta"] = [{"isian": k, "nilai": meta[k]} for k in META_KEYS]
    return p
