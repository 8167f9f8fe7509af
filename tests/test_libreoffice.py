"""What we write opens in real LibreOffice (headless), which is stricter about package structure than openpyxl."""

import csv

import pytest
from conftest import lo_convert

from lkjip_xl.api import recompute

pytestmark = pytest.mark.libreoffice


def test_recomputed_workbook_converts_to_pdf(demo_book, tmp_path):
    recompute(demo_book)
    out = tmp_path / "pdf"
    lo_convert(demo_book, out, "pdf", tmp_path)
    pdf = out / "demo.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 20_000


def test_libreoffice_reads_computed_values(demo_book, tmp_path):
    recompute(demo_book)
    out = tmp_path / "csv"
    # all sheets, one CSV each (LibreOffice >= 7.2: sheet number -1)
    lo_convert(demo_book, out, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", tmp_path)
    kinerja = next(out.glob("*Kinerja*.csv"))
    rows = list(csv.reader(kinerja.open(encoding="utf-8")))
    head = rows[3]
    cap = head.index("Capaian")
    by = {r[0]: r for r in rows[4:] if r and r[0]}
    assert by["2.1.1"][cap] == "100.94%"
    assert by["1.1.1"][cap] == "101.26%"
    val = next(out.glob("*Validasi*.csv"))
    vrows = [r for r in csv.reader(val.open(encoding="utf-8"))][4:]
    assert any(r[1] == "jumlah-induk-beda" for r in vrows)


@pytest.mark.writes_invalid_xlsx("lo/*")  # LibreOffice's own .xlsx (dateCompatibility is newer than the schemas)
def test_libreoffice_opens_the_rollup_with_every_row(tmp_path):
    """The roll-up's long tables are serialised by us (not XlsxWriter): LibreOffice reads every cell back."""
    import openpyxl

    from lkjip_xl.consolidate import consolidate
    from lkjip_xl.filldata import EXAMPLES, build_from_data, example_data, load_data

    masuk = tmp_path / "masuk"
    masuk.mkdir()
    for name in EXAMPLES:
        doc = load_data(example_data(name))
        doc["tables"]["Profil"]["Tahun Laporan"] = 2024  # one roll-up year for all three
        doc["tables"]["Profil"]["Kabupaten/Kota"] = "Kabupaten Tegal"  # and one kabupaten
        doc["tables"]["Indikator"][0]["Indikator"] = "Rasio A & B\x0b<sasaran>"  # escaped; the control char as _xHHHH_
        build_from_data(doc, masuk / f"{name}.xlsx")
    rekap = consolidate([masuk], tmp_path / "rekap.xlsx", tahun=2024)
    assert len(rekap.kecamatan) == len(EXAMPLES)
    lo_convert(tmp_path / "rekap.xlsx", tmp_path / "lo", "xlsx", tmp_path)
    ours = openpyxl.load_workbook(tmp_path / "rekap.xlsx")
    theirs = openpyxl.load_workbook(tmp_path / "lo" / "rekap.xlsx")

    def values(ws):  # LibreOffice keeps 15 significant digits
        return [[pytest.approx(v, rel=1e-13) if isinstance(v, float) else v for v in row]
                for row in ws.iter_rows(values_only=True)]

    for sheet in ("Sasaran", "Indikator", "Anggaran"):
        got = [[v.replace("_x000b_", "_x000B_") if isinstance(v, str) else v for v in r]  # LibreOffice's case
               for r in theirs[sheet].iter_rows(values_only=True)]
        assert got == values(ours[sheet])
        assert len(got) - 1 == {"Sasaran": sum(len(k.sasaran) for k in rekap.kecamatan),
                                "Indikator": sum(len(k.indikator) for k in rekap.kecamatan),
                                "Anggaran": sum(1 for k in rekap.kecamatan for a in k.anggaran
                                                if a["level"] != "Sub Kegiatan")}[sheet]
    ind = ours["Indikator"]
    names = [r[3] for r in theirs["Indikator"].iter_rows(values_only=True)]
    assert names.count("Rasio A & B_x000b_<sasaran>") == len(EXAMPLES)
    assert ind["H2"].number_format == "0.00%" and isinstance(ind["H2"].value, float)
    assert ind.tables["Indikator"].ref == f"A1:J{ind.max_row}"
