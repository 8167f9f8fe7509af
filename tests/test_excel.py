"""The Excel buttons on real xlwings Books built from the client's JSON payload (xlwings' remote engine).

Each test builds the Book exactly as xlwings Server or the add-in would (``xw.Book(json=payload)``), runs the
entry point, and inspects the actions Excel would execute, or applies them to the file and compares it with what
``lkjip recompute`` writes.
"""

import datetime as dt
import shutil
from collections import Counter

import openpyxl
import pytest
import xlsxwriter
import xlwings as xw
from conftest import ROOT

from lkjip_xl import excel
from lkjip_xl.api import recompute as cli_recompute
from lkjip_xl.excel import ERROR_COLOR, WARNING_COLOR
from lkjip_xl.filldata import EXAMPLES, build_from_data, example_data, load_data
from lkjip_xl.schema import TABLES
from lkjip_xl.xlsx import Package

NOW = dt.datetime(2025, 1, 31, 9, 0)


def fresh(name, tmp_path):
    """The example's workbook as staff leave it: filled, never recomputed."""
    p = tmp_path / f"{name}.xlsx"
    build_from_data(load_data(example_data(name)), p)
    return p


def book_of(path):
    payload = excel.payload_from_file(path)
    return xw.Book(json=payload), payload


def actions(book):
    return book.json()["actions"]


def all_cells(path):
    pkg = Package.open(path)
    return {(s.name, rc): c.value for s in pkg.sheets for rc, c in pkg.cells(s.name).items()}


def res_issues(path):
    """The issues a recompute of ``path`` leaves (what both paths colour by)."""
    from lkjip_xl.api import check, issues_after_write

    return issues_after_write(check(path)).issues


