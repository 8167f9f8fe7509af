"""The Excel add-in lkjip.xlam: built reproducibly from macros/, read back by independent readers, installed."""

import io
import re
import shutil
import subprocess
import sys
import warnings
import zipfile

import olefile
import pytest
from click.testing import CliRunner
from conftest import ROOT
from lxml import etree
from ooxml_validate import ECMA
from ooxml_validate import schema as _schema

with warnings.catch_warnings():  # oletools 0.60.2 still spells pyparsing's pre-3.0 names; not ours to fix
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser, decompress_stream

from lkjip_xl.cli import cli
from lkjip_xl.excel.addin import _compress, addin_folder, build_addin

BAS = ROOT / "macros" / "LkjipTombol.bas"
UI = ROOT / "macros" / "customUI.xml"
CUSTOMUI14_XSD = ROOT / "tests" / "schemas" / "customUI14.xsd"
CUI = "{http://schemas.microsoft.com/office/2009/07/customui}"
PARTS = ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "customUI/customUI14.xml",
         "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/styles.xml",
         "xl/vbaProject.bin"]


@pytest.fixture(scope="module")
def xlam(tmp_path_factory):
    return build_addin(tmp_path_factory.mktemp("addin") / "lkjip.xlam")


def crlf_free(text):
    return text.replace("\r\n", "\n")


# --- reproducible -------------------------------------------------------------------------------------------------


def test_two_builds_are_byte_identical(xlam, tmp_path):
    again = build_addin(tmp_path / "lagi.xlam")
    assert again.read_bytes() == xlam.read_bytes()
    with zipfile.ZipFile(xlam) as z:
        assert z.namelist() == PARTS
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_STORED}


