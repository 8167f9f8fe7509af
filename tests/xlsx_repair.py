"""Excel's known repair triggers, checked on a SpreadsheetML package (.xlsx, .xlam).

A package can validate against the schemas (ooxml_validate) and still make Excel say "We found a problem with
some content... Do you want us to try to recover as much as we can?". Each rule below is one such trigger, as one
small function whose docstring says what Excel does when it is broken. The checker reads the package with lxml
only, independently of lkjip_xl's own reader and writer, so it cannot share their mistakes.

    from xlsx_repair import repair_triggers
    assert repair_triggers("laporan.xlsx") == []

Each finding is one string starting with the rule's name: ``"table_headers: xl/tables/table1.xml ..."``.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO

from lxml import etree

__all__ = ["RULES", "Package", "repair_triggers"]

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
MAX_ROW, MAX_COL = 1048576, 16384

Range = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)


# --- addresses -----------------------------------------------------------------------------------------------------

_CELL = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


def cell(ref: str) -> tuple[int, int] | None:
    """(row, column) of ``A1``-style ``ref``, None when malformed or outside the sheet."""
    m = _CELL.match(ref or "")
    if not m:
        return None
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - 64
    row = int(m[2])
    return (row, col) if 1 <= row <= MAX_ROW and 1 <= col <= MAX_COL else None


def area(ref: str) -> Range | None:
    """The range ``A1:B2`` (or the single cell ``A1``), None when malformed or reversed."""
    a, _, b = (ref or "").partition(":")
    p, q = cell(a), cell(b or a)
    if p is None or q is None or p[0] > q[0] or p[1] > q[1]:
        return None
    return (*p, *q)


def overlap(a: Range, b: Range) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def inside(a: Range, b: Range) -> bool:
    """``a`` lies within ``b``."""
    return b[0] <= a[0] and a[2] <= b[2] and b[1] <= a[1] and a[3] <= b[3]


def unescape(s: str) -> str:
    """ST_Xstring's ``_xHHHH_`` escapes decoded (Excel writes a newline in a column name as ``_x000a_``)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m[1], 16)), s or "")


# --- the package ----------------------------------------------------------------------------------------------------


@dataclass
class Sheet:
    name: str
    sheet_id: str
    part: str
    root: etree._Element
    cells: dict[tuple[int, int], etree._Element] = field(default_factory=dict)  # first cell at each address


@dataclass
class Table:
    part: str
    root: etree._Element
    sheet: Sheet


class Package:
    """The parts of a package and what the rules need from them, each parsed once."""

    def __init__(self, src: str | Path | IO[bytes]):
        with zipfile.ZipFile(src) as z:
            self.parts = {n: z.read(n) for n in z.namelist() if not n.endswith("/")}

    def xml(self, part: str) -> etree._Element:
        return etree.fromstring(self.parts[part])

    def rels(self, part: str) -> list[etree._Element]:
        """The relationships of ``part``, each with its target resolved to a part name (``_target``)."""
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        if rels_part not in self.parts:
            return []
        out = list(self.xml(rels_part).iter(PR + "Relationship"))
        for r in out:
            t = r.get("Target", "")
            r.set("_target", posixpath.normpath(t.lstrip("/") if t.startswith("/") else posixpath.join(folder, t)))
        return out

    def related(self, part: str, type_suffix: str) -> list[str]:
        return [r.get("_target") for r in self.rels(part) if r.get("Type", "").endswith(type_suffix)
                and r.get("TargetMode") != "External"]

    @cached_property
    def workbook(self) -> str:
        return next((r.get("_target") for r in self.rels("") if r.get("Type") == OFFICE_DOCUMENT), "xl/workbook.xml")

    @cached_property
    def workbook_root(self) -> etree._Element:
        return self.xml(self.workbook)

    @cached_property
    def sheets(self) -> list[Sheet]:
        targets = {r.get("Id"): r.get("_target") for r in self.rels(self.workbook)}
        out = []
        for s in self.workbook_root.iter(M + "sheet"):
            part = targets.get(s.get(R_ID))
            if part in self.parts and etree.QName(root := self.xml(part)).localname == "worksheet":
                out.append(Sheet(s.get("name"), s.get("sheetId"), part, root))
        for sh in out:
            for c in sh.root.iter(M + "c"):
                at = cell(c.get("r", ""))
                if at:
                    sh.cells.setdefault(at, c)
        return out

    @cached_property
    def tables(self) -> list[Table]:
        return [Table(t, self.xml(t), sh) for sh in self.sheets for t in self.related(sh.part, "/table")
                if t in self.parts]

    def _one(self, type_suffix: str) -> etree._Element | None:
        found = [p for p in self.related(self.workbook, type_suffix) if p in self.parts]
        return self.xml(found[0]) if found else None

    @cached_property
    def styles(self) -> etree._Element | None:
        return self._one("/styles")

    def count(self, tag: str) -> int:
        """How many ``tag`` records the styles part lists (``cellXfs``, ``dxfs``)."""
        box = None if self.styles is None else self.styles.find(M + tag)
        return 0 if box is None else len(box)

    @cached_property
    def strings(self) -> list[str]:
        sst = self._one("/sharedStrings")
        if sst is None:
            return []
        return [unescape("".join(t.text or "" for t in si.iter(M + "t") if t.getparent().tag != M + "rPh"))
                for si in sst.iter(M + "si")]

    def text(self, c: etree._Element) -> str:
        """What ``c`` shows as text: its shared, inline or formula string, or its raw value."""
        if c.get("t") == "inlineStr":
            return unescape("".join(t.text or "" for t in c.iter(M + "t")))
        v = c.findtext(M + "v") or ""
        if c.get("t") == "s":
            return self.strings[int(v)] if v.isdigit() and int(v) < len(self.strings) else ""
        return unescape(v)


