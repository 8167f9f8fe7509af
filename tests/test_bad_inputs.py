"""The hostile-input corpus (tests/bad_inputs/make_corpus.py): every case's outcome pinned.

For every broken file `lkjip check` exits non-zero with an Indonesian message or issues at the exact cell, never a
traceback, within bounded time and memory, and leaves the file byte for byte as it was. Variants the reader must
simply accept (numbers typed Indonesian-style, a renamed sheet, a 50 MB attachment...) are pinned too.
"""

import hashlib
import json
import os
import subprocess
import sys
import time

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "bad_inputs"))
from make_corpus import SAH, make_corpus  # noqa: E402

pytestmark = pytest.mark.writes_invalid_xlsx  # the corpus is broken on purpose

# exit 2: the file cannot be used; the message (stderr) starts with this
UNUSABLE = {
    "berkas-kosong": "Error: Berkas bukan workbook Excel (.xlsx) yang utuh",
    "terpotong": "Error: Berkas bukan workbook Excel (.xlsx) yang utuh",
    "isi-zip-rusak": "Error: Berkas .xlsx rusak atau terpotong (isi zip tidak dapat dibaca)",
    "zip-bomb-berbohong": "Error: Berkas .xlsx rusak atau terpotong (isi zip tidak dapat dibaca)",
    "csv-bernama-xlsx": "Error: Berkas bukan workbook Excel (.xlsx) yang utuh",
    "pdf-bernama-xlsx": "Error: Berkas bukan workbook Excel (.xlsx) yang utuh",
    "kosong.zip": "Error: Berkas zip ini bukan workbook Excel (tidak ada bagian workbook)",
    "docx-bernama-xlsx": "Error: Berkas ini bukan workbook Excel (.xlsx); mungkin dokumen Word",
    "bukan-lkjip": "Error: Workbook ini bukan workbook LKjIP standar",
    "xls-lama": "Error: Berkas berformat Excel lama (.xls)",
    "terenkripsi": "Error: Berkas dilindungi kata sandi (terenkripsi)",
    "versi-template-baru": "Error: Workbook dibuat dengan template versi 99, lebih baru",
    "zip-bomb": "Error: Berkas ditolak: bagian 'xl/worksheets/sheet1.xml' mengembang",
    "xxe": "Error: Berkas ditolak: bagian 'xl/workbook.xml' memuat deklarasi DOCTYPE/ENTITY",
    "xxe-sheet": "Error: Berkas ditolak: bagian 'xl/worksheets/sheet6.xml' memuat deklarasi DOCTYPE/ENTITY",
    "sheet-xml-rusak": "Error: Berkas rusak: bagian 'xl/worksheets/sheet6.xml' bukan XML yang sah",
}

# exit 1: usable, with errors; the full issue list [code, sheet, cell]
WITH_ERRORS = {
    "teks-di-kolom-angka": [["bukan-angka", "Kinerja", "F6"]],
    "tanggal-teks-salah": [["tanggal-tidak-sah", "Profil", "B15"]],
    "galat-div0": [["belum-dihitung", "Kinerja", "A4"], ["galat-excel", "Kinerja", "D6"]],
    "galat-ref": [["belum-dihitung", "Kinerja", "A4"], ["galat-excel", "Kinerja", "E6"]],
    "galat-na": [["belum-dihitung", "Kinerja", "A4"], ["jumlah-induk-beda", "Anggaran", "H5"],
                 ["jumlah-induk-beda", "Anggaran", "H6"], ["galat-excel", "Anggaran", "H7"]],
    "rumus-lembar-terhapus": [["belum-dihitung", "Kinerja", "A4"], ["rumus-gagal", "Kinerja", "D6"]],
    "kode-ganda": [["kode-ganda", "Renstra", "H7"]],
    "induk-melingkar": [["induk-melingkar", "Anggaran", "B40"], ["induk-melingkar", "Anggaran", "B41"]],
    "skala-celah": [["skala-celah", "Skala", "A5"]],
    "skala-tumpang-tindih": [["skala-tumpang-tindih", "Skala", "A5"]],
    "uang-negatif": [["jumlah-induk-beda", "Anggaran", "H5"], ["jumlah-induk-beda", "Anggaran", "H6"],
                     ["uang-negatif", "Anggaran", "H7"], ["realisasi-melebihi-pagu", "Anggaran", "I7"]],
    "uang-bersen": [["jumlah-induk-beda", "Anggaran", "H5"], ["jumlah-induk-beda", "Anggaran", "H6"],
                    ["uang-tidak-bulat", "Anggaran", "H7"]],
    "uang-berupa-kata": [["jumlah-induk-beda", "Anggaran", "H5"], ["jumlah-induk-beda", "Anggaran", "H6"],
                         ["bukan-angka", "Anggaran", "H7"]],
    "pilihan-salah": [["pilihan-tidak-dikenal", "Renstra", "L6"]],
    "tahun-bukan-tahun": [["tahun-tidak-sah", "Kinerja", "Z5"]],
    "profil-wajib-kosong": [["profil-wajib-kosong", "Profil", "B9"]],
    "tahun-laporan-kosong": [["profil-wajib-kosong", "Profil", "B8"]],
    "periode-renstra-salah": [["periode-renstra-tidak-sah", "Profil", "B16"]],
    "indikator-pk-asing": [["indikator-pk-tidak-di-renstra", "Kinerja", "A7"]],
    "target-pk-kosong": [["target-pk-kosong", "Kinerja", "B6"]],
    "penyebut-nol": [["penyebut-nol", "Kinerja", "J6"]],
    "kode-kosong": [["kode-kosong", "Anggaran", "A40"], ["induk-kosong", "Anggaran", "B40"]],
    "induk-tidak-ada": [["induk-tidak-ditemukan", "Anggaran", "B40"]],
    "realisasi-lebih-pagu": [["jumlah-induk-beda", "Anggaran", "I6"], ["realisasi-melebihi-pagu", "Anggaran", "I7"]],
    "unsur-di-luar-1-4": [["unsur-di-luar-rentang", "SKM", "H5"]],
    "sel-digabung": [["sel-digabung", "Kinerja", "A6"]],
    "judul-kolom-diganti": [["nilai-terhitung-usang", "Kinerja", "A4"], ["kolom-hilang", "Kinerja", "D4"]],
    "tabel-diganti-nama": [["nilai-terhitung-usang", "Kinerja", "A1"], ["tabel-hilang", "Kinerja", "A1"]],
    "lembar-dihapus": [["nilai-terhitung-usang", "Kinerja", "A4"], ["tabel-hilang", "Anggaran", "A1"],
                       ["tabel-hilang", "Anggaran", "A1"]],
}

