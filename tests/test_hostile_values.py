"""Numbers no workbook figure can be, typed in numeric input cells: NaN, ±infinity, magnitudes from 1e26 and a
target of 1e-24 (whose capaian would be ~1e26 %). Each is the issue `angka-di-luar-batas` at its cell on every
path (check, recompute, report, the kabupaten roll-up, the Excel buttons), never "kesalahan internal".

The workbooks are the committed examples with one cell's stored value replaced in the sheet XML, as another
program (or an attacker) could write it: XlsxWriter and Excel refuse to write NaN or infinity themselves.
"""

import io
import json
import re
import shutil
import zipfile
from decimal import Decimal

import pytest
from click.testing import CliRunner
from conftest import example

from lkjip_xl.api import check
from lkjip_xl.cli import cli
from lkjip_xl.consolidate import consolidate
from lkjip_xl.fmt import angka
from lkjip_xl.numbers import LIMIT, SMALLEST, NumberOutOfRange, is_plain_float, parse_number

CODE = "angka-di-luar-batas"
INTERNAL = "kesalahan internal"
HOSTILE = pytest.mark.writes_invalid_xlsx  # NaN and INF in a number cell are what Excel would repair

# (case, example, sheet, cell, the cell's new XML: a stored number, or text typed by staff)
CASES = [
    ("target-1e26", "bantarbolang-2023", "Kinerja", "C5", "<v>1e26</v>"),
    ("target-1e-24", "bantarbolang-2023", "Kinerja", "C5", "<v>1e-24</v>"),
    ("target-nan", "bantarbolang-2023", "Kinerja", "C5", "<v>NaN</v>"),
    ("target-inf", "bantarbolang-2023", "Kinerja", "C5", "<v>INF</v>"),
    ("realisasi-inf", "bantarbolang-2023", "Kinerja", "D5", "<v>INF</v>"),
    ("realisasi-minus-inf", "bantarbolang-2023", "Kinerja", "D5", "<v>-INF</v>"),
    ("realisasi-1e30-teks", "bantarbolang-2023", "Kinerja", "D5",
     '<is><t>1.000.000.000.000.000.000.000.000.000.000</t></is>'),
    ("tw-nan", "bantarbolang-2023", "Kinerja", "F5", "<v>NaN</v>"),
    ("pagu-1e26", "bantarbolang-2023", "Anggaran", "H5", "<v>1e26</v>"),
    ("pagu-nan", "bantarbolang-2023", "Anggaran", "H5", "<v>NaN</v>"),
    ("pagu-inf", "bantarbolang-2023", "Anggaran", "H5", "<v>INF</v>"),
    ("pagu-minus-inf", "bantarbolang-2023", "Anggaran", "H5", "<v>-INF</v>"),
    ("pagu-1e-24", "bantarbolang-2023", "Anggaran", "H5", "<v>1e-24</v>"),
    ("skm-1e26", "purwareja-klampok-2024", "SKM", "D5", "<v>1e26</v>"),
    ("skm-nan", "purwareja-klampok-2024", "SKM", "D5", "<v>NaN</v>"),
    ("skm-inf", "purwareja-klampok-2024", "SKM", "D5", "<v>INF</v>"),
    ("skm-minus-inf", "purwareja-klampok-2024", "SKM", "D5", "<v>-INF</v>"),
    ("skala-1e26", "bantarbolang-2023", "Skala", "A5", "<v>1e26</v>"),
    ("jumlah-pegawai-inf", "bantarbolang-2023", "Pegawai", "G5", "<v>INF</v>"),
]


def _sheet_part(z: zipfile.ZipFile, sheet: str) -> str:
    wb = z.read("xl/workbook.xml").decode()
    rid = re.search(rf'<sheet name="{re.escape(sheet)}"[^>]*r:id="(rId\d+)"', wb).group(1)
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    t = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + (t.group(1) or t.group(2)).lstrip("/").removeprefix("xl/")


