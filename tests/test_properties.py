"""Properties that must hold for any input (hypothesis): monotone capaian, bounded aggregates, exact money."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lkjip_xl.compute.aggregate import mean
from lkjip_xl.compute.anggaran import BudgetLine, rollup
from lkjip_xl.compute.capaian import capaian
from lkjip_xl.fmt import angka, rupiah
from lkjip_xl.numbers import parse_int_money, parse_number

D = Decimal
pos = st.decimals(min_value=D("0.01"), max_value=D(10**6), places=2)
nonneg = st.decimals(min_value=D(0), max_value=D(10**6), places=2)


@given(pos, nonneg, nonneg)
def test_positive_capaian_grows_with_realisasi(t, r1, r2):
    lo, hi = sorted((r1, r2))
    assert capaian(t, lo).value <= capaian(t, hi).value


@given(pos, nonneg, nonneg)
def test_negative_capaian_falls_with_realisasi(t, r1, r2):
    lo, hi = sorted((r1, r2))
    for rumus in ("(2T-R)/T", "T/R"):
        a, b = capaian(t, lo, "Negatif", rumus_negatif=rumus), capaian(t, hi, "Negatif", rumus_negatif=rumus)
        if a.value is not None and b.value is not None:
            assert a.value >= b.value


@given(st.lists(st.one_of(st.none(), st.decimals(min_value=0, max_value=500, places=4)), min_size=1, max_size=12),
       st.one_of(st.none(), st.decimals(min_value=50, max_value=200, places=0)))
def test_aggregate_lies_within_its_parts(values, cap):
    m = mean(values, cap=cap)
    known = [min(v, cap) if cap is not None else v for v in values if v is not None]
    if not known:
        assert m is None
    else:
        assert min(known) <= m <= max(known)


@given(st.lists(st.lists(st.tuples(st.integers(0, 10**11), st.integers(0, 10**11)), min_size=1, max_size=6),
                min_size=1, max_size=6))
def test_budget_sums_are_exact_for_any_split(kegiatan):
    """A program split into kegiatan, each into sub kegiatan: every level sums exactly, in integer rupiah."""
    lines = [BudgetLine(0, "P", "", "Program", None, None, None)]
    key = 1
    for k, subs in enumerate(kegiatan):
        lines.append(BudgetLine(key, f"P.{k}", "P", "Kegiatan", None, None, None))
        key += 1
        for s, (pagu, real) in enumerate(subs):
            lines.append(BudgetLine(key, f"P.{k}.{s}", f"P.{k}", "Sub Kegiatan", None, pagu, real))
            key += 1
    r = rollup(lines)
    assert r.totals[0].pagu == sum(p for subs in kegiatan for p, _ in subs)
    assert r.totals[0].realisasi == sum(x for subs in kegiatan for _, x in subs)
    assert r.grand.pagu == r.totals[0].pagu and isinstance(r.grand.pagu, int)


@given(st.integers(min_value=0, max_value=10**14))
def test_rupiah_round_trips(n):
    assert parse_int_money(rupiah(n)) == n


@given(st.decimals(min_value=D("-1e9"), max_value=D("1e9"), places=4))
def test_indonesian_numbers_round_trip_at_any_precision(v):
    assert parse_number(angka(v, 4)) == v.quantize(D("0.0001"))


_raw_value = st.one_of(st.none(), st.text(max_size=12), st.floats(allow_nan=False, allow_infinity=False),
                       st.booleans(), st.dates())


_tables = st.dictionaries(
    st.sampled_from(["Kinerja", "Anggaran", "Desa"]),
    st.lists(st.dictionaries(st.text(min_size=1, max_size=6), _raw_value, max_size=5), max_size=4), max_size=3)


def _recs(tables):
    from lkjip_xl.model import Rec

    return {t: [Rec(t, t, i + 5, {}, {}, raw) for i, raw in enumerate(rows)] for t, rows in tables.items()}


@given(_tables)
def test_legacy_fingerprint_is_the_documented_digest(tables):
    """Workbooks recomputed by 0.1 store this digest: it must stay sha256 of each row's json.dumps, rows
    concatenated."""
    import hashlib
    import json

    from lkjip_xl.fingerprint import _canon, legacy_fingerprint

    h = hashlib.sha256()
    for t in sorted(tables):
        for raw in tables[t]:
            items = sorted((k, _canon(v)) for k, v in raw.items())
            h.update(json.dumps([t, items], ensure_ascii=False, default=str).encode())
    assert legacy_fingerprint(_recs(tables)) == h.hexdigest()[:32]


@given(_tables)
def test_fingerprint_depends_on_values_not_on_which_objects_hold_them(tables):
    """A shared string read once for many cells, or cell by cell from Excel: the same digest."""
    from lkjip_xl.fingerprint import fingerprint

    shared = "Kecamatan Bersama"
    with_shared = {t: [{**raw, "nama": shared, "ulang": shared} for raw in rows] for t, rows in tables.items()}
    fresh = {t: [{k: "".join(list(v)) if isinstance(v, str) else v for k, v in raw.items()} for raw in rows]
             for t, rows in with_shared.items()}
    assert fresh == with_shared
    assert fingerprint(_recs(with_shared)) == fingerprint(_recs(fresh))


def test_fingerprint_bytes_are_pinned():
    """Digests are stored in workbooks: a Python or library upgrade that changed them would mark every
    recomputed workbook stale. This pins the 0.2 digest (still compared with); tests/test_fingerprint.py pins
    the current one."""
    import datetime as dt

    from lkjip_xl.fingerprint import CELL_ERROR, v2_fingerprint

    tables = {"Kinerja": [{"kode indikator": "1.1.1", "realisasi": 72.1, "target pk": 71.2}],
              "Anggaran": [{"kode": "5.1", "pagu": 1250000.0, "tanggal": dt.date(2024, 3, 1), "x": None,
                            "y": True, "z": CELL_ERROR}]}
    assert v2_fingerprint(_recs(tables)) == "v2:abee8a4d540aab155cf4976e3c0a774b"
    tables["Kinerja"][0]["realisasi"] = 72.2
    assert v2_fingerprint(_recs(tables)) != "v2:abee8a4d540aab155cf4976e3c0a774b"
