"""lkjip_xl: the yearly LKjIP of a kecamatan from one standard Excel workbook.

    >>> from lkjip_xl import check, recompute
    >>> outcome = recompute("lkjip-2024.xlsx")        # writes computed cells, Validasi, Ringkasan
    >>> outcome.result.flatten(["code", "sheet", "cell"])
"""

__version__ = "0.2.0"

from .api import Outcome, check, evaluate, recompute  # noqa: E402
from .compute import Computed, compute_all  # noqa: E402
from .errors import (  # noqa: E402
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
from .issues import ISSUE_TYPES, CheckResult, Issue  # noqa: E402
from .reader import read_workbook  # noqa: E402
from .report import make_report  # noqa: E402
from .schema import SCHEMA_VERSION  # noqa: E402

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
