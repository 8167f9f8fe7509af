"""The PDF as Word would print it, read back page by page (pdftotext -layout) on every example.

Daftar Isi carries the pages the headings are really on; every page after the cover is numbered (roman in the
front matter, arabic from Bab I); budget amounts never break across lines; the DRAF mark is on every page exactly
when the report is a draft; only embedded, metric-compatible fonts (the PDF breaks lines where Word does).
"""

import copy
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import build_from_data
from docx import Document

from lkjip_xl.api import check
from lkjip_xl.errors import PdfConversionFailed
from lkjip_xl.report import make_report, report_context
from lkjip_xl.report.render import render_pdf

pytestmark = pytest.mark.libreoffice

ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
FOOTER = re.compile(r"^[\s\-–—]*(?:Halaman\s+)?([ivxlc]+|\d+)[\s\-–—]*$")
METRIC_COMPATIBLE = ("Liberation", "Carlito", "Caladea")  # Times New Roman/Arial/Courier New, Calibri, Cambria


def roman(s):
    """The value of a lower-case roman numeral (None if ``s`` is not one)."""
    if not s or set(s) - set(ROMAN):
        return None
    vals = [ROMAN[c] for c in s]
    return sum(-v if i + 1 < len(vals) and v < vals[i + 1] else v for i, v in enumerate(vals))


def squash(text):
    return " ".join(text.split())


@dataclass
class Printed:
    """A report's PDF, page by page, beside its Word file and context."""

    name: str
    ctx: dict
    docx: Path
    pdf: Path
    pages: list  # pdftotext -layout text of each page

    @property
    def footers(self):
        """The page number printed at the foot of each page (None where there is none)."""
        out = []
        for page in self.pages:
            lines = [ln for ln in page.splitlines() if ln.strip()]
            m = FOOTER.match(lines[-1]) if lines else None
            out.append(m.group(1) if m else None)
        return out

    def label(self, i):
        """What the reader calls page ``i`` (0-based): its printed number, else its position in the file."""
        return self.footers[i] or str(i + 1)


def read_pdf(pdf):
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def printed(name, o, made):
    ctx = report_context(o.workbook, o.computed)
    ctx["draf"] = ctx["draf"] or bool(o.result.errors)  # as make_report has it: errors make a draft too
    return Printed(name, ctx, made["docx"], made["pdf"], read_pdf(made["pdf"]))


@pytest.fixture(scope="module")
def report(generated_pdf):
    return printed(*generated_pdf)


@pytest.fixture(scope="module")
def final_report(demo_doc, tmp_path_factory):
    """A workbook with Status Dokumen Final and no errors (every example has some): its report is no draft."""
    doc = copy.deepcopy(demo_doc)
    doc["tables"]["Profil"]["Status Dokumen"] = "Final"
    parents = {r.get("Kode Induk") for r in doc["tables"]["Anggaran"]}
    for r in doc["tables"]["Anggaran"]:  # the fixture's typed totals contradict their parts on purpose
        if r["Kode"] in parents:
            r.pop("Realisasi", None)
    d = tmp_path_factory.mktemp("final")
    build_from_data(doc, d / "final.xlsx")
    o = check(d / "final.xlsx")
    assert o.result.errors == []
    return printed("final", o, make_report(d / "final.xlsx", d / "out", formats=["docx", "pdf"], outcome=o))


def headings(docx):
    """The Word file's headings of levels 1-2 in order: what Daftar Isi (TOC \\o "1-2") lists (the per-sasaran
    headings of level 3 stay out of it)."""
    out = []
    for p in Document(str(docx)).paragraphs:
        style = p.style.name if p.style is not None else ""
        m = re.fullmatch(r"Heading ([12])", style)
        if m and p.text.strip():
            out.append(squash(p.text))
    return out


# --- (a) Daftar Isi, and Daftar Tabel and Daftar Gambar --------------------------------------------------------


def check_index(report, title, entries):
    """Each of ``entries`` (in order) is listed under the heading ``title`` with the page it is printed on.

    The pages are the PDF's own: an entry's page is where its text is printed after the list (before the list
    for entries that come before it in the document, Kata Pengantar in Daftar Isi), and the label is the page
    number printed at that page's foot.
    """
    flat, starts = "", []
    for page in report.pages:
        starts.append(len(flat))
        flat += squash(page) + " "

    def page_of(offset):
        return max(i for i, s in enumerate(starts) if s <= offset)

    heading = re.compile(re.escape(title) + r"(?! ?\.\.)")  # the heading, not Daftar Isi's entry for it
    own = heading.search(flat).start()
    pos, claimed = own + len(title), []
    for h in entries:  # every entry, in order, with a page number after its leader
        m = re.compile(re.escape(h) + r"[ .]*?\b([ivxlc]+|\d+)\b").search(flat, pos)
        assert m, f"{report.name}: {title} has no page number for «{h}»"
        claimed.append(m.group(1))
        pos = m.end()
    listed_until, at = pos, 0
    before = entries.index(title) if title in entries else -1
    for i, (h, label) in enumerate(zip(entries, claimed)):
        if i < before:  # printed before the list (Kata Pengantar before Daftar Isi)
            at = flat.index(h, at)
            assert at < own
        elif i == before:
            at = own
        else:  # printed after the list: the first time past its entries and the previous one
            at = flat.index(h, max(at, listed_until))
        page = report.label(page_of(at))
        assert page == label, f"{report.name}: «{h}» is on page {page}, {title} says {label}"


def test_daftar_isi_lists_the_page_each_heading_is_on(report):
    heads = headings(report.docx)
    assert "DAFTAR ISI" in heads
    check_index(report, "DAFTAR ISI", heads)


