"""The VBA and the ribbon call what exists: callbacks defined, Python entry points and server scripts real."""

import re

from conftest import ROOT
from lxml import etree

from lkjip_xl import excel
from lkjip_xl.excel import server

BAS = (ROOT / "macros" / "LkjipTombol.bas").read_text(encoding="utf-8")


def subs():
    return set(re.findall(r"^(?:Public |Private )?Sub (\w+)\(", BAS, flags=re.M))


def test_every_ribbon_button_has_its_callback():
    ui = etree.parse(str(ROOT / "macros" / "customUI.xml"))
    buttons = ui.getroot().iter("{http://schemas.microsoft.com/office/2009/07/customui}button")
    got = {b.get("label"): b.get("onAction") for b in buttons}
    assert got == {"Periksa": "RibbonPeriksa", "Hitung Ulang": "RibbonHitungUlang", "Buat Laporan": "RibbonBuatLaporan"}
    assert set(got.values()) <= subs()
    for cb in got.values():
        assert re.search(rf"Sub {cb}\(control As IRibbonControl\)", BAS)


def test_macros_call_existing_entry_points_and_scripts():
    calls = re.findall(r'Jalankan "(\w+)", "(\w+)"', BAS)
    assert calls == [("check_caller", "lkjip_periksa"), ("recompute_caller", "lkjip_hitung_ulang"),
                     ("report_caller", "lkjip_buat_laporan")]
    for fn, script in calls:
        assert callable(getattr(excel, fn))
        assert script in server.SCRIPTS
    # both modes send the percent-formatted cells the payload cannot carry: an argument, or a header
    assert 'RunPython "import lkjip_xl.excel as x; x." & fungsiPython & "(" & TeksPython(persen) & ")"' in BAS
    assert 'd.Add "X-Lkjip-Persen", persen' in BAS and "headers:=kepala" in BAS
    import inspect

    for fn, _ in calls:
        assert list(inspect.signature(getattr(excel, fn)).parameters) == ["cell_formats"]


def test_readme_names_the_real_files_and_scripts():
    readme = (ROOT / "macros" / "README.md").read_text(encoding="utf-8")
    for name in ("LkjipTombol.bas", "customUI.xml", *server.SCRIPTS, "python -m lkjip_xl.excel.server"):
        assert name in readme
