"""The Excel buttons served by xlwings Server: one server for a kabupaten, no Python on the kecamatan PCs.

    XLWINGS_LICENSE_KEY=noncommercial python -m lkjip_xl.excel.server --port 8000

Two clients press the same three buttons:

- the VBA add-in (``macros/``) posts the open workbook to ``/xlwings/custom-scripts-call/<script>``;
- the Office.js add-in (Excel on the web, on a Mac, on managed PCs): Excel loads ``/manifest`` and the task pane
  ``/taskpane.html`` (``templates/taskpane.html``, ``static/js/lkjip.js``), whose buttons call the same scripts.

The scripts run the same entry points as the command line and return the actions Excel executes. Number formats
do not travel in xlwings' payload: both clients list the percent-formatted cells (and, in sections, the
month-formatted cells and the merged areas: :func:`lkjip_xl.addresses.parse_cell_formats`) in the
``X-Lkjip-Persen`` header, which :class:`CellFormatsMiddleware` hands to the scripts. The server listens on 127.0.0.1 unless
authentication is configured (:func:`binding_decision`). Needs the ``server`` extra:
``pip install "lkjip_xl[server]"``.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["PROJECT_DIR", "SCRIPTS", "FORMATS_HEADER", "AuthConfig", "CellFormatsMiddleware", "cell_formats",
           "binding_decision", "prepare", "app", "main"]

PROJECT_DIR = Path(__file__).resolve().parent
"""The xlwings Server project folder: ``custom_scripts``, ``custom_functions``, ``templates``, ``static``, ``auth``."""
SCRIPTS = ("lkjip_periksa", "lkjip_hitung_ulang", "lkjip_buat_laporan")
FORMATS_HEADER = "X-Lkjip-Persen"
"""``Kinerja!D5:D9;Kinerja!F7[bulan]Profil!C9[gabung]Ringkasan!A15:C15``: the cells formatted as a percent,
then those formatted as a month, then the merged areas (the header keeps the name add-ins already send)."""
TOKEN_ENV = "LKJIP_SERVER_TOKEN"
"""The shared secret of the ``custom`` auth provider (``auth/custom``); at least 16 characters."""
MIN_TOKEN = 16

_MANIFEST_IDS = {"PROD": "9d8a772a-aa40-4979-9ca7-2403a105acb5", "DEV": "99e56f6d-c498-44a4-81c8-a2920afdd715"}

_CELL_FORMATS: ContextVar[str | None] = ContextVar("lkjip_cell_formats", default=None)
_HEADER_KEY = FORMATS_HEADER.lower().encode("ascii")


def cell_formats() -> str | None:
    """The ``X-Lkjip-Persen`` header of the request being served; None when the client sent none."""
    return _CELL_FORMATS.get()


class CellFormatsMiddleware:
    """Pure ASGI: puts the ``X-Lkjip-Persen`` header (or None) into a context variable for the scripts.

    Not Starlette's ``BaseHTTPMiddleware``: that one runs the endpoint in another task and buffers the response.
    The value is only text; ``excel.check/recompute/report(cell_formats=…)`` parse and bound it.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        value = None
        for key, raw in scope.get("headers") or ():
            if key == _HEADER_KEY:  # ASGI servers give header names in lower case
                value = raw.decode("latin-1")
                break
        token = _CELL_FORMATS.set(value)
        try:
            await self.app(scope, receive, send)
        finally:
            _CELL_FORMATS.reset(token)


