"""Pure computation: every derived figure of the report from the typed workbook, no I/O.

``compute_all`` is shared by the command line, the Excel buttons, the report and the kabupaten roll-up, so a
figure is computed in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..model import Rec, Score, Workbook
from ..schema import norm
from .aggregate import mean
from .anggaran import BudgetLine, BudgetRollup, BudgetTotal, rollup, serapan, sisa
from .capaian import Capaian, capaian, rollup_triwulan
from .efisiensi import Efisiensi, efisiensi, verdict
from .ikm import ikm, ikm_tahunan, mutu
from .predikat import Band, predikat
from .riwayat import Perubahan, kemajuan, perubahan

__all__ = [
    "compute_all",
    "Computed",
    "IndicatorResult",
    "GroupResult",
    "BudgetResult",
    "EfisiensiRow",
    "SkmResult",
    "HistoryYear",
    "Settings",
]

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Settings:
    tahun: int | None
    metode_agregasi: str
    metode_efisiensi: str
    rumus_negatif: str
    batas_atas: Decimal | None
    metode_ikm: str
    indikator_ikm: str | None


@dataclass
class HistoryYear:
    tahun: int
    target: Decimal | None
    realisasi: Decimal | None
    capaian: Capaian
    cell: str
    target_text: str | None = None
    realisasi_text: str | None = None
    """A grade as typed ("B (71,20)"): printed as typed, like this year's."""


@dataclass
class IndicatorResult:
    rec: Rec
    code: str
    group: str
    """The sasaran (or tujuan) code the indicator measures."""
    group_name: str
    nama: str
    satuan: str
    polaritas: str
    iku: bool
    bobot: Decimal | None
    target: Decimal | None
    target_text: str | None
    target_renstra: Score | None
    realisasi: Decimal | None
    realisasi_text: str | None
    realisasi_source: str
    """'diketik', 'triwulan', 'pembilang', 'skm' or 'kosong'."""
    realisasi_triwulan: Decimal | None
    realisasi_pembilang: Decimal | None
    capaian: Capaian
    predikat: str | None
    target_akhir: Decimal | None
    kemajuan: Capaian
    history: list[HistoryYear]
    realisasi_lalu: Decimal | None
    capaian_lalu: Decimal | None
    perubahan: Perubahan
    keterangan: str
    perubahan_pk: bool


@dataclass
class GroupResult:
    code: str
    uraian: str
    kind: str
    """'Sasaran' or 'Tujuan'."""
    indicators: list[IndicatorResult]
    capaian: Decimal | None
    predikat: str | None
    note: str | None

    @property
    def n_terisi(self) -> int:
        return sum(1 for i in self.indicators if i.capaian.value is not None)


@dataclass
class BudgetResult:
    rec: Rec
    code: str
    parent: str
    level: str
    uraian: str
    total: BudgetTotal
    serapan: Decimal | None
    sisa: int | None


@dataclass
class EfisiensiRow:
    code: str
    uraian: str
    capaian: Decimal | None
    pagu: int | None
    realisasi: int | None
    serapan: Decimal | None
    efisiensi: Efisiensi
    kesimpulan: str


@dataclass
class SkmResult:
    rec: Rec
    ikm: Decimal | None
    mutu: tuple[str, str] | None


@dataclass
class Computed:
    settings: Settings
    skala: tuple[Band, ...]
    indicators: list[IndicatorResult]
    groups: list[GroupResult]
    overall: Decimal | None
    overall_predikat: str | None
    overall_note: str
    budget: list[BudgetResult]
    rollup: BudgetRollup
    pagu: int | None
    realisasi: int | None
    pagu_murni: int | None
    serapan: Decimal | None
    sisa: int | None
    budget_history: list[tuple[int, int | None, int | None, Decimal | None]]
    efisiensi: list[EfisiensiRow]
    skm: list[SkmResult]
    ikm: Decimal | None
    mutu: tuple[str, str] | None
    extra: dict[str, Any] = field(default_factory=dict)
    tanpa_renstra: list[Rec] = field(default_factory=list)
    """Kinerja rows whose Kode Indikator is not in the Renstra (a typo such as 1.12 for 1.1.2), or whose Renstra
    indicator's Kode Sasaran names no sasaran or tujuan: flagged by validation and left out of every figure, so no
    nameless sasaran reaches Ringkasan, Efisiensi or the report."""

    @property
    def n_tercapai(self) -> int:
        return sum(1 for i in self.indicators if i.capaian.value is not None and i.capaian.value >= HUNDRED)


