"""The input fingerprint: its documented v3 encoding, pinned, and the digests 0.1 and 0.2 stored, still honoured."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from lkjip_xl import check
from lkjip_xl.consolidate.extract import extract
from lkjip_xl.fingerprint import (
    CELL_ERROR,
    FINGERPRINT_VERSION,
    encode,
    fingerprint,
    legacy_fingerprint,
    unchanged,
    v2_fingerprint,
)
from lkjip_xl.model import BulanTahun, Rec
from lkjip_xl.xlsx import CellWrite, Package

DATA = Path(__file__).parent / "data"


def _recs(tables):
    return {t: [Rec(t, t, i + 5, {}, {}, raw) for i, raw in enumerate(rows)] for t, rows in tables.items()}


PINNED = {"Kinerja": [{"kode indikator": "1.1.1", "realisasi": 72.1, "target pk": 71.2}],
          "Anggaran": [{"kode": "5.1", "pagu": 1250000.0, "tanggal": dt.date(2024, 3, 1), "x": None, "y": True,
                        "z": CELL_ERROR}]}


def test_v3_bytes_and_digest_are_pinned():
    """Digests are stored in workbooks: these bytes are the definition (module docstring of lkjip_xl.fingerprint)."""
    assert encode(_recs(PINNED)) == (
        b'[["Anggaran",[{"kode":"5.1","pagu":1250000.0,"tanggal":{"date":"2024-03-01"},"x":null,"y":true,'
        b'"z":{"error":null}}]],["Kinerja",[{"kode indikator":"1.1.1","realisasi":72.1,"target pk":71.2}]]]')
    assert fingerprint(_recs(PINNED)) == "v3:28a9d4f5b0447b8c56291969503d489d"
    assert FINGERPRINT_VERSION == "v3:"


def test_every_value_kind_has_its_own_form():
    raw = {"n": 3, "f": 3.0, "s": "3", "b": False, "u": "Bantarbolang – é", "m": BulanTahun(2025, 1),
           "dt": dt.datetime(2025, 1, 31, 9, 30), "d": Decimal("85.50"), "big": 1e16, "nan": float("nan"),
           "neg": -0.0, "day": dt.date(2025, 1, 1)}
    data = encode(_recs({"Profil": [raw]}))
    assert data == (
        b'[["Profil",[{"b":false,"big":1e+16,"d":{"decimal":"85.50"},"day":{"date":"2025-01-01"},'
        b'"dt":{"datetime":"2025-01-31T09:30:00"},"f":3.0,"m":{"month":"2025-01"},"n":3,"nan":NaN,"neg":-0.0,'
        b'"s":"3","u":"Bantarbolang \\u2013 \\u00e9"}]]]')
    assert fingerprint(_recs({"Profil": [raw]})) == "v3:5b1d76c2d36b57d9519bebac6d79e69b"
    # 3, 3.0, "3", True, a date and its month, None, an error, "": nine values, nine digests
    digests = {fingerprint(_recs({"T": [{"v": v}]})) for v in (3, 3.0, "3", True, dt.date(2025, 1, 1),
                                                                BulanTahun(2025, 1), None, CELL_ERROR, "")}
    assert len(digests) == 9


def test_encoding_is_ascii_json_with_sorted_keys_whatever_the_column_order():
    a = {"z": "ü", "a": 1.5, "m": None}
    b = {"m": None, "a": 1.5, "z": "ü"}
    assert encode(_recs({"T": [a]})) == encode(_recs({"T": [b]}))
    assert json.loads(encode(_recs({"T": [a]}))) == [["T", [{"a": 1.5, "m": None, "z": "ü"}]]]


def test_a_value_outside_the_vocabulary_is_refused():
    with pytest.raises(TypeError, match="not a cell value"):
        encode(_recs({"T": [{"v": object()}]}))


def _big(err: bool):
    rows = [{"kode": f"{i}.1", "nama": "Program " + "x" * (i % 50), "pagu": i * 1000.5,
             "tanggal": dt.date(2024, 1, 1) + dt.timedelta(days=i % 300),
             "z": CELL_ERROR if err and i % 97 == 0 else None} for i in range(2000)]
    return {"Anggaran": [Rec("Anggaran", "Anggaran", i + 5, {}, {}, r) for i, r in enumerate(rows)]}


def test_v2_digest_is_what_0_2_stored_across_pickle_frames():
    """Computed by lkjip_xl 0.2 on the same rows (over 64 KiB of pickle, so several frames): with error cells
    (written as 0.2 wrote ``lkjip_xl.reader._ERR``) and without."""
    assert v2_fingerprint(_big(True)) == "v2:e80866fef7a2aab958f98d7f35f97206"
    assert v2_fingerprint(_big(False)) == "v2:ffe7971042ab8e714b898235a83529f8"
    assert v2_fingerprint(_recs(PINNED)) == "v2:abee8a4d540aab155cf4976e3c0a774b"


def test_v2_digest_does_not_depend_on_where_the_reader_lives(monkeypatch):
    """The 0.2 bytes name ``lkjip_xl.reader._ERR``; the digest is written without looking that name up."""
    monkeypatch.setitem(sys.modules, "lkjip_xl.reader", None)  # importing it now raises ImportError
    assert v2_fingerprint(_recs(PINNED)) == "v2:abee8a4d540aab155cf4976e3c0a774b"


def test_a_stored_digest_is_compared_by_its_own_definition():
    tables = _recs(PINNED)
    assert unchanged(fingerprint(tables), fingerprint(tables), tables)
    assert unchanged(v2_fingerprint(tables), fingerprint(tables), tables)
    assert unchanged(legacy_fingerprint(tables), fingerprint(tables), tables)
    assert not unchanged("", fingerprint(tables), tables)
    assert not unchanged("v3:" + "0" * 32, fingerprint(tables), tables)
    assert not unchanged("v2:" + "0" * 32, fingerprint(tables), tables)


@pytest.mark.parametrize("version, prefix", [("0.1", ""), ("0.2", "v2:")])
def test_workbook_recomputed_by_an_earlier_version_is_not_stale_until_an_input_changes(tmp_path, version, prefix):
    old = tmp_path / "lama.xlsx"
    shutil.copy(DATA / f"bantarbolang-2023-v{version}.xlsx", old)
    o = check(old)
    assert o.workbook.meta["versi lkjip_xl"] == f"{version}.0"
    stored = o.workbook.meta["sidik jari input"]
    assert len(stored) == 32 + len(prefix) and stored.startswith(prefix) and not stored.startswith("v3:")
    assert o.workbook.inputs_unchanged
    assert not {i.code for i in o.result.issues} & {"belum-dihitung", "nilai-terhitung-usang"}
    assert extract(old).usang is False

    row = o.workbook.rows("Kinerja")[0]
    g = o.workbook.geoms["Kinerja"]
    pkg = Package.open(old)
    pkg.write_cells("Kinerja", {(row.row, g.columns["realisasi"]): CellWrite(1234)})
    pkg.save(old)
    after = check(old)
    assert not after.workbook.inputs_unchanged
    assert "nilai-terhitung-usang" in {i.code for i in after.result.issues}
    assert extract(old).usang is True
