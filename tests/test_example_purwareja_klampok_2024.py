"""The Purwareja Klampok 2024 example: every derived figure recomputed from the report's inputs.

Data: examples/data/purwareja-klampok-2024.yaml, transcribed from shared/seeds/purwareja-klampok-2024.txt
(audit: shared/reference/purwareja-klampok-2024.md). The expected values below were computed by hand from the
report's inputs; where the printed report shows a different derived value, the comment names its table.
Table names follow the YAML's header comment ("Tabel S1" = Bab III Sasaran 1 target/realisasi table, etc.).
"""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from examples_common import D, bud, eff, example_fixtures, grp, ind, prog, r2  # noqa: F401

from lkjip_xl.api import check

book, outcome, c = example_fixtures("purwareja-klampok-2024")


# The report's real contradictions, as validation reports them once the workbook is recomputed.
EXPECTED_ISSUES = [
    # no signatory name / NIP anywhere in the report (Kata Pengantar: "Banjarnegara, Januari 2025" only)
    ["profil-wajib-kosong", "Profil", "B9"],
    ["profil-wajib-kosong", "Profil", "B10"],
    # Status Dokumen is Final while the report's contradictions remain: said once, at Status Dokumen
    ["final-masih-error", "Profil", "B22"],
    # typed IKM 86,30 (Tabel S2, Tabel 19, Bab II.C) vs the unsur table: 30,600 / 9 × 25 = 85,00
    ["realisasi-ikm-beda-skm", "Kinerja", "D6"],
    # Program A realisasi 2.110.785.470 vs Σ 17 sub kegiatan 2.110.785.459 (Tabel Realisasi Anggaran)
    ["jumlah-induk-beda", "Anggaran", "I5"],
    # Kegiatan Administrasi Keuangan realisasi 1.611.182 vs Σ sub 1.611.891.182
    ["jumlah-induk-beda", "Anggaran", "I9"],
    # Kegiatan Penyediaan Jasa Penunjang realisasi 67.180.325 vs Σ sub 76.180.314 (narrative: 76.180.325)
    ["jumlah-induk-beda", "Anggaran", "I22"],
]


def q(x, places="0.01"):
    """Round half-up, as the report's figures are printed."""
    return Decimal(x).quantize(Decimal(places), rounding=ROUND_HALF_UP)


# --- indicators -----------------------------------------------------------------------------------------------


def test_sakip_capaian(c):
    i = ind(c, "1.1.1")
    assert (i.target, i.realisasi, i.realisasi_source) == (Decimal("71.20"), Decimal("72.10"), "diketik")
    assert i.target_text == "B (71,20)"
    # 72,10 / 71,20 = 101,264 %  (Tabel S1 printed 101,26 %; the Penutup printed 100,92 %)
    assert q(i.capaian.value) == Decimal("101.26")
    assert i.predikat == "Sangat Tinggi"  # Tabel S1 Keterangan "Sangat Tinggi"
    # vs RPD end target: 72,10 / 71,30 = 101,122 %  (Tabel S1 jangka menengah printed 101,12 %)
    assert i.target_akhir == Decimal("71.30")
    assert q(i.kemajuan.value) == Decimal("101.12")
    # vs 2023: 72,10 − 71,20 = +0,90 points ("Meningkat")
    assert i.realisasi_lalu == Decimal("71.20")
    assert i.perubahan.poin == Decimal("0.90") and i.perubahan.arah == "naik"
    assert [(h.tahun, h.realisasi) for h in i.history] == [(2022, Decimal("60.59")), (2023, Decimal("71.20"))]


def test_skm_ikm_is_computed_from_the_unsur(c):
    # (3,340 + 3,380 + 3,200 + 3,970 + 3,180 + 3,390 + 3,380 + 3,380 + 3,380) / 9 = 30,600 / 9 = 3,400;
    # × 25 = 85,00.  The unsur table printed "Rata-rata 3,352"; Bab III printed "3.452/9 × 25 = 86,30".
    assert c.ikm == Decimal("85.00")
    assert c.mutu == ("B", "Baik")  # 76,61–88,30 → B "Baik" (the report also says "Baik")
    assert [s.ikm for s in c.skm] == [Decimal("85.00")]


