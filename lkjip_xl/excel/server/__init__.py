"""The Excel buttons served by xlwings Server: one server for a kabupaten, no Python on the kecamatan PCs.

    XLWINGS_LICENSE_KEY=noncommercial python -m lkjip_xl.excel.server --port 8000

The buttons post the open workbook to ``/xlwings/custom-scripts-call/<script>`` (see ``macros/README.md``);
the scripts here run the same entry points as the command line and return the actions Excel executes.
Needs the ``server`` extra: ``pip install "lkjip_xl[server]"``.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["PROJECT_DIR", "SCRIPTS", "prepare", "app", "main"]

PROJECT_DIR = Path(__file__).resolve().parent
"""The xlwings Server project folder: holds ``custom_scripts`` and ``custom_functions``."""
SCRIPTS = ("lkjip_periksa", "lkjip_hitung_ulang", "lkjip_buat_laporan")


def prepare() -> None:
    """Environment xlwings Server reads at import: our project folder, the noncommercial licence."""
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    os.environ["XLWINGS_PROJECT_DIR"] = str(PROJECT_DIR)
    os.environ.setdefault("XLWINGS_ENABLE_SOCKETIO", "false")


def app():  # noqa: ANN201 - a FastAPI app; fastapi is an optional dependency
    prepare()
    from xlwings_server.main import app as fastapi_app

    return fastapi_app


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m lkjip_xl.excel.server",
                                 description="Layani tombol Excel LKjIP lewat xlwings Server.")
    ap.add_argument("--host", default="0.0.0.0")
    ap.add_argument("--port", type=int, default=8000)
    args = ap.parse_args(argv)
    prepare()
    import uvicorn

    uvicorn.run("xlwings_server.main:main_app", host=args.host, port=args.port)
