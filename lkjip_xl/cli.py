"""`lkjip`: a thin command line over the library. Messages are Indonesian; exit 0 ok, 1 errors, 2 unusable."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from ._version import __version__
from .errors import LkjipError
from .issues import error_message

__all__ = ["cli", "main"]

CONTEXT = {"help_option_names": ["-h", "--help"]}


class CliError(click.ClickException):
    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.message}", err=True)


def _run(fn: Any) -> Any:
    """Turn an LkjipError into its message and exit 2; never show a traceback to staff."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except LkjipError as exc:
            raise CliError(exc.message) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            # output piped into `head` and closed: not an error of the user's file
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except KeyboardInterrupt:
            raise CliError("Dibatalkan.") from None
        except Exception as exc:  # a bug of ours: say so plainly, keep the detail for developers
            if os.environ.get("LKJIP_DEBUG"):
                raise
            raise CliError(error_message("tidak-terduga", "cli", jenis=type(exc).__name__)) from None

    return wrapper


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="lkjip")
def cli() -> None:
    """lkjip: Laporan Kinerja (LKjIP) kecamatan dari satu workbook Excel standar."""


def _years(renstra: str) -> tuple[int, ...]:
    m = re.match(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$", renstra)
    if not m or int(m.group(1)) > int(m.group(2)) or int(m.group(2)) - int(m.group(1)) > 10:
        raise CliError(f"--renstra '{renstra}' tidak dikenali; tulis seperti 2019-2024.")
    return tuple(range(int(m.group(1)), int(m.group(2)) + 1))


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--instansi", default="", help="Nama instansi, mis. 'Kecamatan Balapulang'.")
@click.option("--kabupaten", default="", help="Nama kabupaten/kota.")
@click.option("--provinsi", default="", help="Nama provinsi.")
@click.option("--tahun", type=int, required=True, help="Tahun laporan, mis. 2024.")
@click.option("--renstra", required=True, help="Periode Renstra/RPD, mis. 2019-2024.")
@click.option("--dari", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Workbook tahun lalu: profil, desa, pegawai, Renstra dan skala dibawa; kinerja dan anggaran "
                   "tahun lalu masuk ke Riwayat.")
@click.option("--lindungi", is_flag=True, help="Kunci sel abu-abu dengan proteksi lembar (tabel tidak bisa melebar).")
@click.option("--timpa", is_flag=True, help="Timpa berkas OUT bila sudah ada.")
@_run
def new(out: Path, instansi: str, kabupaten: str, provinsi: str, tahun: int, renstra: str, dari: Path | None,
        lindungi: bool, timpa: bool) -> None:
    """Buat workbook standar baru.

    Example:

        lkjip new lkjip-2024.xlsx --instansi "Kecamatan Balapulang" --kabupaten "Kabupaten Tegal" --tahun 2024 --renstra 2019-2024
    """
    from .carry import new_workbook_data
    from .template import build_workbook
    from .xlsx import atomic_write, refuse_existing

    if not timpa:
        refuse_existing([out])
    years = _years(renstra)
    data = new_workbook_data(instansi=instansi, kabupaten=kabupaten, provinsi=provinsi, tahun=tahun,
                             renstra=renstra, years=years, previous=dari)
    with tempfile.TemporaryDirectory(prefix="lkjip-baru-") as td:
        made = build_workbook(Path(td) / out.name, years=years, data=data, protect=lindungi)
        atomic_write(out, made.read_bytes())
    click.echo(f"Workbook baru: {out}")


def _same_file(a: Path, b: Path) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _format_option(fn: Any) -> Any:
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help="Bentuk keluaran.")(fn)


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path))  # our own message for a folder
@_format_option
@_run
def check(workbook: Path, fmt: str) -> None:
    """Periksa workbook dan tampilkan masalahnya (tidak mengubah berkas).

    Example:

        lkjip check lkjip-2024.xlsx --format json
    """
    from .api import check as do_check

    o = do_check(workbook)
    click.echo(o.result.to_json() if fmt == "json" else o.result.to_text())
    sys.exit(0 if o.result.valid else 1)


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path))  # our own message for a folder
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Tulis ke berkas lain (bawaan: menimpa WORKBOOK secara aman).")
@click.option("--timpa", is_flag=True, help="Dengan -o: timpa berkas itu bila sudah ada.")
@_format_option
@_run
def recompute(workbook: Path, output: Path | None, timpa: bool, fmt: str) -> None:
    """Hitung ulang semua sel abu-abu, lembar Efisiensi, Ringkasan dan Validasi.

    Example:

        lkjip recompute lkjip-2024.xlsx
    """
    from .api import recompute as do_recompute

    if output is not None and not timpa and not _same_file(output, workbook):
        from .xlsx import refuse_existing

        refuse_existing([output])
    o = do_recompute(workbook, output)
    target = output or workbook
    if fmt == "json":
        click.echo(o.result.to_json())
    else:
        click.echo(o.result.to_text())
        click.echo(f"Ditulis: {target} ({o.written} sel diperbarui)" if o.written or output else
                   f"Tidak ada perubahan: {target} sudah mutakhir.")
    sys.exit(0 if o.result.valid else 1)


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path))  # our own message for a folder
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder tujuan berkas laporan.")
@click.option("--format", "formats", default="docx,html,pdf", show_default=True,
              help="Format laporan, dipisah koma: docx, html, pdf (PDF dibuat LibreOffice dari berkas Word).")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder templat sendiri (laporan.docx, laporan.html.j2); yang tidak ada memakai templat bawaan.")
