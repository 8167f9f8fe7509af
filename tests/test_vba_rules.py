"""The add-in's VBA rules, run in LibreOffice Basic, answer as the Python rules do.

FormatPersen, FormatBulan and NamaLembar of macros/LkjipTombol.bas decide, in Excel, which cells the buttons send
as percentages, which as month-and-year dates, and how a sheet is named in the list sent. Their text is taken
verbatim from the module (with the module's ``Option Explicit``) under ``Option VBASupport 1``, put in a Basic
module of a new hidden Calc document, and each function is called through the document's script provider, in
LibreOffice headless started by a small UNO script (Debian: python3-uno, for the system Python; a virtualenv
cannot load it). Nothing of the VBA text is changed: LibreOffice calls the ``Private`` functions as they are.
"""

import json
import os
import re
from pathlib import Path

import pytest
from lxml import etree

from lkjip_xl.report import render
from lkjip_xl.xlsx.package import _month_styles, _style_kinds

pytestmark = pytest.mark.libreoffice

ROOT = Path(__file__).resolve().parent.parent
BAS = ROOT / "macros" / "LkjipTombol.bas"
FUNCTIONS = ("FormatPersen", "FormatBulan", "NamaLembar")

FORMATS = ["mmmm yyyy", "mmm-yy", '[$-421]mmmm yyyy;@', "d mmmm yyyy", "m/d/yyyy", '"Hari" yyyy', "hh:mm", "0.00%",
           "General", 'mmmm "de" yyyy', "yyyy-mm", '0.0"%"', "0\\%", "#,##0.00%",
           # more of what either rule skips: escapes, quotes, [..] sections, later sections, case
           "0%;-0%", '0;"%"', '"%"0%', '"a\\"%', "0\\\\%", "\\%0.0", "[<1]0%;0", "MMMM YYYY", "mmmm yyyy;[Red]d",
           'mmm "d" yy', "mmm \\d yy", "[$-F800]dddd, mmmm dd, yyyy", "[h]:mm:ss", "yyyy", "mmm", "mmm yy ss", "yyyy-mm hh",
           "[Blue]mmm yy", "[Red]mmmm yyyy", "[$-id-ID]mmmm yyyy", "@", ""]
# Not listed: codes with an unclosed '"' or '[' (not valid in Excel), where the rules differ: the VBA reads the
# rest as quoted, the reader as shown ('"abc%', '0"%' percent and '"mmm yyyy', '[mmm yyyy' month for the reader
# only). NamaLembar quotes every name but A-Z, a-z, 0-9 and _, addresses.format_cell_list by str.isalnum: they
# differ on non-ASCII letters and digits ('Capaián') and on '' and '___'.
SHEETS = {"Kinerja": "Kinerja", "Data Umum": "'Data Umum'", "O'Brien": "'O''Brien'", "_lkjip": "_lkjip",
          "Anggaran2025": "Anggaran2025", "Sasaran-1": "'Sasaran-1'"}

DRIVER = r'''
import json, os, subprocess, sys, time
from pathlib import Path
try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
except ImportError:
    sys.exit(3)

spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
pipe = "lkjip-vba-%d-%d" % (os.getpid(), time.monotonic_ns())
proc = subprocess.Popen([spec["soffice"], "-env:UserInstallation=" + spec["profile"], "--headless", "--invisible",
                         "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                         "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    hidden = PropertyValue()
    hidden.Name, hidden.Value = "Hidden", True
    doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (hidden,))
    libs = doc.BasicLibraries
    lib = libs.getByName("Standard") if libs.hasByName("Standard") else libs.createLibrary("Standard")
    lib.insertByName("Aturan", spec["code"])
    provider = doc.getScriptProvider()
    out = {}
    for name, args in spec["calls"].items():
        script = provider.getScript(
            "vnd.sun.star.script:Standard.Aturan.%s?language=Basic&location=document" % name)
        out[name] = [script.invoke((a,), (), ())[0] for a in args]
    doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass  # the bridge drops as LibreOffice exits
    proc.wait(timeout=30)
    sys.stdout.write(json.dumps(out))
finally:
    if proc.poll() is None:
        proc.kill()
        proc.wait()
'''


