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
    └── ReportTemplateError       a user's report template is broken (name and line)
"""

from __future__ import annotations

from pathlib import Path

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
    "ReportTemplateError",
]


class LkjipError(Exception):
    """Base class; ``str(exc)`` is the Indonesian message shown to the user."""

    exit_code = 2
    code = "galat"

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
