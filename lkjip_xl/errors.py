"""Exceptions, raised only when work cannot proceed at all.

Problems *inside* a readable workbook are not exceptions: they are :class:`lkjip_xl.issues.Issue` data.
Everything here carries an Indonesian message for the user; the CLI and the Excel entry points turn an
``LkjipError`` into that message and exit code 2, never a traceback::

    LkjipError
    ├── WorkbookUnreadable        the file cannot be used at all (exit 2)
    │   ├── NotAWorkbook          not an .xlsx (a .csv or .pdf renamed, a corrupt or truncated zip)
    │   ├── EncryptedWorkbook     password-protected
    │   ├── LegacyFormat          an old .xls workbook
    │   ├── UnsafeWorkbook        a zip bomb or an entity-expansion payload
    │   ├── NotStandardWorkbook   an .xlsx, but not the standard LKjIP workbook (required tables missing)
    │   └── UnsupportedTemplateVersion   made by a newer lkjip_xl
    ├── WriteFailed               the result could not be written (file open in Excel, disk full); input intact
    ├── TableCannotGrow           recompute refused: a table would grow over merged cells, a table or content
    └── ReportTemplateError       a user's report template is broken (name and line)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

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
]


class LkjipError(Exception):
    """Base class; ``str(exc)`` is the Indonesian message shown to the user."""

    exit_code = 2
    code = "error"

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None


class WorkbookUnreadable(LkjipError):
    code = "berkas-tidak-terbaca"


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
        lines = [f"{i.sheet}!{i.cell}: {i.message}" for i in issues]
        super().__init__(f"{action} dibatalkan; buku kerja tidak diubah.\n" + "\n".join(lines), path=path)
        self.issues = list(issues)


class ReportTemplateError(LkjipError):
    code = "template-laporan-rusak"

    def __init__(self, message: str, *, template: str, lineno: int | None = None, context: str | None = None):
        super().__init__(message)
        self.template = template
        self.lineno = lineno
        self.context = context


class PdfConversionFailed(LkjipError):
    """LibreOffice is missing or failed to turn the Word report into PDF."""

    code = "pdf-gagal"
