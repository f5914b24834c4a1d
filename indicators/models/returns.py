import re
import unicodedata
import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from indicators.workflow import ReturnState, displayed_state
from partnership.models import TenantModel

VALUE = {"max_digits": 14, "decimal_places": 4, "null": True, "blank": True}


# Well under the 255 bytes most file systems allow in one name, and the field's max_length with
# the directories in front of it.
EVIDENCE_NAME_MAX_BYTES = 100
EVIDENCE_EXTENSION_MAX_CHARS = 16


def _bounded(text: str, max_bytes: int) -> str:
    """The longest start of `text` that is at most max_bytes in UTF-8, never half a character."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")


def evidence_filename(filename: str) -> str:
    """A safe, bounded name for stored evidence (also what its download is called): the start of the
    uploaded name in letters, digits, "-", "_" and ".", spaces as "_", with its extension. Path
    separators and everything before them go; a name with nothing readable left is "evidence"."""
    name = unicodedata.normalize("NFC", str(filename)).replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".")  # the extension as indicators.return_rules reads it
    if not dot:
        stem, extension = name, ""
    extension = re.sub(r"[^0-9A-Za-z]", "", extension)[:EVIDENCE_EXTENSION_MAX_CHARS]
    suffix = f".{extension}" if extension else ""
    # As django.utils.text.get_valid_filename does (the storage applies it again), then bounded.
    stem = re.sub(r"[^-\w.]", "", stem.strip().replace(" ", "_")).strip("._")
    stem = _bounded(stem, EVIDENCE_NAME_MAX_BYTES - len(suffix)).rstrip("._") or "evidence"
    return stem + suffix


def evidence_path(instance, filename):
    # Not guessable, and outside any public URL: evidence is served only through a view that
    # checks the viewer's membership (see returns views).
    return f"evidence/{instance.partnership_id_for_path}/{uuid.uuid4().hex}/{evidence_filename(filename)}"


class ReturnRound(TenantModel):
    """The collation of one period's returns across a partnership, with its deadline."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="return_rounds")
    period = models.ForeignKey("indicators.Period", on_delete=models.PROTECT, related_name="+")
    collation_deadline = models.DateField()
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period__start"]
        constraints = [models.UniqueConstraint(fields=["partnership", "period"], name="return_round_unique_period")]

    def __str__(self):
        return f"{self.period} returns (due {self.collation_deadline:%d %B %Y})"


class WorkflowReturn(TenantModel):
    """What every return has: its state in the workflow, a version for optimistic locking, and who
    moved it along. Indicator returns and spend returns share it (and indicators.workflow)."""

    state = models.CharField(max_length=12, choices=ReturnState.choices, default=ReturnState.DRAFT)
    version = models.PositiveIntegerField(default=0)
    commentary = models.TextField(blank=True)
    variance_reason = models.TextField("Reason for variance", blank=True)
    action_taken = models.TextField("Action being taken", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField("Why it was returned", blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_locked(self):
        return self.locked_at is not None

    @property
    def shown_state(self):
        return ReturnState(displayed_state(self.state, self.is_locked))


class IndicatorReturn(WorkflowReturn):
    """A source's return of one indicator's result for one period."""

    partnership_path = "indicator__partnership"

    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="returns")
    period = models.ForeignKey("indicators.Period", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(**VALUE)
    numerator = models.DecimalField(**VALUE)
    denominator = models.DecimalField(**VALUE)
    evidence = models.FileField(upload_to=evidence_path, blank=True, max_length=300)
    # The source's attestation against the six data-quality standards (declared one by one so the
    # history records them too; indicators.return_rules.DATA_QUALITY_STANDARDS has their wording).
    dq_accurate = models.BooleanField("Accurate", default=False)
    dq_valid = models.BooleanField("Valid", default=False)
    dq_reliable = models.BooleanField("Reliable", default=False)
    dq_timely = models.BooleanField("Timely", default=False)
    dq_relevant = models.BooleanField("Relevant", default=False)
    dq_complete = models.BooleanField("Complete", default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["indicator__code", "period__start"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="indicator_return_unique")]

    def __str__(self):
        return f"{self.indicator.code} {self.period} return"

    @property
    def partnership_id_for_path(self):
        return self.indicator.partnership_id

    @property
    def theme_id(self):
        return self.indicator.lead_theme_id


class DataChallenge(TenantModel):
    """The business group challenges a return's data (seed 000); the source answers."""

    partnership_path = "indicator_return__indicator__partnership"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"

    indicator_return = models.ForeignKey(IndicatorReturn, on_delete=models.CASCADE, related_name="challenges")
    raised_by = models.ForeignKey("partnership.Membership", on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    raised_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        "partnership.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at"]
