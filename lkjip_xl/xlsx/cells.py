"""Cells as a sheet part stores them, and the shared strings they point into.

A sheet is read straight from its bytes when it has the shape Excel and XlsxWriter write, which matters when a
kabupaten consolidates hundreds of workbooks; anything unusual (prefixed namespaces, cells without a reference,
shared or array formulas, comments, CDATA, processing instructions, an encoding other than UTF-8, a document that
does not end properly) is read through lxml instead. Both readings give the same cells, in time linear in the
part's size however it is crafted; a cell's type (``t=``) is turned into its value by :func:`decode`. A character
XML forbids (U+FFFF, control characters), which only the byte reading lets through, is read as U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import NamedTuple, cast

from lxml import etree

from .markup import M, declares_dtd, prefixed
from .refs import col_index, parse_range, split_ref, translate_shared

__all__ = ["Cell", "rows_of", "rows_extent", "short_int", "is_date_serial", "decode", "unescape", "repaired", "si_text", "scan_strings",
           "tree_strings", "scan_cells", "tree_cells", "scan_styles", "tree_styles", "merged_ranges"]


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
_CELL = re.compile(r"<c\b([^<>/]*+)(?:/>|>(.*?)</c\s*>)", re.S)
"""A cell; a self-closing one (a styled blank) has no content (group 2 None)."""
_CELL_START = re.compile(r"<c[\s/>]")
_ATTR = re.compile(r"""\s([rst])\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_V = re.compile(r"<v(?:\s[^<>]*+)?+>([^<]*+)</v\s*>")
_F = re.compile(r"<f\b[^<>]*?(?:/>|>([^<]*+)</f\s*>)")
_T = re.compile(r"<t\b[^<>]*?(?:/>|>([^<]*+)</t\s*>)")
_RPH = re.compile(r"<rPh\b.*?</rPh\s*>", re.S)
_SI = re.compile(r"<si\b[^<>/]*+(?:/>|>(.*?)</si\s*>)", re.S)
_CLOSE = {name: re.compile(rf"</{name}\s*>") for name in ("c", "si", "rPh")}
# Every pattern above is matched only where it can end: text scanned by a lazy ``.*?`` stops at the last end tag
# it looks for (:func:`_past_last`; an unterminated element would have each later start scan to the end of the
# part), and the other quantifiers stop at the next '<' or '>'. So a part is scanned in time linear in its size,
# however crafted. End tags may have spacing before their '>' (``</c >``), as XML allows.
_STYLED_B = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})" s="(\d{1,9})"')
"""Cells with a style, in the attribute order Excel and XlsxWriter write (r first, then s)."""
_MERGE_B = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z0-9:$]+)"')
_CELL_TYPICAL = re.compile(
    r'<c r="([A-Z]{1,3})(\d{1,7})"(?: s="(\d{1,9})")?+(?: t="(\w+)")?+>'
    r"(?:<f>([^<]*+)</f>)?+(?:<v>([^<]*+)</v>|<v/>)?+"
    r'(?:<is><t(?: xml:space="preserve")?>([^<]*+)</t></is>)?+</c>'
)
"""A cell as Excel and XlsxWriter write it: reference, style, type, then formula, value or inline text.
Possessive (``?+``, ``*+``, Python 3.11): no part can match another way, so the engine is told not to try."""


# --- the text of a part ------------------------------------------------------------------------------------

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 does not allow: lxml refuses to write them, so a value never keeps one."""
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
_CONTROLS = bytes([*range(9), 11, 12, *range(14, 32)])
_ENTITY = re.compile(r"&(?:#([0-9]+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _xml_char(n: int) -> str:
    """The character ``n`` if XML 1.0 allows it, else U+FFFD (the replacement character)."""
    if n in (9, 10, 13) or 0x20 <= n <= 0xD7FF or 0xE000 <= n <= 0xFFFD or 0x10000 <= n <= 0x10FFFF:
        return chr(n)
    return "\ufffd"


def _char_number(dec: str | None, hexa: str | None) -> int:
    """The number a character reference names (-1 when it is beyond any character, too long for int() too)."""
    digits = (dec if dec is not None else hexa or "").lstrip("0")
    return int(digits or "0", 10 if dec is not None else 16) if len(digits) <= 8 else -1


def _entity(m: re.Match[str]) -> str:
    dec, hexa, name = m.groups()
    return _NAMED[name] if name else _xml_char(_char_number(dec, hexa))


def unescape(s: str) -> str:
    """Text with XML's references replaced as an XML parser does (the five named ones and character numbers);
    a reference to a character XML forbids becomes U+FFFD."""
    return _ENTITY.sub(_entity, s) if "&" in s else s


_CHAR_REF = re.compile(r"&#(?:([0-9]+)|x([0-9a-fA-F]+));")


def _checked_ref(m: re.Match[str]) -> str:
    """A character reference as it is, or U+FFFD in its place when XML forbids the character it names."""
    n = _char_number(*m.groups())
    return m.group(0) if n == 0xFFFD or _xml_char(n) != "\ufffd" else "\ufffd"


def repaired(raw: bytes) -> bytes | None:
    """A UTF-8 part with every character XML forbids (as itself or as a reference) made U+FFFD, as the byte
    scanners read it; None when it has none. Saved in place of a part that an XML parser, Excel included, would
    refuse for them."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    fixed = _allowed_only(raw, text)
    if "&#" in fixed:
        fixed = _CHAR_REF.sub(_checked_ref, fixed)
    return None if fixed == text else fixed.encode("utf-8")


