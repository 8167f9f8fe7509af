"""The kabupaten roll-up: numbers equal each workbook's own, bad files listed with their reason, run never stops."""

import shutil
import sys
import zipfile

import pytest
import xlsxwriter
from click.testing import CliRunner
from conftest import ROOT

from lkjip_xl.api import check
from lkjip_xl.cli import cli
from lkjip_xl.consolidate import consolidate
from lkjip_xl.filldata import EXAMPLES, build_from_data, example_data, load_data
from lkjip_xl.xlsx import Package

sys.path.insert(0, str(ROOT / "benchmarks"))
from gen_workbooks import generate  # noqa: E402

# the mailbox's broken files, on purpose
pytestmark = pytest.mark.writes_invalid_xlsx("masuk/terpotong.xlsx", "masuk/acak.xlsx", "masuk/kosong.xlsx")


def rows_of(path, sheet):
    """The rekap's table on ``sheet`` as dicts (header row → values), read with our own reader."""
    pkg = Package.open(path)
    cells = pkg.cells(sheet)
    (tp,) = pkg.sheet(sheet).tables
    r1, c1, r2, c2 = tp.bounds
    heads = [cells[(r1, c)].value for c in range(c1, c2 + 1)]
    out = []
    for r in range(r1 + 1, r2 + 1):
        row = {h: (cells[(r, c)].value if (r, c) in cells else None) for h, c in zip(heads, range(c1, c2 + 1))}
        if any(v is not None for v in row.values()):
            out.append(row)
    return out, pkg


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    d = tmp_path_factory.mktemp("masuk")
    made = generate(d, 14, seed=7, tahun=2024, jobs=2)
    return d, made


def same(a, b):
    return (a is None and b is None) or (a is not None and b is not None and abs(float(a) - float(b)) < 1e-9)


def test_rollup_equals_each_workbooks_own_numbers(generated, tmp_path):
    d, made = generated
    out = tmp_path / "rekap.xlsx"
    rekap = consolidate([d], out, tahun=2024, jobs=2)
    rows, _ = rows_of(out, "Ringkasan")
    assert len(rows) == len(rekap.kecamatan) >= 10
    by_name = {r["Kecamatan"]: r for r in rows}
    for k in rekap.kecamatan:
        own = check(k.berkas)
        c, res = own.computed, own.result
        row = by_name[k.kecamatan]
        assert same(row["Capaian"], None if c.overall is None else c.overall / 100)
        assert row["Predikat"] == c.overall_predikat
        assert same(row["Serapan"], None if c.serapan is None else c.serapan / 100)
        assert row["Pagu"] == c.pagu and row["Realisasi"] == c.realisasi
        assert (row["Indikator PK"], row["Indikator Tercapai"]) == (len(c.indicators), c.n_tercapai)
        assert (row["Error"], row["Peringatan"]) == (len(res.errors), len(res.warnings))
        assert (row["Error"] > 0) == (row["Berkas"] in made["with_errors"])
    # ranking: by capaian, highest first
    caps = [r["Capaian"] for r in rows if r["Capaian"] is not None]
    assert caps == sorted(caps, reverse=True)
    assert [r["Peringkat"] for r in rows[: len(caps)]] == list(range(1, len(caps) + 1))
    # the long tables hold every indicator and budget line of every kecamatan
    ind, _ = rows_of(out, "Indikator")
    assert len(ind) == sum(len(k.indikator) for k in rekap.kecamatan)
    ang, _ = rows_of(out, "Anggaran")
    assert len(ang) == sum(1 for k in rekap.kecamatan for a in k.anggaran if a["level"] != "Sub Kegiatan")
    for row in ang:  # each program's figures are its workbook's own totals
        k = next(k for k in rekap.kecamatan if k.kecamatan == row["Kecamatan"])
        a = next(a for a in k.anggaran if a["kode"] == row["Kode"])
        assert (row["Pagu"], row["Realisasi"]) == (a["pagu"], a["realisasi"])


def test_parallel_and_serial_runs_agree(generated, tmp_path):
    d, _ = generated
    a = consolidate([d], tahun=2024, jobs=1)
    b = consolidate([d], tahun=2024, jobs=2)
    assert [(k.kecamatan, k.capaian, k.pagu, k.errors) for k in a.ranked] == [
        (k.kecamatan, k.capaian, k.pagu, k.errors) for k in b.ranked]
    assert [(m.berkas, m.kode) for m in a.masalah] == [(m.berkas, m.kode) for m in b.masalah]


