"""A table recompute grows never makes a file Excel repairs.

Excel deletes a table that covers merged cells or another table ("repairs" the file), and the rows a growing
table takes would overwrite what staff typed there. For every table a recompute sizes (Efisiensi,
RingkasanSasaran, Ikhtisar, Validasi, Meta), content placed in the rows it would take makes ``lkjip recompute``
refuse with the cells named and write nothing, and ``lkjip check`` reports ``tabel-tidak-bisa-tumbuh`` at the
first cell in the way; the same content one row further down survives a recompute byte for byte.

The workbooks are real: the test data with 20 sasaran (as in the issue), user content added to the package's
XML as Excel stores it (merges, typed values, formulas, a table part of its own).
"""

import copy
import shutil
import zipfile

import pytest
from click.testing import CliRunner
from lxml import etree

from lkjip_xl.api import check, evaluate, issues_after_write, plan_write, recompute
from lkjip_xl.cli import cli
from lkjip_xl.errors import TableCannotGrow
from lkjip_xl.filldata import build_from_data
from lkjip_xl.plan import owned_sizes
from lkjip_xl.schema import OWNED_TABLES as OWNED_ORDER
from lkjip_xl.schema import TABLES
from lkjip_xl.xlsx import Package, cell_ref, col_letter, parse_range, split_ref

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
M = "{%s}" % NS
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
CODE = "tabel-tidak-bisa-tumbuh"

# CT_Worksheet's children in schema order: a new element goes after the last one present before it
_WS_ORDER = ("sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
             "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
             "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
             "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
             "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
             "legacyDrawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst")


# --- the workbook ---------------------------------------------------------------------------------------------


def _twenty_sasaran(doc):
    t = doc["tables"]
    for k in range(3, 21):
        t["Tujuan"].append({"Kode": str(k), "Uraian": f"Tujuan {k}"})
        t["Sasaran"].append({"Kode": f"{k}.1", "Kode Tujuan": str(k), "Uraian": f"Sasaran nomor {k}"})
        t["Indikator"].append({"Kode": f"{k}.1.1", "Kode Sasaran": f"{k}.1", "Indikator": f"Indikator {k}",
                               "Satuan": "%", "Polaritas": "Positif", "IKU": "Ya", "Target 2024": 80,
                               "Target Akhir": 90})
        t["Kinerja"].append({"Kode Indikator": f"{k}.1.1", "Target PK": 80, "Realisasi": 70 + k})


@pytest.fixture(scope="module")
def base(tmp_path_factory, demo_doc):
    """The 20-sasaran workbook as staff leave it (never recomputed), and Meta cut to its first four rows as an
    older workbook's, so that every owned table grows on the first recompute."""
    doc = copy.deepcopy(demo_doc)
    _twenty_sasaran(doc)
    p = tmp_path_factory.mktemp("tumbuh") / "dasar.xlsx"
    build_from_data(doc, p)
    _shrink_meta(p)
    return p


def _shrink_meta(path):
    pkg = Package.open(path)
    tp = pkg.table("Meta")
    r1, c1, r2, c2 = tp.bounds
    keep = r2 - 2

    def edit(parts):
        table = etree.fromstring(parts[tp.path])
        table.set("ref", f"{cell_ref(r1, c1)}:{cell_ref(keep, c2)}")
        parts[tp.path] = _xml(table)
        sheet = etree.fromstring(parts[pkg.sheet(tp.sheet).path])
        for row in sheet.iter(M + "row"):
            if int(row.get("r")) > keep:
                row.getparent().remove(row)
        parts[pkg.sheet(tp.sheet).path] = _xml(sheet)

    _rewrite(path, edit)


@pytest.fixture(scope="module")
def grown(base, tmp_path_factory):
    """Per owned table: (sheet, rows before, the first row after it once recomputed), from a plain copy."""
    p = tmp_path_factory.mktemp("polos") / "polos.xlsx"
    shutil.copy(base, p)
    before = {t: Package.open(p).table(t).bounds for t in OWNED_ORDER}
    recompute(p)
    pkg = Package.open(p)
    out = {}
    for t in OWNED_ORDER:
        tp = pkg.table(t)
        r1, c1, r2, c2 = tp.bounds
        out[t] = {"sheet": tp.sheet, "old_last": before[t][2], "new_last": r2, "cols": (c1, c2),
                  "ref": tp.ref}
    return out


