"""The roll-up as Parquet files and a DuckDB database, for analysts across years and kabupaten.

Parquet is also the hand-over to bigger engines: a province or ministry appends each kabupaten's files under
``tahun=YYYY/kabupaten=…/`` folders on object storage and queries them with DuckDB, Spark or Dask
(see docs/konsolidasi.md). Money stays integer rupiah (int64); percentages are float64 percent points.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from . import Rekap
from .identity import shown

__all__ = ["export", "tables_of", "TABLE_NAMES"]

TABLE_NAMES = ("kecamatan", "sasaran", "indikator", "anggaran", "masalah")


def _f(v: Any) -> float | None:
    return None if v is None else float(v)


def tables_of(rekap: Rekap) -> dict[str, list[dict[str, Any]]]:
    """Long, typed rows per table; every row carries tahun, kabupaten and kecamatan to partition and join on."""
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in TABLE_NAMES}
    for rank, k in enumerate(rekap.ranked, 1):
        key = {"tahun": k.tahun, "kabupaten": k.kabupaten, "kecamatan": k.kecamatan}
        out["kecamatan"].append({
            **key, "peringkat": rank if k.capaian is not None else None, "provinsi": k.provinsi,
            "capaian": _f(k.capaian), "predikat": k.predikat, "indikator_pk": k.n_indikator,
            "indikator_tercapai": k.n_tercapai, "pagu": k.pagu, "realisasi": k.realisasi, "serapan": _f(k.serapan),
            "efisiensi_selisih": _f(k.efisiensi_selisih), "efisiensi": k.efisiensi, "ikm": _f(k.ikm),
            "error": k.errors, "peringatan": k.warnings, "usang": k.usang, "versi_template": k.versi_template,
            "status_dokumen": k.status_dokumen, "berkas": shown(Path(k.berkas).name),
        })
        for s in k.sasaran:
            out["sasaran"].append({**key, "kode": s["kode"], "uraian": s["uraian"],
                                   "jumlah_indikator": s["n_indikator"], "capaian": _f(s["capaian"]),
                                   "predikat": s["predikat"]})
        for i in k.indikator:
            out["indikator"].append({**key, "kode": i["kode"], "kode_sasaran": i["sasaran"], "indikator": i["indikator"],
                                     "satuan": i["satuan"], "target": _f(i["target"]),
                                     "realisasi": _f(i["realisasi"]), "capaian": _f(i["capaian"]),
                                     "predikat": i["predikat"], "iku": bool(i["iku"])})
        for a in k.anggaran:
            out["anggaran"].append({**key, "kode": a["kode"], "kode_induk": a["induk"], "level": a["level"],
                                    "uraian": a["uraian"], "pagu": a["pagu"], "realisasi": a["realisasi"],
                                    "serapan": _f(a["serapan"])})
    for m in rekap.masalah:
        out["masalah"].append({"tahun": rekap.tahun, "berkas": shown(Path(m.berkas).name), "lokasi": shown(m.berkas),
                               "kode": m.kode, "alasan": shown(m.alasan)})
    return out


_SCHEMAS: dict[str, dict[str, str]] = {
    "kecamatan": {"tahun": "int32", "kabupaten": "string", "kecamatan": "string", "peringkat": "int32",
                  "provinsi": "string", "capaian": "float64", "predikat": "string", "indikator_pk": "int32",
                  "indikator_tercapai": "int32", "pagu": "int64", "realisasi": "int64", "serapan": "float64",
                  "efisiensi_selisih": "float64", "efisiensi": "string", "ikm": "float64", "error": "int32",
                  "peringatan": "int32", "usang": "bool", "versi_template": "string", "status_dokumen": "string",
                  "berkas": "string"},
    "sasaran": {"tahun": "int32", "kabupaten": "string", "kecamatan": "string", "kode": "string", "uraian": "string",
                "jumlah_indikator": "int32", "capaian": "float64", "predikat": "string"},
    "indikator": {"tahun": "int32", "kabupaten": "string", "kecamatan": "string", "kode": "string",
                  "kode_sasaran": "string", "indikator": "string", "satuan": "string", "target": "float64",
                  "realisasi": "float64", "capaian": "float64", "predikat": "string", "iku": "bool"},
    "anggaran": {"tahun": "int32", "kabupaten": "string", "kecamatan": "string", "kode": "string",
                 "kode_induk": "string", "level": "string", "uraian": "string", "pagu": "int64",
                 "realisasi": "int64", "serapan": "float64"},
    "masalah": {"tahun": "int32", "berkas": "string", "lokasi": "string", "kode": "string", "alasan": "string"},
}


def export(rekap: Rekap, *, parquet_dir: str | Path | None = None, duckdb_path: str | Path | None = None) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if duckdb_path is not None:
            import duckdb  # noqa: F401
    except ImportError as exc:
        from ..errors import MissingExtra

        raise MissingExtra("rekap", paket=exc.name) from None

    tmp = None
    target = Path(parquet_dir) if parquet_dir else Path(tmp := tempfile.mkdtemp(prefix="lkjip-parquet-"))
    target.mkdir(parents=True, exist_ok=True)
    try:
        files = {}
        for name, rows in tables_of(rekap).items():
            schema = pa.schema([(col, getattr(pa, "bool_" if typ == "bool" else typ)()) for col, typ in _SCHEMAS[name].items()])
            table = pa.Table.from_pylist(rows, schema=schema)
            files[name] = target / f"{name}.parquet"
            pq.write_table(table, files[name])
        if duckdb_path is not None:
            import duckdb

            db = Path(duckdb_path)
            part = db.with_name(f".{db.name}.tmp")
            part.unlink(missing_ok=True)
            con = duckdb.connect(str(part))
            try:
                for name, f in files.items():
                    con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet(?)", [str(f)])
            finally:
                con.close()
            part.replace(db)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
