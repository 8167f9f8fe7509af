"""No command loses a file: none writes over its inputs, none replaces an existing file unasked (`--timpa`), a
write goes through a symbolic link to the workbook it names, a read-only workbook is refused, and the
temporary files of a killed run are cleaned up by the next one (only those)."""

import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkjip_xl.cli import cli
from lkjip_xl.reader import read_workbook
from lkjip_xl.xlsx import Package

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def masuk(tmp_path):
    box = tmp_path / "masuk"
    box.mkdir()
    for name in ("balapulang-2022", "bantarbolang-2023"):
        shutil.copy(EXAMPLES / f"{name}.xlsx", box / f"{name}.xlsx")
    return box


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("option", ["-o", "--duckdb"])
def test_consolidate_never_writes_over_an_input(masuk, tmp_path, option):
    before = _bytes(masuk)
    victim = masuk / "bantarbolang-2023.xlsx"
    args = ["consolidate", masuk, "--jobs", 1, "--timpa"]
    args += ["-o", victim] if option == "-o" else ["-o", tmp_path / "rekap.xlsx", "--duckdb", victim]
    r = run(*args)
    assert r.exit_code == 2, r.output
    assert "bantarbolang-2023.xlsx adalah salah satu berkas masukan" in r.output
    assert "Traceback" not in r.output
    assert _bytes(masuk) == before  # --timpa does not make an input fair game
    assert not (tmp_path / "rekap.xlsx").exists()  # refused before anything was written


def test_consolidate_replaces_an_existing_output_only_when_told(masuk, tmp_path):
    out = tmp_path / "rekap.xlsx"
    out.write_bytes(b"catatan lama yang bukan rekap")
    r = run("consolidate", masuk, "-o", out, "--jobs", 1)
    assert r.exit_code == 2 and "--timpa" in r.output
    assert out.read_bytes() == b"catatan lama yang bukan rekap"
    r = run("consolidate", masuk, "-o", out, "--jobs", 1, "--timpa")
    assert r.exit_code == 0, r.output
    pkg = Package.open(out)
    assert pkg.sheet("Ringkasan") is not None and pkg.sheet("Masalah") is not None


def test_consolidate_keeps_an_existing_bupati_report_and_writes_nothing(tmp_path):
    """The report's name holds the kabupaten, known once the workbooks are read: still checked before the
    roll-up or anything else is written."""
    box = tmp_path / "masuk"
    box.mkdir()
    shutil.copy(EXAMPLES / "balapulang-2022.xlsx", box / "balapulang-2022.xlsx")
    lap = tmp_path / "laporan"
    lap.mkdir()
    old = lap / "Rekap-LKjIP-Kabupaten-Tegal-2022.docx"
    old.write_bytes(b"disunting untuk rapat")
    r = run("consolidate", box, "-o", tmp_path / "rekap.xlsx", "--laporan", lap, "--jobs", 1)
    assert r.exit_code == 2 and f"{old.name} sudah ada" in r.output
    assert old.read_bytes() == b"disunting untuk rapat"
    assert not (tmp_path / "rekap.xlsx").exists()
    r = run("consolidate", box, "-o", tmp_path / "rekap.xlsx", "--laporan", lap, "--jobs", 1, "--timpa")
    assert r.exit_code == 0, r.output
    assert old.read_bytes()[:2] == b"PK" and (tmp_path / "rekap.xlsx").exists()


def test_consolidate_keeps_existing_parquet_files_unless_told(masuk, tmp_path):
    pytest.importorskip("pyarrow")
    pq = tmp_path / "pq"
    pq.mkdir()
    (pq / "kecamatan.parquet").write_bytes(b"milik orang lain")
    r = run("consolidate", masuk, "-o", tmp_path / "rekap.xlsx", "--parquet", pq, "--jobs", 1)
    assert r.exit_code == 2 and "kecamatan.parquet sudah ada" in r.output
    assert (pq / "kecamatan.parquet").read_bytes() == b"milik orang lain"
    assert not (tmp_path / "rekap.xlsx").exists()


def test_recompute_writes_through_a_link_to_the_workbook(demo_book, tmp_path):
    link = tmp_path / "tautan.xlsx"
    os.symlink(demo_book, link)
    r = run("recompute", link)
    assert r.exit_code in (0, 1), r.output
    assert link.is_symlink() and os.readlink(link) == str(demo_book)
    assert read_workbook(demo_book).meta["terakhir dihitung"]  # the real workbook got the update


def test_a_read_only_workbook_is_refused_and_kept(demo_book):
    before = demo_book.read_bytes()
    os.chmod(demo_book, 0o444)
    try:
        r = run("recompute", demo_book)
        assert r.exit_code == 2
        assert f"{demo_book.name} hanya-baca" in r.output and "Traceback" not in r.output
        assert demo_book.read_bytes() == before
        assert stat.S_IMODE(demo_book.stat().st_mode) == 0o444
    finally:
        os.chmod(demo_book, 0o644)


