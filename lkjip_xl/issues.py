"""Every code a user can see, in one catalogue, and the problems found in a workbook as data.

Three kinds of code, each with its Indonesian message template here and nowhere else:

- **issue codes** (:data:`ISSUE_TYPES`): problems inside a readable workbook. An :class:`Issue` has the code (in
  the domain's own words), a severity, the sheet and A1 cell it points at, and a message rendered from the code's
  template and the issue's params, so the machine code and the sentence staff read cannot disagree. Whether a
  recompute fixes it (and so whether its cell is coloured) is a property of the code.
- **fatal error codes** (:data:`ERROR_TYPES` with an ``exception``): work cannot proceed; the
  :class:`lkjip_xl.errors.LkjipError` subclass of that code is raised with a message key and params
  (``raise NotAWorkbook("folder", path=p, berkas=p)``). A code can have several messages, one per cause.
- **roll-up codes** (:data:`ERROR_TYPES` without an ``exception``): the Masalah sheet of a kabupaten's roll-up
  (which also lists the fatal code of every file that could not be read), and the unexpected failure.

Tests assert codes and cells, never prose; ``python -m lkjip_xl.issues > docs/issues.md`` writes the developer
table.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from string import Formatter
from typing import Any, Literal

__all__ = ["Issue", "IssueType", "ISSUE_TYPES", "ErrorType", "ERROR_TYPES", "CheckResult", "issue",
           "error_message", "Severity"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class IssueType:
    code: str
    severity: Severity
    title: str
    """English, for developers (docs/issues.md)."""
    template: str
    """Indonesian message; ``{name}`` placeholders filled from the issue's params."""
    fixed_by_recompute: bool = False
    """The issue is about the grey computed cells, which a recompute rewrites: it is gone from what a recompute
    reports, and a summary of freshly computed figures leaves it out."""

    @property
    def marks_cell(self) -> bool:
        """Whether its cell is coloured pink or yellow: only issues that staff fix by typing are; one a recompute
        fixes points at a computed cell or a header."""
        return not self.fixed_by_recompute

    @property
    def params(self) -> frozenset[str]:
        """The names the template uses."""
        return _fields(self.template)


