"""The roll-up counts each kecamatan of its kabupaten once, marks drafts, and no single file stops it.

Files are made as a kabupaten's inbox really gets them: the same workbook sent again under another spelling,
one from the neighbouring kabupaten, names unzipped from a Windows attachment, figures no budget has, a file that
takes far too long to read.
"""

import copy
import datetime as dt
import io
import os
import re
import shutil
import zipfile

import pytest
from click.testing import CliRunner
from conftest import ROOT

from lkjip_xl.api import recompute
from lkjip_xl.cli import cli
from lkjip_xl.consolidate import consolidate
from lkjip_xl.consolidate.identity import kabupaten_key, kecamatan_key, same_kabupaten
from lkjip_xl.filldata import build_from_data, example_data, load_data

BASE = load_data(example_data("purwareja-klampok-2024"))
SENTINEL = 987654321
"""A value typed into a cell only to be found in the sheet's XML and replaced there."""


def book(path, *, nama=None, kabupaten=None, status=None, edit=None, recomputed=None):
    """A kecamatan workbook from the Purwareja Klampok example with its Profil changed; ``recomputed``: the time of
    its last Hitung Ulang (None: never)."""
    doc = copy.deepcopy(BASE)
    profil = doc["tables"]["Profil"]
    for key, value in (("Nama Instansi", nama), ("Kabupaten/Kota", kabupaten), ("Status Dokumen", status)):
        if value is not None:
            profil[key] = value
    if edit:
        edit(doc)
    build_from_data(doc, path)
    if recomputed:
        recompute(path, now=recomputed)
    return path


def replace_in_sheets(path, old: bytes, new: bytes, *, inline_text=False):
    """Edit the sheets' XML as another program could have written it: ``old`` becomes ``new`` (as an inline
    string cell with ``inline_text``)."""
    src = zipfile.ZipFile(path)
    buf = io.BytesIO()
    n = 0
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/") and old in data:
                n += data.count(old)
                if inline_text:
                    data = re.sub(rb'(<c r="[A-Z]+\d+"(?: s="\d+")?)(?: t="n")?>' + re.escape(old),
                                  rb'\1 t="inlineStr">' + new, data)
                else:
                    data = data.replace(old, new)
            dst.writestr(info, data)
    src.close()
    path.write_bytes(buf.getvalue())
    assert n, old


def extreme_book(path, nama="Kecamatan Susukan"):
    """Pagu 10^19 on a kegiatan, 1e309 as a realisasi, a target of 1 followed by 400 zeros."""
    def edit(doc):
        anggaran = doc["tables"]["Anggaran"]
        anggaran[1]["Pagu"] = 10**19
        anggaran[2]["Realisasi"] = SENTINEL
        doc["tables"]["Kinerja"][0]["Target PK"] = SENTINEL + 1

    book(path, nama=nama, edit=edit)
    replace_in_sheets(path, f"<v>{SENTINEL}</v>".encode(), b"<v>1e309</v>")
    replace_in_sheets(path, f"<v>{SENTINEL + 1}</v>".encode(), b"<is><t>1" + b"0" * 400 + b"</t></is>",
                      inline_text=True)
    return path


def huge_book(path, rows=80_000, nama="Kecamatan Pagentan"):
    """A valid workbook that takes long to read: eighty thousand villages (about a second, a hundred times a
    usual workbook)."""
    def edit(doc):
        doc["tables"]["Desa"] = [{"No": i, "Nama Desa": f"Desa {i}", "Jenis": "Desa"} for i in range(1, rows + 1)]

    return book(path, nama=nama, edit=edit)


def masalah_by_file(rekap):
    out = {}
    for m in rekap.masalah:
        out.setdefault(os.path.basename(m.berkas), []).append(m)
    return out


# --- identity ---------------------------------------------------------------------------------------------------


