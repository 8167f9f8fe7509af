"""The .xlsx package, read and patched part by part.

Why not openpyxl: its load-and-save drops text boxes, form buttons, x14 validations, sparklines and every
formula's cached value. Recompute must lose nothing the user added, so it rewrites only the parts it owns
(cells of computed columns, the tables it resizes) and copies every other part byte for byte. Reading goes
through the same parsed parts, which is also what makes reading fast enough to consolidate thousands of
workbooks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import NotAWorkbook
from . import drawing, patch
from .archive import Parts, check_size, check_zip, zip_bytes
from .cells import (
    Cell,
    merged_ranges,
    repaired,
    rows_extent,
    rows_of,
    scan_cells,
    scan_strings,
    scan_styles,
    short_int,
    tree_cells,
    tree_strings,
    tree_styles,
)
from .drawing import Picture
from .files import atomic_write
from .markup import NS_CT, PR, M, R, parse_xml, prefixed, rels_path, resolve
from .patch import CellWrite
from .refs import cell_ref, parse_range

__all__ = ["Package", "SheetPart", "TablePart", "find_sheet"]


@dataclass
class TablePart:
    """An Excel table (ListObject): its names, the sheet and part holding it, its range and column names."""

    name: str
    display_name: str
    sheet: str
    path: str
    ref: str
    columns: list[str]
    header_rows: int = 1
    totals_rows: int = 0

    @property
    def bounds(self) -> tuple[int, int, int, int]:
        return parse_range(self.ref)


@dataclass
class SheetPart:
    """A worksheet: its name, part, visibility and relationship id, and the tables on it."""

    name: str
    path: str
    state: str = "visible"
    rid: str = ""
    tables: list[TablePart] = field(default_factory=list)


def find_sheet(sheets: list[SheetPart], name: str) -> SheetPart | None:
    """A sheet by name: exactly, else ignoring case (staff retype 'kinerja' for 'Kinerja')."""
    for s in sheets:
        if s.name == name:
            return s
    low = name.lower()
    for s in sheets:
        if s.name.lower() == low:
            return s
    return None


# --- what the structural parts say, each remembered per distinct content (Package._memo) ---------------------

_STRUCTURE_MEMO: dict[tuple[str, str, bytes], Any] = {}

_WorkbookStructure = tuple[bool, tuple[tuple[str, str, str], ...], tuple[tuple[str, str], ...]]


def _workbook_structure(wb: etree._Element) -> _WorkbookStructure:
    sheets = tuple((s.get("name", ""), s.get(R + "id", ""), s.get("state", "visible")) for s in wb.iter(M + "sheet"))
    names = tuple((dn.get("name", ""), dn.text or "") for dn in wb.iter(M + "definedName"))
    return wb.tag == M + "workbook", sheets, names


def _table_fields(t: etree._Element) -> tuple[str, str, str, tuple[str, ...], int, int]:
    display = t.get("displayName") or t.get("name") or ""
    return (t.get("name", display), display, t.get("ref", "A1"),
            tuple(tc.get("name", "") for tc in t.iter(M + "tableColumn")),
            short_int(t.get("headerRowCount"), 1), short_int(t.get("totalsRowCount"), 0))


_NOT_SHOWN = re.compile(r'"[^"]*"|\\.|\[[^][]*]')
"""What a number format shows literally or as a condition: quoted text, escaped characters, ``[…]`` sections. A
section stops at the next '[' too (they do not nest), so a crafted code of endless '[' is read in linear time."""

_TABLE_SLACK = 10_000
"""Empty rows a table's range may run past its sheet's last row with content before it is cut there."""

_BUILTIN_PERCENT = {9, 10}
_BUILTIN_DATE = set(range(14, 23)) | set(range(45, 48))


def _style_kinds(st: etree._Element) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """Which cell styles (cellXfs indexes) show a percentage, a date, or text."""
    percent, date, text = set(), set(), set()
    custom = {}
    for nf in st.iter(M + "numFmt"):
        custom[short_int(nf.get("numFmtId"), 0)] = nf.get("formatCode", "")
    xfs = st.find(M + "cellXfs")
    for i, xf in enumerate(xfs.iterfind(M + "xf") if xfs is not None else ()):
        fid = short_int(xf.get("numFmtId"), 0)
        code = custom.get(fid)
        if fid in _BUILTIN_PERCENT or (code and "%" in re.sub(r'"[^"]*"|\\.', "", code)):
            percent.add(i)
        elif fid in _BUILTIN_DATE or (code and re.search(r"[dy]", _NOT_SHOWN.sub("", code.lower()))):
            date.add(i)
        elif fid == 49 or code == "@":
            text.add(i)
    return frozenset(percent), frozenset(date), frozenset(text)


def _month_styles(st: etree._Element) -> frozenset[int]:
    """Which cell styles show a month and year without the day (``mmmm yyyy``, the built-in ``mmm-yy``): how Excel
    keeps "Januari 2025" typed in a General cell, a day number of the first of the month."""
    custom = {short_int(nf.get("numFmtId"), 0): nf.get("formatCode", "") for nf in st.iter(M + "numFmt")}
    out = set()
    xfs = st.find(M + "cellXfs")
    for i, xf in enumerate(xfs.iterfind(M + "xf") if xfs is not None else ()):
        fid = short_int(xf.get("numFmtId"), 0)
        code = _NOT_SHOWN.sub("", (custom.get(fid) or "").lower()).split(";")[0]
        if fid == 17 or (fid not in _BUILTIN_DATE and "y" in code and "m" in code and "d" not in code
                         and "h" not in code and "s" not in code):
            out.add(i)
    return frozenset(out)


class Package:
    """An .xlsx opened in memory: every part as bytes, the structure parsed, sheets parsed on demand."""

    def __init__(self, raw: bytes, path: str = "") -> None:
        self.path = path
        self._infos = check_zip(raw, path)
        self.parts = Parts(self._infos, path, raw)
        self._dirty: dict[str, etree._Element] = {}
        self._trees: dict[str, etree._Element] = {}
        self._cells: dict[str, dict[tuple[int, int], Cell]] = {}
        self._rows: dict[str, dict[int, dict[int, Cell]]] = {}
        self._merged: dict[str, list[tuple[int, int, int, int]]] = {}
        self._load_structure()

    @classmethod
    def open(cls, path: str | Path) -> Package:
        p = Path(path)
        try:
            if p.is_file():  # refused on its size before it is read (a folder and a missing file: below)
                check_size(p.stat().st_size, str(p))
            raw = p.read_bytes()
        except FileNotFoundError as exc:
            raise NotAWorkbook("tidak-ditemukan", path=p, berkas=p) from exc
        except IsADirectoryError as exc:
            raise NotAWorkbook("folder", path=p, berkas=p) from exc
        except OSError as exc:
            raise NotAWorkbook("tidak-terbaca", path=p, berkas=p, alasan=exc.strerror) from exc
        return cls(raw, str(p))

    # --- structure -------------------------------------------------------------------------------------------

    def tree(self, part: str) -> etree._Element:
        """The part parsed (once); changes made to it are saved only for parts passed to :meth:`edit`."""
        t = self._dirty.get(part)
        if t is None:
            t = self._trees.get(part)
        if t is None:
            if part not in self.parts:
                raise NotAWorkbook("bagian-hilang", path=self.path, bagian=part)
            t = parse_xml(self.parts[part], part, self.path)
            self._trees[part] = t
        return t

    def edit(self, part: str) -> etree._Element:
        """The part's tree, to change in place: from now on it is read from the tree and saved from it."""
        t = self.tree(part)
        self._dirty[part] = t
        for sp in self.sheets:
            if sp.path == part:
                self._cells.pop(sp.name, None)
                self._rows.pop(sp.name, None)
        return t

    def _memo(self, kind: str, part: str, build: Callable[[etree._Element], Any]) -> Any:
        """``build(tree of part)``, once per distinct part content in this process.

        A kabupaten's hundreds of workbooks come from one template: their relationships, table definitions and
        styles are mostly the same bytes. The key is the part's compressed bytes themselves (no hash to
        collide); a part changed in memory is parsed afresh.
        """
        chunk = None if part in self._dirty else self.parts.member_bytes(part)
        if chunk is None or len(chunk) > 65536:  # a long-running server keeps at most ~1000 small parts
            return build(self.tree(part))
        key = (kind, part, chunk)
        got = _STRUCTURE_MEMO.get(key)
        if got is None:
            got = build(self.tree(part))
            if len(_STRUCTURE_MEMO) >= 1024:
                _STRUCTURE_MEMO.clear()
            _STRUCTURE_MEMO[key] = got
        return got

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """The relationships of ``part`` (``""``: the package's own) by id: (type URI, target part or URL)."""
        rp = rels_path(part)
        if rp not in self.parts:
            return {}

        def build(root: etree._Element) -> tuple[tuple[str, str, str], ...]:
            out = []
            for rel in root.iter(PR + "Relationship"):
                tgt = rel.get("Target", "")
                out.append((rel.get("Id", ""), rel.get("Type", ""),
                            tgt if rel.get("TargetMode") == "External" else resolve(part, tgt)))
            return tuple(out)

        found: tuple[tuple[str, str, str], ...] = self._memo("rels", rp, build)
        return {rid: (typ, tgt) for rid, typ, tgt in found}

    def _load_structure(self) -> None:
        self.sheets: list[SheetPart] = []
        wb_part = None
        if "_rels/.rels" in self.parts:
            for typ, target in self.rels("").values():  # the package's own relationships
                if typ.endswith("/officeDocument"):
                    wb_part = target
        if wb_part is None or wb_part not in self.parts:
            raise NotAWorkbook("tanpa-workbook", path=self.path)
        self.workbook_part = wb_part
        structure: _WorkbookStructure = self._memo("workbook", wb_part, _workbook_structure)
        is_workbook, sheets, names = structure
        if not is_workbook:
            raise NotAWorkbook("format-lain", path=self.path)
        rels = self.rels(wb_part)
        for name, rid, state in sheets:
            typ, target = rels.get(rid, ("", ""))
            if not typ.endswith("/worksheet"):
                continue  # chartsheets, dialog sheets
            self.sheets.append(SheetPart(name, target, state, rid))
        self._ss_part: str | None = None
        self._ss: list[str] | None = None
        self.styles_part: str | None = None
        for typ, target in rels.values():
            if typ.endswith("/sharedStrings") and target in self.parts:
                self._ss_part = target
            elif typ.endswith("/styles"):
                self.styles_part = target
        self._load_styles()
        self.tables: dict[str, TablePart] = {}
        for sh in self.sheets:
            for typ, target in self.rels(sh.path).values():
                if typ.endswith("/table") and target in self.parts:
                    fields: tuple[str, str, str, tuple[str, ...], int, int] = self._memo(
                        "table", target, _table_fields)
                    name, display, ref, cols, header_rows, totals_rows = fields
                    tp = TablePart(name, display, sh.name, target, ref, list(cols), header_rows, totals_rows)
                    self._cut_to_cells(tp)
                    sh.tables.append(tp)
                    self.tables[display.lower()] = tp
        self.defined_names = dict(names)

    def _cut_to_cells(self, tp: TablePart) -> None:
        """A table whose range runs far past the last row of its sheet holding anything (a ref stretched to row
        1048576) ends at that row instead: what reads and writes it then costs what its cells do. Its totals row,
        past that row, is empty and dropped."""
        try:
            r1, c1, r2, c2 = tp.bounds
        except ValueError:
            return
        if r2 - r1 <= _TABLE_SLACK:
            return
        last = max(rows_extent(self.rows(tp.sheet))[0], r1, r1 + tp.header_rows)
        if r2 > last + _TABLE_SLACK:
            tp.ref, tp.totals_rows = f"{cell_ref(r1, c1)}:{cell_ref(last, c2)}", 0

    @property
    def shared_strings(self) -> list[str]:
        """Read on first use: a reader that takes its values elsewhere (python-calamine) never pays for it."""
        if self._ss is None:
            ss: list[str] = []
            if self._ss_part:
                got = scan_strings(self.parts[self._ss_part])
                ss = got if got is not None else tree_strings(self.tree(self._ss_part))
            self._ss = ss
        return self._ss

    def _load_styles(self) -> None:
        self.percent_styles: frozenset[int] = frozenset()
        """Cell styles that show a percentage (85% is stored as 0.85)."""
        self.date_styles: frozenset[int] = frozenset()
        """Cell styles that show a date (a date is stored as a day number)."""
        self._text_styles: frozenset[int] = frozenset()
        self.month_styles: frozenset[int] = frozenset()
        """Date styles that show a month and year only: such a date is that month (``BulanTahun``)."""
        if not self.styles_part or self.styles_part not in self.parts:
            return
        self.percent_styles, self.date_styles, self._text_styles = self._memo(
            "styles", self.styles_part, _style_kinds)
        self.month_styles = self._memo("month-styles", self.styles_part, _month_styles)

    def sheet(self, name: str) -> SheetPart | None:
        """A sheet by name (:func:`find_sheet`)."""
        return find_sheet(self.sheets, name)

    def table(self, name: str) -> TablePart | None:
        """A table by display name, ignoring case."""
        return self.tables.get(name.lower())

    def content_type(self, part: str) -> str:
        """The part's content type as ``[Content_Types].xml`` declares it (``""`` when it does not)."""
        if "[Content_Types].xml" not in self.parts:
            return ""
        types = self.tree("[Content_Types].xml")
        name = "/" + part
        for ov in types.iterfind(f"{{{NS_CT}}}Override"):
            if ov.get("PartName", "").lower() == name.lower():
                return ov.get("ContentType", "")
        suffix = part.rsplit(".", 1)[-1].lower()
        for d in types.iterfind(f"{{{NS_CT}}}Default"):
            if d.get("Extension", "").lower() == suffix:
                return d.get("ContentType", "")
        return ""

    # --- cells -----------------------------------------------------------------------------------------------

    def rows(self, sheet: str) -> dict[int, dict[int, Cell]]:
        """The non-empty cells of a sheet by row, then column: what the reader walks, row by row.

        The byte scanner fills this directly (a key per cell fewer than :meth:`cells`); anything it cannot read
        goes through :meth:`cells` and is regrouped."""
        got = self._rows.get(sheet)
        if got is None:
            sp = self.sheet(sheet)
            if sp is None:
                raise KeyError(sheet)
            got = self._scanned(sheet, sp) if sheet not in self._cells else None
            if got is None:
                got = self._rows[sheet] = rows_of(self.cells(sheet))
        return got

    def _scanned(self, sheet: str, sp: SheetPart) -> dict[int, dict[int, Cell]] | None:
        """The byte scanner's reading of a sheet by row (kept), or None when the lxml path must read it."""
        got = self._rows.get(sheet)
        if got is None and sp.path not in self._dirty and sp.path not in self._trees:
            rows: dict[int, dict[int, Cell]] = {}
            ss = self.shared_strings
            raw = self.parts.get(sp.path)
            if raw is not None and scan_cells(raw, rows, ss):
                got = self._rows[sheet] = rows
        return got

    def cells(self, sheet: str) -> dict[tuple[int, int], Cell]:
        """All non-empty cells of a sheet by (row, col), values as Excel cached them."""
        got = self._cells.get(sheet)
        if got is not None:
            return got
        sp = self.sheet(sheet)
        if sp is None:
            raise KeyError(sheet)
        rows = self._scanned(sheet, sp)
        if rows is not None:
            out = self._cells[sheet] = {(r, c): cell for r, row in rows.items() for c, cell in row.items()}
            return out
        ss = self.shared_strings
        out = self._cells[sheet] = tree_cells(self.tree(sp.path), ss)
        return out

    def merged(self, sheet: str) -> list[tuple[int, int, int, int]]:
        """Merged ranges of a sheet as (min_row, min_col, max_row, max_col), read once per sheet."""
        sp = self.sheet(sheet)
        if sp is None or sp.path not in self.parts:
            return []
        got = self._merged.get(sp.path)
        if got is None:
            raw = self.parts[sp.path] if sp.path not in self._dirty else etree.tostring(self._dirty[sp.path])
            got = self._merged[sp.path] = merged_ranges(raw)
        return got

    def styles_of(self, sheet: str) -> dict[tuple[int, int], int]:
        """Style index of every cell element present (including blanks), for new cells to copy."""
        sp = self.sheet(sheet)
        assert sp is not None
        if sp.path not in self._dirty:
            raw = self.parts[sp.path]
            if not prefixed(raw):
                return scan_styles(raw)
        return tree_styles(self.tree(sp.path))

    def hyperlinks(self, sheet: str) -> list[tuple[str | None, str | None]]:
        """The sheet's hyperlinks in order, as (cell range, location within the workbook)."""
        sp = self.sheet(sheet)
        assert sp is not None
        return [(h.get("ref"), h.get("location")) for h in self.tree(sp.path).iter(M + "hyperlink")]

    def pictures(self, sheet: str, max_bytes: int | None = None) -> list[Picture]:
        """The pictures anchored on a sheet (:func:`.drawing.pictures`)."""
        return drawing.pictures(self, sheet, max_bytes)

    def serial_to_date(self, value: float) -> datetime:
        """A day number as the date it stands for, in the workbook's date system (1900 or 1904)."""
        epoch = datetime(1899, 12, 30)
        if self._date1904():
            epoch = datetime(1904, 1, 1)
        return epoch + timedelta(days=float(value))

    def _date1904(self) -> bool:
        pr = self.tree(self.workbook_part).find(M + "workbookPr")
        return pr is not None and pr.get("date1904", "0") in ("1", "true")

    # --- editing (xlsx.patch) --------------------------------------------------------------------------------

    def write_cells(self, sheet: str, writes: dict[tuple[int, int], CellWrite]) -> None:
        """Set values of cells, keeping every other cell, row attribute and sheet element as it is."""
        patch.write_cells(self, sheet, writes)

    def fill_style(self, base: int, rgb: str) -> int:
        """The style ``base`` with a solid ``rgb`` (``#RRGGBB``) fill, added only if no such style exists."""
        return patch.fill_style(self, base, rgb)

    def set_table_ref(self, table: TablePart, ref: str) -> None:
        """Give a table the range ``ref``."""
        patch.set_table_ref(self, table, ref)

    def set_hyperlinks(self, sheet: str, links: Iterable[tuple[str, str, str]]) -> None:
        """Replace the sheet's internal hyperlinks: (cell, location such as "'Kinerja'!F12", tooltip)."""
        patch.set_hyperlinks(self, sheet, links)

    def retarget_charts(self, sheet: str, first: int, last: int) -> None:
        """Series of the sheet's charts that start at row ``first`` now end at row ``last``."""
        patch.retarget_charts(self, sheet, first, last)

    def force_full_calc_on_load(self) -> None:
        """Ask Excel to recalculate user formulas that may depend on values we changed."""
        patch.force_full_calc_on_load(self)

    def drop_calc_chain(self) -> None:
        """Remove calcChain.xml, which Excel calls corrupt once a formula it lists became a value."""
        patch.drop_calc_chain(self)

    def to_bytes(self) -> bytes:
        """The package as an .xlsx: edited parts serialised, every other member as it was."""
        scanned = {sp.path for sp in self.sheets} | {self._ss_part}

        def changed(name: str) -> bytes | None:
            tree = self._dirty.get(name)
            if tree is None:
                # a part the byte scanners read with characters XML forbids: saved as read (U+FFFD for them)
                return repaired(self.parts[name]) if name in scanned else None
            return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)

        return zip_bytes(self._infos, self.parts, changed)

    def save(self, path: str | Path) -> None:
        """Write :meth:`to_bytes` to ``path`` atomically."""
        atomic_write(Path(path), self.to_bytes())
