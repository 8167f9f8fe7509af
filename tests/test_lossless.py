"""A recompute loses nothing the user added to the workbook.

The fixture is the demo workbook plus what staff add in Excel: an image (logo), a text box, a form button,
their own chart, a sparkline, a comment, conditional formatting (with an x14 data bar), an x14 data
validation, a defined name, column widths, a custom style and an extra sheet. After a recompute every part
the tool does not own must be byte-identical, and inside the sheets it patches every element and every cell
outside the computed columns must be unchanged.
"""

import io
import re
import struct
import zipfile
import zlib

import openpyxl
import pytest
from lxml import etree

from lkjip_xl.api import check, recompute
from lkjip_xl.schema import TABLES, norm
from lkjip_xl.xlsx import Package, split_ref

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

X14_DV = (
    '<extLst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" count="1">'
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
    "<x14:formula1><xm:f>Skala!$C$5:$C$9</xm:f></x14:formula1><xm:sqref>H5:H12</xm:sqref>"
    "</x14:dataValidation></x14:dataValidations></ext></extLst>"
)


def _png() -> bytes:
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 8 for _ in range(8))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)) + chunk(
        b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def decorate(wb, sheets):
    prof = sheets["Profil"]
    prof.insert_image("E4", "logo.png", {"image_data": io.BytesIO(_png())})
    prof.insert_textbox("E12", "Catatan: data diverifikasi Sekcam", {"width": 240, "height": 60})
    prof.write_comment("B6", "Diisi oleh Kasubag Perencanaan", {"author": "Staf"})
    sheets["Ringkasan"].insert_button("K4", {"macro": "Periksa", "caption": "Periksa"})
    ang = sheets["Anggaran"]
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Anggaran!$H$5:$H$10", "name": "Pagu"})
    ang.insert_chart("U4", chart)
    ang.add_sparkline("T5", {"range": "Anggaran!G5:I5"})
    kin = sheets["Kinerja"]
    kin.conditional_format("D5:D19", {"type": "data_bar", "bar_solid": True})
    kin.conditional_format("B5:B19", {"type": "3_color_scale"})
    wb.define_name("LogoKecamatan", "=Profil!$E$4")
    sheets["Desa"].set_column("H:H", 33)
    custom = wb.add_format({"bold": True, "font_color": "#7030A0", "num_format": "0.000"})
    extra = wb.add_worksheet("Catatan Saya")
    extra.write("A1", "Catatan pribadi", custom)
    extra.write_number("A2", 3.14159, custom)


def _add_x14_validation(path):
    src = zipfile.ZipFile(path)
    items = [(i, src.read(i)) for i in src.infolist()]
    src.close()
    pkg = Package.open(path)
    part = pkg.sheet("Desa").path
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == part:
                root = etree.fromstring(data)
                root.append(etree.fromstring(X14_DV))
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            z.writestr(info, data)


@pytest.fixture
def decorated(make_book):
    p = make_book(decorate=decorate, name="hias.xlsx")
    _add_x14_validation(p)
    return p


def _computed_cells(pkg):
    """(sheet, row, col) of every cell the tool may write."""
    out = set()
    for tname, t in TABLES.items():
        tp = pkg.table(tname)
        if tp is None:
            continue
        r1, c1, r2, c2 = tp.bounds
        heads = {norm(h): c1 + k for k, h in enumerate(tp.columns)}
        cols = heads.values() if t.computed_only else [heads[norm(c.name)] for c in t.computed_columns]
        for r in range(r1 + 1, r2 + 60):
            for j in cols:
                out.add((tp.sheet, r, j))
    return out


def test_user_additions_survive(decorated):
    before = Package.open(decorated)
    owned_cells = _computed_cells(before)
    assert "Catatan Saya" in [s.name for s in before.sheets]
    assert any(p.startswith("xl/media/") for p in before.parts)
    assert b"sparklineGroup" in before.parts[before.sheet("Anggaran").path]
    assert b"x14:dataValidation" in before.parts[before.sheet("Desa").path]
    assert any(p.startswith("xl/ctrlProps/") or b"Button" in before.parts[p] for p in before.parts if "vml" in p)

    o = recompute(decorated)
    assert o.written > 0
    after = Package.open(decorated)

    patched_sheets = {before.sheet(s).path for s in ("Kinerja", "Anggaran", "SKM", "Efisiensi", "Ringkasan",
                                                     "Validasi", "_lkjip")}
    owned_parts = patched_sheets | {t.path for t in before.tables.values()} | {before.workbook_part}
    ringkasan_charts = {p for p in before.parts if p.startswith("xl/charts/")
                        and b"Ringkasan" in before.parts[p]}
    owned_parts |= ringkasan_charts | {before.styles_part}
    assert set(after.parts) == set(before.parts)
    # colouring the cells at fault only appends fills and cell styles: every existing one keeps its index
    b_st, a_st = etree.fromstring(before.parts[before.styles_part]), etree.fromstring(after.parts[before.styles_part])
    assert [el.tag for el in b_st] == [el.tag for el in a_st]
    for b_el, a_el in zip(b_st, a_st):
        kids_b, kids_a = [etree.tostring(k) for k in b_el], [etree.tostring(k) for k in a_el]
        if etree.QName(b_el).localname in ("fills", "cellXfs"):
            assert kids_a[:len(kids_b)] == kids_b
            assert int(a_el.get("count")) == len(kids_a)
        else:
            assert kids_a == kids_b, b_el.tag
    for name, data in before.parts.items():
        if name not in owned_parts:
            assert after.parts[name] == data, name

    # user's own chart on Anggaran untouched; the image, text box, button, comments, vml all byte-identical
    assert any(p.startswith("xl/charts/") and p not in ringkasan_charts for p in before.parts)

    marked = {tuple(k.split("!")) for k in (check(decorated).workbook.meta.get("sel ditandai") or "").split(";") if k}
    assert marked  # the decorated workbook has faults: their cells are coloured, nothing else about them changes
    wb_open = openpyxl.load_workbook(decorated)
    for sheet, ref in marked:
        assert wb_open[sheet][ref].fill.fgColor.rgb in ("FFFFC7CE", "FFFFEB9C"), (sheet, ref)

    for sp in before.sheets:
        if sp.path not in patched_sheets:
            continue
        b_root = etree.fromstring(before.parts[sp.path])
        a_root = etree.fromstring(after.parts[sp.path])
        skip = {"sheetData", "dimension", "hyperlinks"}
        b_other = [etree.tostring(e) for e in b_root if etree.QName(e).localname not in skip]
        a_other = [etree.tostring(e) for e in a_root if etree.QName(e).localname not in skip]
        assert a_other == b_other, sp.name
        b_cells = {c.get("r"): etree.tostring(c) for c in b_root.iter(M + "c")}
        a_cells = {c.get("r"): etree.tostring(c) for c in a_root.iter(M + "c")}
        for ref, xml in b_cells.items():
            r, j = split_ref(ref)
            if (sp.name, r, j) in owned_cells:
                continue
            if (sp.name, ref) in marked:
                xml, got = (re.sub(rb' s="\d+"', b"", x) for x in (xml, a_cells.get(ref, b"")))
                assert got == xml, (sp.name, ref)
                continue
            assert a_cells.get(ref) == xml, (sp.name, ref)
        b_rows = [{k: v for k, v in r.attrib.items() if k != "spans"} for r in b_root.iter(M + "row")]
        a_rows = {r.get("r"): {k: v for k, v in r.attrib.items() if k != "spans"} for r in a_root.iter(M + "row")}
        for attrs in b_rows:
            assert a_rows[attrs["r"]] == attrs

    # defined names kept, and the workbook part differs only by calcPr
    wb_b = etree.fromstring(before.parts[before.workbook_part])
    wb_a = etree.fromstring(after.parts[after.workbook_part])
    assert [etree.tostring(e) for e in wb_b if etree.QName(e).localname != "calcPr"] == [
        etree.tostring(e) for e in wb_a if etree.QName(e).localname != "calcPr"]
    assert "LogoKecamatan" in after.defined_names


@pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")
def test_decorated_result_opens_in_openpyxl(decorated):
    import openpyxl

    recompute(decorated)
    wb = openpyxl.load_workbook(decorated)
    assert "Catatan Saya" in wb.sheetnames
    assert wb["Catatan Saya"]["A2"].value == pytest.approx(3.14159)
