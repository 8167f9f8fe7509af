"""The Bantarbolang 2023 example (examples/data/bantarbolang-2023.yaml): every derived figure recomputed from the
report's inputs, against hand arithmetic, and the exact list of contradictions validation finds.

Source: shared/seeds/bantarbolang-2023.txt; audit: shared/reference/bantarbolang-2023.md. Percentages are
compared rounded half-up to 2 decimals. Where the printed report shows another derived value, the comment names
the table. One sasaran ("Meningkatnya pelayanan kecamatan") with two PK indicators: 1.1.1 IKM, 1.1.2 Cakupan
layanan kecamatan; six programs, 53 sub kegiatan; the only realisasi anggaran printed is the total (Tabel 3.6).
"""



from examples_common import D, bud, eff, example_fixtures, grp, ind, prog, r2  # noqa: F401

from lkjip_xl.api import check
from lkjip_xl.compute.predikat import predikat

book, outcome, c = example_fixtures("bantarbolang-2023")



# --- indicators -------------------------------------------------------------------------------------------------


def test_pk_indicators_are_the_two_of_the_pk_perubahan(c):
    assert [i.code for i in c.indicators] == ["1.1.1", "1.1.2"]
    assert all(i.perubahan_pk for i in c.indicators)  # Lampiran: PK Perubahan, 23 Oktober 2023
    assert [i.target for i in c.indicators] == [D("82"), D("94.69")]
    assert [i.realisasi for i in c.indicators] == [D("82.94"), D("83.20")]
    assert [i.realisasi_source for i in c.indicators] == ["diketik", "diketik"]


def test_capaian_ikm(c):
    i = ind(c, "1.1.1")
    # 82,94 / 82 = 101,146 %  (Ikhtisar, Tabel 3.2, Tabel 3.3 and the narrative: 101,15 — agrees)
    assert r2(i.capaian.value) == D("101.15")
    assert i.capaian.status == "ok"
    assert i.predikat == "Sangat Tinggi"  # ≥ 93,51 (Tabel 3.1)


def test_capaian_cakupan_layanan(c):
    i = ind(c, "1.1.2")
    # 83,20 / 94,69 = 87,8657 % → 87,87 half-up. Ikhtisar, Tabel 3.2 and Tabel 3.5 print 87,86% (truncated).
    assert r2(i.capaian.value) == D("87.87")
    # 81,26 ≤ 87,87 < 88,75 → Sedang (Tabel 3.1). Bab IV prints "capaian kinerja 87,86%, kategori Sangat Tinggi".
    assert i.predikat == "Sedang"


def test_capaian_against_renstra_end_target(c):
    # IKM: 82,94 / 99,73 = 83,1645 % → 83,16 (narrative Sasaran 1: 83,16 — agrees; Tabel 3.2 "KINERJA s/d 2023"
    # prints 101,15, Tabel 3.3 "Kinerja s.d. 2023" prints 82,94)
    assert ind(c, "1.1.1").target_akhir == D("99.73")
    assert r2(ind(c, "1.1.1").kemajuan.value) == D("83.16")
    # Cakupan: 83,20 / 96,47 = 86,2444 % → 86,24 (Tabel 3.2 prints 87,86%, Tabel 3.5 prints 83,20%)
    assert ind(c, "1.1.2").target_akhir == D("96.47")
    assert r2(ind(c, "1.1.2").kemajuan.value) == D("86.24")


def test_comparison_with_2022(c):
    # Tabel 3.3 / 3.5 print the 2020–2022 realisasi but no comparison; no earlier targets are printed.
    ikm, cak = ind(c, "1.1.1"), ind(c, "1.1.2")
    assert [(h.tahun, h.realisasi) for h in ikm.history] == [(2020, D("78")), (2021, D("81.56")), (2022, D("80.63"))]
    assert [(h.tahun, h.realisasi) for h in cak.history] == [(2020, None), (2021, D("96.32")), (2022, D("81.12"))]  # 2020: "NA"
    # IKM: 82,94 − 80,63 = 2,31 points; 2,31 / 80,63 = 2,865 %
    assert ikm.perubahan.poin == D("2.31") and r2(ikm.perubahan.persen) == D("2.86") and ikm.perubahan.arah == "naik"
    # Cakupan: 83,20 − 81,12 = 2,08 points; 2,08 / 81,12 = 2,564 %
    assert cak.perubahan.poin == D("2.08") and r2(cak.perubahan.persen) == D("2.56")
    assert ikm.capaian_lalu is None and cak.capaian_lalu is None  # no 2022 target printed


