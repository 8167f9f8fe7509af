"""Docs and artefacts kept honest by tests."""

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import lkjip_xl
from lkjip_xl.cli import cli
from lkjip_xl.issues import ISSUE_TYPES, catalogue_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_issue_catalogue_page_is_current():
    assert (ROOT / "docs" / "issues.md").read_text(encoding="utf-8") == catalogue_markdown()


def test_every_code_is_kebab_case_and_indonesian_template():
    for code, t in ISSUE_TYPES.items():
        assert code == t.code and code == code.lower() and " " not in code
        assert t.severity in ("error", "warning")


def test_every_command_has_help_with_example_and_is_documented():
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in cli.commands:
        r = CliRunner().invoke(cli, [name, "--help"])
        assert r.exit_code == 0
        assert "Example:" in r.output, name
        assert f"lkjip {name}" in doc, name


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:15]
    text = "\n".join(head)
    assert "make demo" in text and "make test" in text


def test_exported_members():
    public = {n for n in dir(lkjip_xl) if not n.startswith("_") or n == "__version__"}
    modules = {"api", "cli", "compute", "errors", "issues", "model", "xlsx", "plan", "reader", "schema",
               "template", "validate", "writer", "numbers", "fmt", "carry", "filldata", "summary", "report", "excel", "consolidate",
               "filename", "narasi", "growth", "addresses", "marks", "fingerprint", "columns", "celltypes", "collector"}
    assert set(lkjip_xl.__all__) == public - modules
    assert lkjip_xl.__all__ == sorted(lkjip_xl.__all__)


def test_report_context_is_pure():
    """The report's words and figures are computed without I/O; only render.py and charts.py write files."""
    import ast

    tree = ast.parse((ROOT / "lkjip_xl" / "report" / "context.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] in ("__future__", "collections", "dataclasses", "decimal",
                                                         "typing", "compute", "fmt", "model", "narasi", ""), node.module
        if isinstance(node, ast.Import):
            raise AssertionError(f"context.py imports {[a.name for a in node.names]}")


def test_dependencies_flow_one_way():
    """compute/ is pure: it imports nothing that does I/O."""
    import ast

    for f in (ROOT / "lkjip_xl" / "compute").glob("*.py"):
        tree = ast.parse(f.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                mod = node.module or ""
                assert mod.split(".")[0] in ("", "model", "schema", "aggregate", "anggaran", "capaian", "efisiensi",
                                             "ikm", "predikat", "riwayat"), (f.name, mod)
            if isinstance(node, ast.Import):
                for a in node.names:
                    assert a.name.split(".")[0] not in ("openpyxl", "lxml", "zipfile", "os", "xlwings"), f.name


def test_core_import_path_stays_free_of_xlwings():
    """xlwings (and its PolyForm-licensed pro engines) load only when an Excel entry point needs a Book."""
    import subprocess
    import sys

    code = "import sys, lkjip_xl, lkjip_xl.excel, lkjip_xl.cli; print(sorted(m for m in sys.modules if 'xlwings' in m))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_excel_entry_points_are_exported():
    from lkjip_xl import excel

    for name in ("payload_from_file", "check", "recompute", "report", "apply_actions"):
        assert callable(getattr(excel, name)) and name in excel.__all__


def test_security_review_cites_tests_that_exist():
    """docs/security.md backs each point with a test: every test it names must exist."""
    import re

    doc = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    refs = re.findall(r"(test_\w+\.py)::(test_\w+)", doc)
    assert len(refs) >= 10
    for fname, test in refs:
        src = (ROOT / "tests" / fname).read_text(encoding="utf-8")
        assert f"def {test}(" in src, (fname, test)
    for case in re.findall(r"cases? `([\w.-]+)`(?:, `([\w.-]+)`)?", doc):
        for name in filter(None, case):
            assert f'"{name}"' in (ROOT / "tests" / "bad_inputs" / "make_corpus.py").read_text() or \
                f'"{name}"' in (ROOT / "tests" / "test_bad_inputs.py").read_text(), name


@pytest.mark.libreoffice  # the README shows the PDF line
def test_readme_demo_output_is_what_demo_prints(tmp_path):
    """The README quotes `make demo`'s output; it must be the real output (paths aside)."""
    import re

    from click.testing import CliRunner

    from lkjip_xl.cli import cli

    r = CliRunner().invoke(cli, ["demo", str(tmp_path / "lkjip-demo")])
    assert r.exit_code == 0, r.output
    got = r.output.replace(str((tmp_path / "lkjip-demo").resolve()), "/…/lkjip-demo").rstrip()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```text\n(Kecamatan Purwareja Klampok.*?)\n```", readme, re.S).group(1)
    assert [line.rstrip() for line in got.splitlines()] == [line.rstrip() for line in block.splitlines()]


def test_benchmark_tables_are_the_measured_results():
    """Both READMEs quote results/*.json through benchmarks/tables.py: no figure typed by hand can drift."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import tables

    assert tables.block((ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")) == tables.render()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert tables.update_project_readme(readme) == readme
