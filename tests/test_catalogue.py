"""One catalogue for every code a user can see: issue codes, fatal error codes and the roll-up's Masalah codes.

Every code raised anywhere in the package is in the catalogue with a message its raise site can fill; a property
of the code, not a list per module, says whether a recompute fixes it.
"""

import ast
import dataclasses
import gc
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjip_xl import errors
from lkjip_xl.api import check, issues_after_write, recompute
from lkjip_xl.cli import cli
from lkjip_xl.collector import YOUNG_THRESHOLD, collector_for_rollup
from lkjip_xl.consolidate.extract import Masalah
from lkjip_xl.errors import LkjipError
from lkjip_xl.issues import ERROR_TYPES, ISSUE_TYPES, error_message, issue
from lkjip_xl.marks import marked_cells
from lkjip_xl.summary import summary_text

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lkjip_xl"
ERROR_CLASSES = {n: c for n, c in vars(errors).items() if isinstance(c, type) and issubclass(c, LkjipError)}
FIXED_BY_RECOMPUTE = {"belum-dihitung", "nilai-terhitung-usang", "nilai-terhitung-diubah"}


# --- every code raised is in the catalogue -------------------------------------------------------------------


def _sites():
    """(file:line, kind, code, key, keywords or None when a ``**`` hides them) of every place that names a code."""
    for f in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        aliases = {a.asname or a.name: a.name for node in ast.walk(tree)
                   if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "errors"
                   for a in node.names}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            where = f"{f.relative_to(ROOT)}:{node.lineno}"
            kw = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
            args = node.args
            if name == "issue" and args:
                yield where, "issue", args[0], None, kw
            elif name == "error_message" and args:
                yield where, "error", args[0], args[1] if len(args) > 1 else None, kw
            elif name == "of" and isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "Masalah":
                yield where, "error", args[1], args[2] if len(args) > 2 else None, kw
            elif aliases.get(name, name) in ERROR_CLASSES and name != "TableCannotGrow":
                code = ast.Constant(ERROR_CLASSES[aliases.get(name, name)].code)
                yield where, "error", code, args[0] if args else None, kw


def _constants(node):
    """The strings an argument can be: a literal, either branch of ``a if c else b``; None when computed."""
    if node is None:
        return [""]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _constants(node.body), _constants(node.orelse)
        return None if a is None or b is None else a + b
    return None


def test_every_code_named_in_the_package_is_in_the_catalogue_with_the_params_it_needs():
    problems, checked = [], {"issue": 0, "error": 0}
    for where, kind, code_node, key_node, kw in _sites():
        codes = _constants(code_node)
        if codes is None:
            continue  # a code passed on (``issue(code, …)`` in a helper): its callers are checked
        for code in codes:
            if kind == "issue":
                if code not in ISSUE_TYPES:
                    problems.append(f"{where}: issue code {code!r} not in the catalogue")
                    continue
                checked["issue"] += 1
                continue
            keys = _constants(key_node)
            if code not in ERROR_TYPES:
                problems.append(f"{where}: error code {code!r} not in the catalogue")
                continue
            if keys is None:
                problems.append(f"{where}: the message key of {code!r} is computed; name it")
                continue
            for key in keys:
                if key not in ERROR_TYPES[code].messages:
                    problems.append(f"{where}: {code!r} has no message {key!r} (a free sentence?)")
                elif kw is not None and not ERROR_TYPES[code].params(key) <= kw:
                    problems.append(f"{where}: {code}/{key} needs {sorted(ERROR_TYPES[code].params(key) - kw)}")
                else:
                    checked["error"] += 1
    assert problems == []
    # the scan sees the raise sites (not vacuously true): readers, writers, reports, roll-up, add-in
    assert checked["error"] >= 40 and checked["issue"] >= 50, checked


def test_each_error_class_has_its_code_in_the_catalogue_and_back():
    raised = {c.code: n for n, c in ERROR_CLASSES.items() if c.code}
    for code, name in raised.items():
        assert ERROR_TYPES[code].exception == name, code
    for t in ERROR_TYPES.values():
        if t.exception is not None:
            assert ERROR_CLASSES[t.exception].code == t.code


def test_codes_are_kebab_case_and_unique_per_kind():
    for codes in (ISSUE_TYPES, ERROR_TYPES):
        for code in codes:
            assert code == code.lower() and " " not in code and "_" not in code
    for t in ERROR_TYPES.values():
        assert all(k == k.lower() and " " not in k for k in t.messages), t.code
    # one shared name, one concept: the issue a check reports and the refusal a recompute raises for it
    assert set(ISSUE_TYPES) & set(ERROR_TYPES) == {"tabel-tidak-bisa-tumbuh"}


# --- every message renders with its declared params ----------------------------------------------------------


@pytest.mark.parametrize("code", sorted(ISSUE_TYPES))
def test_issue_message_renders_with_its_params(code):
    t = ISSUE_TYPES[code]
    msg = issue(code, "Kinerja", "B5", **{p: f"<{p}>" for p in t.params}).message
    assert "{" not in msg and "}" not in msg
    assert all(f"<{p}>" in msg for p in t.params)


