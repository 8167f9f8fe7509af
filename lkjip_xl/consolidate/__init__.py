"""Upward: the kabupaten's roll-up of every kecamatan workbook it receives.

    >>> rekap = consolidate(["masuk/"], "rekap-2024.xlsx", tahun=2024)
    >>> rekap.kecamatan[0].capaian, [m.alasan for m in rekap.masalah]

Files are read in parallel (one process per core); each is read, computed and validated exactly as
``lkjip check`` would. Nothing a kecamatan sends can stop the run: unusable files, duplicates and workbooks of
another year are listed on the Masalah sheet with the reason.
"""

from __future__ import annotations

import glob
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..collector import collector_for_rollup
from .extract import BATAS_WAKTU, Kecamatan, Masalah, clamp_figures, extract
from .identity import kabupaten_key, kecamatan_key, name_is_undecodable, same_kabupaten, shown

__all__ = ["Rekap", "Kecamatan", "Masalah", "consolidate", "collect_inputs", "EXTENSIONS", "NOTED"]

NOTED = frozenset({"nama-berkas-tidak-terbaca", "angka-tidak-direkap"})
"""Masalah codes of a file that is in the roll-up all the same: a note on it, not a refusal."""

EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".zip")
"""What a folder is searched for: workbooks, and what staff mistake for them (reported, not skipped)."""


@dataclass
class Rekap:
    tahun: int | None
    kecamatan: list[Kecamatan] = field(default_factory=list)
    masalah: list[Masalah] = field(default_factory=list)
    files: int = 0
    kabupaten: str | None = None
    """The kabupaten/kota of the roll-up: as given, or the one most workbooks name."""

    @property
    def ranked(self) -> list[Kecamatan]:
        """Highest capaian first; a kecamatan without a capaian last, by name."""
        return sorted(self.kecamatan, key=lambda k: (k.capaian is None, -(k.capaian or 0), k.kecamatan))


_SKIPPED = ("~$", ".")
"""Excel's lock files (``~$name.xlsx``, there while a workbook is open) and hidden files are not workbooks."""


def collect_inputs(inputs: Iterable[str | Path]) -> tuple[list[Path], list[Masalah]]:
    """Files, folders (searched recursively) and glob patterns → the files, each once, in a stable order."""
    seen: dict[str, Path] = {}
    missing: list[Masalah] = []
    for item in inputs:
        s = str(item)
        p = Path(s)
        if p.is_dir():
            for q, real in _workbooks_under(p):
                seen.setdefault(real, q)
            continue
        if p.is_file():
            found = [p]
        elif any(ch in s for ch in "*?["):
            found = [Path(q) for q in sorted(glob.glob(s, recursive=True))
                     if os.path.isfile(q) and not os.path.basename(q).startswith(_SKIPPED)]
            if not found:
                missing.append(Masalah.of(s, "tidak-ditemukan", "pola"))
        else:
            missing.append(Masalah.of(s, "tidak-ditemukan"))
            found = []
        for q in found:
            seen.setdefault(os.path.realpath(q), q)
    return list(seen.values()), missing


def _workbooks_under(folder: Path) -> list[tuple[Path, str]]:
    """(path, real path) of every workbook below ``folder``, sorted by path. Each folder is resolved once and a
    file only when it is a link: resolving every file is slow for a folder of a thousand."""
    found: list[tuple[Path, str]] = []
    stack = [(folder, os.path.realpath(folder))]
    while stack:
        d, real_d = stack.pop()
        try:
            entries = list(os.scandir(d))
        except OSError:
            continue  # a folder that cannot be read holds nothing to consolidate
        for e in entries:
            if e.is_dir():
                if not e.is_symlink():  # as Path.rglob: a linked folder is not entered (no loops)
                    stack.append((Path(e.path), os.path.join(real_d, e.name)))
            elif (e.is_file() and os.path.splitext(e.name)[1].lower() in EXTENSIONS
                  and not e.name.startswith(_SKIPPED)):
                real = os.path.realpath(e.path) if e.is_symlink() else os.path.join(real_d, e.name)
                found.append((Path(e.path), real))
    found.sort()
    return found