def fills(path, cells):
    """The solid fill colour of each cell (``Sheet!A1``) as another reader (openpyxl) sees it."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for key in cells:
        sheet, _, ref = key.rpartition("!")
        f = wb[sheet][ref].fill
        out[key] = "#" + f.fgColor.rgb[-6:].upper() if f.fill_type == "solid" else None
    return out


def hyperlinks(path, sheet):
    pkg = Package.open(path)
    root = pkg.tree(pkg.sheet(sheet).path)
    m = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    return sorted((h.get("ref"), h.get("location")) for h in root.iter(m + "hyperlink"))


def expected_blocks():
    """setValues a recompute may issue: one per run of adjacent computed columns, plus one per owned table."""
    n = 0
    for t in TABLES.values():
        if t.computed_only:
            n += 1
            continue
        flags = [c.computed for c in t.columns]
        n += sum(1 for k, f in enumerate(flags) if f and (k == 0 or not flags[k - 1]))
    return n


@pytest.mark.parametrize("name", EXAMPLES)
def test_excel_path_writes_exactly_what_the_cli_writes(name, tmp_path):
    src = fresh(name, tmp_path)
    cli = tmp_path / "cli.xlsx"
    shutil.copy(src, cli)
    cli_recompute(cli, now=NOW)

    book, payload = book_of(src)
    res = excel.recompute(book, now=NOW)
    via_excel = tmp_path / "excel.xlsx"
    applied = excel.apply_actions(src, actions(book), via_excel, payload=payload)
    assert applied.unknown == []

    a, b = all_cells(cli), all_cells(via_excel)
    meta = Package.open(cli).table("Meta")
    marks_cell = [k for k, v in a.items() if k[0] == meta.sheet and v == "Sel Ditandai"]
    (sheet, (r, c)), = marks_cell
    # both record the cells they coloured, and colour the same cells alike
    assert res.marked
    assert a[(sheet, (r, c + 1))] == b[(sheet, (r, c + 1))] == ";".join(res.marked)
    assert a == b
    issue_colour = {"error": ERROR_COLOR, "warning": WARNING_COLOR}
    worst = {}
    for i in res_issues(src):
        worst.setdefault(f"{i.sheet}!{i.cell}", issue_colour[i.severity])
        if i.severity == "error":
            worst[f"{i.sheet}!{i.cell}"] = ERROR_COLOR
    painted = {f"{s}!{ref}": colour.upper() for (s, ref), colour in applied.colors.items()}
    assert painted == {k: worst[k] for k in res.marked}
    assert fills(cli, res.marked) == painted
    assert hyperlinks(cli, "Validasi") == hyperlinks(via_excel, "Validasi")
    assert len(hyperlinks(cli, "Validasi")) == res.errors + res.warnings or res.errors + res.warnings > 0


@pytest.mark.parametrize("name", EXAMPLES)
def test_writes_are_blocks_not_cells(name, tmp_path):
    book, _ = book_of(fresh(name, tmp_path))
    res = excel.recompute(book, now=NOW)
    acts = actions(book)
    n_values = Counter(a["func"] for a in acts)["setValues"]
    cells = sum(len(a["values"]) * len(a["values"][0]) for a in acts if a["func"] == "setValues")
    assert n_values == res.blocks <= expected_blocks() == 9
    assert cells > 20 * n_values  # hundreds of cells, a handful of round trips
    # the only other actions: table resizes, one link and one colour per issue, one message box
    other = Counter(a["func"] for a in acts if a["func"] != "setValues")
    assert other["alert"] == 1
    assert other["setRangeColor"] == len(res.marked)
    assert set(other) <= {"alert", "setRangeColor", "addHyperlink", "resizeTable"}


def test_recompute_colours_the_cells_at_fault_and_says_so(tmp_path):
    book, payload = book_of(fresh("purwareja-klampok-2024", tmp_path))
    res = excel.recompute(book, now=NOW)
    assert res.errors == 6 and res.warnings == 1 and not res.ok  # the warning: Final with errors left
    names = [s["name"] for s in payload["sheets"]]
    colours = {(names[a["sheet_position"]], a["start_row"] + 1, a["start_column"] + 1): a["args"][0]
               for a in actions(book) if a["func"] == "setRangeColor"}
    assert colours == {
        ("Profil", 9, 2): excel.ERROR_COLOR, ("Profil", 10, 2): excel.ERROR_COLOR, ("Profil", 22, 2): excel.WARNING_COLOR,
        ("Kinerja", 6, 4): excel.ERROR_COLOR,
        ("Anggaran", 5, 9): excel.ERROR_COLOR, ("Anggaran", 9, 9): excel.ERROR_COLOR,
        ("Anggaran", 22, 9): excel.ERROR_COLOR,
    }
    (alert,) = [a for a in actions(book) if a["func"] == "alert"]
    assert alert["args"][:4] == [
        "Perhitungan selesai: 6 error dan 1 peringatan. Sel yang bermasalah diberi warna; daftar dan tautannya "
        "ada di lembar Validasi.", "LKjIP", "ok", "critical"]


def test_fixed_cells_lose_their_colour_on_the_next_press(tmp_path):
    src = fresh("purwareja-klampok-2024", tmp_path)
    book, payload = book_of(src)
    excel.recompute(book, now=NOW)
    once = tmp_path / "once.xlsx"
    excel.apply_actions(src, actions(book), once, payload=payload)
    # staff clear the typed program total at Anggaran!I5 (it disagreed with its kegiatan)
    p2 = excel.payload_from_file(once)
    anggaran = next(s for s in p2["sheets"] if s["name"] == "Anggaran")
    anggaran["values"][4][8] = None
    book2 = xw.Book(json=p2)
    res = excel.recompute(book2, now=NOW)
    names = [s["name"] for s in p2["sheets"]]
    colours = {(names[a["sheet_position"]], a["start_row"] + 1, a["start_column"] + 1): a["args"][0]
               for a in actions(book2) if a["func"] == "setRangeColor"}
    assert colours[("Anggaran", 5, 9)] == excel.CLEAR_COLOR
    assert colours[("Anggaran", 9, 9)] == excel.ERROR_COLOR
    assert "Anggaran!I5" not in res.marked and res.errors == 5


def test_periksa_writes_validasi_but_no_computed_cell(tmp_path):
    src = fresh("balapulang-2022", tmp_path)
    book, payload = book_of(src)
    res = excel.check(book)
    names = [s["name"] for s in payload["sheets"]]
    written = {names[a["sheet_position"]] for a in actions(book) if a["func"] == "setValues"}
    assert written == {"Validasi", "_lkjip"}
    # a never-recomputed workbook says so first, then the report's contradictions
    out = tmp_path / "checked.xlsx"
    excel.apply_actions(src, actions(book), out, payload=payload)
    cells = all_cells(out)
    codes = [v for (s, (r, c)), v in sorted(cells.items()) if s == "Validasi" and c == 2 and r > 4]
    assert codes == ["final-masih-error", "belum-dihitung", "target-pk-beda-renstra", "jumlah-induk-beda",
                     "riwayat-anggaran-beda"]
    assert res.errors == 1 and res.warnings == 4
    # the input fingerprint is not written: the file still knows its computed cells are stale
    assert all(a["values"] != [[]] for a in actions(book))
    from lkjip_xl.api import check as cli_check

    assert "belum-dihitung" in [i[0] for i in cli_check(out).result.flatten()]


def test_report_button_writes_the_word_file(tmp_path):
    book, _ = book_of(ROOT / "examples" / "bantarbolang-2023.xlsx")
    res = excel.report(book, out_dir=tmp_path, open_file=False)
    assert res.report == tmp_path / "LKjIP-Kecamatan-Bantarbolang-2023.docx"
    assert res.report.read_bytes()[:2] == b"PK"
    (alert,) = [a for a in actions(book) if a["func"] == "alert"]
    assert alert["args"][0].startswith(f"Laporan dibuat: {res.report}")
    assert "masih memiliki 4 error" in alert["args"][0]


def test_pressing_buat_laporan_again_never_replaces_the_edited_report(tmp_path):
    """The Camat's wording is in the Word file: a second press writes "… (2).docx" beside it and says so."""
    first = tmp_path / "LKjIP-Kecamatan-Bantarbolang-2023.docx"
    first.write_bytes(b"laporan yang sudah disunting")
    book, _ = book_of(ROOT / "examples" / "bantarbolang-2023.xlsx")
    res = excel.report(book, out_dir=tmp_path, open_file=False)
    assert res.report == tmp_path / "LKjIP-Kecamatan-Bantarbolang-2023 (2).docx"
    assert first.read_bytes() == b"laporan yang sudah disunting"
    assert "Laporan sebelumnya tidak ditimpa" in res.message
    book, _ = book_of(ROOT / "examples" / "bantarbolang-2023.xlsx")
    again = excel.report(book, out_dir=tmp_path, open_file=False)
    assert again.report == tmp_path / "LKjIP-Kecamatan-Bantarbolang-2023 (3).docx"
    assert again.report.read_bytes()[:2] == b"PK"