@click.option("--timpa", is_flag=True, help="Timpa berkas laporan yang sudah ada di folder tujuan.")
@_run
def report(workbook: Path, out_dir: Path, formats: str, templates: Path | None, timpa: bool) -> None:
    """Tulis laporan LKjIP dari buku kerja (buku kerja tidak diubah).

    Exit 0 bila buku kerja tanpa error, 1 bila laporan dibuat tetapi buku kerja masih ber-error, 2 bila gagal.

    Example:

        lkjip report lkjip-2024.xlsx -o laporan --format docx,pdf
    """
    from .api import check as do_check
    from .report import make_report

    o = do_check(workbook)
    made = make_report(workbook, out_dir, formats=formats.split(","), templates=templates, outcome=o,
                       overwrite=timpa)
    for fmt, path in made.items():
        click.echo(f"{fmt.upper():<5} {path.resolve()}")
    if not o.result.valid:
        click.echo(f"Perhatian: buku kerja masih memiliki {len(o.result.errors)} error; periksa lembar Validasi "
                   "(lkjip check) sebelum laporan ditandatangani.", err=True)
    sys.exit(0 if o.result.valid else 1)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Berkas rekap .xlsx yang ditulis.")
@click.option("--tahun", type=int, help="Tahun laporan yang direkap (bawaan: tahun terbanyak di berkas masuk).")
@click.option("--kabupaten", help="Kabupaten/kota yang direkap (bawaan: yang terbanyak di berkas masuk); workbook "
                                  "kabupaten lain dicatat di lembar Masalah.")
@click.option("--tanpa-draf", is_flag=True, help="Workbook berstatus Draf tidak ikut direkap (dicatat di Masalah).")
@click.option("--batas-waktu", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              help="Batas waktu membaca satu berkas, dalam detik; berkas yang melewatinya dicatat di Masalah.")
@click.option("--jobs", type=int, help="Jumlah proses paralel (bawaan: jumlah inti CPU).")
@click.option("--parquet", type=click.Path(file_okay=False, path_type=Path), help="Folder ekspor Parquet.")
@click.option("--duckdb", "duckdb_path", type=click.Path(dir_okay=False, path_type=Path), help="Berkas DuckDB.")
@click.option("--laporan", type=click.Path(file_okay=False, path_type=Path),
              help="Folder laporan rekap untuk Bupati (Word dan HTML).")