def test_ikm_semesters_contradict_the_typed_year(c):
    # "IKM ... Semester 1 adalah sebesar 82,61 sedangkan pada Semester 2 sebesar 82,94" and the yearly IKM is their
    # mean: (82,61 + 82,94) / 2 = 82,775 → 82,78. The report prints 82,94 (Tabel 3.2, 3.3, Ikhtisar, narrative).
    i = ind(c, "1.1.1")
    assert r2(i.realisasi_triwulan) == D("82.78")
    assert i.realisasi == D("82.94")  # the typed table value is the one used, and flagged (see the issue list)
    # capaian had the rule been followed: 82,775 / 82 = 100,945 % (printed nowhere)
    assert r2(i.realisasi_triwulan / i.target * 100) == D("100.95")


# --- aggregates -------------------------------------------------------------------------------------------------


def test_sasaran_aggregate(c):
    assert [g.code for g in c.groups] == ["1.1"]
    g = grp(c, "1.1")
    assert g.n_terisi == 2
    # (101,1463 + 87,8657) / 2 = 94,506 % → 94,51. Bab III splits the sasaran into "Sasaran 1" (Tabel 3.3:
    # 101,15) and "Sasaran 2" (Tabel 3.5: 87,86%); the PK has one sasaran with both indicators.
    assert r2(g.capaian) == D("94.51")
    assert g.predikat == "Sangat Tinggi"  # 94,51 ≥ 93,51


def test_overall_and_predikat(c):
    assert c.settings.metode_agregasi == "Rata-rata Indikator"  # "Metode Rata-rata Data Kelompok"
    assert c.settings.batas_atas is None
    # mean over the PK indicators: (101,1463 + 87,8657) / 2 = 94,506 % → 94,51, Sangat Tinggi (≥ 93,51).
    # Ikhtisar: "Sangat Tinggi/ Sangat Berhasil" (agrees, though no figure is printed); Bab IV: "capaian kinerja
    # 87,86%, kategori Sangat Tinggi" (the figure is one indicator's, and 87,86 is Sedang on Tabel 3.1).
    assert r2(c.overall) == D("94.51")
    assert c.overall_predikat == "Sangat Tinggi"
    assert c.n_tercapai == 1  # only the IKM reached 100 %


def test_skala_is_the_reports_own(c):
    # Tabel 3.1 as printed, with its four 0,01-wide gaps (flagged; see the issue list)
    assert [(b.lower, b.upper, b.label) for b in c.skala] == [
        (D("93.51"), None, "Sangat Tinggi"),
        (D("88.76"), D("93.50"), "Tinggi"),
        (D("81.26"), D("88.75"), "Sedang"),
        (D("75.51"), D("81.25"), "Rendah"),
        (D("0"), D("75.50"), "Sangat Rendah"),
    ]
    assert predikat(D("93.505"), c.skala) is None  # a capaian in a gap gets no predikat
    assert predikat(D("75.50"), c.skala) is None


# --- budget -----------------------------------------------------------------------------------------------------


PROGRAM_PAGU = {
    # 6.212.970 + 1.943.200.500 + 879.000 + 750.000 + 127.030.300 + 58.661.000 + 242.456.000 + 81.447.000
    # (Tabel 2.5, Tabel 2.2 and the PK Sekretaris total: 2.460.636.770; the PK Camat prints 2.460.836.770)
    "1": 2_460_636_770,
    "2": 445_000 + 1_135_000 + 467_500,  # 2.047.500 (Tabel 2.5 agrees)
    "3": 15_050_000 + 905_000,  # 15.955.000
    "4": 740_000 + 890_000,  # 1.630.000
    "5": 38_022_000 + 520_000 + 445_000 + 450_000,  # 39.437.000 (Tabel 2.5 agrees)
    "6": 5 * 459_580 + 463_080,  # 2.760.980
}


def test_program_pagu_are_sums_of_sub_kegiatan(c):
    for code, pagu in PROGRAM_PAGU.items():
        b = bud(c, code)
        assert b.total.from_children
        assert b.total.pagu == pagu, code
        assert b.total.typed_pagu == pagu, code  # Tabel 2.5 agrees with its sub kegiatan everywhere
    subs = [b for b in c.budget if b.level == "Sub Kegiatan"]
    assert len(subs) == 53  # 21 + 11 + 8 + 7 + 2 + 4 rows in the six lower PKs
    # a kegiatan whose perubahan differs from the murni: 7.330.000 + 3.102.500 + 1.120.000 + 56.528.800
    # + 1.000.000 + 3.000.000 + 54.949.000 = 127.030.300
    assert bud(c, "1.05").total.pagu == 127_030_300


