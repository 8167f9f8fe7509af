"""Generate the hostile-input corpus: what real users (and real attackers) send instead of a clean workbook.

    python tests/bad_inputs/make_corpus.py OUT_DIR

Each case is one file named after the case. Most start from the small fixture workbook (tests/data/mini.yaml,
its budget made consistent, recomputed), then break one thing, at the data level (what staff type) or at the
package level (what other programs, truncated downloads and attackers produce). The expected outcome of every
case is pinned in tests/test_bad_inputs.py.

OUT_DIR holds the broken inputs: `lkjip check` ends each with a non-zero exit and a message. OUT_DIR/sah/
holds what users send that looks odd but is a valid workbook (hidden rows, "86,30%" typed as text, an .xlsm, a
50 MB attachment sheet…): it must be read, so `lkjip check` exits 0 there unless the data has errors, as the
CLI contract says (../shared/spec/workbook.md), with any warning pinned too.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from lkjip_xl.api import recompute  # noqa: E402
from lkjip_xl.filldata import build_from_data, load_data  # noqa: E402

MINI = ROOT / "tests" / "data" / "mini.yaml"
NOW = dt.datetime(2025, 1, 31, 9, 0)


def base_doc() -> dict[str, Any]:
    doc = load_data(MINI)
    for r in doc["tables"]["Anggaran"]:
        if r["Kode"] in ("1", "1.02", "1.05"):
            r["Realisasi"] = None  # the fixture's typed totals that disagree: cleared, so the base is clean
    return doc


def _row(doc: dict[str, Any], table: str, key: str, value: Any) -> dict[str, Any]:
    return next(r for r in doc["tables"][table] if r.get(key) == value)


def _kin(doc: dict[str, Any], code: str) -> dict[str, Any]:
    return _row(doc, "Kinerja", "Kode Indikator", code)


def _ang(doc: dict[str, Any], code: str) -> dict[str, Any]:
    return _row(doc, "Anggaran", "Kode", code)


# --- data-level cases: (name, edit of the data, decorate hook for XlsxWriter or None) -------------------------

def _err_formula(sheet: str, row: int, col: int, formula: str, value: str) -> Callable[[Any, dict[str, Any]], None]:
    def deco(wb: Any, sheets: dict[str, Any]) -> None:
        sheets[sheet].write_formula(row, col, formula, None, value)
    return deco


def _formula_nocache(sheet: str, row: int, col: int, formula: str) -> Callable[[Any, dict[str, Any]], None]:
    def deco(wb: Any, sheets: dict[str, Any]) -> None:
        sheets[sheet].write_formula(row, col, formula, None, "")
    return deco


def _hide_rows(wb: Any, sheets: dict[str, Any]) -> None:
    for r in (4, 5):
        sheets["Kinerja"].set_row(r, None, None, {"hidden": True})


DATA_CASES: dict[str, tuple[Callable[[dict[str, Any]], None], Any]] = {
    "teks-di-kolom-angka": (lambda d: _kin(d, "2.1.1").update({"Realisasi TW II": "delapan puluh"}), None),
    "format-angka-campur": (lambda d: (_ang(d, "1.01.01").update({"Pagu": "Rp 1.500.000,-"}),
                                       _ang(d, "1.01.02").update({"Pagu": "1,500,000"})), None),
    "persen-pecahan": (lambda d: _kin(d, "2.1.1").update({"Realisasi": 0.863}), None),
    "persen-dengan-tanda": (lambda d: _kin(d, "2.1.1").update({"Realisasi": "86,30%"}), None),
    "tanggal-teks-sah": (lambda d: d["tables"]["Profil"].update({"Tanggal Laporan": "31 Januari 2025"}), None),
    "tanggal-teks-salah": (lambda d: d["tables"]["Profil"].update({"Tanggal Laporan": "31/13/2025"}), None),
    "galat-div0": (lambda d: None, _err_formula("Kinerja", 5, 3, "=1/0", "#DIV/0!")),
    "galat-ref": (lambda d: None, _err_formula("Kinerja", 5, 4, "=#REF!+1", "#REF!")),
    "galat-na": (lambda d: None, _err_formula("Anggaran", 6, 7, "=NA()", "#N/A")),
    "rumus-lembar-terhapus": (lambda d: None, _formula_nocache("Kinerja", 5, 3, "='Lembar Hapus'!A1*2")),
    "rumus-tanpa-nilai-sah": (lambda d: _kin(d, "2.1.1").update({"Realisasi": None}),
                              _formula_nocache("Kinerja", 5, 3, "=86.3*1")),
    "baris-tersembunyi": (lambda d: None, _hide_rows),
    "kode-ganda": (lambda d: d["tables"]["Indikator"].append(dict(_row(d, "Indikator", "Kode", "2.1.1"))), None),
    "induk-melingkar": (lambda d: d["tables"]["Anggaran"].extend([
        {"Kode": "8", "Kode Induk": "9", "Level": "Kegiatan", "Uraian": "A", "Pagu": 10, "Realisasi": 5},
        {"Kode": "9", "Kode Induk": "8", "Level": "Kegiatan", "Uraian": "B", "Pagu": 10, "Realisasi": 5}]), None),
    "skala-celah": (lambda d: d["tables"].update({"Skala": [
        {"Batas Bawah": 91, "Predikat": "Sangat Tinggi"}, {"Batas Bawah": 76, "Batas Atas": 90, "Predikat": "Tinggi"},
        {"Batas Bawah": 0, "Batas Atas": 76, "Predikat": "Rendah"}]}), None),
    "uang-negatif": (lambda d: _ang(d, "1.01.01").update({"Pagu": -1500000}), None),
    "uang-bersen": (lambda d: _ang(d, "1.01.01").update({"Pagu": "1.500.000,50"}), None),
    "pilihan-salah": (lambda d: _row(d, "Indikator", "Kode", "2.1.1").update({"Polaritas": "Naik"}), None),
    "tahun-bukan-tahun": (lambda d: d["tables"]["Riwayat"][0].update({"Tahun": "dua ribu"}), None),
    "profil-wajib-kosong": (lambda d: d["tables"]["Profil"].update({"Nama Kepala": None}), None),
    "indikator-pk-asing": (lambda d: d["tables"]["Kinerja"].append(
        {"Kode Indikator": "7.7.7", "Target PK": 10, "Realisasi": 9}), None),
    "realisasi-lebih-pagu": (lambda d: _ang(d, "1.01.01").update({"Realisasi": 9_000_000}), None),
    "unsur-di-luar-1-4": (lambda d: d["tables"].update({"SKM": [
        {"Unit Layanan": "Kecamatan", "Periode": "Tahunan", "Responden": 100,
         **{f"U{i}": 3.4 for i in range(1, 10)}, "U5": 85}]}), None),
    "satuan-keliru": (lambda d: _kin(d, "2.1.1").update({"Target PK": 1.25, "Realisasi": 82}), None),
    "nama-berformula": (lambda d: d["tables"]["Desa"].append(
        {"No": 9, "Nama Desa": '=HYPERLINK("http://contoh.invalid","klik")', "Jenis": "Desa"}), None),
    "teks-berbahaya": (lambda d: d["tables"]["Analisis"][0].update(
        {"Hambatan": "<script>alert(1)</script> & \"kutip\" {{ 7*7 }} {% raw %}"}), None),
    "ribuan-baris-kosong": (lambda d: d["tables"]["Anggaran"].extend([{}] * 0), "spare5000"),
    "target-pk-kosong": (lambda d: _kin(d, "2.1.1").update({"Target PK": None}), None),
    "kode-kosong": (lambda d: d["tables"]["Anggaran"].append(
        {"Level": "Kegiatan", "Uraian": "Kegiatan tanpa kode", "Pagu": 1000, "Realisasi": 900}), None),
    "induk-tidak-ada": (lambda d: d["tables"]["Anggaran"].append(
        {"Kode": "5.01", "Kode Induk": "5", "Level": "Kegiatan", "Uraian": "Yatim", "Pagu": 1000, "Realisasi": 900}),
        None),
    "periode-renstra-salah": (lambda d: d["tables"]["Profil"].update({"Periode Renstra": "lima tahun"}), None),
    "penyebut-nol": (lambda d: _kin(d, "2.1.1").update({"Realisasi": None, "Pembilang": 5, "Penyebut": 0}), None),
    "skala-tumpang-tindih": (lambda d: d["tables"].update({"Skala": [
        {"Batas Bawah": 80, "Predikat": "Baik"}, {"Batas Bawah": 0, "Batas Atas": 90, "Predikat": "Kurang"}]}), None),
    "uang-berupa-kata": (lambda d: _ang(d, "1.01.01").update({"Pagu": "satu juta lima ratus ribu"}), None),
    "tahun-laporan-kosong": (lambda d: d["tables"]["Profil"].update({"Tahun Laporan": None}), None),
}


# --- package-level cases ----------------------------------------------------------------------------------

def _rezip(src: bytes, edit: Callable[[str, bytes], bytes | None]) -> bytes:
    zin = zipfile.ZipFile(io.BytesIO(src))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
    return out.getvalue()


def _sheet_part(src: bytes, sheet: str) -> str:
    z = zipfile.ZipFile(io.BytesIO(src))
    wb = z.read("xl/workbook.xml").decode()
    rid = re.search(rf'<sheet name="{re.escape(sheet)}" sheetId="\d+" r:id="(rId\d+)"', wb).group(1)
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + (target.group(1) or target.group(2)).lstrip("/").removeprefix("xl/")


def _table_part(src: bytes, table: str) -> str:
    z = zipfile.ZipFile(io.BytesIO(src))
    for n in z.namelist():
        if n.startswith("xl/tables/") and f'displayName="{table}"'.encode() in z.read(n):
            return n
    raise KeyError(table)


def _replace(part: str, old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def go(src: bytes) -> bytes:
        return _rezip(src, lambda n, d: d.replace(old, new) if n == part else d)
    return go


def package_cases(base: bytes) -> dict[str, bytes]:
    kinerja_tbl = _table_part(base, "Kinerja")
    kinerja_sheet = _sheet_part(base, "Kinerja")
    anggaran_sheet = _sheet_part(base, "Anggaran")
    cases: dict[str, bytes] = {}
    cases["tabel-diganti-nama"] = _rezip(base, lambda n, d: d.replace(b'displayName="Kinerja"', b'displayName="Tabel1"')
                                         .replace(b'name="Kinerja"', b'name="Tabel1"') if n == kinerja_tbl else d)
    # staff retype one header in Excel: the cell text and the table's column name change together
    from lkjip_xl.xlsx import CellWrite, Package

    pkg = Package(base, "")
    r1, c1, _, _ = pkg.table("Kinerja").bounds
    col = pkg.table("Kinerja").columns.index("Realisasi")
    pkg.write_cells("Kinerja", {(r1, c1 + col): CellWrite("Realisasi 2024")})
    renamed = pkg.to_bytes()
    cases["judul-kolom-diganti"] = _rezip(renamed, lambda n, d: d.replace(b'name="Realisasi"', b'name="Realisasi 2024"')
                                          if n == kinerja_tbl else d)
    cases["lembar-diganti-nama"] = _rezip(base, lambda n, d: d.replace(b'<sheet name="Kinerja"', b'<sheet name="PK 2024"')
                                          .replace(b"'Kinerja'!", b"'PK 2024'!").replace(b"Kinerja!", b"'PK 2024'!")
                                          if n == "xl/workbook.xml" else d)

    def drop_sheet(n: str, d: bytes) -> bytes | None:
        if n == anggaran_sheet or n.startswith("xl/tables/") and (b'displayName="Anggaran"' in d or
                                                                  b'displayName="RiwayatAnggaran"' in d):
            return None
        if n == "xl/workbook.xml":
            return re.sub(rb'<sheet name="Anggaran"[^>]*/>', b"", d)
        return d
    cases["lembar-dihapus"] = _rezip(base, drop_sheet)
    # Excel lets staff merge cells inside a table area (XlsxWriter does not): done in the sheet XML
    cases["sel-digabung"] = _rezip(base, lambda n, d: d.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A6:B6"/></mergeCells>', 1)
        if n == kinerja_sheet else d)
    cases["kosong.zip"] = _empty_zip()
    cases["terpotong"] = base[: len(base) // 2]
    cases["isi-zip-rusak"] = _flip_member(base, kinerja_sheet)  # a damaged byte inside one member: CRC fails
    cases["zip-bomb-berbohong"] = _lying_bomb(base, kinerja_sheet)  # 300 MB declared as 4 KB
    cases["zip-bomb"] = _zip_bomb()
    cases["xxe"] = _rezip(base, lambda n, d: (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
                                               b'"file:///etc/passwd">]>' + d.split(b"?>", 1)[1])
                          if n == "xl/workbook.xml" else d)
    cases["xxe-sheet"] = _rezip(base, lambda n, d: (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "&#x41;">]>'
                                                     + d.split(b"?>", 1)[1]) if n == kinerja_sheet else d)
    cases["sheet-xml-rusak"] = _rezip(base, lambda n, d: d[: len(d) // 2] if n == kinerja_sheet else d)
    return cases


def _flip_member(src: bytes, name: str) -> bytes:
    """The package with one byte of ``name``'s compressed data damaged; its directory intact."""
    info = zipfile.ZipFile(io.BytesIO(src)).getinfo(name)
    off = info.header_offset
    start = off + 30 + int.from_bytes(src[off + 26:off + 28], "little") + int.from_bytes(src[off + 28:off + 30], "little")
    mid = start + info.compress_size // 2
    return src[:mid] + bytes([src[mid] ^ 0x5A]) + src[mid + 1:]


