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
    """Each example's report in Word, HTML and PDF, made once a session: (name, check outcome, files by format)."""
    from lkjip_xl.api import check
    from lkjip_xl.report import make_report

    name = request.param
    o = check(example(name))
    made = make_report(example(name), tmp_path_factory.mktemp(f"lap-{name}"), formats=["docx", "html", "pdf"],
                       outcome=o)
    return name, o, made