def test_skm_capaian(c):
    i = ind(c, "2.1.1")
    assert i.realisasi_source == "skm"
    assert i.realisasi == Decimal("85.00")
    assert i.rec.num("Realisasi") == Decimal("86.3")  # typed as printed; flagged (see EXPECTED_ISSUES)
    # 85,00 / 85,50 = 99,415 %  (Tabel S2 and Tabel 19 printed 100,94 % from 86,30; the Penutup printed 100 %)
    assert q(i.capaian.value) == Decimal("99.42")
    assert i.predikat == "Sangat Tinggi"
    # vs end target 85,80: 85,00 / 85,80 = 99,068 %  (Tabel S2 jangka menengah printed 100,58 % from 86,30)
    assert i.target_akhir == Decimal("85.80")
    assert q(i.kemajuan.value) == Decimal("99.07")
    # vs 2023 (85,39): 85,00 − 85,39 = −0,39 points (the report's comparison table says "Meningkat", from 86,30)
    assert i.realisasi_lalu == Decimal("85.39")
    assert i.perubahan.poin == Decimal("-0.39") and i.perubahan.arah == "turun"


def test_sasaran_and_overall(c):
    assert [g.code for g in c.groups] == ["1.1", "2.1"]
    # one indicator each: the sasaran capaian is that indicator's
    assert q(grp(c, "1.1").capaian) == Decimal("101.26")
    assert q(grp(c, "2.1").capaian) == Decimal("99.42")
    assert grp(c, "1.1").predikat == grp(c, "2.1").predikat == "Sangat Tinggi"
    # (101,2640 + 99,4152) / 2 = 100,3396 %  (the report prints no organisation-wide figure)
    assert q(c.overall) == Decimal("100.34")
    assert c.overall_predikat == "Sangat Tinggi"
    assert c.n_tercapai == 1  # SAKIP only; SKM 99,42 % < 100 %


# --- budget ---------------------------------------------------------------------------------------------------

# Serapan per row: realisasi / pagu × 100 from the tool's sums of sub kegiatan, against the % printed in the
# Tabel Realisasi Anggaran. Only two kegiatan differ: they are the ones whose typed realisasi is wrong.
PRINTED_SERAPAN = {
    "1": "95.12",  # 2.110.785.459 / 2.219.102.223 = 95,1189 (printed on 2.110.785.470: also 95,12)
    "1.01": "68.03",  # 2.041.000 / 3.000.000 = 68,0333
    "1.01.01": "42.00",  # 630.000 / 1.500.000
    "1.01.02": "94.07",  # 1.411.000 / 1.500.000 = 94,0667
    "1.02.01": "96.04",  # 1.589.071.682 / 1.654.591.471 = 96,0401
    "1.02.02": "98.59",  # 22.164.000 / 22.480.000 = 98,5943
    "1.02.03": "43.70",  # 655.500 / 1.500.000
    "1.03": "88.36",  # 142.121.050 / 160.847.200 = 88,3578
    "1.03.01": "100.00",
    "1.03.02": "97.44",  # 21.466.800 / 22.030.400 = 97,4417
    "1.03.03": "86.72",  # 118.654.750 / 136.817.300 = 86,7250
    "1.04": "94.08",  # 124.580.300 / 132.426.100 = 94,0753
    "1.04.01": "98.01",  # 23.525.000 / 24.003.000 = 98,0086
    "1.04.02": "97.53",  # 18.250.000 / 18.712.000 = 97,5310
    "1.04.03": "86.21",  # 33.655.300 / 39.039.100 = 86,2092
    "1.04.04": "97.00",  # 49.150.000 / 50.672.000 = 96,9964
    "1.05.01": "91.36",  # 12.972.781 / 14.200.000 = 91,3576
    "1.05.02": "92.32",  # 63.207.533 / 68.465.932 = 92,3197
    "1.06": "95.28",  # 153.971.613 / 161.591.520 = 95,2845
    "1.06.01": "85.49",  # 20.505.113 / 23.985.900 = 85,4882
    "1.06.02": "97.48",  # 110.745.100 / 113.612.120 = 97,4765
    "1.06.03": "94.70",  # 22.721.400 / 23.993.500 = 94,6981
    "2": "99.94",  # 103.755.000 / 103.815.000 = 99,9422 (Bab III narrative: pagu 103.915.000, same 99,94 %)
    "2.01": "99.94",
    "2.01.01": "99.20",  # 3.710.000 / 3.740.000 = 99,1979
    "2.01.02": "99.97",  # 100.045.000 / 100.075.000 = 99,9700
    "3": "95.05",  # 20.065.000 / 21.110.000 = 95,0497
    "3.01": "95.05",
    "3.01.01": "95.05",
    "4": "93.32",  # 23.076.600 / 24.728.600 = 93,3195
    "4.01": "93.32",
    "4.01.01": "92.31",  # 17.831.600 / 19.316.100 = 92,3147 (Pilkades; Bab III calls it "rata-rata 2 Program")
    "4.01.02": "96.91",  # 5.245.000 / 5.412.500 = 96,9053
}


