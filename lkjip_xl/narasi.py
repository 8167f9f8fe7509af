"""The report's sections staff write themselves: one fixed Bagian key each, with a hint and the names staff use.

A new workbook's Narasi sheet lists every key with its hint; the report places each text in its section
(:mod:`lkjip_xl.report.outline`). Staff often type their own names ("Tugas dan Fungsi", "Penghargaan"): the
aliases send those to the standard section, under their own subtitle when they differ from the key. A Bagian that
matches nothing still reaches the report, in the Lampiran "Narasi Tambahan", under the name staff typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Bagian", "BAGIAN", "bagian_for", "key_of"]


@dataclass(frozen=True)
class Bagian:
    key: str
    """What the Narasi sheet lists (and staff type) in its Bagian column."""
    hint: str
    """One line, Indonesian, printed beside the key in a new workbook."""
    aliases: tuple[str, ...] = ()
    default: bool = False
    """The report writes a standard text when staff leave it empty (else it shows that the part is missing)."""


BAGIAN: tuple[Bagian, ...] = (
    Bagian("Kata Pengantar", "Kata pengantar Camat; kosongkan untuk teks baku tiga paragraf.", default=True),
    Bagian("Ikhtisar Eksekutif", "Tambahan untuk ikhtisar (angka capaian dan anggaran ditulis otomatis).",
           ("Ringkasan Eksekutif", "Ikhtisar")),
    Bagian("Latar Belakang", "Dasar penyusunan LKjIP dan kedudukan kecamatan; kosongkan untuk teks baku.",
           default=True),
    Bagian("Landasan Hukum", "Peraturan yang menjadi dasar (satu per baris); kosongkan untuk daftar baku.",
           ("Dasar Hukum",), default=True),
    Bagian("Tugas Pokok dan Fungsi", "Tugas dan fungsi kecamatan menurut peraturan bupati.",
           ("Tugas dan Fungsi", "Tupoksi", "Tugas Pokok", "Kedudukan, Tugas dan Fungsi")),
    Bagian("Struktur Organisasi", "Susunan organisasi; bagan diletakkan di lembar Gambar.",
           ("Susunan Organisasi", "Organisasi")),
    Bagian("Sumber Daya Manusia", "Keterangan pegawai (tabel golongan, pendidikan, jabatan, status otomatis).",
           ("Kepegawaian", "Sumber Daya Aparatur", "Pegawai")),
    Bagian("Sarana dan Prasarana", "Gedung, kendaraan, peralatan kantor dan kondisinya.", ("Sarpras", "Aset")),
    Bagian("Gambaran Umum Wilayah", "Letak, luas, batas wilayah, penduduk (daftar desa otomatis).",
           ("Gambaran Umum", "Kondisi Wilayah", "Kondisi Umum", "Wilayah", "Potensi Unggulan", "Potensi Wilayah",
            "Potensi")),
    Bagian("Isu Strategis", "Permasalahan dan isu strategis yang dihadapi.", ("Permasalahan", "Isu-isu Strategis")),
    Bagian("Sistematika Penulisan", "Susunan bab laporan; kosongkan untuk teks baku.", default=True),
    Bagian("Visi dan Misi", "Visi dan misi kepala daerah yang didukung kecamatan.", ("Visi Misi", "Visi")),
    Bagian("Tujuan dan Sasaran", "Keterangan tujuan dan sasaran (tabel Renstra otomatis).",
           ("Rencana Strategis", "Renstra")),
    Bagian("Indikator Kinerja Utama", "Keterangan IKU (tabel IKU otomatis dari kolom IKU).", ("IKU",)),
    Bagian("Strategi dan Arah Kebijakan", "Strategi dan arah kebijakan Renstra.", ("Strategi", "Arah Kebijakan")),
    Bagian("Perjanjian Kinerja", "Keterangan PK dan perubahannya (tabel PK otomatis).",
           ("Perubahan Perjanjian Kinerja", "Perjanjian Kinerja Penugasan", "Rencana Kinerja Tahunan",
            "Indikator Kinerja Program (PK Camat)")),
    Bagian("Program dan Anggaran", "Keterangan program dan pagu (tabel program otomatis).",
           ("Rencana Anggaran", "Program", "Anggaran")),
    Bagian("Capaian Kinerja Organisasi", "Analisis umum capaian (angka capaian ditulis otomatis).",
           ("Capaian Kinerja", "Analisis Capaian", "Evaluasi SAKIP", "Faktor Pendorong", "Faktor Keberhasilan",
            "Hambatan", "Solusi", "Tantangan", "Program Pendukung", "Cakupan Layanan Kecamatan (sub indikator)")),
    Bagian("Efisiensi Penggunaan Sumber Daya", "Keterangan efisiensi (perhitungan otomatis).",
           ("Efisiensi Sumber Daya", "Efisiensi")),
    Bagian("Realisasi Anggaran", "Keterangan realisasi anggaran (tabel dan kalimat otomatis).",
           ("Akuntabilitas Keuangan", "Realisasi Keuangan")),
    Bagian("Survei Kepuasan Masyarakat", "Keterangan SKM (IKM dihitung dari lembar SKM).",
           ("SKM", "Indeks Kepuasan Masyarakat", "IKM")),
    Bagian("Inovasi", "Inovasi pelayanan atau tata kelola; foto diletakkan di lembar Gambar.",
           ("Inovasi Daerah", "Inovasi Pelayanan")),
    Bagian("Capaian Kinerja Lainnya", "Penghargaan, prestasi, capaian layanan di luar PK.",
           ("Penghargaan", "Prestasi", "Capaian Layanan", "Capaian Lainnya", "Prestasi dan Penghargaan")),
    Bagian("Kesimpulan", "Kesimpulan umum (angka capaian ditulis otomatis)."),
    Bagian("Rekomendasi", "Langkah perbaikan untuk tahun berikutnya.",
           ("Saran", "Langkah ke Depan", "Rencana Tindak Lanjut", "Strategi Peningkatan Kinerja")),
)


def key_of(text: object) -> str:
    """A Bagian as typed, compared ignoring case, spacing, punctuation and '&' for 'dan'."""
    s = str(text or "").lower().replace("&", " dan ")
    return " ".join(re.sub(r"[^\w()]+", " ", s).split())


_BY_KEY: dict[str, Bagian] = {}
for _b in BAGIAN:
    for _name in (_b.key, *_b.aliases):
        _BY_KEY.setdefault(key_of(_name), _b)


def bagian_for(text: object) -> Bagian | None:
    """The standard section a typed Bagian belongs to; None for one the report does not know."""
    return _BY_KEY.get(key_of(text))
