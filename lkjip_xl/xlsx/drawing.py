"""Pictures placed on a sheet: read from its drawing part, with where they sit and how big they are shown."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from .markup import R

if TYPE_CHECKING:
    from .package import Package

__all__ = ["MAX_PICTURE_BYTES", "Picture", "pictures", "EMU_PER_PIXEL", "EMU_PER_POINT"]

MAX_PICTURE_BYTES = 20 * 1024 * 1024
"""Pictures of one sheet read at most (declared sizes): the report needs a logo and a few photos, not 400 MB."""

XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
DML = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
EMU_PER_PIXEL = 9525
EMU_PER_POINT = 12700
_IMAGE_EXT = {"jpg": "jpeg", "jpe": "jpeg", "jfif": "jpeg", "tif": "tiff", "dib": "bmp"}
"""Media file suffixes spelled one way: the file type, not the file name."""


@dataclass(frozen=True)
class Picture:
    """A picture placed on a sheet (Insert ▸ Pictures): where its top-left corner is, and its image."""

    row: int
    """1-based row of the anchor's top-left cell (0 when it cannot be told)."""
    col: int
    """1-based column of the anchor's top-left cell (0 when it cannot be told)."""
    data: bytes | None = field(repr=False)
    """The image file's bytes; None when reading it would pass :data:`MAX_PICTURE_BYTES`."""
    ext: str
    """Lower-case file type of the media part: png, jpeg, gif, bmp, emf, wmf, tiff, svg…"""
    content_type: str
    width_emu: int
    """Size as shown on the sheet, in EMU (914400 a inch, 12700 a point)."""
    height_emu: int
    name: str = ""
    description: str = ""
    part: str = ""
    """The media part, e.g. ``xl/media/image1.png``."""


def pictures(pkg: Package, sheet: str, max_bytes: int | None = None) -> list[Picture]:
    """The pictures anchored on a sheet, in drawing order, read from its drawing part.

    Pictures directly under an anchor (``xdr:twoCellAnchor``, ``oneCellAnchor``, ``absoluteAnchor``) count;
    those inside groups or shapes, linked (not embedded) pictures and pictures whose media part is missing
    are left out. Once the images read reach ``max_bytes`` (by their declared sizes; default
    :data:`MAX_PICTURE_BYTES`), later ones come with ``data=None`` and are not inflated.
    """
    sp = pkg.sheet(sheet)
    if sp is None or sp.path not in pkg.parts:
        return []
    path = sp.path
    drawings = [t for typ, t in pkg.rels(path).values() if typ.endswith("/drawing") and t in pkg.parts]
    out: list[Picture] = []
    budget = [MAX_PICTURE_BYTES if max_bytes is None else max_bytes]
    geometry: list[_Geometry] = []

    def geom() -> _Geometry:
        if not geometry:
            geometry.append(_Geometry.of(pkg.parts[path]))
        return geometry[0]

    for part in drawings:
        root = pkg.tree(part)
        rels = pkg.rels(part)
        for anchor in _anchors(root):
            if not isinstance(anchor.tag, str) or not anchor.tag.startswith(XDR):
                continue
            if anchor.tag[len(XDR):] not in ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor"):
                continue
            pic = anchor.find(XDR + "pic")
            if pic is None:
                continue
            got = _picture(pkg, anchor, pic, rels, budget, geom)
            if got is not None:
                out.append(got)
    return out


def _picture(pkg: Package, anchor: etree._Element, pic: etree._Element, rels: dict[str, tuple[str, str]],
             budget: list[int], geom: Callable[[], _Geometry]) -> Picture | None:
    blip = pic.find(f"{XDR}blipFill/{DML}blip")
    rid = blip.get(R + "embed") if blip is not None else None
    typ, media = rels.get(rid or "", ("", ""))
    if not rid or not typ.endswith("/image") or media not in pkg.parts:
        return None
    frm = anchor.find(XDR + "from")
    if frm is not None:
        row, col = _anchor_int(frm, "row") + 1, _anchor_int(frm, "col") + 1
    else:  # absoluteAnchor: a position in EMU from the sheet's top-left corner
        pos = anchor.find(XDR + "pos")
        x, y = (_emu(pos, "x"), _emu(pos, "y")) if pos is not None else (0, 0)
        row, col = geom().cell_at(x, y)
    w = h = 0
    ext = anchor.find(XDR + "ext")
    if ext is None:
        ext = pic.find(f"{XDR}spPr/{DML}xfrm/{DML}ext")
    if ext is not None:
        w, h = _emu(ext, "cx"), _emu(ext, "cy")
    to = anchor.find(XDR + "to")
    if (w <= 0 or h <= 0) and frm is not None and to is not None:
        w, h = geom().span(frm, to)
    declared = pkg.parts.declared_size(media)
    size = declared if declared is not None else len(pkg.parts[media])
    data: bytes | None = None
    if size <= budget[0]:
        budget[0] -= size
        data = pkg.parts[media]
    nv = pic.find(f"{XDR}nvPicPr/{XDR}cNvPr")
    suffix = media.rsplit(".", 1)[-1].lower() if "." in media.rsplit("/", 1)[-1] else ""
    return Picture(row, col, data, _IMAGE_EXT.get(suffix, suffix), pkg.content_type(media), max(w, 0),
                   max(h, 0), nv.get("name", "") if nv is not None else "",
                   nv.get("descr", "") if nv is not None else "", media)