_T = IssueType
_CATALOGUE: tuple[IssueType, ...] = (
    # structure
    _T("tabel-hilang", "error", "A required table is missing",
       "Tabel '{tabel}' tidak ditemukan (seharusnya di lembar '{lembar}'). Jangan menghapus atau mengganti nama tabel."),
    _T("kolom-hilang", "error", "A required column header is missing or renamed",
       "Kolom '{kolom}' tidak ditemukan pada tabel '{tabel}'. Judul kolom jangan diganti atau dihapus."),
    _T("data-di-luar-tabel", "warning", "Values typed just below a table, outside it",
       "Ada isian di bawah tabel '{tabel}' yang berada di luar tabel sehingga diabaikan. Perlebar tabel "
       "(Table Design > Resize Table) agar baris ini ikut dibaca."),
    _T("sel-digabung", "error", "Merged cells inside a table",
       "Sel {rentang} digabung (merge) di dalam tabel '{tabel}'; hanya sel pertama yang dibaca. Batalkan penggabungan."),
    _T("tabel-tidak-bisa-tumbuh", "error", "A table recompute must grow has merged cells, a table or content below it",
       "Tabel '{tabel}' pada lembar '{lembar}' perlu melebar menjadi {rentang}, tetapi di bawahnya ada "
       "{penghalang}. Tabel yang menimpa sel gabungan, tabel lain atau isian membuat Excel 'memperbaiki' berkas "
       "dan membuang tabelnya, jadi Hitung Ulang tidak menulis apa pun. Pindahkan isi/sel gabungan di {sel} "
       "lembar {lembar} ke bawah baris {baris} atau ke samping, lalu jalankan lagi."),
    # values
    _T("bukan-angka", "error", "Text where a number is expected",
       "Nilai '{nilai}' pada kolom '{kolom}' bukan angka."),
    _T("angka-di-luar-batas", "error", "NaN, infinity or a magnitude no figure can have",
       "Nilai '{nilai}' pada kolom '{kolom}' bukan angka yang wajar: angka harus terhingga, di bawah "
       "1.000.000.000.000.000 (10^15) dan, bila bukan 0, paling sedikit 0,000001. Periksa isian atau rumus sel ini."),
    _T("uang-tidak-bulat", "error", "Money with decimals",
       "Rupiah pada kolom '{kolom}' harus bilangan bulat tanpa sen: '{nilai}'."),
    _T("uang-negatif", "error", "Negative money",
       "Nilai rupiah pada kolom '{kolom}' tidak boleh negatif: {nilai}."),
    _T("galat-excel", "error", "An Excel error value in an input cell",
       "Sel berisi nilai error Excel {nilai}; perbaiki rumus atau isi dengan angka."),
    _T("rumus-gagal", "error", "A formula in an input cell cannot be evaluated",
       "Rumus {rumus} pada kolom '{kolom}' tidak dapat dihitung: {alasan}."),
    _T("pilihan-tidak-dikenal", "error", "A value outside the column's list",
       "'{nilai}' bukan pilihan yang sah untuk kolom '{kolom}'. Pilihan: {pilihan}."),
    _T("tahun-tidak-sah", "error", "Not a year",
       "'{nilai}' pada kolom '{kolom}' bukan tahun (empat angka, mis. 2024)."),
    _T("tanggal-tidak-sah", "error", "Not a date",
       "'{nilai}' pada kolom '{kolom}' bukan tanggal yang dikenali (mis. 15/01/2025)."),
    # profil
    _T("profil-isian-hilang", "error", "A Profil key row is missing",
       "Baris Profil '{isian}' tidak ada. Tambahkan baris dengan Isian '{isian}'."),
    _T("profil-wajib-kosong", "error", "A required Profil value is blank",
       "Isian Profil '{isian}' wajib diisi."),
    _T("final-masih-error", "warning", "Status Dokumen is Final while errors remain",
       "Status Dokumen 'Final', tetapi buku kerja masih memiliki {jumlah} error; laporan tetap ditandai DRAF "
       "sampai semuanya diperbaiki."),
    _T("periode-renstra-tidak-sah", "error", "Periode Renstra not like 2019-2024",
       "Periode Renstra '{nilai}' tidak dikenali; tulis seperti 2019-2024."),
    _T("tahun-di-luar-periode", "warning", "Report year outside the plan period",
       "Tahun Laporan {tahun} berada di luar Periode Renstra {periode}."),
    # codes
    _T("kode-kosong", "error", "A filled row without a code",
       "Baris ini berisi data tetapi kolom '{kolom}' kosong."),
    _T("kode-ganda", "error", "Duplicate code",
       "Kode '{kode}' sudah dipakai pada sel {sel_lain}; setiap kode harus unik."),
    _T("desa-ganda", "warning", "A village listed twice",
       "Desa/kelurahan '{nama}' tercatat dua kali (juga di sel {sel_lain}); jumlah desa dalam laporan ikut salah."),
    _T("kode-tidak-dikenal", "error", "A code that names nothing",
       "Kode {jenis} '{kode}' tidak ada di tabel {tabel}.{saran}"),
    _T("indikator-pk-tidak-di-renstra", "error", "PK indicator absent from the Renstra",
       "Indikator PK '{kode}' tidak ada di tabel Indikator (lembar Renstra); baris ini tidak ikut dihitung.{saran}"),
    _T("indikator-renstra-tanpa-pk", "warning", "A Renstra indicator with no PK row this year",
       "Indikator Renstra '{kode}' tidak punya baris di tabel Kinerja (lembar Kinerja) sehingga tidak dilaporkan "
       "tahun ini."),
    _T("target-renstra-tidak-ada", "warning", "No Target column for the report year",
       "Tabel Indikator tidak punya kolom 'Target {tahun}' untuk tahun laporan; target PK tidak dapat dibandingkan."),
    _T("target-pk-beda-renstra", "warning", "PK target differs from the Renstra target of the year",
       "Target PK indikator '{kode}' ({target_pk}) berbeda dengan target Renstra tahun {tahun} ({target_renstra}, lembar Renstra sel {sel_renstra})."),
    _T("target-pk-kosong", "error", "PK target missing",
       "Target PK indikator '{kode}' belum diisi."),
    _T("realisasi-kosong", "warning", "Realisasi missing",
       "Realisasi indikator '{kode}' belum diisi; indikator ini tidak ikut dirata-rata dan dilaporkan 'belum diisi'."),
    _T("realisasi-beda-triwulan", "warning", "Typed realisasi disagrees with the quarters",
       "Realisasi '{kode}' ({realisasi}) berbeda dengan hasil triwulan ({triwulan}, {agregasi})."),
    _T("realisasi-beda-pembilang", "warning", "Typed realisasi disagrees with numerator/denominator",
       "Realisasi '{kode}' ({realisasi}) berbeda dengan Pembilang/Penyebut ({hitung})."),
    _T("penyebut-nol", "error", "Zero denominator",
       "Penyebut indikator '{kode}' bernilai 0; realisasi tidak dapat dihitung."),
    _T("realisasi-ikm-beda-skm", "error", "Typed IKM realisasi disagrees with the survey",
       "Realisasi IKM '{kode}' ({realisasi}) berbeda dengan IKM hasil SKM ({ikm}); IKM dihitung dari unsur SKM."),
    _T("capaian-tidak-wajar", "warning", "Capaian so far from 100 that a unit mistake is likely",
       "Capaian indikator '{kode}' {capaian} sangat jauh dari 100% (target {target}, realisasi {realisasi}); "
       "periksa satuan target dan realisasi (mis. 1,25 lawan 82)."),
    _T("capaian-catatan", "warning", "A capaian computed under a special rule",
       "Indikator '{kode}': {catatan}"),
    _T("riwayat-ganda", "warning", "Two history rows for one indicator and year",
       "Riwayat indikator '{kode}' tahun {tahun} tercatat dua kali (juga di {sel_lain})."),
    # budget
    _T("realisasi-melebihi-pagu", "error", "Realisasi above pagu",
       "Realisasi {realisasi} melebihi pagu {pagu} pada '{kode}'."),
    _T("jumlah-induk-beda", "error", "Typed parent amount differs from the sum of its children",
       "{kolom} yang diketik pada '{kode}' ({diketik}) berbeda dengan jumlah rinciannya ({jumlah}); "
       "kosongkan atau perbaiki."),
    _T("induk-tidak-ditemukan", "error", "Parent code names no row",
       "Kode Induk '{induk}' dari '{kode}' tidak ada di tabel Anggaran; baris ini dijumlahkan tersendiri, tidak ke "
       "induknya.{saran}"),
    _T("induk-kosong", "warning", "A kegiatan or sub kegiatan without a parent",
       "{level} '{kode}' tidak punya Kode Induk; tidak ikut dijumlahkan ke program."),
    _T("induk-melingkar", "error", "Parent codes form a cycle",
       "Kode Induk '{kode}' membentuk lingkaran (induknya kembali ke dirinya sendiri)."),
    _T("level-tidak-urut", "warning", "Level does not follow Program > Kegiatan > Sub Kegiatan",
       "{level} '{kode}' berinduk ke {level_induk} '{induk}'."),
    _T("riwayat-anggaran-beda", "warning", "This year's row in RiwayatAnggaran differs from Anggaran",
       "Riwayat anggaran tahun {tahun} ({nilai}) berbeda dengan jumlah tabel Anggaran ({jumlah})."),
    _T("pagu-kosong", "warning", "No pagu at all for a budget row",
       "'{kode}' tidak punya pagu maupun rincian berpagu."),
    # scale, survey
    _T("skala-celah", "error", "Gap in the predikat scale",
       "Skala predikat berlubang antara {bawah} dan {atas}: capaian di antaranya tidak berpredikat."),
    _T("skala-tumpang-tindih", "error", "Overlap in the predikat scale",
       "Baris skala ini tumpang tindih dengan baris lain (sel {sel_lain})."),
    _T("skala-batas-terbalik", "error", "Upper bound not above lower bound",
       "Batas Atas harus lebih besar dari Batas Bawah."),
    _T("skala-tidak-dari-nol", "error", "Scale does not start at 0",
       "Skala predikat harus dimulai dari 0; baris terendah dimulai dari {bawah}."),
    _T("skala-tanpa-batas-atas", "error", "No open-ended top band",
       "Satu baris skala harus tanpa Batas Atas (untuk capaian di atas {atas})."),
    _T("skala-kosong", "error", "No predikat scale",
       "Tabel Skala kosong; isi skala predikat (bawaan: Permendagri 86/2017)."),
    _T("unsur-di-luar-rentang", "error", "Survey unsur outside 1–4",
       "Nilai unsur {unsur} = {nilai} di luar rentang 1–4."),
    _T("unsur-kosong", "warning", "Survey row with a missing unsur",
       "Unsur {unsur} kosong; IKM baris ini tidak dapat dihitung."),
    # pictures (Gambar sheet)
    _T("gambar-kosong", "warning", "A Gambar row without a picture",
       "Baris Gambar '{jenis}' belum berisi gambar. Sisipkan gambar (Insert > Pictures) lalu letakkan sudut kiri "
       "atasnya di baris ini."),
    _T("gambar-tanpa-jenis", "warning", "A picture over a Gambar row whose Jenis is blank",
       "Gambar '{nama}' berada di baris yang kolom Jenis-nya kosong sehingga tidak masuk laporan. Isi Jenis pada "
       "baris ini."),
    _T("gambar-di-luar-baris", "warning", "A picture on the Gambar sheet outside the table's rows",
       "Gambar '{nama}' tidak berada di baris tabel Gambar sehingga tidak masuk laporan. Geser gambar hingga sudut "
       "kiri atasnya berada di baris yang Jenis-nya diisi."),
    _T("logo-ganda", "warning", "More than one Logo: the first is used",
       "Ada lebih dari satu Logo; yang dipakai adalah logo pada sel {sel_pertama}."),
    _T("gambar-format", "warning", "An image format Word cannot show",
       "Gambar '{nama}' berformat {format} yang tidak dapat ditampilkan di Word sehingga tidak masuk laporan. "
       "Simpan sebagai PNG atau JPEG lalu sisipkan lagi."),
    _T("gambar-terlalu-besar", "warning", "Pictures beyond the size limit are not read",
       "Gambar '{nama}' tidak dibaca karena ukuran semua gambar melebihi {batas} MB. Perkecil gambar "
       "(Format Gambar > Kompres Gambar)."),
    # computed cells
    _T("belum-dihitung", "warning", "Computed cells were never written",
       "Kolom abu-abu belum pernah dihitung. Jalankan Hitung Ulang (lkjip recompute).",
       fixed_by_recompute=True),
    _T("nilai-terhitung-usang", "warning", "Inputs changed since the last recompute",
       "Isian berubah sejak hitung ulang terakhir ({waktu}); kolom abu-abu sudah usang. Jalankan Hitung Ulang.",
       fixed_by_recompute=True),
    _T("nilai-terhitung-diubah", "warning", "A computed cell was typed over by hand",
       "Sel hitungan ini diketik manual ({nilai}); nilai seharusnya {seharusnya}. Hitung Ulang akan menimpanya.",
       fixed_by_recompute=True),
)

