"""Recompute writes computed values, is idempotent, atomic, and loses nothing the user added."""

import os
import signal
import stat
import subprocess
import sys
import time
import zipfile

import openpyxl
import pytest

from lkjip_xl.api import check, recompute
from lkjip_xl.xlsx import Package

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _table_rows(path, table):
    """Rows of a table as dicts, read back with openpyxl (an independent reader)."""
    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb.worksheets:
        if table in ws.tables:
            rng = ws[ws.tables[table].ref]
            head = [c.value for c in rng[0]]
            return [dict(zip(head, [c.value for c in row])) for row in rng[1:]]
    raise KeyError(table)


def test_recompute_writes_capaian_as_fractions(demo_book):
    o = recompute(demo_book)
    assert o.written > 0
    rows = [r for r in _table_rows(demo_book, "Kinerja") if r["Kode Indikator"]]
    by = {r["Kode Indikator"]: r for r in rows}
    # SKM 86,30 / 85,50 = 100,935672...%  (Purwareja Klampok, Bab II C)
    assert by["2.1.1"]["Capaian"] == pytest.approx(86.30 / 85.50, rel=1e-12)
    # SAKIP BB (72,10) against B (71,20): 101,264...%
    assert by["1.1.1"]["Capaian"] == pytest.approx(72.10 / 71.20, rel=1e-12)
    assert by["1.1.1"]["Predikat"] == "Sangat Tinggi"
    assert by["1.1.1"]["Target"] == pytest.approx(71.20)
    assert by["1.1.1"]["Realisasi Tahun Lalu"] == pytest.approx(71.20)
    assert by["1.1.1"]["Capaian Tahun Lalu"] == pytest.approx(71.20 / 60.59, rel=1e-12)
    assert by["2.1.1"]["Capaian thd Target Akhir"] == pytest.approx(86.30 / 85.58, rel=1e-12)
    assert by["2.1.1"]["Sasaran"].startswith("Meningkatnya efektifitas")


def test_recompute_budget_rollup_and_serapan(demo_book):
    recompute(demo_book)
    rows = {r["Kode"]: r for r in _table_rows(demo_book, "Anggaran") if r["Kode"]}
    # kegiatan 1.02: 1.589.071.682 + 22.164.000 + 655.500 (the report typed 1.611.182)
    assert rows["1.02"]["Jumlah Realisasi"] == 1_611_891_182
    assert rows["1.02"]["Jumlah Pagu"] == 1_678_571_471
    assert rows["4.01.01"]["Serapan"] == pytest.approx(17_831_600 / 19_316_100, rel=1e-12)
    assert rows["4.01.01"]["Sisa"] == 19_316_100 - 17_831_600
    subs = [r for r in rows.values() if r["Level"] == "Sub Kegiatan" and r["Kode"].startswith("1.")]
    assert rows["1"]["Jumlah Pagu"] == sum(r["Pagu"] for r in subs)
    assert rows["1"]["Jumlah Realisasi"] == sum(r["Realisasi"] for r in subs)


def test_recompute_fills_owned_sheets(demo_book):
    o = recompute(demo_book)
    val = _table_rows(demo_book, "Validasi")
    assert [(r["Kode"], r["Lembar"], r["Sel"]) for r in val] == [(i.code, i.sheet, i.cell) for i in o.result.issues]
    assert len(val) == len(o.result.issues) > 0
    ring = _table_rows(demo_book, "RingkasanSasaran")
    assert [r["Kode Sasaran"] for r in ring] == ["1.1", "2.1"]
    eff = _table_rows(demo_book, "Efisiensi")
    assert eff[-1]["Sasaran"] == "Keseluruhan"
    # hyperlinks of the Sel column point at the cells
    ws = openpyxl.load_workbook(demo_book)["Validasi"]
    links = [c.hyperlink.location for row in ws.iter_rows(min_row=5, min_col=4, max_col=4) for c in row if c.hyperlink]
    assert links == [f"'{i.sheet}'!{i.cell}" for i in o.result.issues]


