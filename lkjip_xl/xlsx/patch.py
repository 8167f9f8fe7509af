"""Edits to an open package: cell values and styles, table ranges, hyperlinks, chart ranges, recalculation.

Each edit changes the parsed parts it owns in place (:meth:`~.package.Package.edit`); every other part is saved
byte for byte. Callers use the :class:`~.package.Package` methods of the same names.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from lxml import etree

from .markup import M, rels_path
from .refs import cell_ref, parse_range, split_ref

if TYPE_CHECKING:
    from .package import Package, TablePart

__all__ = ["KEEP", "CellWrite", "excel_decimal", "write_cells", "fill_style", "set_table_ref", "set_hyperlinks",
           "retarget_charts", "force_full_calc_on_load", "drop_calc_chain"]

KEEP = object()
"""A :class:`CellWrite` value that leaves the cell's content as it is: only its style changes."""


@dataclass(frozen=True)
class CellWrite:
    """A value the tool writes: a number (Decimal/int/float), a str, None to blank the cell, or :data:`KEEP`."""

    value: object
    style: int | None = None
    like: int | None = None
    """Only when the cell has no element yet: take the style of this row's cell in the column (else of the
    nearest styled cell above), as a row added to a table looks like its neighbours."""


# Order of the children of <worksheet> (ECMA-376 CT_Worksheet), to insert new elements where Excel expects them.
_WS_ORDER = [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
    "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
    "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors",
    "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst",
]
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


# --- cells -------------------------------------------------------------------------------------------------


def write_cells(pkg: Package, sheet: str, writes: dict[tuple[int, int], CellWrite]) -> None:
    """Set values of cells, keeping every other cell, row attribute and sheet element as it is."""
    if not writes:
        return
    sp = pkg.sheet(sheet)
    assert sp is not None
    root = pkg.edit(sp.path)
    sd = root.find(M + "sheetData")
    if sd is None:
        sd = _insert_ws_child(root, "sheetData")
    rows: dict[int, etree._Element] = {}
    for row_el in sd.iterfind(M + "row"):
        rows[int(row_el.get("r", "0"))] = row_el
    styles: dict[tuple[int, int], int] | None = None
    """Read only if a cell has no element yet and must borrow its neighbours' style."""
    by_row: dict[int, list[tuple[int, CellWrite]]] = {}
    for (r, c), w in writes.items():
        by_row.setdefault(r, []).append((c, w))
    for r in sorted(by_row):
        row = rows.get(r)
        if row is None:
            row = etree.Element(M + "row", r=str(r))
            _insert_in_order(sd, rows, r, row)
        if row.get("spans"):
            del row.attrib["spans"]  # an optimisation hint; stale spans are worse than none
        # cells that exist are found by their reference; only a row that needs new cells is indexed by column
        want = {cell_ref(r, col): w for col, w in by_row[r]}
        for cell in row.iterfind(M + "c"):
            found = want.pop(cell.get("r", ""), None)
            if found is not None:
                _set_cell(cell, found)
        if not want:
            continue
        existing = {split_ref(ref)[1]: cell for cell in row.iterfind(M + "c") if (ref := cell.get("r"))}
        for col, w in sorted(((split_ref(ref)[1], w) for ref, w in want.items()), key=lambda x: x[0]):
            el = existing.get(col)  # the cell, under another spelling of its reference ("$B$5")
            if el is None:
                if w.style is None and w.like is not None:
                    if styles is None:
                        styles = pkg.styles_of(sheet)
                    w = CellWrite(w.value, styles.get((w.like, col)) or _style_above(styles, r, col))
                el = etree.Element(M + "c", r=cell_ref(r, col))
                _insert_in_order(row, existing, col, el)
            _set_cell(el, w)
    _update_dimension(root, writes)


def _update_dimension(root: etree._Element, writes: dict[tuple[int, int], CellWrite]) -> None:
    """Cells are only ever added or rewritten: the sheet's used range grows to cover the writes."""
    dim = root.find(M + "dimension")
    if dim is None or not writes:
        return
    try:
        r1, c1, r2, c2 = parse_range(dim.get("ref", ""))
    except ValueError:
        r1 = c1 = 10**9
        r2 = c2 = 0
    rows = [r for r, _ in writes]
    cols = [c for _, c in writes]
    r1, c1 = min(r1, min(rows)), min(c1, min(cols))
    r2, c2 = max(r2, max(rows)), max(c2, max(cols))
    dim.set("ref", f"{cell_ref(r1, c1)}:{cell_ref(r2, c2)}")


