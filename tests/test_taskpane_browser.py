"""The Office.js task pane in a real headless Chromium, against the real server, with office.js stood in for.

The server (``lkjip_xl.excel.server.app()``) runs in process under uvicorn on 127.0.0.1; Chromium loads
``/taskpane.html`` exactly as Excel would, except that ``office.js`` is answered with ``officejs_standin.js``
over a workbook built from an example's payload, its number formats read from the file. Each button must post to
its script, with the percent-formatted cells in ``X-Lkjip-Persen``, and show the message the script returned.
"""

import datetime as dt
import json
import shutil
import socket
import threading
import time

import pytest
from conftest import ROOT

from lkjip_xl.addresses import format_cell_formats, format_cell_list
from lkjip_xl.excel import cell_formats_of, payload_from_file, server

pytestmark = pytest.mark.browser

EXAMPLE = ROOT / "examples" / "purwareja-klampok-2024.xlsx"
STANDIN = (ROOT / "tests" / "officejs_standin.js").read_text(encoding="utf-8")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TYPED_PERCENT = ("Kinerja", 6, 2)
"""Kinerja!B6, Target PK 85,5 typed as 85,50%: Excel holds 0.855 and shows a percent."""


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "Chromium is missing: `make test` installs it (apt-get install chromium chromium-driver)"
    return exe


