"""The typing rule: what a cell's value means in a column of each type, written once for every source.

One function per column type (:data:`TYPERS`). Each takes the source (for its percent, date and month styles and
its date system), a cell's value (after the reader has resolved errors, uncached formulas and dates), the column and
the cell, and returns the typed value, None for a blank, or raises :class:`~lkjip_xl.numbers.NumberParseError` or
:class:`Invalid`, which the reader reports at the cell. Each first takes the value staff type most, a value of the
column's own kind, without the general path's calls. The file package and the xlwings book go through the same
functions, so the two paths cannot type a cell differently.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .model import BulanTahun, Score
from .numbers import (
    BLANKS,
    NumberOutOfRange,
    NumberParseError,
    from_float,
    is_blank,
    is_plain_float,
    parse_int_money,
    parse_number,
    parse_score,
)
from .schema import Column, norm
from .xlsx import Cell, is_date_serial
from .xlsx.source import WorkbookSource

__all__ = ["TYPERS", "Invalid", "Typer", "as_is", "looks_numeric", "text_of", "typer"]

Typer = Callable[[WorkbookSource, Any, Column, Cell], Any]

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
     "november", "desember"])}
_MONTHS.update({"pebruari": 2, "nopember": 11, "agt": 8, "agu": 8, "okt": 10, "des": 12, "nov": 11, "sep": 9,
                "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7})


class Invalid(Exception):
    """A value its column's type cannot hold (``nilai``, as shown): reported at its cell as the issue ``code``."""

    def __init__(self, code: str, nilai: Any, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.nilai = nilai
        self.params = params


def as_is(src: WorkbookSource, v: Any, col: Column, c: Cell) -> Any:
    """The typing rule of a column type the reader does not type (a computed one)."""
    return None if is_blank(v) else v


def as_text(src: WorkbookSource, v: Any, col: Column, c: Cell) -> str | None:
    if type(v) is str:
        s = v.strip()
        return None if s in BLANKS else s
    return None if is_blank(v) else text_of(v)


def as_code(src: WorkbookSource, v: Any, col: Column, c: Cell) -> str | None:
    if type(v) is str:
        s = v.strip()
        return None if s in BLANKS else _code(s)
    return None if is_blank(v) else _code(v)


def as_choice(src: WorkbookSource, v: Any, col: Column, c: Cell) -> str | None:
    if type(v) is str:
        s = v.strip()
        if s in BLANKS:
            return None
        got = _exact_choices(col.choices).get(s)
        if got is not None:
            return got
    elif is_blank(v):
        return None
    text = text_of(v)
    if not col.choices:
        return text
    got = _choice(col.choices, text)
    if got is None:
        raise Invalid("pilihan-tidak-dikenal", nilai=text, pilihan=", ".join(col.choices))
    return got


def as_number(src: WorkbookSource, v: Any, col: Column, c: Cell) -> Decimal | None:
    pct = c.style in src.percent_styles
    if type(v) is float and is_plain_float(v):
        d = from_float(v)
        return d * 100 if pct else d
    return parse_number(v, percent=pct)


def as_score(src: WorkbookSource, v: Any, col: Column, c: Cell) -> Score | None:
    pct = c.style in src.percent_styles
    if type(v) is float and is_plain_float(v):
        d = from_float(v)
        return Score(d * 100 if pct else d)
    if is_blank(v):
        return None
    if isinstance(v, str) and re.search(r"[A-Za-z]", v.replace("Rp", "")):
        return Score(parse_score(v), v.strip())
    return Score(parse_number(v, percent=pct))


def as_money(src: WorkbookSource, v: Any, col: Column, c: Cell) -> int | None:
    if type(v) is float and v.is_integer() and is_plain_float(v):
        return int(v)
    return parse_int_money(v)


def as_int(src: WorkbookSource, v: Any, col: Column, c: Cell) -> int | None:
    if type(v) is float and v.is_integer() and is_plain_float(v):
        return int(v)
    n = parse_number(v)
    if n is None:
        return None
    if n != n.to_integral_value():
        raise NumberParseError(str(v))
    return int(n)


def as_year(src: WorkbookSource, v: Any, col: Column, c: Cell) -> int | None:
    if is_blank(v):
        return None
    try:
        n = parse_number(v)
    except NumberOutOfRange:
        raise
    except NumberParseError:
        n = None
    if n is None or n != n.to_integral_value() or not 1900 <= n <= 2200:
        raise Invalid("tahun-tidak-sah", nilai=v)
    return int(n)


def as_date(src: WorkbookSource, v: Any, col: Column, c: Cell) -> dt.date | None:
    if is_blank(v):
        return None
    d = _date(src, v, c)
    if d is None:
        raise Invalid("tanggal-tidak-sah", nilai=v)
    return d


TYPERS: dict[str, Typer] = {
    "text": as_text, "code": as_code, "choice": as_choice, "number": as_number, "score": as_score,
    "money": as_money, "int": as_int, "year": as_year, "date": as_date}
"""The typing rule of each column type."""


def typer(col_type: str) -> Typer:
    """The typing rule of ``col_type`` (:func:`as_is` for the types the reader does not type)."""
    return TYPERS.get(col_type, as_is)


def _date(src: WorkbookSource, value: Any, c: Cell) -> dt.date | None:
    if isinstance(value, BulanTahun):
        return value
    if isinstance(value, (dt.date, dt.datetime, float)):
        if isinstance(value, float):
            if not is_date_serial(value):
                return None
            value = src.serial_to_date(value)
        d = value.date() if isinstance(value, dt.datetime) else value
        # "Januari 2025" that Excel turned into its first day, shown as a month ("mmmm yyyy"): the month meant
        return BulanTahun(d.year, d.month) if c.style in src.month_styles else d
    if isinstance(value, str):
        s = value.strip()
        month = _month_year(s)
        if month is not None:
            return month
        m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", s)
        if m:
            y, mo, d = map(int, m.groups())
        else:
            m = re.match(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$", s)
            if m:
                d, mo, y = map(int, m.groups())
            else:
                # "31 Januari 2025", "31-Jan-2025", "31 Jan. 2025", "31 Januari, 2025"
                m = re.match(r"^(\d{1,2})(?:\s+|\s*[/.\-]\s*)([A-Za-z]+)\.?(?:\s*[,/.\-]\s*|\s+)(\d{4})$", s)
                if not m or m.group(2).lower() not in _MONTHS:
                    return None
                d, mo, y = int(m.group(1)), _MONTHS[m.group(2).lower()], int(m.group(3))
        try:
            return dt.date(y, mo, d)
        except ValueError:
            return None
    return None
@functools.lru_cache(maxsize=256)
def _exact_choices(choices: tuple[str, ...]) -> dict[str, str]:
    """Each choice typed exactly as listed → what :func:`_choice` makes of it (the reader's common case); a choice
    that reads as blank ("-") is not listed: it is a blank."""
    return {ch: got for ch in choices if ch.strip() not in BLANKS and (got := _choice(choices, ch)) is not None}


@functools.lru_cache(maxsize=256)
def _choices_by_key(choices: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for ch in choices:
        out.setdefault(norm(ch).replace("-", " "), ch)  # the first in the list wins, as when tried in order
    return out


def _month_year(s: str) -> BulanTahun | None:
    """``Januari 2025``, ``Januari, 2025``, ``Jan-2025``, ``1/2025``, ``2025-01``: a month without its day."""
    m = re.fullmatch(r"([A-Za-z]+)\.?\s*[,/\-]?\s*(\d{4})", s)
    if m and m.group(1).lower() in _MONTHS:
        mo, y = _MONTHS[m.group(1).lower()], int(m.group(2))
    elif m := re.fullmatch(r"(\d{1,2})[/.\-](\d{4})", s):
        mo, y = int(m.group(1)), int(m.group(2))
    elif m := re.fullmatch(r"(\d{4})-(\d{1,2})", s):
        y, mo = int(m.group(1)), int(m.group(2))
    else:
        return None
    return BulanTahun(y, mo) if 1 <= mo <= 12 and 1900 <= y <= 2200 else None


def _choice(choices: tuple[str, ...], text: str) -> str | None:
    """The choice ``text`` names, ignoring case, spacing and hyphens ("sub-kegiatan" is "Sub Kegiatan")."""
    return _choices_by_key(choices).get(norm(text).replace("-", " "))


def text_of(v: Any) -> str:
    if isinstance(v, float):
        return _code(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return str(v).strip()


def _code(v: Any) -> str:
    """Codes typed as numbers come back as floats: 1.0 → "1", 1.1 → "1.1"."""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return format(Decimal(repr(v)).normalize(), "f")
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    return " ".join(str(v).split())  # whitespace runs as one space, trimmed


def looks_numeric(v: Any) -> bool:
    try:
        parse_number(v)
        return True
    except NumberParseError:
        return False


