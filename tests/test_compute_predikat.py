"""Predikat from a scale of half-open intervals, and the checks on a user's scale."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip_xl.compute.aggregate import mean
from lkjip_xl.compute.predikat import DEFAULT_SKALA, Band, predikat, skala_problems

D = Decimal

# Bantarbolang 2023, Tabel 3.1, its printed gaps (93,50 < x < 93,51) closed as half-open intervals
BANTARBOLANG = (
    Band(D("93.51"), None, "Sangat Tinggi"),
    Band(D("88.76"), D("93.51"), "Tinggi"),
    Band(D("81.26"), D("88.76"), "Sedang"),
    Band(D("75.51"), D("81.26"), "Rendah"),
    Band(D(0), D("75.51"), "Sangat Rendah"),
)


@pytest.mark.parametrize(
    "value, expected",
    [
        (D("150"), "Sangat Tinggi"),  # above 100 stays in the top band
        (D("91"), "Sangat Tinggi"),
        (D("90.999"), "Tinggi"),  # the printed scale's gap 90 < x < 91 falls in Tinggi
        (D("90.5"), "Tinggi"),
        (D("76"), "Tinggi"),
        (D("75.99"), "Sedang"),
        (D("66"), "Sedang"),
        (D("65.5"), "Rendah"),
        (D("51"), "Rendah"),
        (D("50.99"), "Sangat Rendah"),
        (D("0"), "Sangat Rendah"),
        (None, None),
    ],
)
def test_default_scale_permendagri_86_2017(value, expected):
    assert predikat(value, DEFAULT_SKALA) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (D("101.15"), "Sangat Tinggi"),
        (D("94.505"), "Sangat Tinggi"),  # Bantarbolang overall: (101,15 + 87,86) / 2
        (D("93.505"), "Tinggi"),  # fell in the printed gap; now in Tinggi
        (D("87.86"), "Sedang"),  # the Penutup called it Sangat Tinggi: the scale says Sedang
        (D("75.51"), "Rendah"),
        (D("75.505"), "Sangat Rendah"),
    ],
)
def test_bantarbolang_scale(value, expected):
    assert predikat(value, BANTARBOLANG) == expected
    assert skala_problems(BANTARBOLANG) == []


def test_default_scale_is_sound():
    assert skala_problems(DEFAULT_SKALA) == []


def test_printed_gaps_are_found():
    # Bantarbolang as printed, with closed upper bounds 93,50 / 88,75 / 81,25 / 75,50
    printed = (
        Band(D("93.51"), None, "Sangat Tinggi"),
        Band(D("88.76"), D("93.50"), "Tinggi"),
        Band(D("81.26"), D("88.75"), "Sedang"),
        Band(D("75.51"), D("81.25"), "Rendah"),
        Band(D(0), D("75.50"), "Sangat Rendah"),
    )
    problems = skala_problems(printed)
    assert [(p.kind, p.index, p.lower, p.upper) for p in problems] == [
        ("celah", 3, D("75.50"), D("75.51")),
        ("celah", 2, D("81.25"), D("81.26")),
        ("celah", 1, D("88.75"), D("88.76")),
        ("celah", 0, D("93.50"), D("93.51")),
    ]
    assert predikat(D("93.505"), printed) is None


def test_overlap_start_top_and_reversed():
    bad = (
        Band(D(90), None, "A"),
        Band(D(70), D(95), "B"),
        Band(D(10), D(70), "C"),
        Band(D(60), D(50), "D"),
    )
    kinds = sorted((p.kind, p.index) for p in skala_problems(bad))
    assert ("tumpang-tindih", 0) in kinds  # B reaches 95, A starts at 90
    assert ("batas-terbalik", 3) in kinds
    closed_top = (Band(D(0), D(50), "X"), Band(D(50), D(100), "Y"))
    assert [p.kind for p in skala_problems(closed_top)] == ["tidak-terbuka-atas"]
    from_ten = (Band(D(10), None, "X"),)
    assert [p.kind for p in skala_problems(from_ten)] == ["tidak-dari-nol"]


@given(st.decimals(min_value=0, max_value=1000, places=4))
def test_a_sound_scale_places_every_value_exactly_once(v):
    hits = [b for b in DEFAULT_SKALA if v >= b.lower and (b.upper is None or v < b.upper)]
    assert len(hits) == 1
    assert predikat(v, DEFAULT_SKALA) == hits[0].label


# --- aggregates -------------------------------------------------------------------------------------------------


def test_balapulang_headline_is_the_capped_mean_per_sasaran():
    # Balapulang 2022 Ikhtisar "83%": sasaran capaian capped at 100, averaged per sasaran, then over sasaran:
    # sasaran 1 = 216,8 -> 100; sasaran 2 = 100; sasaran 3 = (100 + 0) / 2 = 50 -> (100 + 100 + 50) / 3 = 83,33
    cap = D(100)
    s1 = mean([D("216.8")], cap=cap)
    s2 = mean([D(100)], cap=cap)
    s3 = mean([D(100), D(0)], cap=cap)
    assert (s1, s2, s3) == (D(100), D(100), D(50))
    overall = mean([s1, s2, s3])
    assert overall.quantize(D("0.01")) == D("83.33")
    assert predikat(overall, DEFAULT_SKALA) == "Tinggi"
    # uncapped the same inputs give (216,8 + 100 + 50) / 3 = 122,27
    assert mean([mean([D("216.8")]), D(100), mean([D(100), D(0)])]).quantize(D("0.01")) == D("122.27")
    # the indicator mean capped: (100 + 100 + 100 + 0) / 4 = 75
    assert mean([D("216.8"), D(100), D(100), D(0)], cap=cap) == D(75)


def test_mean_skips_missing_and_uses_weights():
    assert mean([D(80), None, D(100)]) == D(90)
    assert mean([None, None]) is None
    assert mean([]) is None
    # weights 1 and 3: (80 + 3 x 100) / 4 = 95
    assert mean([D(80), D(100)], [D(1), D(3)]) == D(95)
    # missing weight counts as 1
    assert mean([D(80), D(100)], [None, D(3)]) == D(95)
    # a missing value drops its weight too: only 100 counts
    assert mean([None, D(100)], [D(5), D(1)]) == D(100)
