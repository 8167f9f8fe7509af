"""Budget roll-up, serapan, sisa, efisiensi and IKM: exact money, hand-computed figures."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lkjip_xl.compute.anggaran import BudgetLine, rollup, serapan, sisa
from lkjip_xl.compute.efisiensi import RASIO, SELISIH, SISA_ANGGARAN, efisiensi, verdict
from lkjip_xl.compute.ikm import ikm, ikm_tahunan, mutu
from lkjip_xl.fmt import round_half_up

D = Decimal


def line(key, code, parent="", level="Sub Kegiatan", pagu=None, realisasi=None, murni=None):
    return BudgetLine(key, code, parent, level, murni, pagu, realisasi)


# Purwareja Klampok 2024, Bab III.B, kegiatan 1.01 and 1.02 with their sub kegiatan
PK_LINES = [
    line(0, "1", level="Program", pagu=2219102223, realisasi=2110785470),
    line(1, "1.01", "1", "Kegiatan", 3000000, 2041000),
    line(2, "1.01.01", "1.01", pagu=1500000, realisasi=630000),
    line(3, "1.01.02", "1.01", pagu=1500000, realisasi=1411000),
    line(4, "1.02", "1", "Kegiatan", 1678571471, 1611182),  # printed realisasi: a digit group lost
    line(5, "1.02.01", "1.02", pagu=1654591471, realisasi=1589071682),
    line(6, "1.02.02", "1.02", pagu=22480000, realisasi=22164000),
    line(7, "1.02.03", "1.02", pagu=1500000, realisasi=655500),
]


def test_children_sum_to_kegiatan_and_program_exactly():
    r = rollup(PK_LINES)
    # 1.01: 1.500.000 + 1.500.000 = 3.000.000; 630.000 + 1.411.000 = 2.041.000 (agrees with the typed total)
    t = r.totals[1]
    assert (t.pagu, t.realisasi, t.from_children) == (3000000, 2041000, True)
    # 1.02: 1.654.591.471 + 22.480.000 + 1.500.000 = 1.678.571.471;
    #       1.589.071.682 + 22.164.000 + 655.500 = 1.611.891.182 (the report printed 1.611.182)
    t = r.totals[4]
    assert (t.pagu, t.realisasi) == (1678571471, 1611891182)
    assert t.typed_realisasi == 1611182
    # program = its two kegiatan here: 3.000.000 + 1.678.571.471; 2.041.000 + 1.611.891.182
    t = r.totals[0]
    assert (t.pagu, t.realisasi) == (1681571471, 1613932182)
    assert (r.grand.pagu, r.grand.realisasi) == (1681571471, 1613932182)
    assert isinstance(r.grand.pagu, int) and isinstance(r.grand.realisasi, int)
    assert r.orphans == r.cycles == r.duplicates == ()
    # a leaf keeps its own amounts
    assert (r.totals[2].pagu, r.totals[2].from_children) == (1500000, False)


def test_pagu_murni_rolls_up_separately():
    lines = [
        line(0, "P", level="Program"),
        line(1, "P.1", "P", pagu=100, realisasi=90, murni=120),
        line(2, "P.2", "P", pagu=50, realisasi=None, murni=None),
    ]
    t = rollup(lines).totals[0]
    # P.2 has no Pagu Murni: unchanged by the perubahan, so its murni is its pagu: 120 + 50
    assert (t.pagu_murni, t.pagu, t.realisasi) == (170, 150, 90)
    assert t.murni_explicit


def test_without_any_pagu_murni_the_murni_is_the_pagu():
    lines = [line(0, "P", level="Program"), line(1, "P.1", "P", pagu=100, realisasi=90)]
    r = rollup(lines)
    assert (r.totals[0].pagu_murni, r.totals[0].murni_explicit) == (100, False)
    assert (r.grand.pagu_murni, r.grand.murni_explicit) == (100, False)


def test_orphans_duplicates_and_cycles_do_not_vanish_nor_double():
    lines = [
        line(0, "1", level="Program"),
        line(1, "1.01", "1", pagu=100, realisasi=80),
        line(2, "1.01", "1", pagu=999, realisasi=999),  # duplicate code: reported, not counted
        line(3, "9.01", "9", pagu=40, realisasi=40),  # parent 9 does not exist: orphan, still in the total
        line(4, "A", "B", pagu=7, realisasi=7),
        line(5, "B", "A", pagu=3, realisasi=3),  # A <-> B cycle
    ]
    r = rollup(lines)
    assert r.duplicates == (2,)
    assert r.orphans == (3,)
    assert r.cycles == (4, 5)
    # 100 (program 1) + 40 (orphan) + 7 + 3 (cycle members counted once each)
    assert r.grand.pagu == 150
    assert r.grand.realisasi == 130


def test_serapan_seed_figure():
    # Purwareja Klampok 2024, Program Penunjang as printed: 2.110.785.470 / 2.219.102.223 = 95,1189%
    assert round_half_up(serapan(2219102223, 2110785470), 2) == D("95.12")
    # Balapulang 2022, Tabel 3.13: 40.838.500 / 42.580.000 = 95,9101% ; 41.883.000 / 42.363.000 = 98,8669%
    assert round_half_up(serapan(42580000, 40838500), 2) == D("95.91")
    assert round_half_up(serapan(42363000, 41883000), 2) == D("98.87")  # the report truncated to 98,86


def test_serapan_and_sisa_edge_cases():
    assert serapan(0, 0) is None
    assert serapan(None, 5) is None
    assert serapan(100, None) is None
    assert sisa(2219102223, 2110785470) == 108316753
    assert sisa(100, None) is None
    assert sisa(100, 120) == -20


@given(st.lists(st.tuples(st.integers(0, 10**11), st.integers(0, 10**11)), min_size=1, max_size=30))
def test_rollup_is_exact_for_any_amounts(amounts):
    lines = [line(0, "P", level="Program")]
    lines += [line(i + 1, f"P.{i}", "P", pagu=p, realisasi=r) for i, (p, r) in enumerate(amounts)]
    t = rollup(lines).totals[0]
    assert t.pagu == sum(p for p, _ in amounts)
    assert t.realisasi == sum(r for _, r in amounts)


# --- efisiensi -----------------------------------------------------------------------------------------------


def test_efisiensi_selisih_seed():
    # Purwareja Klampok 2024: capaian 100 - serapan 92,31 = 7,69 -> efisien
    e = efisiensi(D(100), D("92.31"))
    assert e.selisih == D("7.69")
    assert verdict(e, SELISIH) is True
    # rasio 100 / 92,31 = 1,0833
    assert round_half_up(e.rasio, 4) == D("1.0833")
    assert verdict(e, RASIO) is True
    # sisa anggaran counts only because capaian reached 100: 100 - 92,31 = 7,69
    assert e.sisa_anggaran == D("7.69")
    assert verdict(e, SISA_ANGGARAN) is True


def test_efisiensi_not_efficient():
    e = efisiensi(D(90), D(95))
    assert e.selisih == D(-5)
    assert verdict(e, SELISIH) is False
    assert round_half_up(e.rasio, 4) == D("0.9474")
    assert verdict(e, RASIO) is False
    assert e.sisa_anggaran is None  # capaian below 100: unspent money is not efficiency
    assert verdict(e, SISA_ANGGARAN) is None


def test_efisiensi_missing():
    e = efisiensi(None, D(90))
    assert (e.selisih, e.rasio, e.sisa_anggaran) == (None, None, None)
    assert verdict(e, SELISIH) is None


# --- IKM -----------------------------------------------------------------------------------------------------


def test_ikm_from_nine_unsur():
    # NRR 3,2 / 3,4 / 3,5 / 4,0 / 3,3 / 3,6 / 3,7 / 3,1 / 3,0 : sum 30,8 / 9 x 25 = 85,5556
    nrr = [D(x) for x in ("3.2", "3.4", "3.5", "4.0", "3.3", "3.6", "3.7", "3.1", "3.0")]
    v = ikm(nrr)
    assert round_half_up(v, 2) == D("85.56")
    assert mutu(v) == ("B", "Baik")
    assert ikm(nrr[:8]) is None
    assert ikm([*nrr[:8], None]) is None


def test_ikm_all_fours_is_100():
    assert ikm([D(4)] * 9) == D(100)
    assert mutu(D(100)) == ("A", "Sangat Baik")


def test_mutu_boundaries():
    # PermenPAN-RB 14/2017 intervals on the 2-decimal value
    assert mutu(D("88.31")) == ("A", "Sangat Baik")
    assert mutu(D("88.305")) == ("A", "Sangat Baik")  # rounds half-up to 88,31
    assert mutu(D("88.30")) == ("B", "Baik")
    assert mutu(D("76.61")) == ("B", "Baik")
    assert mutu(D("76.60")) == ("C", "Kurang Baik")
    assert mutu(D("65.00")) == ("C", "Kurang Baik")
    assert mutu(D("64.99")) == ("D", "Tidak Baik")
    assert mutu(D("25.00")) == ("D", "Tidak Baik")
    assert mutu(D("24.99")) is None
    assert mutu(None) is None


def test_ikm_tahunan():
    # Bantarbolang 2023: (82,61 + 82,94) / 2 = 82,775 -> 82,78 (the report printed 82,94, the second semester)
    v = ikm_tahunan([D("82.61"), D("82.94")])
    assert round_half_up(v, 2) == D("82.78")
    # weighted by respondents: (80 x 100 + 90 x 300) / 400 = 87,5
    assert ikm_tahunan([D(80), D(90)], [100, 300]) == D("87.5")
    assert ikm_tahunan([None, D(90)]) == D(90)
    assert ikm_tahunan([]) is None


def test_parent_keeps_its_own_amount_where_children_have_none():
    # Bantarbolang 2023: Pagu Murni typed per kegiatan, Pagu and Realisasi per sub kegiatan
    lines = [
        line(0, "1", level="Program"),
        line(1, "1.01", "1", "Kegiatan", murni=6212970),
        line(2, "1.01.01", "1.01", pagu=6000000, realisasi=5900000),
        line(3, "1.02", "1", "Kegiatan", murni=879000),
        line(4, "1.02.01", "1.02", pagu=900000, realisasi=None),
    ]
    r = rollup(lines)
    assert (r.totals[1].pagu_murni, r.totals[1].pagu, r.totals[1].realisasi) == (6212970, 6000000, 5900000)
    # program: 6.212.970 + 879.000 murni; 6.000.000 + 900.000 pagu; realisasi only where known
    assert (r.totals[0].pagu_murni, r.totals[0].pagu, r.totals[0].realisasi) == (7091970, 6900000, 5900000)
