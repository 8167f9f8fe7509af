"""The input fingerprint: a digest of every value staff typed, stored in Meta by each recompute.

Equal digests mean the computed cells still match the inputs (``Workbook.inputs_unchanged``; ``Usang`` in the
roll-up). What is digested is each data row's ``raw`` values, the cells as read before typing, by normalised
header: moving a column changes nothing, changing a value does.

**The encoding (``v3:``).** The rows are written as one JSON text, ``[[table, [row, ...]], ...]`` with the tables
in sorted order and each row an object with its keys sorted, no spaces (``","`` and ``":"``), every non-ASCII
character escaped (``\\uXXXX``), so the text is ASCII. JSON's own forms tag the common values: ``null``,
``true``/``false``, a string, an integer (digits only) and a float (Python's shortest ``repr``, which always
has a ``.``, an exponent, ``NaN`` or ``Infinity``). Every other value is an object with one key naming its type:
``{"month":"2025-01"}`` (:class:`~lkjip_xl.model.BulanTahun`), ``{"datetime":"2025-01-31T09:30:00"}``,
``{"date":"2025-01-31"}``, ``{"decimal":"85.50"}`` and ``{"error":null}`` (a cell holding an Excel error or a
formula that could not be evaluated, :data:`CELL_ERROR`). The digest is ``"v3:"`` and the first 32 hex digits of
the sha256 of that text. The bytes depend on the values only: not on Python's version, on module or class names,
or on which objects hold the values.

Digests stored by earlier versions are honoured, each by its own definition, so an upgrade marks no workbook
stale: :func:`legacy_fingerprint` (lkjip_xl 0.1, no prefix) and :func:`v2_fingerprint` (0.2, ``v2:``). Both are
computed only to compare with such a stored digest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import pickle
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from operator import itemgetter
from typing import Any

from .model import BulanTahun, Rec

__all__ = ["CELL_ERROR", "FINGERPRINT_VERSION", "fingerprint", "legacy_fingerprint", "unchanged", "v2_fingerprint"]

Tables = Mapping[str, Sequence[Rec]]


class _CellError:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<error>"


CELL_ERROR: Any = _CellError()
"""The raw value of a cell holding an Excel error (``#N/A``), or a formula the reader could not evaluate."""

FINGERPRINT_VERSION = "v3:"
"""What starts a fingerprint of the current definition."""


def fingerprint(tables: Tables) -> str:
    """The digest of every input value, as the module docstring defines it."""
    return FINGERPRINT_VERSION + hashlib.sha256(encode(tables)).hexdigest()[:32]


_ENCODER = json.JSONEncoder(ensure_ascii=True, sort_keys=True, separators=(",", ":"), allow_nan=True,
                            check_circular=False, default=lambda v: _tagged(v))  # rows hold scalars: no cycles


def encode(tables: Tables) -> bytes:
    """The bytes :func:`fingerprint` digests (the module docstring's encoding)."""
    return _ENCODER.encode([[t, [rec.raw for rec in tables[t]]] for t in sorted(tables)]).encode("ascii")


def _tagged(v: object) -> dict[str, str | None]:
    """A value JSON has no form for, as a one-key object naming its type."""
    if v is CELL_ERROR:
        return {"error": None}
    if isinstance(v, BulanTahun):
        return {"month": f"{v.year:04d}-{v.month:02d}"}
    if isinstance(v, dt.datetime):
        return {"datetime": v.isoformat()}
    if isinstance(v, dt.date):
        return {"date": v.isoformat()}
    if isinstance(v, Decimal):
        return {"decimal": str(v)}
    raise TypeError(f"not a cell value: {type(v).__name__}")


def unchanged(stored: str, fp: str, tables: Tables) -> bool:
    """Whether the inputs are those the computed cells were last computed from: ``stored`` (the digest in Meta)
    compared with ``fp`` (:func:`fingerprint` of ``tables``), or by its own definition when an earlier version
    stored it."""
    if not stored:
        return False
    if stored.startswith(FINGERPRINT_VERSION):
        return stored == fp
    if stored.startswith(_V2):
        return stored == v2_fingerprint(tables)
    return stored == legacy_fingerprint(tables)


# --- digests stored by earlier versions: computed only to compare with a stored one -----------------------------

_V2 = "v2:"


def v2_fingerprint(tables: Tables) -> str:
    """The digest lkjip_xl 0.2 stored: ``"v2:"`` and the first 32 hex digits of the sha256 of
    ``[(table, [row.raw, ...]) for table in sorted(tables)]`` pickled with protocol 4 and no memo.

    0.2 pickled an error cell as the global ``lkjip_xl.reader._ERR``; those bytes are written here as such, from
    :data:`CELL_ERROR`, so the digest does not depend on where any class or module lives now.
    """
    rows = [(t, [rec.raw for rec in tables[t]]) for t in sorted(tables)]
    try:
        data = _v2_bytes(_V2Pickler, rows)
    except _HasError:
        data = _v2_bytes(_V2ErrorPickler, rows)
    return _V2 + hashlib.sha256(data).hexdigest()[:32]


def _v2_bytes(pickler: Callable[[io.BytesIO, int], Any], rows: object) -> bytes:
    buf = io.BytesIO()
    p = pickler(buf, 4)
    p.fast = True  # no memo: bytes depend on values, not on which objects are shared
    p.dump(rows)
    return buf.getvalue()


class _HasError(Exception):
    pass


class _V2Pickler(pickle.Pickler):
    """The C pickler 0.2 used, for rows without an error cell (the usual case)."""

    def reducer_override(self, obj: object) -> Any:
        if obj is CELL_ERROR:
            raise _HasError
        return NotImplemented


class _V2ErrorPickler(pickle._Pickler):
    """The reference (pure Python) pickler, which writes the same bytes, with an error cell written as 0.2 wrote
    it: the global ``lkjip_xl.reader._ERR``."""

    def save(self, obj: object, save_persistent_id: bool = True) -> None:
        if obj is CELL_ERROR:
            self.framer.commit_frame()  # type: ignore[attr-defined]
            self.save("lkjip_xl.reader")
            self.save("_ERR")
            self.write(pickle.STACK_GLOBAL)  # type: ignore[attr-defined]
            return
        super().save(obj, save_persistent_id)  # type: ignore[misc]


def legacy_fingerprint(tables: Tables) -> str:
    """The digest lkjip_xl 0.1 stored (no version prefix).

    Each row is ``json.dumps([table, sorted items], ensure_ascii=False, default=str)`` with floats that are
    whole as ints, text stripped and an error cell as ``"#ERR"``, the rows concatenated: digests stored in
    workbooks depend on exactly these bytes.
    """
    enc = json.JSONEncoder(ensure_ascii=False, default=str).encode
    parts = []
    for tname in sorted(tables):
        for rec in tables[tname]:
            items = [(k, _canon(v)) for k, v in sorted(rec.raw.items(), key=itemgetter(0))]
            parts.append(enc([tname, items]))
    return hashlib.sha256("".join(parts).encode()).hexdigest()[:32]


def _canon(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str):
        return v.strip()
    return v if v is not CELL_ERROR else "#ERR"
