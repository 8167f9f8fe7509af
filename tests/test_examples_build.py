"""The committed example workbooks are exactly what their data files produce: fix the YAML, never the .xlsx."""

import sys

import pytest
from conftest import ROOT

from lkjip_xl.filldata import EXAMPLES, example_data

sys.path.insert(0, str(ROOT / "examples"))
import build  # noqa: E402


@pytest.mark.parametrize("name", EXAMPLES)
def test_committed_workbook_is_rebuilt_identically(name, tmp_path):
    fresh = build.build(name, tmp_path)
    committed = ROOT / "examples" / f"{name}.xlsx"
    assert fresh.read_bytes() == committed.read_bytes(), f"run `python examples/build.py {name}` and commit"


def test_packaged_examples_are_the_repository_data():
    for name in EXAMPLES:
        assert example_data(name).read_bytes() == (ROOT / "examples" / "data" / f"{name}.yaml").read_bytes()
    assert build.NAMES == EXAMPLES