def _regular(raw: bytes) -> bool:
    """Whether a part has only the markup the byte scanners read: UTF-8, no comment, CDATA section or processing
    instruction besides the XML declaration, no NUL byte (UTF-16). lxml reads the others."""
    if b"\x00" in raw:
        return False
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    if raw.startswith(b"<?xml", start):
        end = raw.find(b"?>", start)
        if end < 0:
            return False
        enc = _ENCODING.search(raw, start, end)
        if enc is not None and enc.group(1).lower() not in (b"utf-8", b"utf8"):
            return False
        start = end + 2
    elif raw[start:start + 1] != b"<":
        return False
    # "<!" starts a comment or CDATA, "?>" ends a PI; each looked for only where its rarer character is
    if raw.find(b"!", start) >= 0 and raw.find(b"<!", start) >= 0:
        return False
    return raw.find(b"?", start) < 0 or raw.find(b"?>", start) < 0


def _text(raw: bytes) -> str | None:
    """Markup as text, as an XML parser sees it: line ends made LF, characters XML forbids made U+FFFD;
    None when the bytes are not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _allowed_only(raw, text)


def _allowed_only(raw: bytes, text: str) -> str:
    """``text`` (``raw`` decoded) with each character XML forbids made U+FFFD."""
    if len(raw.translate(None, _CONTROLS)) != len(raw) or "\ufffe" in text or "\uffff" in text:
        return _FORBIDDEN.sub("\ufffd", text)  # looked for character by character first: far quicker
    return text


def _past_last(text: str, name: str) -> int:
    """Where the last end tag ``</name>`` of ``text`` ends (0: there is none)."""
    close, i = _CLOSE[name], len(text)
    while (i := text.rfind("</" + name, 0, i)) >= 0:
        m = close.match(text, i)
        if m is not None:
            return m.end()
    return 0


def short_int(text: str | None, default: int = 0) -> int:
    """A count, id or style attribute as its number; ``default`` when absent or not a (short) number."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else default


def rows_extent(rows: Mapping[int, Mapping[int, Cell]]) -> tuple[int, int]:
    """The last row and the last column that hold a cell (0, 0 for none)."""
    return max(rows, default=0), max((max(cells, default=0) for cells in rows.values()), default=0)


def _byte_readable(raw: bytes, end_tag: bytes) -> bool:
    """Whether a part has the shape the byte scanners read (no DTD, no prefixes, ends properly, regular)."""
    return (not declares_dtd(raw) and raw.rstrip().endswith(end_tag) and not prefixed(raw) and _regular(raw))


def _runs_text(inner: str) -> str:
    """The text of a string item's content: its ``<t>`` texts joined, phonetic runs (``<rPh>``) left out."""
    if "<rPh" in inner:
        cut = _past_last(inner, "rPh")
        inner = _RPH.sub("", inner[:cut]) + inner[cut:]
    return "".join(unescape(t) for t in _T.findall(inner))


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
    if "<si" in text[:start] or "<si" in text[end + 5:]:  # an item of another shape (<si/>) before or after
        return None
    body = text[start:end + 5].replace('<si><t xml:space="preserve">', "<si><t>")
    if not (body.startswith("<si><t>") and body.endswith("</t></si>")):
        return None
    strings = body[7:-9].split("</t></si><si><t>")
    if body.count("<") != 4 * len(strings):  # each string's four tags and nothing else: no markup inside
        return None
    if "&" in body:
        return [unescape(x) if "&" in x else x for x in strings]
    return strings


def scan_strings(raw: bytes) -> list[str] | None:
    """The shared strings read from the part's bytes; None when lxml must read them (:func:`tree_strings`)."""
    if not _byte_readable(raw, b"</sst>"):
        return None
    text = _text(raw)
    if text is None:
        return None
    simple = _plain_strings(text)
    if simple is not None:
        return simple
    first = text.find("<si")
    if first < 0 or "xmlns" in text[first:]:
        return None
    end = max(_past_last(text, "si"), first)
    items = _SI.findall(text, first, end)
    if len(items) != text.count("<si", first):  # an item left open, or with '/' in an attribute: not cut out
        return None
    return [_runs_text(si) for si in items]


def tree_strings(root: etree._Element) -> list[str]:
    """The shared strings of a parsed sharedStrings part."""
    return [si_text(si) for si in root.iter(M + "si")]


# --- cells -------------------------------------------------------------------------------------------------


