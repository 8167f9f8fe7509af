"""The report a Camat signs, read back against the workbook it came from (issue 15; issue 16's "figures the
workbook never held").

Bab I and II tables hold what the workbook holds, row by row: the SDM breakdowns of the Pegawai sheet, the desa
with their IDM, the Renstra with every year and its Tujuan, the IKU, the Perjanjian Kinerja, the programs and
their pagu. The cover carries the kop, the title and the year; the Kata Pengantar its three standard paragraphs
unless staff wrote their own; every signature its place and date, jabatan, name, pangkat and NIP, or a visible
placeholder. In Word, figures are right-aligned, header rows repeat, the budget table sits on landscape pages,
programs, kegiatan and sub kegiatan read apart, no header breaks inside a word and captions keep their distance.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm, Pt

from lkjip_xl.filldata import build_from_data, example_data, load_data
from lkjip_xl.fmt import KOSONG, rupiah, tanggal
from lkjip_xl.report import make_report
from lkjip_xl.report.outline import OUTLINE, Loop, Table, When

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# --- reading the Word file ---------------------------------------------------------------------------------------


def header(t):
    return [c.text.strip() for c in t.rows[0].cells]


def body(t):
    return [[c.text.strip() for c in r.cells] for r in t.rows[1:]]


def find_table(doc, head):
    """The one table whose header row is ``head`` (None when the report has none)."""
    found = [t for t in doc.tables if header(t) == head]
    assert len(found) <= 1, head
    return found[0] if found else None


def paragraph_texts(doc):
    return [p.text for p in doc.paragraphs]


def number(text):
    """ "1.234,50%" → Decimal("1234.50"); None for a text that is no number."""
    s = text.replace("%", "").replace("Rp", "").strip().replace(".", "").replace(",", ".")
    try:
        return Decimal(s)
    except ArithmeticError:
        return None


def outline_tables(blocks=OUTLINE):
    out = []
    for b in blocks:
        if isinstance(b, Table):
            out.append(b)
        elif isinstance(b, (When, Loop)):
            out += outline_tables(b.blocks)
    return out


def matches(t, doc_header, years):
    """Whether a Word table with ``doc_header`` is outline table ``t`` (a repeated column is one per year)."""
    want = []
    for c in t.cols:
        want += [str(y) for y in years] if c.repeat else [c.header]
    return want == doc_header


def columns_of(t, years):
    """The outline column behind each Word column of ``t``."""
    out = []
    for c in t.cols:
        out += [c] * (len(years) if c.repeat else 1)
    return out


@pytest.fixture(scope="module")
def read(generated):
    """The example's report read back: (name, check outcome, Word document, made files)."""
    name, o, made = generated
    return name, o, Document(str(made["docx"])), made


# --- Bab I: sumber daya manusia, desa --------------------------------------------------------------------------

SDM = (("Golongan", "Golongan"), ("Pendidikan", "Pendidikan"), ("Jabatan", "Jabatan"),
       ("Status Kepegawaian", "Status"))


def test_sdm_tables_count_the_pegawai_sheet(read):
    """Each breakdown's rows are the values typed in its Pegawai column with the staff counted (Jumlah, else 1);
    a blank reads "Tidak diisi", and a column nobody filled has no table (its counts would be invented)."""
    name, o, doc, _ = read
    staff = [r for r in o.workbook.rows("Pegawai") if r.get("Jabatan")]
    total = sum(r.get("Jumlah") or 1 for r in staff)
    assert total > 0
    for head, col in SDM:
        t = find_table(doc, [head, "Jumlah"])
        if not any(r.get(col) for r in staff):
            assert t is None, (name, head)
            continue
        want = Counter()
        for r in staff:
            want[r.get(col) or "Tidak diisi"] += r.get("Jumlah") or 1
        assert t is not None, (name, head)
        got = {u: int(n) for u, n in body(t)}
        assert got == dict(want), (name, head)
        assert sum(got.values()) == total
    text = paragraph_texts(doc)
    (kal,) = [p for p in text if p.startswith(f"Jumlah pegawai sebanyak {total} ")]
    named = {"golongan": "Golongan", "pendidikan": "Pendidikan", "jabatan": "Jabatan",
             "status kepegawaian": "Status"}
    listed = re.search(r"rinciannya menurut (.+) disajikan berikut\.$", kal).group(1)
    # the sentence announces exactly the breakdowns that follow
    assert {w for w in named if w in listed} == {w for w, col in named.items() if any(r.get(col) for r in staff)}


