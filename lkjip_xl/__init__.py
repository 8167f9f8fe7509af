"""lkjip_xl: the yearly LKjIP of a kecamatan from one standard Excel workbook.

    >>> from lkjip_xl import check, recompute
    >>> outcome = recompute("lkjip-2024.xlsx")        # writes computed cells, Validasi, Ringkasan
    >>> outcome.result.flatten(["code", "sheet", "cell"])
"""

from ._version import __version__
from .api import Outcome, check, evaluate, recompute
from .compute import Computed, compute_all
from .errors import (
    EncryptedWorkbook,
    LegacyFormat,
    LkjipError,
    NotAWorkbook,
    NotStandardWorkbook,
    PdfConversionFailed,
    ReportTemplateError,
    TableCannotGrow,
    UnsafeWorkbook,
    UnsupportedTemplateVersion,
    WorkbookUnreadable,
    WriteFailed,
)
from .issues import ISSUE_TYPES, CheckResult, Issue
from .reader import read_workbook
from .report import make_report
from .schema import SCHEMA_VERSION

__all__ = [
    "CheckResult",
    "Computed",
    "EncryptedWorkbook",
    "ISSUE_TYPES",
    "Issue",
    "LegacyFormat",
    "LkjipError",
    "NotAWorkbook",
    "NotStandardWorkbook",
    "Outcome",
    "PdfConversionFailed",
    "ReportTemplateError",
    "SCHEMA_VERSION",
    "TableCannotGrow",
    "UnsafeWorkbook",
    "UnsupportedTemplateVersion",
    "WorkbookUnreadable",
    "WriteFailed",
    "__version__",
    "check",
    "compute_all",
    "evaluate",
    "make_report",
    "read_workbook",
    "recompute",
]