ISSUE_TYPES: dict[str, IssueType] = {t.code: t for t in _CATALOGUE}


@dataclass(frozen=True)
class ErrorType:
    """A code for a file or a run as a whole: a fatal error (exit 2), or a line of the roll-up's Masalah sheet."""

    code: str
    exception: str | None
    """The :mod:`lkjip_xl.errors` class raised with this code; None for a code only the roll-up reports."""
    title: str
    """English, for developers (docs/issues.md)."""
    messages: Mapping[str, str]
    """Indonesian template per cause (the key a raise site names; ``""`` when the code has one message)."""

    def params(self, key: str = "") -> frozenset[str]:
        """The names the message ``key`` uses."""
        return _fields(self.messages[key])


def _E(code: str, exception: str | None, title: str, messages: str | dict[str, str]) -> ErrorType:
    return ErrorType(code, exception, title, {"": messages} if isinstance(messages, str) else messages)


_ERRORS: tuple[ErrorType, ...] = (
    # the file cannot be read (lkjip_xl.errors.WorkbookUnreadable)
    _E("bukan-workbook", "NotAWorkbook", "Not an .xlsx workbook: missing, a folder, another format, corrupt", {
        "tidak-ditemukan": "Berkas tidak ditemukan: {berkas}",
        "folder": "'{berkas}' adalah folder, bukan berkas workbook.",
        "tidak-terbaca": "Berkas tidak dapat dibaca: {berkas} ({alasan})",
        "bukan-zip": "Berkas bukan workbook Excel (.xlsx) yang utuh: mungkin rusak, terpotong saat diunduh, "
                     "atau berkas lain yang diberi nama .xlsx.",
        "isi-zip-rusak": "Berkas .xlsx rusak atau terpotong (isi zip tidak dapat dibaca).",
        "bagian-hilang": "Berkas rusak: bagian '{bagian}' tidak ada.",
        "xml-rusak": "Berkas rusak: bagian '{bagian}' bukan XML yang sah.",
        "tanpa-workbook": "Berkas zip ini bukan workbook Excel (tidak ada bagian workbook).",
        "format-lain": "Berkas ini bukan workbook Excel (.xlsx); mungkin dokumen Word atau format lain.",
    }),
    _E("workbook-terenkripsi", "EncryptedWorkbook", "Password-protected", {
        "": "Berkas dilindungi kata sandi (terenkripsi). Buka di Excel, hapus kata sandinya "
            "(File > Info > Protect Workbook), simpan, lalu coba lagi.",
        "zip": "Berkas dilindungi kata sandi.",
    }),
    _E("format-xls-lama", "LegacyFormat", "An old .xls workbook",
       "Berkas berformat Excel lama (.xls). Buka di Excel lalu simpan sebagai Excel Workbook (.xlsx)."),
    _E("workbook-tidak-aman", "UnsafeWorkbook", "A zip bomb, an entity-expansion payload or a file over the size limit", {
        "zip-bomb": "Berkas ditolak: bagian '{bagian}' mengembang {rasio}× saat dibuka (ciri zip bomb).",
        "terlalu-besar": "Berkas ditolak: isinya {mb} MB setelah dibuka, melebihi batas {batas_mb} MB.",
        "berkas-terlalu-besar": "Berkas ditolak: ukurannya {mb} MB, melebihi batas {batas_mb} MB untuk sebuah "
                                "workbook LKjIP. Perkecil gambar di dalamnya (Kompres Gambar) lalu coba lagi.",
        "doctype": "Berkas ditolak: bagian '{bagian}' memuat deklarasi DOCTYPE/ENTITY.",
    }),
    _E("bukan-workbook-standar", "NotStandardWorkbook", "An .xlsx, but not the standard LKjIP workbook",
       "Workbook ini bukan workbook LKjIP standar: tabel Profil, Indikator, Kinerja dan Anggaran tidak "
       "ditemukan. Buat workbook baru dengan 'lkjip new' atau pakai workbook_template.xlsx."),
    _E("versi-template-lebih-baru", "UnsupportedTemplateVersion", "Made by a newer lkjip_xl",
       "Workbook dibuat dengan template versi {versi}, lebih baru dari versi yang dikenal program ini "
       "({versi_program}). Perbarui lkjip_xl."),
    # work refused or failed
    _E("gagal-menulis", "WriteFailed", "The result could not be written; the input is intact", {
        "folder": "Tidak dapat menulis ke folder {folder}: {alasan}",
        "berkas-terbuka": "Tidak dapat menyimpan {nama}: berkas sedang dibuka di program lain (tutup dulu di Excel).",
        "menyimpan": "Tidak dapat menyimpan {nama}: {alasan}",
        "hanya-baca": "{nama} hanya-baca (read-only), jadi tidak ditimpa. Hapus tanda hanya-baca bila memang "
                      "boleh diubah, atau tulis hasilnya ke berkas lain dengan -o.",
        "sudah-ada": "{berkas} sudah ada dan tidak ditimpa. Pakai --timpa untuk menimpanya, atau pilih nama lain.",
        "menimpa-masukan": "{berkas} adalah salah satu berkas masukan; hasil tidak boleh menimpanya. Pilih nama lain.",
        "add-in": "Add-in tidak dapat ditulis ke {berkas}: {alasan}.",
        "pasang-add-in": "Add-in tidak dapat dipasang ke {berkas}: {alasan}. Tutup Excel lalu coba lagi.",
    }),
    _E("tabel-tidak-bisa-tumbuh", "TableCannotGrow",
       "Recompute refused: a table would grow over merged cells, a table or content (the issue of that code)",
       "{aksi} dibatalkan; buku kerja tidak diubah.\n{rincian}"),
    _E("template-laporan-rusak", "ReportTemplateError", "A report template is missing, broken or fails to fill", {
        "bawaan-hilang": "Templat bawaan tidak ditemukan; pasang ulang lkjip_xl.",
        "format-tidak-dikenal": "Format laporan tidak dikenal: {format}. Pilihan: {pilihan}.",
        "sintaks": "Templat {templat} rusak pada baris {baris}: {alasan}",
        "gagal-diisi": "Templat {templat} gagal diisi: {alasan}",
        "gagal-diisi-baris": "Templat {templat} gagal diisi pada baris {baris}: {alasan}",
        "bukan-word": "Templat {templat} tidak dapat dibuka sebagai dokumen Word: {alasan}",
        "word-rusak": "Templat {templat} rusak: {alasan}",
        "word-rusak-dekat": "Templat {templat} rusak di dekat teks «{teks}»: {alasan}",
    }),
    _E("pdf-gagal", "PdfConversionFailed", "LibreOffice is missing or failed to turn the Word report into PDF", {
        "tanpa-libreoffice": "LibreOffice tidak ditemukan; PDF tidak dapat dibuat. Pasang LibreOffice atau buka "
                             "berkas .docx di Word lalu simpan sebagai PDF.",
        "waktu-habis": "LibreOffice gagal membuat PDF dari {berkas}: tidak selesai dalam {detik} detik.",
        "gagal": "LibreOffice gagal membuat PDF dari {berkas}: {alasan}",
        "kode-keluar": "LibreOffice gagal membuat PDF dari {berkas} (kode {kode}): {alasan}",
        "kode-keluar-diam": "LibreOffice gagal membuat PDF dari {berkas} (kode {kode}).",
        "tanpa-hasil": "LibreOffice tidak menghasilkan PDF dari {berkas}.",
    }),
    _E("add-in-gagal", "AddinError", "The Excel add-in cannot be built from its sources or installed", {
        "sumber-hilang": "Sumber add-in tidak ditemukan: {berkas}. Jalankan dari salinan repositori lkjip_xl "
                         "atau beri --sumber FOLDER yang berisi LkjipTombol.bas dan customUI.xml.",
        "nama-modul": '{berkas}: baris pertama harus Attribute VB_Name = "NamaModul".',
        "huruf-vba": "{berkas}: huruf {huruf} tidak dapat disimpan di VBA (kode halaman 1252).",
        "xml-pita": "{berkas}: XML pita tidak sah ({alasan}).",
        "akar-pita": '{berkas}: akar harus <customUI xmlns="{ns}"> (pita Office 2010+).',
        "sudah-ada": "{berkas} sudah ada dan berbeda. Pakai --timpa untuk menggantinya.",
    }),
    _E("paket-tambahan-hilang", "MissingExtra", "An optional package a feature needs is not installed", {
        "rekap": 'Ekspor Parquet/DuckDB memerlukan paket tambahan ({paket}): pip install "lkjip_xl[rekap]".',
    }),
    # the roll-up's Masalah sheet (besides the codes above), and what no code foresaw
    _E("tidak-ditemukan", None, "A file, folder or pattern given to the roll-up names nothing", {
        "": "Berkas atau folder tidak ditemukan.",
        "pola": "Pola nama berkas tidak cocok dengan berkas apa pun.",
    }),
    _E("tahun-berbeda", None, "A workbook of another year than the roll-up's",
       "Workbook tahun {tahun}, rekap tahun {tahun_rekap}: tidak dimasukkan."),
    _E("duplikat", None, "A kecamatan sent more than once (names matched without case, spaces, punctuation, "
                         "Kec./Kecamatan): the newer file is used, the key says by which rule", {
        "": "{kecamatan} dikirim lebih dari sekali; dipakai berkas yang lebih baru ({berkas_baru}).",
        "hitung-ulang": "{kecamatan} dikirim lebih dari sekali (di berkas ini tertulis '{nama}'); dipakai berkas "
                        "yang lebih baru, {berkas_baru}: Hitung Ulang terakhirnya {baru}, berkas ini {lama}.",
        "tanggal-laporan": "{kecamatan} dikirim lebih dari sekali (di berkas ini tertulis '{nama}'); dipakai berkas "
                           "yang lebih baru, {berkas_baru}: Tanggal Laporannya {baru}, berkas ini {lama}.",
        "tanggal-berkas": "{kecamatan} dikirim lebih dari sekali (di berkas ini tertulis '{nama}'); dipakai berkas "
                          "yang lebih baru, {berkas_baru}: berkasnya diubah {baru}, berkas ini {lama}.",
        "sama-baru": "{kecamatan} dikirim lebih dari sekali (di berkas ini tertulis '{nama}'); keduanya sama baru, "
                     "dipakai {berkas_baru} (yang lebih dulu menurut nama berkas).",
    }),
    _E("kabupaten-berbeda", None, "A workbook of another kabupaten/kota than the roll-up's",
       "Workbook {kabupaten}, rekap {kabupaten_rekap}: tidak dimasukkan."),
    _E("draf-tidak-direkap", None, "A workbook whose Status Dokumen is Draf, left out by --tanpa-draf",
       "Status Dokumen workbook ini Draf dan rekap dibuat tanpa draf (--tanpa-draf): tidak dimasukkan."),
    _E("waktu-habis", None, "Reading the file took longer than the roll-up's time limit per file",
       "Berkas tidak selesai dibaca dalam {detik} detik: tidak dimasukkan. Periksa berkasnya (mis. ribuan baris "
       "kosong yang berformat) atau jalankan lagi dengan --batas-waktu yang lebih besar."),
    _E("proses-berhenti", None, "The process reading the file died (out of memory, killed), also when retried alone",
       "Proses yang membaca berkas ini berhenti mendadak (kehabisan memori atau dihentikan sistem), juga saat "
       "dicoba sendiri: tidak dimasukkan. Periksa ukuran berkasnya."),
    _E("nama-berkas-tidak-terbaca", None, "A file name with bytes that are not UTF-8: the workbook is used",
       "Nama berkas memuat huruf yang tidak terbaca (bukan UTF-8, biasanya dari lampiran zip buatan Windows) dan "
       "ditulis sebagai '{nama}'. Isinya tetap direkap; ganti nama berkasnya."),
    _E("angka-tidak-direkap", None, "Values no figure can have (angka-di-luar-batas), or a figure no output can "
                                    "hold: left out, the kecamatan is used", {
        "": "Workbook memuat angka yang tidak wajar (NaN, tak hingga, 10^15 ke atas, atau bukan 0 tetapi di bawah "
            "0,000001) di {sel}; nilai itu tidak ikut direkap, kecamatannya tetap direkap. Perbaiki sel tersebut di "
            "workbook kecamatan.",
        "rekap": "Angka {kolom} ({nilai}) tidak dapat ditulis ke rekap; dikosongkan, kecamatannya tetap direkap.",
    }),
    _E("terlalu-besar", None, "The file does not fit in memory", "Berkas terlalu besar untuk dibaca."),
    _E("tidak-terduga", None, "An unexpected failure (a bug of lkjip_xl), per place it is reported", {
        "": "Berkas tidak dapat diolah ({jenis}).",
        "cli": "Terjadi kesalahan internal lkjip ({jenis}). Berkas Anda tidak diubah. Laporkan ke pengelola "
               "aplikasi; jalankan ulang dengan LKJIP_DEBUG=1 untuk rinciannya.",
        "excel": "Terjadi kesalahan yang tidak terduga ({jenis}). Simpan buku kerja, jalankan 'lkjip check' pada "
                 "berkasnya, atau kirimkan berkas ini kepada pengelola lkjip_xl.",
    }),
)

