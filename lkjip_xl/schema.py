"""The standard workbook, defined once.

Every other module iterates over these definitions: the template generator lays the tables out from them, the
reader finds tables by name and columns by header, the validator knows which cells are inputs and which are
computed, and the writer knows where computed values go. Names are the contract of
``shared/spec/workbook.md``: never rename or drop one; adding is fine.
"""

from __future__ import annotations

from typing import TypedDict, Unpack

from .columns import ColType, Column, ProfilKey, Sheet, Table, norm, target_header, target_year
from .narasi import BAGIAN

__all__ = [
    "SCHEMA_VERSION",
    "HEADER_ROW",
    "Column",
    "Table",
    "Sheet",
    "ProfilKey",
    "SHEETS",
    "TABLES",
    "OWNED_TABLES",
    "PROFIL_KEYS",
    "DEFAULT_SKALA_ROWS",
    "DEFAULT_NARASI",
    "META_SHEET",
    "META_KEYS",
    "table",
    "sheet_of",
    "norm",
    "target_year",
    "target_header",
]

SCHEMA_VERSION = "2"
"""Bumped when a table or column is added; a workbook with a newer version is refused politely.

Version 2 added the Gambar sheet and table (pictures for the report)."""

HEADER_ROW = 4
"""1-based row of every table's header in a freshly generated workbook (rows 1–3: title, hint, caption)."""

# --- choices -------------------------------------------------------------------------------------------------

POLARITAS = ("Positif", "Negatif", "Tepat")
YA_TIDAK = ("Ya", "Tidak")
AGREGASI_TW = ("Nilai Akhir", "Kumulatif", "Rata-rata")
LEVEL = ("Program", "Kegiatan", "Sub Kegiatan")
JENIS_DESA = ("Desa", "Kelurahan")
STATUS_IDM = ("Mandiri", "Maju", "Berkembang", "Tertinggal", "Sangat Tertinggal")
JENIS_KELAMIN = ("Laki-laki", "Perempuan")
STATUS_PEGAWAI = ("PNS", "PPPK", "Non ASN")
PERIODE_SKM = ("Tahunan", "Semester I", "Semester II", "Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV")

METODE_EFISIENSI = ("Selisih", "Rasio", "Sisa Anggaran")
METODE_AGREGASI = ("Rata-rata Indikator", "Rata-rata Sasaran")
RUMUS_NEGATIF = ("(2T-R)/T", "T/R")
METODE_IKM = ("Rata-rata", "Tertimbang Responden")
DOKUMEN = ("Renstra", "RPD")
STATUS_DOKUMEN = ("Draf", "Final")
JENIS_GAMBAR = ("Logo", "Struktur Organisasi", "Inovasi", "Kegiatan", "Lampiran")

# --- Profil keys ---------------------------------------------------------------------------------------------

PROFIL_KEYS: tuple[ProfilKey, ...] = (
    ProfilKey("Nama Instansi", required=True, comment="Contoh: Kecamatan Purwareja Klampok"),
    ProfilKey("Kabupaten/Kota", required=True, comment="Contoh: Kabupaten Banjarnegara"),
    ProfilKey("Provinsi", required=True, comment="Contoh: Jawa Tengah"),
    ProfilKey("Tahun Laporan", type="year", required=True, comment="Tahun kinerja yang dilaporkan, mis. 2024"),
    ProfilKey("Nama Kepala", required=True, comment="Nama Camat sesuai tanda tangan"),
    ProfilKey("NIP Kepala", type="code", required=True, comment="NIP ditulis sebagai teks, mis. 19660406 198607 1 001"),
    ProfilKey("Pangkat/Golongan Kepala", comment="Contoh: Pembina Tk. I (IV/b)"),
    ProfilKey("Jabatan Kepala", required=True, default="Camat"),
    ProfilKey("Alamat", comment="Alamat kantor kecamatan"),
    ProfilKey("Tempat Penandatanganan", required=True, comment="Kota tempat laporan ditandatangani"),
    ProfilKey("Tanggal Laporan", type="date", required=True,
              comment="Tanggal penandatanganan laporan, mis. 31 Januari 2025, atau bulan dan tahun saja: Januari 2025"),
    ProfilKey("Periode Renstra", required=True, comment="Contoh: 2019-2024 atau 2023-2026"),
    ProfilKey("Dokumen Perencanaan", type="choice", choices=DOKUMEN, default="Renstra"),
    ProfilKey(
        "Metode Efisiensi",
        type="choice",
        choices=METODE_EFISIENSI,
        default="Selisih",
        comment="Metode efisiensi yang dipakai dalam narasi; ketiganya tetap dihitung",
    ),
    ProfilKey(
        "Metode Agregasi",
        type="choice",
        choices=METODE_AGREGASI,
        default="Rata-rata Sasaran",
        comment="Capaian organisasi: rata-rata semua indikator PK atau rata-rata capaian sasaran",
    ),
    ProfilKey(
        "Rumus Polaritas Negatif",
        type="choice",
        choices=RUMUS_NEGATIF,
        default="(2T-R)/T",
        comment="Rumus capaian indikator berpolaritas negatif",
    ),
    ProfilKey(
        "Batas Atas Capaian",
        type="number",
        comment="Kosongkan bila capaian tidak dibatasi; isi mis. 100 atau 120 bila capaian dibatasi saat dirata-rata",
    ),
    ProfilKey("Status Dokumen", type="choice", choices=STATUS_DOKUMEN, default="Draf"),
    ProfilKey(
        "Indikator IKM",
        type="code",
        comment="Kode indikator yang realisasinya adalah IKM hasil SKM (dihitung dari lembar SKM); kosongkan bila tidak ada",
    ),
    ProfilKey(
        "Metode IKM Tahunan",
        type="choice",
        choices=METODE_IKM,
        default="Rata-rata",
        comment="IKM tahunan: rata-rata baris SKM (semester/unit) atau tertimbang jumlah responden",
    ),
)