def test_recompute_never_changes_input_cells(demo_book):
    before = Package.open(demo_book)
    o = recompute(demo_book)
    after = Package.open(demo_book)
    computed_cols = {}
    for tname, g in o.workbook.geoms.items():
        from lkjip_xl.schema import TABLES, norm

        t = TABLES[tname]
        comp = {g.columns[norm(c.name)] for c in t.columns if c.computed and norm(c.name) in g.columns}
        computed_cols.setdefault(g.sheet, set()).update(
            (r, j) for r in range(g.first_row, g.last_row + 40) for j in (comp if not t.computed_only else g.columns.values())
        )
    for sh in before.sheets:
        b, a = before.cells(sh.name), after.cells(sh.name)
        owned = computed_cols.get(sh.name, set())
        for key, cell in b.items():
            if key in owned:
                continue
            assert key in a and a[key].value == cell.value, (sh.name, key)


def test_recompute_is_idempotent(demo_book, tmp_path):
    recompute(demo_book)
    first = demo_book.read_bytes()
    o2 = recompute(demo_book)
    assert o2.written == 0
    assert demo_book.read_bytes() == first
    # and checking the result reports nothing stale
    codes = {i.code for i in check(demo_book).result.issues}
    assert not codes & {"belum-dihitung", "nilai-terhitung-usang", "nilai-terhitung-diubah"}


def test_recompute_to_other_file_leaves_source(demo_book, tmp_path):
    src = demo_book.read_bytes()
    out = tmp_path / "out.xlsx"
    recompute(demo_book, out)
    assert demo_book.read_bytes() == src
    assert out.exists() and zipfile.is_zipfile(out)


