"""Excel strictness: every kind of .xlsx/.xlam the project writes validates against the ECMA-376 Transitional
schemas (tests/schemas/ooxml) and has none of Excel's known repair triggers (tests/xlsx_repair.py); and each
repair-trigger rule is shown to fire on a package broken on purpose.

(tests/conftest.py holds every other package the suite writes to the same two checks, after each test.)
"""

import copy
import io
import zipfile

import pytest
from click.testing import CliRunner
from conftest import ROOT, new_package_problems
from lxml import etree
from ooxml_validate import package_violations
from xlsx_repair import RULES, repair_triggers

from lkjip_xl.api import recompute
from lkjip_xl.cli import cli
from lkjip_xl.filldata import EXAMPLES, build_from_data, example_data, load_data

TEMPLATE = ROOT / "workbook_template.xlsx"
M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def assert_strict(path):
    assert package_violations(path) == {}
    assert repair_triggers(path) == []


# --- what the project writes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [TEMPLATE, *sorted((ROOT / "examples").glob("*.xlsx"))], ids=lambda p: p.name)
def test_committed_workbooks(path):
    assert_strict(path)


@pytest.mark.parametrize("extra", [[], ["--lindungi"], ["--dari", str(ROOT / "examples" / "bantarbolang-2023.xlsx")]],
                         ids=["plain", "lindungi", "dari"])
def test_lkjip_new(tmp_path, extra):
    out = tmp_path / "baru.xlsx"
    r = CliRunner().invoke(cli, ["new", str(out), "--instansi", "Kecamatan Contoh", "--kabupaten", "Kabupaten Tegal",
                                 "--tahun", "2024", "--renstra", "2019-2024", *extra])
    assert r.exit_code == 0, r.output
    assert_strict(out)


def test_recompute_after_edits(make_book):
    """A fault coloured (new cell styles), then fixed in place and recomputed again (the styles given back)."""
    from lkjip_xl.xlsx import CellWrite, Package

    def bad(doc):
        doc["tables"]["Kinerja"][0]["Realisasi"] = "sekitar delapan puluh"

    p = make_book(bad)
    recompute(p)
    assert_strict(p)
    pkg = Package.open(p)
    cells = pkg.cells("Kinerja")
    (at,) = [rc for rc, c in cells.items() if c.value == "sekitar delapan puluh"]
    pkg.write_cells("Kinerja", {at: CellWrite(80)})
    pkg.save(p)
    assert_strict(p)
    recompute(p)
    assert_strict(p)


def test_recompute_after_table_growth(make_book):
    """Fourteen more sasaran than the template has rows for: the owned tables grow at recompute."""

    def many(doc):
        t = doc["tables"]
        for i in range(3, 17):
            t["Sasaran"].append({"Kode": f"2.{i}", "Kode Tujuan": "2", "Uraian": f"Sasaran tambahan {i}"})
            t["Indikator"].append({"Kode": f"2.{i}.1", "Kode Sasaran": f"2.{i}", "Indikator": f"Indikator {i}",
                                   "Satuan": "%", "Polaritas": "Positif"})
            t["Kinerja"].append({"Kode Indikator": f"2.{i}.1", "Target PK": 90, "Realisasi": 80 + i})

    p = make_book(many)
    assert_strict(p)
    recompute(p)
    assert_strict(p)


def test_rollup_of_the_three_examples(tmp_path):
    from lkjip_xl.consolidate import consolidate

    masuk = tmp_path / "masuk"
    masuk.mkdir()
    for name in EXAMPLES:
        doc = load_data(example_data(name))
        doc["tables"]["Profil"]["Tahun Laporan"] = 2024  # one roll-up year for all three
        doc["tables"]["Profil"]["Kabupaten/Kota"] = "Kabupaten Tegal"  # and one kabupaten
        doc["tables"]["Indikator"][0]["Indikator"] = "Rasio A & B\x0b<sasaran>"  # escaped; a control character
        build_from_data(doc, masuk / f"{name}.xlsx")
    rekap = consolidate([masuk], tmp_path / "rekap.xlsx", tahun=2024)
    assert len(rekap.kecamatan) == len(EXAMPLES)
    assert_strict(tmp_path / "rekap.xlsx")


def test_built_addin(tmp_path):
    from lkjip_xl.excel.addin import build_addin

    assert_strict(build_addin(tmp_path / "lkjip.xlam"))


# --- each rule fires on a package broken on purpose ----------------------------------------------------------------


def m(tag):
    return f"{{{M}}}{tag}"