def test_every_owned_table_grows_on_this_workbook(grown):
    assert {t: (g["old_last"], g["new_last"]) for t, g in grown.items()} == {
        "Efisiensi": (5, 25),  # 20 sasaran and the Keseluruhan row
        "RingkasanSasaran": (5, 24),
        "Ikhtisar": (5, 16),
        "Validasi": (5, grown["Validasi"]["new_last"]),
        "Meta": (8, 10),
    }
    assert grown["Validasi"]["new_last"] > 6


# --- adding what a user adds, as Excel stores it ------------------------------------------------------------


def _xml(root):
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rewrite(path, edit):
    """Rewrite the .xlsx: ``edit(parts)`` changes or adds parts; every other part is copied as it was."""
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        parts = {i.filename: z.read(i) for i in infos}
    edit(parts)
    old = {i.filename for i in infos}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for i in infos:
            z.writestr(i, parts[i.filename])
        for name in sorted(set(parts) - old):
            z.writestr(name, parts[name])


def _child(root, tag):
    """The worksheet's ``tag`` element, made in its schema place when missing."""
    got = root.find(M + tag)
    if got is not None:
        return got
    el = etree.Element(M + tag)
    before = set(_WS_ORDER[:_WS_ORDER.index(tag)])
    anchor = None
    for k, child in enumerate(root):
        if isinstance(child.tag, str) and etree.QName(child).localname in before:
            anchor = k
    root.insert(0 if anchor is None else anchor + 1, el)
    return el


def _put(root, ref, value):
    """A typed cell: text (inline), a number, or a formula ``=…`` with its cached value."""
    r, j = split_ref(ref)
    sd = root.find(M + "sheetData")
    row = next((x for x in sd.iterfind(M + "row") if int(x.get("r")) == r), None)
    if row is None:
        row = etree.Element(M + "row", r=str(r))
        later = [x for x in sd.iterfind(M + "row") if int(x.get("r")) > r]
        if later:
            later[0].addprevious(row)
        else:
            sd.append(row)
    for c in row.findall(M + "c"):
        if c.get("r") == ref:
            row.remove(c)
    c = etree.Element(M + "c", r=ref)
    if isinstance(value, str) and value.startswith("="):
        etree.SubElement(c, M + "f").text = value[1:]
        etree.SubElement(c, M + "v").text = "2"
    elif isinstance(value, str):
        c.set("t", "inlineStr")
        etree.SubElement(etree.SubElement(c, M + "is"), M + "t").text = value
    else:
        etree.SubElement(c, M + "v").text = str(value)
    later = [x for x in row.iterfind(M + "c") if split_ref(x.get("r"))[1] > j]
    if later:
        later[0].addprevious(c)
    else:
        row.append(c)


def add_merge(path, sheet, ref, text="catatan"):
    part = Package.open(path).sheet(sheet).path

    def edit(parts):
        root = etree.fromstring(parts[part])
        if text is not None:  # None: an empty merged area
            _put(root, ref.split(":")[0], text)
        mc = _child(root, "mergeCells")
        etree.SubElement(mc, M + "mergeCell", ref=ref)
        mc.set("count", str(len(mc)))
        parts[part] = _xml(root)

    _rewrite(path, edit)


def add_value(path, sheet, ref, value="catatan saya"):
    part = Package.open(path).sheet(sheet).path

    def edit(parts):
        root = etree.fromstring(parts[part])
        _put(root, ref, value)
        parts[part] = _xml(root)

    _rewrite(path, edit)