def consolidate(
    inputs: Iterable[str | Path],
    out: str | Path | None = None,
    *,
    tahun: int | None = None,
    kabupaten: str | None = None,
    tanpa_draf: bool = False,
    batas_waktu: float | None = BATAS_WAKTU,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | bool = False,
    parquet: str | Path | None = None,
    duckdb: str | Path | None = None,
    collected: tuple[list[Path], list[Masalah]] | None = None,
) -> Rekap:
    """Read every workbook, keep one per kecamatan of the roll-up's kabupaten and year, and write the roll-up (and
    exports) if asked.

    ``kabupaten`` defaults to the one most workbooks name; ``tanpa_draf`` leaves workbooks whose Status Dokumen
    is Draf out; ``batas_waktu`` is each file's time limit in seconds (None: none); ``collected``: what
    :func:`collect_inputs` gave for ``inputs``, when the caller has it already."""
    files, masalah = collected if collected is not None else collect_inputs(inputs)
    results = _run(files, jobs, progress, batas_waktu)
    rekap = Rekap(tahun, [], list(masalah), len(files))
    usable: list[Kecamatan] = []
    for res in results:
        (rekap.masalah if isinstance(res, Masalah) else usable).append(res)  # type: ignore[arg-type]
    if rekap.tahun is None and usable:
        years = Counter(k.tahun for k in usable if k.tahun)
        rekap.tahun = years.most_common(1)[0][0] if years else None
    this_year = []
    for k in usable:
        if rekap.tahun is not None and k.tahun != rekap.tahun:
            rekap.masalah.append(Masalah.of(k.berkas, "tahun-berbeda", tahun=k.tahun or "tidak diisi",
                                            tahun_rekap=rekap.tahun))
        else:
            this_year.append(k)
    rekap.kabupaten = _kabupaten_of(this_year, kabupaten)
    chosen = _of_kabupaten(this_year, rekap.kabupaten, rekap.masalah)
    if tanpa_draf:
        rekap.masalah += [Masalah.of(k.berkas, "draf-tidak-direkap") for k in chosen if k.draf]
        chosen = [k for k in chosen if not k.draf]
    rekap.kecamatan = _one_per_kecamatan(chosen, rekap.masalah)
    for k in rekap.kecamatan:
        rekap.masalah += _unusable_figures(k)
    for path in files:
        if name_is_undecodable(str(path)):
            rekap.masalah.append(Masalah.of(str(path), "nama-berkas-tidak-terbaca", nama=shown(path.name)))
    rekap.masalah.sort(key=lambda m: m.berkas)
    if out is not None:
        from .workbook import write_rekap

        write_rekap(rekap, out)
    if parquet is not None or duckdb is not None:
        from .export import export

        export(rekap, parquet_dir=parquet, duckdb_path=duckdb)
    return rekap


def _kabupaten_of(ks: list[Kecamatan], given: str | None) -> str | None:
    """The roll-up's kabupaten: ``given``, else the one most workbooks name under any spelling ("Banjarnegara" and
    "Kab. Banjarnegara" count together, "Kota Tegal" and "Kabupaten Tegal" do not; of equals, one that says
    Kabupaten or Kota, then the first file's). Spelled as most of its workbooks spell it, of equals the longest
    ("Kabupaten X" over "Kab. X"). None when nothing names one."""
    keys = [kabupaten_key(k.kabupaten) for k in ks]
    named = [(k, key) for k, key in zip(ks, keys) if key.nama]
    if given:
        want = kabupaten_key(given)
    elif named:
        candidates = list(dict.fromkeys(key for _, key in named))
        want = max(candidates, key=lambda c: (sum(same_kabupaten(key, c) for _, key in named), bool(c.jenis)))
    else:
        return None
    spellings = Counter(k.kabupaten.strip() for k, key in named if same_kabupaten(key, want))
    return max(spellings, key=lambda s: (spellings[s], len(s))) if spellings else given


def _of_kabupaten(ks: list[Kecamatan], kabupaten: str | None, masalah: list[Masalah]) -> list[Kecamatan]:
    """The workbooks of the roll-up's kabupaten; another one's go to Masalah. A blank kabupaten cannot be told
    apart and is kept (its Profil error shows in the Error column)."""
    if not kabupaten:
        return ks
    want = kabupaten_key(kabupaten)
    kept = []
    for k in ks:
        own = kabupaten_key(k.kabupaten)
        if own.nama and not same_kabupaten(own, want):
            masalah.append(Masalah.of(k.berkas, "kabupaten-berbeda", kabupaten=k.kabupaten.strip(),
                                      kabupaten_rekap=kabupaten))
        else:
            kept.append(k)
    return kept


def _one_per_kecamatan(ks: list[Kecamatan], masalah: list[Masalah]) -> list[Kecamatan]:
    """The newest workbook of each kecamatan (names matched by :func:`kecamatan_key`); each other one goes to
    Masalah naming the file finally kept, once all are compared."""
    groups: dict[str, list[Kecamatan]] = {}
    for k in ks:
        groups.setdefault(kecamatan_key(k.kecamatan) or k.berkas, []).append(k)
    kept = []
    for group in groups.values():
        newest = max(group, key=_newness)  # the first of equals: files come in path order
        kept.append(newest)
        for k in group:
            if k is not newest:
                masalah.append(_duplicate(k, newest))
    return kept