def patched(src, out, edits):
    """``src`` with each (sheet, cell, inner XML) edit applied: the cell keeps its style, its content is replaced."""
    zin = zipfile.ZipFile(src)
    parts = {}
    for sheet, ref, inner in edits:
        parts.setdefault(_sheet_part(zin, sheet), []).append((ref, inner))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            for ref, inner in parts.get(info.filename, ()):
                t = ' t="inlineStr"' if inner.startswith("<is>") else ""
                s, n = re.subn(rf'<c r="{ref}"( s="\d+")?[^>]*?(/>|>.*?</c>)',
                               rf'<c r="{ref}"\g<1>{t}>{inner}</c>', data.decode(), count=1)
                assert n == 1, (info.filename, ref)
                data = s.encode()
            zout.writestr(info, data)
    out.write_bytes(buf.getvalue())
    return out


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    return {case: patched(example(name), d / f"{case}.xlsx", [(sheet, cell, inner)])
            for case, name, sheet, cell, inner in CASES}


def _ids(c):
    return c[0]


def _run(*args):
    r = CliRunner().invoke(cli, [str(a) for a in args])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert INTERNAL not in r.output, r.output
    return r


def _issues(path):
    r = _run("check", path, "--format", "json")
    assert r.exit_code == 1, r.output
    return [[i["code"], i["sheet"], i["cell"]] for i in json.loads(r.stdout)]


@HOSTILE
@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_check_reports_the_cell(books, case):
    name, _, sheet, cell, _ = case
    found = _issues(books[name])
    assert [CODE, sheet, cell] in found
    assert [c for c in found if c[0] == CODE] == [[CODE, sheet, cell]]


@HOSTILE
@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_recompute_writes_and_keeps_the_issue(books, case, tmp_path):
    name, _, sheet, cell, _ = case
    out = tmp_path / "hitung.xlsx"
    r = _run("recompute", books[name], "-o", out, "--format", "json")
    assert r.exit_code == 1, r.output
    assert [CODE, sheet, cell] in [[i["code"], i["sheet"], i["cell"]] for i in json.loads(r.stdout)]
    assert [CODE, sheet, cell] in _issues(out)


@HOSTILE
@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_report_is_written(books, case, tmp_path):
    name = case[0]
    r = _run("report", books[name], "-o", tmp_path / "lap", "--format", "docx,html")
    assert r.exit_code == 1, r.output  # written, with errors left
    assert sorted(p.suffix for p in (tmp_path / "lap").iterdir()) == [".docx", ".html"]


@HOSTILE
@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_rollup_counts_the_issue(books, case, tmp_path):
    name, _, sheet, cell, _ = case
    rekap = consolidate([books[name]], tmp_path / "rekap.xlsx", jobs=1)
    assert [m.kode for m in rekap.masalah] == ["angka-tidak-direkap"]  # included, the value listed as left out
    (k,) = rekap.kecamatan
    assert ("error", CODE, sheet, cell) in k.issues
    assert k.errors >= 1


@HOSTILE
def test_rollup_cli_with_exports_and_report(books, tmp_path):
    """Every hostile 2023 workbook in one roll-up (a kecamatan sent many times: the newest is used, the rest
    are duplicates), with the exports and the Bupati's report."""
    files = [books[c[0]] for c in CASES if c[1] == "bantarbolang-2023"]
    r = _run("consolidate", *files, "-o", tmp_path / "rekap.xlsx", "--jobs", "2", "--parquet", tmp_path / "pq",
             "--laporan", tmp_path / "lap")
    assert r.exit_code == 0, r.output
    assert "tidak-terduga" not in r.output
    assert (tmp_path / "rekap.xlsx").exists()


# --- figures at the edge of the bounds: accepted, and their quotients go through every path -------------------

def test_extreme_but_allowed_figures_flow_through(tmp_path):
    """The smallest target and the largest realisasi allowed: a capaian of ~1e23 %, shown, rated and rolled up."""
    wb = patched(example("bantarbolang-2023"), tmp_path / "tepi.xlsx",
                 [("Kinerja", "C5", "<v>0.000001</v>"), ("Kinerja", "D5", "<v>999999999999999</v>"),
                  ("Kinerja", "E5", "<v>0.000001</v>"), ("Anggaran", "H5", "<v>999999999999999</v>")])
    o = check(wb)
    assert CODE not in [i.code for i in o.result.issues]
    ind = next(i for i in o.computed.indicators if i.code == "1.1.1")
    assert ind.capaian.value == parse_number("999999999999999") / parse_number("0,000001") * 100
    assert ["capaian-tidak-wajar", "Kinerja", "D5"] in o.result.flatten()
    out = tmp_path / "hitung.xlsx"
    assert _run("recompute", wb, "-o", out).exit_code == 1
    assert _run("report", out, "-o", tmp_path / "lap", "--format", "docx,html").exit_code == 1
    rekap = consolidate([out], tmp_path / "rekap.xlsx", jobs=1)
    assert [m.kode for m in rekap.masalah] == [] and len(rekap.kecamatan) == 1


