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
from pathlib import Path

from ..collector import collector_for_rollup
from ..schema import norm
from .extract import Kecamatan, Masalah, extract

__all__ = ["Rekap", "Kecamatan", "Masalah", "consolidate", "collect_inputs", "EXTENSIONS"]

EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".zip")
"""What a folder is searched for: workbooks, and what staff mistake for them (reported, not skipped)."""


@dataclass
class Rekap:
    tahun: int | None
    kecamatan: list[Kecamatan] = field(default_factory=list)
    masalah: list[Masalah] = field(default_factory=list)
    files: int = 0

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
    jobs: int | None = None,
    progress: Callable[[int, int], None] | bool = False,
    parquet: str | Path | None = None,
    duckdb: str | Path | None = None,
) -> Rekap:
    """Read every workbook, keep one per kecamatan and year, and write the roll-up (and exports) if asked."""
    files, masalah = collect_inputs(inputs)
    results = _run(files, jobs, progress)
    rekap = Rekap(tahun, [], list(masalah), len(files))
    usable: list[Kecamatan] = []
    for res in results:
        (rekap.masalah if isinstance(res, Masalah) else usable).append(res)  # type: ignore[arg-type]
    if rekap.tahun is None and usable:
        years = Counter(k.tahun for k in usable if k.tahun)
        rekap.tahun = years.most_common(1)[0][0] if years else None
    kept: dict[tuple[str, str], Kecamatan] = {}
    for k in usable:
        if rekap.tahun is not None and k.tahun != rekap.tahun:
            rekap.masalah.append(Masalah.of(k.berkas, "tahun-berbeda", tahun=k.tahun or "tidak diisi",
                                            tahun_rekap=rekap.tahun))
            continue
        key = (norm(k.kabupaten), norm(k.kecamatan))
        other = kept.get(key)
        if other is None:
            kept[key] = k
            continue
        newer, older = (k, other) if _newness(k) > _newness(other) else (other, k)
        kept[key] = newer
        rekap.masalah.append(Masalah.of(older.berkas, "duplikat", kecamatan=older.kecamatan,
                                        berkas_baru=Path(newer.berkas).name))
    rekap.kecamatan = list(kept.values())
    rekap.masalah.sort(key=lambda m: m.berkas)
    if out is not None:
        from .workbook import write_rekap

        write_rekap(rekap, out)
    if parquet is not None or duckdb is not None:
        from .export import export

        export(rekap, parquet_dir=parquet, duckdb_path=duckdb)
    return rekap


def _newness(k: Kecamatan) -> tuple[str, str, float]:
    return (k.terakhir_dihitung or "", k.tanggal_laporan.isoformat() if k.tanggal_laporan else "", k.mtime)


def _run(files: list[Path], jobs: int | None, progress: Callable[[int, int], None] | bool) -> list[Kecamatan | Masalah]:
    """Extract every file, in worker processes when there are enough.

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
                out.append(extract(f))
                tick()
        else:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            ctx = mp.get_context("fork") if hasattr(os, "fork") else None
            chunk = max(1, min(8, n // (jobs * 8) or 1))  # small chunks: no worker idles long at the end
            with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                for res in pool.map(extract, files, chunksize=chunk):
                    out.append(res)
                    tick()
    tick(done=True)
    return out


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
