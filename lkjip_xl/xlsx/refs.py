"""Cell references: A1 text to (row, col) and back, ranges, and a shared formula's references moved to a cell."""

from __future__ import annotations

import functools
import re

__all__ = ["col_letter", "col_index", "split_ref", "cell_ref", "range_ref", "parse_range", "translate_shared"]

_CELL_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def col_letter(idx: int) -> str:
    """1 → A, 27 → AA."""
    s = ""
    while idx:
        idx, rem = divmod(idx - 1, 26)
        s = chr(65 + rem) + s
    return s


def col_index(letters: str) -> int:
    """A → 1, AA → 27 (either case)."""
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
    """(12, 3) → 'C12'."""
    return f"{col_letter(col)}{row}"


@functools.lru_cache(maxsize=4096)
def range_ref(r1: int, c1: int, r2: int, c2: int) -> str:
    """``A1`` for one cell, ``A1:B2`` for more."""
    a, b = cell_ref(r1, c1), cell_ref(r2, c2)
    return a if a == b else f"{a}:{b}"


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """'B4:F20' → (min_row, min_col, max_row, max_col); remembered, as every workbook from one template has the
    same table and merge ranges."""
    a, _, b = ref.partition(":")
    r1, c1 = split_ref(a)
    r2, c2 = split_ref(b or a)
    return r1, c1, r2, c2


_REF_TOKEN = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\w(])")


def translate_shared(formula: str, r0: int, c0: int, r: int, c: int) -> str:
    """Shift the relative references of a shared formula from its master cell (r0, c0) to (r, c)."""
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
