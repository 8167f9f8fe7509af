"""The .xlsx package, read and patched part by part.

Why not openpyxl: its load-and-save drops text boxes, form buttons, x14 validations, sparklines and every
formula's cached value. Recompute must lose nothing the user added, so it rewrites only the parts it owns
(cells of computed columns, the tables it resizes) and copies every other part byte for byte. Reading goes
through the same parsed parts, which is also what makes reading fast enough to consolidate thousands of
workbooks.

Every XML part is parsed with entity resolution and network access off (no XXE, no billion laughs).
"""

from __future__ import annotations

import copy
import functools
import html
import io
import os
import re
import stat
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from lxml import etree

from .errors import (
    EncryptedWorkbook,
    LegacyFormat,
    NotAWorkbook,
    UnsafeWorkbook,
    WriteFailed,
)

__all__ = [
    "Package",
    "SheetPart",
    "TablePart",
    "Cell",
    "CellWrite",
    "col_letter",
    "col_index",
    "split_ref",
    "cell_ref",
    "parse_range",
    "MAX_UNCOMPRESSED",
    "MAX_PICTURE_BYTES",
    "Picture",
]

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
M = "{%s}" % NS_MAIN
R = "{%s}" % NS_REL
PR = "{%s}" % NS_PKG_REL

MAX_UNCOMPRESSED = 400 * 1024 * 1024
"""Refuse packages that would inflate beyond this (zip bombs); a real kecamatan workbook is well under 5 MB."""
MAX_RATIO = 200
"""…or whose parts compress more than this (a sheet full of repeated empty rows compresses ~50×)."""

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, remove_blank_text=False)

# Order of the children of <worksheet> (ECMA-376 CT_Worksheet), to insert new elements where Excel expects them.
_WS_ORDER = [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
    "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
    "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors",
    "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst",
]

_BUILTIN_PERCENT = {9, 10}
_BUILTIN_DATE = set(range(14, 23)) | set(range(45, 48))
_CELL_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
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
Possessive (``?+``, ``*+``, Python 3.11): no part can match another way, so the engine is told not to try; a
fifth less work on the pass that dominates reading."""


_MAIN_PREFIXED = re.compile(
    rb"""xmlns:[^\s=]+\s*=\s*["']http://schemas\.openxmlformats\.org/spreadsheetml/2006/main["']""")


def _prefixed(raw: bytes) -> bool:
    """Whether the document binds SpreadsheetML to a prefix (``<x:c>``), which the byte scanners do not read.

    Looked for where namespaces are declared, in the root element at the top, instead of scanning the whole part
    for one prefix: any prefix is caught, and a kabupaten's hundreds of sheets are not read twice for it."""
    return _MAIN_PREFIXED.search(raw, 0, 4096) is not None


def is_date_serial(value: object) -> bool:
    """Whether ``value`` can be an Excel day number (1900-01-01 to 9999-12-31): how a date is stored, so a cell
    formatted as a date, or typed in a date column, holds one."""
    return isinstance(value, float) and 1 < value < 2958466


def rows_of(cells: dict[tuple[int, int], Cell]) -> dict[int, dict[int, Cell]]:
    """``cells`` regrouped by row, then column (each in the order met)."""
    out: dict[int, dict[int, Cell]] = {}
    for (r, c), cell in cells.items():
        row = out.get(r)
        if row is None:
            row = out[r] = {}
        row[c] = cell
    return out


def _unescape(b: bytes) -> str:
    s = b.decode("utf-8")
    return html.unescape(s) if "&" in s else s


def col_letter(idx: int) -> str:
    """1 → A, 27 → AA."""
    s = ""
    while idx:
        idx, rem = divmod(idx - 1, 26)
        s = chr(65 + rem) + s
    return s


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def split_ref(ref: str) -> tuple[int, int]:
    """'C12' → (12, 3)."""
    m = _CELL_RE.match(ref)
    if not m:
        raise ValueError(ref)
    return int(m.group(2)), col_index(m.group(1))


def cell_ref(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


@functools.lru_cache(maxsize=4096)
def parse_range(ref: str) -> tuple[int, int, int, int]:
    """'B4:F20' → (min_row, min_col, max_row, max_col); remembered, as every workbook from one template has the
    same table and merge ranges."""
    a, _, b = ref.partition(":")
    r1, c1 = split_ref(a)
    r2, c2 = split_ref(b or a)
    return r1, c1, r2, c2


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


class _Index(dict):  # type: ignore[type-arg]
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


@dataclass
class TablePart:
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
    name: str
    path: str
    state: str = "visible"
    rid: str = ""
    tables: list[TablePart] = field(default_factory=list)


MAX_PICTURE_BYTES = 20 * 1024 * 1024
"""Pictures of one sheet read at most (declared sizes): the report needs a logo and a few photos, not 400 MB."""


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


class _Member(NamedTuple):
    """A zip member as its central-directory entry declares it, with the names of ``zipfile.ZipInfo``."""

    filename: str
    header_offset: int
    compress_size: int
    file_size: int
    compress_type: int
    CRC: int
    flag_bits: int
    dos_date: int
    dos_time: int
    external_attr: int

    @property
    def date_time(self) -> tuple[int, int, int, int, int, int]:
        d, t = self.dos_date, self.dos_time
        return (d >> 9) + 1980, (d >> 5) & 0xF, d & 0x1F, t >> 11, (t >> 5) & 0x3F, (t & 0x1F) * 2


_Info = _Member | zipfile.ZipInfo
"""A member as read from the central directory: by :func:`_members`, or by zipfile for any other zip."""


_END = struct.Struct("<4s4H2LH")
"""End of central directory record."""
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
"""Central directory file header."""


def _members(raw: bytes) -> list[_Info] | None:
    """The members of a plain single-disk zip from its central directory; None for anything else (zip64, bytes
    before the archive, odd names, damage), which zipfile then reads or rejects.

    ``zipfile.ZipFile`` builds an object of twenty attributes per member, a sixteenth of the whole work of
    checking a kecamatan workbook; this reads the same fields at two fifths of the cost.
    """
    i = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_557))
    if i < 0 or len(raw) - i < _END.size:
        return None
    _, disk, cd_disk, n_here, n, size, offset, comment = _END.unpack_from(raw, i)
    if disk or cd_disk or n_here != n or offset + size != i or i + _END.size + comment != len(raw):
        return None
    out: list[_Info] = []
    pos = offset
    unpack, new = _CENTRAL.unpack_from, tuple.__new__
    for _ in range(n):
        if pos + _CENTRAL.size > i:
            return None
        (sig, _, _, _, _, flags, method, t, d, crc, csize, usize, name_len, extra_len, comment_len, _, _, ext,
         header) = unpack(raw, pos)
        if sig != b"PK\x01\x02":
            return None
        start = pos + _CENTRAL.size
        name = raw[start:start + name_len]
        if 0xFFFFFFFF in (csize, usize, header) or b"\x00" in name or b"\\" in name:
            return None
        try:  # names without the UTF-8 flag are cp437, which for the ASCII names workbooks have is ASCII (and
            # ASCII decodes in C, where cp437 goes through a Python codec)
            text = name.decode("utf-8" if flags & 0x800 else "ascii")
        except UnicodeDecodeError:
            if flags & 0x800:
                return None
            text = name.decode("cp437")
        out.append(new(_Member, (text, header, csize, usize, method, crc, flags, d, t, ext)))
        pos = start + name_len + extra_len + comment_len
    return out if pos == i else None


