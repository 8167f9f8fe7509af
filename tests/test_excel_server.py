"""The buttons through xlwings Server, in process: the client's payload in, Excel's actions out."""

import copy

import pytest
from conftest import ROOT
from fastapi.testclient import TestClient
from openpyxl.utils import get_column_letter

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
    # text goes with a leading apostrophe, so Excel keeps it as text (excel._xl)
    assert first["values"][0][:6] == ["'Meningkatnya kinerja penyelenggaraan pemerintahan daerah untuk urusan "
                                      "kewilayahan", "'Nilai SAKIP Kecamatan", "'nilai", 71.2, 72.1, 1.0126404494382]
    assert [a["func"] for a in acts].count("setValues") <= 9
    (alert,) = [a for a in acts if a["func"] == "alert"]
    assert alert["args"][0].startswith("Perhitungan selesai: 6 error dan 1 peringatan.")


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


# --- the percent-formatted cells: header → context variable → scripts -------------------------------------


def test_the_percent_header_reaches_the_scripts_and_nothing_else():
    import asyncio

    seen = []

    async def inner(scope, receive, send):
        seen.append(server.cell_formats())

    mw = server.CellFormatsMiddleware(inner)
    for headers in ([(b"x-lkjip-persen", b"Kinerja!D5:D9;Kinerja!F7")], [(b"x-lkjip-persen", b"")], []):
        asyncio.run(mw({"type": "http", "headers": headers}, None, None))
    asyncio.run(mw({"type": "lifespan"}, None, None))
    assert seen == ["Kinerja!D5:D9;Kinerja!F7", "", None, None]
    assert server.cell_formats() is None  # reset after each request


def test_a_typed_percent_reads_as_the_percent_excel_shows(client):
    payload = payload_from_file(ROOT / "examples" / "purwareja-klampok-2024.xlsx")
    kinerja = next(s for s in payload["sheets"] if s["name"] == "Kinerja")
    assert kinerja["values"][5][1] == 85.5  # Kinerja!B6, Target PK
    typed = copy.deepcopy(payload)
    next(s for s in typed["sheets"] if s["name"] == "Kinerja")["values"][5][1] = 0.855  # 85,50% in Excel

    def capaian(p, header):
        r = client.post("/xlwings/custom-scripts-call/lkjip_hitung_ulang", json=p,
                        headers={} if header is None else {server.FORMATS_HEADER: header})
        first = r.json()["actions"][0]
        return [row[5] for row in first["values"][:2]]

    assert capaian(typed, "Kinerja!B6") == capaian(payload, None) == [1.0126404494382, 0.994152046783626]
    assert capaian(typed, None) != capaian(payload, None)


# --- who may reach the server ----------------------------------------------------------------------------

_NO_AUTH = server.AuthConfig()
_TOKEN = server.AuthConfig(("custom",), token="x" * 16)
_ENTRA = server.AuthConfig(("entraid",), entraid_client_id="c", entraid_tenant_id="t")


@pytest.mark.parametrize(("host", "auth", "flag", "start", "says"), [
    ("127.0.0.1", _NO_AUTH, False, True, None),
    ("localhost", _NO_AUTH, False, True, None),
    ("::1", _NO_AUTH, False, True, None),
    ("0.0.0.0", _NO_AUTH, False, False, "autentikasi belum diatur"),
    ("192.168.1.10", _NO_AUTH, False, False, "XLWINGS_AUTH_PROVIDERS kosong"),
    ("0.0.0.0", _NO_AUTH, True, True, "PERINGATAN"),
    ("0.0.0.0", _TOKEN, False, True, None),
    ("0.0.0.0", _ENTRA, False, True, None),
    ("0.0.0.0", server.AuthConfig(("custom",), token="pendek"), False, False, "LKJIP_SERVER_TOKEN"),
    ("0.0.0.0", server.AuthConfig(("custom",)), False, False, "LKJIP_SERVER_TOKEN"),
    ("0.0.0.0", server.AuthConfig(("entraid",), entraid_client_id="c"), False, False, "TENANT_ID"),
    ("0.0.0.0", server.AuthConfig(("ldap",)), False, False, "tidak dikenal"),
])
def test_binding_needs_authentication_beyond_loopback(host, auth, flag, start, says):
    ok, message = server.binding_decision(host, auth, tanpa_autentikasi=flag)
    assert ok is start
    assert message is None if says is None else says in message


