"""The package's layers, read from its imports: no module imports one of a higher layer, and the runtime
dependencies in pyproject.toml are what the package imports.

Every import counts, at module level, inside a function (a lazy import is still a dependency) and under
``if TYPE_CHECKING:`` (an annotation that names a higher layer's type is a dependency of the design, if not of
the running program; no module needs that exemption today).
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lkjip_xl"

# Lowest first. A module may import modules of its own layer or lower ones. An entry names a module and
# everything under it; the longest entry that matches a module gives its layer.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    # Pure data and text, no I/O: the workbook schema, the in-memory model, the issue and error catalogue,
    # Indonesian numbers and formatting. The A1 arithmetic (xlsx/refs.py, which imports nothing) sits here too:
    # the model's tables name their cells with it.
    ("core", ("lkjip_xl._version", "lkjip_xl.columns", "lkjip_xl.errors", "lkjip_xl.issues", "lkjip_xl.schema",
              "lkjip_xl.narasi", "lkjip_xl.model", "lkjip_xl.numbers", "lkjip_xl.fmt", "lkjip_xl.filename", "lkjip_xl.xlsx.refs")),
    # The .xlsx package: zip, parts, cells, patches.
    ("xlsx", ("lkjip_xl.xlsx", "lkjip_xl.addresses")),
    ("reader", ("lkjip_xl.reader", "lkjip_xl.celltypes", "lkjip_xl.fingerprint")),
    ("compute", ("lkjip_xl.compute",)),
    # What each computed cell should hold, the checks, and the lossless write of both.
    ("validate", ("lkjip_xl.plan", "lkjip_xl.validate", "lkjip_xl.growth", "lkjip_xl.marks", "lkjip_xl.writer")),
    # The library's verbs: check/recompute, the summary, a new workbook (blank, filled or carried over).
    ("api", ("lkjip_xl.api", "lkjip_xl.summary", "lkjip_xl.template", "lkjip_xl.filldata", "lkjip_xl.carry")),
    # The edges: the command line, the Excel buttons and server, the report, the roll-up, the package root.
    ("edge", ("lkjip_xl", "lkjip_xl.__main__", "lkjip_xl.cli", "lkjip_xl.collector", "lkjip_xl.excel",
              "lkjip_xl.report", "lkjip_xl.consolidate")),
]

# Imported only by report/lo_pdf.py, a script run by LibreOffice's own Python: LibreOffice's UNO bridge.
NOT_FROM_PYPI = {"uno", "com"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int | None:
    best: tuple[int, int] | None = None  # (length of the matching entry, layer)
    for i, (_, entries) in enumerate(LAYERS):
        for e in entries:
            if (module == e or module.startswith(e + ".")) and (best is None or len(e) > best[0]):
                best = (len(e), i)
    return None if best is None else best[1]


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """The package's modules and the top-level names of the other modules ``path`` imports, anywhere in it."""
    return _imports_of(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py")


def _imports_of(source: str, name: str, is_package: bool) -> tuple[set[str], set[str]]:
    package = name if is_package else name.rpartition(".")[0]
    ours, theirs = set(), set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                base_name = ".".join(base + ([node.module] if node.module else []))
            else:
                base_name = node.module or ""
            # `from . import schema` imports the module lkjip_xl.schema; `from .refs import cell_ref` the
            # module lkjip_xl.refs
            subs = [f"{base_name}.{a.name}" for a in node.names if f"{base_name}.{a.name}" in modules()]
            targets = subs if len(subs) == len(node.names) else [base_name, *subs]
        else:
            continue
        for t in targets:
            if t == "lkjip_xl" or t.startswith("lkjip_xl."):
                while t not in modules() and "." in t:  # `import lkjip_xl.a.b` where b is a name
                    t = t.rpartition(".")[0]
                if t != name:
                    ours.add(t)
            else:
                theirs.add(t.partition(".")[0])
    return ours, theirs


MAX_MODULE_LINES = 620
"""About 600: a module longer than that holds more than one concept and is split (schema.py into columns.py)."""


def test_no_module_is_too_long_to_read():
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in PACKAGE.rglob("*.py")}
    assert sizes["lkjip_xl/reader.py"] > 100  # the count reads real files
    assert {m: n for m, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test_the_xlsx_layer_exists():
    assert any(layer_of(m) == 1 and m != "lkjip_xl.addresses" for m in modules())


def test_every_module_has_a_layer():
    """A new module is placed in LAYERS on purpose."""
    assert [m for m in modules() if layer_of(m) is None] == []


def test_no_module_imports_a_higher_layer():
    up = []
    for m, path in modules().items():
        for t in sorted(_imports(path)[0]):
            if layer_of(t) is not None and layer_of(m) is not None and layer_of(t) > layer_of(m):
                up.append(f"{m} ({LAYERS[layer_of(m)][0]}) imports {t} ({LAYERS[layer_of(t)][0]})")
    assert up == []


def test_the_layering_test_sees_every_kind_of_import():
    source = """
from typing import TYPE_CHECKING
from .. import schema
from . import source
from ..xlsx import cell_ref
import lkjip_xl.compute.capaian
if TYPE_CHECKING:
    from ..api import Outcome
def f():
    from ..report import render
    import yaml.constructor
"""
    ours, theirs = _imports_of(source, "lkjip_xl.excel.payload", is_package=False)
    assert ours == {"lkjip_xl.schema", "lkjip_xl.excel.source", "lkjip_xl.xlsx", "lkjip_xl.compute.capaian",
                    "lkjip_xl.api", "lkjip_xl.report.render"}
    assert theirs == {"typing", "yaml"}


def _dist_name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group(0)).lower()


@pytest.fixture(scope="module")
def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def imported_distributions() -> dict[str, set[str]]:
    """The distributions the package imports, each with the modules that import it."""
    dists = packages_distributions()
    found: dict[str, set[str]] = {}
    for m, path in modules().items():
        for top in _imports(path)[1]:
            if top in sys.stdlib_module_names or top in NOT_FROM_PYPI or top == "__future__":
                continue
            for d in dists.get(top, [f"<not installed: {top}>"]):
                found.setdefault(_dist_name(d), set()).add(m)
    return found


def test_runtime_dependencies_are_what_the_package_imports(project):
    runtime = {_dist_name(r) for r in project["dependencies"]}
    extras = {_dist_name(r) for k, v in project["optional-dependencies"].items() if k != "test" for r in v}
    imported = imported_distributions()
    assert {d: sorted(ms) for d, ms in imported.items() if d not in runtime | extras} == {}
    assert sorted(runtime - set(imported)) == []  # nothing installed for users that the package never imports


def test_the_test_extra_installs_the_extras_and_what_only_tests_use(project):
    extras = project["optional-dependencies"]
    test = {_dist_name(r) for r in extras["test"]}
    assert {_dist_name(r) for k, v in extras.items() if k != "test" for r in v} <= test
    assert {"openpyxl", "python-calamine", "mypy", "lxml-stubs", "types-pyyaml"} <= test
