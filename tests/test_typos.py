"""A Kinerja code mistyped (1.12 for 1.1.2) is flagged with a hint and takes part in no figure; a Renstra indicator
without a PK row is pointed out. Real workbooks built from the example data."""

import copy

import pytest

from lkjip_xl.api import check
from lkjip_xl.filldata import build_from_data, example_data, load_data
from lkjip_xl.plan import plan_inputs
from lkjip_xl.report import report_context


def _book(tmp_path, name, edit=None):
    doc = copy.deepcopy(load_data(example_data(name)))
    if edit:
        edit(doc)
    p = tmp_path / f"{name}-{'edit' if edit else 'asli'}.xlsx"
    build_from_data(doc, p)
    return check(p)


def _stray(code, like):
    """Append a copy of the Kinerja row of ``like`` under the mistyped ``code``."""
    def edit(doc):
        rows = doc["tables"]["Kinerja"]
        row = dict(next(r for r in rows if r["Kode Indikator"] == like))
        row["Kode Indikator"] = code
        rows.append(row)
    return edit


def _figures(o):
    c = o.computed
    return {
        "overall": c.overall,
        "predikat": c.overall_predikat,
        "note": c.overall_note,
        "indikator": [i.code for i in c.indicators],
        "tercapai": c.n_tercapai,
        "groups": [(g.code, g.uraian, g.capaian, g.predikat, [i.code for i in g.indicators]) for g in c.groups],
        "efisiensi": [(e.code, e.uraian, e.capaian, e.pagu, e.realisasi, e.serapan, e.efisiensi, e.kesimpulan)
                      for e in c.efisiensi],
    }


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("typo")
    return _book(tmp, "bantarbolang-2023"), _book(tmp, "bantarbolang-2023", _stray("1.12", "1.1.2"))


def test_typo_is_flagged_at_its_cell_with_a_hint(pair):
    plain, typo = pair
    found = [i for i in typo.result.issues if i.code == "indikator-pk-tidak-di-renstra"]
    assert [(i.severity, i.sheet, i.cell) for i in found] == [("error", "Kinerja", "A7")]
    assert found[0].message.endswith("Maksud Anda 1.1.2?")
    assert "'1.12'" in found[0].message
    # the stray row is the only difference in what is reported
    assert [x for x in typo.result.flatten() if x[0] != "indikator-pk-tidak-di-renstra"] == plain.result.flatten()


def test_typo_row_takes_part_in_no_figure(pair):
    plain, typo = pair
    assert [r.cell("Kode Indikator") for r in typo.computed.tanpa_renstra] == ["A7"]
    assert _figures(typo) == _figures(plain)
    assert all(g.code and g.uraian for g in typo.computed.groups)
    assert all(e.code for e in typo.computed.efisiensi[:-1])
    assert typo.result.stats["indikator"] == plain.result.stats["indikator"] == 2


def test_typo_row_gets_no_computed_values_only_a_note(pair):
    _, typo = pair
    fills = plan_inputs(typo.workbook, typo.computed).fills["Kinerja"]
    row = typo.computed.tanpa_renstra[0].row
    assert {k: v for k, v in fills[row].items() if v is not None} == {
        "keterangan": "kode indikator tidak ada di Renstra; tidak dihitung"}


def test_report_has_no_nameless_sasaran(pair):
    plain, typo = pair
    ctx, ctx0 = report_context(typo.workbook, typo.computed), report_context(plain.workbook, plain.computed)
    assert [s["kode"] for s in ctx["sasaran"]] == [s["kode"] for s in ctx0["sasaran"]] == ["1.1"]
    assert all(s["kode"] and s["uraian"] for s in ctx["sasaran"])


def test_no_hint_when_no_code_is_close(tmp_path):
    o = _book(tmp_path, "purwareja-klampok-2024", _stray("9.9.9", "2.1.1"))
    found = [i for i in o.result.issues if i.code == "indikator-pk-tidak-di-renstra"]
    assert [(i.sheet, i.cell) for i in found] == [("Kinerja", "A7")]
    assert "Maksud" not in found[0].message
    assert found[0].message.endswith("tidak ikut dihitung.")
    assert [g.code for g in o.computed.groups] == ["1.1", "2.1"]


def test_renstra_indicator_without_pk_row(tmp_path):
    def drop(doc):
        doc["tables"]["Kinerja"] = [r for r in doc["tables"]["Kinerja"] if r["Kode Indikator"] != "2.1.1"]

    full = _book(tmp_path, "purwareja-klampok-2024")
    assert not [i for i in full.result.issues if i.code == "indikator-renstra-tanpa-pk"]
    o = _book(tmp_path, "purwareja-klampok-2024", drop)
    found = [i for i in o.result.issues if i.code == "indikator-renstra-tanpa-pk"]
    assert [(i.severity, i.sheet, i.cell) for i in found] == [("warning", "Renstra", "H6")]
    assert "'2.1.1'" in found[0].message
    assert [g.code for g in o.computed.groups] == ["1.1"]


# --- sasaran links and budget codes -----------------------------------------------------------------------------

PK = "purwareja-klampok-2024"


