"""The rules a workbook must satisfy, each a small generator of issues.

``validate`` never raises: it collects everything the reader found and every rule's issues into one
:class:`~lkjip_xl.issues.CheckResult`, ordered sheet by sheet and cell by cell. Each rule takes only what it
reads (the workbook's rows, a part of the computation, the planned computed cells); :data:`CHECKS` hands them
out.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .compute import BudgetResult, Computed, IndicatorResult, SkmResult
from .compute.anggaran import BudgetRollup
from .compute.predikat import Band, skala_problems
from .fmt import round_half_up
from .issues import CheckResult, Issue, issue
from .model import Rec, Workbook
from .plan import Plan
from .schema import PROFIL_KEYS, SHEETS, TABLES, norm
from .xlsx import split_ref

__all__ = ["validate", "with_issues", "CHECKS", "Inputs", "Fills"]

UNIT_MISTAKE_LOW = Decimal(10)
UNIT_MISTAKE_HIGH = Decimal(300)
"""A capaian outside [10%, 300%] almost always means target and realisasi are in different units."""
TOLERANCE = Decimal("0.005")
"""Typed and derived realisasi agree when they round to the same 2 decimals."""

Fills = Mapping[str, Mapping[int, Mapping[str, Any]]]
"""What the computed columns of the input tables should hold: table → row → normalised header → value."""


@dataclass(frozen=True)
class Inputs:
    """Everything a rule may read; :data:`CHECKS` gives each rule its part."""

    wb: Workbook
    computed: Computed
    fills: Fills


Check = Callable[[Inputs], Iterator[Issue]]


def check_profil(wb: Workbook) -> Iterator[Issue]:
    for k in PROFIL_KEYS:
        if k.required and norm(k.name) in wb.profil and wb.prof(k.name) is None:
            cell = wb.prof_cell(k.name)
            if any(i.cell == cell and i.sheet == "Profil" for i in wb.issues):
                continue  # typed but unreadable: the reader has already said why (e.g. not a date)
            yield issue("profil-wajib-kosong", "Profil", cell, isian=k.name)
    per = wb.prof("Periode Renstra")
    if per:
        m = re.match(r"^\s*(\d{4})\s*[-–/s.d]+\s*(\d{4})\s*$", str(per))
        if not m:
            yield issue("periode-renstra-tidak-sah", "Profil", wb.prof_cell("Periode Renstra"), nilai=per)
        elif wb.tahun and not int(m.group(1)) <= wb.tahun <= int(m.group(2)):
            yield issue("tahun-di-luar-periode", "Profil", wb.prof_cell("Tahun Laporan"), tahun=wb.tahun, periode=per)


def _codes(wb: Workbook, table: str, column: str) -> Iterator[Issue]:
    """Blank and duplicate codes in a table's key column."""
    seen: dict[str, Rec] = {}
    for rec in wb.rows(table):
        code = rec.get(column)
        if not code:
            if rec.raw.get(norm(column)) is None:
                yield issue("kode-kosong", rec.sheet, rec.cell(column), kolom=column)
            continue
        if code in seen:
            yield issue("kode-ganda", rec.sheet, rec.cell(column), kode=code, sel_lain=seen[code].cell(column))
        else:
            seen[code] = rec


