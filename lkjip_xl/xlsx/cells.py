"""Cells as a sheet part stores them, and the shared strings they point into.

A sheet is read straight from its bytes when it has the shape Excel and XlsxWriter write, which matters when a
kabupaten consolidates hundreds of workbooks; anything unusual (prefixed namespaces, cells without a reference,
shared or array formulas, a document that does not end properly) is read through lxml instead. Both readings
give the same cells; a cell's type (``t=``) is turned into its value by :func:`decode`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple, cast

from lxml import etree

from .markup import M, declares_dtd, prefixed
from .refs import col_index, parse_range, split_ref, translate_shared

__all__ = ["Cell", "rows_of", "is_date_serial", "decode", "si_text", "scan_strings", "tree_strings", "scan_cells",
           "tree_cells", "scan_styles", "tree_styles", "merged_ranges"]


class Cell(NamedTuple):
    """A cell as stored. A tuple: the scanner makes one per cell of every sheet it reads, a tuple is built
    without a call per field, and the reader's hot loop unpacks it in one step."""

    value: object
    """str, float, bool, None, or an error string such as '#DIV/0!' (see ``error``)."""
    formula: str | None = None
    style: int = 0
    error: bool = False
    cached: bool = True
    """False for a formula cell without a cached value (written by a script, never opened in Excel)."""


def rows_of(cells: dict[tuple[int, int], Cell]) -> dict[int, dict[int, Cell]]:
    """``cells`` regrouped by row, then column (each in the order met)."""
    out: dict[int, dict[int, Cell]] = {}
    for (r, c), cell in cells.items():
        row = out.get(r)
        if row is None:
            row = out[r] = {}
        row[c] = cell
    return out


def is_date_serial(value: object) -> bool:
    """Whether ``value`` can be an Excel day number (1900-01-01 to 9999-12-31): how a date is stored, so a cell
    formatted as a date, or typed in a date column, holds one."""
    return isinstance(value, float) and 1 < value < 2958466


def _excel_float(text: str) -> object:
    """A number cell's value; text that is no number stays text (the reader then says so at its cell)."""
    try:
        return float(text)
    except ValueError:
        return text


def decode(t: str, text: str, ss: Sequence[str]) -> tuple[object, bool]:
    """A cell's value from its type (``t=``) and the text of its ``<v>``, and whether it is an error value.

    ``s`` indexes the shared strings (None when out of range), ``str`` and ``d`` are text, ``b`` a bool, ``e``
    an error such as '#N/A'; any other type is a number (text that is not one stays text)."""
    if t == "s":
        try:
            return ss[int(text)], False
        except (ValueError, IndexError):
            return None, False
    if t == "str" or t == "d":
        return text, False
    if t == "b":
        return text.strip() in ("1", "true"), False
    if t == "e":
        return text, True
    return _excel_float(text), False


class _Index(dict[str | bytes, int]):
    """``index[text]``: the int for a column's letters or a style number, computed once per distinct text, str
    or bytes (a dict lookup, not a function call, per cell)."""

    def __init__(self, parse: Callable[[str], int]) -> None:
        super().__init__()
        self._parse = parse

    def __missing__(self, key: str | bytes) -> int:
        v = self._parse(key.decode("ascii") if isinstance(key, bytes) else key)
        if len(self) < 100_000:  # a hostile sheet's endless distinct texts do not grow it without bound
            self[key] = v
        return v


_COL_OF = _Index(col_index)
_STYLE_OF = _Index(lambda text: int(text) if text else 0)

_NS = {"m": M[1:-1]}
_CELL_B = re.compile(rb"<c\b([^>/]*)>(.*?)</c>", re.S)
"""Only cells with content: a self-closing styled blank never matches (its attributes end in '/')."""
_ATTR_B = re.compile(rb'\s([rst])="([^"]*)"')
_V_B = re.compile(rb"<v(?:\s[^>]*)?>(.*?)</v>", re.S)
_F_B = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_T_B = re.compile(rb"<t\b[^>]*?(?:/>|>(.*?)</t>)", re.S)
_RPH_B = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_SI_B = re.compile(rb"<si>(.*?)</si>", re.S)
_STYLED_B = re.compile(rb'<c r="([A-Z]{1,3})(\d+)" s="(\d+)"')
"""Cells with a style, in the attribute order Excel and XlsxWriter write (r first, then s)."""
_MERGE_B = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z0-9:$]+)"')
_CELL_TYPICAL = re.compile(
    r'<c r="([A-Z]{1,3})(\d+)"(?: s="(\d+)")?+(?: t="(\w+)")?+>'
    r"(?:<f>([^<]*+)</f>)?+(?:<v>([^<]*+)</v>|<v/>)?+"
    r'(?:<is><t(?: xml:space="preserve")?>([^<]*+)</t></is>)?+</c>'
)
"""A cell as Excel and XlsxWriter write it: reference, style, type, then formula, value or inline text.
Possessive (``?+``, ``*+``, Python 3.11): no part can match another way, so the engine is told not to try."""