def _check_zip(raw: bytes, path: str) -> list[_Info]:
    head = raw[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE compound file: either a legacy .xls or an encrypted OOXML package.
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in raw[:200_000] or (
            b"EncryptionInfo" in raw or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in raw
        ):
            raise EncryptedWorkbook(
                "Berkas dilindungi kata sandi (terenkripsi). Buka di Excel, hapus kata sandinya "
                "(File > Info > Protect Workbook), simpan, lalu coba lagi.",
                path=path,
            )
        raise LegacyFormat(
            "Berkas berformat Excel lama (.xls). Buka di Excel lalu simpan sebagai Excel Workbook (.xlsx).",
            path=path,
        )
    infos = _members(raw)
    if infos is None:
        try:
            infos = zipfile.ZipFile(io.BytesIO(raw)).infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise NotAWorkbook(
                "Berkas bukan workbook Excel (.xlsx) yang utuh: mungkin rusak, terpotong saat diunduh, "
                "atau berkas lain yang diberi nama .xlsx.",
                path=path,
            ) from exc
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1_000_000 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise UnsafeWorkbook(
                f"Berkas ditolak: bagian '{info.filename}' mengembang {info.file_size // info.compress_size}× "
                "saat dibuka (ciri zip bomb).",
                path=path,
            )
    if total > MAX_UNCOMPRESSED:
        raise UnsafeWorkbook(
            f"Berkas ditolak: isinya {total // (1024 * 1024)} MB setelah dibuka, melebihi batas "
            f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB.",
            path=path,
        )
    return infos


def parse_xml(data: bytes, part: str = "", path: str = "") -> etree._Element:
    if b"<!ENTITY" in data[:4096] or b"<!DOCTYPE" in data[:4096]:
        raise UnsafeWorkbook(f"Berkas ditolak: bagian '{part}' memuat deklarasi DOCTYPE/ENTITY.", path=path)
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise NotAWorkbook(f"Berkas rusak: bagian '{part}' bukan XML yang sah.", path=path) from exc


def _plain_strings(text: str) -> list[str] | None:
    """The shared strings when every one is plain text (``<si><t>…</t></si>``, as Excel and XlsxWriter write
    them), cut out by splitting the text between them: no per-string regex match, a seventh of the cost. None
    when any string has another shape (rich text, phonetic runs, spacing between elements)."""
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


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parent = base.rsplit("/", 1)[0] if "/" in base else ""
    parts = [x for x in parent.split("/") if x]
    for seg in target.split("/"):
        if seg == "..":
            if parts:
                parts.pop()
        elif seg and seg != ".":
            parts.append(seg)
    return "/".join(parts)


def _rels_path(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def _excel_float(text: str) -> object:
    """A number cell's value; text that is no number stays text (the reader then says so at its cell)."""
    try:
        return float(text)
    except ValueError:
        return text


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


class _Parts(dict):  # type: ignore[type-arg]
    """The zip's members, each decompressed on first use: a check reads a dozen parts, not all eighty.

    A member that cannot be read (truncated, bad CRC, encrypted) raises the same user-facing errors as before,
    when it is first needed; saving reads every member.
    """

    def __init__(self, infos: list[_Info], path: str, raw: bytes) -> None:
        super().__init__()
        self._raw = raw
        self._replaced: set[str] = set()
        self._order = [i.filename for i in infos]
        self._infos = {i.filename: i for i in infos}
        self._path = path

    def _load(self, name: str) -> bytes:
        info = self._infos[name]
        if info.flag_bits & 1:  # encrypted zip entries
            raise EncryptedWorkbook("Berkas dilindungi kata sandi.", path=self._path)
        data = self._inflate(info)
        if data is None:
            # not zipfile's reader as a second try: it inflates a whole chunk before cutting it to the declared
            # size, so a member that lies about its size (300 MB declared as 4 KB) would fill the memory
            raise NotAWorkbook("Berkas .xlsx rusak atau terpotong (isi zip tidak dapat dibaca).", path=self._path)
        dict.__setitem__(self, name, data)
        return data

    def _span(self, info: _Info) -> tuple[int, int] | None:
        raw, off = self._raw, info.header_offset
        if raw[off:off + 4] != b"PK\x03\x04":
            return None
        start = off + 30 + int.from_bytes(raw[off + 26:off + 28], "little") + int.from_bytes(raw[off + 28:off + 30],
                                                                                           "little")
        end = start + info.compress_size
        return (start, end) if end <= len(raw) else None

    def member_bytes(self, name: str) -> bytes | None:
        """The member as stored in the file (compressed), while it is the file's own: a key for what it holds."""
        info = self._infos.get(name)
        if info is None or name in self._replaced:
            return None
        span = self._span(info)
        return None if span is None else info.compress_type.to_bytes(2, "little") + self._raw[span[0]:span[1]]

    def _inflate(self, info: _Info) -> bytes | None:
        """A member straight from the file's bytes, or None when it cannot be read as stored: a bad local
        header, a method other than deflate or none (Excel writes no other), damaged data, or content that is
        not the declared size or CRC. Never more than the declared size is inflated (the zip-bomb limits in
        _check_zip apply to the declared sizes), and zipfile's per-member objects are not paid for."""
        span = self._span(info)
        if span is None:
            return None
        chunk = self._raw[span[0]:span[1]]
        if info.compress_type == zipfile.ZIP_DEFLATED:
            try:
                d = zlib.decompressobj(-15)
                data = d.decompress(chunk, info.file_size)
            except zlib.error:
                return None
        elif info.compress_type == zipfile.ZIP_STORED:
            data = chunk
        else:
            return None
        if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
            return None
        return data

    def __contains__(self, name: object) -> bool:
        return name in self._infos or dict.__contains__(self, name)

    def __getitem__(self, name: str) -> bytes:
        if dict.__contains__(self, name):
            return dict.__getitem__(self, name)
        if name in self._infos:
            return self._load(name)
        raise KeyError(name)

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[name] if name in self else default

    def __setitem__(self, name: str, data: bytes) -> None:
        self._replaced.add(name)
        if name not in self._infos and name not in self._order:
            self._order.append(name)
        dict.__setitem__(self, name, data)

    def __delitem__(self, name: str) -> None:
        self._replaced.add(name)
        self._infos.pop(name, None)
        if name in self._order:
            self._order.remove(name)
        dict.pop(self, name, None)

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def keys(self) -> list[str]:  # type: ignore[override]
        return list(self._order)

    def items(self) -> list[tuple[str, bytes]]:  # type: ignore[override]
        return [(k, self[k]) for k in self._order]

    def values(self) -> list[bytes]:  # type: ignore[override]
        return [self[k] for k in self._order]


_STRUCTURE_MEMO: dict[tuple[str, str, bytes], Any] = {}


def _workbook_structure(wb: etree._Element) -> tuple[bool, tuple[tuple[str, str, str], ...], tuple[tuple[str, str], ...]]:
    sheets = tuple((s.get("name", ""), s.get(R + "id", ""), s.get("state", "visible")) for s in wb.iter(M + "sheet"))
    names = tuple((dn.get("name", ""), dn.text or "") for dn in wb.iter(M + "definedName"))
    return wb.tag == M + "workbook", sheets, names


def _table_fields(t: etree._Element) -> tuple[str, str, str, tuple[str, ...], int, int]:
    display = t.get("displayName") or t.get("name") or ""
    return (t.get("name", display), display, t.get("ref", "A1"),
            tuple(tc.get("name", "") for tc in t.iter(M + "tableColumn")),
            int(t.get("headerRowCount", "1")), int(t.get("totalsRowCount", "0") or 0))


def _style_kinds(st: etree._Element) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """Which cell styles (cellXfs indexes) show a percentage, a date, or text."""
    percent, date, text = set(), set(), set()
    custom = {}
    for nf in st.iter(M + "numFmt"):
        custom[int(nf.get("numFmtId", "0"))] = nf.get("formatCode", "")
    xfs = st.find(M + "cellXfs")
    for i, xf in enumerate(xfs.iterfind(M + "xf") if xfs is not None else ()):
        fid = int(xf.get("numFmtId", "0"))
        code = custom.get(fid)
        if fid in _BUILTIN_PERCENT or (code and "%" in re.sub(r'"[^"]*"|\\.', "", code)):
            percent.add(i)
        elif fid in _BUILTIN_DATE or (code and re.search(r"[dy]", re.sub(r'"[^"]*"|\\.|\[[^]]*]', "", code.lower()))):
            date.add(i)
        elif fid == 49 or code == "@":
            text.add(i)
    return frozenset(percent), frozenset(date), frozenset(text)


def _month_styles(st: etree._Element) -> frozenset[int]:
    """Which cell styles show a month and year without the day (``mmmm yyyy``, the built-in ``mmm-yy``): how Excel
    keeps "Januari 2025" typed in a General cell, a day number of the first of the month."""
    custom = {int(nf.get("numFmtId", "0")): nf.get("formatCode", "") for nf in st.iter(M + "numFmt")}
    out = set()
    xfs = st.find(M + "cellXfs")
    for i, xf in enumerate(xfs.iterfind(M + "xf") if xfs is not None else ()):
        fid = int(xf.get("numFmtId", "0"))
        code = re.sub(r'"[^"]*"|\\.|\[[^]]*]', "", (custom.get(fid) or "").lower()).split(";")[0]
        if fid == 17 or (fid not in _BUILTIN_DATE and "y" in code and "m" in code and "d" not in code
                         and "h" not in code and "s" not in code):
            out.add(i)
    return frozenset(out)


class Package:
    """An .xlsx opened in memory: every part as bytes, the structure parsed, sheets parsed on demand."""

    def __init__(self, raw: bytes, path: str = "") -> None:
        self.path = path
        self._infos = _check_zip(raw, path)
        self.parts = _Parts(self._infos, path, raw)
        self._dirty: dict[str, etree._Element] = {}
        self._trees: dict[str, etree._Element] = {}
        self._cells: dict[str, dict[tuple[int, int], Cell]] = {}
        self._rows: dict[str, dict[int, dict[int, Cell]]] = {}
        self._merged: dict[str, list[tuple[int, int, int, int]]] = {}
        self._load_structure()

    @classmethod
    def open(cls, path: str | Path) -> "Package":
        p = Path(path)
        try:
            raw = p.read_bytes()
        except FileNotFoundError as exc:
            raise NotAWorkbook(f"Berkas tidak ditemukan: {p}", path=p) from exc
        except IsADirectoryError as exc:
            raise NotAWorkbook(f"'{p}' adalah folder, bukan berkas workbook.", path=p) from exc
        except OSError as exc:
            raise NotAWorkbook(f"Berkas tidak dapat dibaca: {p} ({exc.strerror})", path=p) from exc
        return cls(raw, str(p))

    # --- structure -------------------------------------------------------------------------------------------

    def tree(self, part: str) -> etree._Element:
        t = self._dirty.get(part)
        if t is None:
            t = self._trees.get(part)
        if t is None:
            if part not in self.parts:
                raise NotAWorkbook(f"Berkas rusak: bagian '{part}' tidak ada.", path=self.path)
            t = parse_xml(self.parts[part], part, self.path)
            self._trees[part] = t
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

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        rp = _rels_path(part)
        if rp not in self.parts:
            return {}

        def build(root: etree._Element) -> tuple[tuple[str, str, str], ...]:
            out = []
            for rel in root.iter(PR + "Relationship"):
                tgt = rel.get("Target", "")
                out.append((rel.get("Id", ""), rel.get("Type", ""),
                            tgt if rel.get("TargetMode") == "External" else _resolve(part, tgt)))
            return tuple(out)

        return {rid: (typ, tgt) for rid, typ, tgt in self._memo("rels", rp, build)}

    def _load_structure(self) -> None:
        wb_part = None
        if "_rels/.rels" in self.parts:
            for typ, target in self._rels("").values():  # the package's own relationships
                if typ.endswith("/officeDocument"):
                    wb_part = target
        if wb_part is None or wb_part not in self.parts:
            raise NotAWorkbook(
                "Berkas zip ini bukan workbook Excel (tidak ada bagian workbook).", path=self.path
            )
        self.workbook_part = wb_part
        is_workbook, sheets, names = self._memo("workbook", wb_part, _workbook_structure)
        if not is_workbook:
            raise NotAWorkbook(
                "Berkas ini bukan workbook Excel (.xlsx); mungkin dokumen Word atau format lain.", path=self.path
            )
        rels = self._rels(wb_part)
        self.sheets: list[SheetPart] = []
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
            for typ, target in self._rels(sh.path).values():
                if typ.endswith("/table") and target in self.parts:
                    name, display, ref, cols, header_rows, totals_rows = self._memo("table", target, _table_fields)
                    tp = TablePart(name, display, sh.name, target, ref, list(cols), header_rows, totals_rows)
                    sh.tables.append(tp)
                    self.tables[display.lower()] = tp
        self.defined_names = dict(names)

    @property
    def shared_strings(self) -> list[str]:
        """Read on first use: a reader that takes its values elsewhere (python-calamine) never pays for it."""
        if self._ss is None:
            self._ss = self._scan_strings(self._ss_part) if self._ss_part else []
        return self._ss

    def _scan_strings(self, part: str) -> list[str]:
        """The shared strings, read from bytes when they are plain (lxml otherwise)."""
        raw = self.parts[part]
        if (b"<!DOCTYPE" not in raw[:4096] and b"<!ENTITY" not in raw[:4096] and not _prefixed(raw)
                and raw.rstrip().endswith(b"</sst>")):
            simple = _plain_strings(raw.decode("utf-8"))
            if simple is not None:
                return simple
            out = []
            for si in _SI_B.findall(raw):
                out.append("".join(_unescape(t or b"") for t in _T_B.findall(_RPH_B.sub(b"", si))))
            return out
        return [self._si_text(si) for si in self.tree(part).iter(M + "si")]

    @staticmethod
    def _si_text(si: etree._Element) -> str:
        t = si.find(M + "t")
        if t is not None:
            return t.text or ""
        return "".join((r.text or "") for r in si.iterfind(f"{M}r/{M}t"))

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
        return find_sheet(self.sheets, name)

    def table(self, name: str) -> TablePart | None:
        return self.tables.get(name.lower())

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
            if self._scan_cells(sp.path, rows, self.shared_strings):
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
        out: dict[tuple[int, int], Cell] = {}
        shared_f: dict[str, tuple[str, int, int]] = {}
        rows = self._scanned(sheet, sp)
        if rows is not None:
            out = self._cells[sheet] = {(r, c): cell for r, row in rows.items() for c, cell in row.items()}
            return out
        ss = self.shared_strings
        root = self.tree(sp.path)
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
                        formula = _translate_shared(*shared_f[si], r, col)
                if formula is not None:
                    formula = "=" + formula
            value: object = None
            error = False
            if t == "inlineStr":
                is_ = c.find(M + "is")
                value = self._si_text(is_) if is_ is not None else None
            elif v is not None and v.text is not None:
                txt = v.text
                if t == "s":
                    try:
                        value = ss[int(txt)]
                    except (ValueError, IndexError):
                        value = None
                elif t == "str":
                    value = txt
                elif t == "b":
                    value = txt.strip() in ("1", "true")
                elif t == "e":
                    value, error = txt, True
                elif t == "d":
                    value = txt
                else:
                    value = _excel_float(txt)
            cached = not (formula is not None and (v is None or v.text is None) and t != "inlineStr")
            if value is None and formula is None:
                if s:
                    # keep styled blanks out of the map: they carry no data
                    pass
                return
            out[(r, col)] = Cell(value, formula, s, error, cached)

        if sd is not None:
            if not sd.xpath("boolean(m:row/m:c[not(@r)])", namespaces=_NS):
                # every cell says where it is: let libxml2 pick the cells that hold something (a template's
                # spare rows are thousands of styled blanks, not worth a Python object each)
                for c in sd.xpath("m:row/m:c[*]", namespaces=_NS):
                    r, col = split_ref(c.get("r"))
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
        self._cells[sheet] = out
        return out

    def _scan_cells(self, part: str, rows: dict[int, dict[int, Cell]], ss: list[str]) -> bool:
        """Read a sheet's cells straight from its bytes, as Excel and XlsxWriter write them.

        About five times faster than walking lxml elements, which matters when a kabupaten consolidates
        hundreds of workbooks. Anything unusual (prefixed namespaces, cells without a reference, shared or
        array formulas, a document that does not end properly) returns False and the lxml path reads it.
        """
        raw = self.parts.get(part)
        if raw is None or b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw[:4096]:
            return False
        if not raw.rstrip().endswith(b"</worksheet>") or _prefixed(raw):
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
            # every cell with content in the common shape: one regex pass over text, no per-cell searches
            unesc, new, col_of, style_of = html.unescape, tuple.__new__, _COL_OF, _STYLE_OF
            last_row, r, cells = None, 0, None
            for letters, row, st, t, ftext, vtext, itext in typical:
                if row != last_row:  # a row's cells come one after another: its number is parsed once
                    last_row, r, cells = row, int(row), None
                formula = ("=" + (unesc(ftext) if "&" in ftext else ftext)) if ftext else None
                error = False
                if t == "s" and vtext:  # the shapes nearly every cell has first: a shared string, a number
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
                elif vtext:
                    if t in ("str", "d"):
                        value = unesc(vtext) if "&" in vtext else vtext
                    elif t == "b":
                        value = vtext.strip() in ("1", "true")
                    elif t == "e":
                        value, error = vtext, True
                    else:
                        value = _excel_float(vtext)
                elif formula is None:
                    continue
                else:
                    value = None
                cached = formula is None or bool(vtext) or t == "inlineStr"
                if cells is None:  # made at the row's first cell with content: a row of blanks has none
                    cells = rows.setdefault(r, {})
                cells[col_of[letters]] = new(Cell, (value, formula, style_of[st], error, cached))
            return True
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
            t = attrs.get(b"t", b"n")
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
            if t == b"inlineStr":
                value = "".join(_unescape(x or b"") for x in _T_B.findall(_RPH_B.sub(b"", inner)))
            elif vtxt is not None:
                if t == b"s":
                    try:
                        value = ss[int(vtxt)]
                    except (ValueError, IndexError):
                        value = None
                elif t in (b"str", b"d"):
                    value = vtxt
                elif t == b"b":
                    value = vtxt.strip() in ("1", "true")
                elif t == b"e":
                    value, error = vtxt, True
                else:
                    value = _excel_float(vtxt)
            cached = not (formula is not None and vtxt is None and t != b"inlineStr")
            if value is None and formula is None:
                continue
            rows.setdefault(r, {})[col] = Cell(value, formula, style, error, cached)
        return True

    def pictures(self, sheet: str, max_bytes: int | None = None) -> list[Picture]:
        """The pictures anchored on a sheet, in drawing order, read from its drawing part.

        Pictures directly under an anchor (``xdr:twoCellAnchor``, ``oneCellAnchor``, ``absoluteAnchor``) count;
        those inside groups or shapes, linked (not embedded) pictures and pictures whose media part is missing
        are left out. Once the images read reach ``max_bytes`` (by their declared sizes; default
        :data:`MAX_PICTURE_BYTES`), later ones come with ``data=None`` and are not inflated.
        """
        sp = self.sheet(sheet)
        if sp is None or sp.path not in self.parts:
            return []
        drawings = [t for typ, t in self._rels(sp.path).values() if typ.endswith("/drawing") and t in self.parts]
        out: list[Picture] = []
        budget = [MAX_PICTURE_BYTES if max_bytes is None else max_bytes]
        geometry: list[_Geometry] = []

        def geom() -> _Geometry:
            if not geometry:
                geometry.append(_Geometry.of(self.parts[sp.path]))
            return geometry[0]

        for part in drawings:
            root = self.tree(part)
            rels = self._rels(part)
            for anchor in _anchors(root):
                if not isinstance(anchor.tag, str) or not anchor.tag.startswith(XDR):
                    continue
                if anchor.tag[len(XDR):] not in ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor"):
                    continue
                pic = anchor.find(XDR + "pic")
                if pic is None:
                    continue
                got = self._picture(anchor, pic, rels, budget, geom)
                if got is not None:
                    out.append(got)
        return out

    def _picture(self, anchor: etree._Element, pic: etree._Element, rels: dict[str, tuple[str, str]],
                 budget: list[int], geom: Callable[[], _Geometry]) -> Picture | None:
        blip = pic.find(f"{XDR}blipFill/{DML}blip")
        rid = blip.get(R + "embed") if blip is not None else None
        typ, media = rels.get(rid or "", ("", ""))
        if not rid or not typ.endswith("/image") or media not in self.parts:
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
        info = self.parts._infos.get(media)
        size = info.file_size if info is not None else len(self.parts[media])
        data: bytes | None = None
        if size <= budget[0]:
            budget[0] -= size
            data = self.parts[media]
        nv = pic.find(f"{XDR}nvPicPr/{XDR}cNvPr")
        suffix = media.rsplit(".", 1)[-1].lower() if "." in media.rsplit("/", 1)[-1] else ""
        return Picture(row, col, data, _IMAGE_EXT.get(suffix, suffix), self._content_type(media), max(w, 0),
                       max(h, 0), nv.get("name", "") if nv is not None else "",
                       nv.get("descr", "") if nv is not None else "", media)

    def _content_type(self, part: str) -> str:
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

    def merged(self, sheet: str) -> list[tuple[int, int, int, int]]:
        """Merged ranges of a sheet as (min_row, min_col, max_row, max_col), read once per sheet."""
        sp = self.sheet(sheet)
        if sp is None or sp.path not in self.parts:
            return []
        got = self._merged.get(sp.path)
        if got is None:
            raw = self.parts[sp.path] if sp.path not in self._dirty else etree.tostring(self._dirty[sp.path])
            got = []
            for ref in _MERGE_B.findall(raw) if b"mergeCell" in raw else ():
                try:
                    got.append(parse_range(ref.decode("ascii")))
                except ValueError:
                    continue
            self._merged[sp.path] = got
        return got

    def styles_of(self, sheet: str) -> dict[tuple[int, int], int]:
        """Style index of every cell element present (including blanks), for new cells to copy."""
        sp = self.sheet(sheet)
        assert sp is not None
        out = {}
        if sp.path not in self._dirty:
            raw = self.parts[sp.path]
            if not _prefixed(raw):
                # one regex pass over the bytes: the template's thousands of styled blanks cost no objects
                for letters, row, st in _STYLED_B.findall(raw):
                    out[(int(row), _COL_OF[letters])] = _STYLE_OF[st]
                return out
        sd = self.tree(sp.path).find(M + "sheetData")
        if sd is not None:
            for row in sd.iterfind(M + "row"):
                for c in row.iterfind(M + "c"):
                    ref = c.get("r")
                    if ref and c.get("s"):
                        out[split_ref(ref)] = int(c.get("s", "0"))
        return out

    def serial_to_date(self, value: float) -> datetime:
        epoch = datetime(1899, 12, 30)
        if self._date1904():
            epoch = datetime(1904, 1, 1)
        return epoch + timedelta(days=float(value))

    def _date1904(self) -> bool:
        pr = self.tree(self.workbook_part).find(M + "workbookPr")
        return pr is not None and pr.get("date1904", "0") in ("1", "true")

    # --- writing ---------------------------------------------------------------------------------------------

    def _edit(self, part: str) -> etree._Element:
        t = self.tree(part)
        self._dirty[part] = t
        return t

    def fill_style(self, base: int, rgb: str) -> int:
        """The cellXfs index of style ``base`` with a solid ``rgb`` (``#RRGGBB``) fill: a coloured input cell.

        Fills and styles are reused when an identical one exists, so colouring a cell twice, or clearing it back
        to the white it had, adds nothing; styles.xml is edited only when something must be added."""
        if not self.styles_part or self.styles_part not in self.parts:
            return base
        root = self.tree(self.styles_part)
        xfs, fills = root.find(M + "cellXfs"), root.find(M + "fills")
        if xfs is None or fills is None or not 0 <= base < len(xfs):
            return base
        fill = etree.Element(M + "fill", nsmap={None: M[1:-1]})
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
        root = self._edit(self.styles_part)
        xfs, fills = root.find(M + "cellXfs"), root.find(M + "fills")
        assert xfs is not None and fills is not None
        if fill_id is None:
            fills.append(copy.deepcopy(fill))
            fills.set("count", str(len(fills)))
        xfs.append(xf)
        xfs.set("count", str(len(xfs)))
        return len(xfs) - 1

    def write_cells(self, sheet: str, writes: dict[tuple[int, int], CellWrite]) -> None:
        """Set values of cells, keeping every other cell, row attribute and sheet element as it is."""
        if not writes:
            return
        sp = self.sheet(sheet)
        assert sp is not None
        root = self._edit(sp.path)
        sd = root.find(M + "sheetData")
        if sd is None:
            sd = _insert_ws_child(root, "sheetData")
        rows: dict[int, etree._Element] = {}
        for row in sd.iterfind(M + "row"):
            rows[int(row.get("r", "0"))] = row
        styles: dict[tuple[int, int], int] | None = None
        """Read only if a cell has no element yet and must borrow its neighbours' style."""
        by_row: dict[int, list[tuple[int, CellWrite]]] = {}
        for (r, c), w in writes.items():
            by_row.setdefault(r, []).append((c, w))
        for r in sorted(by_row):
            row = rows.get(r)
            if row is None:
                row = etree.Element(M + "row", r=str(r))
                # keep rows ordered
                after = [k for k in rows if k < r]
                if after:
                    rows[max(after)].addnext(row)
                else:
                    sd.insert(0, row)
                rows[r] = row
            if row.get("spans"):
                del row.attrib["spans"]  # an optimisation hint; stale spans are worse than none
            # cells that exist are found by their reference; only a row that needs new cells is indexed by column
            want = {cell_ref(r, col): w for col, w in by_row[r]}
            for c in row.iterfind(M + "c"):
                w = want.pop(c.get("r"), None)
                if w is not None:
                    _set_cell(c, w)
            if not want:
                continue
            existing = {split_ref(c.get("r"))[1]: c for c in row.iterfind(M + "c") if c.get("r")}
            for col, w in sorted(((split_ref(ref)[1], w) for ref, w in want.items()), key=lambda x: x[0]):
                el = existing.get(col)  # the cell, under another spelling of its reference ("$B$5")
                if el is None:
                    if w.style is None and w.like is not None:
                        if styles is None:
                            styles = self.styles_of(sheet)
                        w = CellWrite(w.value, styles.get((w.like, col)) or _style_above(styles, r, col))
                    el = etree.Element(M + "c", r=cell_ref(r, col))
                    before = [k for k in existing if k < col]
                    if before:
                        existing[max(before)].addnext(el)
                    else:
                        row.insert(0, el)
                    existing[col] = el
                _set_cell(el, w)
        self._cells.pop(sheet, None)
        self._rows.pop(sheet, None)
        self._update_dimension(root, writes)

    def _update_dimension(self, root: etree._Element, writes: dict[tuple[int, int], CellWrite]) -> None:
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

    def set_table_ref(self, table: TablePart, ref: str) -> None:
        if table.ref == ref:
            return
        t = self._edit(table.path)
        t.set("ref", ref)
        af = t.find(M + "autoFilter")
        if af is not None:
            r1, c1, r2, c2 = parse_range(ref)
            af.set("ref", f"{cell_ref(r1, c1)}:{cell_ref(r2 - table.totals_rows, c2)}")
        table.ref = ref

    def set_hyperlinks(self, sheet: str, links: Iterable[tuple[str, str, str]]) -> None:
        """Replace the sheet's internal hyperlinks: (cell, location such as "'Kinerja'!F12", tooltip)."""
        sp = self.sheet(sheet)
        assert sp is not None
        root = self._edit(sp.path)
        old = root.find(M + "hyperlinks")
        if old is not None:
            root.remove(old)
        links = list(links)
        if not links:
            return
        hl = _insert_ws_child(root, "hyperlinks")
        for ref, location, tip in links:
            etree.SubElement(hl, M + "hyperlink", ref=ref, location=location, display=tip)

    def force_full_calc_on_load(self) -> None:
        """Ask Excel to recalculate user formulas that may depend on values we changed."""
        wb = self._edit(self.workbook_part)
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

    def drop_calc_chain(self) -> None:
        """calcChain.xml lists formula cells; once we replace a formula by a value Excel calls the file corrupt."""
        chain = [p for p in self.parts if p.endswith("calcChain.xml")]
        if not chain:
            return
        for p in chain:
            del self.parts[p]
        rp = _rels_path(self.workbook_part)
        rels = self._edit(rp)
        for rel in list(rels):
            if rel.get("Type", "").endswith("/calcChain"):
                rels.remove(rel)
        ct = self._edit("[Content_Types].xml")
        for ov in list(ct):
            if ov.get("PartName", "").endswith("calcChain.xml"):
                ct.remove(ov)

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in self._infos:
                name = info.filename
                if name not in self.parts:
                    continue
                data = self.parts[name]
                if name in self._dirty:
                    data = etree.tostring(self._dirty[name], xml_declaration=True, encoding="UTF-8", standalone=True)
                zi = zipfile.ZipInfo(name, date_time=info.date_time)
                zi.compress_type = info.compress_type
                zi.external_attr = info.external_attr
                zout.writestr(zi, data)
        return buf.getvalue()

    def save(self, path: str | Path) -> None:
        atomic_write(Path(path), self.to_bytes())


XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
DML = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
EMU_PER_PIXEL = 9525
EMU_PER_POINT = 12700
_IMAGE_EXT = {"jpg": "jpeg", "jpe": "jpeg", "jfif": "jpeg", "tif": "tiff", "dib": "bmp"}
"""Media file suffixes spelled one way: the file type, not the file name."""


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
    def of(cls, raw: bytes) -> "_Geometry":
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


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes) -> None:
    """Write next to the target and rename over it: a crash or a kill leaves the old file whole."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # what open() would give a new file; mkstemp's 0600 would hide it from colleagues
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~lkjip-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WriteFailed(f"Tidak dapat menulis ke folder {directory}: {exc.strerror}", path=path) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, PermissionError):
            msg = f"Tidak dapat menyimpan {path.name}: berkas sedang dibuka di program lain (tutup dulu di Excel)."
        else:
            msg = f"Tidak dapat menyimpan {path.name}: {exc.strerror or exc}"
        raise WriteFailed(msg, path=path) from exc


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


def _fmt_number(v: object) -> str:
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        return format(excel_decimal(v), "f")
    return repr(float(v))  # type: ignore[arg-type]


def excel_decimal(v: Decimal) -> Decimal:
    """The value as Excel keeps it: a double holds 15 significant digits. Both writers (file and Excel) use it."""
    return v.normalize() if v == v.to_integral_value() else Decimal(format(v, ".15g"))


def _style_above(styles: dict[tuple[int, int], int], r: int, j: int) -> int | None:
    """The style a new cell takes: that of the nearest styled cell above it in its column."""
    for rr in range(r - 1, max(0, r - 200), -1):
        if (rr, j) in styles:
            return styles[(rr, j)]
    return None


def _canon(el: etree._Element) -> tuple[Any, ...]:
    """An element's name, attributes and child elements: equal for equal content, whatever its prefixes."""
    return (el.tag, tuple(sorted(el.attrib.items())), tuple(_canon(c) for c in el if isinstance(c.tag, str)))


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
        t.text = _xml_safe(v)
        if t.text != t.text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return
    ve = etree.SubElement(el, M + "v")
    ve.text = _fmt_number(v)


_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_safe(s: str) -> str:
    return _CTRL.sub("", s)[:32767]


_REF_TOKEN = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\w(])")


def _translate_shared(formula: str, r0: int, c0: int, r: int, c: int) -> str:
    """Shift the relative references of a shared formula from its master cell to (r, c)."""
    dr, dc = r - r0, c - c0

    def sub(m: re.Match[str]) -> str:
        cabs, col, rabs, row = m.groups()
        ncol = col if cabs else col_letter(max(1, col_index(col) + dc))
        nrow = row if rabs else str(max(1, int(row) + dr))
        return f"{cabs}{ncol}{rabs}{nrow}"

    out = []
    for i, chunk in enumerate(re.split(r'("[^"]*")', formula)):
        out.append(chunk if i % 2 else _REF_TOKEN.sub(sub, chunk))
    return "".join(out)