def check_codes(wb: Workbook) -> Iterator[Issue]:
    for t in ("Tujuan", "Sasaran", "Indikator", "Kinerja", "Anggaran"):
        col = "Kode Indikator" if t == "Kinerja" else "Kode"
        yield from _codes(wb, t, col)
    desa: dict[str, Rec] = {}
    for r in wb.rows("Desa"):
        nama = str(r.get("Nama Desa", "")).strip()
        if nama and nama.lower() in desa:
            yield issue("desa-ganda", r.sheet, r.cell("Nama Desa"), nama=nama, sel_lain=desa[nama.lower()].cell("Nama Desa"))
        elif nama:
            desa[nama.lower()] = r
    tujuan = {r.get("Kode") for r in wb.rows("Tujuan")}
    sasaran = {r.get("Kode") for r in wb.rows("Sasaran")}
    indikator = {r.get("Kode") for r in wb.rows("Indikator")}
    tujuan_codes = sorted(str(k) for k in tujuan if k)
    sasaran_codes = sorted(str(k) for k in sasaran if k)
    renstra_codes = sorted(str(k) for k in indikator if k)
    for r in wb.rows("Sasaran"):
        if r.get("Kode Tujuan") and r.get("Kode Tujuan") not in tujuan:
            yield issue("kode-tidak-dikenal", r.sheet, r.cell("Kode Tujuan"), jenis="tujuan", kode=r.get("Kode Tujuan"),
                        tabel="Tujuan", saran=_saran(str(r.get("Kode Tujuan")), tujuan_codes))
    for r in wb.rows("Indikator"):
        k = r.get("Kode Sasaran")
        # the PK rows of an indicator that names no sasaran are computed into no figure (no nameless sasaran)
        if k and k not in sasaran and k not in tujuan:
            yield issue("kode-tidak-dikenal", r.sheet, r.cell("Kode Sasaran"), jenis="sasaran", kode=k,
                        tabel="Sasaran atau Tujuan",
                        saran=" Indikator ini tidak ikut dihitung." + _saran(str(k), sasaran_codes + tujuan_codes))
        elif not k and r.get("Kode") and r.raw.get(norm("Kode Sasaran")) is None:
            yield issue("kode-kosong", r.sheet, r.cell("Kode Sasaran"), kolom="Kode Sasaran")
    for r in wb.rows("Kinerja"):
        k = r.get("Kode Indikator")
        if k and k not in indikator:
            yield issue("indikator-pk-tidak-di-renstra", r.sheet, r.cell("Kode Indikator"), kode=k,
                        saran=_saran(str(k), renstra_codes))
    if "Kinerja" in wb.geoms:
        pk = {r.get("Kode Indikator") for r in wb.rows("Kinerja")}
        warned: set[str] = set()
        for r in wb.rows("Indikator"):
            k = r.get("Kode")
            if k and k not in pk and k not in warned:
                warned.add(k)
                yield issue("indikator-renstra-tanpa-pk", r.sheet, r.cell("Kode"), kode=k)
    for r in wb.rows("Riwayat"):
        k = r.get("Kode Indikator")
        if k and k not in indikator:
            yield issue("kode-tidak-dikenal", r.sheet, r.cell("Kode Indikator"), jenis="indikator", kode=k,
                        tabel="Indikator", saran=_saran(str(k), renstra_codes))
    for r in wb.rows("Anggaran"):
        k = r.get("Kode Sasaran")
        # a program linked to no sasaran supports none: it is in no sasaran's efisiensi or supporting programs
        if k and k not in sasaran and k not in tujuan:
            yield issue("kode-tidak-dikenal", r.sheet, r.cell("Kode Sasaran"), jenis="sasaran", kode=k, tabel="Sasaran",
                        saran=_saran(str(k), sasaran_codes + tujuan_codes))
        for code in [x.strip() for x in str(r.get("Kode Indikator", "")).split(";") if x.strip()]:
            if code not in indikator:
                yield issue("kode-tidak-dikenal", r.sheet, r.cell("Kode Indikator"), jenis="indikator", kode=code,
                            tabel="Indikator", saran=_saran(code, renstra_codes))
    known = sasaran | tujuan | indikator
    for r in wb.rows("Analisis"):
        k = r.get("Kode")
        if k and k not in known:
            yield issue("kode-tidak-dikenal", r.sheet, r.cell("Kode"), jenis="sasaran/indikator", kode=k,
                        tabel="Sasaran atau Indikator", saran=_saran(str(k), sorted(str(x) for x in known if x)))


def _saran(kode: str, codes: list[str]) -> str:
    """' Maksud Anda 1.1.2?' for a code close to existing ones (1.12 for 1.1.2); '' when none is close."""
    close = difflib.get_close_matches(kode, codes, n=3, cutoff=0.75)
    if not close:
        return ""
    return f" Maksud Anda {', '.join(close[:-1]) + ' atau ' if close[:-1] else ''}{close[-1]}?"


