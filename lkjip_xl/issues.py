"""Problems found in a workbook, as data.

An :class:`Issue` has a stable kebab-case code (in the domain's own words), a severity, the sheet and A1 cell
it points at, and an Indonesian message rendered from the code's template and the issue's params, so the
machine code and the sentence staff read cannot disagree. Tests assert codes and cells, never prose.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal

__all__ = ["Issue", "IssueType", "ISSUE_TYPES", "CheckResult", "issue", "Severity"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class IssueType:
    code: str
    severity: Severity
    title: str
    """English, for developers (docs/issues.md)."""
    template: str
    """Indonesian message; ``{name}`` placeholders filled from the issue's params."""


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
       "Kolom abu-abu belum pernah dihitung. Jalankan Hitung Ulang (lkjip recompute)."),
    _T("nilai-terhitung-usang", "warning", "Inputs changed since the last recompute",
       "Isian berubah sejak hitung ulang terakhir ({waktu}); kolom abu-abu sudah usang. Jalankan Hitung Ulang."),
    _T("nilai-terhitung-diubah", "warning", "A computed cell was typed over by hand",
       "Sel hitungan ini diketik manual ({nilai}); nilai seharusnya {seharusnya}. Hitung Ulang akan menimpanya."),
)

ISSUE_TYPES: dict[str, IssueType] = {t.code: t for t in _CATALOGUE}


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
        whole = isinstance(v, int) or (d == d.to_integral_value() and d.as_tuple().exponent >= 0)
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
    """The developer table of issue codes, kept in docs/issues.md (a test keeps it in sync)."""
    lines = [
        "# Issue codes",
        "",
        "Generated from `lkjip_xl/issues.py` (`python -m lkjip_xl.issues > docs/issues.md`); a test fails when",
        "this page and the catalogue differ. Messages are Indonesian because staff read them.",
        "",
        "| code | severity | meaning | message template |",
        "|---|---|---|---|",
    ]
    for t in _CATALOGUE:
        lines.append(f"| `{t.code}` | {t.severity} | {t.title} | {t.template.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(catalogue_markdown(), end="")
