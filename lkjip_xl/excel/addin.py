"""Build the Excel add-in ``lkjip.xlam`` from ``macros/LkjipTombol.bas`` and ``macros/customUI.xml``.

One command (``lkjip addin``, ``make addin``) replaces the hand-build (import the module in the VBA editor, tick
references, save as .xlam, paste the ribbon with the Office RibbonX Editor). The output is byte-reproducible: the
same sources give the same bytes on any machine (fixed zip timestamps and order, stored zip entries so no zlib
version matters, no clock, no random number anywhere).

The add-in is a small OOXML package (one hidden sheet, the ribbon part ``customUI/customUI14.xml``) holding
``xl/vbaProject.bin``: an MS-CFB compound file with the VBA project of MS-OVBA. The project carries the module
source only, with no compiled p-code (``_VBA_PROJECT`` of MS-OVBA 2.3.4.1 with version 0xFFFF and no
PerformanceCache), so Excel compiles it when it loads the add-in.

Why this module writes MS-OVBA and MS-CFB itself instead of using a library (checked 2026-12 on PyPI):

- ``ms-ovba-compression`` 1.0.1 corrupts any run longer than a copy token's MaximumLength (its CopyToken help
  computes ``0xFFFF << bit_count + 3`` instead of ``(0xFFFF >> bit_count) + 3``): the comment rulers of
  LkjipTombol.bas came back wrong from oletools' decompressor.
- ``ms-cfb`` 0.0.6 writes a temporary ``fatChain.bin`` into the current directory and appends to the files it is
  given; ``ms-ovba`` 0.0.1 builds on both. ``cfbwrite`` is AGPL (this project is MIT). ``olefile`` can only
  modify existing compound files, not create them.

So there is one small implementation of each rule here, each function naming the spec section it follows.
oletools' ``olevba`` (an independent reader) checks the result in ``tests/test_addin.py``.

The VBA project references only ``stdole`` and the Office library (for ``IRibbonControl``), as every Excel
project does, and never the xlwings add-in: the module reaches xlwings' ``RunPython``/``RunRemotePython``
late-bound through ``Application.Run``, so a PC without xlwings gets the module's own message instead of a
"Can't find project or library" compile error.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from ..errors import AddinError, WriteFailed

__all__ = ["ADDIN_NAME", "addin_folder", "build_addin", "install_addin", "vba_project"]

ADDIN_NAME = "lkjip.xlam"
_MACROS = Path(__file__).resolve().parents[1] / "data" / "macros"  # the repository's macros/, packaged
_MODULE_FILE = "LkjipTombol.bas"
_RIBBON_FILE = "customUI.xml"
_RIBBON_NS = "http://schemas.microsoft.com/office/2009/07/customui"

# --- MS-OVBA 2.4.1: compression ------------------------------------------------------------------------------


def _compress(data: bytes) -> bytes:
    """A CompressedContainer (MS-OVBA 2.4.1.1.1) of ``data``, compressed as 2.4.1.3.1-2.4.1.3.7 describe.

    Each 4096-byte chunk is a run of TokenSequences; a token is a literal byte or a CopyToken for the longest
    earlier match of at least 3 bytes inside the chunk (2.4.1.3.19.4 Matching, nearest candidate on a tie; the
    search stops early at a match of the token's MaximumLength, as valid and much faster on long runs).
    """
    out = bytearray(b"\x01")  # SignatureByte
    for start in range(0, len(data), 4096):
        chunk = data[start:start + 4096]
        body = _compress_chunk(chunk)
        if len(body) <= 4096:
            out += struct.pack("<H", 0xB000 | (len(body) - 1)) + body  # CompressedChunkHeader, flag 1, signature 3
        elif len(chunk) == 4096:
            out += struct.pack("<H", 0x3FFF) + chunk  # a raw chunk (2.4.1.3.10): only ever a full one
        else:  # a short last chunk that does not compress cannot be stored (raw chunks are 4096 bytes)
            raise ValueError("data does not compress; MS-OVBA cannot hold a short raw chunk")
    return bytes(out)


def _compress_chunk(chunk: bytes) -> bytes:
    """The TokenSequences of one chunk (MS-OVBA 2.4.1.3.7 and 2.4.1.3.8)."""
    out = bytearray()
    seen: dict[bytes, list[int]] = {}  # 3-byte prefix -> earlier positions, nearest last
    pos, end = 0, len(chunk)
    while pos < end:
        flags, tokens = 0, bytearray()
        for bit in range(8):
            if pos >= end:
                break
            bit_count = max((pos - 1).bit_length(), 4) if pos else 4  # CopyToken Help (2.4.1.3.19.1)
            max_length = (0xFFFF >> bit_count) + 3
            best_len, best_at = 0, 0
            for cand in reversed(seen.get(chunk[pos:pos + 3], ())):
                n = 0
                while pos + n < end and n < max_length and chunk[cand + n] == chunk[pos + n]:
                    n += 1
                if n > best_len:
                    best_len, best_at = n, cand
                    if n == max_length:
                        break
            step = best_len if best_len >= 3 else 1
            if step > 1:
                flags |= 1 << bit
                tokens += struct.pack("<H", ((pos - best_at - 1) << (16 - bit_count)) | (best_len - 3))
            else:
                tokens.append(chunk[pos])
            for p in range(pos, pos + step):
                seen.setdefault(chunk[p:p + 3], []).append(p)
            pos += step
        out.append(flags)
        out += tokens
    return bytes(out)


# --- MS-OVBA 2.4.3: the "data encryption" of the protection fields ---------------------------------------------


def _encrypt(project_id: str, data: bytes, seed: int = 0x55) -> str:
    """Hex text of ``data`` encrypted as MS-OVBA 2.4.3.2 (CMG, DPB and GC of the PROJECT stream).

    The seed is fixed (the spec's random byte only varies the output; it is not a secret) and the ignored bytes
    repeat it, so the stream is the same on every build.
    """
    version, proj_key = 2, sum(project_id.encode("ascii")) & 0xFF
    out = bytearray([seed, seed ^ version, seed ^ proj_key])
    unencrypted1, encrypted1, encrypted2 = proj_key, seed ^ proj_key, seed ^ version
    for byte in bytes([seed] * ((seed & 6) // 2)) + struct.pack("<I", len(data)) + data:
        enc = byte ^ ((encrypted2 + unencrypted1) & 0xFF)
        out.append(enc)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte
    return out.hex().upper()


# --- MS-OVBA 2.3: the VBA storage -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Module:
    name: str
    source: bytes  # MBCS (code page 1252), CRLF line ends, Attribute lines included
    document: bool  # a document module (ThisWorkbook, Sheet1) rather than a standard one


_CODEPAGE = 1252
_PROJECT_ID = "{4C4B4A49-5000-4C4B-4A49-500000000001}"
_PROJECT_NAME = "LKjIP"
_REFERENCES = (  # (name, LibidReference of 2.1.1.8) - the two every Excel project carries
    ("stdole", r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb#OLE Automation"),
    ("Office", r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\Program Files\Common Files\Microsoft Shared"
               r"\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library"),
)
_DOCUMENT_ATTRIBUTES = (
    'Attribute VB_Base = "0{{{base}}}"\r\nAttribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n'
    "Attribute VB_PredeclaredId = True\r\nAttribute VB_Exposed = True\r\nAttribute VB_TemplateDerived = False\r\n"
    "Attribute VB_Customizable = True\r\n"
)
_DOCUMENTS = (("ThisWorkbook", "00020819-0000-0000-C000-000000000046"),  # Excel's Workbook and Worksheet classes
              ("Sheet1", "00020820-0000-0000-C000-000000000046"))


def _document_module(name: str, base: str) -> _Module:
    text = f'Attribute VB_Name = "{name}"\r\n' + _DOCUMENT_ATTRIBUTES.format(base=base)
    return _Module(name, text.encode("ascii"), document=True)


_VISIBLE = bytes([0xFF])


def _project_stream(modules: list[_Module]) -> bytes:
    """The PROJECT stream (MS-OVBA 2.3.1): unprotected (CMG 0), no password (DPB 0x00), visible (GC 0xFF)."""
    lines = [f'ID="{_PROJECT_ID}"']
    lines += [f"Document={m.name}/&H00000000" if m.document else f"Module={m.name}" for m in modules]
    lines += [f'Name="{_PROJECT_NAME}"', 'HelpContextID="0"', 'VersionCompatible32="393222000"',
              f'CMG="{_encrypt(_PROJECT_ID, bytes(4))}"', f'DPB="{_encrypt(_PROJECT_ID, bytes(1))}"',
              f'GC="{_encrypt(_PROJECT_ID, _VISIBLE)}"', "",
              "[Host Extender Info]", "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000", "",
              "[Workspace]", *(f"{m.name}=0, 0, 0, 0, C" for m in modules)]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _project_wm(modules: list[_Module]) -> bytes:
    """The PROJECTwm stream (MS-OVBA 2.3.3): each module name in MBCS and in UTF-16."""
    return b"".join(m.name.encode("cp1252") + b"\0" + m.name.encode("utf-16-le") + b"\0\0" for m in modules) + b"\0\0"


def _u32(value: int) -> bytes:
    return struct.pack("<I", value)


def _u16(value: int) -> bytes:
    return struct.pack("<H", value)


def _rec(record_id: int, data: bytes) -> bytes:
    """One dir stream record: Id, Size, data (MS-OVBA 2.3.4.2)."""
    return struct.pack("<HI", record_id, len(data)) + data


def _text_rec(record_id: int, unicode_id: int, text: str) -> bytes:
    """A record with an MBCS string followed by its UTF-16 twin (PROJECTDOCSTRING, MODULENAME... 2.3.4.2)."""
    return _rec(record_id, text.encode("cp1252")) + _rec(unicode_id, text.encode("utf-16-le"))


def _dir_stream(modules: list[_Module]) -> bytes:
    """The uncompressed ``VBA/dir`` stream (MS-OVBA 2.3.4.2): project information, references, modules."""
    out = bytearray()
    out += _rec(0x0001, _u32(3))  # PROJECTSYSKIND: 64-bit Windows, as Excel writes; VBA recompiles elsewhere
    out += _rec(0x0002, _u32(0x0409)) + _rec(0x0014, _u32(0x0409))  # PROJECTLCID, PROJECTLCIDINVOKE
    out += _rec(0x0003, _u16(_CODEPAGE))  # PROJECTCODEPAGE
    out += _rec(0x0004, _PROJECT_NAME.encode("cp1252"))  # PROJECTNAME
    out += _text_rec(0x0005, 0x0040, "")  # PROJECTDOCSTRING
    out += _text_rec(0x0006, 0x003D, "")  # PROJECTHELPFILEPATH (HelpFile1, HelpFile2)
    out += _rec(0x0007, _u32(0)) + _rec(0x0008, _u32(0))  # PROJECTHELPCONTEXT, PROJECTLIBFLAGS
    out += _u16(0x0009) + _u32(4) + _u32(1) + _u16(0)  # PROJECTVERSION: its Reserved field is 4, then 6 bytes
    out += _text_rec(0x000C, 0x003C, "")  # PROJECTCONSTANTS
    for name, libid in _REFERENCES:  # REFERENCENAME + REFERENCEREGISTERED (2.3.4.2.2)
        out += _text_rec(0x0016, 0x003E, name)
        out += _rec(0x000D, _u32(len(libid)) + libid.encode("cp1252") + _u32(0) + _u16(0))
    out += _rec(0x000F, _u16(len(modules))) + _rec(0x0013, _u16(0xFFFF))  # PROJECTMODULES, PROJECTCOOKIE
    for m in modules:  # MODULE records (2.3.4.2.3.2)
        out += _text_rec(0x0019, 0x0047, m.name)  # MODULENAME, MODULENAMEUNICODE
        out += _text_rec(0x001A, 0x0032, m.name)  # MODULESTREAMNAME
        out += _text_rec(0x001C, 0x0048, "")  # MODULEDOCSTRING
        out += _rec(0x0031, _u32(0))  # MODULEOFFSET: the source starts the stream (no p-code cache)
        out += _rec(0x001E, _u32(0)) + _rec(0x002C, _u16(0xFFFF))  # MODULEHELPCONTEXT, MODULECOOKIE
        out += _rec(0x0022 if m.document else 0x0021, b"")  # MODULETYPE: document/class or procedural
        out += _rec(0x002B, b"")  # Terminator
    out += _rec(0x0010, b"")  # dir stream Terminator
    return bytes(out)


def vba_project(module_name: str, module_source: bytes) -> bytes:
    """``vbaProject.bin``: ThisWorkbook, Sheet1 and one standard module, as MS-OVBA 2.2 lays the storages out.

    Args:
        module_name: the module's ``VB_Name``.
        module_source: its text in code page 1252 with CRLF line ends, ``Attribute`` lines included (what
            ``olevba`` extracts back).
    """
    modules = [_document_module(n, base) for n, base in _DOCUMENTS] + [_Module(module_name, module_source, False)]
    vba: _Storage = {m.name: _compress(m.source) for m in modules}
    vba["dir"] = _compress(_dir_stream(modules))
    vba["_VBA_PROJECT"] = b"\xcc\x61\xff\xff\x00\x01\x00"  # 2.3.4.1: version 0xFFFF, no performance cache
    return _cfb({"PROJECT": _project_stream(modules), "PROJECTwm": _project_wm(modules), "VBA": vba})


# --- MS-CFB: the compound file ---------------------------------------------------------------------------------

_Storage = dict[str, Union[bytes, "_Storage"]]
_FREESECT, _ENDOFCHAIN, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR, _MINI_SECTOR, _MINI_CUTOFF = 512, 64, 4096


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root storage (MS-CFB 2.6.1)
    data: bytes = b""
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    start: int = _ENDOFCHAIN
    size: int = 0


def _cfb(root: _Storage) -> bytes:
    """A version 3 compound file (MS-CFB) holding ``root``'s storages and streams, laid out deterministically.

    Sectors in order: FAT (2.3), directory (2.6), mini FAT (2.4), mini stream (2.6.2, streams under 4096 bytes),
    then larger streams. Siblings form a balanced binary search tree with every node black, which MS-CFB 2.6.4
    allows; names are ordered shorter first, then by upper-case code points.
    """
    entries = [_Entry("Root Entry", 5)]

    def add(storage: _Storage, parent: _Entry) -> None:
        ids: list[int] = []
        for name in sorted(storage, key=lambda n: (len(n), n.upper())):
            node = storage[name]
            entry = _Entry(name, 2, node) if isinstance(node, bytes) else _Entry(name, 1)
            ids.append(len(entries))
            entries.append(entry)
            if not isinstance(node, bytes):
                add(node, entry)
        parent.child = link(ids)

    def link(ids: list[int]) -> int:
        if not ids:
            return _NOSTREAM
        mid = len(ids) // 2
        entries[ids[mid]].left, entries[ids[mid]].right = link(ids[:mid]), link(ids[mid + 1:])
        return ids[mid]

    add(root, entries[0])

    mini, mini_fat = bytearray(), list[int]()
    big: list[_Entry] = []
    for e in entries[1:]:
        if e.kind != 2:
            continue
        e.size = len(e.data)
        if e.size >= _MINI_CUTOFF:
            big.append(e)
        elif e.size:
            n = -(-e.size // _MINI_SECTOR)
            e.start = len(mini_fat)
            mini_fat += [*range(e.start + 1, e.start + n), _ENDOFCHAIN]
            mini += e.data.ljust(n * _MINI_SECTOR, b"\0")
    entries[0].data, entries[0].size = bytes(mini), len(mini)

    def sectors(n_bytes: int) -> int:
        return -(-n_bytes // _SECTOR)

    directory = sectors(len(entries) * 128)
    regions = [directory, sectors(len(mini_fat) * 4), sectors(len(mini))] + [sectors(e.size) for e in big]
    n_fat = 1
    while n_fat * (_SECTOR // 4) < n_fat + sum(regions):
        n_fat += 1
    if n_fat > 109:
        raise ValueError("compound file too large for a header-only DIFAT")
    fat = [_FATSECT] * n_fat
    starts = []
    for count in regions:
        starts.append(len(fat) if count else _ENDOFCHAIN)
        fat += [*range(len(fat) + 1, len(fat) + count), _ENDOFCHAIN][:count] if count else []
    fat += [_FREESECT] * (n_fat * (_SECTOR // 4) - len(fat))
    dir_start, mini_fat_start, mini_start, *big_starts = starts
    entries[0].start = mini_start
    for e, s in zip(big, big_starts):
        e.start = s

    def entry_bytes(e: _Entry | None) -> bytes:
        if e is None:  # an unused entry (2.6.3)
            return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM, b"", 0, 0, 0, 0, 0)
        name = e.name.encode("utf-16-le") + b"\0\0"
        return struct.pack("<64sHBBIII16sIQQIQ", name, len(name), e.kind, 1, e.left, e.right, e.child, b"", 0, 0, 0,
                           e.start if e.kind != 1 else 0, e.size)

    slots = directory * (_SECTOR // 128)
    body = b"".join(entry_bytes(e) for e in [*entries, *[None] * (slots - len(entries))])
    difat = [*range(n_fat), *[_FREESECT] * (109 - n_fat)]
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII109I", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"", 0x3E, 3, 0xFFFE,
                         9, 6, b"", 0, n_fat, dir_start, 0, _MINI_CUTOFF, mini_fat_start, regions[1], _ENDOFCHAIN, 0,
                         *difat)

    def padded(data: bytes) -> bytes:
        return data.ljust(sectors(len(data)) * _SECTOR, b"\0")

    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    mini_fat_bytes += struct.pack("<I", _FREESECT) * ((-len(mini_fat)) % (_SECTOR // 4))
    return header + fat_bytes + body + mini_fat_bytes + padded(bytes(mini)) + b"".join(padded(e.data) for e in big)


# --- the OOXML package ------------------------------------------------------------------------------------------

_SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _rels(*rels: tuple[str, str, str]) -> bytes:
    items = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels)
    return f'{_XML}<Relationships xmlns="{_PKG_RELS}">{items}</Relationships>'.encode()


def _package(vba: bytes, ribbon: bytes) -> list[tuple[str, bytes]]:
    """The parts of the add-in, in the order they are zipped ([Content_Types].xml first, as Office writes)."""
    content_types = (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.addin.macroEnabled.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )
    root_rels = _rels(
        ("rId1", f"{_R}/officeDocument", "xl/workbook.xml"),
        ("rId2", f"{_PKG_RELS}/metadata/core-properties", "docProps/core.xml"),
        ("rId3", f"{_R}/extended-properties", "docProps/app.xml"),
        ("rId4", "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility", "customUI/customUI14.xml"),
    )
    workbook_rels = _rels(
        ("rId1", f"{_R}/worksheet", "worksheets/sheet1.xml"),
        ("rId2", f"{_R}/styles", "styles.xml"),
        ("rId3", "http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin"),
    )
    # the add-in's one sheet and window stay hidden; codeName links the workbook and sheet to their VBA modules
    workbook = (f'{_XML}<workbook xmlns="{_SML}" xmlns:r="{_R}"><workbookPr codeName="ThisWorkbook"/>'
                '<bookViews><workbookView visibility="hidden"/></bookViews>'
                '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    sheet = (f'{_XML}<worksheet xmlns="{_SML}"><sheetPr codeName="Sheet1"/><dimension ref="A1"/>'
             "<sheetData/></worksheet>")
    styles = (f'{_XML}<styleSheet xmlns="{_SML}">'
              '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
              '<fills count="2"><fill><patternFill patternType="none"/></fill>'
              '<fill><patternFill patternType="gray125"/></fill></fills>'
              '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
              '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
              '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
              '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
    # Excel's add-in list shows the title, and the description under it
    core = (f'{_XML}<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>LKjIP</dc:title>'
            "<dc:description>Tombol LKjIP: Periksa, Hitung Ulang, Buat Laporan (lkjip_xl).</dc:description>"
            "<dc:creator>lkjip_xl</dc:creator></cp:coreProperties>")
    app = (f'{_XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity></Properties>")
    return [
        ("[Content_Types].xml", content_types.encode()),
        ("_rels/.rels", root_rels),
        ("docProps/app.xml", app.encode()),
        ("docProps/core.xml", core.encode()),
        ("customUI/customUI14.xml", ribbon),
        ("xl/workbook.xml", workbook.encode()),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/worksheets/sheet1.xml", sheet.encode()),
        ("xl/styles.xml", styles.encode()),
        ("xl/vbaProject.bin", vba),
    ]


def _read_sources(source_dir: Path) -> tuple[str, bytes, bytes]:
    """The module's name and MBCS source, and the ribbon XML; Indonesian errors for what cannot be used."""
    bas, ui = source_dir / _MODULE_FILE, source_dir / _RIBBON_FILE
    for f in (bas, ui):
        if not f.is_file():
            raise AddinError("sumber-hilang", path=f, berkas=f)
    text = bas.read_text(encoding="utf-8-sig")
    m = re.match(r'Attribute VB_Name = "(\w+)"\r?\n', text)
    if not m:
        raise AddinError("nama-modul", path=bas, berkas=bas)
    try:
        source = text.replace("\r\n", "\n").replace("\n", "\r\n").encode("cp1252")
    except UnicodeEncodeError as exc:
        raise AddinError("huruf-vba", path=bas, berkas=bas, huruf=repr(text[exc.start])) from None
    ribbon = ui.read_bytes()
    try:  # our own source file, so the standard library's parser is enough
        root = ET.fromstring(ribbon)
    except ET.ParseError as exc:
        raise AddinError("xml-pita", path=ui, berkas=ui, alasan=exc) from None
    if root.tag != f"{{{_RIBBON_NS}}}customUI":
        raise AddinError("akar-pita", path=ui, berkas=ui, ns=_RIBBON_NS)
    return m.group(1), source, ribbon


def build_addin(out: Path, *, source_dir: Path | None = None) -> Path:
    """Write the add-in built from ``source_dir`` (default: ``macros/``, shipped in the package) to ``out``, atomically.

    Returns ``out``. Raises :class:`AddinError` for missing or unusable sources and :class:`WriteFailed` when
    ``out`` cannot be written.
    """
    name, source, ribbon = _read_sources(source_dir or _MACROS)
    parts = _package(vba_project(name, source), ribbon)
    out = Path(out)
    tmp = out.with_name(f".~lkjip-{out.name}")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as z:
            for part, data in parts:
                info = zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0))
                info.create_system = 0  # the same bytes whichever OS builds it
                info.external_attr = 0
                z.writestr(info, data)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WriteFailed("add-in", path=out, berkas=out, alasan=exc.strerror or exc) from None
    return out


