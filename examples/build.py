"""Regenerate the example workbooks from their data files: `python examples/build.py`.

Each `examples/data/<name>.yaml` is a reviewer-readable transcription of one real report in
`shared/seeds/`; `examples/<name>.xlsx` is built from it and recomputed. Fix a wrong number in the YAML and
rebuild; never edit the workbooks by hand. The build is deterministic (fixed time stamps), so a test can
check that the committed workbooks are what the data files produce.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from lkjip_xl.api import recompute  # noqa: E402
from lkjip_xl.filldata import build_from_data, load_data  # noqa: E402

NAMES = ("balapulang-2022", "bantarbolang-2023", "purwareja-klampok-2024")


def stamp(doc: dict) -> dt.datetime:
    """The recompute time written into the workbook: the report's own date, for a reproducible file."""
    d = (doc.get("tables", {}).get("Profil") or {}).get("Tanggal Laporan")
    if isinstance(d, dt.date):
        return dt.datetime(d.year, d.month, d.day)
    return dt.datetime(2020, 1, 1)


def build(name: str, out_dir: Path = HERE) -> Path:
    doc = load_data(HERE / "data" / f"{name}.yaml")
    out = out_dir / f"{name}.xlsx"
    build_from_data(doc, out)
    recompute(out, now=stamp(doc))
    return out


def main(argv: list[str]) -> None:
    names = argv or [n for n in NAMES if (HERE / "data" / f"{n}.yaml").exists()]
    for n in names:
        print(build(n))


if __name__ == "__main__":
    main(sys.argv[1:])
