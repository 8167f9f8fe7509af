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