def test_an_installed_wheel_builds_the_same_addin(xlam, tmp_path):
    """A plain `pip install lkjip_xl` has no repository: the wheel carries macros/ and builds the same bytes."""
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("lkjip_xl-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    assert (site / "lkjip_xl" / "data" / "macros" / "LkjipTombol.bas").read_bytes() == BAS.read_bytes()
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; import lkjip_xl.excel.addin as a; "
            "assert a.__file__.startswith(sys.argv[1]), a.__file__; a.build_addin(Path(sys.argv[2]))")
    run = subprocess.run([sys.executable, "-c", code, str(site), str(tmp_path / "dari-wheel.xlam")],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert (tmp_path / "dari-wheel.xlam").read_bytes() == xlam.read_bytes()


# --- the VBA project, read back by oletools ----------------------------------------------------------------------


def test_olevba_extracts_exactly_the_module_source(xlam):
    parser = VBA_Parser(str(xlam))
    modules = {name: code for _, _, name, code in parser.extract_macros()}
    assert sorted(modules) == ["LkjipTombol.bas", "Sheet1.cls", "ThisWorkbook.cls"]
    assert crlf_free(modules["LkjipTombol.bas"]) == crlf_free(BAS.read_text(encoding="utf-8"))
    assert modules["ThisWorkbook.cls"].splitlines()[:2] == [
        'Attribute VB_Name = "ThisWorkbook"', 'Attribute VB_Base = "0{00020819-0000-0000-C000-000000000046}"']


def test_vba_project_is_a_compound_file_without_xlwings_reference(xlam):
    with zipfile.ZipFile(xlam) as z:
        vba = z.read("xl/vbaProject.bin")
    assert olefile.isOleFile(io.BytesIO(vba))
    ole = olefile.OleFileIO(io.BytesIO(vba), raise_defects=olefile.DEFECT_POTENTIAL)  # strictest parse
    assert ole.parsing_issues == []
    assert sorted("/".join(p) for p in ole.listdir()) == [
        "PROJECT", "PROJECTwm", "VBA/LkjipTombol", "VBA/Sheet1", "VBA/ThisWorkbook", "VBA/_VBA_PROJECT", "VBA/dir"]
    assert ole.openstream("VBA/_VBA_PROJECT").read()[:4] == b"\xcc\x61\xff\xff"  # source only: Excel compiles
    project = ole.openstream("PROJECT").read().decode("cp1252").splitlines()
    assert project[1:4] == ["Document=ThisWorkbook/&H00000000", "Document=Sheet1/&H00000000", "Module=LkjipTombol"]
    dir_stream = bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
    assert re.findall(rb"\*\\G\{([0-9A-F-]+)\}", dir_stream) == [
        b"00020430-0000-0000-C000-000000000046", b"2DF8D04C-5BFA-101B-BDE5-00AA0044DE52"]  # stdole, Office
    assert b"xlwings" not in dir_stream.lower()


def test_module_reaches_xlwings_late_bound():
    """No reference to xlwings.xlam: its RunPython/RunRemotePython are called through Application.Run."""
    bas = BAS.read_text(encoding="utf-8")
    assert re.findall(r"^Private Sub (RunPython|RunRemotePython)\(", bas, flags=re.M) == ["RunPython", "RunRemotePython"]
    assert re.findall(r"Application\.Run \"'xlwings\.xlam'!(\w+)\"", bas) == ["RunPython", "RunRemotePython"]


@pytest.mark.parametrize("data", [
    b"", b"a", b"abc" * 3000, b"-" * 9000, bytes(range(256)) * 16, (b"Sub X()\r\n" + b"' " + b"-" * 110 + b"\r\n") * 60,
], ids=["empty", "one", "repeat", "run", "incompressible-full-chunks", "rulers"])
def test_compression_round_trips_through_oletools(data):
    packed = _compress(data)
    assert packed[:1] == b"\x01"
    assert bytes(decompress_stream(bytearray(packed))) == data


# --- the ribbon -----------------------------------------------------------------------------------------------------


def test_ribbon_part_is_the_source_and_valid_customui14(xlam):
    with zipfile.ZipFile(xlam) as z:
        ribbon = z.read("customUI/customUI14.xml")
        rels = etree.fromstring(z.read("_rels/.rels"))
    assert ribbon == UI.read_bytes()
    schema = etree.XMLSchema(etree.parse(str(CUSTOMUI14_XSD)))
    schema.assertValid(etree.fromstring(ribbon))
    # the schema does constrain: an unknown button size is refused
    assert not schema.validate(etree.fromstring(ribbon.replace(b'size="large"', b'size="besar"', 1)))
    ui = {r.get("Type"): r.get("Target") for r in rels}
    assert ui["http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"] == "customUI/customUI14.xml"


def test_every_onaction_is_a_public_sub_taking_the_ribbon_control():
    actions = [e.get("onAction") for e in etree.parse(str(UI)).iter() if e.get("onAction")]
    assert actions == ["RibbonPeriksa", "RibbonHitungUlang", "RibbonBuatLaporan"]
    bas = BAS.read_text(encoding="utf-8")
    for name in actions:
        assert re.search(rf"^Public Sub {name}\(control As IRibbonControl\)$", bas, flags=re.M), name


# --- the package ------------------------------------------------------------------------------------------------------


def test_package_parts_validate_against_ecma_376(xlam):
    validated = []
    with zipfile.ZipFile(xlam) as z:
        for part in z.namelist():
            if not part.endswith((".xml", ".rels")) or part.startswith("customUI/"):
                continue
            root = etree.fromstring(z.read(part))
            _schema(ECMA[etree.QName(root).namespace]).assertValid(root)
            validated.append(part)
        types = etree.fromstring(z.read("[Content_Types].xml"))
    assert validated == [p for p in PARTS if p.endswith((".xml", ".rels")) and not p.startswith("customUI/")]
    content = {(e.get("PartName") or e.get("Extension")): e.get("ContentType") for e in types}
    assert content["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert content["bin"] == "application/vnd.ms-office.vbaProject"


@pytest.mark.libreoffice
def test_libreoffice_opens_the_addin_and_imports_its_vba(xlam, tmp_path):
    """LibreOffice's own VBA importer reads the project: every Sub of the module, and the two document modules.

    conftest.lo_convert has no import filter argument, and LibreOffice's type detection declines the add-in
    content type (it declines xlwings.xlam too), so the filter is named here.
    """
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice is missing: `make test` installs it (apt-get install libreoffice-calc-nogui)"
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--norestore",
                    "--infilter=Calc MS Excel 2007 VBA XML", "--convert-to", "ods", "--outdir", str(tmp_path),
                    str(xlam)], check=True, capture_output=True, timeout=240)
    with zipfile.ZipFile(tmp_path / "lkjip.ods") as z:
        basic = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("Basic/LKjIP/")}
    types = {n: re.search(r'script:moduleType="(\w+)"', t).group(1) for n, t in basic.items() if "script-" not in n}
    assert types == {"Basic/LKjIP/LkjipTombol.xml": "normal", "Basic/LKjIP/ThisWorkbook.xml": "document",
                     "Basic/LKjIP/Sheet1.xml": "document"}
    subs = re.findall(r"^(?:Public |Private )?(?:Sub|Function) (\w+)\(", BAS.read_text(encoding="utf-8"), flags=re.M)
    imported = re.findall(r"^(?:Public |Private )?(?:Sub|Function) (\w+)\(", basic["Basic/LKjIP/LkjipTombol.xml"],
                          flags=re.M)
    assert imported == subs and "RibbonPeriksa" in subs


