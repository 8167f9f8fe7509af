"""Sentences say what the workbook holds: a figure the workbook never held is named for what it is."""

from lkjip_xl.api import check
from lkjip_xl.filldata import build_from_data, example_data, load_data
from lkjip_xl.fmt import rupiah
from lkjip_xl.report import report_context


def context(tmp_path, edit):
    doc = load_data(example_data("purwareja-klampok-2024"))
    for r in doc["tables"]["Anggaran"]:
        r.pop("Pagu Murni", None)
    edit(doc)
    p = tmp_path / "wb.xlsx"
    build_from_data(doc, p)
    o = check(p)
    return report_context(o.workbook, o.computed), o.computed


def leaves(doc):
    parents = {r.get("Kode Induk") for r in doc["tables"]["Anggaran"]}
    return [r for r in doc["tables"]["Anggaran"] if r["Kode"] not in parents]


def test_pagu_murni_typed_for_one_line_is_not_called_the_pagu_murni(tmp_path):
    def one(doc):
        row = leaves(doc)[0]
        row["Pagu Murni"] = row["Pagu"] + 1_000_000

    ctx, c = context(tmp_path, one)
    assert "Pagu murni sebesar" not in ctx["anggaran_kalimat"]
    assert (f"Pagu murni diisi untuk sebagian baris anggaran saja; dengan menganggap baris lainnya tidak berubah, "
            f"pagu sebelum perubahan sebesar {rupiah(c.pagu + 1_000_000)}.") in ctx["anggaran_kalimat"]
    assert not any("Pagu murni sebesar" in k for k in ctx["ikhtisar"])


def test_pagu_murni_typed_for_every_line_is_the_pagu_murni(tmp_path):
    def every(doc):
        for row in leaves(doc):
            row["Pagu Murni"] = row["Pagu"] + 1000

    ctx, c = context(tmp_path, every)
    n = len(leaves(load_data(example_data("purwareja-klampok-2024"))))
    assert (f"Pagu murni sebesar {rupiah(c.pagu + 1000 * n)} berubah menjadi {rupiah(c.pagu)} pada perubahan "
            "anggaran.") in ctx["anggaran_kalimat"]


def test_a_realisasi_the_tool_worked_out_says_how(tmp_path):
    def quarterly(doc):
        row = doc["tables"]["Kinerja"][0]
        row.pop("Realisasi", None)
        row.update({"Realisasi TW I": 70, "Realisasi TW II": 71, "Realisasi TW III": 72, "Realisasi TW IV": 72.1})

    ctx, c = context(tmp_path, quarterly)
    by = {i["kode"]: i["kalimat"] for i in ctx["indikator"]}
    assert "terealisasi 72,10 nilai (dihitung dari realisasi triwulan), sehingga" in by["1.1.1"]
    assert "(IKM hasil Survei Kepuasan Masyarakat)" in by["2.1.1"]  # the realisasi is the survey's IKM
    (tmp_path / "typed").mkdir()
    typed, _ = context(tmp_path / "typed", lambda doc: None)
    assert "dihitung dari" not in " ".join(i["kalimat"] for i in typed["indikator"])