def _style_above(styles: dict[tuple[int, int], int], r: int, j: int) -> int | None:
    """The style a new cell takes: that of the nearest styled cell above it in its column."""
    for rr in range(r - 1, max(0, r - 200), -1):
        if (rr, j) in styles:
            return styles[(rr, j)]
    return None


def _insert_in_order(parent: etree._Element, index: dict[int, etree._Element], key: int,
                     el: etree._Element) -> None:
    """Put ``el`` (a row or a cell, numbered ``key``) after its predecessor in ``index``, first in ``parent``
    when it has none, and index it: rows and cells must stay in order for Excel."""
    before = [k for k in index if k < key]
    if before:
        index[max(before)].addnext(el)
    else:
        parent.insert(0, el)
    index[key] = el


def _set_cell(el: etree._Element, w: CellWrite) -> None:
    if w.value is KEEP:
        if w.style is not None:
            el.set("s", str(w.style))
        return
    for child in list(el):
        el.remove(child)
    if "t" in el.attrib:
        del el.attrib["t"]
    if w.style is not None:
        el.set("s", str(w.style))
    v = w.value
    if v is None or v == "":
        return
    if isinstance(v, str):
        el.set("t", "inlineStr")
        is_ = etree.SubElement(el, M + "is")
        t = etree.SubElement(is_, M + "t")
        text = t.text = _xml_safe(v)
        if text != text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return
    ve = etree.SubElement(el, M + "v")
    ve.text = _fmt_number(v)


def _fmt_number(v: object) -> str:
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        return format(excel_decimal(v), "f")
    return repr(float(v))  # type: ignore[arg-type]  # a float, or what float() takes: fails loudly otherwise


def excel_decimal(v: Decimal) -> Decimal:
    """The value as Excel keeps it: a double holds 15 significant digits. Both writers (file and Excel) use it."""
    return v.normalize() if v == v.to_integral_value() else Decimal(format(v, ".15g"))


_CTRL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(s: str) -> str:
    """Text as a cell can hold it: without the characters XML forbids (control characters, lone surrogates,
    U+FFFE and U+FFFF), at most 32767 characters."""
    return _CTRL.sub("", s)[:32767]


def _insert_ws_child(root: etree._Element, tag: str) -> etree._Element:
    el = etree.Element(M + tag)
    idx = _WS_ORDER.index(tag)
    later = set(_WS_ORDER[idx + 1 :])
    for i, child in enumerate(root):
        local = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if local in later:
            root.insert(i, el)
            return el
    root.append(el)
    return el


# --- styles ------------------------------------------------------------------------------------------------


def _canon(el: etree._Element) -> tuple[Any, ...]:
    """An element's name, attributes and child elements: equal for equal content, whatever its prefixes."""
    return (el.tag, tuple(sorted(el.attrib.items())), tuple(_canon(c) for c in el if isinstance(c.tag, str)))


def fill_style(pkg: Package, base: int, rgb: str) -> int:
    """The cellXfs index of style ``base`` with a solid ``rgb`` (``#RRGGBB``) fill: a coloured input cell.

    Fills and styles are reused when an identical one exists, so colouring a cell twice, or clearing it back
    to the white it had, adds nothing; styles.xml is edited only when something must be added."""
    if not pkg.styles_part or pkg.styles_part not in pkg.parts:
        return base
    root = pkg.tree(pkg.styles_part)
    xfs, fills = root.find(M + "cellXfs"), root.find(M + "fills")
    if xfs is None or fills is None or not 0 <= base < len(xfs):
        return base
    fill = etree.Element(M + "fill", nsmap=cast(dict[str, str], {None: M[1:-1]}))  # the default namespace
    pf = etree.SubElement(fill, M + "patternFill", patternType="solid")
    etree.SubElement(pf, M + "fgColor", rgb="FF" + rgb.lstrip("#").upper())
    etree.SubElement(pf, M + "bgColor", indexed="64")
    key = _canon(fill)
    fill_id = next((i for i, f in enumerate(fills) if _canon(f) == key), None)
    xf = copy.deepcopy(xfs[base])
    xf.set("fillId", str(len(fills) if fill_id is None else fill_id))
    xf.set("applyFill", "1")
    if fill_id is not None:
        if _canon(xf) == _canon(xfs[base]):
            return base
        want = _canon(xf)
        same = next((i for i, x in enumerate(xfs) if _canon(x) == want), None)
        if same is not None:
            return same
    root = pkg.edit(pkg.styles_part)
    xfs, fills = root.find(M + "cellXfs"), root.find(M + "fills")
    assert xfs is not None and fills is not None
    if fill_id is None:
        fills.append(copy.deepcopy(fill))
        fills.set("count", str(len(fills)))
    xfs.append(xf)
    xfs.set("count", str(len(xfs)))
    return len(xfs) - 1


