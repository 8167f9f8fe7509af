"""The narrative LKjIP written from the workbook: Word first (what staff edit and sign), HTML, and PDF."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PdfConversionFailed as ConversionError
from ..errors import ReportTemplateError as TemplateError
from ..filename import file_stem
from ..xlsx import refuse_existing

if TYPE_CHECKING:
    from ..api import Outcome
    from ..compute import Computed
    from ..model import Workbook

__all__ = ["FORMATS", "make_report", "report_context", "TemplateError", "ConversionError"]


def report_context(wb: Workbook, c: Computed) -> dict[str, Any]:
    from .context import report_context as build

    return build(wb, c)

FORMATS = ("docx", "html", "pdf")

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_RP_IN_TEXT = re.compile(r"\bRp (?=\d)")
_AMOUNT = re.compile(r"Rp [\d.,]+")


def _clean(v: Any) -> Any:
    """Drop the control characters XML cannot hold (pasted from other programs into analysis cells), and keep
    "Rp" with its amount in running text (a no-break space: never "Rp" at a line's end); an amount alone (a
    table cell) is left as it is."""
    if isinstance(v, str):
        v = _CONTROL.sub("", v)
        return v if _AMOUNT.fullmatch(v) else _RP_IN_TEXT.sub("Rp\u00a0", v)
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_clean(x) for x in v]
    return v


def _free_stem(folder: Path, stem: str, formats: list[str]) -> str:
    """``stem``, or ``stem (n)`` with the smallest n from 2 for which no file of ``formats`` exists yet."""
    n, candidate = 1, stem
    while any((folder / f"{candidate}.{f}").exists() for f in formats):
        n += 1
        candidate = f"{stem} ({n})"
    return candidate


def make_report(workbook: str | Path, out_dir: str | Path, *, formats: Iterable[str] = ("docx", "html"),
                templates: str | Path | None = None, outcome: Outcome | None = None,
                overwrite: bool = True, numbered: bool = False) -> dict[str, Path]:
    """Read and compute the workbook (never writing it) and write the report files; return them by format.

    With ``overwrite`` False an existing report file is refused before anything is written; with ``numbered``
    the report takes the next free name instead (``LKjIP-…-2024 (2).docx``), as the Buat Laporan button does:
    a report already edited in Word is never replaced."""
    from ..api import check
    from .charts import make_charts
    from .render import render_docx, render_html, render_pdf

    fmts = [f.strip().lower() for f in formats if f.strip()]
    bad = [f for f in fmts if f not in FORMATS]
    if bad:
        raise TemplateError("format-tidak-dikenal", template="", format=", ".join(bad), pilihan=", ".join(FORMATS))
    o = outcome or check(workbook)
    ctx = _clean(report_context(o.workbook, o.computed))
    n_err = len(o.result.errors)
    if n_err:  # a workbook with errors is a draft, whatever its Status says
        ctx["draf"] = True
        ctx["draf_alasan"] = ", ".join(x for x in (ctx["draf_alasan"], f"{n_err} error pada buku kerja") if x)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = file_stem("LKjIP", ctx["profil"]["nama_instansi"], ctx["profil"]["tahun"])
    if numbered:
        stem = _free_stem(out, stem, [f for f in FORMATS if f in fmts])
    elif not overwrite:
        refuse_existing(out / f"{stem}.{f}" for f in FORMATS if f in fmts)
    tpl_dir = Path(templates) if templates else None
    made: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="lkjip-grafik-") as td:
        charts = make_charts(o.computed, Path(td))
        if "docx" in fmts or "pdf" in fmts:
            made["docx"] = render_docx(ctx, out / f"{stem}.docx", templates=tpl_dir, charts=charts)
        if "html" in fmts:
            made["html"] = render_html(ctx, out / f"{stem}.html", templates=tpl_dir, charts=charts)
        if "pdf" in fmts:
            made["pdf"] = render_pdf(made["docx"], out / f"{stem}.pdf")
    return made