def check_kinerja(wb: Workbook, indicators: Sequence[IndicatorResult], tahun: int | None) -> Iterator[Issue]:
    g = wb.geoms.get("Indikator")
    if tahun and g is not None and indicators and f"target {tahun}" not in g.columns:
        yield issue("target-renstra-tidak-ada", g.sheet, g.header_cell(), tahun=tahun)
    indikator = {r.get("Kode"): r for r in wb.rows("Indikator")}
    for i in indicators:
        rec = i.rec
        if i.target is None and i.target_text is None:
            yield issue("target-pk-kosong", rec.sheet, rec.cell("Target PK"), kode=i.code)
        ind = indikator.get(i.code)
        tr = i.target_renstra
        if tr is not None and tr.value is not None and i.target is not None and tr.value != i.target:
            cell = rec.cell("Target PK Perubahan") if i.perubahan_pk else rec.cell("Target PK")
            yield issue("target-pk-beda-renstra", rec.sheet, cell, kode=i.code, target_pk=i.target, tahun=tahun,
                        target_renstra=tr.value, sel_renstra=ind.cell(f"Target {tahun}") if ind else "")
        if i.realisasi is None:
            q = rec.num("Penyebut")
            if q == 0 and rec.num("Pembilang") is not None:
                yield issue("penyebut-nol", rec.sheet, rec.cell("Penyebut"), kode=i.code)
            elif rec.cell("Realisasi") and norm("Realisasi") not in rec.raw:
                # (a cell holding an Excel error or a failed formula is reported as that, not as empty)
                yield issue("realisasi-kosong", rec.sheet, rec.cell("Realisasi"), kode=i.code)
            continue
        typed = rec.num("Realisasi")
        if typed is not None:
            if i.realisasi_source == "skm" and abs(typed - i.realisasi) > TOLERANCE:
                yield issue("realisasi-ikm-beda-skm", rec.sheet, rec.cell("Realisasi"), kode=i.code, realisasi=typed,
                            ikm=i.realisasi)
            if i.realisasi_pembilang is not None and abs(typed - i.realisasi_pembilang) > TOLERANCE:
                yield issue("realisasi-beda-pembilang", rec.sheet, rec.cell("Realisasi"), kode=i.code, realisasi=typed,
                            hitung=i.realisasi_pembilang)
            if i.realisasi_triwulan is not None and abs(typed - i.realisasi_triwulan) > TOLERANCE:
                agr = ind.get("Agregasi Triwulan", "Nilai Akhir") if ind else "Nilai Akhir"
                yield issue("realisasi-beda-triwulan", rec.sheet, rec.cell("Realisasi"), kode=i.code, realisasi=typed,
                            triwulan=i.realisasi_triwulan, agregasi=agr.lower())
        v = i.capaian.value
        if i.capaian.status in ("target-nol", "dipotong-nol", "tidak-terhitung"):
            yield issue("capaian-catatan", rec.sheet, rec.cell("Realisasi"), kode=i.code, catatan=i.capaian.note)
        # a realisasi of 0 is a real outcome (no village reached Mandiri), not a unit mistake
        if (v is not None and i.capaian.status == "ok" and i.realisasi != 0
                and not UNIT_MISTAKE_LOW <= v <= UNIT_MISTAKE_HIGH):
            yield issue("capaian-tidak-wajar", rec.sheet, rec.cell("Realisasi"), kode=i.code,
                        capaian=f"{round_half_up(v)}%".replace(".", ","), target=i.target,
                        realisasi=i.realisasi)
    seen: dict[tuple[str, int], Rec] = {}
    for r in wb.rows("Riwayat"):
        key = (r.get("Kode Indikator"), r.get("Tahun"))
        if key[0] and key[1]:
            if key in seen:
                yield issue("riwayat-ganda", r.sheet, r.cell("Tahun"), kode=key[0], tahun=key[1],
                            sel_lain=seen[key].cell("Tahun"))
            else:
                seen[key] = r


