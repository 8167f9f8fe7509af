"""The few lines a Camat reads first: capaian per sasaran, overall predikat, serapan, number of issues."""

from __future__ import annotations

from typing import Any

from .fmt import persen, rupiah
from .issues import severity_label

MAX_SHOWN = 10

__all__ = ["summary_text"]


def summary_text(o: Any) -> str:
    c, r = o.computed, o.result
    wb = o.workbook
    lines = [f"{wb.prof('Nama Instansi', '(tanpa nama)')} — LKjIP {c.settings.tahun or '?'}", ""]
    lines.append("Capaian per sasaran:")
    for g in c.groups:
        lines.append(f"  {g.code:<6} {persen(g.capaian):>14}  {g.predikat or '-':<14} {g.uraian[:70]}")
    lines.append(f"Capaian organisasi: {persen(c.overall)} ({c.overall_predikat or 'belum tersedia'}; {c.overall_note})")
    lines.append(f"Anggaran: pagu {rupiah(c.pagu)}, realisasi {rupiah(c.realisasi)}, serapan {persen(c.serapan)}")
    lines.append(f"Pemeriksaan: {len(r.errors)} error, {len(r.warnings)} peringatan")
    shown = [i for i in r.issues if i.code != "belum-dihitung"][:MAX_SHOWN]
    for i in shown:
        loc = f"{i.sheet}!{i.cell}"
        lines.append(f"  {severity_label(i.severity):<10} {loc:<13} {i.message}")
    rest = len([i for i in r.issues if i.code != "belum-dihitung"]) - len(shown)
    if rest > 0:
        lines.append(f"  … dan {rest} lagi (lembar Validasi, atau: lkjip check)")
    return "\n".join(lines)
