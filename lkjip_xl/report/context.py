"""Everything the report says, as data: formatted figures, generated sentences, numbered tables and figures.

Pure (no I/O): the Word and HTML templates only place what this builds, so every number in the report comes from
the computation and a kabupaten can rewrite the templates without touching arithmetic. Table and figure numbers
follow the standard outline and count only what is present (no SKM data, no SKM table, no gap in numbering).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..compute import Computed, IndicatorResult
from ..fmt import KOSONG, angka, jumlah_kata, persen, rupiah, tanggal, terbilang
from ..model import Rec, Score, Workbook

__all__ = ["report_context", "nilai", "Penomoran"]

HUNDRED = Decimal(100)


def _whole(v: Decimal | None) -> bool:
    return v is None or v == v.to_integral_value()


def _grade(text: str | None) -> str | None:
    """A typed text printed as typed: a grade such as "B (71,20)" has letters; a number typed as text ("86,3%")
    is a number and follows its indicator's format like any other."""
    return text.strip() if text and any(ch.isalpha() for ch in text) else None


def _digits(*values: Decimal | None) -> int:
    """Decimals shared by one indicator's figures: an index of 85,50 against a realisasi of 85 reads "85,00"."""
    return 0 if all(_whole(x) for x in values) else 2


def nilai(v: Decimal | None, text: str | None = None, satuan: str = "", *, digits: int | None = None) -> str:
    """A target or realisasi as staff write it: a grade keeps its text, a count shows no decimals.

    One rule for every table cell and sentence of an indicator: the satuan alone decides the percent sign
    (``%`` → "86,30%"), whatever was typed ("86,3%" as text, 0,863 formatted as a percent, 86,3)."""
    if (grade := _grade(text)) is not None:
        return grade
    if v is None:
        return KOSONG
    if digits is None:
        digits = 0 if _whole(v) else 2
    s = angka(v, digits)
    return s + ("%" if satuan.strip() == "%" else "")


def _kalimat_nilai(v: Decimal | None, text: str | None, satuan: str, digits: int) -> str:
    """:func:`nilai` inside a sentence: a number followed by its unit word ("87,50 persen", "86,30%")."""
    s = nilai(v, text, satuan, digits=digits)
    return s if _grade(text) is not None or v is None else s + _sat(satuan)


def _score(s: Any, satuan: str = "", digits: int | None = None) -> str:
    if isinstance(s, Score):
        return nilai(s.value, s.text, satuan, digits=digits)
    if isinstance(s, Decimal):
        return nilai(s, None, satuan, digits=digits)
    return KOSONG if s in (None, "") else str(s)


def _score_value(s: Any) -> Decimal | None:
    return s.value if isinstance(s, Score) else s if isinstance(s, Decimal) else None


@dataclass
class Penomoran:
    """Numbers tables and figures per chapter in the order they are registered (the outline's order)."""

    tabel: list[dict[str, str]] = field(default_factory=list)
    gambar: list[dict[str, str]] = field(default_factory=list)
    _n: Counter[tuple[str, int]] = field(default_factory=Counter)

    def _add(self, kind: str, bab: int, judul: str) -> dict[str, str]:
        self._n[(kind, bab)] += 1
        label = "Tabel" if kind == "tabel" else "Gambar"
        item = {"nomor": f"{label} {bab}.{self._n[(kind, bab)]}", "judul": judul}
        item["caption"] = f"{item['nomor']} {judul}"
        (self.tabel if kind == "tabel" else self.gambar).append(item)
        return item

    def t(self, bab: int, judul: str) -> dict[str, str]:
        return self._add("tabel", bab, judul)

    def g(self, bab: int, judul: str) -> dict[str, str]:
        return self._add("gambar", bab, judul)


def _pegawai(wb: Workbook) -> dict[str, Any]:
    by: dict[str, Counter[str]] = {"golongan": Counter(), "pendidikan": Counter(), "jenis_kelamin": Counter(),
                              "status": Counter(), "jabatan": Counter()}
    total = 0
    rows = []
    for r in wb.rows("Pegawai"):
        if not r.get("Jabatan"):
            continue
        n = r.get("Jumlah") or 1
        total += n
        for key, col in (("golongan", "Golongan"), ("pendidikan", "Pendidikan"), ("jenis_kelamin", "Jenis Kelamin"),
                         ("status", "Status"), ("jabatan", "Jabatan")):
            # a blank is "Tidak diisi", never "Lainnya": the workbook does not say the staff member is in another group
            by[key][r.get(col) or "Tidak diisi"] += n
        rows.append({"jabatan": r.get("Jabatan", ""), "nama": r.get("Nama", ""), "golongan": r.get("Golongan", ""),
                     "pendidikan": r.get("Pendidikan", ""), "jumlah": n})
    # a breakdown whose column nobody filled is no breakdown (one row "Tidak diisi"): no table for it
    rekap = {k: [{"uraian": u, "jumlah": c} for u, c in sorted(v.items(), key=lambda kv: (-kv[1], str(kv[0])))]
             if set(v) - {"Tidak diisi"} else [] for k, v in by.items()}
    rinci = [label for key, label in (("golongan", "golongan"), ("pendidikan", "pendidikan"), ("jabatan", "jabatan"),
                                      ("status", "status kepegawaian")) if rekap[key]]
    jk = by["jenis_kelamin"]
    kal = f"Jumlah pegawai sebanyak {jumlah_kata(total, 'orang')}" if total else "Data pegawai belum diisi."
    if total and (jk.get("Laki-laki") or jk.get("Perempuan")):
        kal += (f", terdiri atas {jumlah_kata(jk.get('Laki-laki', 0), 'orang')} laki-laki dan "
                f"{jumlah_kata(jk.get('Perempuan', 0), 'orang')} perempuan")
    if total and rinci:
        daftar = rinci[0] if len(rinci) == 1 else ", ".join(rinci[:-1]) + " dan " + rinci[-1]
        kal += f"; rinciannya menurut {daftar} disajikan berikut."
    elif total:
        kal += "."
    return {"baris": rows, "jumlah": total, "jumlah_kata": jumlah_kata(total, "orang") if total else KOSONG,
            "kalimat": kal, **rekap}


