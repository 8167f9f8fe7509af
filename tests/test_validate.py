"""Each rule reports its code at the exact cell, and stays silent on consistent data."""

import pytest

from lkjip_xl.api import check

# Layout of the demo workbook (tables start at row 5): Kinerja A=Kode Indikator, B=Target PK, C=Target PK
# Perubahan, D=Realisasi, E..H=TW I..IV, I=Pembilang, J=Penyebut; rows 5 = 1.1.1, 6 = 2.1.1.
# Renstra: Indikator H=Kode .. S=Target 2024; Anggaran A=Kode .. G=Pagu Murni, H=Pagu, I=Realisasi,
# rows 5 = program 1, 6 = 1.01, 7 = 1.01.01, 8 = 1.01.02, 9 = 1.02.

DEMO_ERRORS = [
    ["jumlah-induk-beda", "Anggaran", "I5"],
    ["jumlah-induk-beda", "Anggaran", "I9"],
    ["jumlah-induk-beda", "Anggaran", "I22"],
]


def row(doc, table, key, keycol):
    return next(r for r in doc["tables"][table] if r.get(keycol) == key)


def kin(doc, code):
    return row(doc, "Kinerja", code, "Kode Indikator")


def ang(doc, code):
    return row(doc, "Anggaran", code, "Kode")


def ind(doc, code):
    return row(doc, "Indikator", code, "Kode")


def test_demo_reports_only_its_real_contradictions(demo_book):
    # a workbook never recomputed also says so, once
    assert check(demo_book).result.flatten() == [["belum-dihitung", "Kinerja", "A4"], *DEMO_ERRORS]


def fix_demo_budget(doc):
    ang(doc, "1")["Realisasi"] = None
    ang(doc, "1.02")["Realisasi"] = None
    ang(doc, "1.05")["Realisasi"] = None


def test_consistent_workbook_has_no_issue_but_staleness(make_book):
    res = check(make_book(fix_demo_budget)).result
    assert res.flatten() == [["belum-dihitung", "Kinerja", "A4"]]
    assert res.valid