def scan_cells(raw: bytes, rows: dict[int, dict[int, Cell]], ss: list[str]) -> bool:
    """Read a sheet's cells with content into ``rows`` (by row, then column) straight from its bytes.

    False, with ``rows`` left empty, when the sheet has a shape this does not read: :func:`tree_cells` then
    reads it."""
    if not _byte_readable(raw, b"</worksheet>"):
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
    if b"xmlns" in body:  # a namespace declared again inside the cells
        return False
    got = _text(body)
    if got is None:
        return False
    text = got
    if "<row" in text:
        # the template's spare rows hold only styled blanks: dropped before the regex ever tries them
        text = "".join(row for row in text.split("</row>") if "</c" in row)
    # shared and array formulas, looked for only where there are formulas, in the rows kept
    if "<f" in text and ("shared" in text or "array" in text):
        return False
    typical = _CELL_TYPICAL.findall(text)
    if len(typical) == text.count("</c"):  # "</c" also counts a "</c >", which only the general reading takes
        _scan_typical(typical, rows, ss)
        return True
    return _scan_general(text, rows, ss)


def _scan_typical(typical: list[tuple[str, ...]], rows: dict[int, dict[int, Cell]], ss: list[str]) -> None:
    """Every cell with content in the common shape: one regex pass over the text, no per-cell searches.

    The two shapes nearly every cell has (a shared string, a number) are decoded inline, as :func:`decode`
    would; every other type goes through it."""
    unesc, col_of, style_of = unescape, _COL_OF, _STYLE_OF
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


def _scan_general(text: str, rows: dict[int, dict[int, Cell]], ss: list[str]) -> bool:
    """Cells of any attribute order and content, one search per cell; False (``rows`` cleared) at a cell without
    a reference, or one this does not cut out whole."""
    end = _past_last(text, "c")  # past it only self-closing cells: blanks
    n = 0
    for cm in _CELL.finditer(text, 0, end):
        n += 1
        inner = cm.group(2)
        if not inner:
            continue
        attrs = {k: unescape(a or b) for k, a, b in _ATTR.findall(cm.group(1))}
        try:
            r, col = split_ref(attrs["r"])
        except (KeyError, ValueError):
            rows.clear()
            return False
        t = attrs.get("t", "n")
        style = short_int(attrs.get("s"))
        fm = _F.search(inner)
        formula = None
        if fm is not None:
            ftext = fm.group(1)
            formula = "=" + unescape(ftext) if ftext else None
        vm = _V.search(inner)
        vtxt = unescape(vm.group(1)) if vm is not None and vm.group(1) else None  # <v></v>: no value, as in lxml
        value: object = None
        error = False
        if t == "inlineStr":
            value = _runs_text(inner)
        elif vtxt is not None:
            value, error = decode(t, vtxt, ss)
        cached = not (formula is not None and vtxt is None and t != "inlineStr")
        if value is None and formula is None:
            continue
        rows.setdefault(r, {})[col] = Cell(value, formula, style, error, cached)
    if n != len(_CELL_START.findall(text, 0, end)):  # a cell not cut out (an attribute with '/' in it)
        rows.clear()
        return False
    return True


def tree_cells(root: etree._Element, ss: list[str]) -> dict[tuple[int, int], Cell]:
    """The cells with content of a parsed worksheet by (row, col): any form the schema allows."""
    out: dict[tuple[int, int], Cell] = {}
    shared_f: dict[str, tuple[str, int, int]] = {}
    sd = root.find(M + "sheetData")

    def take(r: int, col: int, c: etree._Element) -> None:
        t = c.get("t", "n")
        s = short_int(c.get("s"))
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
            try:
                for c in cast(list[etree._Element], sd.xpath("m:row/m:c[*]", namespaces=_NS)):
                    r, col = split_ref(c.get("r", ""))
                    take(r, col, c)
                return out
            except ValueError:  # a reference that names no cell: every cell is placed by the walk below
                out.clear()
                shared_f.clear()
        for (r, col), c in _placed(sd):
            if len(c):
                take(r, col, c)
    return out


def _placed(sd: etree._Element) -> Iterator[tuple[tuple[int, int], etree._Element]]:
    """Each cell element of ``sheetData`` with where it is (ECMA-376 lets a row and a cell leave out ``r``): a row
    without one is the row after the previous row, a cell without one the column after the previous cell of its
    row. A reference that names no cell counts as left out."""
    rnum = 0
    for row in sd.iterfind(M + "row"):
        rtext = (row.get("r") or "").strip()
        rnum = int(rtext) if rtext.isascii() and rtext.isdigit() and 0 < len(rtext) <= 7 else rnum + 1
        next_col = 1
        for c in row.iterfind(M + "c"):
            try:
                r, col = split_ref(c.get("r") or "")
            except ValueError:
                r, col = rnum, next_col
            next_col = col + 1
            yield (r, col), c


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
        for at, c in _placed(sd):
            if c.get("s"):
                out[at] = short_int(c.get("s"))
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
