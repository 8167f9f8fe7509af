"""The vocabulary the workbook schema is written in: columns, tables, sheets, Profil keys, header matching.

:mod:`lkjip_xl.schema` declares the standard workbook with these; this module holds only the types and the one
rule by which a header typed in a workbook matches a declared name (:func:`norm`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["ColType", "Column", "Kind", "ProfilKey", "Sheet", "Table", "norm", "norm_text", "target_header", "target_year"]

Kind = Literal["input", "computed"]
ColType = Literal[
    "text",  # free text
    "code",  # an identifier typed by staff ("1.1", "7.01.01"); kept as text
    "number",  # a decimal whose unit varies from row to row (targets, realisasi): no percent format
    "score",  # a number or a textual score such as "B (71,20)"
    "money",  # whole rupiah
    "int",  # a count or an ordinal
    "year",
    "choice",
    "date",
    "percent",  # computed percentage, written as a fraction with a percent format
    "ratio",  # computed plain ratio (efisiensi rasio)
]


@dataclass(frozen=True)
class Column:
    name: str
    """Header text, matched case- and whitespace-insensitively."""
    kind: Kind = "input"
    type: ColType = "text"
    choices: tuple[str, ...] = ()
    comment: str = ""
    """The *catatan* shown on the header cell: what to enter, in Indonesian."""
    width: float = 14
    required: bool = False
    num_format: str = ""
    """Excel number format in a new workbook; empty = the type's (see ``lkjip_xl.template.number_format``)."""

    @property
    def computed(self) -> bool:
        return self.kind == "computed"


@dataclass(frozen=True)
class Table:
    name: str
    sheet: str
    caption: str
    columns: tuple[Column, ...]
    spare_rows: int = 15
    default_rows: tuple[tuple[object, ...], ...] = ()
    """Rows written into a new workbook (Profil keys, the default Skala, Narasi sections)."""
    year_columns_before: str | None = None
    """For Indikator: ``Target <tahun>`` columns for each plan year are inserted before this column."""
    key: str | None = None
    """The column whose value identifies a row (used for duplicate checks)."""
    computed_only: bool = False
    """Tables the tool owns entirely (Efisiensi, Validasi…): their row count follows the data."""
    since: str = "1"
    """The template version (:data:`lkjip_xl.schema.SCHEMA_VERSION`) that added the table: a workbook made from an older template
    (Meta 'Versi Template') may lack it without an issue."""
    row_height: float | None = None
    """Height in points of the data rows in a new workbook (Gambar: tall enough for a picture); None = Excel's."""

    @functools.cached_property
    def _by_name(self) -> dict[str, Column]:
        """Columns by normalised header (computed once per table; a frozen Table can still cache it)."""
        return {norm(c.name): c for c in self.columns}

    def column_or_none(self, name: str) -> Column | None:
        return self._by_name.get(norm(name))

    def column(self, name: str) -> Column:
        c = self._by_name.get(norm(name))
        if c is None:
            raise KeyError(name)
        return c

    def columns_for(self, years: tuple[int, ...] = ()) -> tuple[Column, ...]:
        """The columns in template order, with the plan-year target columns expanded."""
        if self.year_columns_before is None:
            return self.columns
        out: list[Column] = []
        for c in self.columns:
            if c.name == self.year_columns_before:
                out += [
                    Column(
                        target_header(y),
                        type="score",
                        width=11,
                        comment=f"Target indikator tahun {y} menurut Renstra/RPD.",
                    )
                    for y in years
                ]
            out.append(c)
        return tuple(out)

    @property
    def input_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.computed)

    @property
    def computed_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.computed)


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    hint: str
    tables: tuple[str, ...] = ()
    kind: Literal["input", "computed", "info", "meta"] = "input"
    hidden: bool = False


@dataclass(frozen=True)
class ProfilKey:
    name: str
    type: ColType = "text"
    choices: tuple[str, ...] = ()
    required: bool = False
    default: object = None
    comment: str = ""


_WS = re.compile(r"\s+")


def norm(s: object) -> str:
    """Header/key matching: case- and whitespace-insensitive."""
    if isinstance(s, str):
        return _norm_str(s)
    return _norm_str(str(s if s is not None else ""))


@functools.lru_cache(maxsize=8192)
def _norm_str(s: str) -> str:
    return _WS.sub(" ", s).strip().lower()


norm_text = _norm_str
""":func:`norm` for a str: one cached lookup, for the hot paths that look up columns by header name."""


_TARGET_RE = re.compile(r"^target (\d{4})$")


def target_year(header: object) -> int | None:
    m = _TARGET_RE.match(norm(header))
    return int(m.group(1)) if m else None


def target_header(year: int) -> str:
    return f"Target {year}"