def _unescape(b: bytes) -> str:
    s = b.decode("utf-8")
    return html.unescape(s) if "&" in s else s


# --- shared strings ----------------------------------------------------------------------------------------


def si_text(si: etree._Element) -> str:
    """The text of a string item (``<si>`` or ``<is>``): its ``<t>``, or its runs' ``<t>`` joined."""
    t = si.find(M + "t")
    if t is not None:
        return t.text or ""
    return "".join((r.text or "") for r in si.iterfind(f"{M}r/{M}t"))


def _plain_strings(text: str) -> list[str] | None:
    """The shared strings when every one is plain text (``<si><t>…</t></si>``, as Excel and XlsxWriter write
    them), cut out by splitting the text between them: no per-string regex match. None when any string has
    another shape (rich text, phonetic runs, spacing between elements)."""
    start, end = text.find("<si>"), text.rfind("</si>")
    if start < 0:
        return [] if "<si" not in text else None
    body = text[start:end + 5].replace('<si><t xml:space="preserve">', "<si><t>")
    if not (body.startswith("<si><t>") and body.endswith("</t></si>")):
        return None
    strings = body[7:-9].split("</t></si><si><t>")
    if body.count("<") != 4 * len(strings):  # each string's four tags and nothing else: no markup inside
        return None
    if "&" in body:
        unesc = html.unescape
        return [unesc(x) if "&" in x else x for x in strings]
    return strings


def scan_strings(raw: bytes) -> list[str] | None:
    """The shared strings read from the part's bytes; None when lxml must read them (:func:`tree_strings`)."""
    if declares_dtd(raw) or prefixed(raw) or not raw.rstrip().endswith(b"</sst>"):
        return None
    simple = _plain_strings(raw.decode("utf-8"))
    if simple is not None:
        return simple
    out = []
    for si in _SI_B.findall(raw):
        out.append("".join(_unescape(t or b"") for t in _T_B.findall(_RPH_B.sub(b"", si))))
    return out


def tree_strings(root: etree._Element) -> list[str]:
    """The shared strings of a parsed sharedStrings part."""
    return [si_text(si) for si in root.iter(M + "si")]


# --- cells -------------------------------------------------------------------------------------------------


def scan_cells(raw: bytes, rows: dict[int, dict[int, Cell]], ss: list[str]) -> bool:
    """Read a sheet's cells with content into ``rows`` (by row, then column) straight from its bytes.

    False, with ``rows`` left empty, when the sheet has a shape this does not read: :func:`tree_cells` then
    reads it."""
    if declares_dtd(raw):
        return False
    if not raw.rstrip().endswith(b"</worksheet>") or prefixed(raw):
        return False
    i = raw.find(b"<sheetData")
    if i < 0:
        return False
    k = raw.find(b">", i)
    if raw[k - 1:k] == b"/":
        body = b""
    else:
        j = raw.rfind(b"</sheetData>")
        if j < k:
            return False
        body = raw[k + 1:j]
    text = body.decode("utf-8")
    if "<row" in text:
        # the template's spare rows hold only styled blanks: dropped before the regex ever tries them
        text = "".join(row for row in text.split("</row>") if "</c>" in row)
    # shared and array formulas, looked for only where there are formulas, in the rows kept
    if "<f" in text and (' t="shared"' in text or ' t="array"' in text):
        return False
    typical = _CELL_TYPICAL.findall(text)
    if len(typical) == text.count("</c>"):
        _scan_typical(typical, rows, ss)
        return True
    return _scan_general(body, rows, ss)


def _scan_typical(typical: list[tuple[str, ...]], rows: dict[int, dict[int, Cell]], ss: list[str]) -> None:
    """Every cell with content in the common shape: one regex pass over the text, no per-cell searches.

    The two shapes nearly every cell has (a shared string, a number) are decoded inline, as :func:`decode`
    would; every other type goes through it."""
    unesc, col_of, style_of = html.unescape, _COL_OF, _STYLE_OF
    new = cast(Callable[[type[Cell], tuple[object, str | None, int, bool, bool]], Cell], tuple.__new__)
    last_row, r, cells = None, 0, None
    for letters, row, st, t, ftext, vtext, itext in typical:
        if row != last_row:  # a row's cells come one after another: its number is parsed once
            last_row, r, cells = row, int(row), None
        formula = ("=" + (unesc(ftext) if "&" in ftext else ftext)) if ftext else None
        value: object
        error = False
        if t == "s" and vtext:
            try:
                value = ss[int(vtext)]
            except (ValueError, IndexError):
                value = None
        elif t == "" and vtext:
            try:
                value = float(vtext)
            except ValueError:
                value = vtext
        elif t == "inlineStr":
            value = unesc(itext) if "&" in itext else itext
        elif vtext:  # only text values are unescaped on this path
            value, error = decode(t, unesc(vtext) if (t == "str" or t == "d") and "&" in vtext else vtext, ss)
        elif formula is None:
            continue
        else:
            value = None
        cached = formula is None or bool(vtext) or t == "inlineStr"
        if cells is None:  # made at the row's first cell with content: a row of blanks has none
            cells = rows.setdefault(r, {})
        cells[col_of[letters]] = new(Cell, (value, formula, style_of[st], error, cached))


