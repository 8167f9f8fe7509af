"""How a roll-up and the console entry set Python's garbage collector: the one place these settings live.

Its own module (not in :mod:`lkjip_xl.consolidate`): the console entry calls :func:`skip_final_collection` after
every command, and importing the roll-up's package for it would cost each of them.

The figures behind them are in benchmarks/README.md.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_for_rollup", "skip_final_collection", "YOUNG_THRESHOLD"]

YOUNG_THRESHOLD = 10_000
"""Allocations between collections of the youngest generation while workbooks are read (Python's default: 700)."""


@contextmanager
def collector_for_rollup(*, workers: bool) -> Iterator[None]:
    """The collector's settings while many workbooks are read; the caller's come back on exit.

    - The youngest generation is collected less often: reading a workbook makes tens of thousands of short-lived
      objects that reference counting frees (no cycles, a test checks), so frequent scans find nothing. Still
      often enough to keep memory flat; forked workers inherit the setting.
    - With ``workers``, what the main process holds is frozen before they start: their collectors never scan
      the objects they inherit, so those memory pages stay shared instead of being copied. No collection before
      freezing: there is nothing for it to find.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], YOUNG_THRESHOLD), *threshold[1:])
    if workers:
        gc.freeze()
    try:
        yield
    finally:
        if workers:
            gc.unfreeze()
        gc.set_threshold(*threshold)


def skip_final_collection() -> None:
    """For a process about to end (the console entry, after a command such as a roll-up): the interpreter's last
    collection would only scan objects that are freed at exit anyway, so they are frozen out of its reach."""
    gc.freeze()
