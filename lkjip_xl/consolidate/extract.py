"""One kecamatan workbook → the plain figures the kabupaten's roll-up needs (runs in worker processes).

Every figure comes from the same computation as ``lkjip recompute`` on that workbook, so the roll-up cannot
disagree with what the kecamatan sees. A file that cannot be used becomes a :class:`Masalah`, never an
exception: one bad attachment must not stop a kabupaten's run.
"""

from __future__ import annotations

import _thread
import datetime as dt
import math
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..issues import error_message
from .identity import shown

__all__ = ["Kecamatan", "Masalah", "extract", "clamp_figures", "BATAS_WAKTU"]

BATAS_WAKTU = 60.0
"""Seconds one file may take (``--batas-waktu``): a sound workbook takes well under one, a kabupaten's run must
not wait on one pathological file."""


@dataclass
class Masalah:
    """A file the roll-up leaves out, and why (a line of the Masalah sheet)."""

    berkas: str
    kode: str
    """A code of the catalogue (:data:`lkjip_xl.issues.ERROR_TYPES`)."""
    alasan: str
    """Indonesian, for the Masalah sheet."""

    @classmethod
    def of(cls, berkas: str, kode: str, key: str = "", /, **params: object) -> Masalah:
        """The line whose reason is the catalogue's message ``key`` of ``kode``."""
        return cls(berkas, kode, error_message(kode, key, **params))


@dataclass
class Kecamatan:
    berkas: str
    mtime: float
    kecamatan: str
    kabupaten: str
    provinsi: str
    tahun: int | None
    tanggal_laporan: dt.date | None
    terakhir_dihitung: str
    versi_template: str
    usang: bool
    errors: int
    warnings: int
    capaian: Decimal | None
    predikat: str | None
    metode: str
    n_indikator: int
    n_tercapai: int
    pagu: int | None
    realisasi: int | None
    serapan: Decimal | None
    efisiensi_selisih: Decimal | None
    efisiensi: str
    ikm: Decimal | None
    draf: bool = False
    """Status Dokumen is not Final: counted in the roll-up, marked as not final."""
    sasaran: list[dict[str, Any]] = field(default_factory=list)
    indikator: list[dict[str, Any]] = field(default_factory=list)
    anggaran: list[dict[str, Any]] = field(default_factory=list)
    issues: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(severity, code, sheet, cell) of every issue."""

    @property
    def status_dokumen(self) -> str:
        return "Draf" if self.draf else "Final"


class _WaktuHabis(BaseException):
    """The file's time is up (a BaseException: no ``except Exception`` on the way may swallow it)."""


_RING_AGAIN = 0.05
"""Seconds between interrupts until the file stops: an exception raised where Python swallows it (a garbage
collector callback, a ``__del__``) is lost, the next one lands."""


class _Watchdog:
    """A thread that interrupts the main thread once the armed deadline passes, and again until disarmed."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.deadline: float | None = None
        self.rung = False
        self.stopped = False
        self.thread = threading.Thread(target=self._watch, name="lkjip-batas-waktu", daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        with self.cond:
            while not self.stopped:
                if self.deadline is None:
                    self.cond.wait()
                elif (left := self.deadline - time.monotonic()) > 0:
                    self.cond.wait(left)
                else:  # interrupting while holding the lock: once disarmed, no interrupt of ours is on its way
                    self.deadline = time.monotonic() + _RING_AGAIN
                    self.rung = True
                    _thread.interrupt_main(signal.SIGINT)

    def arm(self, seconds: float) -> None:
        with self.cond:
            self.rung = False
            self.deadline = time.monotonic() + seconds
            self.cond.notify()

    def disarm(self) -> None:
        with self.cond:
            self.deadline = None

    def stop(self) -> None:
        with self.cond:
            self.stopped = True
            self.cond.notify()
        self.thread.join()


_WORKER_WATCHDOG: dict[int, _Watchdog] = {}
"""A pool worker's watchdog (by process id), kept for all its files: starting a thread per file costs a tenth of a
small workbook's reading. Only in a worker, which never forks: a thread alive when a process forks can crash the
child (CPython 3.11), so anywhere else each file's watchdog is stopped when the file is done."""


def _watchdog() -> tuple[_Watchdog, bool]:
    """The watchdog for a file, and whether it stays after it."""
    import multiprocessing

    if multiprocessing.parent_process() is None:
        return _Watchdog(), False
    dog = _WORKER_WATCHDOG.get(os.getpid())
    if dog is None:
        dog = _WORKER_WATCHDOG[os.getpid()] = _Watchdog()
    return dog, True


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`_WaktuHabis` in the main thread once ``seconds`` have passed, on every platform.

    A watchdog thread interrupts the main thread as Ctrl+C would (``_thread.interrupt_main``); the SIGINT handler,
    ours only while the file is read, turns the watchdog's interrupt into :class:`_WaktuHabis` and leaves a real
    Ctrl+C a KeyboardInterrupt. Only in a main thread (a worker process's, or a serial run's): elsewhere no
    handler can be set and the file has no limit. Python code is interrupted between two steps: a file stuck in
    one long C call is stopped when that call returns."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    dog, stays = _watchdog()
    armed = [True]

    def handler(signum: int, frame: Any) -> None:
        if dog.rung:
            if armed[0]:
                raise _WaktuHabis
            return  # ours, arrived as the file finished: nothing to stop
        if callable(previous):
            previous(signum, frame)
        elif previous != signal.SIG_IGN:
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        dog.arm(seconds)  # inside: a short limit may ring before arm() returns
        yield
    finally:
        try:  # the interrupt may still land here, before disarming: the handler is put back all the same
            dog.disarm()
            armed[0] = False
            _let_signals_run()  # an interrupt of ours still pending reaches our handler, not the caller's
        finally:
            signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)
            if not stays:
                dog.stop()