@click.option("--timpa", is_flag=True, help="Timpa berkas hasil (rekap, DuckDB, Parquet, laporan) yang sudah ada.")
@_run
def consolidate(inputs: tuple[str, ...], output: Path, tahun: int | None, kabupaten: str | None, tanpa_draf: bool,
                batas_waktu: float, jobs: int | None, parquet: Path | None, duckdb_path: Path | None,
                laporan: Path | None, timpa: bool) -> None:
    """Rekap semua workbook kecamatan (berkas, folder atau pola seperti 'masuk/*.xlsx') menjadi satu workbook.

    Berkas yang tidak dapat dipakai, kiriman ganda (juga dengan ejaan nama berbeda), workbook tahun atau
    kabupaten lain dan berkas yang terlalu lama dibaca dicatat di lembar Masalah; prosesnya tidak berhenti. Exit 0
    bila rekap ditulis.

    Example:

        lkjip consolidate masuk/ -o rekap-2024.xlsx --tahun 2024 --parquet rekap-parquet
    """
    from .consolidate import collect_inputs
    from .consolidate import consolidate as run
    from .consolidate.export import TABLE_NAMES, export
    from .consolidate.identity import shown
    from .consolidate.workbook import write_rekap
    from .xlsx import refuse_existing, refuse_inputs

    # an output never replaces an input, and an existing one only with --timpa; all checked before anything is
    # written (the Bupati report's name holds the kabupaten: known once the workbooks are read)
    existing = [p for p in (output, duckdb_path) if p is not None and os.path.lexists(p)]
    collected = None
    if existing:  # an output that does not exist yet cannot be an input
        collected = collect_inputs(inputs)
        refuse_inputs(existing, collected[0])
    if not timpa:
        refuse_existing([p for p in (output, duckdb_path) if p is not None])
        if parquet is not None:
            refuse_existing(parquet / f"{name}.parquet" for name in TABLE_NAMES)
    rekap = run(inputs, None, tahun=tahun, kabupaten=kabupaten, tanpa_draf=tanpa_draf, batas_waktu=batas_waktu,
                jobs=jobs, progress=sys.stderr.isatty(), collected=collected)
    if laporan:
        from .consolidate.report import make_rekap_report, rekap_report_paths

        if not timpa:
            refuse_existing(rekap_report_paths(rekap, laporan))
    # every file is written before anything is printed: output piped into `head` cannot cut the run short
    write_rekap(rekap, output)
    if parquet is not None or duckdb_path is not None:
        export(rekap, parquet_dir=parquet, duckdb_path=duckdb_path)
    made = make_rekap_report(rekap, laporan) if laporan else {}
    click.echo(f"Rekap tahun {rekap.tahun or '-'}: {len(rekap.kecamatan)} kecamatan dari {rekap.files} berkas.")
    n_draf = sum(1 for k in rekap.kecamatan if k.draf)
    if n_draf:
        click.echo(f"{n_draf} kecamatan berstatus Draf (kolom Status Dokumen pada lembar Ringkasan).")
    with_err = sum(1 for k in rekap.kecamatan if k.errors)
    if with_err:
        click.echo(f"{with_err} kecamatan masih memiliki error (kolom Error pada lembar Ringkasan).")
    if rekap.masalah:
        click.echo(f"{len(rekap.masalah)} masalah (lembar Masalah):")
        for m in rekap.masalah:
            click.echo(f"  {shown(Path(m.berkas).name)}: [{m.kode}] {shown(m.alasan)}")
    click.echo(f"Ditulis: {output.resolve()}")
    for label, path in (("Parquet", parquet), ("DuckDB", duckdb_path)):
        if path:
            click.echo(f"{label}: {path.resolve()}")
    for fmt, path in made.items():
        click.echo(f"Laporan {fmt.upper()}: {path.resolve()}")


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@_run
def demo(directory: Path | None) -> None:
    """Jalankan seluruh alur pada contoh bawaan dan tampilkan ringkasannya.

    Example:

        lkjip demo keluaran-demo
    """
    from .api import recompute as do_recompute
    from .filldata import DEMO_DATA, DEMO_EXAMPLE, build_from_data, load_data
    from .summary import summary_text

    directory = directory or Path("lkjip-demo")
    directory.mkdir(parents=True, exist_ok=True)
    doc = load_data(DEMO_DATA)
    wb_path = directory / f"{DEMO_EXAMPLE}.xlsx"
    build_from_data(doc, wb_path)
    o = do_recompute(wb_path)
    click.echo(summary_text(o))
    click.echo("")
    from .report import make_report
    from .report.render import soffice

    fmts = ["docx", "html"] + (["pdf"] if soffice() else [])
    made = make_report(wb_path, directory, formats=fmts, outcome=o)
    click.echo(f"Buku kerja: {wb_path.resolve()}")
    for fmt, path in made.items():
        click.echo(f"Laporan {fmt.upper():<4}: {path.resolve()}")
    if "pdf" not in made:
        click.echo("(PDF tidak dibuat: LibreOffice tidak ditemukan.)")