def vba_functions(bas: str) -> str:
    """The three functions' text exactly as in the module, under the module's options and VBA support."""
    assert re.search(r"^Option Explicit$", bas, flags=re.M)
    bodies = []
    for name in FUNCTIONS:
        found = re.findall(rf"^(?:Private |Public )?Function {name}\(.*?^End Function$", bas, flags=re.M | re.S)
        assert len(found) == 1, name
        bodies.append(found[0])
    return "Option VBASupport 1\nOption Explicit\n\n" + "\n\n".join(bodies) + "\n"


def run_in_libreoffice(code: str, calls: dict[str, list[str]], tmp_path: Path) -> dict[str, list]:
    """Each function of ``calls`` called in LibreOffice Basic on each of its arguments, ``code`` the module."""
    exe = render.soffice()
    assert exe, "LibreOffice is missing: `make test` installs it (apt-get install libreoffice-calc-nogui)"
    py = render.uno_python(exe)
    driver, spec = tmp_path / "vba_driver.py", tmp_path / "vba_calls.json"
    driver.write_text(DRIVER, encoding="utf-8")
    spec.write_text(json.dumps({"soffice": exe, "profile": (tmp_path / "lo-profile").as_uri(), "code": code,
                                "calls": calls}), encoding="utf-8")
    r = render._run([py, str(driver), str(spec)], timeout=120) if py else None  # the whole group ends after
    if r is None or r.returncode == 3:
        msg = "LibreOffice's Python bridge is missing: `make test` installs it (apt-get install python3-uno)"
        if os.environ.get("LKJIP_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    return json.loads(r.stdout)


def python_rules(formats: list[str]) -> tuple[list[bool], list[bool]]:
    """The reader's answers, percent (``_style_kinds``) and month (``_month_styles``), a custom style each."""
    m = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    st = etree.Element(m + "styleSheet")
    nfs, xfs = etree.SubElement(st, m + "numFmts"), etree.SubElement(st, m + "cellXfs")
    for i, f in enumerate(formats):
        etree.SubElement(nfs, m + "numFmt", numFmtId=str(164 + i), formatCode=f)
        etree.SubElement(xfs, m + "xf", numFmtId=str(164 + i))
    percent, months = _style_kinds(st)[0], _month_styles(st)
    return [i in percent for i in range(len(formats))], [i in months for i in range(len(formats))]


def test_the_addin_s_vba_rules_are_the_reader_s(tmp_path):
    got = run_in_libreoffice(vba_functions(BAS.read_text(encoding="utf-8")),
                             {"FormatPersen": FORMATS, "FormatBulan": FORMATS, "NamaLembar": list(SHEETS)}, tmp_path)
    persen, bulan = python_rules(FORMATS)
    assert {"FormatPersen": dict(zip(FORMATS, got["FormatPersen"], strict=True)),
            "FormatBulan": dict(zip(FORMATS, got["FormatBulan"], strict=True))} == \
           {"FormatPersen": dict(zip(FORMATS, persen, strict=True)),
            "FormatBulan": dict(zip(FORMATS, bulan, strict=True))}
    assert dict(zip(SHEETS, got["NamaLembar"], strict=True)) == SHEETS
    # fixed answers for the common formats, so that the comparison cannot pass with both rules wrong the same way
    assert [f for f, m in zip(FORMATS[:14], bulan) if m] == ["mmmm yyyy", "mmm-yy", '[$-421]mmmm yyyy;@',
                                                             'mmmm "de" yyyy', "yyyy-mm"]
    assert [f for f, p in zip(FORMATS[:14], persen) if p] == ["0.00%", "#,##0.00%"]
