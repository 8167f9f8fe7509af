"""One outline drives the Word and HTML reports; every Narasi section staff write lands in its place."""

import zipfile

import pytest
from conftest import ROOT
from docx import Document

from lkjip_xl.filldata import EXAMPLES, build_from_data, example_data, load_data
from lkjip_xl.narasi import BAGIAN, bagian_for
from lkjip_xl.reader import read_workbook
from lkjip_xl.report import make_report
from lkjip_xl.report.docx_template import build_docx_template
from lkjip_xl.report.html_template import html_template
from lkjip_xl.report.outline import OUTLINE, Heading, Loop, Narasi, When
from lkjip_xl.template import build_default_template
from lkjip_xl.xlsx import Package


def section_of() -> dict[str, str]:
    """Each Narasi key → the heading it is printed under (as the template spells it)."""
    out: dict[str, str] = {}

    def walk(blocks, current):
        for b in blocks:
            if isinstance(b, Heading):
                current = b.text
            elif isinstance(b, Narasi):
                out[b.key] = current
            elif isinstance(b, When):
                current = walk(b.blocks, current)
            elif isinstance(b, Loop):
                walk(b.blocks, current)  # a heading per item does not end the section around the loop
        return current

    walk(OUTLINE, "")
    return out


def test_every_bagian_has_its_place_in_the_outline():
    places = section_of()
    assert sorted(places) == sorted(b.key for b in BAGIAN)
    assert places["Tugas Pokok dan Fungsi"] == "C. Tugas Pokok dan Fungsi"
    assert places["Kata Pengantar"] == "KATA PENGANTAR"
    assert places["Rekomendasi"] == "B. Rekomendasi"


def test_a_new_workbook_lists_every_bagian_with_its_hint(tmp_path):
    p = build_default_template(tmp_path / "baru.xlsx")
    wb = read_workbook(p)
    assert [r.get("Bagian") for r in wb.rows("Narasi")] == [b.key for b in BAGIAN]
    pkg = Package.open(p)
    g = wb.geoms["Narasi"]
    rows = pkg.rows(g.sheet)
    hint_col = g.last_col + 2
    assert rows[g.header_row][hint_col].value == "Petunjuk"
    assert [rows[g.first_row + k][hint_col].value for k in range(len(BAGIAN))] == [b.hint for b in BAGIAN]


def test_typed_names_find_their_section():
    assert bagian_for("tugas dan fungsi").key == "Tugas Pokok dan Fungsi"
    assert bagian_for("  Visi & Misi ").key == "Visi dan Misi"
    assert bagian_for("Penghargaan").key == "Capaian Kinerja Lainnya"
    assert bagian_for("Instrumen Pendukung Pengelolaan Kinerja") is None


def _under(paragraphs, heading, text):
    """Whether ``text`` is a paragraph after ``heading`` and before the next heading of the same or a higher level."""
    start = next((k for k, p in enumerate(paragraphs) if p.text == heading and p.style.name.startswith("Heading")),
                 None)
    assert start is not None, heading
    level = int(paragraphs[start].style.name.split()[-1])
    for p in paragraphs[start + 1:]:
        if p.style.name.startswith("Heading") and int(p.style.name.split()[-1]) <= level:
            return False
        if p.text == text:
            return True
    return False


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_bagian_lands_in_its_chapter(name, tmp_path):
    """The example with every standard Bagian written (by key or by a name staff use) and one the report does not
    know: each text is printed under its own heading, the unknown one under Lampiran's Narasi Tambahan."""
    doc = load_data(example_data(name))
    rows = [r for r in doc["tables"].get("Narasi") or [] if r.get("Bagian") not in {b.key for b in BAGIAN}]
    rows = [r for r in rows if bagian_for(r["Bagian"]) is None]  # keep only what no section claims
    written = {b.key: f"Teks staf untuk {b.key}." for b in BAGIAN}
    doc["tables"]["Narasi"] = [{"Bagian": k, "Teks": v} for k, v in written.items()] + rows + [
        {"Bagian": "Catatan Khusus Camat", "Teks": "Teks yang tidak dikenal laporan."}]
    src = tmp_path / "wb.xlsx"
    build_from_data(doc, src)
    made = make_report(src, tmp_path, formats=["docx", "html"])
    paras = Document(str(made["docx"])).paragraphs
    places = section_of()
    ctx_letters = {"{{ bab3.skm }}. Survei Kepuasan Masyarakat": "D. Survei Kepuasan Masyarakat",
                   "{{ bab3.inovasi }}. Inovasi": "E. Inovasi",
                   "{{ bab3.lainnya }}. Capaian Kinerja Lainnya": "F. Capaian Kinerja Lainnya"}
    for key, text in written.items():
        heading = ctx_letters.get(places[key], places[key])
        assert _under(paras, heading, text), (key, heading)
    assert _under(paras, "B. Narasi Tambahan", "Teks yang tidak dikenal laporan.")
    assert _under(paras, "B. Narasi Tambahan", "Catatan Khusus Camat")
    for r in rows:  # the example's own unknown sections, under the name staff typed
        assert _under(paras, "B. Narasi Tambahan", r["Bagian"])
    html = made["html"].read_text(encoding="utf-8")
    assert all(text in html for text in written.values())
    # no section says it is empty when staff wrote it
    assert not any("belum diisi: tulis pada lembar Narasi" in p.text for p in paras)


def test_an_empty_section_says_so(tmp_path):
    doc = load_data(example_data("balapulang-2022"))
    doc["tables"]["Narasi"] = []
    src = tmp_path / "wb.xlsx"
    build_from_data(doc, src)
    made = make_report(src, tmp_path, formats=["docx"])
    paras = Document(str(made["docx"])).paragraphs
    assert _under(paras, "C. Tugas Pokok dan Fungsi",
                  "[Bagian ini belum diisi: tulis pada lembar Narasi, Bagian «Tugas Pokok dan Fungsi».]")
    # sections with a standard text get it
    assert _under(paras, "B. Landasan Hukum",
                  "2. Peraturan Pemerintah Nomor 17 Tahun 2018 tentang Kecamatan;")
    assert sum(1 for p in paras if p.text.startswith("Puji syukur")) == 1


def test_the_committed_templates_are_the_outline(tmp_path):
    assert (ROOT / "templates" / "laporan.html.j2").read_text(encoding="utf-8") == html_template()
    built = build_docx_template(tmp_path / "laporan.docx")
    with zipfile.ZipFile(built) as a, zipfile.ZipFile(ROOT / "templates" / "laporan.docx") as b:
        for part in ("word/document.xml", "word/styles.xml", "word/settings.xml"):
            assert a.read(part) == b.read(part), part
