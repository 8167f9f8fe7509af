"""The narrative report: generated for every example in Word, HTML and PDF, and read back value by value."""

import re
import shutil
import subprocess

import pytest
from conftest import ROOT
from docx import Document
from PIL import Image

from lkjip_xl.api import check
from lkjip_xl.cli import cli
from lkjip_xl.filldata import build_from_data, example_data, load_data
from lkjip_xl.fmt import jumlah_kata, persen, rupiah
from lkjip_xl.report import TemplateError, make_report
from lkjip_xl.report.render import default_templates  # noqa: I001


def example(name):
    return ROOT / "examples" / f"{name}.xlsx"


def table_with_header(doc, header):
    for t in doc.tables:
        if [c.text.strip() for c in t.rows[0].cells] == header:
            return t
    raise AssertionError(f"no table with header {header}")


def rows(t):
    return [[c.text.strip() for c in r.cells] for r in t.rows[1:]]


@pytest.mark.libreoffice
def test_pdf_pages_are_real_and_not_blank(generated_pdf, tmp_path):
    name, o, made = generated_pdf
    pdf = made["pdf"]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 12 <= pages <= 60, pages
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", str(pages), str(pdf), str(tmp_path / "p")],
                   check=True, capture_output=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == pages
    for png in pngs[:-1]:
        im = Image.open(png).convert("L")
        dark = sum(1 for px in im.get_flattened_data() if px < 128)
        assert dark > 50, f"{png.name} is blank"  # every page but maybe the last carries some text


