"""Regenerate the page images in docs/img from the Purwareja Klampok example: `python docs/build_images.py`."""

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from lkjip_xl.report import make_report  # noqa: E402

# the page to show, found by a text it carries (the last page carrying it: the Daftar Tabel lists captions too)
PAGES = {"sampul": "LAPORAN KINERJA INSTANSI", "daftar-isi": "BAB I PENDAHULUAN....",
         "capaian": "Capaian Indikator Kinerja Tahun", "anggaran": "Realisasi Anggaran per Program"}


def page_of(pdf: Path, text: str) -> int:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    hits = [i + 1 for i, page in enumerate(out.split("\f")) if text in " ".join(page.split())
            and (text.endswith("....") or not any(text in ln and "...." in ln for ln in page.splitlines()))]
    if text.endswith("...."):  # a Daftar Isi line: its first page
        return hits[0]
    return hits[0] if text.startswith("LAPORAN") else hits[-1]


def main() -> None:
    with tempfile.TemporaryDirectory() as td:
        made = make_report(HERE.parent / "examples" / "purwareja-klampok-2024.xlsx", Path(td), formats=["pdf"])
        for name, text in PAGES.items():
            page = page_of(made["pdf"], text)
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                            str(made["pdf"]), str(HERE / "img" / f"laporan-{page:02d}-{name}")], check=True)
            print(HERE / "img" / f"laporan-{page:02d}-{name}.png")


if __name__ == "__main__":
    main()
