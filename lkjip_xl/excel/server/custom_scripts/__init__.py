"""The three buttons as xlwings Server scripts: same entry points as RunPython and the command line.

Both clients (the VBA add-in and the Office.js task pane) send the percent-formatted cells in the
``X-Lkjip-Persen`` header; the server's middleware puts it where :func:`cell_formats` finds it.
"""

import xlwings as xw
from xlwings.server import script  # the real decorator, whatever was imported first

from lkjip_xl import excel
from lkjip_xl.excel.server import cell_formats


@script
def lkjip_periksa(book: xw.Book) -> None:
    """Periksa."""
    excel.check(book, cell_formats=cell_formats())


@script
def lkjip_hitung_ulang(book: xw.Book) -> None:
    """Hitung Ulang."""
    excel.recompute(book, cell_formats=cell_formats())


@script
def lkjip_buat_laporan(book: xw.Book) -> None:
    """Buat Laporan: the server writes into LKJIP_LAPORAN_DIR (a shared folder) and says where."""
    excel.report(book, open_file=False, cell_formats=cell_formats())
