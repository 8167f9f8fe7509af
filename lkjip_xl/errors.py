"""Exceptions, raised only when work cannot proceed at all.

Problems *inside* a readable workbook are not exceptions: they are :class:`lkjip_xl.issues.Issue` data.
Each class has a code from the catalogue in :mod:`lkjip_xl.issues` (``ERROR_TYPES``); a raise site names the
cause and its params, and the Indonesian message comes from the catalogue::

    raise NotAWorkbook("folder", path=p, berkas=p)   # "'…' adalah folder, bukan berkas workbook."

The CLI and the Excel entry points turn an ``LkjipError`` into that message and exit code 2, never a traceback;
a roll-up lists the file on its Masalah sheet with the code::

    LkjipError
    ├── WorkbookUnreadable        the file cannot be used at all
    │   ├── NotAWorkbook          not an .xlsx (a .csv or .pdf renamed, a corrupt or truncated zip)
    │   ├── EncryptedWorkbook     password-protected
    │   ├── LegacyFormat          an old .xls workbook
    │   ├── UnsafeWorkbook        a zip bomb, an entity-expansion payload or a file too large
    │   ├── NotStandardWorkbook   an .xlsx, but not the standard LKjIP workbook (required tables missing)
    │   └── UnsupportedTemplateVersion   made by a newer lkjip_xl
    ├── WriteFailed               the result could not be written (file open in Excel, disk full); input intact
    ├── TableCannotGrow           recompute refused: a table would grow over merged cells, a table or content
    ├── ReportTemplateError       a report template is missing or broken (name and line)
    ├── PdfConversionFailed       LibreOffice is missing or failed
    ├── AddinError                the Excel add-in cannot be built or installed
    └── MissingExtra              an optional package a feature needs is not installed
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .issues import error_message

if TYPE_CHECKING:
    from .issues import Issue

__all__ = [
    "LkjipError",
    "WorkbookUnreadable",
    "NotAWorkbook",
    "EncryptedWorkbook",
    "LegacyFormat",
    "UnsafeWorkbook",
    "NotStandardWorkbook",
    "UnsupportedTemplateVersion",
    "WriteFailed",
    "TableCannotGrow",
    "ReportTemplateError",
    "PdfConversionFailed",
    "AddinError",
    "MissingExtra",
]


class LkjipError(Exception):
    """Base class; ``str(exc)`` is the Indonesian message shown to the user.

    Args:
        key: the cause, one of the messages of the class's code in the catalogue (``""`` for its only one).
        path: the file concerned, kept as an attribute.
        params: the values the message template names.
    """

    exit_code = 2
    code = ""
    """The catalogue code; each class that is raised has its own."""

    def __init__(self, key: str = "", /, *, path: str | Path | None = None, **params: object) -> None:
        message = error_message(self.code, key, **params)
        super().__init__(message)
        self.message = message
        self.key = key
        self.params = params
        self.path = str(path) if path is not None else None


class WorkbookUnreadable(LkjipError):
    """The file cannot be used at all (raised as one of its subclasses)."""


class NotAWorkbook(WorkbookUnreadable):
    code = "bukan-workbook"


class EncryptedWorkbook(WorkbookUnreadable):
    code = "workbook-terenkripsi"


class LegacyFormat(WorkbookUnreadable):
    code = "format-xls-lama"


class UnsafeWorkbook(WorkbookUnreadable):
    code = "workbook-tidak-aman"


class NotStandardWorkbook(WorkbookUnreadable):
    code = "bukan-workbook-standar"


class UnsupportedTemplateVersion(WorkbookUnreadable):
    code = "versi-template-lebih-baru"


class WriteFailed(LkjipError):
    code = "gagal-menulis"


class TableCannotGrow(LkjipError):
    """A recompute would grow a table the tool owns over merged cells, another table or cells the user filled:
    Excel "repairs" such a file by deleting the table, so nothing is written. ``issues`` are the
    ``tabel-tidak-bisa-tumbuh`` issues a check reports, one a table."""

    code = "tabel-tidak-bisa-tumbuh"

    def __init__(self, issues: Sequence[Issue], *, path: str | Path | None = None,
                 action: str = "Hitung Ulang") -> None:
        rincian = "\n".join(f"{i.sheet}!{i.cell}: {i.message}" for i in issues)
        super().__init__(path=path, aksi=action, rincian=rincian)
        self.issues = list(issues)


class ReportTemplateError(LkjipError):
    """``template`` is the template's path (empty for the built-in ones), ``lineno`` its line when known,
    ``context`` the text near the fault in a Word template."""

    code = "template-laporan-rusak"

    def __init__(self, key: str, /, *, template: str, lineno: int | None = None, context: str | None = None,
                 path: str | Path | None = None, **params: object) -> None:
        super().__init__(key, path=path, **params)
        self.template = template
        self.lineno = lineno
        self.context = context


class PdfConversionFailed(LkjipError):
    """LibreOffice is missing or failed to turn the Word report into PDF."""

    code = "pdf-gagal"


class AddinError(LkjipError):
    """The add-in's sources cannot be used, or a different add-in is in the way of installing it."""

    code = "add-in-gagal"


class MissingExtra(LkjipError):
    """A feature needs an optional package (an extra of lkjip_xl) that is not installed."""

    code = "paket-tambahan-hilang"
