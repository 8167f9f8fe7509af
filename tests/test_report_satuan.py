"""One indicator, one format: its satuan alone decides the percent sign in every sentence and table (issue 16).

A realisasi typed as the text "86,3%" is the number 86,3; it is neither printed as typed nor given a unit its
target lacks."""

import copy
import html
import re
from decimal import Decimal as D

import openpyxl
import pytest

from lkjip_xl.api import check
from lkjip_xl.filldata import build_from_data, example_data, load_data
from lkjip_xl.report import make_report, report_context
from lkjip_xl.report.context import nilai


def _book(tmp_path, satuan):
    doc = load_data(example_data("purwareja-klampok-2024"))
    for r in doc["tables"]["Kinerja"]:
        if r["Kode Indikator"] == "2.1.1":
            r["Realisasi"] = 85  # the IKM its SKM gives: no other 86,3 in the report
    ind = copy.deepcopy(next(r for r in doc["tables"]["Indikator"] if r["Kode"] == "2.1.1"))
    ind.update({"Kode": "2.1.2", "Indikator": "Persentase layanan selesai tepat waktu", "Satuan": satuan,
                "Target Akhir": 90})
    for k in ind:
        if k.startswith("Target 20"):
            ind[k] = 87.5
    doc["tables"]["Indikator"].append(ind)
    doc["tables"]["Kinerja"].append({"Kode Indikator": "2.1.2", "Target PK": 87.5, "Realisasi": "86,3%"})
    doc["tables"]["Riwayat"].append({"Kode Indikator": "2.1.2", "Tahun": 2023, "Target": 85, "Realisasi": "84%"})
    p = tmp_path / "wb.xlsx"
    build_from_data(doc, p)
    return p


def test_the_realisasi_is_typed_as_text(tmp_path):
    p = _book(tmp_path, "%")
    ws = openpyxl.load_workbook(p)["Kinerja"]
    assert "86,3%" in [c.value for row in ws.iter_rows() for c in row]
    i = next(i for i in check(p).computed.indicators if i.code == "2.1.2")
    assert (i.realisasi, i.realisasi_text, i.target) == (D("86.3"), None, D("87.5"))


def _figures(text):
    """Every figure 86,3… or 87,5… (the indicator's realisasi and target) with the unit that follows it, if any."""
    return re.findall(r"(?<![\d,.])(86,3\d*|87,5\d*)(?![\d.])(\s*%|\s+persen)?", text)


@pytest.mark.parametrize(("satuan", "unit_in_table", "unit_in_sentence"), [
    ("%", "%", "%"),
    ("persen", "", " persen"),
])
def test_every_sentence_and_table_of_the_indicator_shows_one_format(tmp_path, satuan, unit_in_table,
                                                                    unit_in_sentence):
    o = check(_book(tmp_path, satuan))
    ctx = report_context(o.workbook, o.computed)
    ind = next(i for i in ctx["indikator"] if i["kode"] == "2.1.2")
    assert (ind["target"], ind["realisasi"]) == ("87,50" + unit_in_table, "86,30" + unit_in_table)
    assert ind["riwayat"][0]["realisasi"] == "84,00" + unit_in_table
    assert ind["target_akhir"] == "90,00" + unit_in_table
    assert ind["kalimat"].startswith(
        f"Indikator Persentase layanan selesai tepat waktu dengan target 87,50{unit_in_sentence} terealisasi "
        f"86,30{unit_in_sentence}, sehingga capaiannya 98,63%")
    assert f"(realisasi 84,00{unit_in_sentence}), realisasi naik 2,30 poin." in ind["kalimat"]
    assert f"sebesar 90,00{unit_in_sentence}, tingkat kemajuan" in ind["kalimat"]
    pk = next(r for r in ctx["pk"] if r["indikator"] == "Persentase layanan selesai tepat waktu")
    assert (pk["target_murni"], pk["target_akhir_pk"]) == ("87,50" + unit_in_table,) * 2
    renstra = next(r for r in ctx["renstra"] if r["kode"] == "2.1.2")
    assert set(renstra["target"]) - {"-"} == {"87,50" + unit_in_table}
    assert renstra["target_akhir"] == "90,00" + unit_in_table

    # the rendered report: every figure of the indicator with two decimals, every one with the same unit
    made = make_report(None, tmp_path / "out", formats=["html"], outcome=o)
    text = html.unescape(re.sub(r"<[^>]+>", " ", made["html"].read_text(encoding="utf-8")))
    text = text.replace("\xa0", " ")
    found = [(n, u.strip()) for n, u in _figures(text)]
    assert len(found) >= 8
    assert {n for n, _ in found} == {"86,30", "87,50"}
    assert {u for _, u in found} == ({"%"} if unit_in_table else {"", "persen"})
    assert "86,3%" not in text.replace("86,30%", "")


@pytest.mark.parametrize(("v", "text", "satuan", "want"), [
    (D("86.3"), "86,3%", "", "86,30"),  # a number typed as text is a number, not a grade
    (D("86.3"), "86,3%", "%", "86,30%"),
    (D("86.3"), " 86,3 % ", "persen", "86,30"),
    (D("71.2"), "B (71,20)", "nilai", "B (71,20)"),  # a grade keeps its text
    (D("71.2"), " BB (71,20) ", "", "BB (71,20)"),
    (D(85), None, "%", "85%"),
    (None, None, "%", "belum tersedia"),
])
def test_nilai_keeps_only_grades_as_typed(v, text, satuan, want):
    assert nilai(v, text, satuan, digits=None if v is None or v == v.to_integral_value() else 2) == want
