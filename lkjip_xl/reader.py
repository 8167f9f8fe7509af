"""Read a standard workbook by table name and header, tolerant of what staff type.

Rows may be inserted, columns moved, extra columns added: tables are found by name and columns by header text.
Values are parsed per column type (``85,5``, ``85,5%``, ``Rp 1.234.567,-``, numbers stored as text); every
problem becomes an :class:`~lkjip_xl.issues.Issue` pointing at its cell, never an exception. Only a file that
cannot be used at all raises (:mod:`lkjip_xl.errors`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from . import schema
from .celltypes import Invalid, Typer, looks_numeric, text_of, typer
from .errors import NotStandardWorkbook, UnsupportedTemplateVersion
from .fingerprint import CELL_ERROR, fingerprint, unchanged
from .issues import Issue, issue
from .model import Gambar, Rec, RowCells, TableGeom, Workbook
from .numbers import BLANKS, NumberOutOfRange, NumberParseError, is_blank, parse_number
from .schema import PROFIL_KEYS, SCHEMA_VERSION, TABLES, Column, norm, target_year
from .xlsx import (
    MAX_PICTURE_BYTES,
    Cell,
    Package,
    Picture,
    TablePart,
    cell_ref,
    col_letter,
    is_date_serial,
    parse_range,
)
from .xlsx.cells import rows_extent
from .xlsx.source import WorkbookSource

__all__ = ["read_package", "read_workbook"]



def read_workbook(path: str | Path) -> Workbook:
    """Read and type a workbook file. Raises only :class:`~lkjip_xl.errors.WorkbookUnreadable`."""
    return read_package(Package.open(path))


def read_package(pkg: WorkbookSource) -> Workbook:
    """Read and type a workbook from any source: a file :class:`~lkjip_xl.xlsx.Package`, or an open Excel book
    (:class:`lkjip_xl.excel.source.BookSource`)."""
    return _Reader(pkg).read()


class _Reader:
    def __init__(self, pkg: WorkbookSource) -> None:
        self.pkg = pkg
        self.issues: list[Issue] = []
        self._evaluating: set[tuple[str, int, int]] = set()

    # --- top level -------------------------------------------------------------------------------------------

    def read(self) -> Workbook:
        pkg = self.pkg
        known = [t for t in TABLES if pkg.table(t)]
        if not any(pkg.table(t) for t in ("Profil", "Kinerja", "Indikator", "Anggaran")):
            raise NotStandardWorkbook(path=pkg.path)
        meta = self._meta()
        ver = meta.get("versi template")
        if ver and _version_tuple(ver) > _version_tuple(SCHEMA_VERSION):
            raise UnsupportedTemplateVersion(path=pkg.path, versi=ver, versi_program=SCHEMA_VERSION)
        made_from = _version_tuple(ver or "1")
        tables: dict[str, list[Rec]] = {}
        geoms: dict[str, TableGeom] = {}
        computed: dict[tuple[str, int, str], Any] = {}
        years: tuple[int, ...] = ()
        for tname, t in TABLES.items():
            if t.computed_only:
                tp = pkg.table(tname)
                if tp is not None:
                    geoms[tname] = self._geom(tname, tp, cells=False)
                continue
            tp = pkg.table(tname)
            if tp is None:
                if _version_tuple(t.since) > made_from:
                    continue  # a table newer than the workbook's template: an older workbook has none, rightly
                sheet = schema.sheet_of(tname).name
                self.issues.append(issue("tabel-hilang", sheet, "A1", tabel=tname, lembar=sheet))
                continue
            g = self._geom(tname, tp)
            geoms[tname] = g
            if tname == "Indikator":
                years = tuple(sorted(y for h in g.columns if (y := target_year(h)) is not None))
            layout = _layout(tname, tuple(g.columns.items()))
            for name, near in layout.missing:
                self.issues.append(issue("kolom-hilang", g.sheet, g.header_cell(near), kolom=name, tabel=tname))
            tables[tname], comp = self._rows(t, g, layout)
            computed.update(comp)
            self._outside(t, g)
            self._merged(t, g)
        profil = self._profil(tables.get("Profil", []), geoms.get("Profil"))
        gambar = self._gambar(tables.get("Gambar", []), geoms.get("Gambar"))
        del known
        fp = fingerprint(tables)
        return Workbook(pkg.path, tables, geoms, profil, years, meta, computed, self.issues, fp,
                        unchanged(meta.get("sidik jari input", ""), fp, tables), gambar)

    def _meta(self) -> dict[str, str]:
        tp = self.pkg.table("Meta")
        if tp is None:
            return {}
        r1, c1, r2, _ = tp.bounds
        rows = self.pkg.rows(tp.sheet)
        out = {}
        for r in range(r1 + 1, r2 + 1):
            row = rows.get(r, _NO_CELLS)
            k = row.get(c1)
            v = row.get(c1 + 1)
            if k is not None and k.value is not None:
                out[norm(k.value)] = "" if v is None or v.value is None else self._meta_text(v)
        return out

    def _meta_text(self, c: Cell) -> str:
        """A Meta value as the tool wrote it. Excel may have stored a time stamp written as plain text (by a
        version before the text mark) as a date: it reads back as the text it was."""
        v = c.value
        if c.style in self.pkg.date_styles and is_date_serial(v):
            v = self.pkg.serial_to_date(v)  # type: ignore[arg-type]
        if isinstance(v, dt.datetime):
            return (v + dt.timedelta(microseconds=500_000)).replace(microsecond=0).isoformat(sep=" ")
        return text_of(v)

    def _geom(self, name: str, tp: TablePart, *, cells: bool = True) -> TableGeom:
        """Where the table is and its columns by header. A table we only write (``cells=False``) takes its
        headers from the table definition, which Excel keeps equal to the header cells: its sheet (Validasi,
        Ringkasan) need not be read for a check."""
        r1, c1, r2, c2 = tp.bounds
        if not cells and tp.header_rows and len(tp.columns) == c2 - c1 + 1:
            header_row: Mapping[int, Cell] = _NO_CELLS
        else:
            header_row = self.pkg.rows(tp.sheet).get(r1, _NO_CELLS)
        cols: dict[str, int] = {}
        for j in range(c1, c2 + 1):
            h = header_row.get(j)
            header = h.value if h is not None and h.value is not None else tp.columns[j - c1] if j - c1 < len(tp.columns) else ""
            key = norm(header)
            if key and key not in cols:
                cols[key] = j
        first = r1 + tp.header_rows
        last = r2 - tp.totals_rows
        return TableGeom(name, tp.sheet, r1, first, last, c1, c2, cols)

    # --- rows ------------------------------------------------------------------------------------------------

    def _rows(self, t: schema.Table, g: TableGeom, layout: _Layout
              ) -> tuple[list[Rec], dict[tuple[str, int, str], Any]]:
        pkg = self.pkg
        rows = pkg.rows(g.sheet)
        recs: list[Rec] = []
        computed: dict[tuple[str, int, str], Any] = {}
        date_styles = self.pkg.date_styles
        for r in range(g.first_row, g.last_row + 1):
            cells = rows.get(r)
            if cells is None:
                continue  # a spare row: nothing typed, nothing computed
            raw: dict[str, Any] = {}
            values: dict[str, Any] = {}
            typed_something = False
            for col, j, key, is_computed, type_value in layout.keyed:
                c = cells.get(j)
                if c is None:
                    continue
                v, formula, style, error, cached = c
                if v is None and not formula:
                    continue
                if is_computed:
                    computed[(t.name, r, key)] = formula if formula else v
                    continue
                if not typed_something and (formula or not (type(v) is str and v.strip() in BLANKS)):
                    typed_something = True  # a row of blanks only ("-", spaces) is no row; typing them raises nothing
                if error or (formula and not cached) or style in date_styles:
                    v = self._cell_value(g.sheet, r, j, c, col)
                raw[key] = v
                if v is _ERR:
                    continue
                try:
                    values[key] = type_value(pkg, v, col, c)
                except (NumberParseError, Invalid) as exc:
                    self._invalid(exc, v, col, g.sheet, _Ref(r, j))
                    values[key] = None
            if not typed_something:
                continue
            recs.append(Rec(t.name, g.sheet, r, values, RowCells(layout.letters, r), raw))
        return recs, computed

    def _cell_value(self, sheet: str, r: int, j: int, c: Cell, col: Column) -> Any:
        """The value a cell stands for: its cached value, an uncached formula evaluated, a date serial in a date
        style as the date; :data:`_ERR` (reported here) for an Excel error or a formula that fails."""
        if c.error or (c.formula and not c.cached):
            ref = cell_ref(r, j)
        if c.error:
            self.issues.append(issue("galat-excel", sheet, ref, nilai=c.value))
            return _ERR
        if c.formula and not c.cached:
            try:
                value = self._evaluate(sheet, r, j, c.formula)
            except _FormulaError as exc:
                self.issues.append(issue("rumus-gagal", sheet, ref, rumus=c.formula, kolom=col.name, alasan=str(exc)))
                return _ERR
            if isinstance(value, str) and value.startswith("#"):
                self.issues.append(issue("galat-excel", sheet, ref, nilai=value))
                return _ERR
            return value
        if c.style in self.pkg.date_styles and is_date_serial(c.value):
            # a date-formatted cell is a date, whichever column holds it (as Excel hands it to xlwings)
            return self.pkg.serial_to_date(c.value).date()  # type: ignore[arg-type]
        return c.value

    # --- the typing rule (lkjip_xl.celltypes) -----------------------------------------------------------------

    def _typed(self, value: Any, col: Column, sheet: str, ref: Any, c: Cell) -> Any:
        """``value`` typed by the rule for ``col``'s type; a value that does not fit is reported and is None."""
        try:
            return typer(col.type)(self.pkg, value, col, c)
        except (NumberParseError, Invalid) as exc:
            self._invalid(exc, value, col, sheet, ref)
            return None

    def _invalid(self, exc: Exception, value: Any, col: Column, sheet: str, ref: Any) -> None:
        if isinstance(exc, Invalid):
            self.issues.append(issue(exc.code, sheet, ref, nilai=exc.nilai, kolom=col.name, **exc.params))
        elif isinstance(exc, NumberOutOfRange):  # NaN, infinity, absurd magnitudes: numbers.py draws the line
            self.issues.append(issue(exc.code, sheet, ref, nilai=exc.shown, kolom=col.name))
        else:
            code = "uang-tidak-bulat" if col.type == "money" and looks_numeric(value) else "bukan-angka"
            self.issues.append(issue(code, sheet, ref, nilai=value, kolom=col.name))

    # --- profil ----------------------------------------------------------------------------------------------

    def _profil(self, recs: list[Rec], g: TableGeom | None) -> dict[str, tuple[Any, str]]:
        out: dict[str, tuple[Any, str]] = {}
        if g is None:
            return out
        keys = {norm(k.name): k for k in PROFIL_KEYS}
        rows = self.pkg.rows(g.sheet)
        for rec in recs:
            key = norm(rec.get("Isian", ""))
            if not key:
                continue
            ref = rec.cell("Nilai")
            k = keys.get(key)
            raw = rec.raw.get("nilai")
            value: Any = rec["Nilai"]
            if k is not None and raw is not None and raw is not _ERR:
                col = Column(k.name, type=k.type, choices=k.choices)
                r, j = rec.row, g.columns.get("nilai", 0)
                value = self._typed(raw, col, g.sheet, ref, rows.get(r, _NO_CELLS).get(j) or Cell(raw))
            out[key] = (value, ref)
        for key, k in keys.items():
            if key not in out:
                self.issues.append(issue("profil-isian-hilang", g.sheet, g.header_cell(), isian=k.name))
        return out

    # --- pictures placed over the Gambar rows ---------------------------------------------------------------

    def _gambar(self, recs: list[Rec], g: TableGeom | None) -> list[Gambar]:
        """Each Gambar row with the pictures placed over it. A picture belongs to the row holding its top-left
        corner, in the table's columns or up to :data:`_PICTURE_REACH` columns right of them."""
        if g is None:
            return []
        pictures = self.pkg.pictures(g.sheet)
        if pictures is None:
            return []  # a source without pictures (an open Excel book): no row looks empty for want of them
        by_row = {rec.row: rec for rec in recs}
        placed: dict[int, list[Picture]] = {}
        for pic in sorted(pictures, key=lambda p: (p.row, p.col)):  # stable: drawing order in a cell
            at = cell_ref(pic.row, pic.col) if pic.row and pic.col else g.header_cell()
            if not (g.first_row <= pic.row <= g.last_row and g.first_col <= pic.col <= g.last_col + _PICTURE_REACH):
                self.issues.append(issue("gambar-di-luar-baris", g.sheet, at, nama=_picture_name(pic)))
                continue
            rec = by_row.get(pic.row)
            if rec is None or rec["Jenis"] is None:
                if rec is None or is_blank(rec.raw.get("jenis")):  # a Jenis outside the list is reported already
                    self.issues.append(issue("gambar-tanpa-jenis", g.sheet, at, nama=_picture_name(pic)))
                continue
            placed.setdefault(pic.row, []).append(pic)
        out: list[Gambar] = []
        logo: str | None = None
        for rec in recs:
            jenis = rec["Jenis"]
            if jenis is None:
                continue
            pics = placed.get(rec.row)
            if not pics:
                self.issues.append(issue("gambar-kosong", g.sheet, rec.cell("Jenis"), jenis=jenis))
                continue
            for pic in pics:
                at = cell_ref(pic.row, pic.col)
                if pic.data is None:
                    self.issues.append(issue("gambar-terlalu-besar", g.sheet, at, nama=_picture_name(pic),
                                             batas=MAX_PICTURE_BYTES // (1024 * 1024)))
                    continue
                if pic.ext not in _WORD_IMAGES:
                    self.issues.append(issue("gambar-format", g.sheet, at, nama=_picture_name(pic),
                                             format=pic.ext.upper() or "tak dikenal"))
                    continue
                if jenis == "Logo":
                    if logo is not None:
                        self.issues.append(issue("logo-ganda", g.sheet, at, sel_pertama=logo))
                        continue
                    logo = at
                out.append(Gambar(jenis, rec.get("Keterangan", ""), pic.data, pic.ext, pic.width_emu,
                                  pic.height_emu, g.sheet, rec.cell("Jenis"), pic.name, pic.description))
        return out

    # --- rows typed below a table ----------------------------------------------------------------------------

    def _merged(self, t: schema.Table, g: TableGeom) -> None:
        """A merge across a table's rows or columns hides every cell but the first from the reader."""
        for r1, c1, r2, c2 in self.pkg.merged(g.sheet):
            if r2 < g.header_row or r1 > g.last_row or c2 < g.first_col or c1 > g.last_col:
                continue
            self.issues.append(issue("sel-digabung", g.sheet, cell_ref(r1, c1),
                                     rentang=f"{cell_ref(r1, c1)}:{cell_ref(r2, c2)}", tabel=t.name))

    def _outside(self, t: schema.Table, g: TableGeom) -> None:
        rows = self.pkg.rows(g.sheet)
        for r in range(g.last_row + 1, g.last_row + 4):
            row = rows.get(r)
            if row is None:
                continue
            for j in range(g.first_col, g.last_col + 1):
                c = row.get(j)
                if c is not None and not is_blank(c.value):
                    self.issues.append(issue("data-di-luar-tabel", g.sheet, cell_ref(r, j), tabel=t.name))
                    return

    # --- formulas typed into input cells, in files without cached values -------------------------------------

    def _evaluate(self, sheet: str, r: int, j: int, formula: str) -> Any:
        import formulas  # slow to import and to run: only for the rare uncached formula
        import numpy as np
        import schedula

        key = (sheet, r, j)
        if key in self._evaluating or len(self._evaluating) > 50:
            raise _FormulaError("rumus melingkar (merujuk ke dirinya sendiri)")
        self._evaluating.add(key)
        try:
            try:
                func = formulas.Parser().ast(formula)[1].compile()
            except Exception as exc:  # formulas raises its own parser errors
                raise _FormulaError(f"tidak dapat diurai ({type(exc).__name__})") from exc
            args = []
            for name in func.inputs:
                sh, _, rng = str(name).rpartition("!")
                sh = sh.strip("'").replace("''", "'") if sh else sheet
                target = self.pkg.sheet(sh)
                if target is None:
                    raise _FormulaError(f"lembar '{sh}' tidak ada")
                try:
                    r1, c1, r2, c2 = parse_range(rng)
                except ValueError as exc:
                    raise _FormulaError(f"rujukan '{name}' tidak dikenali") from exc
                r1, c1, r2, c2 = self._within_reach(target.name, r1, c1, r2, c2)
                vals = [[self._ref_value(target.name, rr, cc, schedula.EMPTY) for cc in range(c1, c2 + 1)]
                        for rr in range(r1, r2 + 1)]
                args.append(np.array(vals, dtype=object) if (r1, c1) != (r2, c2) else vals[0][0])
            try:
                res = func(*args)
            except Exception as exc:
                raise _FormulaError(type(exc).__name__) from exc
            while hasattr(res, "shape") and getattr(res, "shape", ()) != ():
                res = res.ravel()[0] if res.size else None
            if hasattr(res, "item"):
                res = res.item()
            if res is schedula.EMPTY:
                return None
            if type(res).__name__ == "XlError":
                return str(res)
            if isinstance(res, (np.floating, np.integer)) or type(res) is int:
                res = float(res)  # a number as Excel would cache it: the fingerprint tells 3 from 3.0
            if res is not None and not isinstance(res, (str, float, bool, dt.date)):
                res = str(res)  # a value a cell can hold (what the fingerprint encodes)
            return res
        finally:
            self._evaluating.discard(key)

    def _within_reach(self, sheet: str, r1: int, c1: int, r2: int, c2: int) -> tuple[int, int, int, int]:
        """A formula's range as evaluated: as written when small; a larger one (``SUM(A:A)``, a million rows)
        cut to the cells the sheet holds, whose blanks count for nothing; one still larger is refused."""
        if (r2 - r1 + 1) * (c2 - c1 + 1) > _FORMULA_CELLS:
            last_r, last_c = rows_extent(self.pkg.rows(sheet))
            r2, c2 = min(r2, max(r1, last_r)), min(c2, max(c1, last_c))
            if (r2 - r1 + 1) * (c2 - c1 + 1) > _FORMULA_CELLS:
                raise _FormulaError(f"rentang {cell_ref(r1, c1)}:{cell_ref(r2, c2)} terlalu besar untuk dihitung")
        return r1, c1, r2, c2

    def _ref_value(self, sheet: str, r: int, c: int, empty: Any) -> Any:
        cell = self.pkg.cells(sheet).get((r, c))
        if cell is None or cell.value is None and not cell.formula:
            return empty
        if cell.formula and not cell.cached:
            v = self._evaluate(sheet, r, c, cell.formula)
            return empty if v is None else v
        if isinstance(cell.value, str):
            try:
                n = parse_number(cell.value)
                return float(n) if n is not None else empty
            except NumberParseError:
                return cell.value
        return cell.value


_FORMULA_CELLS = 100_000
"""Cells a typed formula's range may span as written (far more than any input table); a larger range is cut to
the sheet's cells."""


class _Ref:
    """A cell address computed only when an issue needs it (most cells never do)."""

    __slots__ = ("r", "j")

    def __init__(self, r: int, j: int) -> None:
        self.r, self.j = r, j

    def __str__(self) -> str:
        return cell_ref(self.r, self.j)


class _FormulaError(Exception):
    pass


_ERR: Any = CELL_ERROR
"""A cell without a value to type: an Excel error, or a formula that could not be evaluated."""


_PICTURE_REACH = 8
"""Columns right of the Gambar table in which a picture's top-left corner still places it on its row."""
_WORD_IMAGES = frozenset({"png", "jpeg", "gif", "bmp", "emf", "wmf"})
"""Image types Word shows (others are reported and left out of the report)."""


def _picture_name(pic: Picture) -> str:
    return pic.name or pic.description or pic.part.rsplit("/", 1)[-1]


_NO_CELLS: dict[int, Cell] = {}
"""A row without cells (read, never written)."""


class _Layout(NamedTuple):
    """How a table's headers map onto the schema: the same for every workbook made from one template."""

    keyed: tuple[tuple[Column, int, str, bool, Typer], ...]
    """Per column read: the schema column, its sheet column, key, computed?, its type's typing rule."""
    letters: dict[str, str]
    """Column letter per key (shared by the table's rows: never modified)."""
    missing: tuple[tuple[str, str | None], ...]
    """Schema columns without a header, each with the header staff most likely retyped (or None)."""


@functools.lru_cache(maxsize=512)
def _layout(tname: str, headers: tuple[tuple[str, int], ...]) -> _Layout:
    t = TABLES[tname]
    cols = []
    for key, j in headers:
        col = t.column_or_none(key)
        if col is None:
            y = target_year(key)
            if y is None or t.year_columns_before is None:
                continue  # a column staff added: theirs, not ours
            col = Column(schema.target_header(y), type="score")
        cols.append((col, j))
    present = dict(headers)
    missing = []
    for col in t.columns:
        if norm(col.name) not in present:
            # point at the header staff most likely retyped ("Realisasi 2024" for "Realisasi"), if any
            near = next((h for h in present if h.startswith(norm(col.name)) and t.column_or_none(h) is None
                         and target_year(h) is None), None)
            missing.append((col.name, near))
    # sorted by key: each row's raw values then come in an order that does not depend on where the columns are,
    # which the 0.2 fingerprint relies on (lkjip_xl.fingerprint.v2_fingerprint)
    return _Layout(tuple(sorted(((col, j, norm(col.name), col.computed, typer(col.type)) for col, j in cols),
                                key=itemgetter(2))),
                   {norm(c.name): col_letter(j) for c, j in cols}, tuple(missing))


def _version_tuple(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v)) or (0,)