@pytest.mark.parametrize("kind, title", [("daftar_tabel", "DAFTAR TABEL"), ("daftar_gambar", "DAFTAR GAMBAR")])
def test_daftar_tabel_and_gambar_list_the_page_of_each_caption(report, kind, title):
    captions = [squash(t["caption"]) for t in report.ctx[kind]]
    assert captions, f"{report.name} has no {kind}: every example has tables and figures to list"
    check_index(report, title, captions)


# --- (b) page numbers ----------------------------------------------------------------------------------------------


def test_every_page_after_the_cover_is_numbered_roman_then_arabic_from_bab_i(report):
    feet = report.footers
    assert len(feet) >= 12
    missing = [i + 1 for i, f in enumerate(feet[1:], start=1) if f is None]
    assert missing == [], f"{report.name}: no page number at the foot of pages {missing}"
    first_arabic = next(i for i, f in enumerate(feet) if i and f and f.isdigit())  # the cover's year is no number
    front = [roman(f) for f in feet[1:first_arabic]]
    assert front and None not in front, f"{report.name}: front matter not in roman numerals: {feet[1:first_arabic]}"
    assert front[0] in (1, 2) and front == list(range(front[0], front[0] + len(front)))  # the cover may count as i
    body = [int(f) for f in feet[first_arabic:]]
    assert body == list(range(1, len(body) + 1)), f"{report.name}: arabic numbering {body}"
    lines = [squash(ln) for ln in report.pages[first_arabic].splitlines()]
    assert "BAB I PENDAHULUAN" in lines  # page 1 is where Bab I begins


# --- (c) amounts ---------------------------------------------------------------------------------------------------


def test_budget_amounts_are_never_broken_across_lines(report):
    cells = [c.text.strip() for t in Document(str(report.docx)).tables for row in t.rows for c in row.cells]
    amounts = {v for row in report.ctx["anggaran"] for v in row.values()
               if isinstance(v, str) and re.fullmatch(r"Rp \d{1,3}(?:\.\d{3})*", v)}
    assert amounts
    lines = [ln for page in report.pages for ln in page.splitlines()]
    broken = []
    for a in sorted(amounts):
        pattern = re.compile(r"Rp\s+" + re.escape(a[3:]) + r"(?![\d.,]\d)")
        in_table = cells.count(a)  # a cell of the budget table (the same amount may be in two rows)
        whole = sum(len(pattern.findall(ln)) for ln in lines)
        if in_table and whole < in_table:
            broken.append(f"{a} ({whole} whole of {in_table})")
    assert broken == [], f"{report.name}: amounts broken across lines: {broken}"


# --- (d) DRAF ------------------------------------------------------------------------------------------------------


def _draf_pages(rep):
    return [i + 1 for i, page in enumerate(rep.pages) if re.search(r"\bDRAF\b", page)]


def test_draf_mark_on_every_page_exactly_when_the_report_is_a_draft(report):
    pages = _draf_pages(report)
    if report.ctx["draf"]:
        assert pages == list(range(1, len(report.pages) + 1)), f"{report.name}: DRAF only on pages {pages}"
    else:
        assert pages == [], f"{report.name}: DRAF on pages {pages} of a final report"


def test_final_report_without_errors_has_no_draf_mark(final_report):
    assert final_report.ctx["draf"] is False
    assert _draf_pages(final_report) == []
    assert len(final_report.pages) >= 8


# --- (e) fonts -----------------------------------------------------------------------------------------------------


def test_only_embedded_metric_compatible_fonts(report):
    out = subprocess.run(["pdffonts", str(report.pdf)], capture_output=True, text=True, check=True).stdout
    rows = [ln.split() for ln in out.splitlines()[2:] if ln.strip()]
    assert rows
    for r in rows:
        name, emb = r[0].split("+")[-1], r[-5]
        assert emb == "yes", f"{report.name}: {name} is not embedded"
        assert name.startswith(METRIC_COMPATIBLE), f"{report.name}: {name} is not metric-compatible with Word's fonts"


# --- the conversion itself -----------------------------------------------------------------------------------------


@pytest.fixture
def own_tmp(tmp_path, monkeypatch):
    """Conversions made here put their LibreOffice profile under ``tmp_path``, so their processes can be found."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _strays(tmp):
    """Processes still running with a profile under ``tmp`` (a LibreOffice the conversion left behind)."""
    r = subprocess.run(["pgrep", "-f", f"{tmp}/lkjip-pdf-"], capture_output=True, text=True)
    return r.stdout.split()


def test_word_file_keeps_its_fields(report):
    """The PDF step updates the indexes in LibreOffice's copy only: the .docx still holds Word's TOC field."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = Document(str(report.docx)).element.body
    instr = " ".join(t.text or "" for t in body.iter(w + "instrText"))
    assert re.search(r'TOC \\o "1-2"', instr)


def test_unreadable_word_file_is_an_indonesian_error_and_writes_nothing(own_tmp):
    tmp_path = own_tmp
    bad = tmp_path / "rusak.docx"
    bad.write_bytes(b"PK\x03\x04 bukan dokumen")
    out = tmp_path / "rusak.pdf"
    with pytest.raises(PdfConversionFailed) as e:
        render_pdf(bad, out)
    assert "PDF" in e.value.message and "rusak.docx" in e.value.message
    assert not out.exists()
    assert _strays(tmp_path) == []


def test_conversion_past_its_timeout_stops_and_leaves_no_process(generated, own_tmp):
    tmp_path = own_tmp
    name, o, made = generated
    out = tmp_path / "lambat.pdf"
    with pytest.raises(PdfConversionFailed) as e:
        render_pdf(made["docx"], out, timeout=0.5)
    assert "tidak selesai dalam 0,5 detik" in e.value.message
    assert not out.exists()
    assert _strays(tmp_path) == []