def test_recompute_to_another_file_replaces_it_only_when_told(demo_book, tmp_path):
    out = tmp_path / "hasil.xlsx"
    out.write_bytes(b"jangan hilang")
    r = run("recompute", demo_book, "-o", out)
    assert r.exit_code == 2 and "hasil.xlsx sudah ada" in r.output
    assert out.read_bytes() == b"jangan hilang"
    assert run("recompute", demo_book, "-o", out, "--timpa").exit_code in (0, 1)
    assert read_workbook(out).meta["terakhir dihitung"]
    # naming the workbook itself is the ordinary in-place recompute
    assert run("recompute", demo_book, "-o", demo_book).exit_code in (0, 1)


def test_report_keeps_an_edited_report_unless_told(demo_book, tmp_path):
    out = tmp_path / "laporan"
    r = run("report", demo_book, "-o", out, "--format", "html")
    assert r.exit_code in (0, 1), r.output
    (html,) = out.glob("*.html")
    html.write_text("diedit Camat", encoding="utf-8")
    r = run("report", demo_book, "-o", out, "--format", "html")
    assert r.exit_code == 2 and f"{html.name} sudah ada" in r.output and "--timpa" in r.output
    assert html.read_text(encoding="utf-8") == "diedit Camat"
    assert run("report", demo_book, "-o", out, "--format", "html", "--timpa").exit_code in (0, 1)
    assert "diedit Camat" not in html.read_text(encoding="utf-8")


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_the_next_run_removes_only_its_own_dead_leftovers(demo_book):
    folder = demo_book.parent
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = folder / f".~lkjip-{_dead_pid()}-k9x1.tmp"
        live = folder / f".~lkjip-{sleeper.pid}-a7b2.tmp"  # another run, still writing
        foreign = folder / ".~lkjip-catatan.txt"  # not a temporary file of ours
        old_style = folder / ".~lkjip-zz91.tmp"  # lkjip_xl 0.2's name, without a process id
        for f in (dead, live, foreign, old_style):
            f.write_bytes(b"x" * 1000)
        long_ago = time.time() - 2 * 3600
        os.utime(old_style, (long_ago, long_ago))
        assert run("recompute", demo_book).exit_code in (0, 1)
        left = {p.name for p in folder.iterdir() if p.name.startswith(".~lkjip-")}
        assert left == {live.name, foreign.name}
    finally:
        sleeper.kill()
        sleeper.wait()


def test_new_refuses_an_existing_file_and_writes_atomically(tmp_path):
    out = tmp_path / "baru.xlsx"
    out.write_bytes(b"punya orang")
    r = run("new", out, "--tahun", 2024, "--renstra", "2019-2024")
    assert r.exit_code == 2 and "baru.xlsx sudah ada" in r.output
    assert out.read_bytes() == b"punya orang"
    assert run("new", out, "--tahun", 2024, "--renstra", "2019-2024", "--timpa").exit_code == 0
    assert read_workbook(out).tahun == 2024
    assert [p.name for p in tmp_path.iterdir()] == ["baru.xlsx"]


@pytest.mark.parametrize(("instansi", "stem"), [
    ("Kec/../../../X", "LKjIP-Kec-X-2024"),
    ("Kecamatan Utara/Selatan", "LKjIP-Kecamatan-Utara-Selatan-2024"),
])
def test_a_report_named_from_workbook_text_stays_in_its_folder(make_book, tmp_path, instansi, stem):
    """The file name is made safe; the title inside the report keeps the name as typed."""
    (tmp_path / "X").mkdir()  # a folder the unsafe name could have reached
    p = make_book(lambda doc: doc["tables"]["Profil"].update({"Nama Instansi": instansi}))
    out = tmp_path / "a" / "b" / "laporan"
    r = run("report", p, "-o", out, "--format", "html")
    assert r.exit_code in (0, 1), r.output
    assert [f.name for f in out.iterdir()] == [f"{stem}.html"]
    assert list((tmp_path / "X").iterdir()) == []
    assert instansi.upper() in (out / f"{stem}.html").read_text(encoding="utf-8").upper()


def test_consolidate_piped_into_head_still_writes_every_file(masuk, tmp_path):
    """`lkjip consolidate … | head -1`: the pipe closes after the first line, and every output is there."""
    lap = tmp_path / "laporan"
    p = subprocess.Popen([sys.executable, "-m", "lkjip_xl", "consolidate", str(masuk), "-o", str(tmp_path / "r.xlsx"),
                          "--laporan", str(lap), "--jobs", "1", "--tahun", "2022"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert p.stdout is not None
    assert p.stdout.readline().startswith(b"Rekap tahun 2022")
    p.stdout.close()
    assert p.wait(timeout=120) == 0
    assert (tmp_path / "r.xlsx").exists()
    assert sorted(f.suffix for f in lap.iterdir()) == [".docx", ".html"]