# --- installing ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("platform, env, expected", [
    ("win32", {"APPDATA": r"C:\Users\camat\AppData\Roaming"}, r"C:\Users\camat\AppData\Roaming/Microsoft/AddIns"),
    ("win32", {}, "/home/camat/AppData/Roaming/Microsoft/AddIns"),
    ("darwin", {}, "/home/camat/Library/Group Containers/UBF8T346G9.Office/User Content.localized/Add-Ins.localized"),
    ("linux", {"APPDATA": "/x"}, None),
])
def test_addin_folder_per_platform(platform, env, expected):
    from pathlib import Path

    got = addin_folder(platform, env, Path("/home/camat"))
    assert (None if got is None else got.as_posix().replace("\\", "/")) == (
        None if expected is None else expected.replace("\\", "/"))


def _pasang(tmp_path, platform, *extra):
    env = {"HOME": str(tmp_path / "home"), "APPDATA": str(tmp_path / "appdata")}
    return CliRunner().invoke(cli, ["addin", "-o", str(tmp_path / "lkjip.xlam"), "--pasang", "--platform", platform,
                                    *extra], env=env)


@pytest.mark.parametrize("platform, folder, click", [
    ("win32", "appdata/Microsoft/AddIns", "File ▸ Options ▸ Add-ins ▸ Manage: Excel Add-ins ▸ Go… ▸ centang LKjIP"),
    ("darwin", "home/Library/Group Containers/UBF8T346G9.Office/User Content.localized/Add-Ins.localized",
     "Tools ▸ Excel Add-ins… ▸ centang LKjIP"),
])
def test_pasang_copies_the_addin_and_names_the_last_click(tmp_path, xlam, platform, folder, click):
    r = _pasang(tmp_path, platform)
    assert r.exit_code == 0, r.output
    installed = tmp_path / folder / "lkjip.xlam"
    assert installed.read_bytes() == xlam.read_bytes() == (tmp_path / "lkjip.xlam").read_bytes()
    assert f"Dipasang: {installed}" in r.output
    assert click in r.output


def test_pasang_keeps_a_different_addin_unless_timpa(tmp_path, xlam):
    folder = tmp_path / "appdata" / "Microsoft" / "AddIns"
    folder.mkdir(parents=True)
    (folder / "lkjip.xlam").write_bytes(b"add-in lain")
    r = _pasang(tmp_path, "win32")
    assert (r.exit_code, (folder / "lkjip.xlam").read_bytes()) == (2, b"add-in lain")
    assert "--timpa" in r.output and "Traceback" not in r.output
    assert _pasang(tmp_path, "win32", "--timpa").exit_code == 0
    assert (folder / "lkjip.xlam").read_bytes() == xlam.read_bytes()
    assert _pasang(tmp_path, "win32").exit_code == 0  # the same add-in again: nothing to refuse


def test_pasang_on_linux_writes_nothing(tmp_path):
    r = _pasang(tmp_path, "linux")
    assert r.exit_code == 2
    assert "Excel tidak tersedia" in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_missing_sources_are_an_indonesian_error(tmp_path):
    r = CliRunner().invoke(cli, ["addin", "-o", str(tmp_path / "x.xlam"), "--sumber", str(tmp_path)])
    assert r.exit_code == 2
    assert "Sumber add-in tidak ditemukan" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "x.xlam").exists()


def test_operator_guide_installs_in_one_step():
    guide = (ROOT / "macros" / "README.md").read_text(encoding="utf-8")
    assert "lkjip addin --pasang" in guide and "xlwings addin install" in guide
    assert "RibbonX Editor" not in guide and "Import File" not in guide