def test_budget_totals(c):
    # Σ programs = 2.522.467.250 (Tabel 2.2, Tabel 2.5 "Setelah Perubahan", Tabel 3.6, PK Camat total — all agree)
    assert c.pagu == sum(PROGRAM_PAGU.values()) == 2_522_467_250
    # no realisasi per program, kegiatan or sub kegiatan is printed: serapan and sisa are not computable
    assert c.realisasi is None and c.serapan is None and c.sisa is None


def test_program_serapan_not_computable(c):
    # The report prints no realisasi per program (only the OPD total of Tabel 3.6), so no program has a serapan.
    for code in PROGRAM_PAGU:
        b = bud(c, code)
        assert b.total.realisasi is None and b.serapan is None and b.sisa is None, code


def test_this_years_total_serapan_from_tabel_3_6(c):
    # Tabel 3.6: 2.469.406.335 / 2.522.467.250 = 97,8965 % → 97,90 (agrees); Bab IV prints "capaian anggaran 92,90%".
    assert [(y, p, q, r2(s)) for y, p, q, s in c.budget_history] == [
        (2023, 2_522_467_250, 2_469_406_335, D("97.90"))
    ]


def test_pagu_murni_totals(c):
    # Tabel 2.5 "Sebelum Perubahan": program I = 6.212.970 + 1.970.146.000 + 879.000 + 750.000 + 122.480.300
    # + 16.521.000 + 309.268.000 + 81.447.000 = 2.507.704.270; total 2.544.412.750 (Bab II.C agrees:
    # Belanja Operasi 2.526.771.750 + Belanja Modal 17.641.000). Sub kegiatan murni amounts are not printed.
    assert bud(c, "1").total.pagu_murni == 2_507_704_270
    assert bud(c, "5").total.pagu_murni == 14_315_000
    assert c.pagu_murni == 2_544_412_750


# --- efisiensi --------------------------------------------------------------------------------------------------


def test_efisiensi_overall_row(c):
    # The report promises efisiensi per sasaran (Bab III.B) but prints only the serapan; with no realisasi in the
    # budget table the tool cannot compute one either. (From the Tabel 3.6 total it would be Selisih
    # 94,51 − 97,90 = −3,39, Rasio 94,51 / 97,90 = 0,965: tidak efisien — but that total is not per program.)
    e = eff(c, "")
    assert e.uraian == "Keseluruhan"
    assert r2(e.capaian) == D("94.51")
    assert e.pagu == 2_522_467_250
    assert e.realisasi is None and e.serapan is None
    assert (e.efisiensi.selisih, e.efisiensi.rasio, e.efisiensi.sisa_anggaran) == (None, None, None)
    assert e.kesimpulan == "belum tersedia"


def test_efisiensi_sasaran_row_pagu(c):
    # all six programs support sasaran 1.1 (Tabel 2.2; Tabel 3.6 budgets the sasaran at 2.522.467.250)
    e = eff(c, "1.1")
    assert r2(e.capaian) == D("94.51")
    assert e.pagu == 2_522_467_250


def test_efisiensi_sasaran_row_without_realisasi(c):
    e = eff(c, "1.1")
    assert e.realisasi is None and e.serapan is None
    assert e.efisiensi.selisih is None
    assert e.kesimpulan == "belum tersedia"


# --- validation -------------------------------------------------------------------------------------------------


# Every issue is a contradiction of the printed report (audit §4.1 no. 1 and §3.3):
EXPECTED_ISSUES = [
    # Status Dokumen is Final while the report's contradictions remain: said once, at Status Dokumen
    ["final-masih-error", "Profil", "B22"],
    # Bab I lists "Sambeng" twice among its desa (the 17th name is unknown)
    ["desa-ganda", "Desa", "B20"],
    # Tabel 2.1 lists Nilai AKIP (1.1.3) and Persentase penyerapan Anggaran (1.1.4), which no PK measures
    ["indikator-renstra-tanpa-pk", "Renstra", "H7"],
    ["indikator-renstra-tanpa-pk", "Renstra", "H8"],
    # IKM typed 82,94 vs the mean of its semesters (82,61 + 82,94) / 2 = 82,78
    ["realisasi-beda-triwulan", "Kinerja", "D5"],
    # Tabel 3.1 leaves 93,50–93,51, 88,75–88,76, 81,25–81,26 and 75,50–75,51 without a predikat
    ["skala-celah", "Skala", "A5"],
    ["skala-celah", "Skala", "A6"],
    ["skala-celah", "Skala", "A7"],
    ["skala-celah", "Skala", "A8"],
]


def test_issue_list_after_recompute(outcome, book):
    assert outcome.result.flatten() == EXPECTED_ISSUES
    # the recomputed file reads back the same, without any staleness notice
    assert check(book).result.flatten() == EXPECTED_ISSUES
    assert [i.severity for i in outcome.result.issues] == ["warning"] * 5 + ["error"] * 4