# --- the rules ------------------------------------------------------------------------------------------------------


def table_headers(p: Package) -> Iterator[str]:
    """A header cell that is not text equal to its column's name (or two equal names): Excel repairs the table."""
    for t in p.tables:
        names = [unescape(c.get("name", "")) for c in t.root.iter(M + "tableColumn")]
        if len({n.casefold() for n in names}) < len(names):
            yield f"{t.part}: duplicate column names {names}"
        box = area(t.root.get("ref", ""))
        if box is None or t.root.get("headerRowCount") == "0":
            continue
        for i, name in enumerate(names):
            c = t.sheet.cells.get((box[0], box[1] + i))
            got = "" if c is None else p.text(c)
            if got != name:
                yield f"{t.part}: column {i + 1} is named {name!r} but its header cell holds {got!r}"
            elif c.get("t") not in ("s", "str", "inlineStr"):
                yield f"{t.part}: header cell {c.get('r')} holds a {c.get('t', 'n')!r} value, not text"


def table_columns(p: Package) -> Iterator[str]:
    """A table ref whose width differs from its tableColumns: Excel removes the table."""
    for t in p.tables:
        box = area(t.root.get("ref", ""))
        cols = t.root.find(M + "tableColumns")
        n = 0 if cols is None else len(cols.findall(M + "tableColumn"))
        if box is None:
            yield f"{t.part}: ref {t.root.get('ref')!r} is not a range"
        elif not box[3] - box[1] + 1 == n == int(cols.get("count", n)):
            yield f"{t.part}: ref {t.root.get('ref')} spans {box[3] - box[1] + 1} columns, " \
                  f"tableColumns count={cols.get('count')} lists {n}"


def table_autofilter(p: Package) -> Iterator[str]:
    """A table's autoFilter reaching outside the table: Excel repairs the AutoFilter."""
    for t in p.tables:
        af, box = t.root.find(M + "autoFilter"), area(t.root.get("ref", ""))
        if af is not None and box is not None and not ((a := area(af.get("ref", ""))) and inside(a, box)):
            yield f"{t.part}: autoFilter {af.get('ref')} is not inside the table {t.root.get('ref')}"


def table_overlaps(p: Package) -> Iterator[str]:
    """Two tables sharing a cell: Excel removes one of them."""
    for i, a in enumerate(p.tables):
        for b in p.tables[i + 1:]:
            ra, rb = area(a.root.get("ref", "")), area(b.root.get("ref", ""))
            if a.sheet is b.sheet and ra and rb and overlap(ra, rb):
                yield f"{a.part} ({a.root.get('ref')}) overlaps {b.part} ({b.root.get('ref')}) on {a.sheet.name}"


def _merges(sh: Sheet) -> list[tuple[str, Range | None]]:
    return [(m.get("ref"), area(m.get("ref", ""))) for m in sh.root.iter(M + "mergeCell")]


def table_merges(p: Package) -> Iterator[str]:
    """A merged range touching a table: Excel unmerges the cells (tables cannot hold merged cells)."""
    for t in p.tables:
        box = area(t.root.get("ref", ""))
        for ref, m in _merges(t.sheet):
            if box and m and overlap(box, m):
                yield f"{t.part}: table {t.root.get('ref')} overlaps the merged range {ref} on {t.sheet.name}"


def merge_overlaps(p: Package) -> Iterator[str]:
    """Two merged ranges sharing a cell, or a malformed one: Excel repairs the merged cells."""
    for sh in p.sheets:
        merges = _merges(sh)
        for i, (ref, a) in enumerate(merges):
            if a is None:
                yield f"{sh.part}: merged range {ref!r} is malformed"
            for ref2, b in merges[i + 1:]:
                if a and b and overlap(a, b):
                    yield f"{sh.part}: merged ranges {ref} and {ref2} overlap"