DEFAULT_SKALA_ROWS: tuple[tuple[object, ...], ...] = (
    (91, None, "Sangat Tinggi"),
    (76, 91, "Tinggi"),
    (66, 76, "Sedang"),
    (51, 66, "Rendah"),
    (0, 51, "Sangat Rendah"),
)
"""Permendagri 86/2017, as half-open intervals [Batas Bawah, Batas Atas)."""

DEFAULT_NARASI: tuple[str, ...] = tuple(b.key for b in BAGIAN)
"""Every section staff write, listed in a new workbook's Narasi sheet (:mod:`lkjip_xl.narasi`)."""

# --- tables --------------------------------------------------------------------------------------------------


class _ColumnOptions(TypedDict, total=False):
    """The keyword arguments of :class:`Column` after its name, kind and type."""

    choices: tuple[str, ...]
    comment: str
    width: float
    required: bool
    num_format: str


def _c(name: str, type: ColType = "text", **kw: Unpack[_ColumnOptions]) -> Column:
    return Column(name, "input", type, **kw)


def _k(name: str, type: ColType = "text", **kw: Unpack[_ColumnOptions]) -> Column:
    return Column(name, "computed", type, **kw)


_TABLES: tuple[Table, ...] = (
    Table(
        "Profil",
        "Profil",
        "Profil instansi dan pengaturan perhitungan",
        (
            _c("Isian", width=28, comment="Nama isian. Jangan diubah."),
            _c("Nilai", width=48, comment="Isi sesuai keterangan pada catatan tiap baris."),
        ),
        spare_rows=5,
        default_rows=tuple((k.name, k.default) for k in PROFIL_KEYS),
        key="Isian",
    ),
    Table(
        "Desa",
        "Desa",
        "Daftar desa/kelurahan",
        (
            _c("No", "int", width=6),
            _c("Nama Desa", width=24, required=True),
            _c("Jenis", "choice", choices=JENIS_DESA, width=12),
            _c("Status IDM Tahun Lalu", "choice", choices=STATUS_IDM, width=18),
            _c("Status IDM", "choice", choices=STATUS_IDM, width=18),
            _c("Nilai IDM", "number", width=12, comment="Nilai Indeks Desa Membangun, mis. 0,7512"),
        ),
        spare_rows=25,
        key="Nama Desa",
    ),
    Table(
        "Pegawai",
        "Pegawai",
        "Pegawai (satu baris per orang, atau per kelompok dengan kolom Jumlah)",
        (
            _c("Jabatan", width=30, required=True),
            _c("Nama", width=28),
            _c("Golongan", width=10, comment="Contoh: IV/a, III/c"),
            _c("Pendidikan", width=12, comment="Contoh: SMA, D3, S1, S2"),
            _c("Jenis Kelamin", "choice", choices=JENIS_KELAMIN, width=14),
            _c("Status", "choice", choices=STATUS_PEGAWAI, width=10),
            _c("Jumlah", "int", width=8, comment="Kosong = 1 orang"),
        ),
        spare_rows=30,
    ),
    Table(
        "Tujuan",
        "Renstra",
        "Tujuan",
        (_c("Kode", "code", width=8, required=True), _c("Uraian", width=40, required=True)),
        spare_rows=5,
        key="Kode",
    ),
    Table(
        "Sasaran",
        "Renstra",
        "Sasaran strategis",
        (
            _c("Kode", "code", width=8, required=True),
            _c("Kode Tujuan", "code", width=8, required=True),
            _c("Uraian", width=40, required=True),
        ),
        spare_rows=8,
        key="Kode",
    ),
    Table(
        "Indikator",
        "Renstra",
        "Indikator kinerja dan target Renstra/RPD",
        (
            _c("Kode", "code", width=8, required=True),
            _c("Kode Sasaran", "code", width=9, required=True, comment="Kode sasaran (atau kode tujuan) yang diukur"),
            _c("Indikator", width=40, required=True),
            _c("Satuan", width=10, comment="Contoh: %, indeks, nilai, dokumen, desa"),
            _c("Polaritas", "choice", choices=POLARITAS, width=10, comment="Positif: makin tinggi makin baik"),
            _c("IKU", "choice", choices=YA_TIDAK, width=6),
            _c("Formulasi", width=30),
            _c("Sumber Data", width=18),
            _c("Agregasi Triwulan", "choice", choices=AGREGASI_TW, width=14),
            _c("Bobot", "number", width=7, comment="Bobot dalam rata-rata sasaran; kosong = 1"),
            _c("Target Akhir", "score", width=11, comment="Target akhir periode Renstra/RPD"),
        ),
        spare_rows=15,
        year_columns_before="Target Akhir",
        key="Kode",
    ),
    Table(
        "Kinerja",
        "Kinerja",
        "Perjanjian Kinerja tahun ini dan realisasinya",
        (
            _c("Kode Indikator", "code", width=9, required=True, comment="Kode dari tabel Indikator (lembar Renstra)"),
            _c("Target PK", "score", width=10, comment="Target pada PK murni; angka atau nilai seperti B (71,20)"),
            _c("Target PK Perubahan", "score", width=11, comment="Kosongkan bila tidak ada PK Perubahan"),
            _c("Realisasi", "score", width=10, comment="Realisasi tahun ini; boleh kosong bila diisi per triwulan"),
            _c("Realisasi TW I", "number", width=9),
            _c("Realisasi TW II", "number", width=9),
            _c("Realisasi TW III", "number", width=9),
            _c("Realisasi TW IV", "number", width=9),
            _c("Pembilang", "number", width=10, comment="Bila diisi bersama Penyebut, realisasi dihitung darinya"),
            _c("Penyebut", "number", width=10),
            _c("Penanggung Jawab", width=16),
            _k("Sasaran", width=30),
            _k("Indikator", width=36),
            _k("Satuan", width=9),
            _k("Target", "number", width=10),
            _k("Realisasi Dihitung", "number", width=11),
            _k("Capaian", "percent", width=10),
            _k("Predikat", width=13),
            _k("Target Akhir", "number", width=10),
            _k("Capaian thd Target Akhir", "percent", width=12),
            _k("Realisasi Tahun Lalu", "number", width=11),
            _k("Capaian Tahun Lalu", "percent", width=11),
            _k("Keterangan", width=40),
        ),
        spare_rows=15,
        key="Kode Indikator",
    ),
    Table(
        "Riwayat",
        "Kinerja",
        "Target dan realisasi tahun-tahun sebelumnya",
        (
            _c("Kode Indikator", "code", width=9, required=True),
            _c("Tahun", "year", width=7, required=True),
            _c("Target", "score", width=10),
            _c("Realisasi", "score", width=10),
        ),
        spare_rows=25,
    ),
    Table(
        "Anggaran",
        "Anggaran",
        "Anggaran per program, kegiatan dan sub kegiatan",
        (
            _c("Kode", "code", width=16, required=True),
            _c("Kode Induk", "code", width=14, comment="Kode program (untuk kegiatan) atau kode kegiatan (untuk sub kegiatan)"),
            _c("Level", "choice", choices=LEVEL, width=12, required=True),
            _c("Uraian", width=44, required=True),
            _c("Kode Sasaran", "code", width=9, comment="Program: sasaran yang didukung; kosong = tidak ada"),
            _c("Kode Indikator", "code", width=10, comment="Opsional; beberapa kode dipisah titik koma (;)"),
            _c("Pagu Murni", "money", width=15),
            _c("Pagu", "money", width=15, comment="Pagu akhir (perubahan). Isi pada baris terendah; induk dijumlah otomatis"),
            _c("Realisasi", "money", width=15),
            _c("Penanggung Jawab", width=16),
            _k("Jumlah Pagu", "money", width=15),
            _k("Jumlah Realisasi", "money", width=15),
            _k("Serapan", "percent", width=9),
            _k("Sisa", "money", width=14),
        ),
        spare_rows=30,
        key="Kode",
    ),
    Table(
        "RiwayatAnggaran",
        "Anggaran",
        "Anggaran tahun-tahun sebelumnya",
        (
            _c("Tahun", "year", width=7, required=True),
            _c("Pagu", "money", width=15),
            _c("Realisasi", "money", width=15),
            _k("Serapan", "percent", width=9),
        ),
        spare_rows=6,
        key="Tahun",
    ),
    Table(
        "SKM",
        "SKM",
        "Survei Kepuasan Masyarakat: nilai rata-rata (NRR) per unsur, 1–4",
        (
            _c("Unit Layanan", width=24),
            _c("Periode", "choice", choices=PERIODE_SKM, width=12),
            _c("Responden", "int", width=10),
            *(_c(f"U{i}", "number", width=6, comment=f"NRR unsur {i} (1–4)", num_format="0.00##") for i in range(1, 10)),
            _k("IKM", "number", width=8),
            _k("Mutu", width=14),
        ),
        spare_rows=6,
    ),
    Table(
        "Analisis",
        "Analisis",
        "Analisis per sasaran atau indikator",
        (
            _c("Kode", "code", width=9, required=True, comment="Kode sasaran atau kode indikator"),
            _c("Faktor Keberhasilan", width=40),
            _c("Hambatan", width=40),
            _c("Solusi", width=40),
            _c("Program Pendukung", width=30),
        ),
        spare_rows=10,
    ),
    Table(
        "Narasi",
        "Narasi",
        "Teks bebas untuk bagian-bagian laporan",
        (_c("Bagian", width=30, required=True), _c("Teks", width=80)),
        spare_rows=10,
        default_rows=tuple((b, None) for b in DEFAULT_NARASI),
        key="Bagian",
    ),
    Table(
        "Gambar",
        "Gambar",
        "Gambar untuk laporan (satu gambar per baris)",
        (
            _c("Jenis", "choice", choices=JENIS_GAMBAR, width=20, required=True,
               comment="Logo: sampul dan kop. Struktur Organisasi, Inovasi, Kegiatan, Lampiran: di bab masing-masing"),
            _c("Keterangan", width=50,
               comment="Keterangan yang dicetak di bawah gambar; boleh kosong untuk Logo"),
        ),
        spare_rows=10,
        since="2",
        row_height=60,
    ),
    Table(
        "Skala",
        "Skala",
        "Skala predikat capaian: interval [Batas Bawah, Batas Atas)",
        (
            _c("Batas Bawah", "number", width=12, required=True),
            _c("Batas Atas", "number", width=12, comment="Kosong = tanpa batas atas"),
            _c("Predikat", width=18, required=True),
        ),
        spare_rows=4,
        default_rows=DEFAULT_SKALA_ROWS,
    ),
    Table(
        "Efisiensi",
        "Efisiensi",
        "Efisiensi penggunaan anggaran per sasaran",
        (
            _k("Kode Sasaran", "code", width=9),
            _k("Sasaran", width=40),
            _k("Capaian Kinerja", "percent", width=11),
            _k("Pagu", "money", width=15),
            _k("Realisasi", "money", width=15),
            _k("Serapan", "percent", width=10),
            _k("Efisiensi Selisih", "percent", width=11),
            _k("Efisiensi Rasio", "ratio", width=10),
            _k("Efisiensi Sisa Anggaran", "percent", width=12),
            _k("Kesimpulan", width=16),
        ),
        spare_rows=0,
        computed_only=True,
    ),
    Table(
        "RingkasanSasaran",
        "Ringkasan",
        "Capaian per sasaran",
        (
            _k("Kode Sasaran", "code", width=9),
            _k("Sasaran", width=44),
            _k("Jumlah Indikator", "int", width=10),
            _k("Capaian", "percent", width=10),
            _k("Predikat", width=14),
        ),
        spare_rows=0,
        computed_only=True,
    ),
    Table(
        "Ikhtisar",
        "Ringkasan",
        "Angka kunci",
        (_k("Uraian", width=30), _k("Nilai", width=24)),
        spare_rows=0,
        computed_only=True,
    ),
    Table(
        "Validasi",
        "Validasi",
        "Hasil pemeriksaan",
        (
            _k("Tingkat", width=11),
            _k("Kode", width=26),
            _k("Lembar", width=12),
            _k("Sel", width=9),
            _k("Pesan", width=100),
        ),
        spare_rows=0,
        computed_only=True,
    ),
    Table(
        "Meta",
        "_lkjip",
        "Metadata lkjip_xl (jangan diubah)",
        (_k("Isian", width=24), _k("Nilai", width=70)),
        spare_rows=0,
        computed_only=True,
    ),
)