def _indikator_ctx(i: IndicatorResult, tahun: int | None, no: int) -> dict[str, Any]:
    sat = i.satuan or ""
    dg = _indikator_digits(i)
    hist = [
        {"tahun": h.tahun, "target": nilai(h.target, h.target_text, sat, digits=dg),
         "realisasi": nilai(h.realisasi, h.realisasi_text, sat, digits=dg),
         "capaian": persen(h.capaian.value)}
        for h in i.history
    ]
    t = nilai(i.target, i.target_text, sat, digits=dg)
    r = nilai(i.realisasi, i.realisasi_text, sat, digits=dg)
    lalu_text = next((h.realisasi_text for h in i.history if tahun and h.tahun == tahun - 1), None)
    lalu = _kalimat_nilai(i.realisasi_lalu, lalu_text, sat, dg)
    asal = {"triwulan": " (dihitung dari realisasi triwulan)", "pembilang": " (dihitung dari pembilang dan penyebut)",
            "skm": " (IKM hasil Survei Kepuasan Masyarakat)"}.get(i.realisasi_source, "")
    kal = [f"Indikator {i.nama} dengan target {_kalimat_nilai(i.target, i.target_text, sat, dg)} terealisasi "
           f"{_kalimat_nilai(i.realisasi, i.realisasi_text, sat, dg)}{asal if i.realisasi is not None else ''}"]
    if i.capaian.value is None:
        kal[0] += f"; capaiannya {KOSONG}."
    else:
        kal[0] += f", sehingga capaiannya {persen(i.capaian.value)} dengan predikat {i.predikat or KOSONG}."
    if i.capaian.note:
        kal.append(f"Catatan: {i.capaian.note}.")
    if i.realisasi_lalu is not None and i.perubahan.arah and i.perubahan.poin is not None and tahun:
        if i.perubahan.arah == "tetap":
            kal.append(f"Dibandingkan tahun {tahun - 1} (realisasi {lalu}), realisasi tetap.")
        else:
            kal.append(
                f"Dibandingkan tahun {tahun - 1} (realisasi {lalu}), realisasi "
                f"{i.perubahan.arah} {angka(abs(i.perubahan.poin), dg)} poin."
            )
    if i.target_akhir is not None and i.kemajuan.value is not None:
        kal.append(
            f"Terhadap target akhir periode perencanaan sebesar {_kalimat_nilai(i.target_akhir, None, sat, dg)}, "
            f"tingkat kemajuan mencapai {persen(i.kemajuan.value)}."
        )
    return {
        "no": no,
        "kode": i.code,
        "nama": i.nama,
        "satuan": sat,
        "iku": "Ya" if i.iku else "Tidak",
        "target": t,
        "realisasi": r,
        "capaian": persen(i.capaian.value),
        "capaian_nilai": i.capaian.value,
        "predikat": i.predikat or KOSONG,
        "keterangan": i.keterangan,
        "target_akhir": nilai(i.target_akhir, None, sat, digits=dg),
        "kemajuan": persen(i.kemajuan.value),
        "realisasi_lalu": nilai(i.realisasi_lalu, lalu_text, sat, digits=dg),
        "capaian_lalu": persen(i.capaian_lalu),
        "perubahan": KOSONG if i.perubahan.poin is None else angka(i.perubahan.poin, dg),
        "riwayat": hist,
        "kalimat": " ".join(kal),
        "tercapai": i.capaian.value is not None and i.capaian.value >= HUNDRED,
    }


def _indikator_digits(i: IndicatorResult) -> int:
    return _digits(i.target, i.realisasi, i.target_akhir, i.realisasi_lalu, _score_value(i.rec["Target PK"]),
                   _score_value(i.rec["Target PK Perubahan"]), *(h.target for h in i.history),
                   *(h.realisasi for h in i.history))


