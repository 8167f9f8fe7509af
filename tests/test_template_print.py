"""What a cell shows and how a sheet prints, in a freshly generated template (issue 16)."""

import re
import shutil
import subprocess
import zipfile
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from conftest import lo_convert

from lkjip_xl.schema import HEADER_ROW, SHEETS, TABLES, norm
from lkjip_xl.template import (
    NUMERIC_TYPES,
    TEMPLATE_YEARS,
    build_default_template,
    print_plan,
    table_layout,
)

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# the format each computed column type shows in (text: none, a computed text cell may hold a date or number)
COMPUTED_FORMAT = {
    "number": "#,##0.00",  # realisasi, target, IKM: 83,35 not 83,34722222
    "ratio": "#,##0.00",
    "percent": "0.00%",
    "money": "#,##0",
    "int": "0",
    "code": "@",
    "text": "General",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_default_template(tmp_path_factory.mktemp("tpl") / "workbook_template.xlsx")


@pytest.fixture(scope="module")
def book(template):
    wb = openpyxl.load_workbook(template, read_only=True)
    yield wb
    wb.close()


def _data_cell(book, tname, colname):
    """The first data row's cell of a column, as laid out in the template."""
    lay = table_layout(TEMPLATE_YEARS)[tname]
    j = [c.name for c in lay.columns].index(colname)
    ws = book[TABLES[tname].sheet]
    return ws.cell(row=HEADER_ROW + 1, column=lay.first_col + j + 1)


def test_every_computed_column_has_its_number_format(book):
    seen = set()
    for tname, t in TABLES.items():
        for col in t.columns_for(TEMPLATE_YEARS):
            if not col.computed:
                continue
            cell = _data_cell(book, tname, col.name)
            assert cell.number_format == COMPUTED_FORMAT[col.type], (tname, col.name, cell.number_format)
            if col.type in NUMERIC_TYPES:
                assert cell.number_format != "General", (tname, col.name)
            seen.add(col.type)
    assert {"number", "percent", "money", "int", "ratio"} <= seen


@pytest.mark.parametrize(("tname", "colname", "fmt"), [
    ("Kinerja", "Realisasi Dihitung", "#,##0.00"),
    ("Kinerja", "Target", "#,##0.00"),
    ("Kinerja", "Realisasi Tahun Lalu", "#,##0.00"),
    ("Kinerja", "Capaian", "0.00%"),
    ("SKM", "IKM", "#,##0.00"),
    ("SKM", "U1", "0.00##"),  # NRR per unsur: 3,30 (was General: 3,3), a typed 3,254 still shows whole
    ("SKM", "U9", "0.00##"),
    ("Anggaran", "Jumlah Pagu", "#,##0"),
    ("Anggaran", "Serapan", "0.00%"),
    ("Efisiensi", "Efisiensi Rasio", "#,##0.00"),
    ("RingkasanSasaran", "Jumlah Indikator", "0"),
    ("Kinerja", "Realisasi", "General"),  # typed, its unit varies from row to row: nothing hidden
    ("Anggaran", "Pagu", "#,##0"),
])
def test_the_issue_cells(book, tname, colname, fmt):
    assert _data_cell(book, tname, colname).number_format == fmt


def test_input_number_columns_are_right_aligned(book):
    n = 0
    for tname, t in TABLES.items():
        for col in t.columns_for(TEMPLATE_YEARS):
            if col.computed:
                continue
            h = _data_cell(book, tname, col.name).alignment.horizontal
            if col.type in NUMERIC_TYPES:
                assert h == "right", (tname, col.name)
                n += 1
            else:
                assert h != "right", (tname, col.name)
    assert n > 20


# --- printing ---------------------------------------------------------------------------------------------------


def _sheet_xml(template):
    """Sheet name → (position, root of its worksheet XML), and the workbook's defined names."""
    z = zipfile.ZipFile(template)
    wbx = ET.fromstring(z.read("xl/workbook.xml"))
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            if r.tag == f"{REL}Relationship"}
    out = {}
    for i, s in enumerate(wbx.find("m:sheets", NS)):
        target = rels[s.get(f"{{{NS['r']}}}id")].lstrip("/")
        target = target if target.startswith("xl/") else "xl/" + target
        out[s.get("name")] = (i, ET.fromstring(z.read(target)))
    names = [(d.get("name"), d.get("localSheetId"), d.text) for d in wbx.iter(f"{{{NS['m']}}}definedName")]
    return out, names


