"""The returns spreadsheet's layout, shared by the download and the upload: its columns, sheet
name and limits."""

from dataclasses import dataclass

from openpyxl.styles import PatternFill

from indicators.return_rules import DATA_QUALITY_STANDARDS

# The file's limits are every upload's (partnership.spreadsheets.read), named here too as before.
from partnership.spreadsheets.read import (  # noqa: F401
    MAX_MARKUP_TAGS,
    MAX_ROWS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    UNZIPPED_MAX_BYTES,
    UPLOAD_MAX_BYTES,
    XLSX_CONTENT_TYPE,
)

RETURNS_SHEET = "Returns"
FRESH_COPY = "Download a fresh copy of the spreadsheet and enter the figures in it."


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    entry: bool = False  # the person fills it in (unlocked); the others are for reference or matching
    hidden: bool = False


ATTESTATION_HEADERS = {f"dq_{name}": label for name, label, _ in DATA_QUALITY_STANDARDS}
COLUMNS = [
    Column("code", "Code", 10),
    Column("title", "Indicator", 40),
    Column("period", "Period", 12),
    Column("unit", "Unit", 30),
    Column("value", "Value", 12, entry=True),
    Column("numerator", "Numerator", 12, entry=True),
    Column("denominator", "Denominator", 13, entry=True),
    Column("commentary", "Commentary", 40, entry=True),
    Column("variance_reason", "Reason for variance", 40, entry=True),
    Column("action_taken", "ReturnAction being taken", 40, entry=True),
    *[Column(key, header, 10, entry=True) for key, header in ATTESTATION_HEADERS.items()],
    Column("state", "State", 20),
    # Hidden: the optimistic-locking version the figures were read at, and the ids that tie a row
    # to exactly one indicator and period, so the upload never guesses from a code.
    Column("version", "Version", 9, hidden=True),
    Column("indicator_id", "Indicator ID", 12, hidden=True),
    Column("period_id", "Period ID", 10, hidden=True),
]
HEADER_OF = {column.key: column.header for column in COLUMNS}
FIGURES = ("value", "numerator", "denominator")
TEXTS = ("commentary", "variance_reason", "action_taken")
# Without these the upload could silently drop what someone typed; the rest are optional.
REQUIRED_KEYS = ("code", *FIGURES, *TEXTS, *ATTESTATION_HEADERS)
# save_return's error keys -> the column the person should look at.
FIELD_HEADERS = {**HEADER_OF, "attestation": "Data quality (Accurate to Complete)", "period": "Period"}

GREY = PatternFill("solid", fgColor="D9D9D9")
HEADER_FILL = PatternFill("solid", fgColor="1D70B8")