def settings_of(wb: Workbook) -> Settings:
    cap = wb.prof("Batas Atas Capaian")
    return Settings(
        tahun=wb.tahun,
        metode_agregasi=wb.prof("Metode Agregasi", "Rata-rata Sasaran"),
        metode_efisiensi=wb.prof("Metode Efisiensi", "Selisih"),
        rumus_negatif=wb.prof("Rumus Polaritas Negatif", "(2T-R)/T"),
        batas_atas=cap if isinstance(cap, Decimal) else None,
        metode_ikm=wb.prof("Metode IKM Tahunan", "Rata-rata"),
        indikator_ikm=str(wb.prof("Indikator IKM")) if wb.prof("Indikator IKM") else None,
    )


def skala_of(wb: Workbook) -> tuple[Band, ...]:
    bands = []
    for rec in wb.rows("Skala"):
        lo, hi, label = rec.num("Batas Bawah"), rec.num("Batas Atas"), rec.get("Predikat")
        if lo is None or not label:
            continue
        bands.append(Band(lo, hi, str(label)))
    return tuple(bands)


def _percentish(satuan: str) -> bool:
    s = norm(satuan)
    return s in ("%", "persen", "persentase") or s.startswith(("persen", "%"))


def compute_all(wb: Workbook) -> Computed:
    st = settings_of(wb)
    skala = skala_of(wb)
    tujuan = {r.get("Kode"): r for r in wb.rows("Tujuan") if r.get("Kode")}
    sasaran = {r.get("Kode"): r for r in wb.rows("Sasaran") if r.get("Kode")}
    indikator: dict[str, Rec] = {}
    for r in wb.rows("Indikator"):
        indikator.setdefault(r.get("Kode"), r)
    history: dict[str, list[Rec]] = {}
    for r in wb.rows("Riwayat"):
        if r.get("Kode Indikator"):
            history.setdefault(r.get("Kode Indikator"), []).append(r)

    # survey first: its IKM may be an indicator's realisasi
    skm = []
    for r in wb.rows("SKM"):
        nrr = [r.num(f"U{i}") for i in range(1, 10)]
        v = ikm(nrr)
        skm.append(SkmResult(r, v, mutu(v)))
    weights = [r.rec.get("Responden") for r in skm] if st.metode_ikm == "Tertimbang Responden" else None
    ikm_year = ikm_tahunan([s.ikm for s in skm], weights) if skm else None

    pk_rows = [rec for rec in wb.rows("Kinerja") if rec.get("Kode Indikator")]
    # with no Indikator table at all ('tabel-hilang') every row is kept, as before: there is nothing to match against;
    # likewise the sasaran link when neither Sasaran nor Tujuan is there
    keep_all = "Indikator" not in wb.geoms
    check_link = "Sasaran" in wb.geoms or "Tujuan" in wb.geoms

    def in_renstra(rec: Rec) -> bool:
        ind = indikator.get(rec.get("Kode Indikator"))
        if ind is None:
            return keep_all
        g = ind.get("Kode Sasaran", "")
        return not check_link or g in sasaran or g in tujuan

    tanpa_renstra = [rec for rec in pk_rows if not in_renstra(rec)]
    indicators = [
        _indicator(rec, wb, st, skala, indikator, sasaran, tujuan, history, ikm_year)
        for rec in pk_rows
        if in_renstra(rec)
    ]

    groups = _groups(indicators, sasaran, tujuan, st, skala)
    if st.metode_agregasi == "Rata-rata Indikator":
        overall = mean((i.capaian.value for i in indicators), (i.bobot for i in indicators), cap=st.batas_atas)
        how = "rata-rata capaian seluruh indikator PK"
    else:
        overall = mean((g.capaian for g in groups), cap=None)
        how = "rata-rata capaian sasaran"
    if st.batas_atas is not None:
        how += f", tiap capaian dibatasi paling tinggi {st.batas_atas}%"
    missing = sum(1 for i in indicators if i.capaian.value is None)
    if missing:
        how += f"; {missing} indikator belum terhitung tidak diikutkan"

    budget, roll = _budget(wb)
    g = roll.grand
    budget_history = _budget_history(wb, st.tahun, g)
    eff = _efisiensi(groups, budget, overall, g, st.metode_efisiensi)
    return Computed(
        settings=st,
        skala=skala,
        indicators=indicators,
        groups=groups,
        overall=overall,
        overall_predikat=predikat(overall, skala),
        overall_note=how,
        budget=budget,
        rollup=roll,
        pagu=g.pagu,
        realisasi=g.realisasi,
        pagu_murni=g.pagu_murni,
        serapan=serapan(g.pagu, g.realisasi),
        sisa=sisa(g.pagu, g.realisasi),
        budget_history=budget_history,
        efisiensi=eff,
        skm=skm,
        ikm=ikm_year,
        mutu=mutu(ikm_year),
        tanpa_renstra=tanpa_renstra,
    )