def _anchors(root: etree._Element) -> Iterator[etree._Element]:
    """The anchors of a drawing, those Excel wraps in ``mc:AlternateContent`` included (the first branch)."""
    for el in root:
        if el.tag == MC + "AlternateContent":
            branch = el.find(MC + "Choice")
            if branch is None:
                branch = el.find(MC + "Fallback")
            if branch is not None:
                yield from branch
        else:
            yield el


def _anchor_int(el: etree._Element, tag: str) -> int:
    child = el.find(XDR + tag)
    try:
        return max(0, int((child.text or "0").strip())) if child is not None else 0
    except ValueError:
        return 0


def _emu(el: etree._Element, attr: str) -> int:
    try:
        return int(el.get(attr, "0"))
    except ValueError:
        return 0


_COL_B = re.compile(rb"<col\b([^>]*)>")
_ROW_HT_B = re.compile(rb"<row\b([^>]*)>")
_FMT_B = re.compile(rb"<sheetFormatPr\b([^>]*)>")
_ATTRS_B = re.compile(rb'\s(\w+)="([^"]*)"')


class _Geometry:
    """Column widths and row heights of a sheet, in EMU, as Excel lays them out with its default font
    (Calibri 11: a digit 7 pixels wide). Only for pictures placed by position rather than by cell."""

    def __init__(self, cols: dict[int, int], default_col: int, rows: dict[int, int], default_row: int) -> None:
        self.cols, self.default_col, self.rows, self.default_row = cols, default_col, rows, default_row

    @classmethod
    def of(cls, raw: bytes) -> _Geometry:
        def attrs(m: bytes) -> dict[bytes, bytes]:
            return dict(_ATTRS_B.findall(m))

        def num(d: dict[bytes, bytes], k: bytes) -> float | None:
            try:
                return float(d[k]) if k in d else None
            except ValueError:
                return None

        fmt = _FMT_B.search(raw)
        f = attrs(fmt.group(1)) if fmt else {}
        default_row = round((num(f, b"defaultRowHeight") or 15.0) * EMU_PER_POINT)
        width = num(f, b"defaultColWidth")
        if width is None:
            width = (num(f, b"baseColWidth") or 8.0) + 5 / 7
        default_col = _col_px(width) * EMU_PER_PIXEL
        cols: dict[int, int] = {}
        for m in _COL_B.finditer(raw):
            d = attrs(m.group(1))
            lo, hi, w = num(d, b"min"), num(d, b"max"), num(d, b"width")
            if lo is None or hi is None or w is None:
                continue
            px = 0 if d.get(b"hidden") in (b"1", b"true") else _col_px(w)
            for j in range(int(lo), min(int(hi), int(lo) + 256) + 1):
                cols[j] = px * EMU_PER_PIXEL
        rows: dict[int, int] = {}
        for m in _ROW_HT_B.finditer(raw):
            d = attrs(m.group(1))
            r, ht = num(d, b"r"), num(d, b"ht")
            if r is not None:
                if d.get(b"hidden") in (b"1", b"true"):
                    rows[int(r)] = 0
                elif ht is not None:
                    rows[int(r)] = round(ht * EMU_PER_POINT)
        return cls(cols, default_col, rows, default_row)

    def col_width(self, j: int) -> int:
        return self.cols.get(j, self.default_col)

    def row_height(self, r: int) -> int:
        return self.rows.get(r, self.default_row)

    def cell_at(self, x: int, y: int) -> tuple[int, int]:
        """The 1-based (row, col) holding the point (x, y) EMU from the sheet's top-left corner."""
        return (_index_at(y, self.rows, self.default_row, 1_048_576),
                _index_at(x, self.cols, self.default_col, 16_384))

    def span(self, frm: etree._Element, to: etree._Element) -> tuple[int, int]:
        """Width and height in EMU of a two-cell anchor (``xdr:from`` to ``xdr:to``, 0-based cells and offsets)."""
        c1, c2 = _anchor_int(frm, "col") + 1, _anchor_int(to, "col") + 1
        r1, r2 = _anchor_int(frm, "row") + 1, _anchor_int(to, "row") + 1
        w = sum(self.col_width(j) for j in range(c1, min(c2, c1 + 16384)))
        h = sum(self.row_height(r) for r in range(r1, min(r2, r1 + 100_000)))
        w += _anchor_int(to, "colOff") - _anchor_int(frm, "colOff")
        h += _anchor_int(to, "rowOff") - _anchor_int(frm, "rowOff")
        return max(w, 0), max(h, 0)


def _index_at(pos: int, sizes: dict[int, int], default: int, last: int) -> int:
    """The 1-based row or column in which ``pos`` (EMU) falls: walking the sized ones, then by arithmetic."""
    i, start = 1, 0
    end = max(sizes, default=0)
    while i <= end:
        size = sizes.get(i, default)
        if pos < start + size:
            return i
        start += size
        i += 1
    if default <= 0:
        return min(i, last)
    return min(i + (pos - start) // default, last)


def _col_px(width: float) -> int:
    """Excel's pixel width of a column ``width`` characters wide (maximum digit width 7 pixels)."""
    return int(((256 * width + int(128 / 7)) / 256) * 7)