def _newness(k: Kecamatan) -> tuple[str, str, int]:
    """Last recompute, report date, then file time to the second (as the Masalah line shows it: files saved in
    the same second are equally new, and the first by name is kept)."""
    return (k.terakhir_dihitung or "", k.tanggal_laporan.isoformat() if k.tanggal_laporan else "", int(k.mtime))


def _duplicate(older: Kecamatan, newer: Kecamatan) -> Masalah:
    """The Masalah line of ``older``, naming ``newer`` and the first rule of :func:`_newness` that chose it."""
    import datetime as dt

    from ..fmt import tanggal

    a, b = _newness(newer), _newness(older)
    rule = next((i for i in range(3) if a[i] != b[i]), 3)
    shown_ = [(a[0] or "belum pernah", b[0] or "belum pernah"),
              (tanggal(newer.tanggal_laporan, kosong="tidak diisi"), tanggal(older.tanggal_laporan, kosong="tidak diisi")),
              tuple(dt.datetime.fromtimestamp(t).strftime("%d-%m-%Y %H:%M:%S") for t in (a[2], b[2]))][min(rule, 2)]
    return Masalah.of(older.berkas, "duplikat",
                      "hitung-ulang" if rule == 0 else "tanggal-laporan" if rule == 1 else "tanggal-berkas" if rule == 2
                      else "sama-baru", kecamatan=newer.kecamatan, nama=older.kecamatan,
                      berkas_baru=shown(Path(newer.berkas).name), baru=shown_[0], lama=shown_[1])


def _unusable_figures(k: Kecamatan) -> list[Masalah]:
    """Masalah lines for the values the workbook's reading refused as no figure (left out of every total), and for
    any figure that still could not be written (emptied here: a roll-up never holds INF, NaN or an int64
    overflow)."""
    out = []
    cells = [f"{sheet}!{cell}" for _sev, code, sheet, cell in k.issues if code == "angka-di-luar-batas"]
    if cells:
        more = f" dan {len(cells) - 5} sel lain" if len(cells) > 5 else ""
        out.append(Masalah.of(k.berkas, "angka-tidak-direkap", sel=", ".join(cells[:5]) + more))
    for kolom, nilai in clamp_figures(k):
        out.append(Masalah.of(k.berkas, "angka-tidak-direkap", "rekap", kolom=kolom, nilai=nilai))
    return out


def _run(files: list[Path], jobs: int | None, progress: Callable[[int, int], None] | bool,
         batas_waktu: float | None) -> list[Kecamatan | Masalah]:
    """Extract every file, in worker processes when there are enough, each within ``batas_waktu`` seconds.

    The main process only collects: work done meanwhile (rendering the roll-up's rows, importing XlsxWriter)
    takes its time from the workers, who have every core."""
    n = len(files)
    tick = _progress(n, progress)
    jobs = jobs or os.cpu_count() or 1
    parallel = jobs > 1 and n >= 8
    out: list[Kecamatan | Masalah] = []
    with collector_for_rollup(workers=parallel):
        if not parallel:
            for f in files:
                out.append(extract(f, batas_waktu))
                tick()
        else:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            ctx = mp.get_context("fork") if hasattr(os, "fork") else None
            chunk = max(1, min(8, n // (jobs * 8) or 1))  # small chunks: no worker idles long at the end
            from concurrent.futures.process import BrokenProcessPool

            with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                try:
                    for res in pool.map(partial(extract, batas_waktu=batas_waktu), files, chunksize=chunk):
                        out.append(res)
                        tick()
                except BrokenProcessPool:
                    pass  # a worker was killed (out of memory, by the system): the files not yet back, one by one
            for f in files[len(out):]:
                out.append(_alone(f, batas_waktu, ctx))
                tick()
    tick(done=True)
    return out


def _alone(f: Path, batas_waktu: float | None, ctx: Any) -> Kecamatan | Masalah:
    """Extract one file in a process of its own: if that process dies too, the file is what kills it."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as one:
        try:
            return one.submit(extract, f, batas_waktu).result()
        except BrokenProcessPool:
            return Masalah.of(str(f), "proses-berhenti")


def _progress(total: int, progress: Callable[[int, int], None] | bool) -> Callable[..., None]:
    if callable(progress):
        state = {"n": 0}

        def call(done: bool = False) -> None:
            if not done:
                state["n"] += 1
                progress(state["n"], total)

        return call
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="berkas", desc="Membaca", leave=False)

        def tick(done: bool = False) -> None:
            if done:
                bar.close()
            else:
                bar.update(1)

        return tick
    return lambda done=False: None
