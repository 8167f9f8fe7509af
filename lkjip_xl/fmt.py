"""Indonesian display formatting (stopgap)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["angka", "persen", "rupiah", "tanggal", "round_half_up", "terbilang", "jumlah_kata"]
_BULAN = ["Januari","Februari","Maret","April","Mei","Juni","Juli","Agustus","September","Oktober","November","Desember"]

def round_half_up(value: Decimal, digits: int = 2) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)

def _d(v) -> Decimal:
    return v if isinstance(v, Decimal) else Decimal(str(v))

def angka(value, digits: int = 2, *, kosong: str = "belum tersedia") -> str:
    if value is None:
        return kosong
    q = round_half_up(_d(value), digits)
    neg = q < 0
    s = format(abs(q), "f")
    ip, _, fp = s.partition(".")
    groups = []
    while len(ip) > 3:
        groups.insert(0, ip[-3:])
        ip = ip[:-3]
    groups.insert(0, ip)
    out = ".".join(groups) + ("," + fp if fp else "")
    return ("-" if neg else "") + out

def persen(value, digits: int = 2, *, kosong: str = "belum tersedia") -> str:
    return kosong if value is None else angka(value, digits) + "%"

def rupiah(value, *, kosong: str = "belum tersedia") -> str:
    if value is None:
        return kosong
    v = _d(value)
    return ("-" if v < 0 else "") + "Rp " + angka(abs(v), 0)

def tanggal(value, *, kosong: str = "belum tersedia") -> str:
    return kosong if value is None else f"{value.day} {_BULAN[value.month - 1]} {value.year}"

_SATU = ["nol","satu","dua","tiga","empat","lima","enam","tujuh","delapan","sembilan","sepuluh","sebelas"]

def terbilang(n: int) -> str:
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return _SATU[n]
    if n < 20:
        return _SATU[n - 10] + " belas"
    if n < 100:
        return (_SATU[n // 10] + " puluh" + ("" if n % 10 == 0 else " " + _SATU[n % 10]))
    if n < 200:
        return "seratus" + ("" if n == 100 else " " + terbilang(n - 100))
    if n < 1000:
        return _SATU[n // 100] + " ratus" + ("" if n % 100 == 0 else " " + terbilang(n % 100))
    if n < 2000:
        return "seribu" + ("" if n == 1000 else " " + terbilang(n - 1000))
    for size, name in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= size:
            head, rest = divmod(n, size)
            return terbilang(head) + " " + name + ("" if rest == 0 else " " + terbilang(rest))
    raise ValueError(n)

def jumlah_kata(n: int, benda: str = "") -> str:
    return f"{n} ({terbilang(n)})" + (f" {benda}" if benda else "")