def test_budget_structure(c):
    levels = [b.level for b in c.budget]
    # "4 (empat) program ... 9 (sembilan) kegiatan dan 22 (dua puluh dua) sub kegiatan" (Bab II.C)
    assert (levels.count("Program"), levels.count("Kegiatan"), levels.count("Sub Kegiatan")) == (4, 9, 22)


@pytest.mark.parametrize("code", sorted(PRINTED_SERAPAN))
def test_serapan_as_printed(c, code):
    assert q(bud(c, code).serapan) == Decimal(PRINTED_SERAPAN[code])


def test_serapan_where_the_report_is_wrong(c):
    b = bud(c, "1.02")
    # 1.589.071.682 + 22.164.000 + 655.500 = 1.611.891.182; / 1.678.571.471 = 96,028 %
    # (Tabel Realisasi Anggaran printed realisasi 1.611.182 and 0,10 %)
    assert (b.total.pagu, b.total.realisasi) == (1_678_571_471, 1_611_891_182)
    assert q(b.serapan) == Decimal("96.03")
    b = bud(c, "1.05")
    # 12.972.781 + 63.207.533 = 76.180.314; / 82.665.932 = 92,154 %
    # (Tabel Realisasi Anggaran printed 67.180.325 and 81,27 %; Bab III narrative 76.180.325)
    assert (b.total.pagu, b.total.realisasi) == (82_665_932, 76_180_314)
    assert q(b.serapan) == Decimal("92.15")


def test_program_totals(c):
    # Program A: Σ 17 sub kegiatan = 2.219.102.223 / 2.110.785.459 (printed realisasi 2.110.785.470)
    assert (bud(c, "1").total.pagu, bud(c, "1").total.realisasi) == (2_219_102_223, 2_110_785_459)
    assert (bud(c, "2").total.pagu, bud(c, "2").total.realisasi) == (103_815_000, 103_755_000)
    assert (bud(c, "3").total.pagu, bud(c, "3").total.realisasi) == (21_110_000, 20_065_000)
    assert (bud(c, "4").total.pagu, bud(c, "4").total.realisasi) == (24_728_600, 23_076_600)


def test_budget_totals(c):
    # 2.219.102.223 + 103.815.000 + 21.110.000 + 24.728.600 = 2.368.755.823 (Jumlah row: same)
    assert c.pagu == 2_368_755_823
    # 2.110.785.459 + 103.755.000 + 20.065.000 + 23.076.600 = 2.257.682.059 (Jumlah row printed 2.257.682.070)
    assert c.realisasi == 2_257_682_059
    # 2.257.682.059 / 2.368.755.823 = 95,3109 %  (printed 95,31 %; the Ikhtisar gives Program A's 95,12 % as
    # the kecamatan's)
    assert q(c.serapan) == Decimal("95.31")
    assert c.sisa == 2_368_755_823 - 2_257_682_059 == 111_073_764
    # 2023: 2.256.061.297 / 2.313.453.250 = 97,519 %  (Ikhtisar printed 97,52 %)
    hist = {y: (p, r, s) for y, p, r, s in c.budget_history}
    assert hist[2023][:2] == (2_313_453_250, 2_256_061_297)
    assert q(hist[2023][2]) == Decimal("97.52")
    assert hist[2024][:2] == (2_368_755_823, 2_257_682_059)


