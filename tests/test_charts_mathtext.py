"""A "$" in an indicator, program or kecamatan name is text in the charts, never a matplotlib formula."""

import copy

import matplotlib.figure
import pytest

from lkjip_xl.filldata import build_from_data, example_data, load_data

INDIKATOR = "Rp $5$ juta $\\frac$"
"""An invalid formula to matplotlib's mathtext (it stopped the report) between literal dollar signs."""
PROGRAM = "Program $x^2$ Rp"
"""A valid formula to mathtext (it was drawn as maths)."""


@pytest.fixture
def drawn(monkeypatch):
    """The tick labels of every chart saved, as drawn: (text, whether parsed as maths)."""
    labels = []
    save = matplotlib.figure.Figure.savefig

    def spy(fig, *args, **kwargs):
        out = save(fig, *args, **kwargs)  # drawing happens here: an invalid formula raises
        for ax in fig.axes:
            labels.extend((t.get_text(), t.get_parse_math()) for t in ax.get_yticklabels())
        return out

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", spy)
    return labels


def test_report_charts_keep_dollar_signs_literal(tmp_path, drawn):
    from lkjip_xl.report import make_report

    doc = copy.deepcopy(load_data(example_data("purwareja-klampok-2024")))
    doc["tables"]["Indikator"][0]["Indikator"] = INDIKATOR
    doc["tables"]["Anggaran"][0]["Uraian"] = PROGRAM
    build_from_data(doc, tmp_path / "wb.xlsx")
    made = make_report(tmp_path / "wb.xlsx", tmp_path / "laporan")
    assert set(made) == {"docx", "html"}
    texts = " ".join(t for t, _ in drawn).replace("\n", " ")
    assert "$5$ juta $\\frac$" in texts and PROGRAM in texts
    assert drawn and not any(math for _, math in drawn)


def test_rekap_charts_keep_dollar_signs_literal(tmp_path, drawn):
    from lkjip_xl.consolidate import consolidate
    from lkjip_xl.consolidate.report import make_rekap_report

    doc = copy.deepcopy(load_data(example_data("purwareja-klampok-2024")))
    doc["tables"]["Profil"]["Nama Instansi"] = "Kecamatan $\\frac$ Baru"
    build_from_data(doc, tmp_path / "wb.xlsx")
    rekap = consolidate([tmp_path / "wb.xlsx"], jobs=1)
    make_rekap_report(rekap, tmp_path / "laporan")
    assert ("$\\frac$ Baru", False) in drawn