# --- installing for the current user -----------------------------------------------------------------------------


def addin_folder(platform: str, env: Mapping[str, str], home: Path) -> Path | None:
    """Excel's own add-in folder for this user, or None where there is no Excel (Linux and the rest).

    Windows: ``%APPDATA%\\Microsoft\\AddIns`` (Excel lists the add-ins there in its Add-ins dialog). macOS (Office
    2016 and later, sandboxed): ``~/Library/Group Containers/UBF8T346G9.Office/User Content.localized/
    Add-Ins.localized``, the per-user add-in folder of Microsoft's "Installing User Content in Office 2016 for
    Mac".

    Args:
        platform: a ``sys.platform`` value.
        env: the environment (``APPDATA``).
        home: the user's home folder.
    """
    if platform == "win32":
        appdata = Path(env["APPDATA"]) if env.get("APPDATA") else home / "AppData" / "Roaming"
        return appdata / "Microsoft" / "AddIns"
    if platform == "darwin":
        return (home / "Library" / "Group Containers" / "UBF8T346G9.Office" / "User Content.localized"
                / "Add-Ins.localized")
    return None


def install_addin(built: Path, folder: Path, *, overwrite: bool = False) -> Path:
    """Copy ``built`` into ``folder`` as ``lkjip.xlam``; a different file already there is kept unless ``overwrite``.

    Returns the installed path. Raises :class:`AddinError` when a different add-in is in the way and
    :class:`WriteFailed` when the copy fails (Excel on Windows locks an add-in it has loaded).
    """
    target = folder / ADDIN_NAME
    if target.exists() and not overwrite and target.read_bytes() != built.read_bytes():
        raise AddinError("sudah-ada", path=target, berkas=target)
    tmp = folder / f".~lkjip-{ADDIN_NAME}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, tmp)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WriteFailed("pasang-add-in", path=target, berkas=target, alasan=exc.strerror or exc) from None
    return target