def test_sdm_status_and_eselon_as_typed(read):
    """PNS, PPPK and THL/Non ASN are counted apart; eselon travels with the jabatan as staff type it."""
    name, o, doc, _ = read
    status = {u: int(n) for u, n in body(find_table(doc, ["Status Kepegawaian", "Jumlah"]))}
    by = Counter()
    for r in o.workbook.rows("Pegawai"):
        if r.get("Jabatan"):
            by[r.get("Status")] += r.get("Jumlah") or 1
    assert status == dict(by)
    if name == "purwareja-klampok-2024":
        assert status == {"PNS": 10, "Non ASN": 3}
        jabatan = dict(body(find_table(doc, ["Jabatan", "Jumlah"])))
        assert jabatan["Camat (Eselon III.a)"] == "1" and jabatan["Kepala Seksi (Eselon IV.a)"] == "2"


def test_desa_table_is_the_desa_sheet(read):
    name, o, doc, _ = read
    desa = [r for r in o.workbook.rows("Desa") if r.get("Nama Desa")]
    t = find_table(doc, ["No", "Desa/Kelurahan", "Jenis", "Status IDM", "Nilai IDM"])
    assert [r[1:3] for r in body(t)] == [[r.get("Nama Desa"), r.get("Jenis") or "Desa"] for r in desa]
    assert [r[0] for r in body(t)] == [str(k) for k in range(1, len(desa) + 1)]


def test_desa_idm_status_and_value_where_given(tmp_path):
    doc = load_data(example_data("balapulang-2022"))
    rows = doc["tables"]["Desa"]
    rows[0].update({"Status IDM": "Maju", "Nilai IDM": 0.7512, "Status IDM Tahun Lalu": "Berkembang"})
    rows[1].update({"Status IDM": "Mandiri"})
    src = tmp_path / "wb.xlsx"
    build_from_data(doc, src)
    made = make_report(src, tmp_path, formats=["docx", "html"])
    got = body(find_table(Document(str(made["docx"])), ["No", "Desa/Kelurahan", "Jenis", "Status IDM", "Nilai IDM"]))
    assert got[0] == ["1", rows[0]["Nama Desa"], "Desa", "Maju", "0,7512"]
    assert got[1] == ["2", rows[1]["Nama Desa"], "Desa", "Mandiri", ""]  # no value typed: none printed
    assert got[2][3:] == ["", ""]
    html = made["html"].read_text(encoding="utf-8")
    assert '<td class="text">Maju</td><td class="num">0,7512</td>' in html


# --- Bab II: Renstra, IKU, Perjanjian Kinerja, programs ----------------------------------------------------------


def test_renstra_table_has_every_year_and_the_tujuan(read):
    """One column per Renstra year (none dropped), Tujuan first; every indicator's typed targets in its years,
    "-" where the plan sets none."""
    name, o, doc, _ = read
    wb = o.workbook
    years = list(wb.years)
    assert len(years) >= 4
    head = ["Tujuan", "Sasaran", "Indikator", "Satuan", *map(str, years), "Target Akhir"]
    t = find_table(doc, head)
    assert t is not None, (name, [header(x) for x in doc.tables])
    tujuan = {r.get("Kode"): r.get("Uraian") for r in wb.rows("Tujuan") if r.get("Kode")}
    sasaran = {r.get("Kode"): (r.get("Uraian"), tujuan.get(r.get("Kode Tujuan"))) for r in wb.rows("Sasaran")
               if r.get("Kode")}
    got = {r[2]: r for r in body(t) if r[2]}
    inds = [r for r in wb.rows("Indikator") if r.get("Kode") and r.get("Kode Sasaran") in sasaran]
    assert len(got) == len(inds)
    for r in inds:
        row = got[r.get("Indikator")]
        s_uraian, t_uraian = sasaran[r.get("Kode Sasaran")]
        assert row[:2] == [t_uraian, s_uraian]
        assert row[3] == (r.get("Satuan") or "")
        for k, y in enumerate(years):
            typed, cell = r[f"Target {y}"], row[4 + k]
            if typed is None:
                assert cell == "-", (r.get("Kode"), y)
            elif typed.text and any(ch.isalpha() for ch in typed.text):
                assert cell == typed.text.strip()  # a grade as typed: "B (71,20)"
            else:
                shown = number(cell)
                assert shown is not None, cell
                assert abs(shown - typed.value) < Decimal("0.005"), (r.get("Kode"), y, cell, typed)
    # the year columns are real columns in the grid, not slivers (58 twips dropped two years once)
    grid = [int(g.get(W + "w")) for g in t._tbl.tblGrid.iter(W + "gridCol")]
    assert len(grid) == len(head)
    assert min(grid[4:4 + len(years)]) >= Cm(1.2).twips


