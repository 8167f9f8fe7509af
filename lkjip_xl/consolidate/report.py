"""The roll-up report for the Bupati: the kabupaten picture in sentences, tables and charts (Word and HTML).

Same machinery as the kecamatan report: a pure context of formatted figures, user-editable templates
(``templates/rekap.docx``, ``templates/rekap.html.j2``) rendered with autoescaping in jinja2's sandbox.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..filename import file_stem
from ..fmt import KOSONG, angka, jumlah_kata, persen, rupiah
from . import Rekap

__all__ = ["rekap_context", "make_rekap_report", "build_rekap_docx_template", "DOCX", "HTML"]

DOCX = "rekap.docx"
HTML = "rekap.html.j2"


def _sum_present(values: Any) -> int | None:
    """The kabupaten's total over the kecamatan that report the amount; None when none does."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def rekap_context(rekap: Rekap) -> dict[str, Any]:
    ks = rekap.ranked
    with_cap = [k for k in ks if k.capaian is not None]
    kab = next((k.kabupaten for k in ks if k.kabupaten), "")
    pagu = _sum_present(k.pagu for k in ks)
    real = _sum_present(k.realisasi for k in ks)
    serapan = Decimal(real) / Decimal(pagu) * 100 if pagu and real is not None else None
    mean = sum((k.capaian for k in with_cap), Decimal(0)) / len(with_cap) if with_cap else None
    predikat: dict[str, int] = {}
    for k in with_cap:
        predikat[k.predikat or KOSONG] = predikat.get(k.predikat or KOSONG, 0) + 1
    rows = [{"no": n, "kecamatan": k.kecamatan, "capaian": persen(k.capaian), "predikat": k.predikat or KOSONG,
             "indikator": f"{k.n_tercapai}/{k.n_indikator}", "pagu": rupiah(k.pagu, kosong="-"),
             "realisasi": rupiah(k.realisasi, kosong="-"), "serapan": persen(k.serapan, kosong="-"),
             "efisiensi": k.efisiensi, "error": k.errors, "usang": "Ya" if k.usang else "Tidak"}
            for n, k in enumerate(ks, 1)]
    kal = [
        f"Rekapitulasi ini memuat {jumlah_kata(len(ks), 'kecamatan')} dari {jumlah_kata(rekap.files, 'berkas')} "
        f"yang diterima untuk tahun {rekap.tahun or KOSONG}.",
    ]
    if mean is not None:
        kal.append(f"Rata-rata capaian kinerja kecamatan sebesar {persen(mean)}; tertinggi {with_cap[0].kecamatan} "
                   f"({persen(with_cap[0].capaian)}) dan terendah {with_cap[-1].kecamatan} "
                   f"({persen(with_cap[-1].capaian)}).")
    if pagu is not None:
        kal.append(f"Pagu anggaran seluruh kecamatan sebesar {rupiah(pagu)} dengan realisasi {rupiah(real)} "
                   f"atau {persen(serapan)}.")
    n_err = sum(1 for k in ks if k.errors)
    if n_err:
        kal.append(f"{jumlah_kata(n_err, 'kecamatan')} masih memiliki error pada workbooknya dan perlu diperbaiki "
                   "sebelum laporan final.")
    if rekap.masalah:
        kal.append(f"Terdapat {jumlah_kata(len(rekap.masalah), 'berkas')} yang tidak dapat direkap (lihat lampiran).")
    return {
        "judul": f"REKAPITULASI LAPORAN KINERJA KECAMATAN {str(kab).upper()} TAHUN {rekap.tahun or ''}".strip(),
        "kabupaten": kab, "tahun": rekap.tahun or KOSONG, "kalimat": kal,
        "kecamatan": rows, "jumlah": len(ks), "rata_capaian": persen(mean),
        "pagu": rupiah(pagu), "realisasi": rupiah(real), "serapan": persen(serapan),
        "predikat": [{"predikat": p, "jumlah": n} for p, n in sorted(predikat.items(), key=lambda x: -x[1])],
        "masalah": [{"berkas": Path(m.berkas).name, "kode": m.kode, "alasan": m.alasan} for m in rekap.masalah],
        "ikm": [{"kecamatan": k.kecamatan, "ikm": angka(k.ikm)} for k in ks if k.ikm is not None],
    }