ERROR_TYPES: dict[str, ErrorType] = {t.code: t for t in _ERRORS}


def error_message(code: str, key: str = "", /, **params: object) -> str:
    """The Indonesian message ``key`` of ``code`` with ``params`` filled in; a missing param is a KeyError."""
    return ERROR_TYPES[code].messages[key].format_map({k: str(v) for k, v in params.items()})


def _fields(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


class _Safe(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Issue:
    code: str
    severity: Severity
    sheet: str
    cell: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def type(self) -> IssueType:
        """The catalogue entry of its code."""
        return ISSUE_TYPES[self.code]

    @functools.cached_property
    def message(self) -> str:
        """Rendered when first read: a kabupaten's roll-up counts the issues of hundreds of workbooks and shows
        none of their sentences, and formatting the numbers in them is the costly part."""
        t = ISSUE_TYPES[self.code]
        return t.template.format_map(
            _Safe({k: str(v) if k.startswith("tahun") else _show(v) for k, v in self.params.items()}))

    def to_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "code": self.code, "sheet": self.sheet, "cell": self.cell,
                "message": self.message}


def issue(code: str, sheet: str, cell: str, *, severity: Severity | None = None, **params: Any) -> Issue:
    """Build an issue from the catalogue (an unknown code is a KeyError here, not when the message is read)."""
    t = ISSUE_TYPES[code]
    cell = str(cell)  # the reader passes addresses it has not spelled out yet
    return Issue(code, severity or t.severity, sheet, cell, params)


def _show(v: Any) -> str:
    from decimal import Decimal

    if isinstance(v, (Decimal, float, int)) and not isinstance(v, bool):
        from .fmt import angka

        d = Decimal(str(v))
        # whole numbers as typed (5, 2022 rupiah...) without decimals; computed figures (85.000) with two
        exponent = d.as_tuple().exponent  # a letter for NaN and infinity
        whole = isinstance(v, int) or (isinstance(exponent, int) and exponent >= 0 and d == d.to_integral_value())
        return angka(d, 0 if whole else 2)
    return str(v)


_LABEL = {"error": "Error", "warning": "Peringatan"}


@dataclass
class CheckResult:
    issues: list[Issue]
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def flatten(self, fields: Iterable[str] = ("code", "sheet", "cell")) -> list[list[Any]]:
        fs = list(fields)
        return [[getattr(i, f) for f in fs] for i in self.issues]

    def to_json(self) -> str:
        return json.dumps([i.to_dict() for i in self.issues], ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        lines = [f"{_LABEL[i.severity]:<10} {i.sheet}!{i.cell:<7} [{i.code}] {i.message}" for i in self.issues]
        lines.append(f"{len(self.errors)} error, {len(self.warnings)} peringatan")
        return "\n".join(lines)


def severity_label(sev: Severity) -> str:
    return _LABEL[sev]


def catalogue_markdown() -> str:
    """The developer table of every code, kept in docs/issues.md (a test keeps it in sync)."""

    def cell(text: str) -> str:
        return text.replace("|", "/").replace("\n", "<br>")

    lines = [
        "# Codes",
        "",
        "Generated from `lkjip_xl/issues.py` (`python -m lkjip_xl.issues > docs/issues.md`); a test fails when",
        "this page and the catalogue differ. Messages are Indonesian because staff read them.",
        "",
        "## Issue codes",
        "",
        "Problems inside a readable workbook: listed by `lkjip check` and on the Validasi sheet. An input cell at",
        "fault is coloured, except for the issues a recompute fixes.",
        "",
        "| code | severity | meaning | recompute fixes | message template |",
        "|---|---|---|---|---|",
    ]
    for t in _CATALOGUE:
        fixed = "yes" if t.fixed_by_recompute else ""
        lines.append(f"| `{t.code}` | {t.severity} | {t.title} | {fixed} | {cell(t.template)} |")
    lines += [
        "",
        "## Fatal error codes",
        "",
        "Work cannot proceed: the command exits with 2 and prints the message, the Excel button shows it. A roll-up",
        "lists the file on its Masalah sheet with the code. The key names the cause at the raise site.",
        "",
        "| code | exception | meaning | key | message template |",
        "|---|---|---|---|---|",
    ]
    for e in _ERRORS:
        if e.exception is not None:
            lines += _error_rows(e, f"`{e.exception}`", cell)
    lines += [
        "",
        "## Roll-up codes",
        "",
        "Lines of the roll-up's Masalah sheet besides the fatal codes above, and the unexpected failure.",
        "",
        "| code | meaning | key | message template |",
        "|---|---|---|---|",
    ]
    for e in _ERRORS:
        if e.exception is None:
            lines += _error_rows(e, None, cell)
    return "\n".join(lines) + "\n"


def _error_rows(e: ErrorType, exception: str | None, cell: Callable[[str], str]) -> list[str]:
    rows = []
    for n, (key, template) in enumerate(e.messages.items()):
        head = [f"`{e.code}`", exception or "", e.title] if n == 0 else ["", "", ""]
        if exception is None:
            del head[1]
        rows.append("| " + " | ".join([*head, f"`{key}`" if key else "", cell(template)]) + " |")
    return rows


if __name__ == "__main__":  # pragma: no cover
    print(catalogue_markdown(), end="")
