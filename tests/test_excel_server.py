"""The buttons through xlwings Server, in process: the client's payload in, Excel's actions out."""

import pytest
from conftest import ROOT
from fastapi.testclient import TestClient

from lkjip_xl.excel import payload_from_file, server


@pytest.fixture(scope="module")
def client():
    with TestClient(server.app(), raise_server_exceptions=False) as c:
        yield c


def test_scripts_are_published(client):
    meta = client.get("/xlwings/custom-scripts-meta").json()
    assert sorted(m["function_name"] for m in meta) == sorted(server.SCRIPTS)


def test_hitung_ulang_returns_the_actions_excel_executes(client):
    payload = payload_from_file(ROOT / "examples" / "purwareja-klampok-2024.xlsx")
    r = client.post("/xlwings/custom-scripts-call/lkjip_hitung_ulang", json=payload)
    assert r.status_code == 200
    acts = r.json()["actions"]
    names = [s["name"] for s in payload["sheets"]]
    first = acts[0]
    # the first block: Kinerja's computed columns (Sasaran … Keterangan) from row 5, both PK indicators
    assert (first["func"], names[first["sheet_position"]], first["start_row"], first["start_column"]) == (
        "setValues", "Kinerja", 4, 11)
    assert first["values"][0][:6] == ["Meningkatnya kinerja penyelenggaraan pemerintahan daerah untuk urusan "
                                      "kewilayahan", "Nilai SAKIP Kecamatan", "nilai", 71.2, 72.1, 1.0126404494382]
    assert [a["func"] for a in acts].count("setValues") <= 9
    (alert,) = [a for a in acts if a["func"] == "alert"]
    assert alert["args"][0].startswith("Perhitungan selesai: 6 error dan 0 peringatan.")


def test_periksa_on_a_workbook_from_another_program_is_a_polite_message(client, tmp_path):
    import xlsxwriter

    p = tmp_path / "lain.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    wb.add_worksheet("Sheet1").write(0, 0, "halo")
    wb.close()
    r = client.post("/xlwings/custom-scripts-call/lkjip_periksa", json=payload_from_file(p))
    assert r.status_code == 200
    (alert,) = r.json()["actions"]
    assert alert["func"] == "alert" and "bukan workbook LKjIP standar" in alert["args"][0]


def test_buat_laporan_writes_into_the_shared_folder(client, tmp_path, monkeypatch):
    monkeypatch.setenv("LKJIP_LAPORAN_DIR", str(tmp_path))
    payload = payload_from_file(ROOT / "examples" / "balapulang-2022.xlsx")
    payload["book"]["name"] = "balapulang-2022.xlsx"  # a server never sees the client's folder
    r = client.post("/xlwings/custom-scripts-call/lkjip_buat_laporan", json=payload)
    assert r.status_code == 200
    made = tmp_path / "LKjIP-Kecamatan-Balapulang-2022.docx"
    assert made.exists()
    (alert,) = r.json()["actions"]
    assert alert["args"][0].startswith(f"Laporan dibuat: {made}")