def test_a_workbook_that_is_not_the_standard_one_is_refused_politely(tmp_path):
    other = tmp_path / "lain.xlsx"
    wb = xlsxwriter.Workbook(str(other))
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, ["Nama", "Nilai"])
    ws.add_table("A1:B3", {"name": "Data", "columns": [{"header": "Nama"}, {"header": "Nilai"}]})
    wb.close()
    book, _ = book_of(other)
    res = excel.recompute(book)
    assert not res.ok and "bukan workbook LKjIP standar" in res.message
    acts = actions(book)
    assert [a["func"] for a in acts] == ["alert"]
    assert acts[0]["args"][3] == "critical"


def test_an_unexpected_failure_is_a_message_not_a_traceback(tmp_path):
    book, payload = book_of(ROOT / "examples" / "balapulang-2022.xlsx")
    book.sheets["Kinerja"].tables[0].api["range_address"] = "$A$1:$ZZZ$0"  # a table Excel could never send
    res = excel.recompute(book)
    assert not res.ok
    assert res.message.startswith("Terjadi kesalahan yang tidak terduga (")
    assert "Traceback" not in res.message
    (alert,) = [a for a in actions(book) if a["func"] == "alert"]
    assert alert["args"][0] == res.message


def test_payload_is_what_the_client_sends(tmp_path):
    p = ROOT / "examples" / "bantarbolang-2023.xlsx"
    payload = excel.payload_from_file(p)
    assert payload["version"] == xw.__version__
    kinerja = next(s for s in payload["sheets"] if s["name"] == "Kinerja")
    t = next(t for t in kinerja["tables"] if t["name"] == "Kinerja")
    assert t["header_row_range_address"].startswith("$A$4:")
    assert t["columns"][:2] == ["Kode Indikator", "Target PK"]
    profil = next(s for s in payload["sheets"] if s["name"] == "Profil")
    # dates travel as the clients send them: ISO with a trailing Z
    assert "2024-01-31T00:00:00.000Z" in [v for row in profil["values"] for v in row]
    book = xw.Book(json=payload)
    assert book.sheets["Kinerja"]["A5"].value == "1.1.1"


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_button_on_every_example(name, tmp_path):
    """Periksa and Buat Laporan agree with `lkjip check` on each example."""
    from lkjip_xl.api import check as cli_check

    path = ROOT / "examples" / f"{name}.xlsx"
    expected = cli_check(path).result
    book, _ = book_of(path)
    res = excel.check(book)
    assert (res.errors, res.warnings) == (len(expected.errors), len(expected.warnings))
    assert res.marked == [f"{s}!{c}" for _, s, c in expected.flatten()]
    book2, _ = book_of(path)
    rep = excel.report(book2, out_dir=tmp_path, open_file=False)
    assert rep.report is not None and rep.report.exists() and rep.report.suffix == ".docx"


def test_text_that_looks_like_a_formula_stays_text_in_both_writers(tmp_path):
    """An indicator named '=1+1' is copied into Kinerja's computed 'Indikator' column: as text, never a formula."""
    doc = load_data(example_data("purwareja-klampok-2024"))
    doc["tables"]["Indikator"][0]["Indikator"] = "=1+1"
    src = tmp_path / "f.xlsx"
    build_from_data(doc, src)
    book, payload = book_of(src)
    excel.recompute(book, now=NOW)
    values = [v for a in actions(book) if a["func"] == "setValues" for row in a["values"] for v in row]
    assert "'=1+1" in values and "=1+1" not in values  # Excel reads a leading apostrophe as "this is text"
    cli = tmp_path / "cli.xlsx"
    shutil.copy(src, cli)
    cli_recompute(cli, now=NOW)
    cells = Package.open(cli).cells("Kinerja")
    hits = [c for c in cells.values() if c.value == "=1+1"]
    assert hits and all(c.formula is None for c in hits)