@pytest.fixture(scope="module")
def base_url():
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(server.app(), host="127.0.0.1", port=port, log_level="warning",
                                        lifespan="off"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline and t.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    t.join(10)


def _percent_cells_in(path) -> list[tuple[str, int, int]]:
    """Cells of table bodies whose number format shows a percent and whose value is a number (openpyxl)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True)
    out = []
    for ws in wb.worksheets:
        for t in ws.tables.values():
            (c1, r1, c2, r2) = openpyxl.utils.cell.range_boundaries(t.ref)
            for row in ws.iter_rows(min_row=r1 + 1, max_row=r2 - (t.totalsRowCount or 0), min_col=c1, max_col=c2):
                for cell in row:
                    if "%" in (cell.number_format or "") and type(cell.value) in (int, float):
                        out.append((ws.title, cell.row, cell.column))
    return out


MERGED = ("Ringkasan", "A2:C2")
"""A merged area the stand-in's Ringkasan carries (above its table: in no table's way)."""


def _standin_book(path):
    """The stand-in's workbook: the payload's values and tables, the file's percent formats, B6 typed as a
    percent (value 0.855), the report date typed as "Januari 2025" (1 January shown ``mmmm yyyy``) and one merged
    area. Returns it with the header a press must send."""
    from openpyxl.utils import get_column_letter

    payload = payload_from_file(path)
    cells = [*_percent_cells_in(path), TYPED_PERCENT]
    sheets = []
    for s in payload["sheets"]:
        formats = {f"{get_column_letter(c)}{r}": "0.00%" for name, r, c in cells if name == s["name"]}
        sheets.append({"name": s["name"], "values": s["values"], "tables": s["tables"], "formats": formats})
    kinerja = next(s for s in sheets if s["name"] == "Kinerja")
    _, r, c = TYPED_PERCENT
    assert kinerja["values"][r - 1][c - 1] == 85.5
    kinerja["values"][r - 1][c - 1] = 0.855
    profil = next(s for s in sheets if s["name"] == "Profil")
    r = next(i for i, row in enumerate(profil["values"]) if row and row[0] == "Tanggal Laporan")
    assert profil["values"][r][1] == "Januari 2025"
    profil["values"][r][1] = 45658  # 2025-01-01, as Office.js gives a date: its day number
    profil["formats"][f"B{r + 1}"] = "mmmm yyyy"
    next(s for s in sheets if s["name"] == MERGED[0])["merges"] = [MERGED[1]]
    header = format_cell_formats(format_cell_list(cells), format_cell_list([("Profil", r + 1, 2)]),
                                 f"{MERGED[0]}!{MERGED[1]}")
    return {"name": path.name, "sheets": sheets}, header


@pytest.fixture(scope="module")
def pane(base_url, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    book, header = _standin_book(EXAMPLE)
    script = f"globalThis.__LKJIP_BOOK__ = {json.dumps(book)};\n{STANDIN}"
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=_chromium(), headless=True,
            args=CHROMIUM_FLAGS)
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/office.js", lambda route: route.fulfill(body=script, content_type="text/javascript"))
        page.goto(f"{base_url}/taskpane.html")
        page.wait_for_function("() => globalThis.lkjip && globalThis.xlwings && globalThis.callbacks")
        yield page, header, errors
        ctx.close()


def _server_actions(client_payload, script, header):
    """The actions the script returns for ``client_payload`` posted as the VBA add-in would post it."""
    from fastapi.testclient import TestClient

    with TestClient(server.app()) as c:
        r = c.post(f"/xlwings/custom-scripts-call/{script}", json=client_payload,
                   headers={} if header is None else {server.FORMATS_HEADER: header})
    return r.json()["actions"]


def _kinerja_block(actions, sheet_names):
    """Hitung Ulang's first block: Kinerja's computed columns (Capaian … Keterangan) of every indicator."""
    return next(a["values"] for a in actions
                if a["func"] == "setValues" and sheet_names[a["sheet_position"]] == "Kinerja")


def test_the_stand_in_lists_what_the_add_in_lists():
    # the formats the stand-in serves are the file's: without the typed cell, the list is cell_formats_of's
    assert format_cell_list(_percent_cells_in(EXAMPLE)) == cell_formats_of(EXAMPLE)


@pytest.mark.parametrize(("button", "script", "opening"), [
    ("#lkjip-periksa", "lkjip_periksa", "Pemeriksaan selesai: "),
    ("#lkjip-hitung-ulang", "lkjip_hitung_ulang", "Perhitungan selesai: "),
    ("#lkjip-buat-laporan", "lkjip_buat_laporan", "Laporan dibuat: "),
])
def test_each_button_posts_its_script_and_shows_its_message(pane, button, script, opening, tmp_path, monkeypatch):
    page, header, errors = pane
    monkeypatch.setenv("LKJIP_LAPORAN_DIR", str(tmp_path))  # the server runs in this process
    page.evaluate("() => { globalThis.__officeLog.writes = []; }")
    with page.expect_request(lambda r: "/xlwings/custom-scripts-call/" in r.url) as req_info, \
            page.expect_response(lambda r: "/xlwings/custom-scripts-call/" in r.url) as resp_info:
        page.click(button)
    req, resp = req_info.value, resp_info.value
    assert req.url.endswith(f"/xlwings/custom-scripts-call/{script}") and resp.status == 200
    assert req.headers["x-lkjip-persen"] == header
    assert "Kinerja!B6" in header.split(";")  # the cell typed as a percent, merged into nothing else
    assert "[bulan]Profil!B" in header and header.endswith("[gabung]Ringkasan!A2:C2")
    sent = req.post_data_json
    assert sent["client"] == "Office.js" and [s["name"] for s in sent["sheets"]][:2] == ["Petunjuk", "Profil"]
    (alert,) = [a for a in resp.json()["actions"] if a["func"] == "alert"]
    message = alert["args"][0]
    assert message.startswith(opening)

    page.wait_for_selector("#lkjip-pesan[data-state=done]")
    shown = page.inner_text("#lkjip-pesan")
    assert " ".join(shown.split()) == " ".join(message.split())
    assert not page.is_visible("#global-error-alert")
    assert errors == []
    writes = page.evaluate("() => globalThis.__officeLog.writes")
    if script == "lkjip_buat_laporan":
        assert writes == [] and (tmp_path / "LKjIP-Kecamatan-Purwareja-Klampok-2024.docx").exists()
        return
    # xlwings' own callbacks executed every action on the stand-in: values, colours, links, table sizes
    from collections import Counter

    acts = Counter(a["func"] for a in resp.json()["actions"])
    done = Counter(w.get("func") or w["path"].rsplit(".", 1)[-1] for w in writes)
    assert (done["values"], done["color"], done["hyperlink"], done["resize"]) == (
        acts["setValues"], acts["setRangeColor"], acts["addHyperlink"], acts["resizeTable"])
    assert acts["setRangeColor"] and acts["addHyperlink"]
    if script == "lkjip_hitung_ulang":
        # 0.855 shown as 85,50% is 85,5: the capaian computed are those of the file itself (typed 85,5)
        original = payload_from_file(EXAMPLE)
        names = [sh["name"] for sh in original["sheets"]]
        ours = _kinerja_block(resp.json()["actions"], names)
        assert ours == _kinerja_block(_server_actions(original, script, cell_formats_of(EXAMPLE)), names)
        # without the header the server would have taken 0.855 at face value
        assert ours != _kinerja_block(_server_actions(sent, script, None), names)


def test_a_ribbon_command_shows_the_message_in_xlwings_dialog(pane):
    page, header, errors = pane
    page.evaluate("() => { globalThis.__officeLog.dialogs = []; }")
    with page.expect_request(lambda r: "/xlwings/custom-scripts-call/" in r.url) as req_info:
        done = page.evaluate("""async () => {
            let completed = false;
            await globalThis.__officeLog.associated["lkjip-periksa"]({completed() { completed = true; }});
            return completed;
        }""")
    assert done
    assert req_info.value.url.endswith("/lkjip_periksa") and req_info.value.headers["x-lkjip-persen"] == header
    (url,) = page.evaluate("() => globalThis.__officeLog.dialogs")
    assert "/xlwings/alert?prompt=" + "Pemeriksaan%20selesai%3A%20" in url
    assert sorted(page.evaluate("() => Object.keys(globalThis.__officeLog.associated)")) == [
        "lkjip-buat-laporan", "lkjip-hitung-ulang", "lkjip-periksa"]
    assert errors == []


def test_the_manifest_offers_the_three_commands_and_the_pane(base_url):
    import httpx
    from lxml import etree

    xml = httpx.get(f"{base_url}/manifest").content
    root = etree.fromstring(xml)
    ns = {"o": "http://schemas.microsoft.com/office/taskpaneappversionoverrides"}
    assert root.xpath("//o:Action/o:FunctionName/text()", namespaces=ns) == [
        "lkjip-periksa", "lkjip-hitung-ulang", "lkjip-buat-laporan"]
    assert root.xpath("//o:Action[@xsi:type='ShowTaskpane']", namespaces={
        **ns, "xsi": "http://www.w3.org/2001/XMLSchema-instance"})
    assert f"{base_url}/taskpane.html".encode() in xml
    assert b"CustomFunctions" not in xml


def test_a_month_typed_report_date_reaches_the_server_as_the_month(pane):
    """The pane lists the month-formatted cell, so the server reads "Januari 2025", not 1 January."""
    from lkjip_xl.api import evaluate
    from lkjip_xl.excel.source import BookSource
    from lkjip_xl.model import BulanTahun

    page, header, errors = pane
    with page.expect_request(lambda r: "/xlwings/custom-scripts-call/" in r.url) as req_info:
        page.click("#lkjip-periksa")
    page.wait_for_selector("#lkjip-pesan[data-state=done]")
    req = req_info.value
    import xlwings as xw

    book = xw.Book(json=req.post_data_json)
    got = evaluate(BookSource(book, cell_formats=req.headers["x-lkjip-persen"])).workbook
    month = got.prof("Tanggal Laporan")
    assert isinstance(month, BulanTahun) and (month.year, month.month) == (2025, 1)
    day = evaluate(BookSource(book, cell_formats=None)).workbook.prof("Tanggal Laporan")
    assert not isinstance(day, BulanTahun) and day == dt.date(2025, 1, 1)
    assert errors == []


def test_the_pane_month_rule_is_the_reader_s(pane):
    page, _, _ = pane
    cases = {"mmmm yyyy": True, "mmm-yy": True, '[$-421]mmmm yyyy;@': True, "d mmmm yyyy": False,
             "m/d/yyyy": False, '"Hari" yyyy': False, "hh:mm": False, "0.00%": False, "General": False,
             'mmmm "de" yyyy': True, "yyyy-mm": True}
    got = page.evaluate("(fs) => fs.map((f) => globalThis.lkjip.isMonthFormat(f))", list(cases))
    assert dict(zip(cases, got, strict=True)) == cases
    # the reader's rule, on files: the same answers
    from lxml import etree

    from lkjip_xl.xlsx.package import _month_styles

    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    fmts = "".join(f'<numFmt numFmtId="{164 + i}" formatCode="{f.replace(chr(34), "&quot;")}"/>'
                   for i, f in enumerate(cases))
    xfs = "".join(f'<xf numFmtId="{164 + i}"/>' for i in range(len(cases)))
    st = etree.fromstring(f'<styleSheet xmlns="{ns}"><numFmts>{fmts}</numFmts><cellXfs>{xfs}</cellXfs></styleSheet>')
    months = _month_styles(st)
    assert {f: i in months for i, f in enumerate(cases)} == cases


def test_the_pane_writes_the_list_as_the_server_reads_it(pane):
    page, _, _ = pane
    cells = [["Kinerja", 9, 4], ["Kinerja", 5, 4], ["Kinerja", 6, 4], ["Kinerja", 7, 4], ["Kinerja", 7, 4],
             ["Data Umum", 3, 2], ["O'Brien", 1, 28], ["Anggaran", 40, 703], ["Anggaran", 12, 13],
             ["Anggaran", 13, 13], ["_lkjip", 5, 2], ["Kinerja", 12, 4]]
    got = page.evaluate("(cells) => globalThis.lkjip.formatCellList(cells)", cells)
    assert got == format_cell_list([tuple(c) for c in cells])
    assert got == ("Anggaran!M12:M13;Anggaran!AAA40;'Data Umum'!B3;Kinerja!D5:D7;Kinerja!D9;Kinerja!D12;"
                   "'O''Brien'!AB1;_lkjip!B5")
