"""Display formatting: Indonesian separators, half-up rounding, words for counts."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip_xl.fmt import KOSONG, angka, jumlah_kata, persen, round_half_up, rupiah, tanggal, terbilang

D = Decimal


@pytest.mark.parametrize(
    "value, expected",
    [
        (D("100.936"), "100,94"),
        (D("101.2640"), "101,26"),
        (D("95.125"), "95,13"),  # half-up; banker's rounding would print 95,12
        (D("0.005"), "0,01"),
        (D("-0.004"), "0,00"),  # never "-0,00"
        (D("1234567.885"), "1.234.567,89"),
        (D("-7.695"), "-7,70"),
        (2.675, "2,68"),  # the float 2.675 is 2.67499999...; its shortest form is what the user typed
        (0, "0,00"),
    ],
)
def test_angka(value, expected):
    assert angka(value) == expected


def test_digits_and_missing():
    assert angka(D("3.14159"), 0) == "3"
    assert angka(D("2.5"), 0) == "3"
    assert angka(D("0.75125"), 4) == "0,7513"
    assert angka(None) == KOSONG == "belum tersedia"
    assert persen(None) == KOSONG
    assert rupiah(None, kosong="-") == "-"


def test_persen_and_rupiah():
    assert persen(D("100.9356725")) == "100,94%"
    assert persen(D("7.69")) == "7,69%"
    assert rupiah(188019500) == "Rp 188.019.500"
    assert rupiah(2110785470) == "Rp 2.110.785.470"
    assert rupiah(-1500) == "-Rp 1.500"
    assert rupiah(0) == "Rp 0"


def test_tanggal():
    assert tanggal(dt.date(2025, 1, 31)) == "31 Januari 2025"
    assert tanggal(dt.date(2023, 8, 17)) == "17 Agustus 2023"
    assert tanggal(None) == KOSONG


@pytest.mark.parametrize(
    "n, words",
    [
        (0, "nol"),
        (11, "sebelas"),
        (13, "tiga belas"),
        (100, "seratus"),
        (1000, "seribu"),
        (2024, "dua ribu dua puluh empat"),
        (1_000_000, "satu juta"),
    ],
)
def test_terbilang(n, words):
    assert terbilang(n) == words


def test_jumlah_kata():
    assert jumlah_kata(13, "desa") == "13 (tiga belas) desa"
    assert jumlah_kata(2) == "2 (dua)"


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False, allow_infinity=False))
def test_round_half_up_is_within_half_a_unit_and_rounds_ties_up(value):
    r = round_half_up(value, 2)
    assert abs(r - value) <= D("0.005")
    if abs(r - value) == D("0.005"):
        assert abs(r) > abs(value)  # ties go away from zero


@given(st.one_of(st.decimals(min_value=-(10**15), max_value=10**15, places=6, allow_nan=False, allow_infinity=False),
                 st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(-(10**15), 10**15)),
       st.integers(0, 4))
def test_angka_is_babels_id_pattern(value, digits):
    """angka groups with Python and swaps in the locale's symbols: the text Babel's pattern gives, digit for digit."""
    from lkjip_xl.fmt import _locale, _pattern

    q = round_half_up(value, digits)
    assert angka(value, digits) == _pattern(digits).apply(abs(q) if q == 0 else q, _locale())
