"""What makes a return's figures acceptable. Pure: no database access.

Drafts are checked only for what would be wrong to store (bad numbers, impossible values); a
submission must be complete: a value, the six data-quality attestations, and, when the result is off
target, the reason for variance and the action being taken.
"""

import codecs
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from indicators.status import Status
from indicators.values import Unit, value_problem

# The Audit Commission's six standards of data quality (seed 000).
DATA_QUALITY_STANDARDS = [
    ("accurate", "Accurate", "Sufficiently accurate for its intended purposes."),
    ("valid", "Valid", "Recorded and used in line with the indicator's definition."),
    ("reliable", "Reliable", "Collected the same way over time and across partners."),
    ("timely", "Timely", "Available soon enough to be useful for decisions."),
    ("relevant", "Relevant", "Captures only what the indicator measures."),
    ("complete", "Complete", "Nothing is missing that should be counted."),
]
ATTESTATION_FIELDS = [f"dq_{name}" for name, _, _ in DATA_QUALITY_STANDARDS]

EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
# extension -> the bytes such a file starts with (None: text formats, checked by decoding instead)
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".xlsx": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".csv": None,
    ".txt": None,
}


@dataclass(frozen=True)
class IndicatorFacts:
    unit: str
    is_ratio: bool
    allows_negative: bool = False


@dataclass(frozen=True)
class Figures:
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def figure_problems(facts: IndicatorFacts, figures: Figures) -> dict[str, str]:
    """Values that can never be right, whether in a draft or a submission."""
    problems = {}
    if facts.is_ratio:
        for name in ("numerator", "denominator"):
            amount = getattr(figures, name)
            if amount is not None and amount < 0:
                problems[name] = f"Enter a {name} of 0 or more."
        if figures.denominator == 0:
            problems["denominator"] = "The denominator cannot be 0: nothing can be worked out from it."
        elif (
            facts.unit == Unit.PERCENTAGE
            and figures.numerator is not None
            and figures.denominator is not None
            and figures.numerator > figures.denominator
            and "numerator" not in problems
        ):
            problems["numerator"] = "The numerator cannot be more than the denominator for a percentage."
    else:
        problem = value_problem(figures.value, facts.unit, allows_negative=facts.allows_negative)
        if problem:
            problems["value"] = problem
    return problems


def period_problem(period_end: dt.date, today: dt.date) -> str | None:
    if today <= period_end:
        return (
            f"This period has not ended yet: results can be entered from {period_end + dt.timedelta(days=1):%d %B %Y}."
        )
    return None


def submission_problems(
    facts: IndicatorFacts,
    figures: Figures,
    *,
    status: str,
    variance_reason: str,
    action_taken: str,
    attestations: dict[str, bool],
) -> dict[str, str]:
    """What a submission must have on top of figures that are possible."""
    problems = {}
    if facts.is_ratio:
        if figures.numerator is None:
            problems["numerator"] = "Enter the numerator."
        if figures.denominator is None:
            problems["denominator"] = "Enter the denominator."
    elif figures.value is None:
        problems["value"] = "Enter the result for this period."
    if status in (Status.AMBER, Status.RED):
        if not variance_reason.strip():
            problems["variance_reason"] = "The result is off target: explain the reason for the variance."
        if not action_taken.strip():
            problems["action_taken"] = "The result is off target: say what action is being taken."
    missing = [
        label
        for (name, label, _), field in zip(DATA_QUALITY_STANDARDS, ATTESTATION_FIELDS, strict=True)
        if not attestations.get(field)
    ]
    if missing:
        problems["attestation"] = (
            "Confirm the data meets all six data-quality standards before submitting (not yet confirmed: "
            + ", ".join(missing).lower()
            + ")."
        )
    return problems


def evidence_problem(name: str, size: int, first_bytes: bytes) -> str | None:
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EVIDENCE_TYPES:
        allowed = ", ".join(sorted(ext.lstrip(".").upper() for ext in EVIDENCE_TYPES))
        return f"The evidence must be one of these types: {allowed}."
    if size > EVIDENCE_MAX_BYTES:
        return (
            f"The evidence must be smaller than {EVIDENCE_MAX_BYTES // (1024 * 1024)} MB "
            f"(this file is {size / (1024 * 1024):.1f} MB)."
        )
    if size == 0:
        return "The evidence file is empty."
    signatures = EVIDENCE_TYPES[extension]
    if signatures is None:
        try:  # incremental, so a character cut at the end of the sample is not an error
            codecs.getincrementaldecoder("utf-8")().decode(first_bytes, final=False)
        except UnicodeDecodeError:
            return f"The file is not a text {extension.lstrip('.').upper()} file."
    elif not any(first_bytes.startswith(signature) for signature in signatures):
        return f"The file's contents are not a {extension.lstrip('.').upper()} file."
    return None