def _sat(satuan: str) -> str:
    s = satuan.strip()
    return "" if not s or s == "%" else f" {s}"


def report_context(wb: Workbook, c: Computed) -> dict[str, Any]:
    """The whole report as a dict of strings, lists and numbers (what the templates are allowed to use)."""
    num = Penomoran()
    tahun = c.settings.tahun
    instansi = wb.prof("Nama Instansi", KOSONG)
    profil = {
        "nama_instansi": instansi,
        "instansi_kapital": str(instansi).upper(),
        "kabupaten": wb.prof("Kabupaten/Kota", ""),
        "provinsi": wb.prof("Provinsi", ""),
        "tahun": tahun or KOSONG,
        "nama_kepala": wb.prof("Nama Kepala", ""),
        "nip": wb.prof("NIP Kepala", ""),
        "pangkat": wb.prof("Pangkat/Golongan Kepala", ""),
        "jabatan": wb.prof("Jabatan Kepala", "Camat"),
        "alamat": wb.prof("Alamat", ""),
        "tempat": wb.prof("Tempat Penandatanganan", ""),
        "tanggal": tanggal(wb.prof("Tanggal Laporan")),
        "periode": wb.prof("Periode Renstra", ""),
        "dokumen": wb.prof("Dokumen Perencanaan", "Renstra"),
        "status": wb.prof("Status Dokumen", "Draf"),
    }

    # Bab I
    desa = [
        {"no": i + 1, "nama": r.get("Nama Desa", ""), "jenis": r.get("Jenis", "Desa"),
         "idm_lalu": r.get("Status IDM Tahun Lalu", ""), "idm": r.get("Status IDM", ""),
         "nilai_idm": "" if r.num("Nilai IDM") is None else angka(r.num("Nilai IDM"), 4)}
        for i, r in enumerate(r for r in wb.rows("Desa") if r.get("Nama Desa"))
    ]
    n_kel = sum(1 for d in desa if d["jenis"] == "Kelurahan")
    n_desa = len(desa) - n_kel
    wilayah = f"{jumlah_kata(n_desa, 'desa')}" + (f" dan {jumlah_kata(n_kel, 'kelurahan')}" if n_kel else "")
    peg = _pegawai(wb)
    t_peg_gol = num.t(1, "Jumlah Pegawai Menurut Golongan") if peg["golongan"] else None
    t_peg_pend = num.t(1, "Jumlah Pegawai Menurut Tingkat Pendidikan") if peg["pendidikan"] else None
    t_peg_jab = num.t(1, "Jumlah Pegawai Menurut Jabatan") if peg["jabatan"] else None
    t_peg_status = num.t(1, "Jumlah Pegawai Menurut Status Kepegawaian") if peg["status"] else None
    t_desa = num.t(1, f"Daftar Desa/Kelurahan di {instansi}") if desa else None

    # Bab II: Renstra
    years = list(wb.years)
    tujuan = []
    sasaran_by_tujuan: dict[str, list[dict[str, Any]]] = {}
    ind_by_sasaran: dict[str, list[dict[str, Any]]] = {}
    # an indicator's figures read alike in every table: its PK figures' decimals, its satuan's percent sign
    digits_pk = {i.code: _indikator_digits(i) for i in c.indicators}
    for r in wb.rows("Indikator"):
        if not r.get("Kode"):
            continue
        targets = [r[f"Target {y}"] for y in years]
        sat_r, dg_r = r.get("Satuan", ""), digits_pk.get(r.get("Kode"))
        if dg_r is None:
            dg_r = _digits(*(_score_value(x) for x in (*targets, r["Target Akhir"])))
        ind_by_sasaran.setdefault(r.get("Kode Sasaran", ""), []).append({
            "kode": r.get("Kode"), "nama": r.get("Indikator", ""), "satuan": r.get("Satuan", ""),
            "formulasi": r.get("Formulasi", ""), "sumber": r.get("Sumber Data", ""),
            # a year the plan sets no target for reads "-", as in a Renstra's own table
            "target": [_score(x, sat_r, dg_r).replace(KOSONG, "-") for x in targets],
            "target_akhir": _score(r["Target Akhir"], sat_r, dg_r).replace(KOSONG, "-"),
        })
    for r in wb.rows("Sasaran"):
        if r.get("Kode"):
            sasaran_by_tujuan.setdefault(r.get("Kode Tujuan", ""), []).append({
                "kode": r.get("Kode"), "uraian": r.get("Uraian", ""), "indikator": ind_by_sasaran.get(r.get("Kode"), [])})
    for r in wb.rows("Tujuan"):
        if r.get("Kode"):
            tujuan.append({"kode": r.get("Kode"), "uraian": r.get("Uraian", ""),
                           "sasaran": sasaran_by_tujuan.get(r.get("Kode"), []),
                           "indikator": ind_by_sasaran.get(r.get("Kode"), [])})
    renstra_rows = []
    for t in tujuan:
        for s in t["sasaran"]:
            for i in s["indikator"] or [{"kode": "", "nama": "", "satuan": "", "target": [""] * len(years),
                                         "target_akhir": ""}]:
                renstra_rows.append({"tujuan": t["uraian"], "sasaran": s["uraian"], **i})
    n_sasaran = sum(len(t["sasaran"]) for t in tujuan)
    n_ind_renstra = sum(len(v) for v in ind_by_sasaran.values())
    t_renstra = num.t(2, f"Tujuan, Sasaran, Indikator dan Target {profil['dokumen']} {profil['periode']}")
    sasaran_uraian = {s["kode"]: s["uraian"] for t in tujuan for s in t["sasaran"]}
    iku = [{"no": n + 1, "kode": r.get("Kode"), "nama": r.get("Indikator", ""), "satuan": r.get("Satuan", ""),
            "formulasi": r.get("Formulasi", ""), "sumber": r.get("Sumber Data", ""),
            "sasaran": sasaran_uraian.get(r.get("Kode Sasaran", ""), "")}
           for n, r in enumerate(r for r in wb.rows("Indikator") if r.get("Kode") and r.get("IKU") == "Ya")]
    t_iku = num.t(2, f"Indikator Kinerja Utama {instansi}") if iku else None

    inds = [_indikator_ctx(i, tahun, n + 1) for n, i in enumerate(c.indicators)]
    by_code = {i["kode"]: i for i in inds}
    ada_pk_perubahan = any(i.perubahan_pk for i in c.indicators)
    pk = [
        {"no": n + 1, "sasaran": i.group_name, "indikator": i.nama, "satuan": i.satuan,
         # not in the PK murni (an indicator the perubahan added): "-", as a PK prints it, not "belum tersedia"
         "target_murni": _score(i.rec["Target PK"], i.satuan, digits_pk[i.code])
         if i.rec["Target PK"] is not None else "-",
         "target_perubahan": _score(i.rec["Target PK Perubahan"], i.satuan, digits_pk[i.code])
         if i.rec["Target PK Perubahan"] is not None else "-",
         "target_akhir_pk": nilai(i.target, i.target_text, i.satuan, digits=digits_pk[i.code])}
        for n, i in enumerate(c.indicators)
    ]
    t_pk = num.t(2, f"Perjanjian Kinerja {instansi} Tahun {tahun}" + (" (Perubahan)" if ada_pk_perubahan else ""))

    programs = [b for b in c.budget if b.level == "Program"]
    # a program's pagu murni only where the workbook states it whole (typed on the program, or on every line below
    # it): a sum that takes blanks as "unchanged" is no figure the DPA holds. "-" where it is not stated; the
    # column only when some program has one (program_murni).
    prog_rows = [{"kode": b.code, "uraian": b.uraian,
                  "pagu_murni": rupiah(b.total.pagu_murni if b.total.murni_complete else None, kosong="-"),
                  "pagu": rupiah(b.total.pagu, kosong="-")} for b in programs]
    program_murni = any(b.total.murni_complete for b in programs)
    t_prog = num.t(2, f"Program dan Pagu Anggaran Tahun {tahun}") if programs else None

    # Bab III
    skala = [{"bawah": angka(b.lower), "atas": "" if b.upper is None else angka(b.upper), "predikat": b.label,
              "interval": (f"{angka(b.lower)} ≤ capaian" if b.upper is None
                           else f"{angka(b.lower)} ≤ capaian < {angka(b.upper)}")} for b in c.skala]
    t_skala = num.t(3, "Skala Nilai Peringkat Kinerja")
    t_capaian = num.t(3, f"Capaian Indikator Kinerja Tahun {tahun}")
    g_capaian = num.g(3, f"Capaian Indikator Kinerja Tahun {tahun}") if inds else None

    analisis = {r.get("Kode"): r for r in wb.rows("Analisis") if r.get("Kode")}
    sasaran_ctx = []
    for g in c.groups:
        members = [by_code[i.code] for i in g.indicators]
        a = analisis.get(g.code)
        extra = [analisis[i.code] for i in g.indicators if i.code in analisis]
        def txt(col: str, a: Rec | None = a, extra: list[Rec] = extra) -> str:
            parts = [x.get(col, "") for x in ([a] if a else []) + extra]
            return "\n".join(p for p in parts if p)
        progs = [b for b in programs if b.rec.get("Kode Sasaran") == g.code]
        n_ok = sum(1 for m in members if m["tercapai"])
        kal = (f"Sasaran {g.uraian} diukur dengan {jumlah_kata(len(members), 'indikator')}; "
               f"{jumlah_kata(n_ok, 'indikator')} mencapai atau melampaui target. ")
        kal += (f"Capaian sasaran sebesar {persen(g.capaian)} dengan predikat {g.predikat}."
                if g.capaian is not None else f"Capaian sasaran {KOSONG}.")
        sasaran_ctx.append({
            "kode": g.code, "uraian": g.uraian, "jenis": g.kind, "capaian": persen(g.capaian),
            "capaian_nilai": g.capaian, "predikat": g.predikat or KOSONG, "catatan": g.note or "",
            "indikator": members, "kalimat": kal,
            "faktor": txt("Faktor Keberhasilan"), "hambatan": txt("Hambatan"), "solusi": txt("Solusi"),
            "program_pendukung": txt("Program Pendukung") or "; ".join(b.uraian for b in progs),
            "riwayat_baris": [
                {"indikator": m["nama"], **h} for m in members
                for h in [*m["riwayat"], {"tahun": tahun, "target": m["target"], "realisasi": m["realisasi"],
                                          "capaian": m["capaian"]}]
            ],
            "tabel_pengukuran": num.t(3, f"Pengukuran Kinerja Sasaran {g.code}: {g.uraian}"),
            "tabel_riwayat": (num.t(3, f"Perbandingan Realisasi dengan Tahun Sebelumnya, Sasaran {g.code}")
                              if any(m["riwayat"] for m in members) else None),
            "tabel_target_akhir": num.t(3, f"Perbandingan Realisasi dengan Target Akhir {profil['dokumen']}, "
                                           f"Sasaran {g.code}"),
        })

    n_ind = len(inds)
    n_ok = c.n_tercapai
    overall = {
        "capaian": persen(c.overall), "capaian_nilai": c.overall, "predikat": c.overall_predikat or KOSONG,
        "metode": c.overall_note,
        "kalimat": (f"Capaian kinerja {instansi} tahun {tahun} sebesar {persen(c.overall)} "
                    f"({c.overall_note}) dengan predikat {c.overall_predikat or KOSONG}."),
        "kalimat_indikator": (f"Dari {jumlah_kata(n_ind, 'indikator')} kinerja pada Perjanjian Kinerja, "
                              f"{jumlah_kata(n_ok, 'indikator')} mencapai atau melampaui target"
                              + (f" dan {jumlah_kata(n_ind - n_ok, 'indikator')} belum mencapai target." if n_ind - n_ok
                                 else ".")),
    }

    metode = c.settings.metode_efisiensi
    eff = [{"kode": e.code, "sasaran": e.uraian, "capaian": persen(e.capaian), "pagu": rupiah(e.pagu, kosong="-"),
            "realisasi": rupiah(e.realisasi, kosong="-"), "serapan": persen(e.serapan),
            "selisih": KOSONG if e.efisiensi.selisih is None else angka(e.efisiensi.selisih),
            "rasio": KOSONG if e.efisiensi.rasio is None else angka(e.efisiensi.rasio, 4),
            "sisa_anggaran": KOSONG if e.efisiensi.sisa_anggaran is None else persen(e.efisiensi.sisa_anggaran),
            "kesimpulan": e.kesimpulan} for e in c.efisiensi]
    total_eff = c.efisiensi[-1] if c.efisiensi else None
    rumus = {"Selisih": "capaian kinerja dikurangi serapan anggaran (efisien bila lebih dari 0)",
             "Rasio": "capaian kinerja dibagi serapan anggaran (efisien bila paling sedikit 1)",
             "Sisa Anggaran": "100% dikurangi serapan anggaran, dihitung bila capaian kinerja mencapai 100%"}
    eff_kal = ""
    if total_eff is not None and total_eff.capaian is not None and total_eff.serapan is not None:
        eff_kal = (f"Dengan capaian kinerja {persen(total_eff.capaian)} dan serapan anggaran "
                   f"{persen(total_eff.serapan)}, penggunaan sumber daya tahun {tahun} dinilai "
                   f"{total_eff.kesimpulan} menurut metode {metode.lower()} ({rumus.get(metode, '')}).")
    t_eff = num.t(3, "Efisiensi Penggunaan Sumber Daya per Sasaran")

    anggaran = []
    for b in c.budget:
        anggaran.append({
            "kode": b.code, "level": b.level, "uraian": b.uraian,
            "pagu_murni": rupiah(b.total.pagu_murni if b.total.murni_complete else None, kosong="-"),
            "pagu": rupiah(b.total.pagu, kosong="-"),
            "realisasi": rupiah(b.total.realisasi, kosong="-"), "serapan": persen(b.serapan, kosong="-"),
            "sisa": rupiah(b.sisa, kosong="-"), "tebal": b.level == "Program",
            "kalimat": (f"Dana yang dialokasikan untuk {b.level.lower()} {b.uraian} adalah senilai "
                        f"{rupiah(b.total.pagu)} dengan realisasi {rupiah(b.total.realisasi)} atau sebesar "
                        f"{persen(b.serapan)}."),
        })
    ang_kal = (f"Pagu anggaran {instansi} tahun {tahun} sebesar {rupiah(c.pagu)}, terealisasi "
               f"{rupiah(c.realisasi)} atau {persen(c.serapan)}, sehingga sisa anggaran {rupiah(c.sisa)}.")
    grand = c.rollup.grand
    if grand.murni_explicit and c.pagu_murni is not None and c.pagu is not None and c.pagu_murni != c.pagu:
        if grand.murni_complete:
            ang_kal += (f" Pagu murni sebesar {rupiah(c.pagu_murni)} berubah menjadi {rupiah(c.pagu)} pada "
                        "perubahan anggaran.")
        else:  # Pagu Murni typed for some lines only: the sum is not a figure the DPA states
            ang_kal += (f" Pagu murni diisi untuk sebagian baris anggaran saja; dengan menganggap baris lainnya tidak "
                        f"berubah, pagu sebelum perubahan sebesar {rupiah(c.pagu_murni)}.")
    t_ang = num.t(3, f"Realisasi Anggaran per Program, Kegiatan dan Sub Kegiatan Tahun {tahun}") if anggaran else None
    g_serapan = num.g(3, f"Serapan Anggaran per Program Tahun {tahun}") if programs else None

    hist = [{"tahun": y, "pagu": rupiah(p, kosong="-"), "realisasi": rupiah(r, kosong="-"),
             "serapan": persen(s, kosong="-")} for y, p, r, s in c.budget_history]
    t_hist = num.t(3, "Perkembangan Pagu dan Realisasi Anggaran") if len(hist) > 1 else None
    g_hist = num.g(3, "Perkembangan Pagu dan Realisasi Anggaran") if len(hist) > 1 else None

    from ..compute.ikm import UNSUR

    skm_rows = []
    for s in c.skm:
        r = s.rec
        skm_rows.append({"unit": r.get("Unit Layanan", ""), "periode": r.get("Periode", ""),
                         "responden": r.get("Responden", ""),
                         "unsur": ["" if r.num(f"U{i}") is None else angka(r.num(f"U{i}")) for i in range(1, 10)],
                         "ikm": angka(s.ikm), "mutu": f"{s.mutu[0]} ({s.mutu[1]})" if s.mutu else KOSONG})
    skm_unsur = []
    for n, nama in enumerate(UNSUR, start=1):
        vals = [v for s in c.skm if (v := s.rec.num(f"U{n}")) is not None]
        skm_unsur.append({"nama": nama, "nilai": angka(sum(vals) / len(vals)) if vals else KOSONG})
    if c.ikm is not None:
        skm_unsur.append({"nama": "Indeks Kepuasan Masyarakat (IKM)", "nilai": angka(c.ikm)})
    t_skm = num.t(3, f"Hasil Survei Kepuasan Masyarakat Tahun {tahun}") if skm_rows else None
    skm_kal = ""
    if c.ikm is not None:
        skm_kal = (f"Indeks Kepuasan Masyarakat (IKM) tahun {tahun} sebesar {angka(c.ikm)} dengan mutu pelayanan "
                   f"{c.mutu[0]} ({c.mutu[1]})." if c.mutu else f"IKM tahun {tahun} sebesar {angka(c.ikm)}.")

    narasi_blok, narasi_lain, narasi = _narasi(wb)

    counts = {
        "tujuan": jumlah_kata(len(tujuan), "tujuan"), "sasaran": jumlah_kata(n_sasaran, "sasaran"),
        "indikator_renstra": jumlah_kata(n_ind_renstra, "indikator"), "indikator_pk": jumlah_kata(n_ind, "indikator"),
        "wilayah": wilayah if desa else KOSONG, "program": jumlah_kata(len(programs), "program"),
        "kegiatan": jumlah_kata(sum(1 for b in c.budget if b.level == "Kegiatan"), "kegiatan"),
        "sub_kegiatan": jumlah_kata(sum(1 for b in c.budget if b.level == "Sub Kegiatan"), "sub kegiatan"),
        "tercapai": n_ok, "indikator": n_ind,
    }
    for key, paragraphs in _baku(profil, counts).items():
        if not narasi_blok[key]:
            narasi_blok[key] = [{"judul": "", "paragraf": paragraphs}]
    ikhtisar = [
        f"Pada tahun {tahun}, {instansi} menetapkan {counts['sasaran']} strategis yang diukur dengan "
        f"{counts['indikator_pk']} kinerja dalam Perjanjian Kinerja.",
        overall["kalimat"],
        overall["kalimat_indikator"],
        ang_kal,
    ]
    if eff_kal:
        ikhtisar.append(eff_kal)
    if skm_kal:
        ikhtisar.append(skm_kal)

    gambar_staf = _gambar_staf(wb)
    letters = iter("DEFGH")
    bab3 = {"skm": next(letters) if (t_skm or narasi_blok["Survei Kepuasan Masyarakat"]) else "",
            "inovasi": next(letters) if (narasi_blok["Inovasi"] or gambar_staf["Inovasi"]) else "",
            "lainnya": next(letters) if (narasi_blok["Capaian Kinerja Lainnya"] or gambar_staf["Kegiatan"]) else ""}
    kabupaten = str(profil["kabupaten"] or "")
    kop = {"pemerintah": f"PEMERINTAH {kabupaten.upper()}" if kabupaten else "PEMERINTAH KABUPATEN [belum diisi]",
           "instansi": profil["instansi_kapital"], "alamat": profil["alamat"]}
    tempat_tanggal = ", ".join(x for x in (str(profil["tempat"] or ""),
                                            "" if profil["tanggal"] == KOSONG else profil["tanggal"]) if x)
    ttd = {"tempat_tanggal": tempat_tanggal or "[tempat dan tanggal belum diisi]",
           "jabatan": profil["jabatan"] or "Camat",
           "nama": profil["nama_kepala"] or "[nama Camat belum diisi]",
           "pangkat": profil["pangkat"],
           "nip": f"NIP. {profil['nip']}" if profil["nip"] else "NIP. [belum diisi]"}
    for s in sasaran_ctx:
        s["analisis"] = [{"judul": label, "teks": s[key]} for key, label in (
            ("faktor", "Faktor keberhasilan"), ("hambatan", "Hambatan"), ("solusi", "Solusi"),
            ("program_pendukung", "Program pendukung")) if s[key]]
    draf = profil["status"] != "Final"
    return {
        "judul": f"LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) {profil['instansi_kapital']} TAHUN {tahun}",
        "kop": kop, "ttd": ttd, "bab3": bab3,
        "draf_alasan": f"status dokumen {profil['status'] or 'Draf'}" if draf else "",
        "narasi_blok": narasi_blok, "gambar_staf": gambar_staf,
        "iku": iku,
        "iku_kalimat": (f"Indikator Kinerja Utama (IKU) {instansi} terdiri atas {jumlah_kata(len(iku), 'indikator')}"
                        " sebagai berikut." if iku else
                        "Belum ada indikator yang ditandai sebagai IKU (kolom IKU pada lembar Renstra)."),
        "wilayah_kalimat": (f"Wilayah {instansi} terdiri atas {wilayah}." if desa else
                            "Daftar desa/kelurahan belum diisi (lembar Desa)."),
        "renstra_kalimat": (f"{profil['dokumen']} {profil['periode']} memuat {counts['tujuan']}, {counts['sasaran']} "
                            f"dan {counts['indikator_renstra']} kinerja sebagai berikut."),
        "pk_kalimat": (f"Perjanjian Kinerja Tahun {tahun} memuat {counts['sasaran']} strategis dengan "
                       f"{counts['indikator_pk']} kinerja"
                       + (", yang diubah dengan Perjanjian Kinerja Perubahan." if ada_pk_perubahan else ".")),
        "program_kalimat": (f"Sasaran tersebut dicapai melalui {counts['program']}, {counts['kegiatan']} dan "
                            f"{counts['sub_kegiatan']}." if programs else "Program belum diisi (lembar Anggaran)."),
        "profil": profil,
        "draf": draf,
        "counts": counts,
        "terbilang_tahun": terbilang(tahun) if isinstance(tahun, int) else "",
        "desa": desa, "pegawai": peg, "tahun_renstra": years,
        "tujuan": tujuan, "renstra": renstra_rows,
        "indikator": inds, "pk": pk, "pk_perubahan": ada_pk_perubahan, "program": prog_rows,
        "program_murni": program_murni,
        "skala": skala, "sasaran": sasaran_ctx,
        "overall": overall, "efisiensi": eff, "efisiensi_kalimat": eff_kal, "metode_efisiensi": metode,
        "anggaran": anggaran, "anggaran_kalimat": ang_kal,
        "anggaran_sub": [a for a, b in zip(anggaran, c.budget) if not b.total.from_children],
        "anggaran_total": {"pagu": rupiah(c.pagu), "realisasi": rupiah(c.realisasi), "serapan": persen(c.serapan),
                           "sisa": rupiah(c.sisa), "pagu_murni": rupiah(c.pagu_murni if grand.murni_complete else None,
                                                                     kosong="-")},
        "riwayat_anggaran": hist,
        "skm": skm_rows, "skm_kalimat": skm_kal, "skm_unsur": skm_unsur, "unsur": list(UNSUR),
        "ikm": KOSONG if c.ikm is None else angka(c.ikm),
        "narasi": narasi, "narasi_lain": narasi_lain,
        "ikhtisar": ikhtisar,
        "tabel": {"desa": t_desa, "pegawai_golongan": t_peg_gol, "pegawai_pendidikan": t_peg_pend,
                  "pegawai_jabatan": t_peg_jab, "pegawai_status": t_peg_status, "iku": t_iku,
                  "renstra": t_renstra, "pk": t_pk, "program": t_prog, "skala": t_skala, "capaian": t_capaian,
                  "efisiensi": t_eff, "anggaran": t_ang, "riwayat_anggaran": t_hist, "skm": t_skm},
        "gambar": {"capaian": g_capaian, "serapan": g_serapan, "riwayat_anggaran": g_hist},
        "daftar_tabel": num.tabel, "daftar_gambar": num.gambar,
    }