def _charts(rekap: Rekap, out: Path) -> dict[str, Path]:
    from ..report.charts import _plt

    ks = [k for k in rekap.ranked]
    if not ks:
        return {}
    plt = _plt()
    made = {}
    for key, attr, label in (("capaian", "capaian", "Capaian kinerja (%)"), ("serapan", "serapan", "Serapan (%)")):
        vals = [float(getattr(k, attr) or 0) for k in ks]
        fig, ax = plt.subplots(figsize=(6.5, 0.6 + 0.3 * len(ks)))
        ax.barh(range(len(ks)), vals, color="#1565c0")
        ax.set_yticks(range(len(ks)), [k.kecamatan.replace("Kecamatan ", "") for k in ks], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlabel(label)
        for y, v in enumerate(vals):
            ax.text(v, y, " " + angka(Decimal(str(v))), va="center", fontsize=6)
        fig.tight_layout()
        made[key] = out / f"rekap-{key}.png"
        fig.savefig(made[key], dpi=130)
        plt.close(fig)
    return made


def make_rekap_report(rekap: Rekap, out_dir: str | Path, *, templates: str | Path | None = None,
                      formats: tuple[str, ...] = ("docx", "html")) -> dict[str, Path]:
    from ..report import _clean
    from ..report.render import render_docx, render_html

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ctx = _clean(rekap_context(rekap))
    stem = file_stem("Rekap-LKjIP", ctx["kabupaten"] or "Kabupaten", rekap.tahun or None, fallback="Rekap-LKjIP")
    tpl = Path(templates) if templates else None
    made: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="lkjip-rekap-") as td:
        charts = _charts(rekap, Path(td))
        if "docx" in formats:
            made["docx"] = render_docx(ctx, out / f"{stem}.docx", templates=tpl, charts=charts, name=DOCX)
        if "html" in formats:
            made["html"] = render_html(ctx, out / f"{stem}.html", templates=tpl, charts=charts, name=HTML)
    return made


def build_rekap_docx_template(out: str | Path) -> Path:
    """The default ``templates/rekap.docx`` (a kabupaten edits its copy in Word)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(33), Cm(21.5)
    sec.left_margin = sec.right_margin = Cm(2)
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(11)

    def p(text: str, *, bold: bool = False, center: bool = False) -> None:
        para = doc.add_paragraph()
        run = para.add_run(text)
        run.bold = bold
        if center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def table(headers: list[str], cells: list[str], loop: str) -> None:
        t = doc.add_table(rows=4, cols=len(headers))
        t.style = "Table Grid"
        for j, h in enumerate(headers):
            t.rows[0].cells[j].text = h
            for r in t.rows[0].cells[j].paragraphs[0].runs:
                r.bold = True
        t.rows[1].cells[0].text = f"{{%tr for {loop} %}}"
        for j, e in enumerate(cells):
            t.rows[2].cells[j].text = e
        t.rows[3].cells[0].text = "{%tr endfor %}"

    p("{{ judul }}", bold=True, center=True)
    doc.add_heading("Ringkasan", level=1)
    doc.add_paragraph("{%p for k in kalimat %}")
    p("{{ k }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Capaian dan Anggaran per Kecamatan", level=1)
    table(["No", "Kecamatan", "Capaian", "Predikat", "Tercapai", "Serapan", "Efisiensi", "Error"],
          ["{{ r.no }}", "{{ r.kecamatan }}", "{{ r.capaian }}", "{{ r.predikat }}", "{{ r.indikator }}",
           "{{ r.serapan }}", "{{ r.efisiensi }}", "{{ r.error }}"], "r in kecamatan")
    doc.add_paragraph("{%p if grafik.capaian %}")
    p("{{ grafik.capaian }}", center=True)
    p("Capaian kinerja per kecamatan", center=True)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if grafik.serapan %}")
    p("{{ grafik.serapan }}", center=True)
    p("Serapan anggaran per kecamatan", center=True)
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Sebaran Predikat", level=1)
    table(["Predikat", "Jumlah Kecamatan"], ["{{ r.predikat }}", "{{ r.jumlah }}"], "r in predikat")
    doc.add_paragraph("{%p if masalah %}")
    doc.add_heading("Lampiran: Berkas yang Tidak Direkap", level=1)
    doc.add_paragraph("{%p endif %}")
    table(["Berkas", "Kode", "Alasan"], ["{{ m.berkas }}", "{{ m.kode }}", "{{ m.alasan }}"], "m in masalah")
    out = Path(out)
    doc.core_properties.title = "Templat rekap LKjIP lkjip_xl"
    doc.save(str(out))
    return out
