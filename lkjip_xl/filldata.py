"""Filled workbooks from plain data files (YAML), for the demo, the examples and tests.

A reviewer reads and corrects the YAML; the workbook is regenerated from it, never edited by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .schema import PROFIL_KEYS, norm

__all__ = ["load_data", "build_from_data", "DEMO_DATA", "EXAMPLES", "example_data"]

EXAMPLES_DIR = Path(__file__).parent / "data" / "examples"
"""The examples' data files (the repository's `examples/data`, packaged with lkjip_xl)."""
EXAMPLES = ("balapulang-2022", "bantarbolang-2023", "purwareja-klampok-2024")
DEMO_EXAMPLE = "purwareja-klampok-2024"
DEMO_DATA = EXAMPLES_DIR / f"{DEMO_EXAMPLE}.yaml"


def example_data(name: str) -> Path:
    return EXAMPLES_DIR / f"{name}.yaml"


def _loader() -> Any:
    """YAML 1.1 reads `No`, `Ya`-like words `yes/no/on/off` as booleans: `{No: 1}` would lose the column "No".

    Only `true`/`false` stay booleans; everything else a reviewer types is text or a number.
    """
    import re

    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                 list("tTfF"))
    return Loader


def load_data(path: str | Path) -> dict[str, Any]:
    import yaml

    with open(path, encoding="utf-8") as fh:
        doc = yaml.load(fh, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    return dict(doc)


def _profil_rows(profil: Mapping[str, Any]) -> list[dict[str, Any]]:
    given = {norm(k): v for k, v in profil.items()}
    rows = [{"Isian": k.name, "Nilai": given.pop(norm(k.name), k.default)} for k in PROFIL_KEYS]
    rows += [{"Isian": k, "Nilai": v} for k, v in profil.items() if norm(k) in given]
    return rows


def build_from_data(doc: Mapping[str, Any], out: str | Path, *, protect: bool = False, decorate: Any = None) -> Path:
    """Write a workbook holding the rows of ``doc['tables']`` (Profil as a mapping key → value)."""
    from .template import build_workbook

    y0, y1 = doc["renstra"]
    tables = dict(doc.get("tables") or {})
    data: dict[str, list[dict[str, Any]]] = {}
    for name, rows in tables.items():
        data[name] = _profil_rows(rows) if name == "Profil" else list(rows or [])
    years = tuple(range(int(y0), int(y1) + 1))
    return build_workbook(out, years=years, data=data, protect=protect, decorate=decorate)