# exit 0: what staff do that the tool must simply accept (warnings allowed, pinned)
TOLERATED = {
    "format-angka-campur": [],  # "Rp 1.500.000,-" and "1,500,000" in one column
    "persen-dengan-tanda": [],  # "86,30%"
    "persen-pecahan": [["capaian-tidak-wajar", "Kinerja", "D6"]],  # 0,863 typed for 86,3: a unit slip, warned
    "satuan-keliru": [["target-pk-beda-renstra", "Kinerja", "B6"], ["capaian-tidak-wajar", "Kinerja", "D6"]],
    "tanggal-teks-sah": [],  # "31 Januari 2025"
    "rumus-tanpa-nilai-sah": [["belum-dihitung", "Kinerja", "A4"]],  # a formula written by a script, evaluated
    "baris-tersembunyi": [["belum-dihitung", "Kinerja", "A4"]],
    "ribuan-baris-kosong": [["belum-dihitung", "Kinerja", "A4"]],  # 5.000 empty formatted rows
    "lembar-diganti-nama": [],  # tables are found by name, wherever they are
    "nama-berformula": [],  # '=HYPERLINK(...)' as a village name stays text
    "teks-berbahaya": [],  # <script>, {{ }} in an analysis cell: text (escaped in the report)
    "xlsm-bermakro": [],  # macros are never run (and kept byte for byte on recompute)
    "besar-50mb": [["belum-dihitung", "Kinerja", "A4"]],  # a 50 MB attachment sheet is never decompressed
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("corpus"))


def run(args):
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "lkjip_xl", *map(str, args)], capture_output=True, text=True,
                       timeout=120, env={**os.environ, "LKJIP_DEBUG": ""})
    return p, time.perf_counter() - t


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_corpus_is_complete(corpus):
    assert set(corpus) == set(UNUSABLE) | set(WITH_ERRORS) | set(TOLERATED)
    assert len(UNUSABLE) + len(WITH_ERRORS) >= 40  # broken inputs, each ending non-zero
    assert set(TOLERATED) == SAH and all(corpus[n].parent.name == "sah" for n in SAH)
    broken = {p for p in corpus.values() if p.parent.name != "sah"}
    assert len(broken) == len(UNUSABLE) + len(WITH_ERRORS)
    # every file in the corpus folder is a broken case, each run by the tests below (non-zero exit)
    (folder,) = {p.parent for p in broken}
    assert {p for p in folder.iterdir() if p.is_file()} == broken


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_unusable_files_are_refused_with_a_message(corpus, name):
    path = corpus[name]
    before = digest(path)
    p, secs = run(["check", path, "--format", "json"])
    assert p.returncode == 2, p.stderr
    assert p.stderr.startswith(UNUSABLE[name]), p.stderr
    assert "Traceback" not in p.stderr + p.stdout
    assert secs < 30
    p2, _ = run(["recompute", path])
    assert p2.returncode == 2 and p2.stderr.startswith(UNUSABLE[name])
    assert digest(path) == before  # neither command touched it