def test_names_match_whatever_the_spelling_but_kota_is_not_kabupaten():
    assert {kecamatan_key(n) for n in ("Kecamatan Purwareja Klampok", "Kec. purwareja-klampok",
                                       "KECAMATAN  PURWAREJA  KLAMPOK", "kec.Purwareja Klampok ",
                                       "Purwareja Klampok")} == {"purwarejaklampok"}
    assert kecamatan_key("Kecamatan Kota Kudus") != kecamatan_key("Kecamatan Kudus")
    ban = kabupaten_key("Kabupaten Banjarnegara")
    assert all(same_kabupaten(kabupaten_key(n), ban) for n in ("Kab. Banjarnegara", "KAB BANJARNEGARA",
                                                               "Banjarnegara", "kabupaten  banjarnegara."))
    assert not same_kabupaten(kabupaten_key("Kota Tegal"), kabupaten_key("Kabupaten Tegal"))
    assert not same_kabupaten(kabupaten_key("Kabupaten Tegal"), ban)


def test_spelling_variants_are_one_kecamatan_and_the_message_names_the_file_kept(tmp_path):
    box = tmp_path / "masuk"
    box.mkdir()
    t0 = dt.datetime(2025, 1, 10, 9, 0)
    book(box / "a-asli.xlsx", recomputed=t0)
    book(box / "b-kirim-ulang.xlsx", nama="Kec. purwareja-klampok", kabupaten="Kab. Banjarnegara",
         recomputed=t0 + dt.timedelta(days=2))
    book(box / "c-lagi.xlsx", nama="KECAMATAN  PURWAREJA KLAMPOK", kabupaten="BANJARNEGARA",
         recomputed=t0 + dt.timedelta(days=1))
    rekap = consolidate([box], tmp_path / "rekap.xlsx", jobs=1)
    (k,) = rekap.kecamatan
    assert os.path.basename(k.berkas) == "b-kirim-ulang.xlsx"
    by_file = masalah_by_file(rekap)
    assert set(by_file) == {"a-asli.xlsx", "c-lagi.xlsx"}
    for name in ("a-asli.xlsx", "c-lagi.xlsx"):  # both name the file finally kept, not the one kept meanwhile
        (m,) = by_file[name]
        assert m.kode == "duplikat"
        assert "dipakai berkas yang lebih baru, b-kirim-ulang.xlsx: Hitung Ulang terakhirnya" in m.alasan
    assert "tertulis 'KECAMATAN  PURWAREJA KLAMPOK'" in by_file["c-lagi.xlsx"][0].alasan
    # the Bupati's figures hold the kecamatan once (the Rp 4.737.511.646 for a 2,37 billion kecamatan)
    from lkjip_xl.consolidate.report import rekap_context

    assert rekap_context(rekap)["pagu"] == "Rp 2.368.755.823"


def test_copies_saved_in_the_same_second_are_equally_new(tmp_path):
    """Never recomputed, same report date: the file time decides, to the second the message shows. Two copies
    saved in one second are equally new (the first by name is kept), never "newer" with equal times."""
    box = tmp_path / "masuk"
    box.mkdir()
    for name in ("a.xlsx", "b.xlsx", "c.xlsx"):
        book(box / name)
    t = dt.datetime(2025, 1, 20, 8, 30).timestamp()
    os.utime(box / "a.xlsx", (t + 0.6, t + 0.6))  # later within the same second
    os.utime(box / "b.xlsx", (t + 0.1, t + 0.1))
    os.utime(box / "c.xlsx", (t - 3600, t - 3600))  # an hour older
    rekap = consolidate([box], tmp_path / "rekap.xlsx", jobs=1)
    (k,) = rekap.kecamatan
    assert os.path.basename(k.berkas) == "a.xlsx"
    by_file = masalah_by_file(rekap)
    assert "keduanya sama baru, dipakai a.xlsx" in by_file["b.xlsx"][0].alasan
    assert "berkasnya diubah 20-01-2025 08:30:00, berkas ini 20-01-2025 07:30:00" in by_file["c.xlsx"][0].alasan