def _indicator(
    rec: Rec,
    wb: Workbook,
    st: Settings,
    skala: tuple[Band, ...],
    indikator: dict[str, Rec],
    sasaran: dict[str, Rec],
    tujuan: dict[str, Rec],
    history: dict[str, list[Rec]],
    ikm_year: Decimal | None,
) -> IndicatorResult:
    code = rec.get("Kode Indikator")
    ind = indikator.get(code)
    group = ind.get("Kode Sasaran", "") if ind else ""
    gname = ""
    if group in sasaran:
        gname = sasaran[group].get("Uraian", "")
    elif group in tujuan:
        gname = tujuan[group].get("Uraian", "")
    satuan = ind.get("Satuan", "") if ind else ""
    polaritas = ind.get("Polaritas", "Positif") if ind else "Positif"
    agregasi = ind.get("Agregasi Triwulan", "Nilai Akhir") if ind else "Nilai Akhir"

    t_pk: Score | None = rec["Target PK"]
    t_pkp: Score | None = rec["Target PK Perubahan"]
    eff_t = t_pkp if t_pkp is not None and t_pkp.value is not None else t_pk
    target = eff_t.value if eff_t else None
    target_text = eff_t.text if eff_t else None
    t_renstra = ind[f"Target {st.tahun}"] if ind and st.tahun else None

    notes: list[str] = []
    if eff_t is t_pkp and t_pkp is not None:
        notes.append("target PK Perubahan")
    typed: Score | None = rec["Realisasi"]
    typed_v = typed.value if typed else None
    tw = rollup_triwulan([rec.num(f"Realisasi TW {q}") for q in ("I", "II", "III", "IV")], agregasi)
    p, q = rec.num("Pembilang"), rec.num("Penyebut")
    from_pq = None
    if p is not None and q is not None and q != 0:
        from_pq = p / q * (HUNDRED if _percentish(satuan) else 1)
    source = "kosong"
    realisasi = None
    if from_pq is not None:
        realisasi, source = from_pq, "pembilang"
        notes.append("realisasi dihitung dari pembilang/penyebut")
    elif st.indikator_ikm and code == st.indikator_ikm and ikm_year is not None:
        realisasi, source = ikm_year, "skm"
        notes.append("realisasi = IKM hasil SKM")
    elif typed_v is not None:
        realisasi, source = typed_v, "diketik"
    elif tw is not None:
        realisasi, source = tw, "triwulan"
        notes.append(f"realisasi dari triwulan ({agregasi.lower()})")

    cap = capaian(target, realisasi, polaritas, rumus_negatif=st.rumus_negatif)
    if cap.note:
        notes.append(cap.note)

    t_akhir = None
    if ind:
        t_akhir = ind.num("Target Akhir")
        if t_akhir is None and wb.years:
            t_akhir = ind.num(f"Target {wb.years[-1]}")
    kem = kemajuan(realisasi, t_akhir, polaritas, rumus_negatif=st.rumus_negatif)

    hist: list[HistoryYear] = []
    for h in sorted(history.get(code, []), key=lambda r: r.get("Tahun") or 0):
        y = h.get("Tahun")
        if not isinstance(y, int) or (st.tahun and y >= st.tahun):
            continue
        ht, hr = h.num("Target"), h.num("Realisasi")
        hist.append(HistoryYear(y, ht, hr, capaian(ht, hr, polaritas, rumus_negatif=st.rumus_negatif), h.cell("Tahun"),
                                _grade(h["Target"]), _grade(h["Realisasi"])))
    last = next((h for h in reversed(hist) if st.tahun and h.tahun == st.tahun - 1), None)
    r_lalu = last.realisasi if last else None
    c_lalu = last.capaian.value if last else None
    if kem.note and kem.status != "belum-diisi" and kem.status != "target-kosong":
        notes.append(f"capaian thd target akhir: {kem.note}")
    if last and last.capaian.note and last.capaian.status not in ("belum-diisi", "target-kosong"):
        notes.append(f"capaian {last.tahun}: {last.capaian.note}")
    return IndicatorResult(
        rec=rec,
        code=code,
        group=group,
        group_name=gname,
        nama=ind.get("Indikator", "") if ind else "",
        satuan=satuan,
        polaritas=polaritas,
        iku=(ind.get("IKU") == "Ya") if ind else False,
        bobot=ind.num("Bobot") if ind else None,
        target=target,
        target_text=target_text,
        target_renstra=t_renstra if isinstance(t_renstra, Score) else None,
        realisasi=realisasi,
        realisasi_text=typed.text if typed and source == "diketik" else None,
        realisasi_source=source,
        realisasi_triwulan=tw,
        realisasi_pembilang=from_pq,
        capaian=cap,
        predikat=predikat(cap.value, skala),
        target_akhir=t_akhir,
        kemajuan=kem,
        history=hist,
        realisasi_lalu=r_lalu,
        capaian_lalu=c_lalu,
        perubahan=perubahan(realisasi, r_lalu),
        keterangan="; ".join(notes),
        perubahan_pk=eff_t is t_pkp and t_pkp is not None,
    )