def cell_order(p: Package) -> Iterator[str]:
    """Rows or cells out of order, duplicated, or a cell in another row than its own: Excel repairs the sheet."""
    for sh in p.sheets:
        last_row = 0
        for row in sh.root.iter(M + "row"):
            r = int(row.get("r", last_row + 1))
            if not last_row < r <= MAX_ROW:
                yield f"{sh.part}: row {r} follows row {last_row}"
            last_row, last_col = r, 0
            for c in row.iter(M + "c"):
                at = cell(c.get("r")) if c.get("r") else (r, last_col + 1)
                if at is None or at[0] != r:
                    yield f"{sh.part}: cell {c.get('r')!r} in row {r}"
                elif at[1] <= last_col:
                    yield f"{sh.part}: cell {c.get('r')} is not after the previous cell of row {r}"
                else:
                    last_col = at[1]


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def cell_values(p: Package) -> Iterator[str]:
    """A number cell that is not a number (nan, inf), a boolean not 0/1, text over 32767 characters: Excel repairs."""
    for sh in p.sheets:
        for c in sh.root.iter(M + "c"):
            t, v = c.get("t", "n"), c.findtext(M + "v")
            if t == "n" and v and not _NUMBER.match(v.strip()) or t == "b" and v not in (None, "0", "1"):
                yield f"{sh.part}: {c.get('r')} of type {t!r} holds {v!r}"
            elif t in ("s", "str", "inlineStr") and len(p.text(c)) > 32767:
                yield f"{sh.part}: {c.get('r')} holds {len(p.text(c))} characters, more than a cell can"


def style_indexes(p: Package) -> Iterator[str]:
    """A cell, row or column style index past cellXfs: Excel repairs the styles (or refuses the file)."""
    n = p.count("cellXfs")
    for sh in p.sheets:
        for el, attr in [*((c, "s") for c in sh.root.iter(M + "c")), *((r, "s") for r in sh.root.iter(M + "row")),
                         *((c, "style") for c in sh.root.iter(M + "col"))]:
            s = el.get(attr)
            if s is not None and int(s) >= max(n, 1):
                where = el.get("r") or f"col {el.get('min')}-{el.get('max')}"
                yield f"{sh.part}: {el.tag[len(M):]} {where} has style {s}, cellXfs has {n}"


def string_indexes(p: Package) -> Iterator[str]:
    """A shared-string cell whose index is past the sst: Excel repairs the cell (or refuses the file)."""
    n = len(p.strings)
    for sh in p.sheets:
        for c in sh.root.iter(M + "c"):
            v = c.findtext(M + "v")
            if c.get("t") == "s" and not (v and v.strip().isdigit() and int(v) < n):
                yield f"{sh.part}: {c.get('r')} names shared string {v!r}, the sst has {n}"


def shared_formulas(p: Package) -> Iterator[str]:
    """A shared-formula child without a master (same si, covering it): Excel removes the formula."""
    for sh in p.sheets:
        masters, children = {}, []
        for c in sh.root.iter(M + "c"):
            f = c.find(M + "f")
            if f is not None and f.get("t") == "shared":
                if (f.text or "").strip():
                    masters[f.get("si")] = area(f.get("ref", ""))
                else:
                    children.append((c.get("r"), f.get("si")))
        for ref, si in children:
            box, at = masters.get(si), cell(ref or "")
            if si not in masters:
                yield f"{sh.part}: {ref} shares formula si={si}, which has no master"
            elif box is None or at is None or not inside((*at, *at), box):
                yield f"{sh.part}: {ref} shares formula si={si} but lies outside its master's ref"


def calc_chain(p: Package) -> Iterator[str]:
    """A calcChain entry naming a cell that is missing or holds no formula: Excel drops the calcChain."""
    chains = [c for c in p.related(p.workbook, "/calcChain") if c in p.parts]
    by_id = {sh.sheet_id: sh for sh in p.sheets}
    for part in chains:
        i = None
        for e in p.xml(part).iter(M + "c"):
            i = e.get("i", i)
            sh, at = by_id.get(i), cell(e.get("r", ""))
            c = sh.cells.get(at) if sh and at else None
            if c is None or c.find(M + "f") is None:
                yield f"{part}: {e.get('r')} of sheet id {i} holds no formula"


def table_names(p: Package) -> Iterator[str]:
    """Table ids or names repeated in the workbook, or a table named like a defined name: Excel repairs."""
    defined = {d.get("name", "").casefold() for d in p.workbook_root.iter(M + "definedName")}
    for key, fold in [("id", False), ("name", True), ("displayName", True)]:
        seen: dict[str, str] = {}
        for t in p.tables:
            v = t.root.get(key, "")
            v = v.casefold() if fold else v
            if v in seen:
                yield f"{t.part} and {seen[v]} share the {key} {t.root.get(key)!r}"
            seen[v] = t.part
            if fold and v in defined:
                yield f"{t.part}: {key} {t.root.get(key)!r} is also a defined name"


