"""`lkjip new --dari`: last year's workbook as real files have it, with #N/A, #REF! and NaN in carried tables."""

import copy
import io
import re
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from lkjip_xl.cli import cli
from lkjip_xl.filldata import build_from_data, example_data, load_data

SENTINEL = 987654321


def with_bad_cells(path, bad: dict[tuple[str, int, str], bytes]):
    """The example workbook with each (table, row, column) cell replaced in the sheet XML by an Excel error
    (``#N/A``) or a number ``NaN``, as another program or a broken link leaves them."""
    doc = copy.deepcopy(load_data(example_data("purwareja-klampok-2024")))
    for n, (table, row, col) in enumerate(bad):
        doc["tables"][table][row][col] = SENTINEL + n
    build_from_data(doc, path)
    src = zipfile.ZipFile(path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                for n, value in enumerate(bad.values()):
                    kind = b"" if value == b"NaN" else b' t="e"'
                    data = re.sub(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?)(?: t="n")?><v>' + str(SENTINEL + n).encode()
                                  + rb"</v>", rb"\1" + kind + b"><v>" + value + b"</v>", data)
            dst.writestr(info, data)
    src.close()
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.writes_invalid_xlsx("lalu.xlsx")  # a NaN cell: what some exporters write, not what Excel does
def test_new_from_a_workbook_with_error_cells_and_nan(tmp_path):
    last = with_bad_cells(tmp_path / "lalu.xlsx", {
        ("Pegawai", 0, "Jumlah"): b"#N/A",
        ("Indikator", 0, "Target 2026"): b"#REF!",
        ("RiwayatAnggaran", 0, "Pagu"): b"NaN",
        ("Pegawai", 1, "Jumlah"): b"#DIV/0!",
    })
    out = tmp_path / "baru.xlsx"
    r = CliRunner().invoke(cli, ["new", str(out), "--tahun", "2025", "--renstra", "2023-2026", "--dari", str(last)])
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output
    openpyxl.load_workbook(out)
    from lkjip_xl.reader import read_workbook
    from lkjip_xl.schema import norm

    wb = read_workbook(out)
    pegawai = wb.rows("Pegawai")
    # the bad cells arrive blank; their neighbours as they were
    assert [r.raw.get(norm("Jumlah")) for r in pegawai[:3]] == [None, None, 2]
    assert [r.raw.get(norm("Jabatan")) for r in pegawai[:2]] == ["Camat (Eselon III.a)", "Sekretaris Camat (Eselon III.b)"]
    assert wb.rows("Indikator")[0].raw.get(norm("Target 2026")) is None
    assert wb.rows("Indikator")[0].raw.get(norm("Target 2024")) == "B (71,20)"
    ra = {r.raw.get(norm("Tahun")): (r.raw.get(norm("Pagu")), r.raw.get(norm("Realisasi")))
          for r in wb.rows("RiwayatAnggaran")}
    assert ra[2023] == (None, 2256061297)
