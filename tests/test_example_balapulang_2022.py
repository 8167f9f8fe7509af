"""The Balapulang 2022 example (examples/data/balapulang-2022.yaml): every derived figure recomputed from the
report's inputs, against hand arithmetic, and the exact list of contradictions validation finds.

Source: shared/seeds/balapulang-2022.txt; audit: shared/reference/balapulang-2022.md. Percentages are compared
rounded half-up to 2 decimals. Where the printed report shows another derived value, the comment names the table.
"""



from examples_common import D, bud, eff, example_fixtures, grp, ind, prog, r2  # noqa: F401

from lkjip_xl.api import check

book, outcome, c = example_fixtures("balapulang-2022")



# --- indicators -------------------------------------------------------------------------------------------------


def test_indicator_capaian(c):
    assert [i.code for i in c.indicators] == ["1.0.1", "1.1.1", "1.2.1", "1.2.2"]
    # Laju peningkatan nilai IKM: realisasi 82,00 - 79,29 = 2,71 (Tabel 3.6 levels); 2,71 / 1,25 = 216,80 %
    # (Tabel 3.2 printed 100% from realisasi 1,25; Tabel 3.5 and 3.12 printed 269,6% from 3,37 / 1,25)
    i = ind(c, "1.0.1")
    assert (i.target, i.realisasi) == (D("1.25"), D("2.71"))
    assert r2(i.capaian.value) == D("216.80")
    assert i.predikat == "Sangat Tinggi"
    # Desa tertib administrasi: 20 / 20 = 100 % (Tabel 3.2 printed 100% from 10,00 / 10; Tabel 3.5 298,6% from 44,79 / 15)
    i = ind(c, "1.1.1")
    assert r2(i.capaian.value) == D("100.00")
    assert i.predikat == "Sangat Tinggi"
    # Desa maju: realisasi 1 / 20 x 100 = 5 % (SS3 formula block); 5 / 5 = 100 % (Tabel 3.2 printed 100%)
    i = ind(c, "1.2.1")
    assert i.realisasi_source == "pembilang"
    assert r2(i.realisasi) == D("5.00")
    assert r2(i.capaian.value) == D("100.00")
    assert i.predikat == "Sangat Tinggi"
    # Desa mandiri: realisasi 0 / 20 x 100 = 0 %; against the PK Perubahan target 5: 0 / 5 = 0 %, Sangat Rendah
    # (Tabel 3.2 printed 100% "Sangat Tinggi" against a target of 0, the 0/0 convention)
    i = ind(c, "1.2.2")
    assert i.realisasi_source == "pembilang"
    assert (i.target, r2(i.realisasi)) == (D(5), D("0.00"))
    assert r2(i.capaian.value) == D("0.00")
    assert i.predikat == "Sangat Rendah"
    assert all(i.perubahan_pk for i in c.indicators)


def test_previous_year_and_end_target(c):
    # Tabel 3.3, 2021: -1,5 / -1,5 = 100; 10 / 10 = 100; 0 / 0 -> 100 (target 0, realisasi 0) twice;
    # all four printed 100 in Tabel 3.3
    assert [(i.realisasi_lalu, r2(i.capaian_lalu)) for i in c.indicators] == [
        (D("-1.5"), D("100.00")),
        (D(10), D("100.00")),
        (D(0), D("100.00")),
        (D(0), D("100.00")),
    ]
    # against the Renstra 2024 target of the same increment (Tabel 2.1): 2,71 / 1 = 271 %; 20 / 20; 5 / 5;
    # 0 against 0 -> 100. (Tabel 3.4 compares LEVELS instead: 82,00 / 83,79 printed "82,00%", = 97,86 %.)
    assert [r2(i.kemajuan.value) for i in c.indicators] == [D("271.00"), D("100.00"), D("100.00"), D("100.00")]


# --- aggregates -------------------------------------------------------------------------------------------------


def test_sasaran_aggregates_capped_at_100(c):
    assert c.settings.batas_atas == D(100)
    assert c.settings.metode_agregasi == "Rata-rata Sasaran"
    assert [(g.code, g.kind, g.n_terisi) for g in c.groups] == [
        ("1", "Tujuan", 1),
        ("1.1", "Sasaran", 1),
        ("1.2", "Sasaran", 2),
    ]
    # tujuan/sasaran strategis 1: min(216,80; 100) = 100
    assert (r2(grp(c, "1").capaian), grp(c, "1").predikat) == (D("100.00"), "Sangat Tinggi")
    # sasaran 1.1: 100
    assert (r2(grp(c, "1.1").capaian), grp(c, "1.1").predikat) == (D("100.00"), "Sangat Tinggi")
    # sasaran 1.2: (100 + 0) / 2 = 50,00, below 51: Sangat Rendah
    assert (r2(grp(c, "1.2").capaian), grp(c, "1.2").predikat) == (D("50.00"), "Sangat Rendah")


