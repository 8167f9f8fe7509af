"""The few lines a Camat reads first: capaian per sasaran, overall predikat, serapan, number of issues."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .fmt import persen, rupiah
from .issues import severity_label

if TYPE_CHECKING:
    from .api import Outcome

MAX_SHOWN = 10

__all__ = ["summary_text"]


def summary_text(o: Outcome) -> str:
    """The summary of a checked or recomputed workbook. Its figures are computed afresh, so the issues a recompute
    fixes (stale or missing grey cells) are counted but not listed."""
    c, r = o.computed, o.result
    wb = o.workbook
    lines = [f"{wb.prof('Nama Instansi', '(tanpa nama)')} — LKjIP {c.settings.tahun or '?'}", ""]
    lines.append("Capaian per sasaran:")
    for g in c.groups:
        lines.append(f"  {g.code:<6} {persen(g.capaian):>14}  {g.predikat or '-':<14} {g.uraian[:70]}")
    lines.append(f"Capaian organisasi: {persen(c.overall)} ({c.overall_predikat or 'belum tersedia'}; {c.overall_note})")
    lines.append(f"Anggaran: pagu {rupiah(c.pagu)}, realisasi {rupiah(c.realisasi)}, serapan {persen(c.serapan)}")
    lines.append(f"Pemeriksaan: {len(r.errors)} error, {len(r.warnings)} peringatan")
    listed = [i for i in r.issues if not i.type.fixed_by_recompute]
    for i in listed[:MAX_SHOWN]:
        loc = f"{i.sheet}!{i.cell}"
        lines.append(f"  {severity_label(i.severity):<10} {loc:<13} {i.message}")
    rest = len(listed) - MAX_SHOWN
    if rest > 0:
        lines.append(f"  … dan {rest} lagi (lembar Validasi, atau: lkjip check)")
    return "\n".join(lines)