def add_table(path, sheet, ref, name="CatatanSaya"):
    """A table of the user's own (header row and one row of data), with its part, relationship and type."""
    pkg = Package.open(path)
    sp = pkg.sheet(sheet)
    r1, c1, r2, c2 = parse_range(ref)
    heads = [f"Kolom {k + 1}" for k in range(c2 - c1 + 1)]
    part = "xl/tables/tableUser1.xml"
    rels = sp.path.replace("worksheets/", "worksheets/_rels/") + ".rels"

    def edit(parts):
        root = etree.fromstring(parts[sp.path])
        for k, h in enumerate(heads):
            _put(root, cell_ref(r1, c1 + k), h)
            _put(root, cell_ref(r1 + 1, c1 + k), k + 1)
        tps = _child(root, "tableParts")
        tp = etree.SubElement(tps, M + "tablePart")
        tp.set("{%s}id" % R_NS, "rIdUser1")
        tps.set("count", str(len(tps)))
        parts[sp.path] = _xml(root)
        cols = "".join(f'<tableColumn id="{k + 1}" name="{h}"/>' for k, h in enumerate(heads))
        parts[part] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="{NS}" id="99" name="{name}" '
            f'displayName="{name}" ref="{ref}" totalsRowShown="0"><autoFilter ref="{ref}"/>'
            f'<tableColumns count="{len(heads)}">{cols}</tableColumns><tableStyleInfo name="TableStyleMedium2" '
            'showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>').encode()
        rr = etree.fromstring(parts[rels])
        etree.SubElement(rr, PR + "Relationship", Id="rIdUser1", Target="../tables/tableUser1.xml",
                         Type=R_NS + "/table")
        parts[rels] = _xml(rr)
        ct = etree.fromstring(parts["[Content_Types].xml"])
        etree.SubElement(ct, CT + "Override", PartName="/" + part,
                         ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml")
        parts["[Content_Types].xml"] = _xml(ct)

    _rewrite(path, edit)
    return part


# --- what is put where ----------------------------------------------------------------------------------------


def _place(path, g, kind, row):
    """Put ``kind`` at ``row`` of the table's columns; returns the cells a message must name and the first
    cell in the way. The merge straddles the table's right edge; the value sits in its middle column."""
    c1, c2 = g["cols"]
    if kind == "merge":
        ref = f"{cell_ref(row, c2)}:{cell_ref(row, c2 + 1)}"
        add_merge(path, g["sheet"], ref)
        return ref, cell_ref(row, c2)
    if kind == "value":
        ref = cell_ref(row, (c1 + c2) // 2)
        add_value(path, g["sheet"], ref)
        return ref, ref
    if kind == "formula":
        ref = cell_ref(row, c1)
        add_value(path, g["sheet"], ref, "=1+1")
        return ref, ref
    ref = f"{cell_ref(row, c1)}:{cell_ref(row + 1, c1 + 1)}"
    add_table(path, g["sheet"], ref)
    return ref, cell_ref(row, c1)


def _copy(base, tmp_path, name="wb.xlsx"):
    p = tmp_path / name
    shutil.copy(base, p)
    return p


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


KINDS = ("merge", "value", "formula", "table")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("table", OWNED_ORDER)
def test_content_in_the_rows_a_table_takes_refuses_the_recompute(base, grown, table, kind, tmp_path):
    g = grown[table]
    p = _copy(base, tmp_path)
    named, first = _place(p, g, kind, g["new_last"])  # the last row the table would take
    before = p.read_bytes()
    listing = sorted(x.name for x in tmp_path.iterdir())

    o = check(p)
    found = [i for i in o.result.issues if i.code == CODE]
    assert [(i.severity, i.sheet, i.cell, i.params["tabel"]) for i in found] == [
        ("error", g["sheet"], first, table)]
    assert found[0].params["sel"] == named
    last = g["new_last"] + (table == "Validasi")  # Validasi would also list this issue: one row more
    assert found[0].params["rentang"] == g["ref"].rsplit(":", 1)[0] + f":{col_letter(g['cols'][1])}{last}"
    assert f"di {named} lembar {g['sheet']} ke bawah baris {last}" in found[0].message
    what = {"merge": f"sel gabungan {named}", "value": f"isian di {named}", "formula": f"isian di {named}",
            "table": f"tabel 'CatatanSaya' ({named})"}[kind]
    assert f"di bawahnya ada {what}." in found[0].message

    r = run("recompute", p)
    assert r.exit_code == 2
    assert r.output.startswith("Error: Hitung Ulang dibatalkan; buku kerja tidak diubah.\n")
    assert f"{g['sheet']}!{first}: Tabel '{table}'" in r.output
    assert f"di {named} lembar {g['sheet']}" in r.output
    assert "Traceback" not in r.output
    assert p.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir()) == listing  # no temporary file left behind

    with pytest.raises(TableCannotGrow) as exc:
        recompute(p, tmp_path / "lain.xlsx")
    assert [(i.sheet, i.cell) for i in exc.value.issues] == [(g["sheet"], first)]
    assert exc.value.exit_code == 2 and exc.value.code == CODE
    assert not (tmp_path / "lain.xlsx").exists()
    assert p.read_bytes() == before


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("table", OWNED_ORDER)
def test_content_just_below_survives_byte_for_byte(base, grown, table, kind, tmp_path):
    g = grown[table]
    p = _copy(base, tmp_path)
    named, _ = _place(p, g, kind, g["new_last"] + 1)
    before = Package.open(p)
    assert not [i for i in check(p).result.issues if i.code == CODE]

    o = recompute(p)
    assert o.written > 0
    after = Package.open(p)
    assert after.table(table).ref == g["ref"]
    _lossless(before, after, g["sheet"])
    sp_b, sp_a = before.sheet(g["sheet"]), after.sheet(g["sheet"])
    root_b, root_a = etree.fromstring(before.parts[sp_b.path]), etree.fromstring(after.parts[sp_a.path])
    r1, c1, r2, c2 = parse_range(named)
    cells_b = {c.get("r"): etree.tostring(c) for c in root_b.iter(M + "c")}
    cells_a = {c.get("r"): etree.tostring(c) for c in root_a.iter(M + "c")}
    for r in range(r1, r2 + 1):
        for j in range(c1, c2 + 1):
            ref = cell_ref(r, j)
            assert cells_a.get(ref) == cells_b.get(ref), ref
    assert any(cells_b.get(cell_ref(r, j)) for r in range(r1, r2 + 1) for j in range(c1, c2 + 1))
    if kind == "merge":
        assert after.merged(g["sheet"]) == before.merged(g["sheet"]) == [(r1, c1, r2, c2)]
        assert etree.tostring(root_a.find(M + "mergeCells")) == etree.tostring(root_b.find(M + "mergeCells"))
    if kind == "table":
        assert after.table("CatatanSaya").ref == named
        assert after.parts["xl/tables/tableUser1.xml"] == before.parts["xl/tables/tableUser1.xml"]
        rels = sp_b.path.replace("worksheets/", "worksheets/_rels/") + ".rels"
        assert after.parts[rels] == before.parts[rels]
        assert etree.tostring(root_a.find(M + "tableParts")) == etree.tostring(root_b.find(M + "tableParts"))
    # a second recompute finds nothing to do, the content still there
    assert recompute(p).written == 0
    assert Package.open(p).parts[sp_a.path] == after.parts[sp_a.path]


def _lossless(before, after, sheet):
    """As tests/test_lossless.py, with the owned tables' exact extents: every part recompute does not own is
    byte-identical, and on ``sheet`` every element but the cells, and every cell outside the tables as they end."""
    sp = before.sheet(sheet)
    patched = {before.sheet(s).path for s in ("Kinerja", "Anggaran", "SKM", "Efisiensi", "Ringkasan", "Validasi",
                                              "_lkjip")}
    known = {before.table(t).path for t in TABLES if before.table(t)}
    charts = {n for n in before.parts if n.startswith("xl/charts/") and b"Ringkasan" in before.parts[n]}
    owned = patched | known | charts | {before.workbook_part, before.styles_part}
    assert set(after.parts) == set(before.parts)
    assert [n for n, data in before.parts.items() if n not in owned and after.parts[n] != data] == []
    b_root, a_root = etree.fromstring(before.parts[sp.path]), etree.fromstring(after.parts[sp.path])
    skip = {"sheetData", "dimension", "hyperlinks"}
    assert [etree.tostring(e) for e in a_root if etree.QName(e).localname not in skip] == [
        etree.tostring(e) for e in b_root if etree.QName(e).localname not in skip]
    tables = [after.table(t).bounds for t in TABLES if after.table(t) and after.table(t).sheet == sheet]
    tables += [before.table(t).bounds for t in TABLES if before.table(t) and before.table(t).sheet == sheet]
    a_cells = {c.get("r"): etree.tostring(c) for c in a_root.iter(M + "c")}
    outside = 0
    for c in b_root.iter(M + "c"):
        r, j = split_ref(c.get("r"))
        if any(r1 < r <= r2 and c1 <= j <= c2 for r1, c1, r2, c2 in tables):
            continue
        assert a_cells.get(c.get("r")) == etree.tostring(c), c.get("r")
        outside += 1
    assert outside > 0


def test_the_issue_example_merge_on_ringkasan(base, tmp_path):
    """The report's case: a merge at A15:C15 on Ringkasan, 20 sasaran: RingkasanSasaran must become A4:E24."""
    p = _copy(base, tmp_path)
    add_merge(p, "Ringkasan", "A15:C15", "Catatan Camat")
    before = p.read_bytes()
    found = [i for i in check(p).result.issues if i.code == CODE]
    assert [(i.sheet, i.cell) for i in found] == [("Ringkasan", "A15")]
    assert found[0].message == (
        "Tabel 'RingkasanSasaran' pada lembar 'Ringkasan' perlu melebar menjadi A4:E24, tetapi di bawahnya ada "
        "sel gabungan A15:C15. Tabel yang menimpa sel gabungan, tabel lain atau isian membuat Excel "
        "'memperbaiki' berkas dan membuang tabelnya, jadi Hitung Ulang tidak menulis apa pun. Pindahkan "
        "isi/sel gabungan di A15:C15 lembar Ringkasan ke bawah baris 24 atau ke samping, lalu jalankan lagi.")
    r = run("check", p)
    assert r.exit_code == 1
    (line,) = [x for x in r.output.splitlines() if "[tabel-tidak-bisa-tumbuh]" in x]
    assert line.split()[:2] == ["Error", "Ringkasan!A15"]
    r = run("recompute", p)
    assert r.exit_code == 2 and "Ringkasan!A15: Tabel 'RingkasanSasaran'" in r.output
    assert p.read_bytes() == before


def test_several_obstacles_are_named_in_sheet_order(base, grown, tmp_path):
    g = grown["Efisiensi"]
    p = _copy(base, tmp_path)
    add_value(p, "Efisiensi", "B12", "satu")
    add_value(p, "Efisiensi", "C12", "dua")  # a run of filled cells in a row is one range
    add_merge(p, "Efisiensi", "D8:E9")
    add_value(p, "Efisiensi", "A20", "=1+1")
    add_table(p, "Efisiensi", "F15:G16")
    (found,) = [i for i in check(p).result.issues if i.code == CODE]
    assert (found.sheet, found.cell) == ("Efisiensi", "D8")
    assert found.params["sel"] == "D8:E9, B12:C12, F15:G16 dan A20"
    assert found.params["penghalang"] == ("sel gabungan D8:E9, tabel 'CatatanSaya' (F15:G16), serta isian di "
                                          "B12:C12 dan A20")
    assert found.params["rentang"] == g["ref"] == "A4:J25"


def test_merges_beside_across_an_edge_or_reaching_far_below(base, grown, tmp_path):
    p = _copy(base, tmp_path)
    add_merge(p, "Ringkasan", "F3:F30")  # the blank column between the two tables: in the way of neither
    add_merge(p, "Validasi", "F2:H9")  # beside Validasi (A:E)
    assert not [i for i in check(p).result.issues if i.code == CODE]
    q = _copy(base, tmp_path, "tepi.xlsx")
    add_merge(q, "Ringkasan", "F10:G12")  # across Ikhtisar's first column (G), from the blank column
    add_merge(q, "Ringkasan", "B20:C40")  # starts in RingkasanSasaran's new rows (to 24), ends far below
    found = [(i.cell, i.params["tabel"], i.params["sel"]) for i in check(q).result.issues if i.code == CODE]
    assert found == [("G10", "Ikhtisar", "F10:G12"), ("B20", "RingkasanSasaran", "B20:C40")]  # sheet order


def test_blank_styled_cells_are_not_in_the_way(base, grown, tmp_path):
    """A formatted blank (a border, a fill) or a space is not the user's content: the table grows over it."""
    g = grown["RingkasanSasaran"]
    p = _copy(base, tmp_path)
    add_value(p, "Ringkasan", f"B{g['new_last']}", " ")
    part = Package.open(p).sheet("Ringkasan").path

    def styled(parts):
        root = etree.fromstring(parts[part])
        _put(root, f"C{g['new_last']}", 0)
        c = next(c for c in root.iter(M + "c") if c.get("r") == f"C{g['new_last']}")
        c.remove(c.find(M + "v"))
        c.set("s", "3")
        parts[part] = _xml(root)

    _rewrite(p, styled)
    assert not [i for i in check(p).result.issues if i.code == CODE]
    recompute(p)
    assert Package.open(p).table("RingkasanSasaran").ref == g["ref"]


def test_a_shrinking_table_frees_rows_and_refuses_nothing(base, grown, tmp_path):
    """A table larger than its rows shrinks; content below its old end is left as it is."""
    p = _copy(base, tmp_path)
    recompute(p)
    pkg = Package.open(p)
    tp = pkg.table("Efisiensi")

    def widen(parts):
        t = etree.fromstring(parts[tp.path])
        t.set("ref", "A4:J40")
        parts[tp.path] = _xml(t)

    _rewrite(p, widen)
    add_value(p, "Efisiensi", "B30", "baris lama")  # inside the table as it was: its own, blanked
    add_value(p, "Efisiensi", "A41", "di bawah tabel lama")
    add_merge(p, "Efisiensi", "B42:C42")
    assert not [i for i in check(p).result.issues if i.code == CODE]
    recompute(p)
    after = Package.open(p)
    assert after.table("Efisiensi").ref == "A4:J25"
    cells = after.cells("Efisiensi")
    assert cells[(41, 1)].value == "di bawah tabel lama"
    assert after.merged("Efisiensi") == [(42, 2, 42, 3)]
    assert [(r, j) for (r, j) in cells if 25 < r < 41] == []


def test_validasi_counts_the_growth_issues_it_would_list(base, grown, tmp_path):
    """Validasi lists every issue, the growth issues too: content one row below where it would end without
    them is in its way once another table is blocked."""
    g = grown["Validasi"]
    p = _copy(base, tmp_path)
    add_value(p, "Validasi", f"A{g['new_last'] + 1}", "catatan")
    assert not [i for i in check(p).result.issues if i.code == CODE]
    add_merge(p, "Ringkasan", "A15:C15")
    found = [(i.sheet, i.cell, i.params["tabel"]) for i in check(p).result.issues if i.code == CODE]
    assert found == [("Ringkasan", "A15", "RingkasanSasaran"), ("Validasi", f"A{g['new_last'] + 1}", "Validasi")]


def test_a_final_workbook_counts_the_growth_error(tmp_path, demo_doc):
    doc = copy.deepcopy(demo_doc)
    doc["tables"]["Profil"]["Status Dokumen"] = "Final"
    p = tmp_path / "final.xlsx"
    build_from_data(doc, p)
    plain = check(p)
    n_err = len(plain.result.errors)
    add_merge(p, "Ringkasan", "B6:C6")
    o = check(p)
    assert [(i.sheet, i.cell) for i in o.result.issues if i.code == CODE] == [("Ringkasan", "B6")]
    (final,) = [i for i in o.result.issues if i.code == "final-masih-error"]
    assert final.params["jumlah"] == n_err + 1 == len(o.result.errors)


@pytest.mark.parametrize("name", ["balapulang-2022", "bantarbolang-2023", "purwareja-klampok-2024"])
def test_check_predicts_the_sizes_recompute_plans(name):
    from conftest import example

    o = evaluate(Package.open(example(name)))
    after = issues_after_write(o)
    predicted = owned_sizes(o.computed, len(after.issues))
    plan_write(o, after)
    assert predicted == {t: len(rows) for t, rows in o.plan.owned.items()}
    assert set(predicted) == set(OWNED_ORDER)


def test_the_excel_button_refuses_too(base, grown, tmp_path):
    """Hitung Ulang through xlwings sees values and tables (merges do not travel in its payload): the press
    sends no write, only the message."""
    import xlwings as xw

    from lkjip_xl import excel

    g = grown["RingkasanSasaran"]
    p = _copy(base, tmp_path)
    add_table(p, "Ringkasan", f"A{g['new_last'] - 1}:B{g['new_last']}")
    book = xw.Book(json=excel.payload_from_file(p))
    res = excel.recompute(book)
    assert not res.ok
    assert res.message.startswith("Hitung Ulang dibatalkan; buku kerja tidak diubah.\n")
    assert f"Ringkasan!A{g['new_last'] - 1}: Tabel 'RingkasanSasaran'" in res.message
    acts = book.json()["actions"]
    assert [a["func"] for a in acts] == ["alert"]
    assert acts[0]["args"][0] == res.message


def test_the_button_sees_an_empty_merge_the_add_in_reports(base, grown, tmp_path):
    """An empty merged area has no value to travel in the payload: the clients report the merges of the sheets
    that hold tables beside it (``[gabung]``), and the press refuses as `lkjip recompute` does."""
    import xlwings as xw

    from lkjip_xl import excel

    g = grown["RingkasanSasaran"]
    p = _copy(base, tmp_path)
    ref = f"A{g['new_last'] - 1}:C{g['new_last'] - 1}"
    add_merge(p, "Ringkasan", ref, text=None)
    formats = excel.cell_formats_of(p)
    assert f"[gabung]Ringkasan!{ref}" in formats
    with pytest.raises(TableCannotGrow):
        recompute(p, tmp_path / "cli.xlsx")
    book = xw.Book(json=excel.payload_from_file(p))
    res = excel.recompute(book, cell_formats=formats)
    assert not res.ok
    assert f"Ringkasan!A{g['new_last'] - 1}" in res.message
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]
    # an add-in older than the merges list cannot see it: the press grows the table (Excel then refuses the resize)
    book = xw.Book(json=excel.payload_from_file(p))
    res = excel.recompute(book, cell_formats=formats.split("[gabung]")[0])
    assert res.blocks > 0 and "dibatalkan" not in res.message


