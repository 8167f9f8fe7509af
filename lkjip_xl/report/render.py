"""Render the report context through the (user-editable) templates: Word, HTML, and PDF from the Word file.

Staff text goes through autoescaping in both formats: a `&`, `<` or quote in an analysis cell must neither
corrupt the .docx XML nor inject markup into the HTML.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SecurityError

from ..errors import PdfConversionFailed, ReportTemplateError
from ..ooxml import atomic_write

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
    raise ReportTemplateError("Templat bawaan tidak ditemukan; pasang ulang lkjip_xl.", template="")


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
        raise ReportTemplateError(f"Templat {src} rusak pada baris {e.lineno}: {e.message}", template=str(src),
                            lineno=e.lineno) from None
    imgs = {k: "data:image/png;base64," + base64.b64encode(p.read_bytes()).decode() for k, p in (charts or {}).items()}
    try:
        html = tpl.render(**ctx, grafik=imgs)
    except (jinja2.TemplateError, SecurityError) as e:
        line = _tb_line(e, src.name)
        raise ReportTemplateError(f"Templat {src} gagal diisi{line}: {e}", template=str(src)) from None
    atomic_write(out, html.encode("utf-8"))
    return out


def _tb_line(e: BaseException, name: str) -> str:
    import traceback

    for fr in reversed(traceback.extract_tb(e.__traceback__)):
        if fr.filename and fr.filename.endswith(name):
            return f" pada baris {fr.lineno}"
    return ""


def _suspect_paragraph(docx: Any) -> str:
    """The first paragraph or table cell whose template tags do not parse: what the user must fix in Word.

    docxtpl hands Jinja the whole document.xml as one line, so Jinja's line number says nothing to a user.
    """
    env = jinja2.Environment()

    def texts(container: Any) -> Any:
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
        raise ReportTemplateError(f"Templat {src} tidak dapat dibuka sebagai dokumen Word: {e}", template=str(src)) from None
    grafik = {k: InlineImage(tpl, str(p), width=Mm(150)) for k, p in (charts or {}).items()}
    env = _env()
    try:
        tpl.render({**ctx, "grafik": grafik}, env, autoescape=True)
    except jinja2.TemplateSyntaxError as e:
        near = _suspect_paragraph(tpl.docx)
        where = f" di dekat teks «{near}»" if near else ""
        raise ReportTemplateError(f"Templat {src.name} rusak{where}: {e.message}", template=str(src), context=near) from None
    except jinja2.TemplateError as e:
        raise ReportTemplateError(f"Templat {src.name} gagal diisi: {e}", template=str(src)) from None
    buf = io.BytesIO()
    tpl.save(buf)
    atomic_write(out, buf.getvalue())
    return out


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        p = shutil.which(name)
        if p:
            return p
    return None


def render_pdf(docx: Path, out: Path, *, timeout: int = 180) -> Path:
    """Convert the Word report with LibreOffice, so the PDF is what Word shows (fields, tables, images)."""
    exe = soffice()
    if not exe:
        raise PdfConversionFailed("LibreOffice tidak ditemukan; PDF tidak dapat dibuat. Pasang LibreOffice "
                              "atau buka berkas .docx di Word lalu simpan sebagai PDF.")
    with tempfile.TemporaryDirectory(prefix="lkjip-pdf-") as td:
        profile = Path(td) / "profile"
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", td, str(docx)]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
            raise PdfConversionFailed(f"LibreOffice gagal membuat PDF dari {docx.name}: {e}") from None
        made = Path(td) / (docx.stem + ".pdf")
        if not made.exists():
            raise PdfConversionFailed(f"LibreOffice tidak menghasilkan PDF dari {docx.name}.")
        atomic_write(out, made.read_bytes())
    return out