# --- tables, links, charts ---------------------------------------------------------------------------------


def set_table_ref(pkg: Package, table: TablePart, ref: str) -> None:
    """Give a table the range ``ref`` (its autoFilter follows, above any totals row)."""
    if table.ref == ref:
        return
    t = pkg.edit(table.path)
    t.set("ref", ref)
    af = t.find(M + "autoFilter")
    if af is not None:
        r1, c1, r2, c2 = parse_range(ref)
        af.set("ref", f"{cell_ref(r1, c1)}:{cell_ref(r2 - table.totals_rows, c2)}")
    table.ref = ref


def set_hyperlinks(pkg: Package, sheet: str, links: Iterable[tuple[str, str, str]]) -> None:
    """Replace the sheet's internal hyperlinks: (cell, location such as "'Kinerja'!F12", tooltip)."""
    sp = pkg.sheet(sheet)
    assert sp is not None
    root = pkg.edit(sp.path)
    old = root.find(M + "hyperlinks")
    if old is not None:
        root.remove(old)
    links = list(links)
    if not links:
        return
    hl = _insert_ws_child(root, "hyperlinks")
    for ref, location, tip in links:
        etree.SubElement(hl, M + "hyperlink", ref=ref, location=location, display=tip)


def retarget_charts(pkg: Package, sheet: str, first: int, last: int) -> None:
    """Series of the sheet's charts that start at row ``first`` now end at row ``last``; their cached values go,
    so Excel reads them afresh."""
    sp = pkg.sheet(sheet)
    if sp is None:
        return
    # "$B$5" (one row) or "$B$5:$B$9": both become "$B$5:$B$<last>"
    pat = re.compile(r"((?:'[^']+'|[^!'(,]+)!)(\$?[A-Z]{1,3}\$?)" + str(first) + r"(?::\$?[A-Z]{1,3}\$?\d+)?(?![\d:])")

    def sub(m: re.Match[str]) -> str:
        if m.group(1).strip("'!") != sheet:
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}{first}:{m.group(2)}{last}"

    for typ, target in pkg.rels(sp.path).values():
        if not typ.endswith("/drawing"):
            continue
        for ctyp, chart in pkg.rels(target).values():
            if not ctyp.endswith("/chart") or chart not in pkg.parts:
                continue
            root = pkg.tree(chart)
            changed = False
            for f in root.iter("{%s}f" % NS_C):
                if f.text:
                    new = pat.sub(sub, f.text)
                    changed = changed or new != f.text
                    f.text = new
            if changed:
                for cache in list(root.iter("{%s}numCache" % NS_C)) + list(root.iter("{%s}strCache" % NS_C)):
                    parent = cache.getparent()
                    if parent is not None:
                        parent.remove(cache)
                pkg.edit(chart)


# --- the workbook ------------------------------------------------------------------------------------------


def force_full_calc_on_load(pkg: Package) -> None:
    """Ask Excel to recalculate user formulas that may depend on values we changed."""
    wb = pkg.edit(pkg.workbook_part)
    cp = wb.find(M + "calcPr")
    if cp is None:
        cp = etree.Element(M + "calcPr")
        # CT_Workbook order: … sheets, functionGroups, externalReferences, definedNames, calcPr, oleSize …
        anchor = None
        for child in wb:
            if isinstance(child.tag, str) and etree.QName(child).localname in (
                "sheets", "functionGroups", "externalReferences", "definedNames"
            ):
                anchor = child
        if anchor is not None:
            anchor.addnext(cp)
        else:
            wb.append(cp)
    cp.set("fullCalcOnLoad", "1")


def drop_calc_chain(pkg: Package) -> None:
    """calcChain.xml lists formula cells; once we replace a formula by a value Excel calls the file corrupt."""
    chain = [p for p in pkg.parts if p.endswith("calcChain.xml")]
    if not chain:
        return
    for p in chain:
        del pkg.parts[p]
    rels = pkg.edit(rels_path(pkg.workbook_part))
    for rel in list(rels):
        if rel.get("Type", "").endswith("/calcChain"):
            rels.remove(rel)
    ct = pkg.edit("[Content_Types].xml")
    for ov in list(ct):
        if ov.get("PartName", "").endswith("calcChain.xml"):
            ct.remove(ov)
