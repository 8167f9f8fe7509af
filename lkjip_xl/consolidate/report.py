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
from ..report.outline import Block, Col, Cover, Figure, Heading, Index, Para, Section, Table, When
from . import NOTED, Rekap
from .identity import shown

__all__ = ["rekap_context", "make_rekap_report", "rekap_report_paths", "build_rekap_docx_template",
           "build_rekap_html_template", "REKAP_OUTLINE", "DOCX", "HTML"]

DOCX = "rekap.docx"
HTML = "rekap.html.j2"


C = Col
REKAP_OUTLINE: tuple[Block, ...] = (
    Section("front"),
    Cover(title=("REKAPITULASI LAPORAN KINERJA", "KECAMATAN SE-{{ kabupaten_kapital }}", "TAHUN {{ tahun }}"),
          kop=("{{ kop.pemerintah }}",), year="tahun"),
    Heading("DAFTAR ISI"),
    Index("isi"),
    Heading("DAFTAR TABEL"),
    Index("tabel"),
    When("daftar_gambar", (Heading("DAFTAR GAMBAR"), Index("gambar"))),
    Section("main"),
    Heading("BAB I RINGKASAN"),
    Para("k", loop="k in kalimat"),
    Section("landscape"),
    Heading("BAB II CAPAIAN DAN ANGGARAN PER KECAMATAN"),
    Table("tabel.kecamatan", "r in kecamatan", (
        C("No", "r.no", "num"), C("Kecamatan", "r.kecamatan", "wide"), C("Capaian", "r.capaian", "num"),
        C("Predikat", "r.predikat"), C("Tercapai", "r.indikator", "num"), C("Pagu", "r.pagu", "money"),
        C("Realisasi", "r.realisasi", "money"), C("Serapan", "r.serapan", "num"), C("Efisiensi", "r.efisiensi"),
        C("Error", "r.error", "num"), C("Usang", "r.usang")), landscape=True),
    Figure("capaian"),
    Figure("serapan"),
    Table("tabel.predikat", "r in predikat", (C("Predikat", "r.predikat", "wide"),
                                              C("Jumlah Kecamatan", "r.jumlah", "num"))),
    Table("tabel.ikm", "r in ikm", (C("Kecamatan", "r.kecamatan", "wide"), C("IKM", "r.ikm", "num"))),
    When("masalah", (
        Heading("LAMPIRAN: BERKAS YANG TIDAK DIREKAP"),
        Table("tabel.masalah", "m in masalah", (C("Berkas", "m.berkas", "wide"), C("Kode", "m.kode"),
                                                 C("Alasan", "m.alasan", "wide"))),
    )),
)
"""The Bupati's roll-up report: the same blocks, and so the same pages, as the kecamatan report."""