@pytest.mark.parametrize("name", sorted(WITH_ERRORS))
def test_broken_workbooks_point_at_the_cell(corpus, name):
    path = corpus[name]
    before = digest(path)
    p, secs = run(["check", path, "--format", "json"])
    assert p.returncode == 1, p.stderr
    issues = json.loads(p.stdout)
    assert [[i["code"], i["sheet"], i["cell"]] for i in issues] == WITH_ERRORS[name]
    assert all(i["message"] and i["severity"] in ("error", "warning") for i in issues)
    assert "Traceback" not in p.stderr
    assert secs < 30
    assert digest(path) == before


@pytest.mark.parametrize("name", sorted(TOLERATED))
def test_tolerated_variants_are_read(corpus, name):
    path = corpus[name]
    before = digest(path)
    p, secs = run(["check", path, "--format", "json"])
    assert p.returncode == 0, p.stdout + p.stderr
    assert [[i["code"], i["sheet"], i["cell"]] for i in json.loads(p.stdout)] == TOLERATED[name]
    assert secs < 30
    assert digest(path) == before


def test_memory_stays_bounded(corpus):
    """The largest case (50 MB) and the zip bombs, each checked in a fresh process: peak memory under 600 MB.

    Each is measured from its own parent, a small fresh interpreter: this test process's children include
    forks of itself (other tests' worker pools), whose peak says nothing about a check."""
    probe = ("import resource, subprocess, sys; subprocess.run([sys.executable, '-m', 'lkjip_xl', 'check', sys.argv[1]],"
             " capture_output=True, timeout=120); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    for name in ("besar-50mb", "zip-bomb", "zip-bomb-berbohong"):
        p = subprocess.run([sys.executable, "-c", probe, str(corpus[name])], capture_output=True, text=True,
                           timeout=150, check=True)
        peak_mb = int(p.stdout) / 1024
        assert 20 < peak_mb < 600, (name, peak_mb)


def test_paths_that_are_not_files(tmp_path):
    p, _ = run(["check", tmp_path])
    assert p.returncode == 2 and "adalah folder" in p.stderr
    p, _ = run(["check", tmp_path / "tidak-ada.xlsx"])
    assert p.returncode == 2 and p.stderr.startswith("Error: Berkas tidak ditemukan")


def test_macros_survive_recompute_untouched(corpus, tmp_path):
    import shutil
    import zipfile

    p = tmp_path / "m.xlsm"
    shutil.copy(corpus["xlsm-bermakro"], p)
    vba = zipfile.ZipFile(p).read("xl/vbaProject.bin")
    r, _ = run(["recompute", p])
    assert r.returncode == 0, r.stderr
    assert zipfile.ZipFile(p).read("xl/vbaProject.bin") == vba


def test_consolidating_the_whole_corpus_never_stops(corpus, tmp_path):
    """A kabupaten inbox full of these files: every unusable one is in Masalah with its code, the rest rolled up."""
    from lkjip_xl.consolidate import consolidate

    codes = {
        "berkas-kosong": "bukan-workbook", "terpotong": "bukan-workbook", "csv-bernama-xlsx": "bukan-workbook",
        "pdf-bernama-xlsx": "bukan-workbook", "kosong.zip": "bukan-workbook", "docx-bernama-xlsx": "bukan-workbook",
        "bukan-lkjip": "bukan-workbook-standar", "xls-lama": "format-xls-lama", "terenkripsi": "workbook-terenkripsi",
        "versi-template-baru": "versi-template-lebih-baru", "zip-bomb": "workbook-tidak-aman",
        "xxe": "workbook-tidak-aman", "xxe-sheet": "workbook-tidak-aman", "sheet-xml-rusak": "bukan-workbook",
        "isi-zip-rusak": "bukan-workbook", "zip-bomb-berbohong": "bukan-workbook",
    }
    assert set(codes) == set(UNUSABLE)
    rekap = consolidate([p.parent for p in corpus.values()][:1], tmp_path / "rekap.xlsx", tahun=2024, jobs=2)
    by_file = {m.berkas.rsplit("/", 1)[-1]: m.kode for m in rekap.masalah}
    for name, code in codes.items():
        assert by_file[corpus[name].name] == code, name
    # every other file is one and the same kecamatan (the fixture): one row kept, the rest listed as duplicates
    assert len(rekap.kecamatan) == 1
    dups = [m for m in rekap.masalah if m.kode == "duplikat"]
    assert by_file[corpus["tahun-laporan-kosong"].name] == "tahun-berbeda"
    assert len(dups) == len(corpus) - len(codes) - 2
