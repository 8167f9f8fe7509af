"""Render the report context through the (user-editable) templates: Word, HTML, and PDF from the Word file.

Staff text goes through autoescaping in both formats: a `&`, `<` or quote in an analysis cell must neither
corrupt the .docx XML nor inject markup into the HTML.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from ..errors import PdfConversionFailed, ReportTemplateError
from ..xlsx import atomic_write

__all__ = ["default_templates", "render_docx", "render_html", "render_pdf",
           "DOCX_TEMPLATE", "HTML_TEMPLATE"]

DOCX_TEMPLATE = "laporan.docx"
HTML_TEMPLATE = "laporan.html.j2"




def default_templates() -> Path:
    """The templates shipped with lkjip_xl (the repository's `templates/`, also packaged)."""
    here = Path(__file__).resolve().parent
    for cand in (here.parent.parent / "templates", here.parent / "data" / "templates"):
        if (cand / DOCX_TEMPLATE).exists():
            return cand
    raise ReportTemplateError("bawaan-hilang", template="")


def _find(name: str, templates: Path | None) -> Path:
    if templates is not None:
        p = Path(templates) / name
        if p.exists():
            return p
    return default_templates() / name


def _filters(env: jinja2.Environment) -> None:
    from ..fmt import angka, persen, rupiah

    env.filters.update(angka=angka, persen=persen, rupiah=rupiah)


def _env(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """A sandboxed environment: a template from a kabupaten's shared folder cannot reach Python internals."""
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(loader=loader, autoescape=True, undefined=jinja2.ChainableUndefined,
                               trim_blocks=True, lstrip_blocks=True)
    _filters(env)
    return env


def render_html(ctx: dict[str, Any], out: Path, *, templates: Path | None = None,
                charts: dict[str, Path] | None = None, name: str = HTML_TEMPLATE) -> Path:
    src = _find(name, templates)
    env = _env(jinja2.FileSystemLoader(str(src.parent)))
    try:
        tpl = env.get_template(src.name)
    except jinja2.TemplateSyntaxError as e:
        raise ReportTemplateError("sintaks", template=str(src), lineno=e.lineno, templat=src, baris=e.lineno,
                                  alasan=e.message) from None
    imgs = {k: "data:image/png;base64," + base64.b64encode(p.read_bytes()).decode() for k, p in (charts or {}).items()}
    try:
        staf, logo = _staff_images(ctx, _data_uri)
        html = tpl.render(**{**ctx, "gambar_staf": staf, "logo": logo}, grafik=imgs)
    except (jinja2.TemplateError, SecurityError) as e:
        line = _tb_line(e, src.name)
        raise ReportTemplateError("gagal-diisi-baris" if line else "gagal-diisi", template=str(src), lineno=line,
                                  templat=src, baris=line, alasan=e) from None
    atomic_write(out, html.encode("utf-8"))
    return out


def _tb_line(e: BaseException, name: str) -> int | None:
    import traceback

    for fr in reversed(traceback.extract_tb(e.__traceback__)):
        if fr.filename and fr.filename.endswith(name):
            return fr.lineno
    return None


def _suspect_paragraph(docx: Any) -> str:
    """The first paragraph or table cell whose template tags do not parse: what the user must fix in Word.

    docxtpl hands Jinja the whole document.xml as one line, so Jinja's line number says nothing to a user.
    """
    env = jinja2.Environment()

    def texts(container: Any) -> Iterator[str]:
        for p in container.paragraphs:
            yield p.text
        for t in container.tables:
            for row in t.rows:
                for cell in row.cells:
                    yield from texts(cell)

    for text in texts(docx):
        if "{" not in text:
            continue
        if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            return text.strip()[:160]
        for m in re.finditer(r"\{\{(.*?)\}\}", text):
            try:
                env.parse("{{" + m.group(1) + "}}")
            except jinja2.TemplateSyntaxError:
                return text.strip()[:160]
    return ""


def render_docx(ctx: dict[str, Any], out: Path, *, templates: Path | None = None,
                charts: dict[str, Path] | None = None, name: str = DOCX_TEMPLATE) -> Path:
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    src = _find(name, templates)
    try:
        tpl = DocxTemplate(str(src))
        tpl.init_docx()
    except Exception as e:  # noqa: BLE001 - any failure to open is the user's file, not our bug
        raise ReportTemplateError("bukan-word", template=str(src), templat=src, alasan=e) from None
    grafik = {k: InlineImage(tpl, str(p), width=Mm(150)) for k, p in (charts or {}).items()}
    staf, logo = _staff_images(ctx, lambda g, mm: InlineImage(tpl, io.BytesIO(g["data"]), width=Mm(mm)))
    env = _env()
    try:
        tpl.render({**ctx, "grafik": grafik, "gambar_staf": staf, "logo": logo}, env, autoescape=True)
    except jinja2.TemplateSyntaxError as e:
        near = _suspect_paragraph(tpl.docx)
        raise ReportTemplateError("word-rusak-dekat" if near else "word-rusak", template=str(src), context=near,
                                  templat=src.name, teks=near, alasan=e.message) from None
    except jinja2.TemplateError as e:
        raise ReportTemplateError("gagal-diisi", template=str(src), templat=src.name, alasan=e) from None
    _conform_settings(tpl.docx)
    _fit_grids(tpl.docx)
    buf = io.BytesIO()
    tpl.save(buf)
    atomic_write(out, buf.getvalue())
    return out


def _data_uri(g: dict[str, Any], _width_mm: float) -> str:
    mime = {"jpg": "jpeg", "jpeg": "jpeg", "png": "png", "gif": "gif", "bmp": "bmp"}.get(str(g.get("ext")).lower(),
                                                                                          "png")
    return f"data:image/{mime};base64," + base64.b64encode(g["data"]).decode()


def _staff_images(ctx: dict[str, Any], make: Any) -> tuple[dict[str, list[dict[str, Any]]], Any]:
    """The Gambar sheet's pictures as the format shows them (``make(picture, width_mm)``), and the logo (the
    first picture of Jenis Logo, or None). Pictures are at most the text's width; a logo 3 cm wide."""
    staf: dict[str, list[dict[str, Any]]] = {}
    for jenis, items in (ctx.get("gambar_staf") or {}).items():
        staf[jenis] = []
        for g in items:
            w_mm = (g.get("width_emu") or 0) / 36000 or 150
            staf[jenis].append({**g, "gambar": make(g, min(150.0, w_mm))})
    logos = (ctx.get("gambar_staf") or {}).get("Logo") or []
    return staf, (make(logos[0], 30) if logos else None)


def _fit_grids(document: Any) -> None:
    """Each table's column grid rebuilt from its first row's cell widths.

    docxtpl's ``{%tc for %}`` copies cells but leaves ``w:tblGrid`` as the template had it, so Word and
    LibreOffice lay the copied cells out on the tag cells' hair-thin grid columns (a year column 58 twips wide).
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for tbl in document.element.body.iter(qn("w:tbl")):
        grid = tbl.find(qn("w:tblGrid"))
        first = tbl.find(qn("w:tr"))
        if grid is None or first is None:
            continue
        widths = []
        for tc in first.findall(qn("w:tc")):
            w = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            n = int(span.get(qn("w:val"), "1")) if span is not None else 1
            width = int(w.get(qn("w:w"), "0")) if w is not None else 0
            widths += [width // n] * n
        if not widths or len(widths) == len(grid) and all(
                int(g.get(qn("w:w"), "0")) == w for g, w in zip(grid, widths)):
            continue
        for g in list(grid):
            grid.remove(g)
        for w in widths:
            col = OxmlElement("w:gridCol")
            col.set(qn("w:w"), str(w))
            grid.append(col)


def _conform_settings(document: Any) -> None:
    """Make word/settings.xml valid ECMA-376 whatever template it came from: python-docx's default template
    (and so a template built on it) writes ``<w:zoom w:val="bestFit"/>`` without the required ``w:percent``."""
    from docx.oxml.ns import qn

    zoom = document.settings.element.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        p = shutil.which(name)
        if p:
            return p
    return None


_UNO_SCRIPT = Path(__file__).resolve().parent / "lo_pdf.py"
_NO_UNO = 3  # lo_pdf.py's exit status when the Python it ran under has no `uno` module


def uno_python(exe: str) -> str | None:
    """A Python that can import LibreOffice's `uno`: the one LibreOffice bundles (Windows, macOS and
    LibreOffice's own Linux packages), else the system Python (Debian's python3-uno). A virtualenv's Python,
    this process's included, cannot load python3-uno, which is built for the system's."""
    program = Path(exe).resolve().parent
    for cand in (program / "python", program / "python.exe", Path("/usr/bin/python3")):
        if cand.is_file() and os.access(cand, os.X_OK):
            return str(cand)
    return None


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run ``cmd`` in its own process group and end the whole group afterwards: soffice is a launcher whose
    soffice.bin outlives a killed parent, and a stray one would hold the next conversion's files."""
    popen_kw: dict[str, Any] = {"start_new_session": True} if hasattr(os, "killpg") else {}
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            **popen_kw)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _end_group(proc)
        proc.communicate()  # every holder of the pipes is gone: this returns at once
        raise
    _end_group(proc)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _end_group(proc: subprocess.Popen[bytes]) -> None:
    if hasattr(os, "killpg"):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass  # the group has already ended
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def render_pdf(docx: Path, out: Path, *, timeout: float = 180) -> Path:
    """Convert the Word report with LibreOffice, so the PDF is what Word prints (fields, tables, images).

    Word's fields are updated first, as Word's Update Field does: Daftar Isi, Daftar Tabel and Daftar Gambar
    carry their page numbers in the PDF while the .docx keeps them as fields. Without LibreOffice's Python
    bridge (Debian: python3-uno) the plain `--convert-to pdf` still writes the PDF, showing the fields' stored
    text. Each conversion has its own fresh LibreOffice profile, the whole run is bounded by ``timeout``
    seconds, and no LibreOffice process outlives it.
    """
    exe = soffice()
    if not exe:
        raise PdfConversionFailed("tanpa-libreoffice")
    docx = Path(docx).resolve()
    with tempfile.TemporaryDirectory(prefix="lkjip-pdf-") as td:
        profile = Path(td) / "profile"
        made = Path(td) / (docx.stem + ".pdf")
        py = uno_python(exe)
        try:
            r = _run([py, str(_UNO_SCRIPT), exe, str(profile), str(docx), str(made)], timeout) if py else None
            if r is None or r.returncode == _NO_UNO:
                r = _run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                          "--convert-to", "pdf", "--outdir", td, str(docx)], timeout)
        except subprocess.TimeoutExpired:
            raise PdfConversionFailed("waktu-habis", berkas=docx.name,
                                      detik=str(timeout).replace(".", ",")) from None
        except OSError as e:
            raise PdfConversionFailed("gagal", berkas=docx.name, alasan=e) from None
        if r.returncode != 0:
            why = r.stderr.decode("utf-8", "replace").strip().splitlines()
            raise PdfConversionFailed("kode-keluar" if why else "kode-keluar-diam", berkas=docx.name,
                                      kode=r.returncode, alasan=why[-1] if why else "")
        if not made.exists():
            raise PdfConversionFailed("tanpa-hasil", berkas=docx.name)
        atomic_write(out, made.read_bytes())
    return out