def test_iku_table_holds_the_indicators_marked_iku(read):
    name, o, doc, _ = read
    iku = [r for r in o.workbook.rows("Indikator") if r.get("Kode") and r.get("IKU") == "Ya"]
    assert iku
    t = find_table(doc, ["No", "Indikator Kinerja", "Satuan", "Formulasi", "Sumber Data"])
    assert body(t) == [[str(k + 1), r.get("Indikator"), r.get("Satuan") or "", r.get("Formulasi") or "",
                        r.get("Sumber Data") or ""] for k, r in enumerate(iku)]
    others = {r.get("Indikator") for r in o.workbook.rows("Indikator") if r.get("Kode") and r.get("IKU") != "Ya"}
    assert not others & {r[1] for r in body(t)}
    if name == "bantarbolang-2023":
        assert "Nilai AKIP" in others  # not marked IKU, so not in the table


def test_perjanjian_kinerja_table_with_its_perubahan(read):
    name, o, doc, _ = read
    c = o.computed
    t = find_table(doc, ["No", "Sasaran", "Indikator", "Satuan", "Target", "Target Perubahan"])
    got = body(t)
    assert len(got) == len(c.indicators) > 0
    for r, i in zip(got, c.indicators):
        assert r[1:4] == [i.group_name, i.nama, i.satuan or ""]
        typed = i.rec["Target PK"]
        text = getattr(typed, "text", None)
        if typed is None:  # not in the PK murni (an indicator the perubahan added): "-", as a PK prints it
            assert r[4] == "-"
        elif text and any(ch.isalpha() for ch in text):
            assert r[4] == text.strip()
        else:
            assert abs(number(r[4]) - getattr(typed, "value", typed)) < Decimal("0.005"), (r, typed)
        if i.rec["Target PK Perubahan"] is None:
            assert r[5] == "-"
        else:
            assert r[5] != "-"
    perubahan = any(i.perubahan_pk for i in c.indicators)
    caption = [p for p in paragraph_texts(doc) if p.startswith("Tabel 2.") and "Perjanjian Kinerja" in p]
    assert caption and all(p.endswith("(Perubahan)") == perubahan for p in caption)
    if name == "bantarbolang-2023":
        assert perubahan


def program_table(doc):
    """(header, rows) of Bab II's program table, with or without its Pagu Murni column."""
    for head in (["Kode", "Program", "Pagu Murni", "Pagu Perubahan"], ["Kode", "Program", "Pagu"]):
        t = find_table(doc, head)
        if t is not None:
            return head, body(t)
    raise AssertionError([header(t) for t in doc.tables])


def test_program_table_is_every_program_with_its_pagu(read):
    """Every program with its pagu; a pagu murni only where the workbook states it whole (typed on the program,
    or on every line below it): "-" where it does not, no column where no program has one."""
    name, o, doc, _ = read
    programs = [b for b in o.computed.budget if b.level == "Program"]
    head, got = program_table(doc)
    assert [r[:2] for r in got] == [[b.code, b.uraian] for b in programs]
    assert [r[-1] for r in got] == [rupiah(b.total.pagu, kosong="-") for b in programs]
    stated = [b.total.murni_complete for b in programs]
    assert (head[-2:] == ["Pagu Murni", "Pagu Perubahan"]) == any(stated)
    if any(stated):
        assert [r[2] for r in got] == [rupiah(b.total.pagu_murni) if s else "-" for b, s in zip(programs, stated)]
    if name == "balapulang-2022":  # Pagu Murni typed per program (PK murni, Tabel 2.4)
        assert got[0][2:] == ["Rp 1.671.213.000", "Rp 1.358.025.700"]
    if name == "purwareja-klampok-2024":  # typed for one kegiatan only: no program's pagu murni is stated
        assert head == ["Kode", "Program", "Pagu"]


