"""The LKjIP's outline, once: chapters, sections, staff text, tables and figures in the order the report prints.

PermenPAN-RB 53/2014 and the real reports share this structure. Both default templates are generated from it
(``docx_template.build_docx_template`` writes ``templates/laporan.docx``, ``html_template.build_html_template``
writes ``templates/laporan.html.j2``), so Word and HTML cannot drift; a kabupaten still edits either file.

Every text is a Jinja expression over :func:`lkjip_xl.report.context.report_context`; the blocks say only what
goes where. Table and figure numbers, and which of them exist, come from the context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict, Union, Unpack

__all__ = ["Block", "Col", "Cover", "Figure", "Heading", "Images", "Index", "Loop", "Narasi", "OUTLINE", "Para",
           "Section", "Signature", "Table", "When", "chapters"]

Kind = Literal["text", "wide", "num", "money", "code"]
"""How a column reads: wide text, plain text, a number (right-aligned), an amount (right, never broken), a code
(never broken)."""


@dataclass(frozen=True)
class Col:
    header: str
    expr: str
    kind: Kind = "text"
    repeat: tuple[str, str] | None = None
    """A column repeated per item: (header loop, cell loop), e.g. ("y in tahun_renstra", "v in r.target")."""


@dataclass(frozen=True)
class Table:
    caption: str | None
    """The context's caption entry (``tabel.desa``); the table appears when it is set."""
    loop: str
    cols: tuple[Col, ...]
    total: tuple[str, ...] | None = None
    landscape: bool = False
    level: str | None = None
    """An expression naming the row's level ("Program", "Kegiatan", "Sub Kegiatan"): bold, italic, indented."""
    when: str | None = None


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    expr: str
    """A Jinja expression (``overall.kalimat``) or, with ``text=True``, literal text with ``{{ }}`` inside."""
    text: bool = False
    loop: str | None = None
    """Repeat per item: ``("kal in ikhtisar")`` with ``expr="kal"``."""
    bold: bool = False


@dataclass(frozen=True)
class Narasi:
    key: str
    """A :data:`lkjip_xl.narasi.BAGIAN` key: staff text (or its standard text) from ``narasi_blok[key]``."""
    required: bool = False
    """Nothing else fills the section: when staff wrote nothing, a visible note says so."""


@dataclass(frozen=True)
class Figure:
    name: str
    """A chart drawn by ``charts.py`` (``grafik.<name>``) with its caption ``gambar.<name>``."""


@dataclass(frozen=True)
class Images:
    jenis: str
    """Pictures staff placed on the Gambar sheet with this Jenis (``gambar_staf[jenis]``)."""


@dataclass(frozen=True)
class Signature:
    pangkat: bool = True


@dataclass(frozen=True)
class Cover:
    """The cover: title lines, the logo, the kop (PEMERINTAH KABUPATEN …, KECAMATAN …), the address and year."""

    title: tuple[str, ...] = ("LAPORAN KINERJA", "INSTANSI PEMERINTAH (LKjIP)", "TAHUN {{ profil.tahun }}")
    kop: tuple[str, ...] = ("{{ kop.pemerintah }}", "{{ kop.instansi }}")
    year: str = "profil.tahun"


@dataclass(frozen=True)
class Index:
    kind: Literal["isi", "tabel", "gambar"]


@dataclass(frozen=True)
class Section:
    """A new page starting a part with its own page numbers, ``front`` (i, ii, …) or ``main`` (1, 2, …); or a
    stretch of ``landscape`` pages (numbering continues) until ``portrait``."""

    numbering: Literal["front", "main", "landscape", "portrait"]


@dataclass(frozen=True)
class When:
    cond: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Loop:
    each: str
    blocks: tuple[Block, ...]


Block = Union[Heading, Para, Narasi, Table, Figure, Images, Signature, Cover, Index, Section, When, Loop]


class _TableOptions(TypedDict, total=False):
    """The keyword arguments of :class:`Table` after its caption, loop and columns."""

    total: tuple[str, ...] | None
    landscape: bool
    level: str | None
    when: str | None


