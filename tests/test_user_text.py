"""One word for an error in everything staff read: "Error"/"error", never "galat" (issue 16).

Validasi, the buttons and the command line say "Error"; the guide once said "galat". Scanned here: the docs, the
issue and error catalogue, every string the package holds (CLI messages, help texts, the workbook's Petunjuk and
Validasi texts), the CLI's help and output on a workbook with errors, the files the Excel add-in and server serve,
and the text of a new workbook. The code identifier ``galat-excel`` is a machine code, not a word staff read.
"""

from __future__ import annotations

import ast
import re
import zipfile

import pytest
from click.testing import CliRunner
from conftest import ROOT, example

from lkjip_xl import issues
from lkjip_xl.cli import cli

GALAT = re.compile(r"galat", re.IGNORECASE)
CODES = ("galat-excel",)
"""Machine codes that keep the old word (renaming a code would break workbooks and scripts that name it)."""


def galat(text: str) -> list[str]:
    """The lines of ``text`` that say "galat" outside an allowed code."""
    out = []
    for line in text.splitlines():
        bare = line
        for code in CODES:
            bare = bare.replace(code, "")
        if GALAT.search(bare):
            out.append(line.strip())
    return out


DOCS = sorted({*(ROOT / "docs").glob("*.md"), ROOT / "README.md", *ROOT.glob("macros/*.md"),
               *ROOT.glob("lkjip_xl/data/macros/*.md")})


def test_the_docs_we_scan_are_there():
    names = {p.relative_to(ROOT).as_posix() for p in DOCS}
    assert {"docs/panduan.md", "docs/issues.md", "README.md"} <= names


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_doc_says_galat(path):
    assert galat(path.read_text(encoding="utf-8")) == []


def strings_in(obj, seen=None):
    """Every string held by a catalogue entry (its fields, nested dicts and tuples), recursively."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings_in(k, seen)
            yield from strings_in(v, seen)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for v in obj:
            yield from strings_in(v, seen)
    elif hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            yield from strings_in(getattr(obj, name, None), seen)


def test_the_issue_and_error_catalogue_says_error():
    entries = [*issues.ISSUE_TYPES.values(), *getattr(issues, "ERROR_TYPES", {}).values()]
    assert len(entries) > 30
    texts = [s for e in entries for s in strings_in(e)]
    assert any("error" in t.lower() for t in texts)  # the word is there: "nilai error Excel"
    assert [t for t in texts if galat(t)] == []
    assert [c for c in issues.ISSUE_TYPES if GALAT.search(c)] == list(CODES)


def package_strings():
    """(file, line, text) of every string literal in the package's source: messages, help, sheet texts."""
    for path in sorted((ROOT / "lkjip_xl").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield path.relative_to(ROOT).as_posix(), node.lineno, node.value


def test_no_string_in_the_package_says_galat():
    found = [(f, n, t) for f, n, t in package_strings() if galat(t)]
    assert found == []


def served_texts():
    """The files the add-in and the server hand to staff (task pane, manifest, ribbon, templates) and the VBA
    module's string literals (its MsgBox texts; comments are not shown)."""
    for pattern in ("lkjip_xl/**/*.html", "lkjip_xl/**/*.js", "lkjip_xl/**/*.xml", "lkjip_xl/**/*.j2",
                    "templates/*.j2", "macros/*.xml"):
        for p in ROOT.glob(pattern):
            yield p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8", errors="replace")
    for p in [*ROOT.glob("macros/*.bas"), *ROOT.glob("lkjip_xl/data/macros/*.bas")]:
        literals = re.findall(r'"((?:[^"]|"")*)"', "\n".join(
            line for line in p.read_text(encoding="utf-8", errors="replace").splitlines()
            if not line.lstrip().startswith("'")))
        yield p.relative_to(ROOT).as_posix(), "\n".join(literals)


def test_nothing_the_addin_or_server_shows_says_galat():
    found = [(name, galat(text)) for name, text in served_texts() if galat(text)]
    assert found == []


def commands(group, prefix=()):
    yield prefix
    for name, cmd in getattr(group, "commands", {}).items():
        yield from commands(cmd, (*prefix, name))


def test_cli_help_and_messages_say_error(tmp_path):
    runner = CliRunner()
    helps = []
    for path in commands(cli):
        r = runner.invoke(cli, [*path, "--help"])
        assert r.exit_code == 0, (path, r.output)
        helps.append(r.output)
    assert len(helps) >= 7
    assert [h for h in helps if galat(h)] == []
    # a workbook with errors: what check prints names them "Error"
    r = runner.invoke(cli, ["check", str(example("bantarbolang-2023"))])
    assert r.exit_code == 1, r.output
    assert "error" in r.output.lower() and galat(r.output) == []


def test_a_new_workbook_says_error(tmp_path):
    """Every text of a new workbook (Petunjuk, hints, Validasi headers, comments, data-validation messages)."""
    from lkjip_xl.template import build_default_template

    p = build_default_template(tmp_path / "baru.xlsx")
    with zipfile.ZipFile(p) as z:
        text = "\n".join(z.read(n).decode("utf-8", errors="replace") for n in z.namelist()
                         if n.endswith((".xml", ".vml")))
    assert "Petunjuk" in text
    assert galat(text) == []