_LAST_CLICK = {
    "win32": "Langkah terakhir, sekali saja: buka Excel ▸ File ▸ Options ▸ Add-ins ▸ Manage: Excel Add-ins ▸ Go… ▸ "
             "centang LKjIP ▸ OK. Tab LKjIP muncul di pita.",
    "darwin": "Langkah terakhir, sekali saja: buka Excel ▸ Tools ▸ Excel Add-ins… ▸ centang LKjIP ▸ OK (bila belum "
              "tercantum: Browse… lalu pilih berkas di atas). Tab LKjIP muncul di pita.",
}


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("lkjip.xlam"),
              show_default=True, help="Berkas add-in yang ditulis.")
@click.option("--sumber", type=click.Path(file_okay=False, path_type=Path),
              help="Folder berisi LkjipTombol.bas dan customUI.xml (bawaan: macros/ repositori ini).")
@click.option("--pasang", is_flag=True, help="Pasang juga untuk pengguna ini: salin ke folder add-in Excel.")
@click.option("--timpa", is_flag=True, help="Dengan --pasang: ganti lkjip.xlam lain yang sudah ada di sana.")
# the operating system to install for; tests set it to check every platform's folder on one machine
@click.option("--platform", "platform_", default=sys.platform, hidden=True)
@_run
def addin(output: Path, sumber: Path | None, pasang: bool, timpa: bool, platform_: str) -> None:
    """Bangun add-in Excel lkjip.xlam (tab LKjIP: Periksa, Hitung Ulang, Buat Laporan).

    Dengan --pasang add-in juga disalin ke folder add-in Excel pengguna ini (Windows, macOS); tinggal satu
    centang di Excel.

    Example:

        lkjip addin --pasang
    """
    from .excel.addin import addin_folder, build_addin, install_addin

    folder = addin_folder(platform_, os.environ, Path.home()) if pasang else None
    if pasang and folder is None:
        raise CliError("Excel tidak tersedia di sistem ini; --pasang hanya untuk Windows dan macOS. Bangun add-in "
                       "dengan 'lkjip addin' lalu salin lkjip.xlam ke komputer yang memakai Excel.")
    built = build_addin(output, source_dir=sumber)
    click.echo(f"Add-in: {built.resolve()}")
    if folder is not None:
        click.echo(f"Dipasang: {install_addin(built, folder, overwrite=timpa)}")
        click.echo(_LAST_CLICK[platform_])


def main() -> None:  # pragma: no cover - console entry
    try:
        cli()
    finally:
        from .collector import skip_final_collection

        skip_final_collection()  # the process ends here
