"""File names made from workbook text (Nama Instansi, the kabupaten): safe on every system staff use.

The text is the workbook's claim: ``Kec/../../X`` must not leave the output folder and ``Utara/Selatan`` must not
fail. Only letters, digits and ``. _ -`` are kept (Unicode letters included), runs of anything else become one
``-``, and the name is cut to a length every file system takes; the title inside the document keeps the real name.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["file_stem"]

_UNSAFE = re.compile(r"[^\w.\-]+")
_MAX = 120
"""Characters: well under the 255 bytes of a file name, leaving room for the suffix and a folder."""
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
"""Names Windows refuses whatever their suffix."""


def file_stem(*words: object, fallback: str = "LKjIP") -> str:
    """``file_stem("LKjIP", "Kecamatan Utara/Selatan", 2024)`` → ``LKjIP-Kecamatan-Utara-Selatan-2024``."""
    text = "-".join(str(w) for w in words if w is not None and str(w).strip())
    text = unicodedata.normalize("NFC", text)
    stem = re.sub(r"\.{2,}", "-", _UNSAFE.sub("-", text)).strip("-.")
    stem = re.sub(r"-{2,}", "-", stem)[:_MAX].strip("-.")
    if not stem or stem.lower().split(".")[0] in _RESERVED:
        return fallback
    return stem
