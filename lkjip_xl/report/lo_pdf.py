"""Word file to PDF through LibreOffice's UNO API, with every index and field updated first.

Run as a script by a Python that has LibreOffice's `uno` module (Debian's python3-uno is built for the system
Python, not for a virtualenv), never imported by lkjip_xl:

    /usr/bin/python3 lo_pdf.py SOFFICE PROFILE_DIR IN.docx OUT.pdf

`soffice --convert-to pdf` prints a Word field as it was stored (a table of contents without page numbers).
This script starts LibreOffice headless on its own profile and pipe, opens the document, updates the tables of
contents and of figures and every field, as Word's "Update Field" does, and exports the PDF. The .docx itself
is not written: Word keeps its fields. Exit status: 0 written, 3 no `uno` module here (the caller falls back to
the plain conversion), anything else a failure described on stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

NO_UNO = 3
CONNECT_S = 60.0


def _props(**kw: Any) -> tuple[Any, ...]:
    from com.sun.star.beans import PropertyValue

    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name, p.Value = k, v
        out.append(p)
    return tuple(out)


def _connect(proc: subprocess.Popen[bytes], pipe: str) -> Any:
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_S
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if proc.poll() is not None:
                raise RuntimeError(f"LibreOffice berhenti sebelum siap (kode {proc.returncode})") from None
            if time.monotonic() > deadline:
                raise RuntimeError("LibreOffice tidak siap dalam 60 detik") from None
            time.sleep(0.05)


def update_and_export(ctx: Any, src: Path, out: Path) -> None:
    import uno

    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(src)), "_blank", 0, _props(Hidden=True))
    if doc is None:
        raise RuntimeError(f"LibreOffice tidak dapat membuka {src.name}")
    try:
        # twice: filling the indexes can move text across pages (the front matter grows), and the second pass
        # lists the pages the first one produced
        for _ in range(2):
            fields = doc.getTextFields()
            fields.refresh()
            indexes = doc.getDocumentIndexes()
            for i in range(indexes.getCount()):
                indexes.getByIndex(i).update()
        doc.refresh()
        doc.storeToURL(uno.systemPathToFileUrl(str(out)), _props(FilterName="writer_pdf_Export"))
    finally:
        doc.close(True)


def main(argv: list[str]) -> int:
    try:
        import uno  # noqa: F401
    except ImportError:
        return NO_UNO
    soffice, profile, src, out = argv
    pipe = f"lkjip-pdf-{os.getpid()}-{time.monotonic_ns()}"
    proc = subprocess.Popen(
        [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--invisible", "--norestore",
         "--nologo", "--nodefault", "--nolockcheck", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        ctx = _connect(proc, pipe)
        update_and_export(ctx, Path(src).resolve(), Path(out).resolve())
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge drops as LibreOffice exits; that is the expected end
            pass
        proc.wait(timeout=30)
    except Exception as e:  # noqa: BLE001 - reported to the caller on stderr, in the user's language
        sys.stderr.write(f"{type(e).__name__}: {e}\n")
        return 1
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
