"""Who a workbook is about: kecamatan and kabupaten names as matching keys, and file names fit to show.

Staff type the same place many ways ("Kec. Purwareja-Klampok", "KECAMATAN  Purwareja Klampok"); the roll-up
must count it once. A key drops what varies (case, spaces, punctuation, the Kec./Kecamatan and Kab./Kabupaten
prefixes) and keeps what tells places apart: "Kota Tegal" and "Kabupaten Tegal" are two places.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

__all__ = ["kecamatan_key", "Wilayah", "kabupaten_key", "same_kabupaten", "shown", "name_is_undecodable"]

_PUNCT = re.compile(r"[\W_]+")
_KECAMATAN = ("kecamatan", "kec", "distrik")
_KABUPATEN = ("kabupaten", "kab")
_KOTA = ("kota",)


def _words(name: object) -> list[str]:
    """Lower-case words of ``name``, accents and punctuation dropped (NFKD: a typed "é" matches "e")."""
    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode("ascii")
    return _PUNCT.sub(" ", text.lower()).split()


def kecamatan_key(name: object) -> str:
    """The matching key of a kecamatan: words without the prefix, joined without spaces ("Purwa Reja" is
    "Purwareja"). A name inside it such as "Kota" stays: "Kecamatan Kota Kudus" is not "Kecamatan Kudus"."""
    words = _words(name)
    while words and words[0] in _KECAMATAN:
        words = words[1:]
    return "".join(words)


class Wilayah(NamedTuple):
    """A kabupaten or kota as matched: its kind (``""`` when the name says neither) and its name's key."""

    jenis: str
    nama: str


def kabupaten_key(name: object) -> Wilayah:
    words = _words(name)
    jenis = ""
    if words and words[0] in _KABUPATEN:
        jenis, words = "kabupaten", words[1:]
    elif words and words[0] in _KOTA:
        jenis, words = "kota", words[1:]
    return Wilayah(jenis, "".join(words))


def same_kabupaten(a: Wilayah, b: Wilayah) -> bool:
    """Same name, and the same kind unless one leaves the kind out ("Banjarnegara" is "Kab. Banjarnegara")."""
    return a.nama == b.nama and (a.jenis == b.jenis or not a.jenis or not b.jenis)


def name_is_undecodable(path: str) -> bool:
    """Whether a file name held bytes that are not UTF-8 (Python keeps them as lone surrogates)."""
    return any("\ud800" <= ch <= "\udfff" for ch in path)


def shown(text: str) -> str:
    """``text`` fit to write into a workbook, Parquet or a terminal: each byte that was not UTF-8 becomes "�"."""
    if not name_is_undecodable(text):
        return text
    try:
        raw = text.encode("utf-8", "surrogateescape")  # the file system's bytes back
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")