def test_main_refuses_an_open_address_without_authentication(monkeypatch, capsys):
    monkeypatch.delenv("XLWINGS_AUTH_PROVIDERS", raising=False)
    with pytest.raises(SystemExit) as exc:
        server.main(["--host", "0.0.0.0", "--port", "1"])
    assert exc.value.code == 2
    assert "Server tidak dijalankan" in capsys.readouterr().err


def test_the_custom_provider_takes_only_the_configured_token(monkeypatch):
    import asyncio

    from fastapi import HTTPException

    server.prepare()
    from lkjip_xl.excel.server.auth.custom import validate_token

    monkeypatch.setenv(server.TOKEN_ENV, "rahasia-kabupaten-2025")
    assert asyncio.run(validate_token("Bearer rahasia-kabupaten-2025")).name == "kecamatan"
    assert asyncio.run(validate_token("rahasia-kabupaten-2025")).id == "lkjip"
    for wrong in ("", "test-token", "rahasia-kabupaten-2024"):
        with pytest.raises(HTTPException):
            asyncio.run(validate_token(wrong))
    monkeypatch.setenv(server.TOKEN_ENV, "")  # not configured: nobody gets in, not even with an empty token
    with pytest.raises(HTTPException):
        asyncio.run(validate_token(""))


# --- what a client may claim ------------------------------------------------------------------------------

EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024.xlsx"


def _post(client, payload, script="lkjip_periksa"):
    r = client.post(f"/xlwings/custom-scripts-call/{script}", json=payload)
    assert r.status_code == 200
    return r


def _set_meta(payload, key, value):
    sheet = next(s for s in payload["sheets"] if any(t["name"] == "Meta" for t in s["tables"]))
    row = next(r for r in sheet["values"] if r and r[0] == key)
    row[1] = value


def _data_cells(payload):
    """(sheet position, row, column), 0-based as in actions, of every standard table's data body."""
    from openpyxl.utils.cell import range_boundaries

    from lkjip_xl.schema import TABLES

    out = {}
    for pos, s in enumerate(payload["sheets"]):
        for t in s["tables"]:
            if t["name"] in TABLES:
                c1, r1, c2, r2 = range_boundaries(t["data_body_range_address"].replace("$", ""))
                out.setdefault(pos, []).append((r1 - 1, c1 - 1, r2 - 1, c2 - 1))
    return out


def _coloured_outside(actions, allowed):
    bad = []
    for a in actions:
        if a["func"] != "setRangeColor":
            continue
        r1, c1 = a["start_row"], a["start_column"]
        r2, c2 = r1 + a["row_count"] - 1, c1 + a["column_count"] - 1
        if not any(b[0] <= r1 and r2 <= b[2] and b[1] <= c1 and c2 <= b[3] for b in allowed.get(a["sheet_position"], [])):
            bad.append((a["sheet_position"], r1, c1, r2, c2))
    return bad


def test_the_report_never_goes_where_the_book_name_points(client, tmp_path, monkeypatch):
    laporan = tmp_path / "laporan"
    laporan.mkdir()
    elsewhere = tmp_path / "some" / "dir"
    elsewhere.mkdir(parents=True)
    monkeypatch.setenv("LKJIP_LAPORAN_DIR", str(laporan))
    payload = payload_from_file(EXAMPLE)
    payload["book"]["name"] = str(elsewhere / "x.xlsx")  # a folder of the server's, named by the client
    (alert,) = _post(client, payload, "lkjip_buat_laporan").json()["actions"]
    assert list(elsewhere.iterdir()) == []
    made = laporan / "LKjIP-Kecamatan-Purwareja-Klampok-2024.docx"
    assert made.exists() and alert["args"][0].startswith(f"Laporan dibuat: {made}")


