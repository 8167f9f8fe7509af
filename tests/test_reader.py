"""The reader finds tables by name and headers, and reads what staff really type."""

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from lkjip_xl.api import check
from lkjip_xl.model import Score
from lkjip_xl.reader import read_workbook

DATA = Path(__file__).resolve().parent / "data"


def _set(doc, table, key, col, value, keycol="Kode Indikator"):
    for row in doc["tables"][table]:
        if row.get(keycol) == key:
            row[col] = value
            return
    raise KeyError(key)


def test_tolerant_number_forms(make_book):
    def edit(doc):
        _set(doc, "Kinerja", "2.1.1", "Realisasi", "86,30")
        _set(doc, "Kinerja", "2.1.1", "Target PK", " 85,5 ")
        _set(doc, "Anggaran", "1.01.01", "Pagu", "Rp 1.500.000,-", keycol="Kode")
        _set(doc, "Anggaran", "1.01.01", "Realisasi", "630.000", keycol="Kode")
        _set(doc, "Anggaran", "1.01.02", "Pagu", "1500000", keycol="Kode")

    wb = read_workbook(make_book(edit))
    kin = {r.get("Kode Indikator"): r for r in wb.rows("Kinerja")}
    assert kin["2.1.1"]["Realisasi"] == Score(Decimal("86.30"))
    assert kin["2.1.1"]["Target PK"] == Score(Decimal("85.5"))
    ang = {r.get("Kode"): r for r in wb.rows("Anggaran")}
    assert ang["1.01.01"]["Pagu"] == 1_500_000
    assert ang["1.01.01"]["Realisasi"] == 630_000
    assert ang["1.01.02"]["Pagu"] == 1_500_000
    assert [i.code for i in wb.issues] == []


def test_textual_score_keeps_text_and_value(demo_book):
    wb = read_workbook(demo_book)
    kin = {r.get("Kode Indikator"): r for r in wb.rows("Kinerja")}
    assert kin["1.1.1"]["Target PK"] == Score(Decimal("71.20"), "B (71,20)")
    assert kin["1.1.1"]["Realisasi"] == Score(Decimal("72.10"), "BB (72,10)")


def test_text_in_number_cell_is_an_issue_at_its_cell(make_book):
    def edit(doc):
        _set(doc, "Kinerja", "2.1.1", "Realisasi TW I", "delapan puluh")
        _set(doc, "Anggaran", "1.01.01", "Pagu", "1.500.000,50", keycol="Kode")

    o = check(make_book(edit))
    flat = o.result.flatten()
    assert ["bukan-angka", "Kinerja", "E6"] in flat
    assert ["uang-tidak-bulat", "Anggaran", "H7"] in flat


def test_percent_formatted_input_means_percent(make_book, tmp_path):
    p = make_book()
    wb = openpyxl.load_workbook(p)
    ws = wb["Kinerja"]
    ws["D6"] = 0.863
    ws["D6"].number_format = "0.00%"
    ws["B6"] = 0.855
    ws["B6"].number_format = "0%"
    wb.save(p)
    kin = {r.get("Kode Indikator"): r for r in read_workbook(p).rows("Kinerja")}
    assert kin["2.1.1"].num("Realisasi") == Decimal("86.3")
    assert kin["2.1.1"].num("Target PK") == Decimal("85.5")


def test_formulas_without_cached_values_are_evaluated(make_book):
    p = make_book()
    wb = openpyxl.load_workbook(p)  # openpyxl saves formulas without cached values: the script case
    ws = wb["Kinerja"]
    ws["D6"] = "=ROUND((85.9+86.7)/2,2)"
    ws["H5"] = "=Profil!B8/10000"  # Realisasi TW IV of 1.1.1 ← Tahun Laporan 2024 / 10000
    wb["Anggaran"]["H7"] = "=SUM(1000000,500000)"
    wb.save(p)
    wb2 = read_workbook(p)
    kin = {r.get("Kode Indikator"): r for r in wb2.rows("Kinerja")}
    assert kin["2.1.1"].num("Realisasi") == Decimal("86.3")
    assert kin["1.1.1"].num("Realisasi TW IV") == Decimal("0.2024")
    ang = {r.get("Kode"): r for r in wb2.rows("Anggaran")}
    assert ang["1.01.01"]["Pagu"] == 1_500_000