def murni_book(tmp_path, edit):
    doc = load_data(example_data("purwareja-klampok-2024"))
    for r in doc["tables"]["Anggaran"]:
        r.pop("Pagu Murni", None)
    edit(doc)
    src = tmp_path / "wb.xlsx"
    build_from_data(doc, src)
    made = make_report(src, tmp_path, formats=["docx", "html"])
    return doc, Document(str(made["docx"])), made["html"].read_text(encoding="utf-8")


def leaves(doc):
    parents = {r.get("Kode Induk") for r in doc["tables"]["Anggaran"]}
    return [r for r in doc["tables"]["Anggaran"] if r["Kode"] not in parents]


def test_pagu_murni_typed_for_one_line_only_is_no_program_figure(tmp_path):
    """Issue 16: one sub kegiatan's Pagu Murni typed; the program table no longer prints sums that take every blank
    as unchanged (Rp 2.187.128.707 for a DPA murni of Rp 2.516.295.820 in the Purwareja report)."""
    def one(doc):
        row = leaves(doc)[0]
        row["Pagu Murni"] = row["Pagu"] + 1_000_000

    _, doc, html = murni_book(tmp_path, one)
    head, got = program_table(doc)
    assert head == ["Kode", "Program", "Pagu"]
    assert "<th>Pagu Murni</th>" not in html
    assert not any("Pagu murni sebesar" in p for p in paragraph_texts(doc))


def test_pagu_murni_typed_on_one_program_is_that_program_s_only(tmp_path):
    def program(doc):
        row = next(r for r in doc["tables"]["Anggaran"] if r.get("Level") == "Program")
        row["Pagu Murni"] = 2_500_000_000

    src, doc, html = murni_book(tmp_path, program)
    head, got = program_table(doc)
    assert head == ["Kode", "Program", "Pagu Murni", "Pagu Perubahan"]
    assert got[0][2] == "Rp 2.500.000.000"
    assert [r[2] for r in got[1:]] == ["-"] * (len(got) - 1)  # typed for none of them: not "unchanged"
    assert [r[3] for r in got[1:]] != ["-"] * (len(got) - 1)


def test_pagu_murni_typed_everywhere_is_printed_everywhere(tmp_path):
    def every(doc):
        for row in leaves(doc):
            row["Pagu Murni"] = row["Pagu"] + 1000

    src, doc, _ = murni_book(tmp_path, every)
    head, got = program_table(doc)
    assert head == ["Kode", "Program", "Pagu Murni", "Pagu Perubahan"]
    assert all(r[2] != "-" and number(r[2]) > number(r[3]) for r in got)


def test_no_pagu_murni_typed_no_pagu_murni_printed(tmp_path):
    _, doc, html = murni_book(tmp_path, lambda doc: None)
    assert program_table(doc)[0] == ["Kode", "Program", "Pagu"]
    assert not any("agu murni" in p for p in paragraph_texts(doc))


# --- cover, Kata Pengantar, signatures ---------------------------------------------------------------------------


def front(doc):
    """The cover's paragraphs: everything before the KATA PENGANTAR heading."""
    texts = paragraph_texts(doc)
    return [t for t in texts[:texts.index("KATA PENGANTAR")] if t.strip()]


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


@pytest.mark.libreoffice
def test_cover_carries_the_kop_title_and_year(generated_pdf):
    name, o, made = generated_pdf
    doc = Document(str(made["docx"]))
    wb = o.workbook
    tahun = str(o.computed.settings.tahun)
    kab = wb.prof("Kabupaten/Kota")
    kop = [f"PEMERINTAH {kab.upper()}", str(wb.prof("Nama Instansi")).upper()]
    assert kop[0].startswith("PEMERINTAH KABUPATEN ") and kop[1].startswith("KECAMATAN ")
    alamat = [wb.prof("Alamat")] if wb.prof("Alamat") else []
    assert front(doc) == ["LAPORAN KINERJA", "INSTANSI PEMERINTAH (LKjIP)", f"TAHUN {tahun}", *kop, *alamat, tahun]
    cover = " ".join(pdf_pages(made["pdf"])[0].split())
    for line in ["LAPORAN KINERJA", "INSTANSI PEMERINTAH (LKjIP)", f"TAHUN {tahun}", *kop, *alamat]:
        assert " ".join(line.split()) in cover, line
    assert "KATA PENGANTAR" not in cover  # the cover is a page of its own