# (orientation, pages wide) of the default template: narrow sheets portrait, wide ones landscape, the widest
# several pages wide rather than shrunk below ~60 %
PRINT = {
    "Petunjuk": ("portrait", 1), "Profil": ("portrait", 1), "Desa": ("portrait", 1), "Pegawai": ("landscape", 1),
    "Renstra": ("landscape", 2), "Kinerja": ("landscape", 2), "Anggaran": ("landscape", 2),
    "SKM": ("landscape", 1), "Analisis": ("landscape", 1), "Narasi": ("landscape", 1), "Gambar": ("portrait", 1),
    "Skala": ("portrait", 1), "Efisiensi": ("landscape", 1), "Ringkasan": ("landscape", 1),
    "Validasi": ("landscape", 1), "_lkjip": ("portrait", 1),
}


def test_every_sheet_prints_fit_to_width_with_its_header_on_each_page(template):
    sheets, names = _sheet_xml(template)
    titles = {int(lid): text for name, lid, text in names if name == "_xlnm.Print_Titles"}
    assert set(PRINT) == {s.name for s in SHEETS}
    for sheet in SHEETS:
        i, x = sheets[sheet.name]
        pr = x.find("m:sheetPr/m:pageSetUpPr", NS)
        assert pr is not None and pr.get("fitToPage") == "1", sheet.name
        ps = x.find("m:pageSetup", NS)
        assert ps.get("paperSize") == "9", sheet.name  # A4, as before
        assert ps.get("fitToHeight") == "0", sheet.name  # fit the width only: as many pages long as needed
        wide = int(ps.get("fitToWidth", "1"))  # absent = 1
        assert (ps.get("orientation"), wide) == PRINT[sheet.name], sheet.name
        if sheet.name == "Petunjuk":
            assert i not in titles
            continue
        # the caption and header rows (3–4) repeat on every page
        assert "$3:$4" in titles[i], (sheet.name, titles.get(i))
        # printed several pages wide, Kinerja and Anggaran repeat their key column (Kode Indikator, Kode)
        assert ("$A:$A" in titles[i]) == (sheet.name in ("Kinerja", "Anggaran")), (sheet.name, titles[i])
    assert print_plan([28, 48]) == ("portrait", 1)
    assert print_plan([9] + [30] * 10) == ("landscape", 2)


def test_petunjuk_rows_are_as_tall_as_their_wrapped_text(template):
    sheets, _ = _sheet_xml(template)
    _, x = sheets["Petunjuk"]
    strings = ET.fromstring(zipfile.ZipFile(template).read("xl/sharedStrings.xml"))
    sst = ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")) for si in strings]
    checked = 0
    for row in x.iter(f"{{{NS['m']}}}row"):
        cells = {c.get("r").rstrip("0123456789"): c for c in row}
        if "B" not in cells or int(row.get("r")) < 4:
            continue
        text = sst[int(cells["B"].find("m:v", NS).text)]
        assert row.get("customHeight") == "1", row.get("r")
        if len(text) > 110:  # wraps in a 90-character column
            assert float(row.get("ht")) >= 30, (row.get("r"), text)
            checked += 1
    assert checked >= 2