def broken(change):
    """The committed template with ``change(parts)`` applied to its parts (part name -> lxml root or bytes)."""
    with zipfile.ZipFile(TEMPLATE) as z:
        parts = {n: z.read(n) for n in z.namelist()}

    class Parts(dict):
        def __missing__(self, name):  # parsed on first use, serialised back below
            self[name] = etree.fromstring(parts[name])
            return self[name]

    view = Parts()
    change(view)
    for name, value in view.items():
        parts[name] = value if isinstance(value, bytes) else etree.tostring(value, xml_declaration=True,
                                                                           encoding="UTF-8", standalone=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf


def first(root, tag, **attrs):
    return next(e for e in root.iter(m(tag)) if all(e.get(k) == v for k, v in attrs.items()))


def add_merges(sheet, *refs):
    box = etree.Element(m("mergeCells"), count=str(len(refs)))
    for ref in refs:
        etree.SubElement(box, m("mergeCell"), ref=ref)
    sheet.find(m("sheetData")).addnext(box)


def add_defined_name(wb, name, text, **attrs):
    box = wb.find(m("definedNames"))
    etree.SubElement(box, m("definedName"), name=name, **attrs).text = text


def add_calc_chain(parts, ref):
    """A calcChain part naming ``ref`` of sheet id 1 (Petunjuk), with its relationship and content type."""
    parts["xl/calcChain.xml"] = f'<calcChain xmlns="{M}"><c r="{ref}" i="1"/></calcChain>'.encode()
    rels = parts["xl/_rels/workbook.xml.rels"]
    etree.SubElement(rels, rels[0].tag, Id="rIdCalc", Target="calcChain.xml",
                     Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain")
    ct = parts["[Content_Types].xml"]
    etree.SubElement(ct, f"{{{ct.nsmap[None]}}}Override", PartName="/xl/calcChain.xml",
                     ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml")


def value(cell, v, **attrs):
    """Make ``cell`` hold only ``<v>v</v>``, with the attributes ``attrs``."""
    for k in [k for k in cell.attrib if k != "r"]:
        del cell.attrib[k]
    cell.attrib.update(attrs)
    cell[:] = []
    etree.SubElement(cell, m("v")).text = v


def formula(cell, text=None, **attrs):
    """Make ``cell`` a formula cell: ``<f ...>text</f><v>0</v>``."""
    value(cell, "0")
    cell.insert(0, etree.Element(m("f"), **attrs))
    cell[0].text = text


SHEET1, PROFIL, TABLE1 = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/tables/table1.xml"
RENSTRA_TABLE5, WB = "xl/tables/table5.xml", "xl/workbook.xml"

BREAKS = {  # rule -> one way to break the template that Excel repairs
    "table_headers": lambda p: first(p[TABLE1], "tableColumn").set("name", "Bukan Judulnya"),
    "table_headers/duplicate": lambda p: list(p[TABLE1].iter(m("tableColumn")))[1].set(
        "name", first(p[TABLE1], "tableColumn").get("name").upper()),
    "table_headers/number": lambda p: (first(p[TABLE1], "tableColumn").set("name", "2024"),
                                       value(first(p[PROFIL], "c", r="A4"), "2024")),
    "table_columns": lambda p: first(p[TABLE1], "tableColumns").set("count", "3"),
    "table_autofilter": lambda p: p[TABLE1].insert(0, etree.Element(m("autoFilter"), ref="A4:C29")),
    "table_overlaps": lambda p: p[RENSTRA_TABLE5].set("ref", "H4:J12"),  # over Indikator (H4:W19)
    "table_merges": lambda p: add_merges(p[PROFIL], "A6:B6"),
    "merge_overlaps": lambda p: add_merges(p[SHEET1], "D1:E2", "E2:F3"),
    "cell_order": lambda p: list(p[SHEET1].iter(m("row")))[1].set("r", "1"),
    "cell_order/row": lambda p: first(p[SHEET1], "c").set("r", "A2"),
    "cell_values": lambda p: value(first(p[SHEET1], "c"), "nan"),
    "cell_values/boolean": lambda p: value(first(p[SHEET1], "c"), "2", t="b"),
    "style_indexes": lambda p: first(p[SHEET1], "c").set("s", "999"),
    "string_indexes": lambda p: value(first(p[SHEET1], "c"), "99999", t="s"),
    "shared_formulas": lambda p: formula(first(p[SHEET1], "c"), t="shared", si="3"),
    "shared_formulas/outside": lambda p: (formula(first(p[SHEET1], "c", r="A1"), "1+1", t="shared", ref="A1", si="0"),
                                          formula(first(p[SHEET1], "c", r="A2"), t="shared", si="0")),
    "calc_chain": lambda p: add_calc_chain(p, "A1"),
    "table_names": lambda p: p["xl/tables/table2.xml"].set("displayName", "PROFIL"),
    "table_names/id": lambda p: p["xl/tables/table2.xml"].set("id", "1"),
    "table_names/defined": lambda p: add_defined_name(p[WB], "desa", "Petunjuk!$A$1"),
    "sheet_names": lambda p: first(p[WB], "sheet", name="Desa").set("name", "PROFIL"),
    "defined_names": lambda p: add_defined_name(p[WB], "Hilang", "'Lembar Hilang'!$A$1"),
    "defined_names/twice": lambda p: (add_defined_name(p[WB], "Dua", "Petunjuk!$A$1"),
                                      add_defined_name(p[WB], "dua", "Petunjuk!$A$2")),
    "defined_names/local": lambda p: add_defined_name(p[WB], "Lokal", "Petunjuk!$A$1", localSheetId="16"),
    "relationships": lambda p: next(r for r in p["xl/worksheets/_rels/sheet2.xml.rels"] if "table" in r.get(
        "Target")).set("Target", "../tables/table99.xml"),
    "content_types": lambda p: p["[Content_Types].xml"].remove(
        next(d for d in p["[Content_Types].xml"] if d.get("Extension") == "vml")),
    "dimensions": lambda p: first(p[SHEET1], "dimension").set("ref", "B167:A1"),
    "dxf_indexes": lambda p: first(p[TABLE1], "tableColumn").set("dataDxfId", "0"),  # the template has no dxf
}


def test_every_rule_has_a_broken_example():
    assert {k.partition("/")[0] for k in BREAKS} == {r.__name__ for r in RULES}


def test_the_unbroken_template_has_no_trigger():
    assert repair_triggers(broken(lambda p: None)) == []


@pytest.mark.parametrize("case", list(BREAKS))
def test_each_rule_fires(case):
    rule = case.partition("/")[0]
    found = repair_triggers(broken(BREAKS[case]))
    assert rule in {f.partition(":")[0] for f in found}, found


def test_a_calc_chain_naming_a_formula_cell_is_fine():
    def change(p):
        formula(first(p[SHEET1], "c", r="A1"), "1+1")
        add_calc_chain(p, "A1")

    assert repair_triggers(broken(change)) == []


def test_a_newline_in_a_column_name_matches_its_escaped_form():
    """Excel writes a newline in a column name as ``_x000a_``; XlsxWriter as ``&#10;``: both equal the cell."""
    def change(p, name):
        col = first(p[TABLE1], "tableColumn")
        sst = p["xl/sharedStrings.xml"]
        cell = first(p[PROFIL], "c", r="A4")
        sst.append(copy.deepcopy(sst[0]))
        list(sst[-1].iter(m("t")))[0].text = "Dua\nbaris"
        cell.find(m("v")).text = str(len(sst) - 1)
        col.set("name", name)

    assert repair_triggers(broken(lambda p: change(p, "Dua_x000a_baris"))) == []
    assert repair_triggers(broken(lambda p: change(p, "Dua\nbaris"))) == []
    assert repair_triggers(broken(lambda p: change(p, "Dua baris")))[0].startswith("table_headers:")


@pytest.mark.parametrize("part, attr, value", [(WB, "sheetId", "satu"), (TABLE1, "totalsRowShown", "tidak")])
def test_the_schemas_refuse_a_bad_value(part, attr, value):
    def change(p):
        el = p[part] if p[part].get(attr) is not None else next(e for e in p[part].iter() if e.get(attr))
        el.set(attr, value)

    got = package_violations(broken(change))
    assert list(got) == [part] and attr in " ".join(got[part])


@pytest.mark.writes_invalid_xlsx  # its own broken packages, checked here
def test_the_suite_checks_what_each_test_writes(tmp_path):
    """conftest's after-test check: new directories only, each once, skip globs honoured."""
    base = tmp_path / "base"
    (base / "test_a0").mkdir(parents=True)
    (base / "test_a0" / "rusak.xlsx").write_bytes(broken(BREAKS["style_indexes"]).getvalue())
    checked = set()
    found = new_package_problems(base, checked)
    assert len(found) == 1 and "test_a0/rusak.xlsx: repair style_indexes:" in found[0]
    assert new_package_problems(base, checked) == []  # seen already
    (base / "test_b0").mkdir()
    (base / "test_b0" / "rusak.xlsx").write_bytes(b"bukan zip")
    assert new_package_problems(base, set(), ("rusak.xlsx",)) == []
    assert "unreadable" in new_package_problems(base, {"test_a0"})[0]
