"""The suite's own rule (conftest.py): only a test marked libreoffice may start LibreOffice."""

import subprocess
import sys

import pytest
from conftest import launches_libreoffice

from lkjip_xl.report import render


def test_an_unmarked_test_cannot_start_libreoffice():
    with pytest.raises(pytest.fail.Exception, match="without @pytest.mark.libreoffice"):
        subprocess.run(["soffice", "--version"], capture_output=True)


def test_an_unmarked_test_runs_as_without_libreoffice():
    assert render.soffice() is None


@pytest.mark.parametrize(("argv", "starts"), [
    (["/usr/bin/soffice", "--headless", "--convert-to", "pdf", "x.docx"], True),
    ("libreoffice", True),
    ([sys.executable, str(render._UNO_SCRIPT), "/usr/bin/soffice", "p", "in.docx", "out.pdf"], True),
    (["pdftotext", "-layout", "x.pdf", "-"], False),
    (["pgrep", "-f", "/tmp/x/lkjip-pdf-"], False),
])
def test_what_counts_as_starting_libreoffice(argv, starts):
    assert launches_libreoffice(argv) is starts


@pytest.mark.libreoffice
def test_a_marked_test_finds_libreoffice():
    assert render.soffice() is not None