def test_a_hostile_instansi_name_cannot_leave_the_report_folder(client, tmp_path, monkeypatch):
    laporan = tmp_path / "a" / "laporan"
    laporan.mkdir(parents=True)
    monkeypatch.setenv("LKJIP_LAPORAN_DIR", str(laporan))
    payload = payload_from_file(EXAMPLE)
    profil = next(s for s in payload["sheets"] if s["name"] == "Profil")
    next(r for r in profil["values"] if r and r[0] == "Nama Instansi")[1] = "../../../x/Kecamatan\\..\\Jahat"
    _post(client, payload, "lkjip_buat_laporan")
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(p.parent == laporan for p in written)


def test_meta_cannot_make_a_press_colour_the_whole_sheet(client):
    payload = payload_from_file(EXAMPLE)
    allowed = _data_cells(payload)
    _set_meta(payload, "Sel Ditandai", "Kinerja!A1:XFD1048576")
    for script in ("lkjip_periksa", "lkjip_hitung_ulang"):
        r = _post(client, copy.deepcopy(payload), script)
        assert len(r.content) < 50_000
        assert _coloured_outside(r.json()["actions"], allowed) == []


def test_meta_listing_every_cell_colours_only_table_data_cells(client):
    # cell by cell, titles and table headers included: clearing a header's fill would undo the table style
    payload = payload_from_file(EXAMPLE)
    allowed = _data_cells(payload)
    every = ";".join(f"{s['name']}!{get_column_letter(c + 1)}{r + 1}"
                     for s in payload["sheets"] for r, row in enumerate(s["values"]) for c in range(len(row)))
    _set_meta(payload, "Sel Ditandai", every)
    assert _coloured_outside(_post(client, payload).json()["actions"], allowed) == []


def test_unparsable_meta_entries_are_skipped_not_obeyed(client):
    payload = payload_from_file(EXAMPLE)
    allowed = _data_cells(payload)
    _set_meta(payload, "Sel Ditandai", "Kinerja!ZZZZ99999999;???;=cmd|' /C calc'!A0;Kinerja!A1:B;'Kinerja'!")
    acts = _post(client, payload).json()["actions"]
    (alert,) = [a for a in acts if a["func"] == "alert"]
    assert alert["args"][0].startswith("Pemeriksaan selesai: 6 error")
    assert _coloured_outside(acts, allowed) == []


@pytest.mark.parametrize("script", ["lkjip_periksa", "lkjip_hitung_ulang"])
def test_an_unparsable_table_reference_is_a_message_and_no_writes(client, script):
    payload = payload_from_file(EXAMPLE)
    next(s for s in payload["sheets"] if s["name"] == "Kinerja")["tables"][0]["range_address"] = "#REF!"
    (alert,) = _post(client, payload, script).json()["actions"]  # nothing else: no half-applied press
    assert alert["func"] == "alert" and "Traceback" not in alert["args"][0]


@pytest.mark.parametrize("script", ["lkjip_periksa", "lkjip_hitung_ulang"])
def test_a_table_claiming_a_million_rows_costs_nothing(client, script):
    import time

    payload = payload_from_file(EXAMPLE)
    t = next(s for s in payload["sheets"] if s["name"] == "Kinerja")["tables"][0]
    t.update(range_address="$A$4:$W$1048576", data_body_range_address="$A$5:$W$1048576", row_count=1048573)
    start = time.perf_counter()
    r = _post(client, payload, script)
    assert time.perf_counter() - start < 0.5
    assert len(r.content) < 100_000
    assert max(len(a.get("values") or []) for a in r.json()["actions"]) < 200


def test_the_server_listens_on_loopback_unless_told_otherwise(monkeypatch, capsys):
    """``python -m lkjip_xl.excel.server`` with no --host binds 127.0.0.1 (uvicorn.run recorded, not started)."""
    import uvicorn

    monkeypatch.delenv("XLWINGS_AUTH_PROVIDERS", raising=False)
    started = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append(kw))
    server.main([])
    server.main(["--port", "8123"])
    assert started == [{"host": "127.0.0.1", "port": 8000}, {"host": "127.0.0.1", "port": 8123}]
    assert capsys.readouterr().err == ""  # loopback: no authentication asked for, no warning
    with pytest.raises(SystemExit) as exc:
        server.main(["--help"])
    assert exc.value.code == 0
    assert "bawaan 127.0.0.1" in capsys.readouterr().out