def test_generated_corrupt_files_are_listed(generated):
    d, made = generated
    rekap = consolidate([d], tahun=2024, jobs=2)
    listed = {m.berkas.split("/")[-1]: m.kode for m in rekap.masalah}
    for name, kind in made["corrupt"].items():
        assert listed[name] in {"bukan-workbook", "format-xls-lama", "berkas-tidak-terbaca"}, (name, kind)


def test_three_examples_each_equal_their_own_check(tmp_path):
    for name in EXAMPLES:
        rekap = consolidate([ROOT / "examples" / f"{name}.xlsx"])
        (k,) = rekap.kecamatan
        c = check(ROOT / "examples" / f"{name}.xlsx").computed
        assert (k.capaian, k.serapan, k.pagu, k.realisasi, k.predikat) == (
            c.overall, c.serapan, c.pagu, c.realisasi, c.overall_predikat)
        assert [s["capaian"] for s in k.sasaran] == [g.capaian for g in c.groups]


@pytest.fixture
def mailbox(tmp_path):
    """What a kabupaten's inbox really looks like."""
    box = tmp_path / "masuk"
    box.mkdir()
    good = box / "purwareja.xlsx"
    shutil.copy(ROOT / "examples" / "purwareja-klampok-2024.xlsx", good)
    (box / "terpotong.xlsx").write_bytes(good.read_bytes()[:5000])
    (box / "acak.xlsx").write_bytes(bytes(range(256)) * 8)
    (box / "lama.xls").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 2048)
    (box / "tabel.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    with zipfile.ZipFile(box / "kosong.xlsx", "w"):
        pass
    other = box / "lain.xlsx"
    wb = xlsxwriter.Workbook(str(other))
    wb.add_worksheet("Data").write(0, 0, "bukan LKjIP")
    wb.close()
    shutil.copy(ROOT / "examples" / "balapulang-2022.xlsx", box / "balapulang-2022.xlsx")  # another year
    # the same kecamatan sent twice: the later recompute wins
    doc = load_data(example_data("purwareja-klampok-2024"))
    build_from_data(doc, box / "purwareja-revisi.xlsx")
    from lkjip_xl.api import recompute

    recompute(box / "purwareja-revisi.xlsx")
    # a kecamatan whose name would be a formula in a careless roll-up
    doc2 = load_data(example_data("purwareja-klampok-2024"))
    doc2["tables"]["Profil"]["Nama Instansi"] = '=HYPERLINK("http://contoh.invalid","klik")'
    build_from_data(doc2, box / "injeksi.xlsx")
    return box


def test_bad_files_never_stop_the_run(mailbox, tmp_path):
    out = tmp_path / "rekap.xlsx"
    r = CliRunner().invoke(cli, ["consolidate", str(mailbox), "-o", str(out), "--tahun", "2024"])
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output
    assert r.output.startswith("Rekap tahun 2024: 2 kecamatan dari 10 berkas.")
    masalah, _ = rows_of(out, "Masalah")
    got = {m["Berkas"]: m["Kode"] for m in masalah}
    assert got == {
        "terpotong.xlsx": "bukan-workbook",
        "acak.xlsx": "bukan-workbook",
        "lama.xls": "format-xls-lama",
        "tabel.csv": "bukan-workbook",
        "kosong.xlsx": "bukan-workbook",
        "lain.xlsx": "bukan-workbook-standar",
        "balapulang-2022.xlsx": "tahun-berbeda",
        "purwareja.xlsx": "duplikat",
    }
    reasons = {m["Berkas"]: m["Alasan"] for m in masalah}
    assert reasons["balapulang-2022.xlsx"] == "Workbook tahun 2022, rekap tahun 2024: tidak dimasukkan."
    assert reasons["purwareja.xlsx"].startswith("Kecamatan Purwareja Klampok dikirim lebih dari sekali")
    assert "dipakai berkas yang lebih baru, purwareja-revisi.xlsx: Hitung Ulang terakhirnya" in reasons["purwareja.xlsx"]
    assert "lama.xls: [format-xls-lama]" in r.output
    for name in got:  # nothing a kabupaten received was touched
        assert (mailbox / name).exists()


def test_kecamatan_text_is_never_a_formula_in_the_rollup(mailbox, tmp_path):
    out = tmp_path / "rekap.xlsx"
    consolidate([mailbox], out, tahun=2024)
    rows, pkg = rows_of(out, "Ringkasan")
    names = [r["Kecamatan"] for r in rows]
    assert '=HYPERLINK("http://contoh.invalid","klik")' in names
    cells = pkg.cells("Ringkasan")
    assert all(c.formula is None for c in cells.values())
    # the long tables, which lkjip_xl serialises itself, carry the same name as inline text
    for sheet in ("Sasaran", "Indikator", "Anggaran"):
        cells = pkg.cells(sheet)
        assert all(c.formula is None for c in cells.values())
        assert '=HYPERLINK("http://contoh.invalid","klik")' in {c.value for c in cells.values()}


def test_workbook_with_errors_is_included_and_marked(tmp_path):
    doc = load_data(example_data("balapulang-2022"))
    build_from_data(doc, tmp_path / "a.xlsx")
    rekap = consolidate([tmp_path / "a.xlsx"], tmp_path / "r.xlsx")
    (k,) = rekap.kecamatan
    assert k.errors == 1 and k.usang  # never recomputed: stale, and its typed program total disagrees
    rows, _ = rows_of(tmp_path / "r.xlsx", "Ringkasan")
    assert (rows[0]["Error"], rows[0]["Usang"]) == (1, "Ya")


def test_parquet_and_duckdb_hold_the_same_numbers(generated, tmp_path):
    import duckdb
    import pyarrow.parquet as pq

    d, _ = generated
    rekap = consolidate([d], tahun=2024, parquet=tmp_path / "pq", duckdb=tmp_path / "rekap.duckdb")
    t = pq.read_table(tmp_path / "pq" / "kecamatan.parquet").to_pylist()
    assert sorted((r["kecamatan"], r["pagu"]) for r in t) == sorted((k.kecamatan, k.pagu) for k in rekap.kecamatan)
    con = duckdb.connect(str(tmp_path / "rekap.duckdb"), read_only=True)
    n_ind = con.execute("select count(*) from indikator").fetchone()[0]
    assert n_ind == sum(len(k.indikator) for k in rekap.kecamatan)
    total = con.execute("select sum(pagu) from kecamatan").fetchone()[0]
    assert total == sum(k.pagu for k in rekap.kecamatan if k.pagu is not None)
    best = con.execute("select kecamatan from kecamatan where peringkat = 1").fetchone()[0]
    assert best == rekap.ranked[0].kecamatan
    assert {r[0] for r in con.execute("select distinct kode from masalah").fetchall()} == {
        m.kode for m in rekap.masalah}
    con.close()  # an open connection's threads make a later fork of this process crash in the child


def test_rekap_report_for_the_bupati(generated, tmp_path):
    from docx import Document

    from lkjip_xl.consolidate.report import make_rekap_report
    from lkjip_xl.fmt import persen

    d, _ = generated
    rekap = consolidate([d], tahun=2024)
    made = make_rekap_report(rekap, tmp_path)
    doc = Document(str(made["docx"]))
    t = next(t for t in doc.tables if t.rows[0].cells[1].text == "Kecamatan")
    body = [[c.text for c in r.cells] for r in t.rows[1:]]
    assert [b[1] for b in body] == [k.kecamatan for k in rekap.ranked]
    assert [b[2] for b in body] == [persen(k.capaian) for k in rekap.ranked]
    html = made["html"].read_text(encoding="utf-8")
    assert f"Rekapitulasi ini memuat {len(rekap.kecamatan)} (" in html
    assert "{{" not in html


def test_collector_setting_restored_after_a_run(tmp_path):
    """The run raises the collector's threshold for its many short-lived objects, and gives the caller's back."""
    import gc

    from conftest import ROOT

    from lkjip_xl.consolidate import consolidate

    before = gc.get_threshold()
    rekap = consolidate([ROOT / "examples"], tmp_path / "rekap.xlsx", jobs=1)
    assert (rekap.files, len(rekap.kecamatan)) == (3, 1)  # three years: one kept, two listed
    assert gc.get_threshold() == before


@pytest.mark.writes_invalid_xlsx  # placeholder files named .xlsx
def test_inputs_found_once_each_in_path_order(tmp_path):
    """Folders searched below, lock and hidden files left out, the same file named three ways read once."""
    import os

    from lkjip_xl.consolidate import collect_inputs

    box = tmp_path / "masuk"
    (box / "tegal" / "timur").mkdir(parents=True)
    for rel in ["b.xlsx", "a.XLSX", "tegal/c.xlsm", "tegal/timur/d.xlsx", "~$b.xlsx", ".e.xlsx", "catatan.txt"]:
        (box / rel).write_bytes(b"x")
    os.symlink(box / "b.xlsx", box / "tegal" / "link-ke-b.xlsx")  # the same file again, through a link
    os.symlink(box / "tegal", box / "pintasan")  # a linked folder is not entered
    files, missing = collect_inputs([box, box / "a.XLSX", str(tmp_path / "masuk" / "*.xlsx"), tmp_path / "tidak-ada"])
    assert [str(p.relative_to(box)) for p in files] == ["a.XLSX", "b.xlsx", "tegal/c.xlsm", "tegal/timur/d.xlsx"]
    assert [(m.berkas, m.kode) for m in missing] == [(str(tmp_path / "tidak-ada"), "tidak-ditemukan")]


def test_reading_a_workbook_leaves_no_reference_cycles():
    """What one workbook's reading makes is freed as soon as it is done with, not when the cycle collector next
    runs: memory stays flat over a kabupaten's hundreds of files, whatever the collector's setting."""
    import gc

    from lkjip_xl.consolidate.extract import extract

    books = [ROOT / "examples" / f"{name}.xlsx" for name in EXAMPLES]
    extract(books[0])  # first-use caches (parsed styles, patterns) are not garbage
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for b in books:
            extract(b)
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()
    assert left == []


@pytest.mark.libreoffice
def test_rekap_report_has_the_kecamatan_report_s_pages(generated, tmp_path):
    """The Bupati's report is built of the same blocks: a cover, numbered pages, the wide table on landscape
    pages within their width, valid Word."""
    import subprocess

    from docx import Document
    from docx.oxml.ns import qn
    from ooxml_validate import package_violations

    from lkjip_xl.consolidate.report import make_rekap_report
    from lkjip_xl.report.render import render_pdf

    d, _ = generated
    rekap = consolidate([d], tahun=2024)
    made = make_rekap_report(rekap, tmp_path)
    assert package_violations(made["docx"]) == {}
    doc = Document(str(made["docx"]))
    body = doc.element.body
    tbl = next(t for t in doc.tables if t.rows[0].cells[1].text == "Kecamatan")
    # the section holding the table: the first section break after it
    after = tbl._tbl.getnext()
    while after is not None and after.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None and after.tag != qn("w:sectPr"):
        after = after.getnext()
    sect = after if after is not None and after.tag == qn("w:sectPr") else (
        after.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if after is not None else body.find(qn("w:sectPr")))
    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    width = int(size.get(qn("w:w")))
    assert size.get(qn("w:orient")) == "landscape" and width > int(size.get(qn("w:h")))
    usable = width - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
    grid = [int(g.get(qn("w:w"))) for g in tbl._tbl.find(qn("w:tblGrid"))]
    assert len(grid) == 11 and sum(grid) <= usable
    pdf = render_pdf(made["docx"], tmp_path / "rekap.pdf")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert "REKAPITULASI LAPORAN KINERJA" in pages[0]
    feet = [[ln.strip() for ln in p.splitlines() if ln.strip()][-1] for p in pages[1:]]
    first = feet.index("1")
    assert feet[:first] == ["i", "ii", "iii"][:first] and feet[first:] == [str(n) for n in range(1, len(feet) - first + 1)]


def test_every_rollup_sheet_prints_a4_landscape_one_page_wide(generated, tmp_path):
    """A kabupaten prints the roll-up for its meeting: each table sheet is A4 landscape, one page wide, its header
    on every page and page numbers in the footer; Ringkasan's print area stops at Status Dokumen."""
    import zipfile

    from lxml import etree

    from lkjip_xl.consolidate.workbook import KECAMATAN_COLUMNS
    from lkjip_xl.xlsx import Package, col_letter

    d, _ = generated
    out = tmp_path / "rekap.xlsx"
    consolidate([d], out, jobs=1)
    pkg = Package.open(out)
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(out) as z:
        names = {dn.get("name") + "@" + dn.get("localSheetId"): dn.text
                 for dn in etree.fromstring(z.read("xl/workbook.xml")).iterfind(".//m:definedName", ns)}
        for i, sheet in enumerate(s.name for s in pkg.sheets):
            if sheet == "Grafik":
                continue
            root = etree.fromstring(z.read(pkg.sheet(sheet).path))
            setup = root.find("m:pageSetup", ns)
            assert (setup.get("orientation"), setup.get("paperSize"), setup.get("fitToWidth", "1"),
                    setup.get("fitToHeight")) == ("landscape", "9", "1", "0"), sheet
            assert root.find("m:sheetPr/m:pageSetUpPr", ns).get("fitToPage") == "1"
            assert "Halaman &P dari &N" in root.find("m:headerFooter/m:oddFooter", ns).text
            assert names[f"_xlnm.Print_Titles@{i}"].endswith(("$3:$3", "$1:$1")), sheet
    last = col_letter(KECAMATAN_COLUMNS.index("Status Dokumen") + 1)
    n = len(consolidate([d], None, jobs=1).kecamatan)
    assert names["_xlnm.Print_Area@0"] == f"Ringkasan!$A$1:${last}${3 + n}"