def check_anggaran(wb: Workbook, budget: Sequence[BudgetResult], roll: BudgetRollup, tahun: int | None
                   ) -> Iterator[Issue]:
    by_code = {b.code: b for b in budget if b.code}
    cycles = set(roll.cycles)
    orphans = set(roll.orphans)
    rank = {"Program": 0, "Kegiatan": 1, "Sub Kegiatan": 2}
    budget_codes = sorted(by_code)
    for b in budget:
        rec = b.rec
        for col in ("Pagu Murni", "Pagu", "Realisasi"):
            v = rec[col]
            if isinstance(v, int) and v < 0:
                yield issue("uang-negatif", rec.sheet, rec.cell(col), kolom=col, nilai=v)
        if rec.row in cycles:
            yield issue("induk-melingkar", rec.sheet, rec.cell("Kode Induk"), kode=b.code)
        elif rec.row in orphans and b.parent:
            # the hint names rows one level up (a sub kegiatan's siblings are close to its parent's code too)
            above = [k for k in budget_codes if k != b.code and not (
                b.level in rank and by_code[k].level in rank and rank[by_code[k].level] != rank[b.level] - 1)]
            yield issue("induk-tidak-ditemukan", rec.sheet, rec.cell("Kode Induk"), induk=b.parent, kode=b.code,
                        saran=_saran(b.parent, above))
        elif not b.parent and b.level in ("Kegiatan", "Sub Kegiatan"):
            yield issue("induk-kosong", rec.sheet, rec.cell("Kode Induk"), level=b.level, kode=b.code)
        elif b.parent in by_code and b.level in rank:
            pl = by_code[b.parent].level
            if pl in rank and rank[pl] != rank[b.level] - 1:
                yield issue("level-tidak-urut", rec.sheet, rec.cell("Level"), level=b.level, kode=b.code, level_induk=pl,
                            induk=b.parent)
        t = b.total
        if t.from_children:
            for col, typed, total in (("Pagu Murni", t.typed_pagu_murni, t.pagu_murni), ("Pagu", rec["Pagu"], t.pagu),
                                      ("Realisasi", t.typed_realisasi, t.realisasi)):
                if typed is not None and total is not None and typed != total:
                    yield issue("jumlah-induk-beda", rec.sheet, rec.cell(col), kolom=col, kode=b.code or b.uraian,
                                diketik=typed, jumlah=total)
        if t.pagu is not None and t.realisasi is not None and t.realisasi > t.pagu and not t.from_children:
            yield issue("realisasi-melebihi-pagu", rec.sheet, rec.cell("Realisasi"), realisasi=t.realisasi, pagu=t.pagu,
                        kode=b.code or b.uraian)
    grand = roll.grand
    for r in wb.rows("RiwayatAnggaran"):
        for col in ("Pagu", "Realisasi"):
            v = r[col]
            if isinstance(v, int) and v < 0:
                yield issue("uang-negatif", r.sheet, r.cell(col), kolom=col, nilai=v)
        if r.get("Tahun") == tahun and grand.pagu is not None:
            for col, total in (("Pagu", grand.pagu), ("Realisasi", grand.realisasi)):
                if r[col] is not None and total is not None and r[col] != total:
                    yield issue("riwayat-anggaran-beda", r.sheet, r.cell(col), tahun=tahun, nilai=r[col], jumlah=total)
        p_, q = r["Pagu"], r["Realisasi"]
        if isinstance(p_, int) and isinstance(q, int) and q > p_:
            yield issue("realisasi-melebihi-pagu", r.sheet, r.cell("Realisasi"), realisasi=q, pagu=p_,
                        kode=f"tahun {r.get('Tahun')}")


def check_skala(wb: Workbook, skala: Sequence[Band]) -> Iterator[Issue]:
    recs = [r for r in wb.rows("Skala") if r.num("Batas Bawah") is not None and r.get("Predikat")]
    g = wb.geoms.get("Skala")
    if not recs:
        if g is not None:
            yield issue("skala-kosong", g.sheet, g.header_cell())
        return
    for pr in skala_problems(skala):
        rec = recs[pr.index]
        if pr.kind == "celah":
            yield issue("skala-celah", rec.sheet, rec.cell("Batas Bawah"), bawah=pr.lower, atas=pr.upper)
        elif pr.kind == "tumpang-tindih":
            other = recs[pr.other].cell("Batas Bawah") if pr.other is not None else ""
            yield issue("skala-tumpang-tindih", rec.sheet, rec.cell("Batas Bawah"), sel_lain=other)
        elif pr.kind == "batas-terbalik":
            yield issue("skala-batas-terbalik", rec.sheet, rec.cell("Batas Atas"))
        elif pr.kind == "tidak-dari-nol":
            yield issue("skala-tidak-dari-nol", rec.sheet, rec.cell("Batas Bawah"), bawah=pr.lower)
        elif pr.kind == "tidak-terbuka-atas":
            yield issue("skala-tanpa-batas-atas", rec.sheet, rec.cell("Batas Atas"), atas=pr.upper)


def check_skm(skm: Sequence[SkmResult]) -> Iterator[Issue]:
    for s in skm:
        rec = s.rec
        for i in range(1, 10):
            v = rec.num(f"U{i}")
            if v is None:
                if rec.raw.get(f"u{i}") is None:
                    yield issue("unsur-kosong", rec.sheet, rec.cell(f"U{i}"), unsur=f"U{i}")
            elif not 1 <= v <= 4:
                yield issue("unsur-di-luar-rentang", rec.sheet, rec.cell(f"U{i}"), unsur=f"U{i}", nilai=v)


