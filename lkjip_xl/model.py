"""What a workbook holds once read: rows of typed values, each remembering its cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .columns import norm, norm_text
from .issues import Issue

__all__ = ["BulanTahun", "Score", "Rec", "RowCells", "TableGeom", "Gambar", "Workbook"]


class RowCells(Mapping[str, str]):
    """The A1 addresses of one row, made on demand from the table's column letters (shared by all rows)."""

    __slots__ = ("_letters", "_row")

    def __init__(self, letters: dict[str, str], row: int) -> None:
        self._letters = letters
        self._row = row

    def __getitem__(self, key: str) -> str:
        return f"{self._letters[key]}{self._row}"

    def __iter__(self) -> Iterator[str]:
        return iter(self._letters)

    def __len__(self) -> int:
        return len(self._letters)


class BulanTahun(dt.date):
    """A date given as a month and year only ("Januari 2025", as four of five real reports date their signature):
    the first of that month wherever a date is compared, printed as the month and year (:func:`lkjip_xl.fmt.tanggal`)."""

    def __new__(cls, year: int, month: int) -> BulanTahun:
        return super().__new__(cls, year, month, 1)

    def __reduce__(self) -> tuple[type, tuple[int, int]]:
        return (BulanTahun, (self.year, self.month))


@dataclass(frozen=True)
class Score:
    """A target or realisasi: a number, possibly typed as a grade with its score, e.g. "B (71,20)"."""

    value: Decimal | None
    text: str | None = None
    """The typed text when it was not a plain number (kept for the report)."""

    def __str__(self) -> str:
        return self.text if self.text is not None else ("" if self.value is None else str(self.value))


@dataclass
class Rec:
    """One data row of a table: typed values by normalised header, and where each came from."""

    table: str
    sheet: str
    row: int
    values: dict[str, Any]
    cells: Mapping[str, str]
    """A1 address per normalised header (every column of the table, present or not)."""
    raw: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values.get(norm_text(name))

    def get(self, name: str, default: Any = None) -> Any:
        v = self.values.get(norm_text(name))
        return default if v is None else v

    def cell(self, name: str) -> str:
        return self.cells.get(norm_text(name), "")

    def num(self, name: str) -> Decimal | None:
        """The numeric value of a number or score column."""
        v = self.values.get(norm_text(name))
        if isinstance(v, Score):
            return v.value
        return v if isinstance(v, Decimal) else None


@dataclass
class TableGeom:
    """Where a table is in the file, for pointing at cells and for writing computed columns."""

    name: str
    sheet: str
    header_row: int
    first_row: int
    last_row: int
    first_col: int
    last_col: int
    columns: dict[str, int]
    """Column index by normalised header."""

    def cell(self, row: int, column: str) -> str:
        from .xlsx.refs import cell_ref

        col = self.columns.get(norm(column))
        return cell_ref(row, col) if col else ""

    def header_cell(self, column: str | None = None) -> str:
        from .xlsx.refs import cell_ref

        col = self.columns.get(norm(column or ""), self.first_col)
        return cell_ref(self.header_row, col)


@dataclass(frozen=True)
class Gambar:
    """A picture staff placed over a row of the Gambar table, for the report."""

    jenis: str
    """The row's Jenis: "Logo", "Struktur Organisasi", "Inovasi", "Kegiatan" or "Lampiran"."""
    keterangan: str
    """The caption to print under it ("" when the row has none)."""
    data: bytes = field(repr=False)
    """The image file as stored in the workbook."""
    ext: str
    """Its type: "png", "jpeg", "gif", "bmp", "emf" or "wmf" (the ones Word shows; others are reported)."""
    width_emu: int
    """Size as shown on the sheet, in EMU (914400 a inch; 0 when unknown)."""
    height_emu: int
    sheet: str
    cell: str
    """The Jenis cell of its row (where an issue about it points)."""
    name: str = ""
    """The picture's name in Excel ("Picture 3") and its alt text, if any."""
    description: str = ""


@dataclass
class Workbook:
    path: str
    tables: dict[str, list[Rec]]
    geoms: dict[str, TableGeom]
    profil: dict[str, tuple[Any, str]]
    """Profil value and its cell by normalised key."""
    years: tuple[int, ...]
    meta: dict[str, str]
    computed: dict[tuple[str, int, str], Any]
    """Current content of computed cells: (table, row, normalised header) → value as found (formulas as text)."""
    issues: list[Issue]
    fingerprint: str
    inputs_unchanged: bool = False
    """Whether the inputs are those the computed cells were last computed from (by the digest in Meta, of
    whichever definition stored it): worked out once, by the reader."""
    gambar: list[Gambar] = field(default_factory=list)
    """The pictures of the Gambar sheet, in sheet order (by row, then column); at most one Logo (the first)."""

    @property
    def template_version(self) -> str:
        """The template version the workbook was made from (Meta 'Versi Template'; "1" when it does not say):
        tables added by later versions may be missing from it."""
        return self.meta.get("versi template") or "1"

    def gambar_of(self, jenis: str) -> list[Gambar]:
        """The pictures of one Jenis ("Logo", "Struktur Organisasi", "Inovasi", "Kegiatan", "Lampiran")."""
        return [g for g in self.gambar if g.jenis == jenis]

    def rows(self, table: str) -> list[Rec]:
        return self.tables.get(table, [])

    def prof(self, key: str, default: Any = None) -> Any:
        v = self.profil.get(norm(key), (None, ""))[0]
        return default if v is None or v == "" else v

    def prof_cell(self, key: str) -> str:
        return self.profil.get(norm(key), (None, ""))[1]

    @property
    def final(self) -> bool:
        """Status Dokumen is Final (the choice typing reads any spelling of it as "Final"; blank is a draft)."""
        return bool(self.prof("Status Dokumen") == "Final")

    @property
    def tahun(self) -> int | None:
        v = self.prof("Tahun Laporan")
        return v if isinstance(v, int) else None
