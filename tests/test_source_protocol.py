"""The reader's source interface (lkjip_xl.xlsx.source.WorkbookSource) and its two implementations."""

from __future__ import annotations

import inspect
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from lkjip_xl import reader
from lkjip_xl.xlsx import Package
from lkjip_xl.xlsx.source import WorkbookSource

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bantarbolang-2023.xlsx"

if TYPE_CHECKING:  # what mypy checks of these tests: both sources are WorkbookSources
    from lkjip_xl.excel.source import BookSource

    def _file(p: Package) -> WorkbookSource:
        return p

    def _book(b: BookSource) -> WorkbookSource:
        return b


def _book_source():
    import xlwings as xw

    from lkjip_xl import excel
    from lkjip_xl.excel.source import BookSource

    return BookSource(xw.Book(json=excel.payload_from_file(EXAMPLE)))


def test_the_file_package_is_a_source():
    assert isinstance(Package.open(EXAMPLE), WorkbookSource)


def test_the_excel_book_is_a_source_that_says_what_it_cannot_see():
    src = _book_source()
    assert isinstance(src, WorkbookSource)
    assert src.pictures("Gambar") is None  # a payload of values carries no pictures
    assert src.merged("Data Kinerja") == []


def test_something_else_is_not_a_source():
    assert not isinstance(object(), WorkbookSource)


def test_the_reader_asks_the_source_only_through_the_interface():
    """No duck typing: every member the reader uses is declared (no getattr probes, no Any for the source)."""
    code = inspect.getsource(reader)
    assert "getattr(self.pkg" not in code
    assert "pkg: Any" not in code and "pkg: WorkbookSource" in code
    declared = {n for n in vars(WorkbookSource) if not n.startswith("_")}
    used = set(re.findall(r"self\.pkg\.(\w+)", code))
    assert used <= declared, used - declared


@pytest.mark.skipif(shutil.which("mypy", path=str(Path(sys.executable).parent)) is None, reason="mypy not installed")
def test_both_sources_type_check_as_workbook_sources(tmp_path):
    """mypy, on the structural claim alone: both classes satisfy the Protocol."""
    probe = tmp_path / "probe.py"
    probe.write_text(textwrap.dedent("""
        from lkjip_xl.excel.source import BookSource
        from lkjip_xl.xlsx import Package
        from lkjip_xl.xlsx.source import WorkbookSource

        def file(p: Package) -> WorkbookSource:
            return p

        def book(b: BookSource) -> WorkbookSource:
            return b
    """))
    mypy = Path(sys.executable).parent / "mypy"
    out = subprocess.run([str(mypy), "--follow-imports=silent", "--ignore-missing-imports", "--no-incremental",
                          "--cache-dir", str(tmp_path / "cache"), str(probe)], capture_output=True, text=True,
                         cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