def _set(table, key, col, value, keycol="Kode"):
    def edit(doc):
        next(r for r in doc["tables"][table] if r.get(keycol) == key)[col] = value
    return edit


def _issues(o, code):
    return [i for i in o.result.issues if i.code == code]


def _report_sasaran(o):
    ctx = report_context(o.workbook, o.computed)
    assert all(s["kode"] and s["uraian"] for s in ctx["sasaran"])
    return [s["kode"] for s in ctx["sasaran"]]


@pytest.fixture(scope="module")
def purwareja(tmp_path_factory):
    return _book(tmp_path_factory.mktemp("asli"), PK)


@pytest.mark.parametrize("typed, issue, hint", [
    ("2.11", "kode-tidak-dikenal", " Indikator ini tidak ikut dihitung. Maksud Anda 2.1?"),
    (None, "kode-kosong", None),
])
def test_indicator_naming_no_sasaran_takes_part_in_no_figure(tmp_path, typed, issue, hint):
    """An indicator whose Kode Sasaran names nothing (or is blank) made a sasaran without a name in Ringkasan,
    Efisiensi and the report: its PK row now counts like a row that is not there."""
    o = _book(tmp_path, PK, _set("Indikator", "2.1.1", "Kode Sasaran", typed))
    (found,) = _issues(o, issue)
    assert (found.severity, found.sheet, found.cell) == ("error", "Renstra", "I6")
    if hint:
        assert found.message.endswith(hint)
    (tmp_path / "tanpa").mkdir()
    without = _book(tmp_path / "tanpa", PK, lambda d: d["tables"].update(
        Kinerja=[r for r in d["tables"]["Kinerja"] if r["Kode Indikator"] != "2.1.1"]))
    assert _figures(o) == _figures(without)
    assert [g.code for g in o.computed.groups] == ["1.1"]
    assert [r.cell("Kode Indikator") for r in o.computed.tanpa_renstra] == ["A6"]
    fills = plan_inputs(o.workbook, o.computed).fills["Kinerja"]
    assert fills[6]["keterangan"] == "kode sasaran indikator ini tidak ada di Renstra; tidak dihitung"
    assert fills[6]["capaian"] is None and fills[6]["sasaran"] is None
    assert _report_sasaran(o) == ["1.1"]


def test_sasaran_naming_no_tujuan_is_flagged_and_changes_no_figure(tmp_path, purwareja):
    o = _book(tmp_path, PK, _set("Sasaran", "2.1", "Kode Tujuan", "3"))
    (found,) = _issues(o, "kode-tidak-dikenal")
    assert (found.severity, found.sheet, found.cell) == ("error", "Renstra", "E6")
    assert "'3'" in found.message and "Maksud" not in found.message  # no tujuan code is close to 3
    assert _figures(o) == _figures(purwareja)
    assert _report_sasaran(o) == _report_sasaran(purwareja) == ["1.1", "2.1"]


def test_program_naming_no_sasaran_supports_none(tmp_path, purwareja):
    o = _book(tmp_path, PK, _set("Anggaran", "3", "Kode Sasaran", "1.11"))
    (found,) = _issues(o, "kode-tidak-dikenal")
    assert (found.severity, found.sheet, found.cell) == ("error", "Anggaran", "E33")
    assert found.message.endswith("tidak ada di tabel Sasaran. Maksud Anda 1.1?")
    (tmp_path / "tanpa").mkdir()
    unlinked = _book(tmp_path / "tanpa", PK, _set("Anggaran", "3", "Kode Sasaran", None))
    assert _figures(o) == _figures(unlinked)
    assert [e.code for e in o.computed.efisiensi] == ["1.1", "2.1", ""]
    assert o.computed.efisiensi[0].pagu == 24_728_600  # program 4 only
    assert _report_sasaran(o) == ["1.1", "2.1"]


def test_program_naming_an_unknown_indicator_changes_no_figure(tmp_path, purwareja):
    o = _book(tmp_path, PK, _set("Anggaran", "2", "Kode Indikator", "2.1.1;2.11.1"))
    (found,) = _issues(o, "kode-tidak-dikenal")
    assert (found.severity, found.sheet, found.cell) == ("error", "Anggaran", "F29")
    assert "'2.11.1'" in found.message and found.message.endswith("Maksud Anda 2.1.1?")
    assert _figures(o) == _figures(purwareja)


def test_unknown_parent_keeps_its_money_in_the_total_and_names_the_parent_meant(tmp_path, purwareja):
    o = _book(tmp_path, PK, _set("Anggaran", "1.02.02", "Kode Induk", "1.2"))
    (found,) = _issues(o, "induk-tidak-ditemukan")
    assert (found.severity, found.sheet, found.cell) == ("error", "Anggaran", "B11")
    assert found.message.endswith("Maksud Anda 1.02?")
    c, c0 = o.computed, purwareja.computed
    assert (c.pagu, c.realisasi, c.pagu_murni) == (c0.pagu, c0.realisasi, c0.pagu_murni)
    assert (c.overall, [g.capaian for g in c.groups]) == (c0.overall, [g.capaian for g in c0.groups])
