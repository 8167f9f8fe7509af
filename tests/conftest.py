import os
import shutil
import subprocess
from pathlib import Path

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from lkjip_xl.filldata import build_from_data, load_data  # noqa: E402

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