def _paragraf(text: object) -> list[str]:
    """Staff text as paragraphs: one per line typed (Alt+Enter in Excel), blank lines dropped."""
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def _narasi(wb: Workbook) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]], dict[str, str]]:
    """Staff text by standard section (:mod:`lkjip_xl.narasi`), the sections the report does not know, and every
    text by the name typed (for templates written before the standard keys)."""
    from ..narasi import BAGIAN, bagian_for, key_of

    blok: dict[str, list[dict[str, Any]]] = {b.key: [] for b in BAGIAN}
    lain: list[dict[str, Any]] = []
    by_name: dict[str, str] = {}
    for r in wb.rows("Narasi"):
        typed, teks = str(r.get("Bagian") or "").strip(), r.get("Teks")
        if not typed or not teks:
            continue
        by_name[typed] = str(teks)
        b = bagian_for(typed)
        item = {"judul": "" if b is not None and key_of(typed) == key_of(b.key) else typed,
                "paragraf": _paragraf(teks), "bagian": typed, "teks": str(teks)}
        (blok[b.key] if b is not None else lain).append(item)
    return blok, lain, by_name


def _baku(profil: dict[str, Any], counts: dict[str, Any]) -> dict[str, list[str]]:
    """The standard text of the sections that have one, used where staff wrote none."""
    inst, th = profil["nama_instansi"], profil["tahun"]
    return {
        "Kata Pengantar": [
            f"Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat-Nya Laporan Kinerja "
            f"Instansi Pemerintah (LKjIP) {inst} Tahun {th} dapat diselesaikan.",
            f"LKjIP ini disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas pokok dan fungsi serta "
            f"pencapaian sasaran strategis yang ditetapkan dalam Perjanjian Kinerja Tahun {th}, sebagaimana "
            "diamanatkan Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi "
            "Pemerintah dan Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun "
            "2014. Laporan ini memuat " + f"{counts['sasaran']} strategis dengan {counts['indikator_pk']} kinerja "
            "beserta realisasi anggarannya.",
            "Kami menyadari bahwa laporan ini masih memiliki kekurangan. Semoga laporan ini bermanfaat sebagai "
            f"bahan evaluasi dan perbaikan kinerja {inst} pada tahun berikutnya.",
        ],
        "Latar Belakang": [
            "Penyelenggaraan pemerintahan yang baik menuntut setiap instansi pemerintah mempertanggungjawabkan "
            "pelaksanaan tugas dan fungsinya secara terukur. Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem "
            "Akuntabilitas Kinerja Instansi Pemerintah mewajibkan setiap instansi pemerintah menyusun laporan "
            "kinerja atas pencapaian sasaran yang ditetapkan dalam perjanjian kinerja.",
            f"Laporan Kinerja Instansi Pemerintah (LKjIP) {inst} Tahun {th} menyajikan capaian kinerja "
            f"dibandingkan dengan target dalam Perjanjian Kinerja Tahun {th} dan {profil['dokumen']} "
            f"{profil['periode']}, beserta realisasi anggaran yang mendukungnya.".replace("  ", " "),
        ],
        "Landasan Hukum": [
            "1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;",
            "2. Peraturan Pemerintah Nomor 17 Tahun 2018 tentang Kecamatan;",
            "3. Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah;",
            "4. Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014 tentang "
            "Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan Kinerja "
            "Instansi Pemerintah;",
            "5. Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 14 Tahun 2017 tentang "
            "Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik;",
            "6. Peraturan Menteri Dalam Negeri Nomor 86 Tahun 2017 tentang Tata Cara Perencanaan, Pengendalian dan "
            "Evaluasi Pembangunan Daerah;",
            f"7. {profil['dokumen']} {inst} {profil['periode']}.".replace("  ", " "),
        ],
        "Sistematika Penulisan": [
            "Laporan ini disusun dengan sistematika sebagai berikut.",
            "Bab I Pendahuluan: latar belakang, landasan hukum, tugas pokok dan fungsi, struktur organisasi, sumber "
            "daya manusia, sarana dan prasarana, gambaran umum wilayah dan isu strategis.",
            "Bab II Perencanaan Kinerja: visi dan misi, tujuan dan sasaran, indikator kinerja utama, strategi dan "
            "arah kebijakan, perjanjian kinerja serta program dan anggaran.",
            "Bab III Akuntabilitas Kinerja: capaian kinerja organisasi dan analisisnya per sasaran, efisiensi "
            "penggunaan sumber daya, realisasi anggaran dan survei kepuasan masyarakat.",
            "Bab IV Penutup: kesimpulan dan rekomendasi.",
            "Lampiran: Perjanjian Kinerja.",
        ],
    }


JENIS_GAMBAR = ("Logo", "Struktur Organisasi", "Inovasi", "Kegiatan", "Lampiran")


def _gambar_staf(wb: Workbook) -> dict[str, list[dict[str, Any]]]:
    """Pictures staff placed on the Gambar sheet, by Jenis (bytes here; the renderers make them images)."""
    out: dict[str, list[dict[str, Any]]] = {j: [] for j in JENIS_GAMBAR}
    for g in getattr(wb, "gambar", None) or []:
        jenis = getattr(g, "jenis", None)
        if jenis in out:
            out[jenis].append({"caption": getattr(g, "keterangan", "") or "", "data": g.data, "ext": g.ext,
                               "width_emu": getattr(g, "width_emu", None), "height_emu": getattr(g, "height_emu", None)})
    return out