def _words(pdf):
    """Per page, the words and their boxes from `pdftotext -bbox` (points)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        pages.append([(w, float(y0), float(y1)) for y0, y1, w in
                      re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)])
    return pages


@pytest.mark.libreoffice
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)")
def test_kinerja_prints_readably(template, tmp_path):
    lo_convert(template, tmp_path, "pdf", tmp_path)
    pdf = tmp_path / "workbook_template.pdf"
    pages = _words(pdf)
    layout_text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                 check=True).stdout.split("\f")
    # the footer names each page's sheet ("&A"): Kinerja's pages are those whose footer says so
    kinerja = [i for i, t in enumerate(layout_text) if re.search(r"^\s*Kinerja\s+Halaman \d+ dari \d+", t, re.M)]
    assert len(kinerja) >= 2, "Kinerja prints on more than one page wide, not shrunk onto one"
    header = {"Kode", "Indikator", "Target", "Pembilang", "Penyebut", "Realisasi", "Dihitung", "Capaian",
              "Predikat", "Keterangan"}
    found = set()
    for i in kinerja:
        words = {w for w, _, _ in pages[i]}
        assert "Kode" in words and "Indikator" in words, f"page {i + 1}: key column and header repeated"
        found |= header & words
        heights = sorted(y1 - y0 for w, y0, y1 in pages[i] if w in header)
        # a word box is ~1.3 × the font size: 8 pt ≈ 6 pt text (was 4.9: under 4 pt, fitted onto one page)
        assert heights and heights[0] >= 8, f"page {i + 1}: header words {heights[:3]} pt high"
    assert found == header
    assert "Realisasi" in layout_text[kinerja[0]]

    # Petunjuk: every wrapped line printed whole, none over the next
    petunjuk = [i for i, t in enumerate(layout_text) if re.search(r"^\s*Petunjuk\s+Halaman", t, re.M)]
    text = " ".join(" ".join(layout_text[i].split()) for i in petunjuk)
    assert "jangan mengganti nama judul kolom." in text
    assert "sama-sama berarti 85 persen." in text
    for i in petunjuk:
        # a word box is taller than the line pitch (~0.78 of it within one wrapped cell); lines drawn over each
        # other would sit closer
        lines = sorted({(round(y0, 1), round(y1, 1)) for _, y0, y1 in pages[i]})
        for (a0, a1), (b0, _) in zip(lines, lines[1:]):
            assert b0 - a0 < 1 or b0 - a0 >= 0.7 * (a1 - a0), f"Petunjuk page {i + 1}: lines at {a0} and {b0} overlap"


# --- formats after a recompute that adds rows -----------------------------------------------------------------


def _recomputed_book(tmp_path):
    """The demo data in a fresh workbook, three Kinerja rows typed below the table (values only, unformatted,
    the table grown over them as Excel grows it), recomputed: every owned table grows from its one template row."""
    from lkjip_xl.api import recompute
    from lkjip_xl.filldata import build_from_data, example_data, load_data
    from lkjip_xl.xlsx import CellWrite, Package, cell_ref, parse_range

    doc = load_data(example_data("purwareja-klampok-2024"))
    src = build_from_data(doc, tmp_path / "wb.xlsx")
    pkg = Package.open(src)
    tp = pkg.table("Kinerja")
    r1, c1, r2, c2 = parse_range(tp.ref)
    cols = {norm(n): c1 + k for k, n in enumerate(tp.columns)}
    new_rows = list(range(r2 + 1, r2 + 4))
    typed = [("1.1.1", 70, 72.5), ("1.1.1", 71, 83.347222222), ("2.1.1", 85.5, "86,3%")]
    pkg.write_cells("Kinerja", {
        (r, cols[norm(col)]): CellWrite(v, style=0)
        for r, row in zip(new_rows, typed) for col, v in zip(("Kode Indikator", "Target PK", "Realisasi"), row)
    })
    pkg.set_table_ref(tp, f"{cell_ref(r1, c1)}:{cell_ref(new_rows[-1], c2)}")
    pkg.save(src)
    recompute(src)
    return src, new_rows


def test_recompute_gives_new_rows_the_columns_formats(tmp_path):
    src, new_rows = _recomputed_book(tmp_path)
    wb = openpyxl.load_workbook(src)
    checked = set()
    for tname, t in TABLES.items():
        tbl = next((ws.tables[tname] for ws in wb.worksheets if tname in ws.tables), None)
        if tbl is None or not any(c.computed for c in t.columns):
            continue
        ws = wb[t.sheet]
        min_c, min_r, max_c, max_r = openpyxl.utils.cell.range_boundaries(tbl.ref)
        headers = [ws.cell(min_r, c).value for c in range(min_c, max_c + 1)]
        rows = range(min_r + 1, max_r + 1)
        if tname == "Kinerja":
            assert list(rows)[-3:] == new_rows
            rows = new_rows
        elif tname in ("Efisiensi", "RingkasanSasaran", "Validasi"):
            assert len(rows) >= 2, tname  # grown from the template's one row
        for col in t.columns:
            if not col.computed or col.type not in COMPUTED_FORMAT or col.name not in headers:
                continue
            c = min_c + headers.index(col.name)
            for r in rows:
                cell = ws.cell(r, c)
                if cell.value is None:  # nothing to show: the writer adds no cell (a later value copies the above)
                    continue
                assert cell.number_format == COMPUTED_FORMAT[col.type], (tname, col.name, cell.coordinate)
                checked.add((tname, col.name))
    assert {("Kinerja", "Realisasi Dihitung"), ("Kinerja", "Capaian"), ("Efisiensi", "Efisiensi Rasio"),
            ("Efisiensi", "Pagu"), ("RingkasanSasaran", "Jumlah Indikator"), ("SKM", "IKM")} <= checked
    # the values the issue saw unformatted now show two decimals
    ws = wb["Kinerja"]
    lay = {ws.cell(HEADER_ROW, c).value: c for c in range(1, ws.max_column + 1)}
    got = ws.cell(new_rows[1], lay["Realisasi Dihitung"])
    assert got.value == pytest.approx(83.347222222) and got.number_format == "#,##0.00"