CASES = {
    "pk-target-differs-from-renstra": (
        lambda d: ind(d, "2.1.1").update({"Target 2024": 85.40}),
        ["target-pk-beda-renstra", "Kinerja", "B6"]),
    "pk-indicator-not-in-renstra": (
        lambda d: d["tables"]["Kinerja"].append({"Kode Indikator": "9.9.9", "Target PK": 1, "Realisasi": 1}),
        ["indikator-pk-tidak-di-renstra", "Kinerja", "A7"]),
    "duplicate-indicator-code": (
        lambda d: d["tables"]["Indikator"].append(dict(ind(d, "2.1.1"))),
        ["kode-ganda", "Renstra", "H7"]),
    "missing-realisasi": (
        lambda d: kin(d, "2.1.1").update({"Realisasi": None}),
        ["realisasi-kosong", "Kinerja", "D6"]),
    "missing-pk-target": (
        lambda d: kin(d, "2.1.1").update({"Target PK": None}),
        ["target-pk-kosong", "Kinerja", "B6"]),
    "text-in-number-cell": (
        lambda d: kin(d, "2.1.1").update({"Realisasi TW II": "delapan"}),
        ["bukan-angka", "Kinerja", "F6"]),
    "negative-money": (
        lambda d: ang(d, "1.01.01").update({"Pagu Murni": -5}),
        ["uang-negatif", "Anggaran", "G7"]),
    "realisasi-above-pagu": (
        lambda d: ang(d, "1.01.01").update({"Realisasi": 2_000_000}),
        ["realisasi-melebihi-pagu", "Anggaran", "I7"]),
    "parent-not-found": (
        lambda d: ang(d, "1.01.02").update({"Kode Induk": "9.99"}),
        ["induk-tidak-ditemukan", "Anggaran", "B8"]),
    "kegiatan-without-parent": (
        lambda d: ang(d, "1.01.02").update({"Kode Induk": None}),
        ["induk-kosong", "Anggaran", "B8"]),
    "parent-cycle": (
        lambda d: ang(d, "1").update({"Kode Induk": "1.01"}),
        ["induk-melingkar", "Anggaran", "B5"]),
    "unknown-sasaran-of-program": (
        lambda d: ang(d, "2").update({"Kode Sasaran": "7.7"}),
        ["kode-tidak-dikenal", "Anggaran", "E29"]),
    "skala-gap": (
        lambda d: d["tables"].update({"Skala": [
            {"Batas Bawah": 91, "Predikat": "Sangat Tinggi"},
            {"Batas Bawah": 76, "Batas Atas": 90, "Predikat": "Tinggi"},
            {"Batas Bawah": 0, "Batas Atas": 76, "Predikat": "Rendah"}]}),
        ["skala-celah", "Skala", "A5"]),
    "skala-overlap": (
        lambda d: d["tables"].update({"Skala": [
            {"Batas Bawah": 91, "Predikat": "Sangat Tinggi"},
            {"Batas Bawah": 70, "Batas Atas": 92, "Predikat": "Tinggi"},
            {"Batas Bawah": 0, "Batas Atas": 70, "Predikat": "Rendah"}]}),
        ["skala-tumpang-tindih", "Skala", "A5"]),
    "unsur-out-of-range": (
        lambda d: d["tables"].update({"SKM": [
            {"Unit Layanan": "Kecamatan", "Periode": "Semester I", "Responden": 100,
             **{f"U{i}": 3.4 for i in range(1, 10)}, "U4": 5}]}),
        ["unsur-di-luar-rentang", "SKM", "G5"]),
    "unit-mistake": (
        lambda d: kin(d, "2.1.1").update({"Target PK": 1.25, "Realisasi": 82}),
        ["capaian-tidak-wajar", "Kinerja", "D6"]),
    "required-profil": (
        lambda d: d["tables"]["Profil"].update({"Nama Kepala": None}),
        ["profil-wajib-kosong", "Profil", "B9"]),
    "quarters-disagree": (
        lambda d: kin(d, "2.1.1").update({"Realisasi TW II": 85.9, "Realisasi TW IV": 86.0}),
        ["realisasi-beda-triwulan", "Kinerja", "D6"]),
    "numerator-disagrees": (
        lambda d: kin(d, "2.1.1").update({"Pembilang": 430, "Penyebut": 5}),
        ["realisasi-beda-pembilang", "Kinerja", "D6"]),
    "wrong-choice": (
        lambda d: ind(d, "2.1.1").update({"Polaritas": "Naik"}),
        ["pilihan-tidak-dikenal", "Renstra", "L6"]),
    "village-twice": (
        lambda d: d["tables"]["Desa"].append({"No": 9, "Nama Desa": "kecitran ", "Jenis": "Desa"}),
        ["desa-ganda", "Desa", "B13"]),
    "zero-target-zero-realisasi": (
        lambda d: kin(d, "2.1.1").update({"Target PK": 0, "Realisasi": 0}),
        ["capaian-catatan", "Kinerja", "D6"]),
    "zero-realisasi-is-not-a-unit-mistake": (
        lambda d: kin(d, "2.1.1").update({"Realisasi": 0}),
        None),
    "history-for-unknown-indicator": (
        lambda d: d["tables"]["Riwayat"].append({"Kode Indikator": "8.8", "Tahun": 2023, "Realisasi": 1}),
        ["kode-tidak-dikenal", "Kinerja", "Y7"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_points_at_cell(make_book, name):
    edit, expected = CASES[name]

    def both(doc):
        fix_demo_budget(doc)
        edit(doc)

    flat = check(make_book(both)).result.flatten()
    if expected is None:  # a rule that must stay silent
        assert [f for f in flat if f[0] != "belum-dihitung"] == []
        return
    assert expected in flat
    # nothing else but the never-recomputed notice and what the edit necessarily implies
    others = [f for f in flat if f != expected and f[0] != "belum-dihitung"]
    assert all(f[0] in IMPLIED.get(name, ()) for f in others), others


IMPLIED = {
    "duplicate-indicator-code": (),
    "parent-cycle": ("induk-melingkar", "jumlah-induk-beda"),
    "parent-not-found": ("jumlah-induk-beda",),
    "kegiatan-without-parent": ("jumlah-induk-beda",),
    "realisasi-above-pagu": ("jumlah-induk-beda",),
    "negative-money": (),
    "unit-mistake": ("target-pk-beda-renstra",),
    "zero-target-zero-realisasi": ("target-pk-beda-renstra",),
    "skala-gap": (),
    "skala-overlap": ("skala-tumpang-tindih",),
    "pk-indicator-not-in-renstra": (),
}


def test_ikm_from_survey_overrides_typed_realisasi(make_book):
    def edit(doc):
        fix_demo_budget(doc)
        doc["tables"]["Profil"]["Indikator IKM"] = "2.1.1"
        # two semesters whose unsur give IKM 86,25 and 86,75 → year 86,50 (typed: 86,30)
        doc["tables"]["SKM"] = [
            {"Unit Layanan": "Kecamatan", "Periode": "Semester I", "Responden": 100, **{f"U{i}": 3.45 for i in range(1, 10)}},
            {"Unit Layanan": "Kecamatan", "Periode": "Semester II", "Responden": 100, **{f"U{i}": 3.47 for i in range(1, 10)}},
        ]

    o = check(make_book(edit))
    assert ["realisasi-ikm-beda-skm", "Kinerja", "D6"] in o.result.flatten()
    (i,) = [x for x in o.computed.indicators if x.code == "2.1.1"]
    assert float(i.realisasi) == pytest.approx(86.5)
    assert i.realisasi_source == "skm"