def test_kop_names_a_kota_and_says_when_the_kabupaten_is_missing(tmp_path):
    def cover_of(kab, sub):
        doc = load_data(example_data("balapulang-2022"))
        if kab is None:
            doc["tables"]["Profil"].pop("Kabupaten/Kota", None)
        else:
            doc["tables"]["Profil"]["Kabupaten/Kota"] = kab
        (tmp_path / sub).mkdir()
        src = tmp_path / sub / "wb.xlsx"
        build_from_data(doc, src)
        return front(Document(str(make_report(src, tmp_path / sub, formats=["docx"])["docx"])))

    assert "PEMERINTAH KOTA TEGAL" in cover_of("Kota Tegal", "kota")
    assert "PEMERINTAH KABUPATEN [belum diisi]" in cover_of(None, "kosong")


def signature_line(p):
    """Whether ``p`` belongs to a signature block (indented 9 cm; Word stores 3239770 EMU)."""
    return abs((p.paragraph_format.left_indent or 0) - Cm(9)) < Cm(0.01)


def kata_pengantar(doc):
    """The Kata Pengantar's paragraphs: after its heading, before its signature (the paragraphs indented 9 cm)."""
    paras = doc.paragraphs
    start = next(k for k, p in enumerate(paras) if p.text == "KATA PENGANTAR") + 1
    end = next(k for k in range(start, len(paras)) if signature_line(paras[k]))
    return [p.text for p in paras[start:end] if p.text.strip()]


def test_kata_pengantar_by_default_is_three_paragraphs_on_the_legal_basis(read):
    name, o, doc, _ = read
    # the examples leave it to the default; a typed one is test_outline::test_every_bagian_lands_in_its_chapter's
    assert not any(str(r.get("Bagian") or "").strip().lower() == "kata pengantar" for r in o.workbook.rows("Narasi"))
    paras = kata_pengantar(doc)
    assert len(paras) == 3, paras
    assert paras[0].startswith("Puji syukur")
    instansi, tahun = o.workbook.prof("Nama Instansi"), o.computed.settings.tahun
    assert f"(LKjIP) {instansi} Tahun {tahun}" in paras[0]
    assert "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah" in paras[1]
    assert ("Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014"
            in paras[1])
    assert f"bahan evaluasi dan perbaikan kinerja {instansi}" in paras[2]


@pytest.mark.parametrize("bagian", ["Kata Pengantar", "kata pengantar "])
def test_kata_pengantar_written_on_the_narasi_sheet_replaces_the_standard_one(bagian, tmp_path):
    doc = load_data(example_data("bantarbolang-2023"))
    doc["tables"]["Narasi"] = [r for r in doc["tables"]["Narasi"] if "pengantar" not in r["Bagian"].lower()]
    doc["tables"]["Narasi"].append({"Bagian": bagian, "Teks": "Alinea pertama kami.\nAlinea kedua kami."})
    src = tmp_path / "wb.xlsx"
    build_from_data(doc, src)
    made = make_report(src, tmp_path, formats=["docx", "html"])
    word = Document(str(made["docx"]))
    assert kata_pengantar(word) == ["Alinea pertama kami.", "Alinea kedua kami."]
    assert not any(p.startswith("Puji syukur") for p in paragraph_texts(word))
    html = made["html"].read_text(encoding="utf-8")
    assert "<p>Alinea pertama kami.</p><p>Alinea kedua kami.</p>" in html and "Puji syukur" not in html


def signatures(doc):
    """Each signature block's non-empty lines (its paragraphs are the ones indented 9 cm)."""
    out, current = [], None
    for p in doc.paragraphs:
        if signature_line(p):
            if current is None:
                current = []
                out.append(current)
            if p.text.strip():
                current.append(p.text)
        else:
            current = None
    return out