def _scan_general(body: bytes, rows: dict[int, dict[int, Cell]], ss: list[str]) -> bool:
    """Cells of any attribute order and content, one search per cell; False (``rows`` cleared) at a cell without
    a reference."""
    for cm in _CELL_B.finditer(body):
        inner = cm.group(2)
        if not inner:
            continue
        attrs = dict(_ATTR_B.findall(cm.group(1)))
        ref = attrs.get(b"r")
        if ref is None:
            rows.clear()
            return False
        r, col = split_ref(ref.decode("ascii"))
        t = attrs.get(b"t", b"n").decode("latin-1")  # any bytes decode; only ASCII ones name a type
        style = int(attrs.get(b"s", b"0") or 0)
        fm = _F_B.search(inner)
        formula = None
        if fm is not None:
            ftext = fm.group(2)
            formula = "=" + _unescape(ftext) if ftext else None
        vm = _V_B.search(inner)
        vtxt = _unescape(vm.group(1)) if vm is not None else None
        value: object = None
        error = False
        if t == "inlineStr":
            value = "".join(_unescape(x or b"") for x in _T_B.findall(_RPH_B.sub(b"", inner)))
        elif vtxt is not None:
            value, error = decode(t, vtxt, ss)
        cached = not (formula is not None and vtxt is None and t != "inlineStr")
        if value is None and formula is None:
            continue
        rows.setdefault(r, {})[col] = Cell(value, formula, style, error, cached)
    return True


def tree_cells(root: etree._Element, ss: list[str]) -> dict[tuple[int, int], Cell]:
    """The cells with content of a parsed worksheet by (row, col): any form the schema allows."""
    out: dict[tuple[int, int], Cell] = {}
    shared_f: dict[str, tuple[str, int, int]] = {}
    sd = root.find(M + "sheetData")

    def take(r: int, col: int, c: etree._Element) -> None:
        t = c.get("t", "n")
        s = int(c.get("s", "0") or 0)
        v = c.find(M + "v")
        f = c.find(M + "f")
        formula = None
        if f is not None:
            formula = f.text
            if f.get("t") == "shared":
                si = f.get("si", "")
                if formula:
                    shared_f[si] = (formula, r, col)
                elif si in shared_f:
                    formula = translate_shared(*shared_f[si], r, col)
            if formula is not None:
                formula = "=" + formula
        value: object = None
        error = False
        if t == "inlineStr":
            is_ = c.find(M + "is")
            value = si_text(is_) if is_ is not None else None
        elif v is not None and v.text is not None:
            value, error = decode(t, v.text, ss)
        cached = not (formula is not None and (v is None or v.text is None) and t != "inlineStr")
        if value is None and formula is None:
            return  # styled blanks carry no data
        out[(r, col)] = Cell(value, formula, s, error, cached)

    if sd is not None:
        if not sd.xpath("boolean(m:row/m:c[not(@r)])", namespaces=_NS):
            # every cell says where it is: let libxml2 pick the cells that hold something (a template's
            # spare rows are thousands of styled blanks, not worth a Python object each)
            for c in cast(list[etree._Element], sd.xpath("m:row/m:c[*]", namespaces=_NS)):
                r, col = split_ref(c.get("r", ""))
                take(r, col, c)
        else:
            for row in sd.iterfind(M + "row"):
                rnum = int(row.get("r", "0") or 0)
                next_col = 1
                for c in row.iterfind(M + "c"):
                    ref = c.get("r")
                    r, col = split_ref(ref) if ref else (rnum, next_col)
                    next_col = col + 1
                    if len(c):
                        take(r, col, c)
    return out


# --- styles and merges -------------------------------------------------------------------------------------


def scan_styles(raw: bytes) -> dict[tuple[int, int], int]:
    """Style index of every cell element written ``<c r=… s=…`` (blanks too), in one regex pass over the bytes:
    the template's thousands of styled blanks cost no objects. For parts not :func:`~.markup.prefixed`."""
    out = {}
    for letters, row, st in _STYLED_B.findall(raw):
        out[(int(row), _COL_OF[letters])] = _STYLE_OF[st]
    return out


def tree_styles(root: etree._Element) -> dict[tuple[int, int], int]:
    """Style index of every styled cell element of a parsed worksheet."""
    out = {}
    sd = root.find(M + "sheetData")
    if sd is not None:
        for row in sd.iterfind(M + "row"):
            for c in row.iterfind(M + "c"):
                ref = c.get("r")
                if ref and c.get("s"):
                    out[split_ref(ref)] = int(c.get("s", "0"))
    return out


def merged_ranges(raw: bytes) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a worksheet's bytes as (min_row, min_col, max_row, max_col); unreadable ones left out."""
    got = []
    for ref in _MERGE_B.findall(raw) if b"mergeCell" in raw else ():
        try:
            got.append(parse_range(ref.decode("ascii")))
        except ValueError:
            continue
    return got
