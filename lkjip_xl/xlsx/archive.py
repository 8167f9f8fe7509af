"""The zip container: its directory read and checked against zip bombs, members inflated on first use.

The members are read from the file's bytes with the sizes and CRCs the central directory declares: a member is
never inflated past its declared size, so the bomb limits below, checked on the declared sizes, hold.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, MutableMapping
from typing import NamedTuple, Union

from ..errors import EncryptedWorkbook, LegacyFormat, NotAWorkbook, UnsafeWorkbook

__all__ = ["MAX_FILE", "MAX_UNCOMPRESSED", "MAX_RATIO", "Info", "Parts", "check_size", "check_zip", "zip_bytes"]

MAX_FILE = 100 * 1024 * 1024
"""Refuse files larger than this before reading them into memory; a kecamatan workbook with its photos is far
smaller (pictures are read at most 20 MB a sheet)."""

MAX_UNCOMPRESSED = 400 * 1024 * 1024
"""Refuse packages that would inflate beyond this (zip bombs); a real kecamatan workbook is well under 5 MB."""
MAX_RATIO = 200
"""…or whose parts compress more than this (a sheet full of repeated empty rows compresses ~50×)."""


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


Info = Union[_Member, zipfile.ZipInfo]
"""A member as read from the central directory: by :func:`_members`, or by zipfile for any other zip."""


_END = struct.Struct("<4s4H2LH")
"""End of central directory record."""
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
"""Central directory file header."""


def _members(raw: bytes) -> list[Info] | None:
    """The members of a plain single-disk zip from its central directory; None for anything else (zip64, bytes
    before the archive, odd names, damage), which zipfile then reads or rejects.

    Read by hand because ``zipfile.ZipFile`` builds an object of twenty attributes per member, a measurable part
    of checking a workbook (benchmarks/README.md).
    """
    i = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_557))
    if i < 0 or len(raw) - i < _END.size:
        return None
    _, disk, cd_disk, n_here, n, size, offset, comment = _END.unpack_from(raw, i)
    if disk or cd_disk or n_here != n or offset + size != i or i + _END.size + comment != len(raw):
        return None
    out: list[Info] = []
    pos = offset
    unpack = _CENTRAL.unpack_from
    new: Callable[..., _Member] = tuple.__new__
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


def check_size(size: int, path: str) -> None:
    """Refuse a file of ``size`` bytes above :data:`MAX_FILE` (checked on its size, before it is read)."""
    if size > MAX_FILE:
        raise UnsafeWorkbook("berkas-terlalu-besar", path=path, mb=size // (1024 * 1024),
                             batas_mb=MAX_FILE // (1024 * 1024))


def check_zip(raw: bytes, path: str) -> list[Info]:
    """The members of the workbook ``raw``, or the user-facing error that says why it cannot be opened."""
    check_size(len(raw), path)
    head = raw[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE compound file: either a legacy .xls or an encrypted OOXML package.
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in raw[:200_000] or (
            b"EncryptionInfo" in raw or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in raw
        ):
            raise EncryptedWorkbook(path=path)
        raise LegacyFormat(path=path)
    infos = _members(raw)
    if infos is None:
        try:
            infos = list(zipfile.ZipFile(io.BytesIO(raw)).infolist())
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise NotAWorkbook("bukan-zip", path=path) from exc
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1_000_000 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise UnsafeWorkbook("zip-bomb", path=path, bagian=info.filename,
                                 rasio=info.file_size // info.compress_size)
    if total > MAX_UNCOMPRESSED:
        raise UnsafeWorkbook("terlalu-besar", path=path, mb=total // (1024 * 1024),
                             batas_mb=MAX_UNCOMPRESSED // (1024 * 1024))
    return infos


class Parts(MutableMapping[str, bytes]):
    """The zip's members by name, each decompressed on first use: a check reads a dozen parts, not all eighty.

    A member that cannot be read (truncated, bad CRC, encrypted) raises the same user-facing errors as before,
    when it is first needed; saving reads every member. Assigning or deleting a part replaces the member.
    """

    def __init__(self, infos: list[Info], path: str, raw: bytes) -> None:
        self._raw = raw
        self._data: dict[str, bytes] = {}
        self._replaced: set[str] = set()
        self._order = [i.filename for i in infos]
        self._infos = {i.filename: i for i in infos}
        self._path = path

    def _load(self, name: str) -> bytes:
        info = self._infos[name]
        if info.flag_bits & 1:  # encrypted zip entries
            raise EncryptedWorkbook("zip", path=self._path)
        data = self._inflate(info)
        if data is None:
            # not zipfile's reader as a second try: it inflates a whole chunk before cutting it to the declared
            # size, so a member that lies about its size (300 MB declared as 4 KB) would fill the memory
            raise NotAWorkbook("isi-zip-rusak", path=self._path)
        self._data[name] = data
        return data

    def _span(self, info: Info) -> tuple[int, int] | None:
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

    def declared_size(self, name: str) -> int | None:
        """The member's uncompressed size as the zip declares it, without inflating it (None: not a member)."""
        info = self._infos.get(name)
        return None if info is None else info.file_size

    def _inflate(self, info: Info) -> bytes | None:
        """A member straight from the file's bytes, or None when it cannot be read as stored: a bad local
        header, a method other than deflate or none (Excel writes no other), damaged data, or content that is
        not the declared size or CRC. Never more than the declared size is inflated (the zip-bomb limits in
        check_zip apply to the declared sizes), and zipfile's per-member objects are not paid for."""
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
        return name in self._infos or name in self._data

    def __getitem__(self, name: str) -> bytes:
        got = self._data.get(name)
        if got is not None:
            return got
        if name in self._infos:
            return self._load(name)
        raise KeyError(name)

    def __setitem__(self, name: str, data: bytes) -> None:
        self._replaced.add(name)
        if name not in self._infos and name not in self._order:
            self._order.append(name)
        self._data[name] = data

    def __delitem__(self, name: str) -> None:
        self._replaced.add(name)
        self._infos.pop(name, None)
        if name in self._order:
            self._order.remove(name)
        self._data.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)


def zip_bytes(infos: list[Info], parts: Parts, changed: Callable[[str], bytes | None]) -> bytes:
    """The package as a zip: the members of ``infos`` still in ``parts``, in their order, with their dates and
    methods; ``changed(name)`` gives a member's new content, None to keep the part's bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in infos:
            name = info.filename
            if name not in parts:
                continue
            data = parts[name]  # read even when replaced: a member that cannot be read fails the save as before
            new = changed(name)
            if new is not None:
                data = new
            zi = zipfile.ZipInfo(name, date_time=info.date_time)
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            zout.writestr(zi, data)
    return buf.getvalue()
