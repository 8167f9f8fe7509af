"""The command line: exit codes 0/1/2, text and JSON, Indonesian messages and never a traceback."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from lkjip_xl.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_check_json_lists_issues_with_cells(demo_book):
    r = run("check", demo_book, "--format", "json")
    assert r.exit_code == 1  # the demo's budget table contradicts itself
    data = json.loads(r.output)
    assert {"severity", "code", "sheet", "cell", "message"} == set(data[0])
    assert {"jumlah-induk-beda", "Anggaran", "I9"} <= {(d["code"], d["sheet"], d["cell"]) for d in data} or any(
        d["code"] == "jumlah-induk-beda" for d in data)


def test_recompute_exit_codes(demo_book, tmp_path):
    r = run("recompute", demo_book, "-o", tmp_path / "out.xlsx")
    assert r.exit_code == 1
    assert "Ditulis:" in r.output


@pytest.mark.writes_invalid_xlsx  # a CSV named .xlsx, on purpose
def test_unreadable_file_exit_2_without_traceback(tmp_path):
    bad = tmp_path / "laporan.xlsx"
    bad.write_text("No,Nama\n1,Balapulang\n")
    before = bad.read_bytes()
    p = subprocess.run([sys.executable, "-m", "lkjip_xl", "check", str(bad)], capture_output=True, text=True)
    assert p.returncode == 2
    assert "bukan workbook Excel" in p.stderr
    assert "Traceback" not in p.stderr + p.stdout
    assert bad.read_bytes() == before
    p = subprocess.run([sys.executable, "-m", "lkjip_xl", "recompute", str(bad)], capture_output=True, text=True)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert bad.read_bytes() == before


def test_missing_file_exit_2(tmp_path):
    r = run("check", tmp_path / "tidak-ada.xlsx")
    assert r.exit_code == 2
    assert "tidak ditemukan" in r.output


def test_new_creates_standard_workbook(tmp_path):
    out = tmp_path / "baru.xlsx"
    r = run("new", out, "--instansi", "Kecamatan Balapulang", "--kabupaten", "Kabupaten Tegal", "--tahun", 2024,
            "--renstra", "2019-2024")
    assert r.exit_code == 0, r.output
    from lkjip_xl.api import check

    o = check(out)
    assert o.workbook.years == (2019, 2020, 2021, 2022, 2023, 2024)
    assert o.workbook.prof("Nama Instansi") == "Kecamatan Balapulang"
    assert o.workbook.tahun == 2024
    again = run("new", out, "--tahun", 2024, "--renstra", "2019-2024")
    assert again.exit_code == 2 and "--timpa" in again.output


def test_new_refuses_bad_renstra(tmp_path):
    r = run("new", tmp_path / "x.xlsx", "--tahun", 2024, "--renstra", "2024")
    assert r.exit_code == 2 and "2019-2024" in r.output


def test_demo_prints_summary(tmp_path):
    r = run("demo", tmp_path / "d")
    assert r.exit_code == 0, r.output
    assert "Capaian per sasaran:" in r.output
    assert "101,26%" in r.output  # sasaran 1.1: SAKIP 72,10 / 71,20
    # sasaran 2.1: IKM from the survey's nine unsur (85,00), not the printed 86,30: 85,00 / 85,50
    assert "99,42%" in r.output
    assert "Serapan" in r.output or "serapan" in r.output
    assert (tmp_path / "d" / "purwareja-klampok-2024.xlsx").exists()
