"""The three buttons as xlwings Server scripts: same entry points as RunPython and the command line."""

import xlwings as xw
from xlwings.server import script  # the real decorator, whatever was imported first

from lkjip_xl import excel


@script
def lkjip_periksa(book: xw.Book) -> None:
    """Periksa."""
    excel.check(book)


@script
def lkjip_hitung_ulang(book: xw.Book) -> None:
    """Hitung Ulang."""
    excel.recompute(book)


@script
def lkjip_buat_laporan(book: xw.Book) -> None:
    """Buat Laporan: the server writes into LKJIP_LAPORAN_DIR (a shared folder) and says where."""
    excel.report(book, open_file=False)
