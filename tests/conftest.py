import fnmatch
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from lkjip_xl.filldata import EXAMPLES, build_from_data, load_data  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini.yaml"
"""A small workbook's data whose cells the validation tests name."""


def lo_convert(src, outdir, fmt, tmp_path):
    """Real LibreOffice, headless, converting ``src`` into ``outdir`` (its own profile under ``tmp_path``)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice is missing: `make test` installs it (apt-get install libreoffice-calc-nogui)"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--norestore",
         "--convert-to", fmt, "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=240,
    )


@pytest.fixture(scope="session")
def demo_doc():
    return load_data(MINI)


@pytest.fixture(scope="session")
def _demo_book(tmp_path_factory, demo_doc):
    p = tmp_path_factory.mktemp("demo") / "demo.xlsx"
    build_from_data(demo_doc, p)
    return p


@pytest.fixture
def demo_book(_demo_book, tmp_path):
    """A fresh copy of the filled demo workbook (never recomputed)."""
    p = tmp_path / "demo.xlsx"
    shutil.copy(_demo_book, p)
    return p


@pytest.fixture
def make_book(tmp_path, demo_doc):
    """Build a workbook from the demo data after ``edit(doc)`` changes it (a deep copy)."""
    import copy

    def make(edit=None, name="wb.xlsx", **kw):
        doc = copy.deepcopy(demo_doc)
        if edit:
            edit(doc)
        p = tmp_path / name
        build_from_data(doc, p, **kw)
        return p

    return make


def example(name):
    """The filled example workbook ``name`` (one of lkjip_xl.filldata.EXAMPLES)."""
    return ROOT / "examples" / f"{name}.xlsx"


@pytest.fixture(scope="session", params=EXAMPLES)
def generated(request, tmp_path_factory):
    """Each example's report in Word and HTML, made once a session: (name, check outcome, files by format)."""
    from lkjip_xl.api import check
    from lkjip_xl.report import make_report

    name = request.param
    o = check(example(name))
    made = make_report(example(name), tmp_path_factory.mktemp(f"lap-{name}"), formats=["docx", "html"], outcome=o)
    return name, o, made


@pytest.fixture(scope="session")
def generated_pdf(generated):
    """``generated`` with the PDF that make_report(formats=[..., "pdf"]) writes from the same Word file; only for
    tests marked libreoffice."""
    from lkjip_xl.report.render import render_pdf

    name, o, made = generated
    docx = made["docx"]
    return name, o, {**made, "pdf": render_pdf(docx, docx.with_suffix(".pdf"))}


# --- every workbook the suite writes opens in Excel without a repair -------------------------------------------------
#
# After each test, every .xlsx/.xlam in a directory of the session's temporary base (tmp_path, tmp_path_factory)
# that appeared since the previous test is validated against the ECMA-376 schemas (ooxml_validate) and checked for
# Excel's repair triggers (xlsx_repair); a violation fails the test at teardown. The rule is "new directories",
# so a session or module fixture's files are checked after the first test that uses them, each file once, and
# each distinct content once (a digest cache). Files over 20 MB (a test's deliberately huge attachment) are not.
# A test that writes packages which are not the project's valid output (deliberately broken inputs, or files
# another program such as LibreOffice wrote) says so with @pytest.mark.writes_invalid_xlsx, with glob patterns of
# the files to leave alone (relative to its directory: "lo/*"), or none to leave all of its files alone.

_CHECKED_DIRS: set[str] = set()
_VERDICTS: dict[str, list[str]] = {}  # sha256 of a package -> its violations


def pytest_configure(config):
    config.addinivalue_line("markers", "writes_invalid_xlsx(*globs): leave these written .xlsx/.xlam unchecked "
                                       "(deliberately broken, or another program's); no globs: all of them")