META_SHEET = "_lkjip"
META_KEYS = ("Versi Template", "Versi lkjip_xl", "Sidik Jari Input", "Sidik Jari Hasil", "Terakhir Dihitung",
             "Sel Ditandai")
"""'Sel Ditandai': the input cells the Excel buttons coloured for an issue, so the next press can clear them."""

SHEETS: tuple[Sheet, ...] = (
    Sheet("Petunjuk", "Petunjuk pengisian", "Baca dulu sebelum mengisi.", kind="info"),
    Sheet("Profil", "Profil instansi", "Isi kolom Nilai. Baris Isian jangan diubah.", ("Profil",)),
    Sheet("Desa", "Desa dan kelurahan", "Satu baris per desa/kelurahan.", ("Desa",)),
    Sheet("Pegawai", "Pegawai", "Satu baris per pegawai atau per kelompok pegawai.", ("Pegawai",)),
    Sheet(
        "Renstra",
        "Renstra / RPD",
        "Tujuan, sasaran, indikator dan target setiap tahun periode perencanaan.",
        ("Tujuan", "Sasaran", "Indikator"),
    ),
    Sheet(
        "Kinerja",
        "Perjanjian Kinerja dan realisasi",
        "Isi kolom putih. Kolom abu-abu dihitung oleh lkjip (tombol Hitung Ulang).",
        ("Kinerja", "Riwayat"),
    ),
    Sheet(
        "Anggaran",
        "Anggaran",
        "Isi pagu dan realisasi pada baris terendah (sub kegiatan); induk dijumlahkan otomatis.",
        ("Anggaran", "RiwayatAnggaran"),
    ),
    Sheet("SKM", "Survei Kepuasan Masyarakat", "Satu baris per unit layanan atau periode survei.", ("SKM",)),
    Sheet("Analisis", "Analisis capaian", "Tulisan staf per sasaran atau indikator.", ("Analisis",)),
    Sheet("Narasi", "Narasi laporan", "Satu baris per bagian laporan (lihat Petunjuk di kanan). Bagian yang "
          "tidak dikenal ditulis di Lampiran 'Narasi Tambahan'.", ("Narasi",)),
    Sheet(
        "Gambar",
        "Gambar laporan",
        "Isi Jenis dan Keterangan, lalu sisipkan gambar (Insert > Pictures) dan letakkan di atas baris itu: gambar "
        "milik baris tempat sudut kiri atasnya berada. Satu gambar per baris.",
        ("Gambar",),
    ),
    Sheet("Skala", "Skala predikat", "Ubah bila pemda memakai skala lain.", ("Skala",)),
    Sheet("Efisiensi", "Efisiensi", "Dihitung oleh lkjip; jangan diisi.", ("Efisiensi",), kind="computed"),
    Sheet(
        "Ringkasan",
        "Ringkasan kinerja",
        "Dihitung oleh lkjip; jangan diisi.",
        ("RingkasanSasaran", "Ikhtisar"),
        kind="computed",
    ),
    Sheet("Validasi", "Hasil pemeriksaan", "Klik alamat sel untuk menuju sel bermasalah.", ("Validasi",), kind="computed"),
    Sheet(META_SHEET, "lkjip_xl", "Metadata; jangan diubah.", ("Meta",), kind="meta", hidden=True),
)

TABLES: dict[str, Table] = {t.name: t for t in _TABLES}

OWNED_TABLES = ("Efisiensi", "RingkasanSasaran", "Ikhtisar", "Validasi", "Meta")
"""The tables the tool writes whole, in the order a recompute writes them; it grows or shrinks them to their rows,
and never colours their cells."""

_SHEET_OF: dict[str, Sheet] = {t: s for s in SHEETS for t in s.tables}


def table(name: str) -> Table:
    return TABLES[name]


def sheet_of(table_name: str) -> Sheet:
    return _SHEET_OF[table_name]


def _check_consistency() -> None:
    for t in _TABLES:
        assert _SHEET_OF[t.name].name == t.sheet, t.name
        names = [norm(c.name) for c in t.columns]
        assert len(names) == len(set(names)), t.name


_check_consistency()