def test_formula_errors_point_at_the_cell(make_book):
    p = make_book()
    wb = openpyxl.load_workbook(p)
    wb["Kinerja"]["D6"] = "=1/0"
    wb["Kinerja"]["E6"] = "=Hilang!A1"
    wb.save(p)
    flat = check(p).result.flatten()
    assert ["galat-excel", "Kinerja", "D6"] in flat
    assert ["rumus-gagal", "Kinerja", "E6"] in flat


def _custom_book(path, tables):
    """Our tables, laid out differently from the template: other columns order, extra columns, other rows."""
    wb = xlsxwriter.Workbook(str(path))
    for sheet, specs in tables.items():
        ws = wb.add_worksheet(sheet)
        for name, first_row, first_col, headers, rows in specs:
            ws.add_table(first_row, first_col, first_row + max(1, len(rows)), first_col + len(headers) - 1,
                         {"name": name, "columns": [{"header": h} for h in headers], "data": rows})
    wb.close()
    return path


def test_columns_moved_rows_inserted_extra_columns(tmp_path):
    p = _custom_book(tmp_path / "x.xlsx", {
        "Profil": [("Profil", 0, 0, ["Nilai", "Isian"], [[2024, "Tahun Laporan"], ["Kec. X", "Nama Instansi"]])],
        "Renstra": [
            ("Sasaran", 10, 0, ["Uraian", "Kode", "Kode Tujuan", "Catatan Saya"], [["Sasaran satu", "S1", "T1", "x"]]),
            ("Tujuan", 2, 0, ["Kode", "Uraian"], [["T1", "Tujuan satu"]]),
            ("Indikator", 20, 3, ["Indikator", "Kode", "Kode Sasaran", "Polaritas", "Target 2024", "Target Akhir"],
             [["Indeks A", "I1", "S1", "Negatif", 10, 8]]),
        ],
        "Data Kinerja": [("Kinerja", 5, 2, ["Realisasi", "  kode   INDIKATOR ", "Target PK", "Capaian"],
                          [[8, "I1", 10, None]])],
    })
    o = check(p)
    wb = o.workbook
    assert wb.prof("Nama Instansi") == "Kec. X"
    assert [r.get("Kode") for r in wb.rows("Sasaran")] == ["S1"]
    (ind,) = o.computed.indicators
    assert ind.code == "I1" and ind.group == "S1"
    assert ind.capaian.value == Decimal(120)  # Negatif: (2×10 − 8) / 10
    assert wb.rows("Kinerja")[0].cell("Realisasi") == "C7"
    missing = {(i.code, i.params.get("tabel")) for i in o.result.issues if i.code == "tabel-hilang"}
    assert ("tabel-hilang", "Anggaran") in missing and ("tabel-hilang", "Skala") in missing


def test_values_typed_below_a_table_are_reported(make_book):
    p = make_book()
    wb = openpyxl.load_workbook(p)
    tbl = wb["Desa"].tables["Desa"]
    last = int(tbl.ref.split(":")[1][1:])
    wb["Desa"].cell(last + 1, 2).value = "Desa Baru"
    wb.save(p)
    assert ["data-di-luar-tabel", "Desa", f"B{last + 1}"] in check(p).result.flatten()


def test_blank_rows_are_skipped(demo_book):
    wb = read_workbook(demo_book)
    assert len(wb.rows("Kinerja")) == 2
    assert len(wb.rows("Desa")) == 8


@pytest.mark.parametrize("value,code", [(1.0, "1"), (1.1, "1.1"), ("  1.1 ", "1.1"), (2.10, "2.1")])
def test_codes_typed_as_numbers(make_book, value, code):
    def edit(doc):
        doc["tables"]["Tujuan"][0]["Kode"] = value

    wb = read_workbook(make_book(edit))
    assert wb.rows("Tujuan")[0].get("Kode") == code