def test_signatures_carry_place_date_jabatan_name_pangkat_and_nip(read):
    name, o, doc, made = read
    wb = o.workbook
    place_date = ", ".join(x for x in (wb.prof("Tempat Penandatanganan"), tanggal(wb.prof("Tanggal Laporan")))
                           if x and x != KOSONG)
    want = [place_date, wb.prof("Jabatan Kepala") or "Camat",
            wb.prof("Nama Kepala") or "[nama Camat belum diisi]",
            *([wb.prof("Pangkat/Golongan Kepala")] if wb.prof("Pangkat/Golongan Kepala") else []),
            f"NIP. {wb.prof('NIP Kepala')}" if wb.prof("NIP Kepala") else "NIP. [belum diisi]"]
    got = signatures(doc)
    assert got == [want, want]  # Kata Pengantar and Bab IV
    assert not [t for t in paragraph_texts(doc) if t.strip() in ("NIP", "NIP.")]


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_a_missing_name_or_nip_shows_a_placeholder_never_a_bare_nip(blank, tmp_path):
    doc = load_data(example_data("bantarbolang-2023"))
    prof = doc["tables"]["Profil"]
    for k in ("Nama Kepala", "NIP Kepala", "Pangkat/Golongan Kepala"):
        if blank is None:
            prof.pop(k, None)
        else:
            prof[k] = blank
    src = tmp_path / "wb.xlsx"
    build_from_data(doc, src)
    made = make_report(src, tmp_path, formats=["docx", "html"])
    word = Document(str(made["docx"]))
    texts = [t.strip() for t in paragraph_texts(word)]
    assert texts.count("[nama Camat belum diisi]") == 2
    assert texts.count("NIP. [belum diisi]") == 2
    assert not [t for t in texts if re.fullmatch(r"NIP\.?", t)]
    for sig in signatures(word):
        assert sig[0].startswith(f"{prof['Tempat Penandatanganan']}, ") and sig[1] == prof["Jabatan Kepala"]
        assert sig[2:] == ["[nama Camat belum diisi]", "NIP. [belum diisi]"]  # no empty pangkat line either
    html = made["html"].read_text(encoding="utf-8")
    assert html.count("NIP. [belum diisi]") == 2 and not re.search(r">\s*NIP\.?\s*<", html)


# --- how the tables are laid out in Word --------------------------------------------------------------------------


def test_figures_are_right_aligned_and_text_is_not(read):
    name, o, doc, _ = read
    years = list(o.workbook.years)
    checked = set()
    for t in doc.tables:
        head = header(t)
        spec = next((x for x in outline_tables() if matches(x, head, years)), None)
        if spec is None:
            continue
        checked.add(tuple(head))
        for j, col in enumerate(columns_of(spec, years)):
            for r in t.rows[1:]:
                align = {p.alignment for p in r.cells[j].paragraphs if p.text.strip()}
                if col.kind in ("num", "money"):
                    assert align <= {2}, (head, col.header, r.cells[j].text)  # WD_ALIGN_PARAGRAPH.RIGHT
                else:
                    assert 2 not in align, (head, col.header)
    assert len(checked) >= 12


def test_every_table_repeats_its_header_row_and_keeps_rows_whole(read):
    name, o, doc, _ = read
    assert len(doc.tables) >= 15
    for t in doc.tables:
        trs = t._tbl.findall(W + "tr")
        first = trs[0].find(W + "trPr")
        assert first is not None and first.find(W + "tblHeader") is not None, header(t)
        for tr in trs[1:]:  # only the header row repeats
            pr = tr.find(W + "trPr")
            assert pr is None or pr.find(W + "tblHeader") is None, header(t)


def section_of_table(doc, tbl):
    """The ``w:sectPr`` of the section holding ``tbl``: the first one after it in the body."""
    seen = False
    for el in doc.element.body.iter():
        if el is tbl._tbl:
            seen = True
        elif seen and el.tag == W + "sectPr":
            return el
    raise AssertionError("no section after the table")