def _groups(
    indicators: list[IndicatorResult],
    sasaran: dict[str, Rec],
    tujuan: dict[str, Rec],
    st: Settings,
    skala: tuple[Band, ...],
) -> list[GroupResult]:
    order: list[str] = []
    for t in tujuan:
        order.append(t)
        order += [s for s, r in sasaran.items() if r.get("Kode Tujuan") == t]
    order += [s for s in sasaran if s not in order]
    order += [i.group for i in indicators if i.group not in order]
    out = []
    for code in order:
        members = [i for i in indicators if i.group == code]
        if not members:
            continue
        value = mean((i.capaian.value for i in members), (i.bobot for i in members), cap=st.batas_atas)
        kind = "Tujuan" if code in tujuan and code not in sasaran else "Sasaran"
        name = members[0].group_name
        note = None
        if st.batas_atas is not None:
            note = f"capaian tiap indikator dibatasi paling tinggi {st.batas_atas}%"
        out.append(GroupResult(code, name, kind, members, value, predikat(value, skala), note))
    return out


def _budget(wb: Workbook) -> tuple[list[BudgetResult], BudgetRollup]:
    kode, induk, level, uraian, murni, pagu, realisasi = _BUDGET_KEYS
    recs: list[Rec] = []
    lines: list[BudgetLine] = []
    for r in wb.rows("Anggaran"):
        v = r.values  # by normalised header, read directly: a kabupaten's roll-up reads tens of thousands of lines
        if not (v.get(kode) or v.get(uraian)):
            continue
        recs.append(r)
        p = v.get(pagu)
        lines.append(BudgetLine(key=r.row, code=v.get(kode) or "", parent=v.get(induk) or "",
                                level=v.get(level) or "", pagu_murni=v.get(murni),
                                pagu=p if p is not None else v.get(murni), realisasi=v.get(realisasi)))
    roll = rollup(lines)
    out = []
    for r, ln in zip(recs, lines):
        t = roll.totals[r.row]
        out.append(BudgetResult(r, ln.code, ln.parent, ln.level, r.values.get(uraian) or "", t,
                                serapan(t.pagu, t.realisasi), sisa(t.pagu, t.realisasi)))
    return out, roll


_BUDGET_KEYS = tuple(norm(h) for h in ("Kode", "Kode Induk", "Level", "Uraian", "Pagu Murni", "Pagu", "Realisasi"))


def _budget_history(
    wb: Workbook, tahun: int | None, grand: BudgetTotal
) -> list[tuple[int, int | None, int | None, Decimal | None]]:
    years: dict[int, tuple[int | None, int | None]] = {}
    for r in wb.rows("RiwayatAnggaran"):
        y = r.get("Tahun")
        if isinstance(y, int):
            years[y] = (r["Pagu"], r["Realisasi"])
    if tahun and tahun not in years and grand.pagu is not None:
        years[tahun] = (grand.pagu, grand.realisasi)
    return [(y, p, q, serapan(p, q)) for y, (p, q) in sorted(years.items())]


def _efisiensi(
    groups: list[GroupResult],
    budget: list[BudgetResult],
    overall: Decimal | None,
    grand: BudgetTotal,
    metode: str,
) -> list[EfisiensiRow]:
    rows = []
    for g in groups:
        progs = [b for b in budget if b.level == "Program" and b.rec.get("Kode Sasaran") == g.code]
        pagu = _sum_known([b.total.pagu for b in progs])
        real = _sum_known([b.total.realisasi for b in progs])
        s = serapan(pagu, real)
        e = efisiensi(g.capaian, s)
        rows.append(EfisiensiRow(g.code, g.uraian, g.capaian, pagu, real, s, e, kesimpulan(e, metode)))
    s = serapan(grand.pagu, grand.realisasi)
    e = efisiensi(overall, s)
    rows.append(EfisiensiRow("", "Keseluruhan", overall, grand.pagu, grand.realisasi, s, e, kesimpulan(e, metode)))
    return rows


def _sum_known(values: list[int | None]) -> int | None:
    """A sum only when every part is known: a missing realisasi is not 0 rupiah spent."""
    if not values or any(v is None for v in values):
        return None
    return sum(values)  # type: ignore[arg-type]


def kesimpulan(e: Efisiensi, metode: str) -> str:
    v = verdict(e, metode)
    return "belum tersedia" if v is None else ("efisien" if v else "tidak efisien")


def _grade(v: object) -> str | None:
    """The text of a grade typed with its score ("B (71,20)"); None for a plain number."""
    return getattr(v, "text", None) or None
