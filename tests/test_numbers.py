"""What staff type into number cells, and what it means."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip_xl.fmt import angka
from lkjip_xl.numbers import NumberParseError, is_blank, parse_int_money, parse_number, parse_score

D = Decimal


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("85,5", D("85.5")),
        ("85.5", D("85.5")),
        (" 85,5 ", D("85.5")),
        ("85,5%", D("85.5")),
        ("85,50 %", D("85.50")),
        ("1.234.567", D(1234567)),
        ("1.234.567,89", D("1234567.89")),
        ("1,234,567.89", D("1234567.89")),
        ("1,234,567", D(1234567)),
        ("Rp 1.234.567,-", D(1234567)),
        ("Rp. 1.234.567,00", D("1234567.00")),
        ("Rp1.234.567", D(1234567)),
        ("IDR 2.000", D(2000)),
        ("2.110.785.470", D(2110785470)),
        ("188.019.500", D(188019500)),
        ("-5", D(-5)),
        ("+7,25", D("7.25")),
        ("0,7512", D("0.7512")),
        ("100", D(100)),
        ("1.5", D("1.5")),
        ("12.345", D(12345)),  # a dot before exactly three digits is a thousands separator in Indonesia
        ("0.345", D("0.345")),  # ... but not after a leading zero
        ("\xa085,5\xa0", D("85.5")),
        (85.5, D("85.5")),
        (0.1, D("0.1")),  # floats read from Excel keep their shortest decimal form, not 0.1000000000000000055
        (12, D(12)),
        (D("3.14"), D("3.14")),
    ],
)
def test_parse_number(typed, expected):
    assert parse_number(typed) == expected


@pytest.mark.parametrize("typed", [None, "", "   ", "-", "–"])
def test_blank_is_none_never_zero(typed):
    assert is_blank(typed)
    assert parse_number(typed) is None
    assert parse_score(typed) is None
    assert parse_int_money(typed) is None


@pytest.mark.parametrize("typed", ["abc", "85,5x", "1.23.4", "1,2,3", "12,34,567", True, "Rp", "%", "1..2", "5-"])
def test_parse_number_refuses_garbage(typed):
    with pytest.raises(NumberParseError) as e:
        parse_number(typed)
    assert e.value.text == typed
    assert "bukan angka" in str(e.value)


def test_percent_cell_values_are_scaled():
    # Excel stores 85,5% as 0.855 in a cell formatted as percent
    assert parse_number(0.855, percent=True) == D("85.5")
    assert parse_number("85,5%", percent=True) == D("85.5")


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("B (71,20)", D("71.20")),
        ("BB (72,10)", D("72.10")),
        ("CC(60,59)", D("60.59")),
        ("85,50", D("85.50")),
        (85.5, D("85.5")),
    ],
)
def test_parse_score(typed, expected):
    assert parse_score(typed) == expected


def test_parse_score_without_number_is_an_error():
    with pytest.raises(NumberParseError):
        parse_score("BB")


@pytest.mark.parametrize(
    "typed, expected",
    [("Rp 188.019.500,-", 188019500), (2219102223, 2219102223), (2219102223.0, 2219102223), ("0", 0)],
)
def test_parse_int_money(typed, expected):
    got = parse_int_money(typed)
    assert got == expected and type(got) is int


def test_money_with_sen_is_refused():
    with pytest.raises(NumberParseError) as e:
        parse_int_money("1.234,56")
    assert "rupiah bulat" in str(e.value)


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_what_we_print_reads_back(value):
    """`angka` and `parse_number` are inverses: a figure copied from our report into a cell keeps its value."""
    assert parse_number(angka(value, 2)) == value


@given(st.integers(min_value=0, max_value=10**13))
def test_money_printed_with_dots_reads_back(value):
    assert parse_int_money("Rp " + angka(value, 0) + ",-") == value
