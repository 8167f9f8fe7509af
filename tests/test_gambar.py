"""Pictures staff place on the Gambar sheet reach ``Workbook.gambar``, for the report.

The workbooks are built by the project's own builder with XlsxWriter's ``insert_image`` (what Insert ▸ Pictures
writes), with PNG and JPEG files made here.
"""

import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from PIL import Image

from lkjip_xl import reader
from lkjip_xl.api import check, evaluate, recompute
from lkjip_xl.model import Gambar
from lkjip_xl.reader import read_package, read_workbook
from lkjip_xl.schema import SCHEMA_VERSION, SHEETS, TABLES
from lkjip_xl.template import build_workbook
from lkjip_xl.xlsx import CellWrite, Package
from lkjip_xl.xlsx import drawing as xlsx_drawing
from lkjip_xl.xlsx.markup import rels_path

ROOT = Path(__file__).resolve().parent.parent
EMU_PX = 9525
PICTURE_CODES = {"gambar-kosong", "gambar-tanpa-jenis", "gambar-di-luar-baris", "logo-ganda", "gambar-format",
                 "gambar-terlalu-besar"}
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def image(fmt, size, color):
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, fmt)
    return buf.getvalue()


LOGO = image("PNG", (40, 30), (200, 0, 0))
BAGAN = image("JPEG", (64, 48), (0, 90, 160))
FOTO = image("PNG", (20, 10), (0, 160, 0))
FOTO2 = image("JPEG", (16, 16), (90, 90, 90))

ROWS = [
    {"Jenis": "Logo"},  # row 5
    {"Jenis": "Struktur Organisasi", "Keterangan": "Bagan struktur organisasi kecamatan"},  # 6
    {"Jenis": "Kegiatan", "Keterangan": "Rapat koordinasi"},  # 7
]


def place(*pictures):
    """A ``decorate`` for build_workbook: each (cell, bytes, name, options) inserted on the Gambar sheet."""

    def decorate(wb, sheets):
        for cell, data, name, opts in pictures:
            sheets["Gambar"].insert_image(cell, name, {"image_data": io.BytesIO(data), **opts})

    return decorate


STANDARD = place(
    ("C5", LOGO, "logo.png", {}),
    ("A6", BAGAN, "bagan.jpg", {"x_offset": 30, "y_offset": 4}),
    ("D7", FOTO, "rapat.png", {"x_scale": 2, "y_scale": 3}),
    ("J7", FOTO2, "rapat2.jpg", {}),  # the last column still on the row: 8 right of the table (B)
)


def book(tmp_path, decorate=STANDARD, rows=ROWS, name="g.xlsx"):
    return build_workbook(tmp_path / name, years=(2024,), data={"Gambar": rows}, decorate=decorate)


def issues(wb_or_outcome, codes=PICTURE_CODES):
    found = wb_or_outcome.issues if hasattr(wb_or_outcome, "issues") else wb_or_outcome.result.issues
    return sorted([i.code, i.sheet, i.cell] for i in found if i.code in codes)