def test_overall_reproduces_the_ikhtisar(c):
    # (100 + 100 + 50) / 3 = 83,33 % -> Tinggi (76 <= x < 91).
    # Ikhtisar printed "83%" (the only overall figure that is reproducible); Kesimpulan printed 84,79% "sangat
    # berhasil", Tabel 3.4 "Rata-rata Capaian 65,00%", the prose after it 51,26%.
    assert r2(c.overall) == D("83.33")
    assert c.overall_predikat == "Tinggi"
    assert c.n_tercapai == 3


# --- budget -----------------------------------------------------------------------------------------------------


def test_program_totals_and_serapan(c):
    # Program I: pagu 7.470.000 + 1.072.042.100 + 53.525.000 + 15.775.000 + 134.767.800 + 74.445.800 = 1.358.025.700
    # realisasi 3.912.500 + 953.144.034 + 43.223.100 + 15.550.000 + 125.954.248 + 72.716.846 = 1.214.500.728
    # (Tabel 3.15 printed 1.243.066.628); serapan 1.214.500.728 / 1.358.025.700 = 89,43 % (Tabel 3.15 printed 91,53)
    p = prog(c, "1")
    assert (p.total.pagu, p.total.realisasi) == (1_358_025_700, 1_214_500_728)
    assert r2(p.serapan) == D("89.43")
    # Program II: 20.000.000 + 6.357.500 = 26.357.500; 19.272.450 + 6.088.500 = 25.360.950;
    # 25.360.950 / 26.357.500 = 96,2191 -> 96,22 (Tabel 3.15 printed 96,21, truncated)
    p = prog(c, "2")
    assert (p.total.pagu, p.total.realisasi) == (26_357_500, 25_360_950)
    assert r2(p.serapan) == D("96.22")
    # Program III: 91.129.500 / 93.519.500 = 97,44 (printed 97,44)
    assert r2(prog(c, "3").serapan) == D("97.44")
    # Program IV: 40.838.500 / 42.580.000 = 95,91 (printed 95,91)
    assert r2(prog(c, "4").serapan) == D("95.91")
    # Program V: 41.883.000 / 42.363.000 = 98,8669 -> 98,87 (printed 98,86, truncated)
    assert r2(prog(c, "5").serapan) == D("98.87")
    # Program VI: 2.500.000 / 2.500.000 = 100 (printed 100)
    assert r2(prog(c, "6").serapan) == D("100.00")


def test_kegiatan_serapan(c):
    # Tabel 3.13 / 3.15 print these truncated (52,37; 88,90; 97,67; 95,76; 98,86); half-up shown here.
    expected = {
        "1.01": "52.38",  # 3.912.500 / 7.470.000 = 52,3762
        "1.02": "88.91",  # 953.144.034 / 1.072.042.100 = 88,9092
        "1.03": "80.75",  # 43.223.100 / 53.525.000 = 80,7531
        "1.04": "98.57",  # 15.550.000 / 15.775.000 = 98,5737 (both tables printed 98,69)
        "1.05": "93.46",  # 125.954.248 / 134.767.800 = 93,4602
        "1.06": "97.68",  # 72.716.846 / 74.445.800 = 97,6776
        "2.01": "96.36",  # 19.272.450 / 20.000.000 = 96,3623
        "2.02": "95.77",  # 6.088.500 / 6.357.500 = 95,7688
        "3.01": "97.44",  # 91.129.500 / 93.519.500 = 97,4444
        "4.01": "95.91",  # 40.838.500 / 42.580.000 = 95,9101
        "5.01": "98.87",  # 41.883.000 / 42.363.000 = 98,8669
        "6.01": "100.00",  # 2.500.000 / 2.500.000
    }
    assert {b.code: str(r2(b.serapan)) for b in c.budget if b.level == "Kegiatan"} == expected


def test_budget_totals(c):
    # 1.358.025.700 + 26.357.500 + 93.519.500 + 42.580.000 + 42.363.000 + 2.500.000 = 1.565.345.700 (printed alike)
    assert c.pagu == 1_565_345_700
    # 1.214.500.728 + 25.360.950 + 91.129.500 + 40.838.500 + 41.883.000 + 2.500.000 = 1.416.212.678
    # (Tabel 3.13/3.15 printed 1.417.911.578; the printed program rows add up to 1.444.778.578)
    assert c.realisasi == 1_416_212_678
    # 1.416.212.678 / 1.565.345.700 = 90,4728 -> 90,47 % (Tabel 3.15 printed 90,58, Tabel 3.13 90,86, Kesimpulan 84,79)
    assert r2(c.serapan) == D("90.47")
    assert c.sisa == 1_565_345_700 - 1_416_212_678 == 149_133_022
    # the typed 2022 row of RiwayatAnggaran (the printed total): 1.417.911.578 / 1.565.345.700 = 90,58
    assert [(y, p, q, r2(s)) for y, p, q, s in c.budget_history] == [(2022, 1_565_345_700, 1_417_911_578, D("90.58"))]