def _let_signals_run() -> None:
    """Nothing: calling a Python function is where the interpreter runs the handlers of pending signals."""


def extract(path: str | Path, batas_waktu: float | None = None) -> Kecamatan | Masalah:
    """Read, compute and validate one file within ``batas_waktu`` seconds (None: no limit); never raises for
    anything the file contains."""
    from ..api import check  # imported before the clock starts: a fresh worker's first file is not charged for it

    p = Path(path)
    try:
        with _time_limit(batas_waktu):
            return _extract(p, check)
    except _WaktuHabis:
        return Masalah.of(str(p), "waktu-habis", detik=f"{batas_waktu:g}".replace(".", ","))


def _extract(p: Path, check: Callable[[Path], Any]) -> Kecamatan | Masalah:
    from ..errors import LkjipError

    try:
        o = check(p)
    except LkjipError as exc:
        return Masalah(str(p), exc.code, exc.message)
    except MemoryError:
        return Masalah.of(str(p), "terlalu-besar")
    except Exception as exc:  # noqa: BLE001 - one broken attachment must not stop the kabupaten's run
        return Masalah.of(str(p), "tidak-terduga", jenis=type(exc).__name__)
    wb, c, r = o.workbook, o.computed, o.result
    total = c.efisiensi[-1] if c.efisiensi else None
    tanggal = wb.prof("Tanggal Laporan")
    return Kecamatan(
        berkas=str(p),
        mtime=os.stat(p).st_mtime,
        kecamatan=str(wb.prof("Nama Instansi", "") or shown(p.stem)),
        kabupaten=str(wb.prof("Kabupaten/Kota", "")),
        provinsi=str(wb.prof("Provinsi", "")),
        tahun=c.settings.tahun,
        tanggal_laporan=tanggal if isinstance(tanggal, dt.date) else None,
        terakhir_dihitung=wb.meta.get("terakhir dihitung", ""),
        versi_template=wb.meta.get("versi template", ""),
        usang=not wb.inputs_unchanged,
        errors=len(r.errors),
        warnings=len(r.warnings),
        capaian=c.overall,
        predikat=c.overall_predikat,
        metode=c.overall_note,
        n_indikator=len(c.indicators),
        n_tercapai=c.n_tercapai,
        pagu=c.pagu,
        realisasi=c.realisasi,
        serapan=c.serapan,
        efisiensi_selisih=total.efisiensi.selisih if total else None,
        efisiensi=total.kesimpulan if total else "belum tersedia",
        ikm=c.ikm,
        draf=not wb.final,
        sasaran=[{"kode": g.code, "uraian": g.uraian, "n_indikator": len(g.indicators), "capaian": g.capaian,
                  "predikat": g.predikat} for g in c.groups],
        indikator=[{"kode": i.code, "sasaran": i.group, "indikator": i.nama, "satuan": i.satuan,
                    "target": i.target, "realisasi": i.realisasi, "capaian": i.capaian.value,
                    "predikat": i.predikat, "iku": i.iku} for i in c.indicators],
        anggaran=[{"kode": b.code, "induk": b.parent, "level": b.level, "uraian": b.uraian,
                   "pagu": b.total.pagu, "realisasi": b.total.realisasi, "serapan": b.serapan}
                  for b in c.budget],
        issues=[(i.severity, i.code, i.sheet, i.cell) for i in r.issues],
    )


_INT64 = 2**63
"""Money past this cannot be a Parquet/DuckDB int64 (nor is any budget near it)."""


def _fits(v: object) -> bool:
    if isinstance(v, bool) or v is None:
        return True
    if isinstance(v, int):
        return -_INT64 < v < _INT64
    if isinstance(v, (Decimal, float)):
        try:
            return math.isfinite(float(v))  # a Decimal past float's range becomes infinity
        except (OverflowError, ValueError):
            return False
    return True


def _text(v: object) -> str:
    """The value for a Masalah line: an integer with Indonesian thousands dots, a long one cut short."""
    try:
        text = f"{v:,}".replace(",", ".") if isinstance(v, int) else str(v)
    except ValueError:  # an int of more digits than Python turns into text
        return "angka lebih dari 4.000 digit"
    return text if len(text) <= 40 else f"{text[:12]}… ({len(text)} digit)"


def clamp_figures(k: Kecamatan) -> list[tuple[str, str]]:
    """Empty every figure of ``k`` that no output can hold (NaN, infinite, beyond float or int64) and return
    (column, value) of each. The reader already refuses such input; this keeps the roll-up and its exports valid
    whatever a computation makes of what it accepted."""
    found: list[tuple[str, str]] = []

    def check(row: Any, key: str, label: str) -> None:
        v = row[key] if isinstance(row, dict) else getattr(row, key)
        if not _fits(v):
            found.append((label, _text(v)))
            if isinstance(row, dict):
                row[key] = None
            else:
                setattr(row, key, None)

    for key in ("capaian", "pagu", "realisasi", "serapan", "efisiensi_selisih", "ikm"):
        check(k, key, key.replace("_", " ").capitalize())
    for s in k.sasaran:
        check(s, "capaian", f"Capaian sasaran {s['kode']}")
    for i in k.indikator:
        for key in ("target", "realisasi", "capaian"):
            check(i, key, f"{key.capitalize()} indikator {i['kode']}")
    for a in k.anggaran:
        for key in ("pagu", "realisasi", "serapan"):
            check(a, key, f"{key.capitalize()} {a['kode']}")
    return found
