"""Generate the default Word template `templates/laporan.docx` (docxtpl/Jinja tags inside a real .docx).

The committed template is this function's output; a kabupaten edits its own copy in Word (letterhead, fonts,
wording) and passes it with `--templates`. Tags: `{{ x }}` values, `{%p ... %}` paragraph blocks, `{%tr ... %}`
table-row loops, `{%tc ... %}` column loops (see the docxtpl documentation).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["build_docx_template"]


_WIDE = {"Sasaran", "Indikator", "Uraian", "Nama", "Program", "Unsur Pelayanan", "Interval Capaian (%)"}
_MONEY = {"Pagu", "Realisasi", "Sisa", "Pagu Murni", "Pagu Perubahan"}


def _weight(header: str) -> float:
    """Relative column width: text columns wide, money medium, numbers narrow."""
    if header in _WIDE:
        return 4.0
    if header in ("No", "Kode"):
        return 1.1
    if header in ("Capaian", "Predikat", "Serapan", "Kesimpulan", "Tingkat Kemajuan", "Target Akhir", "Satuan"):
        return 2.0
    if header in _MONEY:
        return 2.3
    return 1.5


def build_docx_template(out: str | Path) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT  # noqa: F401 - kept for users extending the generator
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(33), Cm(21.5)  # F4/folio, the paper Indonesian offices print on
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin = sec.bottom_margin = Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].font.name = "Times New Roman"
        doc.styles[name].font.color.rgb = None

    def p(text: str = "", *, style: str | None = None, bold: bool = False, center: bool = False,
          size: int | None = None) -> None:
        para = doc.add_paragraph(style=style)
        run = para.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def tag(text: str) -> None:
        doc.add_paragraph(text)

    def h(text: str, level: int = 1) -> None:
        doc.add_heading(text, level=level)

    def page_break() -> None:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def toc(entries: tuple[str, ...]) -> None:
        """A TOC field whose stored result is ``entries``, one paragraph each (as Word stores a field's result)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        def field_char(para: Any, kind: str) -> None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            para.add_run()._r.append(el)

        for i, line in enumerate(entries):
            para = doc.add_paragraph()
            if i == 0:
                field_char(para, "begin")
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = ' TOC \\o "1-2" \\h \\z \\u '
                para.add_run()._r.append(instr)
                field_char(para, "separate")
            para.add_run(line)
            if i == len(entries) - 1:
                field_char(para, "end")

    def caption(expr: str) -> None:
        p(f"{{{{ {expr}.caption }}}}", bold=True, center=True, size=11)

    @contextmanager
    def when(cond: str) -> Iterator[None]:
        """Paragraphs (and tables) that appear only when ``cond`` holds."""
        tag(f"{{%p if {cond} %}}")
        yield
        tag("{%p endif %}")

    def optional_caption(expr: str) -> None:
        with when(expr):
            caption(expr)

    def figure(name: str) -> None:
        """A chart and its numbered caption, when the chart was drawn."""
        with when(f"grafik.{name}"):
            p(f"{{{{ grafik.{name} }}}}", center=True)
            caption(f"gambar.{name}")

    def set_widths(t, weights: list[float]) -> None:
        t.autofit = False
        total = sum(weights)
        for j, w in enumerate(weights):
            width = Cm(16.5 * w / total)
            t.columns[j].width = width
            for row in t.rows:
                row.cells[j].width = width

    def table(headers: list[str], cells: list[str], loop: str, *, header_loop: tuple[int, str] | None = None,
              total: list[str] | None = None) -> None:
        """A table: a header row, a `{%tr for %}` row, one row of cell expressions, `{%tr endfor %}`."""
        t = doc.add_table(rows=4 + (1 if total else 0), cols=len(headers))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_widths(t, [_weight(hd) for hd in headers])
        for j, head in enumerate(headers):
            cell = t.rows[0].cells[j]
            cell.text = head
            for r in cell.paragraphs[0].runs:
                r.bold = True
                r.font.size = Pt(10)
        t.rows[1].cells[0].text = f"{{%tr for {loop} %}}"
        for j, expr in enumerate(cells):
            c = t.rows[2].cells[j]
            c.text = expr
            for r in c.paragraphs[0].runs:
                r.font.size = Pt(10)
        t.rows[3].cells[0].text = "{%tr endfor %}"
        if total:
            for j, expr in enumerate(total):
                c = t.rows[4].cells[j]
                c.text = expr
                for r in c.paragraphs[0].runs:
                    r.bold = True
                    r.font.size = Pt(10)

    # --- cover -------------------------------------------------------------------------------------------
    tag("{%p if draf %}")
    p("DRAF", bold=True, center=True, size=14)
    tag("{%p endif %}")
    for _ in range(6):
        p()
    p("{{ judul }}", bold=True, center=True, size=16)
    for _ in range(8):
        p()
    p("{{ profil.nama_instansi }}", bold=True, center=True, size=14)
    p("{{ profil.kabupaten }}", bold=True, center=True, size=14)
    p("{{ profil.provinsi }}", center=True)
    p("{{ profil.tahun }}", bold=True, center=True, size=14)
    page_break()

    # --- Kata Pengantar -----------------------------------------------------------------------------------
    h("KATA PENGANTAR")
    p("Laporan Kinerja Instansi Pemerintah (LKjIP) {{ profil.nama_instansi }} Tahun {{ profil.tahun }} disusun "
      "sebagai wujud pertanggungjawaban atas pelaksanaan tugas pokok dan fungsi serta pencapaian sasaran "
      "strategis yang ditetapkan dalam Perjanjian Kinerja Tahun {{ profil.tahun }}. Laporan ini memuat "
      "{{ counts.sasaran }} strategis dan {{ counts.indikator_pk }} kinerja beserta realisasi anggarannya.")
    p("Semoga laporan ini bermanfaat sebagai bahan evaluasi dan perbaikan kinerja pada tahun berikutnya.")
    for line in ("{{ profil.tempat }}, {{ profil.tanggal }}", "{{ profil.jabatan }}", "", "", "",
                 "{{ profil.nama_kepala }}", "{{ profil.pangkat }}", "NIP. {{ profil.nip }}"):
        para = doc.add_paragraph(line)
        para.paragraph_format.left_indent = Cm(9)
    page_break()

    # --- lists ----------------------------------------------------------------------------------------------
    h("DAFTAR ISI")
    # a real table of contents (Word's TOC field over the chapter and section headings): Word fills in the page
    # numbers when staff right-click it and choose "Perbarui Bidang" (Update Field). Until then, and in the PDF
    # (LibreOffice shows the field's stored text), it lists the chapters
    toc(("KATA PENGANTAR", "IKHTISAR EKSEKUTIF", "BAB I PENDAHULUAN", "BAB II PERENCANAAN KINERJA",
         "BAB III AKUNTABILITAS KINERJA", "BAB IV PENUTUP", "LAMPIRAN PERJANJIAN KINERJA"))
    h("DAFTAR TABEL")
    tag("{%p for t in daftar_tabel %}")
    p("{{ t.caption }}")
    tag("{%p endfor %}")
    tag("{%p if daftar_gambar %}")
    h("DAFTAR GAMBAR")
    tag("{%p endif %}")
    tag("{%p for g in daftar_gambar %}")
    p("{{ g.caption }}")
    tag("{%p endfor %}")
    page_break()

    # --- Ikhtisar -------------------------------------------------------------------------------------------
    h("IKHTISAR EKSEKUTIF")
    tag("{%p for kal in ikhtisar %}")
    p("{{ kal }}")
    tag("{%p endfor %}")
    table(["Kode", "Sasaran", "Capaian", "Predikat"], ["{{ s.kode }}", "{{ s.uraian }}", "{{ s.capaian }}",
          "{{ s.predikat }}"], "s in sasaran")
    page_break()

    # --- Bab I ------------------------------------------------------------------------------------------------
    h("BAB I PENDAHULUAN")
    h("A. Latar Belakang", 2)
    p("{{ narasi['Latar Belakang'] or 'belum tersedia' }}")
    h("B. Gambaran Umum Organisasi", 2)
    p("Wilayah {{ profil.nama_instansi }} terdiri atas {{ counts.wilayah }}. Jumlah pegawai "
      "{{ pegawai.jumlah_kata }}. Alamat kantor: {{ profil.alamat }}.")
    optional_caption("tabel.desa")
    table(["No", "Nama", "Jenis", "Status IDM", "Nilai IDM"],
          ["{{ d.no }}", "{{ d.nama }}", "{{ d.jenis }}", "{{ d.idm }}", "{{ d.nilai_idm }}"], "d in desa")
    optional_caption("tabel.pegawai_golongan")
    table(["Golongan", "Jumlah"], ["{{ r.uraian }}", "{{ r.jumlah }}"], "r in pegawai.golongan")
    optional_caption("tabel.pegawai_pendidikan")
    table(["Pendidikan", "Jumlah"], ["{{ r.uraian }}", "{{ r.jumlah }}"], "r in pegawai.pendidikan")
    tag("{%p if narasi['Isu Strategis'] %}")
    h("C. Isu Strategis", 2)
    p("{{ narasi['Isu Strategis'] }}")
    tag("{%p endif %}")
    page_break()

    # --- Bab II -------------------------------------------------------------------------------------------------
    h("BAB II PERENCANAAN KINERJA")
    h("A. Rencana Strategis", 2)
    p("{{ profil.dokumen }} {{ profil.periode }} memuat {{ counts.tujuan }}, {{ counts.sasaran }} dan "
      "{{ counts.indikator_renstra }} kinerja sebagai berikut.")
    caption("tabel.renstra")
    # year columns: a `{%tc for %}` cell, the repeated cell, a `{%tc endfor %}` cell (the tag cells vanish)
    t = doc.add_table(rows=4, cols=7)
    t.style = "Table Grid"
    set_widths(t, [3.5, 3.5, 1.2, 0.1, 1.3, 0.1, 1.4])
    for j, head in enumerate(["Sasaran", "Indikator", "Satuan", "{%tc for y in tahun_renstra %}", "{{ y }}",
                              "{%tc endfor %}", "Target Akhir"]):
        t.rows[0].cells[j].text = head
    t.rows[1].cells[0].text = "{%tr for r in renstra %}"
    for j, expr in enumerate(["{{ r.sasaran }}", "{{ r.nama }}", "{{ r.satuan }}", "{%tc for v in r.target %}",
                              "{{ v }}", "{%tc endfor %}", "{{ r.target_akhir }}"]):
        t.rows[2].cells[j].text = expr
    t.rows[3].cells[0].text = "{%tr endfor %}"
    tag("{%p if narasi['Strategi dan Arah Kebijakan'] %}")
    h("B. Strategi dan Arah Kebijakan", 2)
    p("{{ narasi['Strategi dan Arah Kebijakan'] }}")
    tag("{%p endif %}")
    h("C. Perjanjian Kinerja", 2)
    caption("tabel.pk")
    table(["No", "Sasaran", "Indikator", "Satuan", "Target", "Target Perubahan"],
          ["{{ r.no }}", "{{ r.sasaran }}", "{{ r.indikator }}", "{{ r.satuan }}", "{{ r.target_murni }}",
           "{{ r.target_perubahan }}"], "r in pk")
    optional_caption("tabel.program")
    table(["Program", "Pagu Murni", "Pagu Perubahan"], ["{{ r.uraian }}", "{{ r.pagu_murni }}", "{{ r.pagu }}"],
          "r in program")
    page_break()

    # --- Bab III ------------------------------------------------------------------------------------------------
    h("BAB III AKUNTABILITAS KINERJA")
    h("A. Capaian Kinerja Organisasi", 2)
    p("Capaian kinerja diukur dengan membandingkan realisasi dengan target setiap indikator dan dinilai dengan "
      "skala berikut.")
    caption("tabel.skala")
    table(["Interval Capaian (%)", "Predikat"], ["{{ b.interval }}", "{{ b.predikat }}"], "b in skala")
    p("{{ overall.kalimat }} {{ overall.kalimat_indikator }}")
    caption("tabel.capaian")
    table(["No", "Indikator", "Satuan", "Target", "Realisasi", "Capaian", "Predikat"],
          ["{{ i.no }}", "{{ i.nama }}", "{{ i.satuan }}", "{{ i.target }}", "{{ i.realisasi }}",
           "{{ i.capaian }}", "{{ i.predikat }}"], "i in indikator")
    figure("capaian")

    tag("{%p for s in sasaran %}")
    h("Sasaran {{ s.kode }}: {{ s.uraian }}", 3)
    p("{{ s.kalimat }}{% if s.catatan %} ({{ s.catatan }}){% endif %}")
    caption("s.tabel_pengukuran")
    table(["Indikator", "Target", "Realisasi", "Capaian", "Predikat"],
          ["{{ i.nama }}", "{{ i.target }}", "{{ i.realisasi }}", "{{ i.capaian }}", "{{ i.predikat }}"],
          "i in s.indikator")
    tag("{%p for i in s.indikator %}")
    p("{{ i.kalimat }}")
    tag("{%p endfor %}")
    tag("{%p if s.tabel_riwayat %}")
    caption("s.tabel_riwayat")
    table(["Indikator", "Tahun", "Target", "Realisasi", "Capaian"],
          ["{{ h.indikator }}", "{{ h.tahun }}", "{{ h.target }}", "{{ h.realisasi }}", "{{ h.capaian }}"],
          "h in s.riwayat_baris")
    tag("{%p endif %}")
    caption("s.tabel_target_akhir")
    table(["Indikator", "Realisasi", "Target Akhir", "Tingkat Kemajuan"],
          ["{{ i.nama }}", "{{ i.realisasi }}", "{{ i.target_akhir }}", "{{ i.kemajuan }}"], "i in s.indikator")
    for key, label in (("faktor", "Faktor keberhasilan"), ("hambatan", "Hambatan"), ("solusi", "Solusi"),
                       ("program_pendukung", "Program pendukung")):
        with when(f"s.{key}"):
            p(f"{label}: {{{{ s.{key} }}}}")
    tag("{%p endfor %}")

    h("B. Efisiensi Penggunaan Sumber Daya", 2)
    p("{{ efisiensi_kalimat or 'Efisiensi belum tersedia.' }}")
    caption("tabel.efisiensi")
    table(["Sasaran", "Capaian", "Serapan", "Selisih", "Rasio", "Sisa Anggaran", "Kesimpulan"],
          ["{{ e.sasaran }}", "{{ e.capaian }}", "{{ e.serapan }}", "{{ e.selisih }}", "{{ e.rasio }}",
           "{{ e.sisa_anggaran }}", "{{ e.kesimpulan }}"], "e in efisiensi")

    h("C. Realisasi Anggaran", 2)
    p("{{ anggaran_kalimat }}")
    optional_caption("tabel.anggaran")
    table(["Kode", "Uraian", "Pagu", "Realisasi", "Serapan", "Sisa"],
          ["{{ a.kode }}", "{{ a.uraian }}", "{{ a.pagu }}", "{{ a.realisasi }}", "{{ a.serapan }}", "{{ a.sisa }}"],
          "a in anggaran",
          total=["", "Jumlah", "{{ anggaran_total.pagu }}", "{{ anggaran_total.realisasi }}",
                 "{{ anggaran_total.serapan }}", "{{ anggaran_total.sisa }}"])
    tag("{%p for a in anggaran_sub %}")
    p("{{ a.kalimat }}")
    tag("{%p endfor %}")
    figure("serapan")
    tag("{%p if tabel.riwayat_anggaran %}")
    caption("tabel.riwayat_anggaran")
    table(["Tahun", "Pagu", "Realisasi", "Serapan"],
          ["{{ r.tahun }}", "{{ r.pagu }}", "{{ r.realisasi }}", "{{ r.serapan }}"], "r in riwayat_anggaran")
    tag("{%p endif %}")
    figure("riwayat_anggaran")

    tag("{%p if tabel.skm %}")
    h("D. Survei Kepuasan Masyarakat", 2)
    p("{{ skm_kalimat }}")
    caption("tabel.skm")
    table(["Unsur Pelayanan", "Nilai"], ["{{ u.nama }}", "{{ u.nilai }}"], "u in skm_unsur")
    tag("{%p endif %}")
    tag("{%p if narasi['Inovasi'] %}")
    h("E. Inovasi", 2)
    p("{{ narasi['Inovasi'] }}")
    tag("{%p endif %}")
    tag("{%p for n in narasi_lain %}")
    h("{{ n.bagian|title }}", 2)
    p("{{ n.teks }}")
    tag("{%p endfor %}")
    page_break()

    # --- Bab IV -------------------------------------------------------------------------------------------------
    h("BAB IV PENUTUP")
    h("A. Kesimpulan", 2)
    p("{{ overall.kalimat }} {{ anggaran_kalimat }}")
    p("{{ narasi['Kesimpulan'] }}")
    h("B. Rekomendasi", 2)
    p("{{ narasi['Rekomendasi'] or 'belum tersedia' }}")
    for line in ("{{ profil.tempat }}, {{ profil.tanggal }}", "{{ profil.jabatan }}", "", "", "",
                 "{{ profil.nama_kepala }}", "NIP. {{ profil.nip }}"):
        para = doc.add_paragraph(line)
        para.paragraph_format.left_indent = Cm(9)
    page_break()

    h("LAMPIRAN: PERJANJIAN KINERJA TAHUN {{ profil.tahun }}")
    table(["No", "Sasaran", "Indikator", "Target"],
          ["{{ r.no }}", "{{ r.sasaran }}", "{{ r.indikator }}", "{{ r.target_akhir_pk }}"], "r in pk")

    out = Path(out)
    doc.core_properties.title = "Templat LKjIP lkjip_xl"
    doc.core_properties.author = "lkjip_xl"
    doc.save(str(out))
    return out