# --- efisiensi --------------------------------------------------------------------------------------------------


def test_efisiensi_per_sasaran(c):
    # Programs per sasaran as in Tabel 3.14. Tabel 3.12 printed budgets that match no program (87.797.000 /
    # 4.875.000; 69.170.000 / 36.644.000; 23.914.000 / 12.602.820) and efisiensi 94,45 / 47,03 / 47,30, mean 62,98.
    assert c.settings.metode_efisiensi == "Sisa Anggaran"
    assert [e.code for e in c.efisiensi] == ["1", "1.1", "1.2", ""]
    # sasaran 1 <- Program II: serapan 96,2191; 100 - 96,2191 = 3,78 (selisih and sisa anggaran); 100 / 96,2191 = 1,04
    e = eff(c, "1")
    assert (e.pagu, e.realisasi) == (26_357_500, 25_360_950)
    assert (r2(e.capaian), r2(e.serapan)) == (D("100.00"), D("96.22"))
    assert (r2(e.efisiensi.selisih), r2(e.efisiensi.rasio), r2(e.efisiensi.sisa_anggaran)) == (
        D("3.78"),
        D("1.04"),
        D("3.78"),
    )
    assert e.kesimpulan == "efisien"
    # sasaran 1.1 <- Programs IV + V: 42.580.000 + 42.363.000 = 84.943.000; 40.838.500 + 41.883.000 = 82.721.500;
    # serapan 97,3847; 100 - 97,3847 = 2,62; 100 / 97,3847 = 1,0269
    e = eff(c, "1.1")
    assert (e.pagu, e.realisasi) == (84_943_000, 82_721_500)
    assert r2(e.serapan) == D("97.38")
    assert (r2(e.efisiensi.selisih), r2(e.efisiensi.rasio), r2(e.efisiensi.sisa_anggaran)) == (
        D("2.62"),
        D("1.03"),
        D("2.62"),
    )
    assert e.kesimpulan == "efisien"
    # sasaran 1.2 <- Program III: serapan 97,4444; capaian 50 < 100, so no sisa-anggaran efficiency;
    # selisih 50 - 97,4444 = -47,44; rasio 50 / 97,4444 = 0,5131
    e = eff(c, "1.2")
    assert (e.pagu, e.realisasi) == (93_519_500, 91_129_500)
    assert (r2(e.capaian), r2(e.serapan)) == (D("50.00"), D("97.44"))
    assert (r2(e.efisiensi.selisih), r2(e.efisiensi.rasio), e.efisiensi.sisa_anggaran) == (D("-47.44"), D("0.51"), None)
    assert e.kesimpulan == "belum tersedia"
    # overall: 83,3333 - 90,4728 = -7,14; 83,3333 / 90,4728 = 0,9211; capaian < 100: no sisa anggaran
    e = eff(c, "")
    assert (e.pagu, e.realisasi) == (1_565_345_700, 1_416_212_678)
    assert (r2(e.efisiensi.selisih), r2(e.efisiensi.rasio), e.efisiensi.sisa_anggaran) == (D("-7.14"), D("0.92"), None)


# --- validation -------------------------------------------------------------------------------------------------

# The contradictions of the report that reach the workbook's inputs (audit §4):
EXPECTED_ISSUES = [
    # Status Dokumen is Final while the report's contradictions remain: said once, at Status Dokumen
    ["final-masih-error", "Profil", "B22"],
    # desa mandiri: PK Perubahan target 5 (Tabel 2.5) vs Renstra 2022 target 0 (Tabel 2.1) -- audit row 55
    ["target-pk-beda-renstra", "Kinerja", "C8"],
    # (its realisasi 0 against target 5 gives capaian 0 %: a real outcome, not flagged as a unit mistake)
    # Program I realisasi printed 1.243.066.628, its kegiatan add up to 1.214.500.728 -- audit row 173
    ["jumlah-induk-beda", "Anggaran", "I5"],
    # printed 2022 total realisasi 1.417.911.578 vs the kegiatan's 1.416.212.678 -- audit row 168
    ["riwayat-anggaran-beda", "Anggaran", "R5"],
]


def test_issue_list_after_recompute(outcome, book):
    assert outcome.result.flatten() == EXPECTED_ISSUES
    assert check(book).result.flatten() == EXPECTED_ISSUES
    assert [i.severity for i in check(book).result.issues] == ["warning", "warning", "error", "warning"]