def test_another_kabupaten_is_a_masalah_not_a_row(tmp_path):
    box = tmp_path / "masuk"
    box.mkdir()
    book(box / "purwareja.xlsx")
    book(box / "bawang.xlsx", nama="Kecamatan Bawang", kabupaten="Kab. Banjarnegara")
    book(box / "balapulang.xlsx", nama="Kecamatan Balapulang", kabupaten="Kabupaten Tegal")
    book(box / "tegal-kota.xlsx", nama="Kecamatan Tegal Barat", kabupaten="Kota Tegal")
    # by the majority: Banjarnegara
    rekap = consolidate([box], jobs=1)
    assert rekap.kabupaten == "Kabupaten Banjarnegara"
    assert sorted(k.kecamatan for k in rekap.kecamatan) == ["Kecamatan Bawang", "Kecamatan Purwareja Klampok"]
    got = {os.path.basename(m.berkas): (m.kode, m.alasan) for m in rekap.masalah}
    assert got == {
        "balapulang.xlsx": ("kabupaten-berbeda", "Workbook Kabupaten Tegal, rekap Kabupaten Banjarnegara: tidak "
                                                 "dimasukkan."),
        "tegal-kota.xlsx": ("kabupaten-berbeda", "Workbook Kota Tegal, rekap Kabupaten Banjarnegara: tidak "
                                                 "dimasukkan."),
    }
    # as told on the command line: Kabupaten Tegal, and Kota Tegal is another place
    out = tmp_path / "rekap-tegal.xlsx"
    r = CliRunner().invoke(cli, ["consolidate", str(box), "-o", str(out), "--kabupaten", "Kab. Tegal"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Rekap tahun 2024: 1 kecamatan dari 4 berkas.")
    import openpyxl

    ws = openpyxl.load_workbook(out)["Masalah"]
    kinds = {row[0]: row[1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert kinds == {"purwareja.xlsx": "kabupaten-berbeda", "bawang.xlsx": "kabupaten-berbeda",
                     "tegal-kota.xlsx": "kabupaten-berbeda"}
    # the roll-up is named as its workbooks spell the kabupaten, not as typed on the command line
    assert openpyxl.load_workbook(out)["Masalah"]["C2"].value.endswith(", rekap Kabupaten Tegal: tidak dimasukkan.")


def test_the_majority_counts_a_kabupaten_under_all_its_spellings(tmp_path):
    box = tmp_path / "masuk"
    box.mkdir()
    for n, kab in enumerate(("Banjarnegara", "Kab. Banjarnegara", "KABUPATEN BANJARNEGARA")):
        book(box / f"banjarnegara-{n}.xlsx", nama=f"Kecamatan Banjar {n}", kabupaten=kab)
    for n in range(2):
        book(box / f"tegal-{n}.xlsx", nama=f"Kecamatan Tegal {n}", kabupaten="Kabupaten Tegal")
    rekap = consolidate([box], jobs=1)
    assert len(rekap.kecamatan) == 3
    assert sorted(m.kode for m in rekap.masalah) == ["kabupaten-berbeda"] * 2
    assert rekap.kabupaten == "KABUPATEN BANJARNEGARA"  # of three spellings once each, the longest


# --- Status Dokumen -----------------------------------------------------------------------------------------------


def test_a_draft_is_counted_and_marked_or_left_out(tmp_path):
    import openpyxl
    import pyarrow.parquet as pq
    from docx import Document

    from lkjip_xl.consolidate.report import make_rekap_report

    box = tmp_path / "masuk"
    box.mkdir()
    book(box / "purwareja.xlsx")  # Final
    book(box / "bawang.xlsx", nama="Kecamatan Bawang", status="Draf")
    rekap = consolidate([box], tmp_path / "rekap.xlsx", parquet=tmp_path / "pq", jobs=1)
    assert len(rekap.kecamatan) == 2 and rekap.masalah == []
    ws = openpyxl.load_workbook(tmp_path / "rekap.xlsx")["Ringkasan"]
    head = [c.value for c in ws[3]]
    status = {row[head.index("Kecamatan")]: row[head.index("Status Dokumen")]
              for row in ws.iter_rows(min_row=4, values_only=True) if row[1]}
    assert status == {"Kecamatan Bawang": "Draf", "Kecamatan Purwareja Klampok": "Final"}
    assert "(1 berstatus Draf, belum final)" in ws["A2"].value
    assert {r["kecamatan"]: r["status_dokumen"] for r in pq.read_table(tmp_path / "pq" / "kecamatan.parquet")
            .to_pylist()} == status
    made = make_rekap_report(rekap, tmp_path / "laporan")
    doc = Document(str(made["docx"]))
    t = next(t for t in doc.tables if t.rows[0].cells[1].text == "Kecamatan")
    assert sorted(r.cells[1].text for r in t.rows[1:]) == ["Kecamatan Bawang (DRAF)", "Kecamatan Purwareja Klampok"]
    html = made["html"].read_text(encoding="utf-8")
    assert "berstatus Draf (ditandai DRAF pada tabel): Kecamatan Bawang; angkanya ikut direkap tetapi belum final" \
        in html
    # --tanpa-draf: the draft is listed as left out
    out = tmp_path / "rekap-final.xlsx"
    r = CliRunner().invoke(cli, ["consolidate", str(box), "-o", str(out), "--tanpa-draf"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Rekap tahun 2024: 1 kecamatan dari 2 berkas.")
    assert "bawang.xlsx: [draf-tidak-direkap]" in r.output


# --- the run never stops ------------------------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8(tmp_path):
    box = tmp_path / "masuk"
    box.mkdir()
    raw = os.path.join(os.fsencode(box), b"kec-wanadadi-\xe9.xlsx")  # unzipped from a Windows attachment
    made = book(tmp_path / "w.xlsx", nama="Kecamatan Wanadadi")
    with open(raw, "wb") as f:
        f.write(made.read_bytes())
    out = tmp_path / "rekap.xlsx"
    r = CliRunner().invoke(cli, ["consolidate", str(box), "-o", str(out), "--parquet", str(tmp_path / "pq"),
                                 "--duckdb", str(tmp_path / "rekap.duckdb"), "--laporan", str(tmp_path / "lap")])
    assert r.exit_code == 0, r.output
    assert "kec-wanadadi-\N{REPLACEMENT CHARACTER}.xlsx: [nama-berkas-tidak-terbaca]" in r.output
    import duckdb
    import openpyxl

    wb = openpyxl.load_workbook(out)
    assert [row[1] for row in wb["Ringkasan"].iter_rows(min_row=4, values_only=True)] == ["Kecamatan Wanadadi"]
    (m,) = list(wb["Masalah"].iter_rows(min_row=2, values_only=True))
    assert m[:2] == ("kec-wanadadi-\N{REPLACEMENT CHARACTER}.xlsx", "nama-berkas-tidak-terbaca")
    with duckdb.connect(str(tmp_path / "rekap.duckdb"), read_only=True) as con:  # closed: a later fork is safe
        got = con.execute("select berkas from kecamatan").fetchall()
    assert got == [("kec-wanadadi-\N{REPLACEMENT CHARACTER}.xlsx",)]


@pytest.mark.writes_invalid_xlsx("masuk/*")
def test_figures_no_budget_has_are_left_out_with_a_masalah(tmp_path):
    import duckdb
    import openpyxl
    import pyarrow.parquet as pq

    box = tmp_path / "masuk"
    box.mkdir()
    extreme_book(box / "ekstrem.xlsx")
    out = tmp_path / "rekap.xlsx"
    rekap = consolidate([box], out, parquet=tmp_path / "pq", duckdb=tmp_path / "rekap.duckdb", jobs=1)
    (k,) = rekap.kecamatan
    (m,) = rekap.masalah
    assert m.kode == "angka-tidak-direkap"
    assert m.alasan.startswith("Workbook memuat angka yang tidak wajar (NaN, tak hingga, 10^15 ke atas, atau bukan "
                               "0 tetapi di bawah 0,000001) di ")
    assert m.alasan.count("!") == 3  # the three cells, by sheet and address
    assert k.pagu == 2368755823  # the kegiatan's 10^19 is in no total
    for part in zipfile.ZipFile(out).namelist():
        if part.startswith("xl/worksheets/"):
            xml = zipfile.ZipFile(out).read(part)
            assert b">INF<" not in xml and b">NAN<" not in xml and b"inf<" not in xml.lower()
    openpyxl.load_workbook(out)
    assert pq.read_table(tmp_path / "pq" / "anggaran.parquet").num_rows == len(k.anggaran)
    with duckdb.connect(str(tmp_path / "rekap.duckdb"), read_only=True) as con:
        assert con.execute("select max(pagu) from anggaran").fetchone()[0] < 10**15


@pytest.mark.writes_invalid_xlsx("masuk/*")  # valid, but nine thousand rows: too slow to validate
def test_a_total_past_int64_from_valid_rows_is_emptied_with_a_masalah(tmp_path):
    """Each of 9.300 sub kegiatan is under the 10^15 a cell may hold; their sum, the kecamatan's pagu, is past
    what Parquet's int64 holds: the roll-up leaves it empty and says so, and every export is written."""
    import pyarrow.parquet as pq

    def edit(doc):
        doc["tables"]["Anggaran"] += [
            {"Kode": "9", "Level": "Program", "Uraian": "Program Besar", "Kode Sasaran": "1.1",
             "Kode Indikator": "1.1.1"},
            {"Kode": "9.01", "Kode Induk": "9", "Level": "Kegiatan", "Uraian": "Kegiatan Besar"},
            *({"Kode": f"9.01.{i:04d}", "Kode Induk": "9.01", "Level": "Sub Kegiatan", "Uraian": f"Sub {i}",
               "Pagu": 999_999_999_999_999, "Realisasi": 999_999_999_999_999} for i in range(9300))]

    box = tmp_path / "masuk"
    box.mkdir()
    book(box / "besar.xlsx", edit=edit)
    rekap = consolidate([box], tmp_path / "rekap.xlsx", parquet=tmp_path / "pq", duckdb=tmp_path / "r.duckdb",
                        jobs=1)
    (k,) = rekap.kecamatan
    assert (k.pagu, k.realisasi) == (None, None)
    lines = [m.alasan for m in rekap.masalah]
    assert {m.kode for m in rekap.masalah} == {"angka-tidak-direkap"}
    assert "Angka Pagu (9.300.000.002.368.746.523) tidak dapat ditulis ke rekap; dikosongkan, kecamatannya tetap " \
           "direkap." in lines
    assert pq.read_table(tmp_path / "pq" / "kecamatan.parquet").to_pylist()[0]["pagu"] is None


def test_a_figure_no_output_can_hold_is_emptied_with_a_masalah(tmp_path):
    """Whatever a computation makes of accepted input, the roll-up never holds INF or an int64 overflow."""
    from lkjip_xl.consolidate import Rekap, _unusable_figures
    from lkjip_xl.consolidate.export import export
    from lkjip_xl.consolidate.extract import extract
    from lkjip_xl.consolidate.workbook import write_rekap

    k = extract(ROOT / "examples" / "purwareja-klampok-2024.xlsx")
    k.pagu = 10**19
    k.indikator[0]["target"] = float("inf")
    k.anggaran[0]["realisasi"] = 10**400
    lines = _unusable_figures(k)
    assert [(m.kode, m.alasan.split(" (")[0]) for m in lines] == [
        ("angka-tidak-direkap", "Angka Pagu"), ("angka-tidak-direkap", "Angka Target indikator 1.1.1"),
        ("angka-tidak-direkap", f"Angka Realisasi {k.anggaran[0]['kode']}")]
    assert (k.pagu, k.indikator[0]["target"], k.anggaran[0]["realisasi"]) == (None, None, None)
    rekap = Rekap(2024, [k], lines, 1)
    write_rekap(rekap, tmp_path / "r.xlsx")
    export(rekap, parquet_dir=tmp_path / "pq")
    import openpyxl

    openpyxl.load_workbook(tmp_path / "r.xlsx")


@pytest.fixture(scope="module")
def slow_book(tmp_path_factory):
    return huge_book(tmp_path_factory.mktemp("lambat") / "lambat.xlsx")


@pytest.mark.writes_invalid_xlsx("lambat.xlsx", "masuk/lambat.xlsx")  # valid, but too big to validate quickly
def test_a_file_past_the_time_limit_is_listed_and_the_run_goes_on(tmp_path, slow_book):
    box = tmp_path / "masuk"
    box.mkdir()
    shutil.copy(slow_book, box / "lambat.xlsx")
    shutil.copy(ROOT / "examples" / "purwareja-klampok-2024.xlsx", box / "purwareja.xlsx")
    out = tmp_path / "rekap.xlsx"
    r = CliRunner().invoke(cli, ["consolidate", str(box), "-o", str(out), "--batas-waktu", "0.15", "--jobs", "1"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Rekap tahun 2024: 1 kecamatan dari 2 berkas.")
    assert "lambat.xlsx: [waktu-habis] Berkas tidak selesai dibaca dalam 0,15 detik" in r.output
    # with the default limit the same file is read
    rekap = consolidate([box / "lambat.xlsx"], jobs=1)
    assert [k.kecamatan for k in rekap.kecamatan] == ["Kecamatan Pagentan"]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the interrupt it swallows
def test_an_interrupt_swallowed_by_a_gc_callback_is_rung_again(slow_book):
    """Python drops an exception raised in a garbage-collector callback (hypothesis installs one): the watchdog
    rings again until the file stops."""
    import gc
    import time

    from lkjip_xl.consolidate.extract import extract

    calls = []

    def busy_first_collection(phase, info):
        if not calls and phase == "start":
            calls.append(phase)
            end = time.monotonic() + 0.5
            while time.monotonic() < end:  # the first interrupt lands in here, and is lost
                pass

    threshold, enabled = gc.get_threshold(), gc.isenabled()
    gc.enable()
    gc.set_threshold(100)  # collections as soon as the file is being read, whatever earlier tests left
    gc.callbacks.append(busy_first_collection)
    try:
        start = time.monotonic()
        res = extract(slow_book, 0.1)
    finally:
        gc.callbacks.remove(busy_first_collection)
        gc.set_threshold(*threshold)
        if not enabled:
            gc.disable()
    assert calls and type(res).__name__ == "Masalah" and res.kode == "waktu-habis"
    assert time.monotonic() - start < 0.9  # stopped soon after the callback, not at the file's end


def test_the_time_limit_gives_ctrl_c_back_to_the_user():
    import signal

    from lkjip_xl.consolidate.extract import _time_limit, extract

    before = signal.getsignal(signal.SIGINT)
    extract(ROOT / "examples" / "purwareja-klampok-2024.xlsx", 2.0)
    assert signal.getsignal(signal.SIGINT) is before
    with pytest.raises(KeyboardInterrupt), _time_limit(5.0):  # a real Ctrl+C while a file is read
        signal.raise_signal(signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is before


def test_a_limit_that_ends_as_the_file_does_never_escapes():
    """The watchdog may ring as the clock starts, as the file finishes, or after: a result either way, never an
    exception, and Ctrl+C is the user's again."""
    import signal
    import time

    from lkjip_xl.consolidate.extract import extract

    path = ROOT / "examples" / "purwareja-klampok-2024.xlsx"
    before = signal.getsignal(signal.SIGINT)
    extract(path)
    start = time.perf_counter()
    extract(path)
    took = time.perf_counter() - start
    kinds = set()
    for n in range(400):
        res = extract(path, took * (0.05 + n / 200))  # from a twentieth to twice the time it takes
        kinds.add(type(res).__name__)
        assert signal.getsignal(signal.SIGINT) is before
    assert kinds <= {"Kecamatan", "Masalah"}


def _workers_of(pid):
    """The worker processes of ``pid``: its children running the same command (not multiprocessing's helper)."""
    own = open(f"/proc/{pid}/cmdline", "rb").read()
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = open(f"/proc/{d}/stat").read()
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and open(f"/proc/{d}/cmdline", "rb").read() == own:
                found.append(int(d))
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
    return found


@pytest.mark.writes_invalid_xlsx("masuk/*", "lambat.xlsx")  # copies of valid books, too big to validate quickly
def test_a_worker_killed_mid_run_loses_no_file(tmp_path, slow_book):
    """kill -9 of a worker (as the system's out-of-memory killer does): the files it held are read again, each in
    a process of its own, and the run ends as usual."""
    import signal
    import subprocess
    import sys
    import time

    box = tmp_path / "masuk"
    box.mkdir()
    for n in range(3):
        shutil.copy(slow_book, box / f"lambat-{n}.xlsx")
    for n in range(6):
        shutil.copy(ROOT / "examples" / "purwareja-klampok-2024.xlsx", box / f"purwareja-{n}.xlsx")
    out = tmp_path / "rekap.xlsx"
    run = subprocess.Popen([sys.executable, "-m", "lkjip_xl", "consolidate", str(box), "-o", str(out), "--jobs", "2"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    workers = []
    while not workers and run.poll() is None and time.monotonic() < deadline:
        workers = _workers_of(run.pid)
        time.sleep(0.02)
    assert workers, "no worker process seen"
    time.sleep(0.3)  # well inside a slow file
    assert run.poll() is None
    os.kill(workers[0], signal.SIGKILL)
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 0, stdout + stderr
    assert stdout.startswith("Rekap tahun 2024: 2 kecamatan dari 9 berkas."), stdout
    assert "[proses-berhenti]" not in stdout and "[tidak-terduga]" not in stdout
    assert stdout.count("[duplikat]") == 7


# --- all of it at once ----------------------------------------------------------------------------------------------


@pytest.mark.writes_invalid_xlsx("masuk/*", "lambat.xlsx")
def test_a_mixed_inbox_gives_one_row_per_kecamatan_and_every_other_file_a_reason(tmp_path, slow_book):
    import duckdb
    import openpyxl
    import pyarrow.parquet as pq

    box = tmp_path / "masuk"
    box.mkdir()
    t0 = dt.datetime(2025, 1, 10, 9, 0)
    book(box / "purwareja.xlsx", recomputed=t0)
    book(box / "purwareja-revisi.xlsx", nama="Kec. Purwareja-Klampok", kabupaten="Kab. Banjarnegara",
         recomputed=t0 + dt.timedelta(days=3))
    book(box / "PURWAREJA KLAMPOK (1).xlsx", nama="KECAMATAN PURWAREJA KLAMPOK", recomputed=t0 + dt.timedelta(days=1))
    book(box / "bawang.xlsx", nama="Kecamatan Bawang", status="Draf")
    made = book(tmp_path / "w.xlsx", nama="Kecamatan Wanadadi")
    with open(os.path.join(os.fsencode(box), b"kec-wanadadi-\xe9.xlsx"), "wb") as f:
        f.write(made.read_bytes())
    book(box / "balapulang.xlsx", nama="Kecamatan Balapulang", kabupaten="Kabupaten Tegal")
    extreme_book(box / "susukan.xlsx")
    shutil.copy(slow_book, box / "pagentan.xlsx")
    (box / "terpotong.xlsx").write_bytes(made.read_bytes()[:4000])

    out = tmp_path / "rekap.xlsx"
    r = CliRunner().invoke(cli, ["consolidate", str(box), "-o", str(out), "--parquet", str(tmp_path / "pq"),
                                 "--duckdb", str(tmp_path / "rekap.duckdb"), "--laporan", str(tmp_path / "lap"),
                                 "--jobs", "2", "--batas-waktu", "0.15"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Rekap tahun 2024: 4 kecamatan dari 9 berkas.")
    wb = openpyxl.load_workbook(out)
    rows = [row for row in wb["Ringkasan"].iter_rows(min_row=4, values_only=True) if row[1]]
    assert sorted(row[1] for row in rows) == ["Kec. Purwareja-Klampok", "Kecamatan Bawang",  # as the kept file has it
                                              "Kecamatan Susukan", "Kecamatan Wanadadi"]
    masalah = sorted(row[:2] for row in wb["Masalah"].iter_rows(min_row=2, values_only=True))
    odd = "kec-wanadadi-\N{REPLACEMENT CHARACTER}.xlsx"
    assert masalah == sorted([
        ("PURWAREJA KLAMPOK (1).xlsx", "duplikat"), ("purwareja.xlsx", "duplikat"),
        ("balapulang.xlsx", "kabupaten-berbeda"), (odd, "nama-berkas-tidak-terbaca"),
        ("susukan.xlsx", "angka-tidak-direkap"), ("pagentan.xlsx", "waktu-habis"),
        ("terpotong.xlsx", "bukan-workbook")])
    reasons = [row[2] for row in wb["Masalah"].iter_rows(min_row=2, values_only=True)]
    assert all(reasons)
    assert sum("purwareja-revisi.xlsx" in a for a in reasons) == 2
    # every output opens in the tools analysts use
    with duckdb.connect(str(tmp_path / "rekap.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from kecamatan").fetchone()[0] == 4
        assert con.execute("select count(*) from masalah").fetchone()[0] == 7
    for name in ("kecamatan", "sasaran", "indikator", "anggaran", "masalah"):
        pq.read_table(tmp_path / "pq" / f"{name}.parquet")
    assert {p.suffix for p in (tmp_path / "lap").iterdir()} == {".docx", ".html"}
    # the Bupati's report tells files left out from files used with a note
    html = next((tmp_path / "lap").glob("*.html")).read_text(encoding="utf-8")
    assert "Terdapat 5 (lima) berkas yang tidak dapat direkap (lihat lampiran)." in html
    assert "2 (dua) berkas tetap direkap dengan catatan" in html