def _sum_present(values: Any) -> int | None:
    """The kabupaten's total over the kecamatan that report the amount; None when none does."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def rekap_context(rekap: Rekap) -> dict[str, Any]:
    ks = rekap.ranked
    with_cap = [k for k in ks if k.capaian is not None]
    kab = _kabupaten(rekap)
    pagu = _sum_present(k.pagu for k in ks)
    real = _sum_present(k.realisasi for k in ks)
    serapan = Decimal(real) / Decimal(pagu) * 100 if pagu and real is not None else None
    caps = [k.capaian for k in with_cap if k.capaian is not None]
    mean = sum(caps, Decimal(0)) / len(caps) if caps else None
    predikat: dict[str, int] = {}
    for k in with_cap:
        predikat[k.predikat or KOSONG] = predikat.get(k.predikat or KOSONG, 0) + 1
    # a Draf workbook is counted but visibly not final: marked after its name, and said in the summary
    rows = [{"no": n, "kecamatan": f"{k.kecamatan} (DRAF)" if k.draf else k.kecamatan, "capaian": persen(k.capaian),
             "predikat": k.predikat or KOSONG,
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
    drafts = [k.kecamatan for k in ks if k.draf]
    if drafts:
        kal.append(f"{jumlah_kata(len(drafts), 'kecamatan')} mengirim workbook berstatus Draf (ditandai DRAF pada "
                   f"tabel): {', '.join(drafts)}; angkanya ikut direkap tetapi belum final.")
    n_err = sum(1 for k in ks if k.errors)
    if n_err:
        kal.append(f"{jumlah_kata(n_err, 'kecamatan')} masih memiliki error pada workbooknya dan perlu diperbaiki "
                   "sebelum laporan final.")
    left_out = [m for m in rekap.masalah if m.kode not in NOTED]
    if left_out:
        n_out = len({m.berkas for m in left_out})
        kal.append(f"Terdapat {jumlah_kata(n_out, 'berkas')} yang tidak dapat direkap (lihat lampiran).")
    noted = sorted({shown(Path(m.berkas).name) for m in rekap.masalah if m.kode in NOTED})
    if noted:
        kal.append(f"{jumlah_kata(len(noted), 'berkas')} tetap direkap dengan catatan (lihat lembar Masalah pada "
                   f"workbook rekap): {', '.join(noted)}.")
    from ..report.context import Penomoran

    num = Penomoran()
    tabel = {"kecamatan": num.t(2, f"Capaian dan Anggaran per Kecamatan Tahun {rekap.tahun or KOSONG}") if rows
             else None}
    gambar = {"capaian": num.g(2, "Capaian Kinerja per Kecamatan") if rows else None,
              "serapan": num.g(2, "Serapan Anggaran per Kecamatan") if rows else None}
    tabel["predikat"] = num.t(2, "Sebaran Predikat Capaian Kinerja Kecamatan") if predikat else None
    ikm = [{"kecamatan": k.kecamatan, "ikm": angka(k.ikm)} for k in ks if k.ikm is not None]
    tabel["ikm"] = num.t(2, "Indeks Kepuasan Masyarakat per Kecamatan") if ikm else None
    tabel["masalah"] = num.t(3, "Berkas yang Tidak Direkap") if left_out else None
    kab_text = str(kab or "")
    return {
        "kabupaten_kapital": kab_text.upper().removeprefix("KABUPATEN ").removeprefix("KOTA ") or "[KABUPATEN]",
        "kop": {"pemerintah": f"PEMERINTAH {kab_text.upper()}" if kab_text else "PEMERINTAH KABUPATEN",
                "instansi": "", "alamat": ""},
        "draf": False, "draf_alasan": "", "gambar_staf": {}, "narasi_blok": {},
        "tabel": tabel, "gambar": gambar, "daftar_tabel": num.tabel, "daftar_gambar": num.gambar,
        "judul": f"REKAPITULASI LAPORAN KINERJA KECAMATAN {str(kab).upper()} TAHUN {rekap.tahun or ''}".strip(),
        "kabupaten": kab, "tahun": rekap.tahun or KOSONG, "kalimat": kal,
        "kecamatan": rows, "jumlah": len(ks), "rata_capaian": persen(mean),
        "pagu": rupiah(pagu), "realisasi": rupiah(real), "serapan": persen(serapan),
        "predikat": [{"predikat": p, "jumlah": n} for p, n in sorted(predikat.items(), key=lambda x: -x[1])],
        "masalah": [{"berkas": shown(Path(m.berkas).name), "kode": m.kode, "alasan": shown(m.alasan)}
                    for m in left_out],
        "ikm": ikm,
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


def _kabupaten(rekap: Rekap) -> str:
    return rekap.kabupaten or next((k.kabupaten for k in rekap.ranked if k.kabupaten), "")


def rekap_report_paths(rekap: Rekap, out_dir: str | Path, formats: tuple[str, ...] = ("docx", "html")) -> list[Path]:
    """The files :func:`make_rekap_report` writes for ``rekap``: known once the workbooks are read (the name
    holds the roll-up's kabupaten), before anything is written."""
    from ..report import _clean

    stem = file_stem("Rekap-LKjIP", _clean(_kabupaten(rekap)) or "Kabupaten", rekap.tahun or None,
                     fallback="Rekap-LKjIP")
    return [Path(out_dir) / f"{stem}.{f}" for f in formats]


def make_rekap_report(rekap: Rekap, out_dir: str | Path, *, templates: str | Path | None = None,
                      formats: tuple[str, ...] = ("docx", "html")) -> dict[str, Path]:
    """Write the Bupati's report of ``rekap`` (an existing one is replaced: the command line checks first, by
    :func:`rekap_report_paths`)."""
    from ..report import _clean
    from ..report.render import render_docx, render_html

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ctx = _clean(rekap_context(rekap))
    paths = dict(zip(formats, rekap_report_paths(rekap, out, formats), strict=True))
    tpl = Path(templates) if templates else None
    made: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="lkjip-rekap-") as td:
        charts = _charts(rekap, Path(td))
        if "docx" in formats:
            made["docx"] = render_docx(ctx, paths["docx"], templates=tpl, charts=charts, name=DOCX)
        if "html" in formats:
            made["html"] = render_html(ctx, paths["html"], templates=tpl, charts=charts, name=HTML)
    return made


def build_rekap_docx_template(out: str | Path) -> Path:
    """The default ``templates/rekap.docx`` (a kabupaten edits its copy in Word), from :data:`REKAP_OUTLINE`."""
    from ..report.docx_template import build_docx_template

    return build_docx_template(out, REKAP_OUTLINE, title="Templat rekap LKjIP lkjip_xl")


def build_rekap_html_template(out: str | Path) -> Path:
    """The default ``templates/rekap.html.j2``, from :data:`REKAP_OUTLINE`."""
    from ..report.html_template import build_html_template

    return build_html_template(out, REKAP_OUTLINE, note="rekap LKjIP kabupaten")