def test_the_periksa_button_refuses_to_grow_validasi_over_a_value(base, grown, tmp_path):
    """Periksa writes only Validasi (a longer list than Hitung Ulang's: it keeps the computed-cell issues): it too
    refuses to lengthen it over what staff typed below, and sends nothing but the message."""
    import xlwings as xw

    from lkjip_xl import excel

    g = grown["Validasi"]
    p = _copy(base, tmp_path)
    ref = f"{col_letter(g['cols'][0])}{g['new_last']}"
    add_value(p, "Validasi", ref, "catatan saya")
    book = xw.Book(json=excel.payload_from_file(p))
    res = excel.check(book)
    assert not res.ok
    assert res.message.startswith("Periksa dibatalkan; buku kerja tidak diubah.\n")
    assert "catatan" not in res.message and ref in res.message
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]


def test_owned_table_columns_only(base, grown, tmp_path):
    """Content beside the new rows (past the table's last column) is not in the way."""
    g = grown["Efisiensi"]
    p = _copy(base, tmp_path)
    add_value(p, "Efisiensi", f"{col_letter(g['cols'][1] + 1)}{g['new_last']}", "di samping")
    assert not [i for i in check(p).result.issues if i.code == CODE]
    recompute(p)
    assert Package.open(p).cells("Efisiensi")[(g["new_last"], g["cols"][1] + 1)].value == "di samping"


def test_a_long_list_of_cells_is_cut_short(base, tmp_path):
    p = _copy(base, tmp_path)
    for r in range(6, 14):
        add_value(p, "Efisiensi", f"A{r}", f"baris {r}")
    (found,) = [i for i in check(p).result.issues if i.code == CODE]
    assert (found.sheet, found.cell) == ("Efisiensi", "A6")
    assert found.params["sel"] == "A6, A7, A8, A9, A10, A11 dan 2 lainnya"
    assert found.params["penghalang"] == "isian di A6, A7, A8, A9, A10, A11 dan 2 lainnya"