def check_computed_cells(wb: Workbook, fills: Fills) -> Iterator[Issue]:
    """Stale computed cells, and computed cells typed over by hand."""
    stored = wb.meta.get("sidik jari input", "")
    unchanged = wb.inputs_unchanged
    if not stored:
        if any(v is not None for rows in fills.values() for vals in rows.values() for v in vals.values()):
            g = wb.geoms.get("Kinerja")
            yield issue("belum-dihitung", "Kinerja", g.header_cell() if g else "A1")
    elif not unchanged:
        g = wb.geoms.get("Kinerja")
        yield issue("nilai-terhitung-usang", "Kinerja", g.header_cell() if g else "A1",
                    waktu=wb.meta.get("terakhir dihitung", "?"))
    # the computed cells that hold something (a few hundred) against their planned values, not every planned
    # cell (spare rows included) against the sheet
    for (table, r, col), have in wb.computed.items():
        vals = fills.get(table, _NO_ROWS).get(r)
        if vals is None or col not in vals:
            continue
        want = vals[col]
        formula = type(have) is str and have.startswith("=")
        # equal as Python compares them (a whole number stored as 5.0 is 5) is the same value: the common case,
        # without same_value's conversions
        if formula or (unchanged and have != want and not same_value(have, want)):
            g = wb.geoms[table]  # planned tables have one
            yield issue("nilai-terhitung-diubah", g.sheet, g.cell(r, col), nilai=have,
                        seharusnya="kosong" if want is None else want)


_NO_ROWS: Mapping[int, Mapping[str, Any]] = {}


def same_value(have: Any, want: Any) -> bool:
    if want is None or want == "":
        return have is None or have == ""
    if isinstance(want, (Decimal, int, float)) and not isinstance(want, bool):
        if not isinstance(have, (int, float, Decimal)) or isinstance(have, bool):
            return False
        a, b = float(have), float(want)  # a float's 1e-16 is far inside the 1e-12 allowed
        return a == b or abs(a - b) <= abs(b) * 1e-12 + 1e-12
    return str(have).strip() == str(want).strip()


CHECKS: tuple[Check, ...] = (
    lambda i: check_profil(i.wb),
    lambda i: check_codes(i.wb),
    lambda i: check_kinerja(i.wb, i.computed.indicators, i.computed.settings.tahun),
    lambda i: check_anggaran(i.wb, i.computed.budget, i.computed.rollup, i.computed.settings.tahun),
    lambda i: check_skala(i.wb, i.computed.skala),
    lambda i: check_skm(i.computed.skm),
    lambda i: check_computed_cells(i.wb, i.fills),
)
"""Every rule, in the order its issues are gathered, each handed exactly what it reads."""

_SHEET_ORDER = {s.name: i for i, s in enumerate(SHEETS)}


def _order(i: Issue) -> tuple[int, int, int, str]:
    try:
        r, col = split_ref(i.cell)
    except ValueError:
        r, col = 0, 0
    return (_SHEET_ORDER.get(i.sheet, 99), r, col, i.code)


def _final_with_errors(wb: Workbook, issues: list[Issue]) -> list[Issue]:
    """A workbook marked Final that still has errors says so: the report goes out marked DRAF all the same."""
    status = wb.profil.get("status dokumen")
    n = sum(1 for i in issues if i.severity == "error")
    if status is None or status[0] != "Final" or not n or not status[1]:
        return []
    g = wb.geoms.get("Profil")
    return [issue("final-masih-error", g.sheet if g else "Profil", status[1], jumlah=n)]


def validate(wb: Workbook, c: Computed, p: Plan) -> CheckResult:
    issues = list(wb.issues)
    inputs = Inputs(wb, c, p.fills)
    for check in CHECKS:
        issues.extend(check(inputs))
    stats = {
        "indikator": len(c.indicators),
        "sasaran": len(c.groups),
        "tabel": sorted(t for t in TABLES if t in wb.tables),
    }
    return CheckResult(_finish(wb, issues), stats)


def with_issues(wb: Workbook, result: CheckResult, extra: list[Issue]) -> CheckResult:
    """``result`` and ``extra`` (issues found beside the rules: a table a recompute cannot grow), counted and
    ordered as :func:`validate` does."""
    kept = [i for i in result.issues if i.code != "final-masih-error"]
    return CheckResult(_finish(wb, kept + extra), result.stats)


def _finish(wb: Workbook, issues: list[Issue]) -> list[Issue]:
    # a rule about a column that is missing has no cell to point at: 'kolom-hilang' already names the column
    issues = [i for i in issues if i.cell]
    issues.extend(_final_with_errors(wb, issues))
    issues.sort(key=_order)
    return issues
