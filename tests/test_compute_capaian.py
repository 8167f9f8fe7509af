"""Capaian of one indicator (domain.md, "Capaian of an indicator"), every expected value computed by hand."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkjip_xl.compute.capaian import Capaian, capaian, rollup_triwulan
from lkjip_xl.compute.riwayat import kemajuan, perubahan
from lkjip_xl.fmt import round_half_up

D = Decimal


def r2(c: Capaian) -> Decimal:
    return round_half_up(c.value, 2)


# --- positive polarity: R / T x 100 --------------------------------------------------------------------------


def test_seed_skm_capaian():
    # Purwareja Klampok 2024, Tabel 3.2: IKM 86,30 against target 85,50 -> 86,30 / 85,50 x 100 = 100,9357
    c = capaian(D("85.50"), D("86.30"))
    assert r2(c) == D("100.94")
    assert c.status == "ok" and c.note is None


def test_seed_sakip_score_capaian():
    # Purwareja Klampok 2024: SAKIP "BB (72,10)" against "B (71,20)" -> 72,10 / 71,20 x 100 = 101,2640
    assert r2(capaian(D("71.20"), D("72.10"))) == D("101.26")


def test_no_cap_by_default():
    # 100,25% stays 100,25%
    assert capaian(D(80), D("80.2")).value == D("100.25")


def test_optional_cap_is_applied_and_said():
    c = capaian(D("1.25"), D("2.71"), batas_atas=D(100))
    assert c.value == D(100)
    assert c.status == "dibatasi"
    assert "dibatasi 100%" in c.note


def test_below_target():
    # Balapulang 2022, desa tertib administrasi: 15 against 20 -> 75%
    assert capaian(D(20), D(15)).value == D(75)


# --- negative polarity ---------------------------------------------------------------------------------------


def test_negative_default_formula():
    # (2T - R) / T: target 10 complaints, 8 received -> (20 - 8) / 10 = 120%
    assert capaian(D(10), D(8), "Negatif").value == D(120)
    # 12 received -> (20 - 12) / 10 = 80%
    assert capaian(D(10), D(12), "Negatif").value == D(80)


def test_negative_clamped_at_zero_with_a_note():
    # 25 received against 10: (20 - 25) / 10 = -50% -> 0 and said
    c = capaian(D(10), D(25), "Negatif")
    assert c.value == D(0)
    assert c.status == "dipotong-nol"
    assert c.note is not None


def test_negative_ratio_formula_setting():
    # T / R: 10 / 8 = 125%
    assert capaian(D(10), D(8), "Negatif", rumus_negatif="T/R").value == D(125)
    c = capaian(D(10), D(0), "Negatif", rumus_negatif="T/R")
    assert c.value is None and c.status == "tidak-terhitung"


# --- Tepat: 100 - |R - T| / T x 100, floored at 0 -----------------------------------------------------------


def test_tepat():
    assert capaian(D(100), D(95), "Tepat").value == D(95)
    assert capaian(D(100), D(105), "Tepat").value == D(95)
    assert capaian(D(100), D(100), "Tepat").value == D(100)
    c = capaian(D(10), D(25), "Tepat")
    assert c.value == D(0) and c.status == "dipotong-nol"


# --- zero targets ---------------------------------------------------------------------------------------------


def test_zero_target_zero_realisasi_is_100_with_a_note():
    # Balapulang 2022: "desa mandiri 0% -> 0%" printed as 100%
    c = capaian(D(0), D(0))
    assert c.value == D(100)
    assert c.status == "target-nol"
    assert "target 0" in c.note


def test_zero_target_positive():
    assert capaian(D(0), D(3)).value == D(100)


def test_zero_target_negative():
    assert capaian(D(0), D(0), "Negatif").value == D(100)
    c = capaian(D(0), D(2), "Negatif")
    assert c.value == D(0) and c.status == "target-nol" and c.note


# --- missing ---------------------------------------------------------------------------------------------------


def test_missing_realisasi_is_not_zero():
    c = capaian(D(80), None)
    assert c.value is None
    assert c.status == "belum-diisi"


def test_missing_target():
    c = capaian(None, D(80))
    assert c.value is None and c.status == "target-kosong"


@given(
    st.decimals(min_value=D("0.01"), max_value=D(10**6), places=2),
    st.decimals(min_value=D(0), max_value=D(10**6), places=2),
)
def test_positive_is_the_ratio_and_monotone(t, r):
    c = capaian(t, r)
    assert c.value == r / t * 100
    assert capaian(t, r + 1).value > c.value


@given(
    st.decimals(min_value=D("0.01"), max_value=D(10**4), places=2),
    st.decimals(min_value=D(0), max_value=D(10**4), places=2),
)
def test_negative_and_tepat_are_never_below_zero(t, r):
    assert capaian(t, r, "Negatif").value >= 0
    assert capaian(t, r, "Tepat").value >= 0
    assert capaian(t, r, "Tepat").value <= 100


# --- quarterly roll-up ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, agregasi, expected",
    [
        ([D(10), D(20), D(30), D(40)], "Kumulatif", D(100)),
        ([D(80), D(82), D(85), D(86)], "Nilai Akhir", D(86)),
        ([D(80), D(82), D(85), None], "Nilai Akhir", D(85)),  # the last quarter filled
        ([D(80), D(82), D(86), D(84)], "Rata-rata", D(83)),
        ([D(80), None, D(86), None], "Rata-rata", D(83)),
        ([None, None, None, None], "Kumulatif", None),
        ([D(1), D(2)], "", D(2)),  # default: nilai akhir
    ],
)
def test_rollup_triwulan(values, agregasi, expected):
    assert rollup_triwulan(values, agregasi) == expected


# --- comparisons ----------------------------------------------------------------------------------------------


def test_change_in_points_between_years():
    # Balapulang 2022: "laju peningkatan nilai IKM" 81 - 77,63 = 3,37 points
    p = perubahan(D(81), D("77.63"))
    assert p.poin == D("3.37")
    assert p.arah == "naik"
    # and in %: 3,37 / 77,63 x 100 = 4,3411%
    assert round_half_up(p.persen, 2) == D("4.34")


def test_change_down_and_unknown():
    assert perubahan(D(70), D(75)).arah == "turun"
    assert perubahan(D(70), D(70)).arah == "tetap"
    assert perubahan(D(70), None).poin is None
    assert perubahan(D(5), D(0)).persen is None  # no % change from zero, never a division error


def test_kemajuan_against_end_target():
    # Purwareja Klampok: IKM 86,30 against the RPD end target 85,58 -> 100,8413%
    assert r2(kemajuan(D("86.30"), D("85.58"))) == D("100.84")
    # SAKIP 72,10 against the end target BB (71,30) -> 101,1220%
    assert r2(kemajuan(D("72.10"), D("71.30"))) == D("101.12")