def package_problems(path: Path) -> list[str]:
    """The schema violations and Excel repair triggers of one package, each distinct content checked once."""
    from ooxml_validate import package_violations
    from xlsx_repair import repair_triggers

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest not in _VERDICTS:
        try:
            found = [f"schema {e}" for errs in package_violations(path).values() for e in errs]
            found += [f"repair {t}" for t in repair_triggers(path)]
        except Exception as e:  # not a zip, a missing workbook part, XML that does not parse...
            found = [f"unreadable: {type(e).__name__}: {e}"]
        _VERDICTS[digest] = found
    return _VERDICTS[digest]


def new_package_problems(base: Path, checked: set[str], skip: tuple[str, ...] = ()) -> list[str]:
    """The problems of every package in the directories of ``base`` not yet in ``checked`` (added to it), except
    those matching a glob of ``skip`` (relative to their directory)."""
    new = [d for d in base.iterdir() if d.is_dir() and not d.is_symlink() and d.name not in checked]  # not "...current"
    checked.update(d.name for d in new)
    if "*" in skip:
        return []
    problems = []
    for d in new:
        for p in sorted([*d.rglob("*.xlsx"), *d.rglob("*.xlam")]):
            if p.is_file() and p.stat().st_size <= 20 * 2**20 and \
                    not any(fnmatch.fnmatch(p.relative_to(d).as_posix(), g) for g in skip):
                problems += [f"{p.relative_to(base)}: {v}" for v in package_problems(p)]
    return problems


@pytest.fixture(autouse=True)
def _written_workbooks_open_in_excel(request, tmp_path_factory):
    yield
    marker = request.node.get_closest_marker("writes_invalid_xlsx")
    skip = ("*",) if marker is not None and not marker.args else marker.args if marker else ()
    problems = new_package_problems(tmp_path_factory.getbasetemp(), _CHECKED_DIRS, skip)
    if problems:
        pytest.fail("A written package would make Excel repair it (or breaks ECMA-376):\n" + "\n".join(problems[:40]),
                    pytrace=False)


# --- LibreOffice only for tests marked libreoffice ---------------------------------------------------------------------
#
# A marked test is skipped where LibreOffice is missing (failed instead when LKJIP_REQUIRE_LIBREOFFICE=1, as in
# `make test`, which installs it). An unmarked test runs as on a machine without LibreOffice: the package's
# `soffice()` finds none, so `lkjip demo` and the report skip the PDF as they do there, and any process it starts
# that is LibreOffice (soffice, libreoffice, the lo_pdf.py bridge) fails the test, fixtures included.

_LO_PROGRAMS = {"soffice", "soffice.bin", "libreoffice", "lo_pdf.py"}
_RUNNING: list[pytest.Item] = []  # the test being run, while it runs (setup, call and teardown)


def launches_libreoffice(args) -> bool:
    """Whether a Popen argument list starts LibreOffice (directly or through lo_pdf.py)."""
    argv = [args] if isinstance(args, (str, bytes, os.PathLike)) else list(args)
    return any(Path(os.fsdecode(a)).name in _LO_PROGRAMS for a in argv[:2])


_popen_init = subprocess.Popen.__init__


def _guarded_popen_init(self, args, *a, **kw):
    item = _RUNNING[-1] if _RUNNING else None
    if item is not None and item.get_closest_marker("libreoffice") is None and launches_libreoffice(args):
        pytest.fail(f"{item.nodeid} starts LibreOffice ({args!r}) without @pytest.mark.libreoffice", pytrace=False)
    _popen_init(self, args, *a, **kw)


subprocess.Popen.__init__ = _guarded_popen_init  # type: ignore[method-assign]


def _libreoffice_present() -> bool:
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _RUNNING.append(item)
    try:
        with pytest.MonkeyPatch.context() as mp:
            if item.get_closest_marker("libreoffice") is None:
                mp.setattr("lkjip_xl.report.render.soffice", lambda: None)
            return (yield)
    finally:
        _RUNNING.pop()


def pytest_runtest_setup(item):
    if item.get_closest_marker("libreoffice") is not None and not _libreoffice_present():
        if os.environ.get("LKJIP_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice is missing: `make test` installs it (apt-get install libreoffice-writer-nogui)",
                        pytrace=False)
        pytest.skip("LibreOffice is missing: `make test` installs it")