def _lying_bomb(src: bytes, name: str) -> bytes:
    """A real workbook whose ``name`` inflates to 300 MB while both zip directories declare 4 KB: the size checks
    pass, so reading must stop at the declared size by itself."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as z_in, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z_out:
        for info in z_in.infolist():
            z_out.writestr(info.filename, b"0" * (300 * 1024 * 1024) if info.filename == name else z_in.read(info))
    raw = bytearray(out.getvalue())
    small = (4096).to_bytes(4, "little")
    z = zipfile.ZipFile(io.BytesIO(bytes(raw)))
    off = z.getinfo(name).header_offset
    raw[off + 22:off + 26] = small  # the local header's uncompressed size
    entry = z.start_dir  # then the central directory's entry for the same member
    while raw[entry + 46:entry + 46 + len(name)] != name.encode():
        size = 46 + sum(int.from_bytes(raw[entry + k:entry + k + 2], "little") for k in (28, 30, 32))
        entry += size
    raw[entry + 24:entry + 28] = small
    return bytes(raw)


def _empty_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w"):
        pass
    return out.getvalue()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (300 * 1024 * 1024))
    return out.getvalue()


def _ole(encrypted: bool) -> bytes:
    head = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504
    body = ("E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0".encode() if encrypted else b"Workbook\0") + os.urandom(4096)
    return head + body


SAH = frozenset({
    "format-angka-campur", "persen-dengan-tanda", "persen-pecahan", "satuan-keliru", "tanggal-teks-sah",
    "rumus-tanpa-nilai-sah", "baris-tersembunyi", "ribuan-baris-kosong", "lembar-diganti-nama", "nama-berformula",
    "teks-berbahaya", "xlsm-bermakro", "besar-50mb",
})
"""The valid-but-odd cases, written to OUT_DIR/sah/."""


def make_corpus(out: str | Path) -> dict[str, Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}
    base_path = out / "_dasar.xlsx"
    build_from_data(base_doc(), base_path)
    recompute(base_path, now=NOW)
    base = base_path.read_bytes()

    for name, (edit, deco) in DATA_CASES.items():
        doc = copy.deepcopy(base_doc())
        edit(doc)
        p = out / f"{name}.xlsx"
        if deco == "spare5000":
            from lkjip_xl import schema

            t = schema.TABLES["Anggaran"]
            object.__setattr__(t, "spare_rows", 5000)
            try:
                build_from_data(doc, p)
            finally:
                object.__setattr__(t, "spare_rows", 30)
        else:
            build_from_data(doc, p, decorate=deco)
        if not deco:
            recompute(p, now=NOW)
        made[name] = p

    for name, data in package_cases(base).items():
        p = out / (name if name.endswith(".zip") else f"{name}.xlsx")
        p.write_bytes(data)
        made[name] = p
    # a workbook from a newer template: its Meta says version 99
    p = out / "versi-template-baru.xlsx"
    from lkjip_xl.xlsx import CellWrite, Package

    pkg = Package(base, str(p))
    g = pkg.table("Meta")
    r1, c1, _, _ = g.bounds
    pkg.write_cells(g.sheet, {(r1 + 1, c1 + 1): CellWrite("99")})
    pkg.save(p)
    made["versi-template-baru"] = p

    made["xls-lama"] = out / "xls-lama.xls"
    made["xls-lama"].write_bytes(_ole(encrypted=False))
    made["terenkripsi"] = out / "terenkripsi.xlsx"
    made["terenkripsi"].write_bytes(_ole(encrypted=True))
    made["csv-bernama-xlsx"] = out / "csv-bernama-xlsx.xlsx"
    made["csv-bernama-xlsx"].write_text("Kode;Uraian;Pagu\n1;Program;1000000\n", encoding="utf-8")
    made["pdf-bernama-xlsx"] = out / "pdf-bernama-xlsx.xlsx"
    made["pdf-bernama-xlsx"].write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    made["berkas-kosong"] = out / "berkas-kosong.xlsx"
    made["berkas-kosong"].write_bytes(b"")
    made["xlsm-bermakro"] = out / "xlsm-bermakro.xlsm"
    made["xlsm-bermakro"].write_bytes(_with_macro(base))
    made["docx-bernama-xlsx"] = out / "docx-bernama-xlsx.xlsx"
    made["docx-bernama-xlsx"].write_bytes((ROOT / "templates" / "laporan.docx").read_bytes())
    made["bukan-lkjip"] = out / "bukan-lkjip.xlsx"
    _plain_workbook(made["bukan-lkjip"])
    made["besar-50mb"] = out / "besar-50mb.xlsx"
    _big_workbook(base_doc(), made["besar-50mb"])
    base_path.unlink()
    (out / "sah").mkdir(exist_ok=True)
    for name in SAH:
        made[name] = made[name].rename(out / "sah" / made[name].name)
    return made


def _with_macro(base: bytes) -> bytes:
    """The base workbook carrying a VBA project (as if saved as .xlsm with an Auto_Open macro)."""
    def edit(n: str, d: bytes) -> bytes:
        if n == "[Content_Types].xml":
            return d.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                             b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
                b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
        if n == "xl/_rels/workbook.xml.rels":
            return d.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/'
                             b'office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
        return d
    data = _rezip(base, edit)
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/vbaProject.bin", bytes.fromhex("D0CF11E0A1B11AE1") + b"Attribute VB_Name = \"Auto_Open\"\0" * 64)
    return buf.getvalue()


def _plain_workbook(p: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(p))
    ws = wb.add_worksheet("Sheet1")
    ws.write_row(0, 0, ["Nama", "Nilai"])
    ws.write_row(1, 0, ["A", 1])
    wb.close()


def _big_workbook(doc: dict[str, Any], p: Path) -> None:
    """A valid LKjIP workbook padded to ~50 MB by an extra sheet of incompressible text (scanned photos of the
    signed PK pasted as text, say): the tool must not read what it does not need."""
    def deco(wb: Any, sheets: dict[str, Any]) -> None:
        import random
        import string

        rnd = random.Random(5)
        alphabet = string.ascii_letters + string.digits + string.punctuation.replace("<", "").replace("&", "")
        ws = wb.add_worksheet("Lampiran Besar")
        for r in range(30_000):
            ws.write_string(r, 0, "".join(rnd.choices(alphabet, k=2000)))
    build_from_data(doc, p, decorate=deco)


if __name__ == "__main__":
    for name, path in make_corpus(sys.argv[1] if len(sys.argv) > 1 else HERE / "files").items():
        print(f"{name:28} {path.stat().st_size:>10}  {path}")