# --- the Excel buttons: the same workbooks through xlwings' remote engine -------------------------------------

@HOSTILE
@pytest.mark.parametrize("case", [c for c in CASES if c[0] in
                                  ("target-1e26", "target-1e-24", "target-nan", "realisasi-minus-inf", "pagu-inf",
                                   "skm-nan")], ids=_ids)
def test_excel_buttons_report_the_cell(books, case):
    import xlwings as xw

    from lkjip_xl import excel
    from lkjip_xl.api import evaluate
    from lkjip_xl.excel.source import BookSource

    name, _, sheet, cell, _ = case
    o = evaluate(BookSource(xw.Book(json=excel.payload_from_file(books[name]))))
    assert [CODE, sheet, cell] in o.result.flatten()
    for button in (excel.check, excel.recompute):
        res = button(xw.Book(json=excel.payload_from_file(books[name])))
        assert res.errors >= 1 and "tidak terduga" not in res.message, res.message
        assert f"{sheet}!{cell}" in res.marked


# --- the bound itself -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), 1e26, -1e26, 1e-24, -1e-24, 1e15,
                                   "1.000.000.000.000.000", "0,0000001", 10**20])
def test_numbers_outside_the_bounds_are_refused(value):
    with pytest.raises(NumberOutOfRange) as e:
        parse_number(value)
    assert e.value.code == CODE and e.value.shown


@pytest.mark.parametrize("value", [0.0, 0, -0.0, 1e-6, -1e-6, 999999999999999, -999999999999999.0, "0,000001",
                                   "999.999.999.999.999"])
def test_numbers_inside_the_bounds_are_taken(value):
    d = parse_number(value)
    assert d == 0 or SMALLEST <= abs(d) < LIMIT


@pytest.mark.parametrize("f", [0.0, 1e-4, 82.94, 2460636770.0, 9.99e12, -5.0])
def test_the_readers_fast_path_takes_only_what_parses_as_itself(f):
    assert is_plain_float(f)
    assert parse_number(f, percent=True) == parse_number(f) * 100


@pytest.mark.parametrize("f", [float("nan"), float("inf"), 1e13, 1e-5, 1e-24])
def test_anything_else_goes_through_the_parser(f):
    assert not is_plain_float(f)


def test_a_copy_of_the_example_is_untouched(tmp_path):
    """The cases patch copies: the committed example still checks without the code."""
    p = shutil.copy(example("bantarbolang-2023"), tmp_path / "b.xlsx")
    assert CODE not in [i.code for i in check(p).result.issues]


@pytest.mark.parametrize("value, digits, shown", [
    (Decimal("1e26") / 3, 2, "33.333.333.333.333.333.333.333.333,33"),
    (Decimal("999999999999999") / Decimal("0.000001") * 100, 2, "99.999.999.999.999.900.000.000,00"),
    (Decimal("12345678901234567890123456789.005"), 2, "12.345.678.901.234.567.890.123.456.789,01"),
])
def test_formatting_takes_any_finite_quotient(value, digits, shown):
    assert angka(value, digits) == shown


def test_each_rule_takes_only_what_it_reads():
    """No rule is handed the whole computation or the plan; they get the parts they read."""
    import inspect

    from lkjip_xl import validate

    rules = [f for n, f in vars(validate).items() if n.startswith("check_") and inspect.isfunction(f)]
    assert len(rules) == len(validate.CHECKS) == 7
    for f in rules:
        kinds = {str(p.annotation) for p in inspect.signature(f).parameters.values()}
        assert not kinds & {"Computed", "Plan", "Inputs"}, f.__name__