def test_byte_scanner_reads_exactly_what_lxml_reads(tmp_path):
    """The fast path (bytes) and the general path (lxml elements) agree cell for cell on every kind of file."""
    import glob

    from conftest import ROOT

    from lkjip_xl.api import recompute
    from lkjip_xl.filldata import build_from_data, example_data, load_data
    from lkjip_xl.xlsx import Package
    from lkjip_xl.xlsx.cells import si_text
    from lkjip_xl.xlsx.markup import M

    fresh = tmp_path / "fresh.xlsx"
    build_from_data(load_data(example_data("bantarbolang-2023")), fresh)  # XlsxWriter's output
    written = tmp_path / "written.xlsx"
    build_from_data(load_data(example_data("balapulang-2022")), written)
    recompute(written)  # our writer's inline strings and numbers
    files = [fresh, written, ROOT / "workbook_template.xlsx", *map(type(fresh), glob.glob(str(ROOT / "examples/*.xlsx")))]
    for path in files:
        fast, slow = Package.open(path), Package.open(path)
        if fast._ss_part:  # the shared strings too: cut from the text, and as lxml reads them
            assert fast.shared_strings == [si_text(si) for si in slow.tree(fast._ss_part).iter(M + "si")]
            assert len(fast.shared_strings) > 10
        for sheet in fast.sheets:
            slow.tree(sheet.path)  # a parsed tree sends cells() down the lxml path
            assert fast.rows(sheet.name) == slow.rows(sheet.name), (path.name, sheet.name)  # scanned by row
            assert fast.cells(sheet.name) == slow.cells(sheet.name), (path.name, sheet.name)
            assert fast.cells(sheet.name), sheet.name
            assert list(fast.rows(sheet.name)) == sorted({r for r, _ in slow.cells(sheet.name)})


@pytest.mark.parametrize("how", ["every element", "cells only"])
def test_prefixed_namespace_is_read_like_the_default_one(tmp_path, how):
    """A sheet whose SpreadsheetML elements carry a prefix (Python's ElementTree writes ``ns0:``; a root left
    unprefixed can still bind one for its cells) is read cell for cell as the same sheet without it."""
    import re
    import zipfile

    from conftest import ROOT

    from lkjip_xl.xlsx import Package

    src = ROOT / "examples" / "balapulang-2022.xlsx"
    pkg = Package.open(src)
    part = pkg.sheet("Kinerja").path
    main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    out = tmp_path / "prefixed.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                assert main in data
                if how == "every element":
                    data = re.sub(rb"<(/?)(?=[A-Za-z])(?![a-z]+:)", rb"<\1ns0:", data.replace(main, main.replace(b"xmlns=", b"xmlns:ns0=")))
                else:
                    data = data.replace(main, main + b" " + main.replace(b"xmlns=", b"xmlns:s1="))
                    data = re.sub(rb"<(/?)(c|v|f|is|t)\b", rb"<\1s1:\2", data)
                assert b"<ns0:c " in data or b"<s1:c " in data
            zout.writestr(info, data)
    got = Package.open(out).cells("Kinerja")
    assert got == pkg.cells("Kinerja")
    assert len(got) > 100


def test_structure_read_once_per_content_not_per_name(make_book):
    """Table definitions are parsed once per distinct content: two books of one template, tables of different
    sizes, opened alternately in one process, each keep their own ranges."""
    import zipfile

    from lxml import etree

    from lkjip_xl.xlsx import Package

    def more_rows(doc):
        for i in range(40):
            doc["tables"]["Desa"].append({"No": 100 + i, "Nama Desa": f"Desa {i}", "Jenis": "Desa"})

    small, big = make_book(name="kecil.xlsx"), make_book(more_rows, name="besar.xlsx")
    for _ in range(2):
        for path in (small, big, small):
            tp = Package.open(path).table("Desa")
            own = etree.fromstring(zipfile.ZipFile(path).read(tp.path)).get("ref")
            assert tp.ref == own
    assert Package.open(small).table("Desa").ref != Package.open(big).table("Desa").ref