def rewrite(path, change):
    """Rewrite the zip's members through ``change(name, data) -> (name, data) | None`` (None drops it)."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            got = change(info.filename, data)
            if got is not None:
                z.writestr(got[0], got[1])


def gambar_drawing(path):
    pkg = Package.open(path)
    rels = pkg.rels(pkg.sheet("Gambar").path)
    (drawing,) = [t for typ, t in rels.values() if typ.endswith("/drawing")]
    return pkg, drawing


# --- the sheet in new workbooks ------------------------------------------------------------------------------


def test_new_workbooks_have_the_gambar_sheet(tmp_path):
    names = [s.name for s in SHEETS]
    assert names.index("Gambar") == names.index("Narasi") + 1
    assert TABLES["Gambar"].since == "2" == SCHEMA_VERSION
    p = build_workbook(tmp_path / "t.xlsx", years=(2024,))
    wb = openpyxl.load_workbook(p)
    ws = wb["Gambar"]
    assert [c.value for c in ws[4]][:2] == ["Jenis", "Keterangan"]
    assert "Insert > Pictures" in ws["A2"].value
    lay = TABLES["Gambar"]
    assert ws.tables["Gambar"].ref == f"A4:B{4 + lay.spare_rows}"
    assert all(ws.row_dimensions[r].height == 60 for r in range(5, 5 + lay.spare_rows))
    (dv,) = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert dv.formula1 == '"Logo,Struktur Organisasi,Inovasi,Kegiatan,Lampiran"'
    assert str(dv.sqref) == f"A5:A{4 + lay.spare_rows}"
    fresh = read_workbook(p)
    assert fresh.template_version == "2" and fresh.gambar == [] and issues(fresh, {"tabel-hilang"}) == []


# --- pictures read -------------------------------------------------------------------------------------------


def test_pictures_reach_workbook_gambar(tmp_path):
    wb = read_workbook(book(tmp_path))
    assert issues(wb) == []
    assert [(g.jenis, g.keterangan, g.cell, g.ext) for g in wb.gambar] == [
        ("Logo", "", "A5", "png"),
        ("Struktur Organisasi", "Bagan struktur organisasi kecamatan", "A6", "jpeg"),
        ("Kegiatan", "Rapat koordinasi", "A7", "png"),
        ("Kegiatan", "Rapat koordinasi", "A7", "jpeg"),
    ]
    assert [g.data for g in wb.gambar] == [LOGO, BAGAN, FOTO, FOTO2]  # byte for byte as inserted
    # sizes as shown on the sheet (96 dpi: a pixel is 9525 EMU), scaling included
    assert [(g.width_emu, g.height_emu) for g in wb.gambar] == [
        (40 * EMU_PX, 30 * EMU_PX), (64 * EMU_PX, 48 * EMU_PX), (40 * EMU_PX, 30 * EMU_PX), (16 * EMU_PX, 16 * EMU_PX)]
    assert {g.sheet for g in wb.gambar} == {"Gambar"}
    assert [g.description for g in wb.gambar] == ["logo.png", "bagan.jpg", "rapat.png", "rapat2.jpg"]
    assert wb.gambar_of("Logo") == wb.gambar[:1]
    assert isinstance(wb.gambar[0], Gambar)
    with pytest.raises(AttributeError):
        wb.gambar[0].jenis = "Inovasi"  # frozen


def test_package_pictures(tmp_path):
    p = book(tmp_path)
    pics = Package.open(p).pictures("Gambar")
    assert [(x.row, x.col, x.ext, x.content_type) for x in pics] == [
        (5, 3, "png", "image/png"), (6, 1, "jpeg", "image/jpeg"), (7, 4, "png", "image/png"),
        (7, 10, "jpeg", "image/jpeg")]
    assert all(x.part.startswith("xl/media/") and x.name.startswith("Picture") for x in pics)
    assert Package.open(p).pictures("Profil") == [] and Package.open(p).pictures("Tidak Ada") == []
    # a budget: pictures past it come without their bytes (not inflated)
    capped = Package.open(p).pictures("Gambar", max_bytes=len(LOGO) + len(BAGAN))
    assert [x.data is not None for x in capped] == [True, True, False, False]


def test_one_cell_and_absolute_anchors(tmp_path):
    """Pictures anchored to one cell, or by position (placed by the sheet's column widths and row heights), or
    inside mc:AlternateContent."""
    p = book(tmp_path)
    pkg, drawing = gambar_drawing(p)

    def change(name, data):
        if name != drawing:
            return name, data
        root = etree.fromstring(data)
        anchors = [a for a in root if a.tag == XDR + "twoCellAnchor"]
        one, absolute = anchors[0], anchors[2]  # the logo (C5), the photo (D7)
        for a in (one, absolute):
            a.attrib.pop("editAs", None)  # only a twoCellAnchor has editAs (dml-spreadsheetDrawing.xsd)
        one.tag = XDR + "oneCellAnchor"
        one.remove(one.find(XDR + "to"))
        one.insert(1, etree.Element(XDR + "ext", cx="111", cy="222"))
        off = absolute.find(f"{XDR}pic/{XDR}spPr/{A}xfrm/{A}off")
        absolute.tag = XDR + "absoluteAnchor"
        for tag in ("from", "to"):
            absolute.remove(absolute.find(XDR + tag))
        absolute.insert(0, etree.Element(XDR + "pos", x=str(int(off.get("x")) + 10), y=str(int(off.get("y")) + 10)))
        absolute.insert(1, etree.Element(XDR + "ext", cx="333", cy="444"))
        wrapped = anchors[1]  # the organisation chart (A6) as Excel wraps some anchors: mc:AlternateContent/mc:Choice
        alt = etree.Element(MC + "AlternateContent")
        wrapped.addprevious(alt)
        etree.SubElement(alt, MC + "Choice", Requires="a14").append(wrapped)
        return name, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    rewrite(p, change)
    pics = Package.open(p).pictures("Gambar")
    assert [(x.row, x.col, x.width_emu, x.height_emu) for x in pics][0] == (5, 3, 111, 222)
    assert (pics[2].row, pics[2].col, pics[2].width_emu, pics[2].height_emu) == (7, 4, 333, 444)
    wb = read_workbook(p)
    assert issues(wb) == [] and [g.data for g in wb.gambar] == [LOGO, BAGAN, FOTO, FOTO2]


def test_size_from_the_anchor_when_the_picture_has_none(tmp_path):
    p = book(tmp_path, place(("C5", LOGO, "logo.png", {})))
    _, drawing = gambar_drawing(p)

    def change(name, data):
        if name != drawing:
            return name, data
        return name, re.sub(rb"<a:xfrm>.*?</a:xfrm>", b"", data)

    rewrite(p, change)
    (pic,) = Package.open(p).pictures("Gambar")
    assert (pic.width_emu, pic.height_emu) == (40 * EMU_PX, 30 * EMU_PX)


# --- issues --------------------------------------------------------------------------------------------------


def test_issues_point_at_their_cells(tmp_path):
    rows = ROWS + [
        {"Jenis": "Inovasi", "Keterangan": "Aplikasi layanan"},  # row 8: no picture
        {"Jenis": "Logo", "Keterangan": "Logo kedua"},  # row 9: a second Logo
        {"Keterangan": "Tanpa jenis"},  # row 10: Jenis blank
    ]
    deco = place(
        ("C5", LOGO, "logo.png", {}),
        ("A6", BAGAN, "bagan.jpg", {}),
        ("D7", FOTO, "rapat.png", {}),
        ("C9", FOTO2, "logo2.jpg", {}),
        ("B10", FOTO, "tanpa-jenis.png", {}),
        ("D12", FOTO, "baris-kosong.png", {}),  # a spare row, nothing typed
        ("K6", FOTO, "jauh.png", {}),  # 9 columns right of the table
        ("C2", FOTO, "judul.png", {}),  # above the table
    )
    o = check(book(tmp_path, deco, rows))
    assert issues(o) == [
        ["gambar-di-luar-baris", "Gambar", "C2"],
        ["gambar-di-luar-baris", "Gambar", "K6"],
        ["gambar-kosong", "Gambar", "A8"],
        ["gambar-tanpa-jenis", "Gambar", "B10"],
        ["gambar-tanpa-jenis", "Gambar", "D12"],
        ["logo-ganda", "Gambar", "C9"],
    ]
    assert all(i.severity == "warning" for i in o.result.issues if i.code in PICTURE_CODES)
    (dup,) = [i for i in o.result.issues if i.code == "logo-ganda"]
    assert "C5" in dup.message
    (empty,) = [i for i in o.result.issues if i.code == "gambar-kosong"]
    assert "Inovasi" in empty.message
    # the first Logo is the one used; the rest are left out
    assert [(g.jenis, g.cell) for g in o.workbook.gambar] == [
        ("Logo", "A5"), ("Struktur Organisasi", "A6"), ("Kegiatan", "A7")]


def test_a_jenis_outside_the_list_is_reported_once(tmp_path):
    o = check(book(tmp_path, place(("C5", LOGO, "logo.png", {})), [{"Jenis": "Foto"}]))
    codes = [i.code for i in o.result.issues if i.sheet == "Gambar"]
    assert codes == ["pilihan-tidak-dikenal"] and o.workbook.gambar == []


def test_format_word_cannot_show(tmp_path):
    p = book(tmp_path)
    pkg, drawing = gambar_drawing(p)
    media = pkg.pictures("Gambar")[2].part  # the photo on row 7
    webp = media.rsplit(".", 1)[0] + ".webp"

    def change(name, data):
        if name == media:
            return webp, data
        if name == rels_path(drawing):
            return name, data.replace(media.rsplit("/", 1)[1].encode(), webp.rsplit("/", 1)[1].encode())
        if name == "[Content_Types].xml":
            return name, data.replace(b"<Default ", b'<Default Extension="webp" ContentType="image/webp"/><Default ', 1)
        return name, data

    rewrite(p, change)
    wb = read_workbook(p)
    assert issues(wb) == [["gambar-format", "Gambar", "D7"]]
    (i,) = [i for i in wb.issues if i.code == "gambar-format"]
    assert "WEBP" in i.message
    assert [g.data for g in wb.gambar] == [LOGO, BAGAN, FOTO2]


@pytest.mark.writes_invalid_xlsx  # a picture's part removed, on purpose
def test_missing_media_is_ignored(tmp_path):
    p = book(tmp_path, place(("C5", LOGO, "logo.png", {}), ("A6", BAGAN, "bagan.jpg", {})), ROWS[:2])
    media = Package.open(p).pictures("Gambar")[1].part
    rewrite(p, lambda name, data: None if name == media else (name, data))
    wb = read_workbook(p)
    assert [g.jenis for g in wb.gambar] == ["Logo"]
    assert issues(wb) == [["gambar-kosong", "Gambar", "A6"]]  # its row now has no picture: said, no exception


def test_total_size_is_capped(tmp_path, monkeypatch):
    p = book(tmp_path)
    monkeypatch.setattr(xlsx_drawing, "MAX_PICTURE_BYTES", len(LOGO) + len(BAGAN) + len(FOTO))
    monkeypatch.setattr(reader, "MAX_PICTURE_BYTES", 5 * 1024 * 1024)
    wb = read_workbook(p)
    assert issues(wb) == [["gambar-terlalu-besar", "Gambar", "J7"]]
    assert "5 MB" in [i for i in wb.issues if i.code == "gambar-terlalu-besar"][0].message
    assert [g.data for g in wb.gambar] == [LOGO, BAGAN, FOTO]


# --- versions ------------------------------------------------------------------------------------------------


VERSION_1 = [p for p in (*sorted((ROOT / "examples").glob("*.xlsx")), *sorted((ROOT / "tests" / "data").glob("*.xlsx")))
             if Package.open(p).table("Gambar") is None]
"""Workbooks made from template version 1 (before the Gambar table): those the project keeps as such."""


def test_version_1_workbooks_are_kept():
    assert [p.name for p in VERSION_1] == ["bantarbolang-2023-v0.1.xlsx"]


@pytest.mark.parametrize("path", VERSION_1, ids=lambda p: p.name)
def test_version_1_workbooks_get_no_new_issue(path, tmp_path):
    pkg = Package.open(path)
    wb = read_package(pkg)
    assert wb.template_version == "1" and wb.gambar == []
    assert issues(wb, PICTURE_CODES | {"tabel-hilang", "kolom-hilang"}) == []
    # recomputed, it still says which template it was made from, so the next check is as quiet
    p = tmp_path / path.name
    shutil.copy(path, p)
    recompute(p)
    again = check(p)
    assert again.workbook.meta["versi template"] == "1"
    assert issues(again, PICTURE_CODES | {"tabel-hilang"}) == []


def test_a_workbook_made_before_the_gambar_sheet_needs_none(tmp_path):
    """What every workbook made before version 2 is, whatever the committed examples are regenerated as."""
    pkg = Package.open(build_workbook(tmp_path / "t.xlsx", years=(2024,)))
    del pkg.tables["gambar"]
    r1, c1, _, _ = pkg.table("Meta").bounds
    assert pkg.rows("_lkjip")[r1 + 1][c1].value == "Versi Template"
    pkg.write_cells("_lkjip", {(r1 + 1, c1 + 1): CellWrite("1")})
    wb = read_package(pkg)
    assert wb.template_version == "1" and "Gambar" not in wb.tables and wb.gambar == []
    assert issues(wb, PICTURE_CODES | {"tabel-hilang"}) == []


def test_version_2_workbook_without_the_table_is_told(tmp_path):
    pkg = Package.open(build_workbook(tmp_path / "t.xlsx", years=(2024,)))
    del pkg.tables["gambar"]
    assert issues(read_package(pkg), {"tabel-hilang"}) == [["tabel-hilang", "Gambar", "A1"]]


# --- recompute and the Excel buttons -------------------------------------------------------------------------


def test_recompute_keeps_the_pictures(make_book):
    def edit(doc):
        doc["tables"]["Gambar"] = ROWS

    p = make_book(edit, decorate=STANDARD)
    pkg, drawing = gambar_drawing(p)
    before = dict(pkg.parts.items())
    kept = [pkg.sheet("Gambar").path, drawing, rels_path(drawing), rels_path(pkg.sheet("Gambar").path),
            *(x.part for x in pkg.pictures("Gambar"))]
    o = recompute(p)
    assert o.written > 0
    after = Package.open(p)
    for part in kept:
        assert after.parts[part] == before[part], part
    wb = read_workbook(p)
    assert [g.data for g in wb.gambar] == [LOGO, BAGAN, FOTO, FOTO2]
    assert wb.meta["versi template"] == SCHEMA_VERSION


def test_excel_button_path_reads_such_a_workbook(make_book):
    import xlwings as xw

    from lkjip_xl import excel
    from lkjip_xl.excel.source import BookSource

    def edit(doc):
        doc["tables"]["Gambar"] = ROWS + [{"Jenis": "Inovasi"}]  # a row without a picture, too

    p = make_book(edit, decorate=STANDARD)
    book = xw.Book(json=excel.payload_from_file(p))
    o = evaluate(BookSource(book))
    assert [r["Jenis"] for r in o.workbook.rows("Gambar")] == ["Logo", "Struktur Organisasi", "Kegiatan", "Inovasi"]
    # the payload carries no pictures: nothing said about them (no row looks empty), none listed
    assert o.workbook.gambar == [] and issues(o) == []
    file_codes = {i.code for i in check(p).result.issues} - PICTURE_CODES
    assert {i.code for i in o.result.issues} - PICTURE_CODES == file_codes