# --- efisiensi ------------------------------------------------------------------------------------------------


def test_efisiensi_sasaran_1(c):
    e = eff(c, "1.1")
    # Programs C + D (Tabel 12): pagu 21.110.000 + 24.728.600 = 45.838.600 (Tabel 12: same)
    assert e.pagu == 45_838_600
    # realisasi 20.065.000 + 23.076.600 = 43.141.600 (Tabel 12 printed 40.506.600)
    assert e.realisasi == 43_141_600
    # serapan 43.141.600 / 45.838.600 = 94,116 % (Tabel 12 printed 88,37 %; the narrative uses Pilkades' 92,31 %)
    assert q(e.serapan) == Decimal("94.12")
    # Selisih: 101,2640 − 94,1163 = 7,148 (the narrative printed 100 − 92,31 = 7,69)
    assert q(e.efisiensi.selisih) == Decimal("7.15")
    # Rasio: 101,2640 / 94,1163 = 1,0759
    assert q(e.efisiensi.rasio, "0.0001") == Decimal("1.0759")
    # Sisa anggaran (capaian ≥ 100): 100 − 94,1163 = 5,884
    assert q(e.efisiensi.sisa_anggaran) == Decimal("5.88")
    assert e.kesimpulan == "efisien"


def test_efisiensi_sasaran_2(c):
    e = eff(c, "2.1")
    # Programs A + B (Tabel 19): 2.219.102.223 + 103.815.000 = 2.322.917.223 (Tabel 19 printed 2.322.917.233)
    assert e.pagu == 2_322_917_223
    # 2.110.785.459 + 103.755.000 = 2.214.540.459 (Tabel 19 printed 2.214.540.470, the text 2.214.540.471)
    assert e.realisasi == 2_214_540_459
    # 2.214.540.459 / 2.322.917.223 = 95,334 % (Tabel 19 printed 95,53 %)
    assert q(e.serapan) == Decimal("95.33")
    # Selisih: 99,4152 − 95,3345 = 4,081; Rasio: 99,4152 / 95,3345 = 1,0428
    assert q(e.efisiensi.selisih) == Decimal("4.08")
    assert q(e.efisiensi.rasio, "0.0001") == Decimal("1.0428")
    assert e.efisiensi.sisa_anggaran is None  # capaian 99,42 % < 100 %: not counted
    assert e.kesimpulan == "efisien"  # Selisih > 0


def test_efisiensi_keseluruhan(c):
    e = c.efisiensi[-1]
    assert e.uraian == "Keseluruhan" and len(c.efisiensi) == 3
    assert (e.pagu, e.realisasi) == (2_368_755_823, 2_257_682_059)
    # 100,3396 − 95,3109 = 5,029; 100,3396 / 95,3109 = 1,0528; 100 − 95,3109 = 4,689
    assert q(e.efisiensi.selisih) == Decimal("5.03")
    assert q(e.efisiensi.rasio, "0.0001") == Decimal("1.0528")
    assert q(e.efisiensi.sisa_anggaran) == Decimal("4.69")
    assert e.kesimpulan == "efisien"


# --- profile data and validation ------------------------------------------------------------------------------


def test_profile_data(outcome):
    wb = outcome.workbook
    assert wb.prof("Dokumen Perencanaan") == "RPD" and wb.years == (2023, 2024, 2025, 2026)
    assert [r.get("No") for r in wb.rows("Desa")] == list(range(1, 9))
    # 10 PNS (1 + 1 + 2 + 2 eselon, 4 staf) and 3 THL (Bab I.A.2)
    by_status = {}
    for r in wb.rows("Pegawai"):
        by_status[r.get("Status")] = by_status.get(r.get("Status"), 0) + r.get("Jumlah", 1)
    assert by_status == {"PNS": 10, "Non ASN": 3}


def test_issues_after_recompute(book, outcome):
    assert outcome.result.flatten() == EXPECTED_ISSUES
    assert check(book).result.flatten() == EXPECTED_ISSUES