def test_zip_directory_read_as_zipfile_reads_it(tmp_path):
    """The central directory is read without zipfile's per-member objects, to the same fields; a zip it does not
    take plainly (bytes before the archive, as a self-extracting file has) goes to zipfile and still opens."""
    import io
    import zipfile

    from conftest import ROOT

    from lkjip_xl.xlsx import Package
    from lkjip_xl.xlsx.archive import _members

    fields = ("filename", "header_offset", "compress_size", "file_size", "compress_type", "CRC", "flag_bits",
              "date_time", "external_attr")
    raw = (ROOT / "workbook_template.xlsx").read_bytes()
    ours = _members(raw)
    theirs = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    assert [tuple(getattr(m, f) for f in fields) for m in ours] == [tuple(getattr(z, f) for f in fields)
                                                                   for z in theirs]
    prefixed = tmp_path / "prefixed.xlsx"
    prefixed.write_bytes(b"MZ" + b"\0" * 510 + raw)
    assert _members(prefixed.read_bytes()) is None
    skala = Package.open(prefixed).cells("Skala")
    assert skala == Package.open(ROOT / "workbook_template.xlsx").cells("Skala") and len(skala) >= 15


def test_plain_and_general_typing_agree(make_book):
    """Codes, choices and whole numbers as typed exactly (the reader's plain path) and with the spacing, case and
    hyphens staff add (the general path) are read to the same values."""
    def edit(doc):
        desa = doc["tables"]["Desa"]
        desa[:] = [{"No": 1.0, "Nama Desa": " Satu ", "Jenis": "Desa"},
                   {"No": "2", "Nama Desa": "Dua", "Jenis": " kelurahan "},
                   {"No": 3, "Nama Desa": "Tiga", "Jenis": "DESA"},
                   {"No": 4.5, "Nama Desa": "Empat", "Jenis": "-"}]
        ang = doc["tables"]["Anggaran"]
        ang[0]["Kode"], ang[0]["Level"] = " 1 ", "program"
        ang[1]["Kode"], ang[1]["Kode Induk"], ang[1]["Level"] = "1.01", "1", "Kegiatan"

    o = check(make_book(edit))
    desa = [(r["No"], r["Nama Desa"], r["Jenis"]) for r in o.workbook.rows("Desa")]
    assert desa == [(1, "Satu", "Desa"), (2, "Dua", "Kelurahan"), (3, "Tiga", "Desa"), (None, "Empat", None)]
    ang = [(r["Kode"], r["Kode Induk"], r["Level"]) for r in o.workbook.rows("Anggaran")][:2]
    assert ang == [("1", None, "Program"), ("1.01", "1", "Kegiatan")]
    assert [x for x in o.result.flatten() if x[1] == "Desa"] == [["bukan-angka", "Desa", "A8"]]  # No 4,5


@pytest.mark.parametrize("xml, strings", [
    ('<sst><si><t>a</t></si><si><t xml:space="preserve"> b </t></si><si><t>x &amp; &lt;y&gt;</t></si></sst>',
     ["a", " b ", "x & <y>"]),
    ('<sst count="0"/>', []),
    ("<sst><si><t/></si></sst>", None),  # an empty string written as <t/>: the general reader takes it
    ("<sst><si><r><t>a</t></r><r><t>b</t></r></si></sst>", None),  # rich text
    ("<sst><si><t>a</t></si>\n<si><t>b</t></si></sst>", None),  # spacing between strings
])
def test_plain_shared_strings_or_none(xml, strings):
    from lkjip_xl.xlsx.cells import _plain_strings

    assert _plain_strings(xml) == strings


def test_fingerprint_ignores_where_the_columns_are(tmp_path):
    """Moving a column is no change of input: the computed cells stay current. Changing a value is one."""
    def book(name, headers, row):
        return read_workbook(_custom_book(tmp_path / name, {"Data Kinerja": [("Kinerja", 0, 0, headers, [row])]}))

    a = book("a.xlsx", ["Kode Indikator", "Target PK", "Realisasi"], ["I1", 10, 8])
    b = book("b.xlsx", ["Realisasi", "Kode Indikator", "Target PK"], [8, "I1", 10])
    c = book("c.xlsx", ["Kode Indikator", "Target PK", "Realisasi"], ["I1", 10, 9])
    assert a.rows("Kinerja")[0].raw == b.rows("Kinerja")[0].raw == {"kode indikator": "I1", "realisasi": 8.0,
                                                                     "target pk": 10.0}
    assert a.fingerprint == b.fingerprint != c.fingerprint
    assert a.fingerprint.startswith("v3:") and len(a.fingerprint) == 35