def test_new_output_gets_ordinary_permissions(demo_book, tmp_path):
    """A new file gets what the umask gives (a colleague can open it); an overwritten one keeps its mode."""
    old = os.umask(0o022)
    try:
        out = tmp_path / "baru.xlsx"
        recompute(demo_book, out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        os.chmod(demo_book, 0o664)
        recompute(demo_book)
        assert stat.S_IMODE(demo_book.stat().st_mode) == 0o664
    finally:
        os.umask(old)


def test_atomic_write_survives_kill(demo_book, tmp_path):
    """Kill `lkjip recompute` at many moments: the file is always either the original or the full result."""
    original = demo_book.read_bytes()
    done = tmp_path / "done.xlsx"
    recompute(demo_book, done)
    result_cells = Package.open(done).cells("Kinerja")
    outcomes = set()
    # from "still importing" through "writing" to "done": 10 ms steps across the whole run
    for delay in [0.02] + [0.08 + 0.01 * k for k in range(25)] + [1.5]:
        demo_book.write_bytes(original)
        p = subprocess.Popen([sys.executable, "-m", "lkjip_xl", "recompute", str(demo_book)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        now = demo_book.read_bytes()
        if now == original:
            outcomes.add("original")
        else:
            assert Package.open(demo_book).cells("Kinerja") == result_cells
            outcomes.add("result")
    assert outcomes == {"original", "result"}
    leftovers = [p for p in demo_book.parent.iterdir() if p.name.startswith(".~lkjip-")]
    assert all(p.suffix == ".tmp" for p in leftovers)


def test_typed_over_computed_cell_is_reported(demo_book):
    recompute(demo_book)
    # a user types over the SKM capaian (grey) cell with openpyxl-free zip patching via our package layer
    pkg = Package.open(demo_book)
    from lkjip_xl.xlsx import CellWrite

    o = check(demo_book)
    g = o.workbook.geoms["Kinerja"]
    row = next(i.rec.row for i in o.computed.indicators if i.code == "2.1.1")
    col = g.columns["capaian"]
    pkg.write_cells("Kinerja", {(row, col): CellWrite(1.5)})
    pkg.save(demo_book)
    res = check(demo_book).result
    assert ["nilai-terhitung-diubah", "Kinerja", g.cell(row, "Capaian")] in res.flatten()
    recompute(demo_book)
    assert "nilai-terhitung-diubah" not in {i.code for i in check(demo_book).result.issues}


def test_stale_after_input_change(demo_book):
    recompute(demo_book)
    o = check(demo_book)
    row = next(i.rec.row for i in o.computed.indicators if i.code == "2.1.1")
    g = o.workbook.geoms["Kinerja"]
    from lkjip_xl.xlsx import CellWrite

    pkg = Package.open(demo_book)
    pkg.write_cells("Kinerja", {(row, g.columns["realisasi"]): CellWrite(80)})
    pkg.save(demo_book)
    assert "nilai-terhitung-usang" in [i.code for i in check(demo_book).result.issues]


def test_failed_write_leaves_original_and_no_temp(demo_book, tmp_path):
    from lkjip_xl.errors import WriteFailed

    target = tmp_path / "a-folder.xlsx"
    target.mkdir()  # os.replace cannot put a file over a directory: a real failure at the last step
    original = demo_book.read_bytes()
    with pytest.raises(WriteFailed) as exc:
        recompute(demo_book, target)
    assert "Tidak dapat menyimpan" in exc.value.message
    assert demo_book.read_bytes() == original
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~lkjip-")]


def test_rows_added_to_owned_tables_look_like_the_first(make_book):
    """Fourteen sasaran outgrow Ringkasan's and Efisiensi's styled rows: new cells copy the first row's style."""

    def many(doc):
        t = doc["tables"]
        for i in range(3, 17):
            t["Sasaran"].append({"Kode": f"2.{i}", "Kode Tujuan": "2", "Uraian": f"Sasaran tambahan {i}"})
            t["Indikator"].append({"Kode": f"2.{i}.1", "Kode Sasaran": f"2.{i}", "Indikator": f"Indikator {i}",
                                   "Satuan": "%", "Polaritas": "Positif"})
            t["Kinerja"].append({"Kode Indikator": f"2.{i}.1", "Target PK": 90, "Realisasi": 80 + i})

    p = make_book(many)
    recompute(p)
    xl = openpyxl.load_workbook(p)
    o = check(p)
    for table, column in (("RingkasanSasaran", "Capaian"), ("Efisiensi", "Capaian Kinerja")):
        g = o.workbook.geoms[table]
        assert g.last_row - g.first_row + 1 >= 15
        first, last = xl[g.sheet][g.cell(g.first_row, column)], xl[g.sheet][g.cell(g.last_row, column)]
        assert last.number_format == first.number_format == "0.00%"
        assert last.style_id == first.style_id and isinstance(last.value, float)


def test_recompute_colours_the_cells_at_fault_and_clears_them_when_fixed(make_book):
    """The command line marks faults as the Hitung Ulang button does: pink for an error, yellow for a warning,
    recorded in Meta; once fixed, the next recompute gives the cell back its own white style."""

    def bad(doc):
        doc["tables"]["Kinerja"][0]["Realisasi"] = "sekitar delapan puluh"

    p = make_book(bad)
    ws = openpyxl.load_workbook(p)["Kinerja"]
    cell = next(c for c in ws[5] if c.value == "sekitar delapan puluh")
    ref = cell.coordinate
    look = (cell.fill.fgColor.rgb, cell.number_format, cell.font.b, cell.border.left.style, cell.protection.locked,
            cell.alignment.horizontal)
    assert look[0] == "FFFFFFFF"

    o = recompute(p)
    assert f"Kinerja!{ref}" in [f"{i.sheet}!{i.cell}" for i in o.result.errors]
    marked = check(p).workbook.meta["sel ditandai"].split(";")
    assert f"Kinerja!{ref}" in marked
    wb = openpyxl.load_workbook(p)
    assert wb["Kinerja"][ref].fill.fgColor.rgb == "FFFFC7CE"
    warned = [k for k in marked if k not in {f"{i.sheet}!{i.cell}" for i in o.result.errors}]
    for k in warned:
        sheet, _, r = k.partition("!")
        assert wb[sheet][r].fill.fgColor.rgb == "FFFFEB9C", k
    assert recompute(p).written == 0  # coloured once: a second run changes nothing

    # fixed by hand (openpyxl keeps the style it finds), then recomputed: white again, its own style index
    wb["Kinerja"][ref].value = 80
    wb.save(p)
    recompute(p)
    assert f"Kinerja!{ref}" not in (check(p).workbook.meta.get("sel ditandai") or "")
    c = openpyxl.load_workbook(p)["Kinerja"][ref]
    assert (c.fill.fgColor.rgb, c.number_format, c.font.b, c.border.left.style, c.protection.locked,
            c.alignment.horizontal) == look