def fields(doc):
    """Every field of the body: (instruction, the stored paragraphs' text between its separator and its end)."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paras = doc.paragraphs
    out = []
    for i, para in enumerate(paras):
        code = "".join(t.text for t in para._p.iter(w + "instrText")).strip()
        if not code.startswith("TOC"):
            continue
        end = next(k for k in range(i, len(paras))
                   if any(f.get(w + "fldCharType") == "end" for f in paras[k]._p.iter(w + "fldChar")))
        out.append((code, [p.text for p in paras[i + 1:end]], paras[i - 1].text))
    return out


def test_indexes_are_word_fields(generated):
    """Daftar Isi, Daftar Tabel and Daftar Gambar are Word fields (Word fills in the pages on Perbarui Bidang;
    LibreOffice fills them in for the PDF): Daftar Isi over the headings, the other two over the caption styles.
    Until updated, each holds the list it will show."""
    from lkjip_xl.report import report_context
    from lkjip_xl.report.outline import chapters

    name, o, made = generated
    ctx = report_context(o.workbook, o.computed)
    got = fields(Document(made["docx"]))
    isi, tabel = got[0], got[1]
    assert isi == ('TOC \\o "1-2" \\h \\z \\u', chapters(), "DAFTAR ISI")
    assert chapters()[:3] == ["KATA PENGANTAR", "DAFTAR TABEL", "IKHTISAR EKSEKUTIF"]
    assert chapters()[-3:] == ["BAB III AKUNTABILITAS KINERJA", "BAB IV PENUTUP", "LAMPIRAN"]
    assert tabel == ('TOC \\h \\z \\t "Keterangan Tabel,1"', [t["caption"] for t in ctx["daftar_tabel"]],
                     "DAFTAR TABEL")
    if ctx["daftar_gambar"]:
        assert got[2] == ('TOC \\h \\z \\t "Keterangan Gambar,1"', [g["caption"] for g in ctx["daftar_gambar"]],
                          "DAFTAR GAMBAR")


def test_capaian_table_equals_computed_values(generated):
    name, o, made = generated
    doc = Document(str(made["docx"]))
    t = table_with_header(doc, ["No", "Indikator", "Satuan", "Target", "Realisasi", "Capaian", "Predikat"])
    got = rows(t)
    assert len(got) == len(o.computed.indicators)
    for r, i in zip(got, o.computed.indicators):
        assert r[1] == i.nama
        assert r[5] == persen(i.capaian.value)
        assert r[6] == (i.predikat or "belum tersedia")


def test_budget_table_equals_computed_values(generated):
    name, o, made = generated
    doc = Document(str(made["docx"]))
    t = table_with_header(doc, ["Kode", "Uraian", "Pagu", "Realisasi", "Serapan", "Sisa"])
    got = rows(t)
    assert len(got) == len(o.computed.budget) + 1  # and the Jumlah row
    for r, b in zip(got, o.computed.budget):
        assert r[0] == b.code
        assert r[2] == rupiah(b.total.pagu, kosong="-")
        assert r[3] == rupiah(b.total.realisasi, kosong="-")
        assert r[4] == persen(b.serapan, kosong="-")
    assert got[-1][1:5] == ["Jumlah", rupiah(o.computed.pagu), rupiah(o.computed.realisasi), persen(o.computed.serapan)]


def test_efisiensi_table_equals_computed_values(generated):
    name, o, made = generated
    doc = Document(str(made["docx"]))
    t = table_with_header(doc, ["Sasaran", "Capaian", "Serapan", "Selisih", "Rasio", "Sisa Anggaran", "Kesimpulan"])
    got = rows(t)
    assert len(got) == len(o.computed.efisiensi)
    for r, e in zip(got, o.computed.efisiensi):
        assert r[0] == e.uraian
        assert r[1] == persen(e.capaian)
        assert r[2] == persen(e.serapan)
        assert r[6] == e.kesimpulan


def test_narrative_counts_and_predikat_agree_with_the_data(generated):
    name, o, made = generated
    c = o.computed
    text = "\n".join(p.text for p in Document(str(made["docx"])).paragraphs)
    n = len(c.indicators)
    assert f"Dari {jumlah_kata(n, 'indikator')} kinerja pada Perjanjian Kinerja, " \
           f"{jumlah_kata(c.n_tercapai, 'indikator')} mencapai" in text
    assert f"sebesar {persen(c.overall)} ({c.overall_note}) dengan predikat {c.overall_predikat}." in text
    # in running text "Rp" holds on to its amount (a no-break space): never "Rp" alone at a line's end
    assert f"terealisasi {rupiah(c.realisasi).replace('Rp ', 'Rp' + chr(160))} atau {persen(c.serapan)}" in text
    assert "Rp " not in text and "Rp\u00a0" in text
    for g in c.groups:
        assert f"Capaian sasaran sebesar {persen(g.capaian)} dengan predikat {g.predikat}." in text
    # no unrendered template tag reaches the reader
    assert "{{" not in text and "{%" not in text
    html = made["html"].read_text(encoding="utf-8")
    assert f"dengan predikat {c.overall_predikat}" in html
    assert "{{" not in html


def test_tables_and_figures_are_numbered_in_order(generated):
    from lkjip_xl.report import report_context

    name, o, made = generated
    ctx = report_context(o.workbook, o.computed)
    for kind in ("daftar_tabel", "daftar_gambar"):
        captions = [t["caption"] for t in ctx[kind]]
        text = [p.text for p in Document(str(made["docx"])).paragraphs if p.text in captions]
        # listed once in the Daftar, then once above (or below) the table or figure itself, in the same order
        assert text == captions + captions
        numbers = [c.split()[1] for c in captions]
        for bab in {x.split(".")[0] for x in numbers}:
            seq = [int(x.split(".")[1]) for x in numbers if x.split(".")[0] == bab]
            assert seq == list(range(1, len(seq) + 1))
    assert ctx["daftar_tabel"][0]["nomor"] == "Tabel 1.1"


HOSTILE = "Hambatan <b>tebal</b> & \"kutip\" 'tunggal' {{ profil.nip }} ]]>"


@pytest.fixture
def hostile_book(make_book):
    def edit(doc):
        doc["tables"]["Analisis"][0]["Hambatan"] = HOSTILE
        doc["tables"]["Narasi"].append({"Bagian": "Rekomendasi", "Teks": "A < B & C > D\x0b\x1f"})

    return make_book(edit)


def test_staff_text_is_escaped_not_injected(hostile_book, tmp_path):
    made = make_report(hostile_book, tmp_path, formats=["docx", "html"])
    text = "\n".join(p.text for p in Document(str(made["docx"])).paragraphs)
    assert f"\nHambatan\n{HOSTILE}\n" in text  # literally, tags and braces included, and the file opens
    assert "A < B & C > D" in text
    html = made["html"].read_text(encoding="utf-8")
    assert "&lt;b&gt;tebal&lt;/b&gt; &amp; &#34;kutip&#34; &#39;tunggal&#39; {{ profil.nip }}" in html
    assert "<b>tebal</b>" not in html


def test_user_html_and_docx_templates_override_the_defaults(tmp_path):
    mine = tmp_path / "templat"
    mine.mkdir()
    (mine / "laporan.html.j2").write_text(
        "<h1>KOP {{ profil.kabupaten|upper }}</h1><p>{{ overall.capaian }}</p>", encoding="utf-8")
    doc = Document(str(default_templates() / "laporan.docx"))
    doc.paragraphs[0].insert_paragraph_before("PEMERINTAH {{ profil.kabupaten|upper }}")
    doc.save(str(mine / "laporan.docx"))
    o = check(example("purwareja-klampok-2024"))
    made = make_report(example("purwareja-klampok-2024"), tmp_path / "out", templates=mine, outcome=o)
    assert made["html"].read_text(encoding="utf-8") == f"<h1>KOP KABUPATEN BANJARNEGARA</h1><p>{persen(o.computed.overall)}</p>"
    first = Document(str(made["docx"])).paragraphs[0].text
    assert first == "PEMERINTAH KABUPATEN BANJARNEGARA"


def test_only_the_templates_a_user_supplies_are_replaced(tmp_path):
    mine = tmp_path / "templat"
    mine.mkdir()
    (mine / "laporan.html.j2").write_text("<p>{{ profil.nama_instansi }}</p>", encoding="utf-8")
    made = make_report(example("balapulang-2022"), tmp_path / "out", templates=mine, formats=["docx", "html"])
    assert made["html"].read_text(encoding="utf-8") == "<p>Kecamatan Balapulang</p>"
    assert any(t.rows[0].cells[0].text == "No" for t in Document(str(made["docx"])).tables)


def test_broken_html_template_names_its_line(tmp_path):
    mine = tmp_path / "templat"
    mine.mkdir()
    (mine / "laporan.html.j2").write_text("<h1>Judul</h1>\n<p>baik</p>\n<p>{{ profil.nama_instansi </p>\n",
                                          encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        make_report(example("balapulang-2022"), tmp_path / "out", templates=mine, formats=["html"])
    assert "laporan.html.j2 rusak pada baris 3" in e.value.message
    assert not (tmp_path / "out" / "LKjIP-Kecamatan-Balapulang-2022.html").exists()


def test_broken_docx_template_names_the_text_and_cli_exits_2(tmp_path):
    from click.testing import CliRunner

    mine = tmp_path / "templat"
    mine.mkdir()
    doc = Document(str(default_templates() / "laporan.docx"))
    doc.add_paragraph("Tanda tangan {{ profil.nama_kepala ")
    doc.save(str(mine / "laporan.docx"))
    with pytest.raises(TemplateError) as e:
        make_report(example("balapulang-2022"), tmp_path / "out", templates=mine, formats=["docx"])
    assert "laporan.docx rusak" in e.value.message
    assert "Tanda tangan" in e.value.message  # the text the user sees in Word, not XML line numbers
    r = CliRunner().invoke(cli, ["report", str(example("balapulang-2022")), "-o", str(tmp_path / "o2"),
                                 "--templates", str(mine), "--format", "docx"])
    assert r.exit_code == 2
    assert r.output.startswith("Error: Templat laporan.docx rusak")
    assert "Traceback" not in r.output


def test_cli_report_exit_codes_and_unknown_format(tmp_path):
    from click.testing import CliRunner

    r = CliRunner().invoke(cli, ["report", str(example("bantarbolang-2023")), "-o", str(tmp_path), "--format",
                                 "docx,html"])
    assert r.exit_code == 1  # written, but the workbook still has errors (the printed Skala's gaps)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".html"]
    r = CliRunner().invoke(cli, ["report", str(example("bantarbolang-2023")), "-o", str(tmp_path), "--format", "odt"])
    assert r.exit_code == 2 and "Format laporan tidak dikenal: odt" in r.output


def test_report_never_touches_the_workbook(tmp_path):
    src = tmp_path / "wb.xlsx"
    shutil.copy(example("purwareja-klampok-2024"), src)
    before = src.read_bytes()
    make_report(src, tmp_path / "out", formats=["docx", "html"])
    assert src.read_bytes() == before


def test_user_templates_run_in_a_sandbox(tmp_path):
    mine = tmp_path / "templat"
    mine.mkdir()
    (mine / "laporan.html.j2").write_text(
        "{{ profil.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        make_report(example("balapulang-2022"), tmp_path / "out", templates=mine, formats=["html"])
    assert "laporan.html.j2 gagal diisi" in e.value.message
    assert not list((tmp_path / "out").glob("*.html"))


def test_grades_are_carried_the_same_way_every_year(tmp_path):
    """A SAKIP score typed with its grade ("BB (72,10)") is printed with its grade in every year's row and in the
    sentence comparing with last year, never as a bare number beside a graded one."""
    made = make_report(example("purwareja-klampok-2024"), tmp_path, formats=["docx"])
    doc = Document(str(made["docx"]))
    t = table_with_header(doc, ["Indikator", "Tahun", "Target", "Realisasi", "Capaian"])
    sakip = [r for r in rows(t) if r[0] == "Nilai SAKIP Kecamatan"]
    assert [(r[1], r[3]) for r in sakip] == [("2022", "CC (60,59)"), ("2023", "B (71,20)"), ("2024", "BB (72,10)")]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Dibandingkan tahun 2023 (realisasi B (71,20)), realisasi naik 0,90 poin." in text
    assert "dengan target B (71,20) terealisasi BB (72,10), sehingga" in text


@pytest.mark.libreoffice
def test_real_dpa_codes_fit_their_column(tmp_path):
    """Budget codes as long as a DPA's (7.01.01.2.01.0001) stay on one line in the printed budget table."""
    doc = load_data(example_data("balapulang-2022"))

    def longer(code):
        return None if code in (None, "") else f"7.01.01.2.01.{code}"

    for r in doc["tables"]["Anggaran"]:
        r["Kode"] = longer(r.get("Kode"))
        if r.get("Kode Induk"):
            r["Kode Induk"] = longer(r["Kode Induk"])
    src = tmp_path / "wb.xlsx"
    build_from_data(doc, src)
    made = make_report(src, tmp_path, formats=["pdf"])
    text = subprocess.run(["pdftotext", "-layout", str(made["pdf"]), "-"], capture_output=True, text=True,
                          check=True).stdout
    codes = [r["Kode"] for r in doc["tables"]["Anggaran"] if r.get("Kode")]
    assert len(codes) > 10 and max(len(c) for c in codes) >= 17
    lines = text.splitlines()
    for c in codes:
        assert any(re.search(rf"(^|\s){re.escape(c)}(\s|$)", ln) for ln in lines), c