# --- who may reach the server --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthConfig:
    """What xlwings Server's settings say about authentication (``XLWINGS_AUTH_PROVIDERS`` …)."""

    providers: tuple[str, ...] = ()
    entraid_client_id: str | None = None
    entraid_tenant_id: str | None = None
    token: str | None = None
    """``LKJIP_SERVER_TOKEN``, the secret our ``custom`` provider compares with."""

    @classmethod
    def from_settings(cls, settings: Any, env: Mapping[str, str] = os.environ) -> AuthConfig:
        return cls(tuple(settings.auth_providers or ()), settings.auth_entraid_client_id,
                   settings.auth_entraid_tenant_id, env.get(TOKEN_ENV) or None)

    def problems(self) -> list[str]:
        """Why the configured authentication would not protect the server (empty: it would)."""
        if not self.providers:
            return ["XLWINGS_AUTH_PROVIDERS kosong"]
        out = []
        for p in self.providers:
            if p == "entraid":
                if not (self.entraid_client_id and self.entraid_tenant_id):
                    out.append("entraid tanpa XLWINGS_AUTH_ENTRAID_CLIENT_ID dan XLWINGS_AUTH_ENTRAID_TENANT_ID")
            elif p == "custom":
                if not self.token or len(self.token) < MIN_TOKEN:
                    out.append(f"custom tanpa {TOKEN_ENV} (minimal {MIN_TOKEN} karakter)")
            else:
                out.append(f"penyedia '{p}' tidak dikenal lkjip_xl")
        return out


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def binding_decision(host: str, auth: AuthConfig, *, tanpa_autentikasi: bool = False) -> tuple[bool, str | None]:
    """Whether the server may listen on ``host``, and what to tell the operator.

    Returns ``(start, message)``: loopback always starts silently; another address starts only with working
    authentication, or with ``--tanpa-autentikasi`` and a warning. Otherwise ``(False, reason)``.
    """
    if _loopback(host):
        return True, None
    problems = auth.problems()
    if not problems:
        return True, None
    detail = "; ".join(problems)
    if tanpa_autentikasi:
        return True, (f"PERINGATAN: server mendengarkan di {host} TANPA autentikasi ({detail}). Siapa pun yang "
                      "dapat menjangkau alamat ini dapat menjalankan tombol LKjIP dan menulis laporan ke "
                      "LKJIP_LAPORAN_DIR. Pakai hanya di jaringan tertutup, di belakang HTTPS.")
    return False, (f"Server tidak dijalankan: alamat {host} dapat dijangkau dari komputer lain, tetapi autentikasi "
                   f"belum diatur ({detail}). Atur XLWINGS_AUTH_PROVIDERS (lihat macros/README.md), atau "
                   "jalankan di 127.0.0.1 di belakang reverse proxy, atau tambahkan --tanpa-autentikasi bila "
                   "jaringan ini memang tertutup.")


# --- the app -------------------------------------------------------------------------------------------------


def prepare() -> None:
    """Environment xlwings Server reads at import: our project folder, the noncommercial licence."""
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    os.environ["XLWINGS_PROJECT_DIR"] = str(PROJECT_DIR)
    os.environ.setdefault("XLWINGS_ENABLE_SOCKETIO", "false")
    os.environ.setdefault("XLWINGS_PROJECT_NAME", "LKjIP")
    # our own add-in ids: xlwings Server's defaults are shared by every project that keeps them
    for env, uid in _MANIFEST_IDS.items():
        os.environ.setdefault(f"XLWINGS_MANIFEST_ID_{env}", uid)


def app() -> Any:  # a FastAPI app; fastapi comes with the optional [server] extra
    """xlwings Server's FastAPI app with our project folder and the ``X-Lkjip-Persen`` middleware."""
    prepare()
    from xlwings_server.main import app as fastapi_app

    if not any(m.cls is CellFormatsMiddleware for m in fastapi_app.user_middleware):
        fastapi_app.add_middleware(CellFormatsMiddleware)
    return fastapi_app


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m lkjip_xl.excel.server",
                                 description="Layani tombol Excel LKjIP lewat xlwings Server.")
    ap.add_argument("--host", default="127.0.0.1",
                    help="alamat yang didengarkan (bawaan 127.0.0.1; alamat lain memerlukan autentikasi)")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--tanpa-autentikasi", action="store_true",
                    help="izinkan alamat selain 127.0.0.1 tanpa autentikasi (hanya untuk jaringan tertutup)")
    args = ap.parse_args(argv)
    prepare()
    from xlwings_server.config import settings

    start, message = binding_decision(args.host, AuthConfig.from_settings(settings),
                                      tanpa_autentikasi=args.tanpa_autentikasi)
    if message:
        print(message, file=sys.stderr)
    if not start:
        raise SystemExit(2)
    app()  # adds our middleware to the app main_app wraps
    import uvicorn
    from xlwings_server.main import main_app

    uvicorn.run(main_app, host=args.host, port=args.port)