@pytest.mark.parametrize("code,key", [(c, k) for c, t in sorted(ERROR_TYPES.items()) for k in t.messages])
def test_error_message_renders_with_its_params_and_only_with_them(code, key):
    t = ERROR_TYPES[code]
    msg = error_message(code, key, **{p: f"<{p}>" for p in t.params(key)})
    assert "{" not in msg and "}" not in msg and msg.strip() == msg and msg
    assert all(f"<{p}>" in msg for p in t.params(key))
    for p in t.params(key):
        with pytest.raises(KeyError):
            error_message(code, key, **{q: "x" for q in t.params(key) if q != p})


def test_an_exception_carries_code_key_params_and_the_rendered_message(tmp_path):
    from lkjip_xl.xlsx import Package

    with pytest.raises(errors.NotAWorkbook) as e:
        Package.open(tmp_path)
    assert (e.value.code, e.value.key) == ("bukan-workbook", "folder")
    assert str(e.value) == e.value.message == f"'{tmp_path}' adalah folder, bukan berkas workbook."
    with pytest.raises(errors.NotAWorkbook) as e:
        Package.open(tmp_path / "tidak-ada.xlsx")
    assert e.value.message == f"Berkas tidak ditemukan: {tmp_path / 'tidak-ada.xlsx'}"
    with pytest.raises(KeyError):
        errors.NotAWorkbook("tidak ada kunci seperti ini")


def test_masalah_lines_come_from_the_catalogue():
    m = Masalah.of("a.xlsx", "duplikat", kecamatan="Kecamatan Balapulang", berkas_baru="b.xlsx")
    assert (m.kode, m.alasan) == ("duplikat", "Kecamatan Balapulang dikirim lebih dari sekali; dipakai berkas yang "
                                              "lebih baru (b.xlsx).")
    assert Masalah.of("x", "tidak-ditemukan").alasan == "Berkas atau folder tidak ditemukan."


def test_cli_internal_error_wording_is_unchanged(demo_book, monkeypatch):
    import lkjip_xl.api

    def broken(path):
        raise ZeroDivisionError

    monkeypatch.delenv("LKJIP_DEBUG", raising=False)
    monkeypatch.setattr(lkjip_xl.api, "check", broken)
    r = CliRunner().invoke(cli, ["check", str(demo_book)])
    assert r.exit_code == 2
    assert r.output == ("Error: Terjadi kesalahan internal lkjip (ZeroDivisionError). Berkas Anda tidak diubah. "
                        "Laporkan ke pengelola aplikasi; jalankan ulang dengan LKJIP_DEBUG=1 untuk rinciannya.\n")


# --- "recompute fixes it" is a property of the code -----------------------------------------------------------


def test_the_codes_a_recompute_fixes():
    assert {c for c, t in ISSUE_TYPES.items() if t.fixed_by_recompute} == FIXED_BY_RECOMPUTE
    assert all(t.marks_cell != t.fixed_by_recompute for t in ISSUE_TYPES.values())


def _type_over_a_computed_cell(path):
    from lkjip_xl.xlsx import CellWrite, Package

    o = check(path)
    g = o.workbook.geoms["Kinerja"]
    row = next(i.rec.row for i in o.computed.indicators if i.code == "2.1.1")
    pkg = Package.open(path)
    pkg.write_cells("Kinerja", {(row, g.columns["capaian"]): CellWrite(1.5)})
    pkg.save(path)
    return g.cell(row, "Capaian")


def test_a_stale_computed_cell_is_reported_not_marked_not_summarised_and_gone_after_recompute(demo_book):
    recompute(demo_book)
    cell = _type_over_a_computed_cell(demo_book)
    o = check(demo_book)
    assert ["nilai-terhitung-diubah", "Kinerja", cell] in o.result.flatten()
    assert f"Kinerja!{cell}" not in marked_cells(o.workbook, o.result)
    assert "nilai-terhitung-diubah" not in {i.code for i in issues_after_write(o).issues}
    assert "Sel hitungan ini diketik manual" not in summary_text(o)
    done = recompute(demo_book)
    assert "nilai-terhitung-diubah" not in {i.code for i in done.result.issues}
    assert "nilai-terhitung-diubah" not in {i.code for i in check(demo_book).result.issues}


def test_the_property_drives_what_recompute_keeps_and_what_is_marked(demo_book, monkeypatch):
    """Declaring an input code fixed by recompute (only in the catalogue) is enough for every path to treat it so."""
    o = check(demo_book)
    assert ["jumlah-induk-beda", "Anggaran", "I5"] in o.result.flatten()
    assert "Anggaran!I5" in marked_cells(o.workbook, o.result)
    t = ISSUE_TYPES["jumlah-induk-beda"]
    monkeypatch.setitem(ISSUE_TYPES, "jumlah-induk-beda", dataclasses.replace(t, fixed_by_recompute=True))
    assert "Anggaran!I5" not in marked_cells(o.workbook, o.result)
    assert "jumlah-induk-beda" not in {i.code for i in issues_after_write(o).issues}
    assert "jumlah-induk-beda" not in {i.code for i in recompute(demo_book).result.issues}
    assert "melebihi" not in summary_text(o) and "berbeda dengan jumlah rinciannya" not in summary_text(o)


# --- the roll-up's collector settings ----------------------------------------------------------------------


@pytest.mark.parametrize("workers", [False, True])
def test_rollup_collector_settings_hold_inside_and_are_undone_after(workers):
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with collector_for_rollup(workers=workers):
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
        assert (gc.get_freeze_count() > frozen) == workers
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0 if workers else frozen)