def _t(caption: str | None, loop: str, *cols: Col, **kw: Unpack[_TableOptions]) -> Table:
    return Table(caption, loop, cols, **kw)


C = Col

OUTLINE: tuple[Block, ...] = (
    Section("front"),
    Cover(),
    Heading("KATA PENGANTAR"),
    Narasi("Kata Pengantar"),
    Signature(),
    Heading("DAFTAR ISI"),
    Index("isi"),
    Heading("DAFTAR TABEL"),
    Index("tabel"),
    When("daftar_gambar", (Heading("DAFTAR GAMBAR"), Index("gambar"))),
    Heading("IKHTISAR EKSEKUTIF"),
    Para("kal", loop="kal in ikhtisar"),
    Narasi("Ikhtisar Eksekutif"),
    _t(None, "s in sasaran", C("Kode", "s.kode", "code"), C("Sasaran", "s.uraian", "wide"),
       C("Capaian", "s.capaian", "num"), C("Predikat", "s.predikat"), when="sasaran"),

    Section("main"),
    Heading("BAB I PENDAHULUAN"),
    Heading("A. Latar Belakang", 2),
    Narasi("Latar Belakang"),
    Heading("B. Landasan Hukum", 2),
    Narasi("Landasan Hukum"),
    Heading("C. Tugas Pokok dan Fungsi", 2),
    Narasi("Tugas Pokok dan Fungsi", required=True),
    Heading("D. Struktur Organisasi", 2),
    Narasi("Struktur Organisasi", required=True),
    Images("Struktur Organisasi"),
    Heading("E. Sumber Daya Manusia", 2),
    Para("pegawai.kalimat"),
    Narasi("Sumber Daya Manusia"),
    _t("tabel.pegawai_golongan", "r in pegawai.golongan", C("Golongan", "r.uraian", "wide"),
       C("Jumlah", "r.jumlah", "num")),
    _t("tabel.pegawai_pendidikan", "r in pegawai.pendidikan", C("Pendidikan", "r.uraian", "wide"),
       C("Jumlah", "r.jumlah", "num")),
    _t("tabel.pegawai_jabatan", "r in pegawai.jabatan", C("Jabatan", "r.uraian", "wide"),
       C("Jumlah", "r.jumlah", "num")),
    _t("tabel.pegawai_status", "r in pegawai.status", C("Status Kepegawaian", "r.uraian", "wide"),
       C("Jumlah", "r.jumlah", "num")),
    Heading("F. Sarana dan Prasarana", 2),
    Narasi("Sarana dan Prasarana", required=True),
    Heading("G. Gambaran Umum Wilayah", 2),
    Para("wilayah_kalimat"),
    Narasi("Gambaran Umum Wilayah"),
    _t("tabel.desa", "d in desa", C("No", "d.no", "num"), C("Desa/Kelurahan", "d.nama", "wide"),
       C("Jenis", "d.jenis"), C("Status IDM", "d.idm"), C("Nilai IDM", "d.nilai_idm", "num")),
    Heading("H. Isu Strategis", 2),
    Narasi("Isu Strategis", required=True),
    Heading("I. Sistematika Penulisan", 2),
    Narasi("Sistematika Penulisan"),

    Heading("BAB II PERENCANAAN KINERJA"),
    Heading("A. Visi dan Misi", 2),
    Narasi("Visi dan Misi", required=True),
    Heading("B. Tujuan dan Sasaran", 2),
    Para("renstra_kalimat"),
    Narasi("Tujuan dan Sasaran"),
    _t("tabel.renstra", "r in renstra", C("Tujuan", "r.tujuan", "wide"), C("Sasaran", "r.sasaran", "wide"),
       C("Indikator", "r.nama", "wide"), C("Satuan", "r.satuan"),
       C("{{ y }}", "v", "num", repeat=("y in tahun_renstra", "v in r.target")),
       C("Target Akhir", "r.target_akhir", "num"), landscape=True),
    Heading("C. Indikator Kinerja Utama", 2),
    Para("iku_kalimat"),
    Narasi("Indikator Kinerja Utama"),
    _t("tabel.iku", "r in iku", C("No", "r.no", "num"), C("Indikator Kinerja", "r.nama", "wide"),
       C("Satuan", "r.satuan"), C("Formulasi", "r.formulasi", "wide"), C("Sumber Data", "r.sumber")),
    Heading("D. Strategi dan Arah Kebijakan", 2),
    Narasi("Strategi dan Arah Kebijakan", required=True),
    Heading("E. Perjanjian Kinerja", 2),
    Para("pk_kalimat"),
    Narasi("Perjanjian Kinerja"),
    _t("tabel.pk", "r in pk", C("No", "r.no", "num"), C("Sasaran", "r.sasaran", "wide"),
       C("Indikator", "r.indikator", "wide"), C("Satuan", "r.satuan"), C("Target", "r.target_murni", "num"),
       C("Target Perubahan", "r.target_perubahan", "num")),
    Heading("F. Program dan Anggaran", 2),
    Para("program_kalimat"),
    Narasi("Program dan Anggaran"),
    # Pagu Murni only when the workbook states one for some program (program_murni); a sum that takes blanks as
    # "unchanged" is no figure the DPA holds, so without one the table is the pagu alone
    _t("tabel.program", "r in program", C("Kode", "r.kode", "code"), C("Program", "r.uraian", "wide"),
       C("Pagu Murni", "r.pagu_murni", "money"), C("Pagu Perubahan", "r.pagu", "money"),
       when="tabel.program and program_murni"),
    _t("tabel.program", "r in program", C("Kode", "r.kode", "code"), C("Program", "r.uraian", "wide"),
       C("Pagu", "r.pagu", "money"), when="tabel.program and not program_murni"),

    Heading("BAB III AKUNTABILITAS KINERJA"),
    Heading("A. Capaian Kinerja Organisasi", 2),
    Para("Capaian kinerja diukur dengan membandingkan realisasi dengan target setiap indikator dan dinilai dengan "
         "skala berikut.", text=True),
    _t("tabel.skala", "b in skala", C("Interval Capaian (%)", "b.interval", "wide"), C("Predikat", "b.predikat")),
    Para("overall.kalimat"),
    Para("overall.kalimat_indikator"),
    _t("tabel.capaian", "i in indikator", C("No", "i.no", "num"), C("Indikator", "i.nama", "wide"),
       C("Satuan", "i.satuan"), C("Target", "i.target", "num"), C("Realisasi", "i.realisasi", "num"),
       C("Capaian", "i.capaian", "num"), C("Predikat", "i.predikat")),
    Figure("capaian"),
    Narasi("Capaian Kinerja Organisasi"),
    Loop("s in sasaran", (
        Heading("Sasaran {{ s.kode }}: {{ s.uraian }}", 3),
        Para("s.kalimat"),
        _t("s.tabel_pengukuran", "i in s.indikator", C("Indikator", "i.nama", "wide"), C("Target", "i.target", "num"),
           C("Realisasi", "i.realisasi", "num"), C("Capaian", "i.capaian", "num"), C("Predikat", "i.predikat")),
        Para("i.kalimat", loop="i in s.indikator"),
        _t("s.tabel_riwayat", "h in s.riwayat_baris", C("Indikator", "h.indikator", "wide"),
           C("Tahun", "h.tahun", "num"), C("Target", "h.target", "num"), C("Realisasi", "h.realisasi", "num"),
           C("Capaian", "h.capaian", "num")),
        _t("s.tabel_target_akhir", "i in s.indikator", C("Indikator", "i.nama", "wide"),
           C("Realisasi", "i.realisasi", "num"), C("Target Akhir", "i.target_akhir", "num"),
           C("Tingkat Kemajuan", "i.kemajuan", "num")),
        Loop("a in s.analisis", (Para("a.judul", bold=True), Para("a.teks"))),
    )),
    Heading("B. Efisiensi Penggunaan Sumber Daya", 2),
    Para("efisiensi_kalimat or 'Efisiensi belum dapat dihitung: pagu atau capaian belum tersedia.'"),
    Narasi("Efisiensi Penggunaan Sumber Daya"),
    _t("tabel.efisiensi", "e in efisiensi", C("Sasaran", "e.sasaran", "wide"), C("Capaian", "e.capaian", "num"),
       C("Serapan", "e.serapan", "num"), C("Selisih", "e.selisih", "num"), C("Rasio", "e.rasio", "num"),
       C("Sisa Anggaran", "e.sisa_anggaran", "num"), C("Kesimpulan", "e.kesimpulan")),
    Heading("C. Realisasi Anggaran", 2),
    Para("anggaran_kalimat"),
    Narasi("Realisasi Anggaran"),
    _t("tabel.anggaran", "a in anggaran", C("Kode", "a.kode", "code"), C("Uraian", "a.uraian", "wide"),
       C("Pagu", "a.pagu", "money"), C("Realisasi", "a.realisasi", "money"), C("Serapan", "a.serapan", "num"),
       C("Sisa", "a.sisa", "money"),
       total=("", "Jumlah", "anggaran_total.pagu", "anggaran_total.realisasi", "anggaran_total.serapan",
              "anggaran_total.sisa"),
       landscape=True, level="a.level"),
    Para("a.kalimat", loop="a in anggaran_sub"),
    Figure("serapan"),
    _t("tabel.riwayat_anggaran", "r in riwayat_anggaran", C("Tahun", "r.tahun", "num"), C("Pagu", "r.pagu", "money"),
       C("Realisasi", "r.realisasi", "money"), C("Serapan", "r.serapan", "num")),
    Figure("riwayat_anggaran"),
    When("tabel.skm or narasi_blok['Survei Kepuasan Masyarakat']", (
        Heading("{{ bab3.skm }}. Survei Kepuasan Masyarakat", 2),
        Para("skm_kalimat"),
        Narasi("Survei Kepuasan Masyarakat"),
        _t("tabel.skm", "u in skm_unsur", C("Unsur Pelayanan", "u.nama", "wide"), C("Nilai", "u.nilai", "num")),
    )),
    When("narasi_blok['Inovasi'] or gambar_staf['Inovasi']", (
        Heading("{{ bab3.inovasi }}. Inovasi", 2),
        Narasi("Inovasi"),
        Images("Inovasi"),
    )),
    When("narasi_blok['Capaian Kinerja Lainnya'] or gambar_staf['Kegiatan']", (
        Heading("{{ bab3.lainnya }}. Capaian Kinerja Lainnya", 2),
        Narasi("Capaian Kinerja Lainnya"),
        Images("Kegiatan"),
    )),

    Heading("BAB IV PENUTUP"),
    Heading("A. Kesimpulan", 2),
    Para("overall.kalimat"),
    Para("anggaran_kalimat"),
    Narasi("Kesimpulan"),
    Heading("B. Rekomendasi", 2),
    Narasi("Rekomendasi", required=True),
    Signature(pangkat=True),

    Heading("LAMPIRAN"),
    Heading("A. Perjanjian Kinerja Tahun {{ profil.tahun }}", 2),
    _t(None, "r in pk", C("No", "r.no", "num"), C("Sasaran", "r.sasaran", "wide"),
       C("Indikator", "r.indikator", "wide"), C("Target", "r.target_akhir_pk", "num")),
    When("gambar_staf['Lampiran']", (
        Heading("B. Gambar", 2),
        Images("Lampiran"),
    )),
    When("narasi_lain", (
        Heading("{{ 'C' if gambar_staf['Lampiran'] else 'B' }}. Narasi Tambahan", 2),
        Loop("n in narasi_lain", (Para("n.judul", bold=True), Para("p", loop="p in n.paragraf"))),
    )),
)
"""The whole report, front matter to Lampiran."""


def chapters(outline: tuple[Block, ...] = OUTLINE) -> list[str]:
    """The level-1 headings always printed, in order: what Daftar Isi holds before Word or LibreOffice fills it
    in with every heading and its page."""
    return [b.text for b in outline if isinstance(b, Heading) and b.level == 1 and b.text != "DAFTAR ISI"]