_SHEET_REF = re.compile(r"(?:'((?:[^']|'')+)'|(?<![\w.'\]#])([A-Za-z_][\w.]*))!")


def sheet_names(p: Package) -> Iterator[str]:
    """A sheet name repeated (ignoring case), empty, over 31 characters or with one of []:*?/\\: Excel repairs."""
    seen = set()
    for s in p.workbook_root.iter(M + "sheet"):
        name = s.get("name", "")
        if name.casefold() in seen or not 0 < len(name) <= 31 or re.search(r"[][:*?/\\]", name):
            yield f"{p.workbook}: sheet name {name!r}"
        seen.add(name.casefold())


def defined_names(p: Package) -> Iterator[str]:
    """A defined name on a missing sheet (by reference or localSheetId), or twice in one scope: Excel repairs."""
    sheets = [s.get("name", "").casefold() for s in p.workbook_root.iter(M + "sheet")]
    names, n = set(sheets), len(sheets)
    scoped = set()
    for d in p.workbook_root.iter(M + "definedName"):
        key = (d.get("name", "").casefold(), d.get("localSheetId"))
        if key in scoped:
            yield f"{p.workbook}: {d.get('name')} is defined twice in one scope"
        scoped.add(key)
        local = d.get("localSheetId")
        if local is not None and not int(local) < n:
            yield f"{p.workbook}: {d.get('name')} has localSheetId {local}, the workbook has {n} sheets"
        text = re.sub(r'"[^"]*"', "", d.text or "")  # not inside string literals
        for quoted, plain in _SHEET_REF.findall(text):
            sheet = quoted.replace("''", "'") if quoted else plain
            if sheet.casefold() not in names:
                yield f"{p.workbook}: {d.get('name')} refers to the missing sheet {sheet!r}"


def relationships(p: Package) -> Iterator[str]:
    """A relationship to a part that is not in the package: Excel repairs (or refuses) the file."""
    for rels in [n for n in p.parts if n.endswith(".rels")]:
        folder = posixpath.dirname(posixpath.dirname(rels))
        source = posixpath.join(folder, posixpath.basename(rels)[:-len(".rels")])
        for r in p.rels(source):
            if r.get("TargetMode") != "External" and r.get("_target") not in p.parts:
                yield f"{rels}: {r.get('Id')} points at the missing part {r.get('Target')}"


def content_types(p: Package) -> Iterator[str]:
    """A part without a content type (no Override, no Default for its extension): Excel refuses the file."""
    if "[Content_Types].xml" not in p.parts:
        yield "[Content_Types].xml is missing"
        return
    ct = p.xml("[Content_Types].xml")
    overrides = {o.get("PartName", "").lstrip("/").casefold() for o in ct.iter(CT + "Override")}
    defaults = {d.get("Extension", "").casefold() for d in ct.iter(CT + "Default")}
    for name in p.parts:
        ext = name.rpartition(".")[2].casefold() if "." in posixpath.basename(name) else ""  # "_rels/.rels": rels
        if name != "[Content_Types].xml" and name.casefold() not in overrides and ext not in defaults:
            yield f"{name} has no content type"


def dimensions(p: Package) -> Iterator[str]:
    """A malformed dimension ref: Excel repairs the sheet."""
    for sh in p.sheets:
        d = sh.root.find(M + "dimension")
        if d is not None and area(d.get("ref", "")) is None:
            yield f"{sh.part}: dimension {d.get('ref')!r}"


def dxf_indexes(p: Package) -> Iterator[str]:
    """A conditional format or table naming a dxf past the dxfs list: Excel drops the formatting."""
    n = p.count("dxfs")
    places = [(sh.part, sh.root.iter(M + "cfRule")) for sh in p.sheets]
    places += [(t.part, t.root.iter()) for t in p.tables]
    for part, elements in places:
        for el in elements:
            for attr, v in el.attrib.items():
                if attr.lower().endswith("dxfid") and not int(v) < n:
                    yield f"{part}: {el.tag[len(M):]} {attr}={v}, dxfs has {n}"


RULES = [table_headers, table_columns, table_autofilter, table_overlaps, table_merges, merge_overlaps, cell_order,
         cell_values, style_indexes, string_indexes, shared_formulas, calc_chain, table_names, sheet_names,
         defined_names, relationships, content_types, dimensions, dxf_indexes]


def repair_triggers(src: str | Path | IO[bytes]) -> list[str]:
    """Every known Excel repair trigger in the package at ``src`` (empty when Excel opens it without a repair)."""
    p = Package(src)
    return [f"{rule.__name__}: {finding}" for rule in RULES for finding in rule(p)]
