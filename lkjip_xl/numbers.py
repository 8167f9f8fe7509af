"""What Indonesian staff type into number cells, parsed exactly: ``85,5``, ``85,5%``, ``1.234.567``,
``Rp 1.234.567,-``, ``1,234,567.50``, numbers stored as text.

The decimal separator is decided from the text itself (the last of ``.`` and ``,`` when both appear; a lone
``.`` followed by three digits is a thousands dot, as Indonesian staff write ``1.500``), never from the PC's
locale, so one workbook reads the same on every computer. Anything ambiguous or not a number raises
:class:`NumberParseError`; the reader turns that into an issue at the cell.

This is also where numbers enter the program, so it is where the ones no workbook figure can be stop: NaN,
infinity, magnitudes from :data:`LIMIT` up and non-zero magnitudes under :data:`SMALLEST` raise
:class:`NumberOutOfRange`. Computation, predikat and formatting then only ever see finite figures whose
quotients (capaian, serapan) stay well inside Decimal's precision.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["NumberParseError", "NumberOutOfRange", "parse_number", "parse_score", "parse_int_money", "is_blank",
           "BLANKS", "from_float", "LIMIT", "SMALLEST", "is_plain_float"]

LIMIT = Decimal("1e15")
"""Magnitudes from here up are refused: no kecamatan figure (nor a national budget in rupiah) comes near."""
SMALLEST = Decimal("1e-6")
"""Non-zero magnitudes under this are refused: as a target they would blow a capaian up past any meaning."""


class NumberParseError(ValueError):
    def __init__(self, text: object, msg: str | None = None) -> None:
        self.text = text
        super().__init__(msg or f"'{text}' bukan angka yang dikenali")


class NumberOutOfRange(NumberParseError):
    """A number no workbook figure can be: NaN, infinite, or a magnitude outside [SMALLEST, LIMIT) other than 0."""

    code = "angka-di-luar-batas"
    """The issue the reader reports at the cell."""

    def __init__(self, text: object) -> None:
        self.shown = _shown(text)
        """The value as text safe to print (a float NaN or infinity cannot go through the number formatting)."""
        super().__init__(text, f"{self.shown} bukan angka yang wajar")


BLANKS = frozenset({"", "-", "–"})
"""What an empty cell is typed as, once stripped."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in BLANKS)


def from_float(f: float) -> Decimal:
    """A cell's float as the decimal Excel shows (15 significant digits)."""
    return Decimal(format(f, ".15g"))


def is_plain_float(f: float) -> bool:
    """Whether a cell's float is surely inside the bounds even scaled as a percentage (a fast path may take it
    as it is); anything else goes through :func:`parse_number`, which decides."""
    return f == 0 or 1e-4 <= abs(f) < 1e13


def _bounded(d: Decimal, value: object) -> Decimal:
    if not d.is_finite() or d and not SMALLEST <= abs(d) < LIMIT:
        raise NumberOutOfRange(value)
    return d


def _shown(value: object) -> str:
    if isinstance(value, (float, Decimal)):
        d = Decimal(value) if isinstance(value, float) else value
        if d.is_nan():
            return "NaN"
        if d.is_infinite():
            return "minus tak hingga" if d.is_signed() else "tak hingga"
        return format(value, ".15g") if isinstance(value, float) else str(value)
    return str(value)


def parse_number(value: object, *, percent: bool = False) -> Decimal | None:
    """The exact number in a cell (``percent``: the cell shows a percentage, so 0.855 means 85,5); None if blank."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise NumberParseError(value)
    if isinstance(value, (int, float, Decimal)):
        d = Decimal(value) if isinstance(value, int) else (value if isinstance(value, Decimal) else from_float(value))
        return _bounded(d * 100 if percent else d, value)
    s = str(value).replace("\xa0", " ").strip()
    s = re.sub(r"^(rp\.?|idr)\s*", "", s, flags=re.I)
    s = re.sub(r"(,-|\.-|,00)$", "", s) if re.search(r"\d(,-|\.-)$", s) else s
    pct = s.endswith("%")
    if pct:
        s = s[:-1].strip()
    s = s.replace(" ", "")
    neg = s.startswith("-")
    if s[:1] in "+-":
        s = s[1:]
    if not s or not re.fullmatch(r"[\d.,]+", s):
        raise NumberParseError(value)
    if "." in s and "," in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        th = "." if dec == "," else ","
        ip, fp = s.rsplit(dec, 1)
        if not re.fullmatch(r"\d{1,3}(\%s\d{3})*" % th, ip) or not fp.isdigit():
            raise NumberParseError(value)
        s = ip.replace(th, "") + "." + fp
    elif "," in s:
        if s.count(",") == 1 and not re.fullmatch(r"\d{1,3},\d{3},\d{3}", s):
            s = s.replace(",", ".")
        elif re.fullmatch(r"\d{1,3}(,\d{3})+", s):
            s = s.replace(",", "")
        else:
            raise NumberParseError(value)
    elif "." in s:
        if s.count(".") > 1:
            if not re.fullmatch(r"\d{1,3}(\.\d{3})+", s):
                raise NumberParseError(value)
            s = s.replace(".", "")
        elif re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", s):
            s = s.replace(".", "")
    try:
        d = Decimal(s)
    except InvalidOperation as exc:
        raise NumberParseError(value) from exc
    return _bounded(-d if neg else d, value)


def parse_score(value: object) -> Decimal | None:
    """A target or realisation that may be textual: "B (71,20)" scores 71,20 (the number in brackets)."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        m = re.search(r"\(([^)]*)\)", value)
        if m:
            return parse_number(m.group(1))
    return parse_number(value)


def parse_int_money(value: object) -> int | None:
    """Rupiah, exact and whole: "1.500.000,50" is refused rather than rounded."""
    d = parse_number(value)
    if d is None:
        return None
    if d != d.to_integral_value():
        raise NumberParseError(value, f"'{value}' bukan rupiah bulat")
    return int(d)