def test_the_budget_table_sits_on_landscape_pages_and_the_rest_on_portrait(read):
    name, o, doc, _ = read
    budget = find_table(doc, ["Kode", "Uraian", "Pagu", "Realisasi", "Serapan", "Sisa"])
    size = section_of_table(doc, budget).find(W + "pgSz")
    assert size.get(W + "orient") == "landscape"
    assert int(size.get(W + "w")) > int(size.get(W + "h"))
    capaian = find_table(doc, ["No", "Indikator", "Satuan", "Target", "Realisasi", "Capaian", "Predikat"])
    size = section_of_table(doc, capaian).find(W + "pgSz")
    assert size.get(W + "orient") != "landscape" and int(size.get(W + "w")) < int(size.get(W + "h"))
    # amounts and codes never wrap inside the cell
    for r in budget.rows[1:]:
        for j in (0, 2, 3, 5):
            pr = r.cells[j]._tc.tcPr
            assert pr is not None and pr.find(W + "noWrap") is not None


def test_program_kegiatan_and_sub_kegiatan_rows_are_set_apart(read):
    """Programs bold, kegiatan italic and indented, sub kegiatan indented further (the Uraian cell)."""
    name, o, doc, _ = read
    budget = find_table(doc, ["Kode", "Uraian", "Pagu", "Realisasi", "Serapan", "Sisa"])
    seen = Counter()
    for r, b in zip(budget.rows[1:], o.computed.budget):
        (p,) = [p for p in r.cells[1].paragraphs if p.text.strip()]
        assert p.text == b.uraian
        bold = all(run.bold for run in p.runs if run.text.strip())
        italic = all(run.italic for run in p.runs if run.text.strip())
        indent = (p.paragraph_format.left_indent or 0) / Cm(1)  # in cm
        seen[b.level] += 1
        if b.level == "Program":
            assert bold and not italic and indent == 0, b.uraian
        elif b.level == "Kegiatan":
            assert not bold and italic and indent == pytest.approx(0.3, abs=0.01), b.uraian
        else:
            assert not bold and not italic and indent == pytest.approx(0.6, abs=0.01), b.uraian
    assert seen["Program"] and seen["Kegiatan"]
    if name == "bantarbolang-2023":
        assert seen["Sub Kegiatan"] > 0


def _font(bold):
    from PIL import ImageFont

    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    for d in ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"):
        if (Path(d) / name).exists():
            return ImageFont.truetype(str(Path(d) / name), 900)  # 9 pt in hundredths of a point
    raise AssertionError("Liberation Serif (metric-compatible with Times New Roman) is missing: `make test` "
                         "installs fonts-liberation2")


def test_no_header_breaks_inside_a_word(read):
    """Every column is at least as wide as its longest header word set in bold 9-point Times (Liberation Serif has
    the same metrics) plus the cell's margins: "Kod e", "Selisi h", "Targe t" never again."""
    name, o, doc, _ = read
    font = _font(bold=True)
    styles = doc.styles.element
    margin = 0
    for st in styles.iter(W + "tblCellMar"):
        for side in ("left", "right", "start", "end"):
            el = st.find(W + side)
            if el is not None:
                margin = max(margin, int(el.get(W + "w")))
    margin = margin or 108  # Word's default cell margin, 0,19 cm each side
    for t in doc.tables:
        grid = [int(g.get(W + "w")) for g in t._tbl.tblGrid.iter(W + "gridCol")]
        for j, text in enumerate(header(t)):
            for word in text.split():
                need = font.getlength(word) / 100 * 20 + 2 * margin  # points → twips
                assert grid[j] >= need, (header(t), word, grid[j], round(need))


def test_captions_keep_their_distance_from_tables(read):
    """A numbered table has its caption just above it, in a style with air around it, and an empty paragraph
    below it: no caption, paragraph or other table sits flush against a table."""
    from lkjip_xl.report import report_context

    name, o, doc, _ = read
    style = doc.styles["Keterangan Tabel"]
    assert style.paragraph_format.space_before >= Pt(6) and style.paragraph_format.space_after >= Pt(3)
    captions = []
    for t in doc.tables:
        before, after = t._tbl.getprevious(), t._tbl.getnext()
        assert after is not None and after.tag == W + "p", header(t)
        assert "".join(x.text or "" for x in after.iter(W + "t")).strip() == "", header(t)
        ps = before.find(f"{W}pPr/{W}pStyle") if before is not None and before.tag == W + "p" else None
        if ps is not None and ps.get(W + "val") == style.style_id:
            captions.append("".join(x.text or "" for x in before.iter(W + "t")))
    ctx = report_context(o.workbook, o.computed)
    assert captions == [t["caption"] for t in ctx["daftar_tabel"]]
