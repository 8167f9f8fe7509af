"""What we write opens in real LibreOffice (headless), which is stricter about package structure than openpyxl."""

import csv
import shutil
import subprocess

import pytest

from lkjip_xl.api import recompute

pytestmark = pytest.mark.libreoffice


def soffice():
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice is missing: `make test` installs it (apt-get install libreoffice-calc-nogui)"
    return exe


def _convert(src, outdir, fmt, tmp_path):
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", fmt,
         "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=240,
    )


def test_recomputed_workbook_converts_to_pdf(demo_book, tmp_path):
    recompute(demo_book)
    out = tmp_path / "pdf"
    _convert(demo_book, out, "pdf", tmp_path)
    pdf = out / "demo.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 20_000


def test_libreoffice_reads_computed_values(demo_book, tmp_path):
    recompute(demo_book)
    out = tmp_path / "csv"
    # all sheets, one CSV each (LibreOffice >= 7.2: sheet number -1)
    _convert(demo_book, out, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", tmp_path)
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
