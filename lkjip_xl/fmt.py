"""Indonesian display formatting: `1.234.567,89`, `100,25%`, `Rp 188.019.500`, `31 Januari 2025`.

Values are stored unrounded; rounding happens here and only here, half-up, because the seeds' printed figures
reproduce with half-up and not with the banker's rounding that Babel (and Python) apply by default. Babel gives
the locale's symbols and month names; num2words spells numbers out ("13 (tiga belas) desa").
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

__all__ = ["angka", "persen", "rupiah", "tanggal", "round_half_up", "terbilang", "jumlah_kata", "KOSONG"]

LOCALE = "id_ID"
KOSONG = "belum tersedia"
"""What a missing figure reads as: never 0, never an empty cell in a sentence."""


def _d(value: object) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)  # type: ignore[arg-type]


def round_half_up(value: object, digits: int = 2) -> Decimal:
    d = _d(value)
    if d.adjusted() + digits < 27:
        return d.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    # a quotient of bounded inputs can still outgrow the default 28 digits, which quantize refuses
    with localcontext(prec=d.adjusted() + digits + 2):
        return d.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def angka(value: object, digits: int = 2, *, kosong: str = KOSONG) -> str:
    """`1234567.885` → `1.234.567,89` (half-up, thousands dot, decimal comma)."""
    if value is None:
        return kosong
    q = round_half_up(value, digits)
    if q == 0:
        q = abs(q)  # no "-0,00"
    # Python groups the rounded digits; the locale's symbols replace its own. The same text as Babel's pattern
    # "#,##0.00" (a test checks it) for a sixth of the time: a roll-up formats thousands of figures.
    return format(q, ",f").translate(_symbols())


@functools.lru_cache(maxsize=8)
def _pattern(digits: int) -> NumberPattern:
    """Babel's pattern for ``digits``: what :func:`angka` must equal."""
    return parse_pattern("#,##0" + ("." + "0" * digits if digits > 0 else ""))


@functools.lru_cache(maxsize=1)
def _symbols() -> dict[int, str]:
    """Python's grouping comma, decimal point and minus → the locale's."""
    sym = _locale().number_symbols
    sym = sym.get("latn", sym)  # Babel 2.14 and later key the symbols by numbering system
    return str.maketrans({",": sym["group"], ".": sym["decimal"], "-": sym["minusSign"]})


@functools.lru_cache(maxsize=1)
def _locale() -> Locale:
    return Locale.parse(LOCALE)


def persen(value: object, digits: int = 2, *, kosong: str = KOSONG) -> str:
    return kosong if value is None else angka(value, digits) + "%"


def rupiah(value: object, *, kosong: str = KOSONG) -> str:
    if value is None:
        return kosong
    v = round_half_up(value, 0)
    return ("-" if v < 0 else "") + "Rp " + angka(abs(v), 0)


def tanggal(value: dt.date | None, *, kosong: str = KOSONG) -> str:
    """``31 Januari 2025``; a month given without its day (``BulanTahun``) as ``Januari 2025``."""
    if value is None:
        return kosong
    from babel.dates import format_date

    from .model import BulanTahun

    return format_date(value, format="MMMM y" if isinstance(value, BulanTahun) else "d MMMM y", locale="id")


def terbilang(n: int) -> str:
    """The number in Indonesian words, as written in official letters: 13 → `tiga belas`."""
    from num2words import num2words  # imported on first use: only the report spells numbers out

    return str(num2words(int(n), lang="id"))


def jumlah_kata(n: int, benda: str = "") -> str:
    """`13 (tiga belas) desa`, the form Indonesian official documents use for counts."""
    return f"{n} ({terbilang(n)})" + (f" {benda}" if benda else "")
