"""What the API reads and writes. Reading serializers only describe rows; the rules for returns
live in indicators.services.returns (the input serializers here only check types, as the forms do)."""

from decimal import Context, Decimal, getcontext

from rest_framework import serializers

from indicators.models import Agreement, AnnualTarget, Indicator, IndicatorReturn, PeriodTarget, Result
from indicators.periods import PeriodKind
from indicators.return_rules import DATA_QUALITY_STANDARDS
from indicators.services.returns import ReturnInput
from indicators.status import STATUS_MEANING, Direction, Forecast, Status
from indicators.values import NUMBER_ERRORS
from indicators.workflow import ReturnAction, ReturnState
from partnership.models import Partnership

# The same words as the return form, so a partner system shows people what the web would.
DECIMAL_ERRORS = NUMBER_ERRORS
# Ids are 64-bit: a bigger number is no id, and reaching the database with it fails there.
MAX_ID = 2**63 - 1


def decimal(**kwargs):
    """A figure as stored (14 digits, 4 places); read as a string so no precision is lost."""
    return serializers.DecimalField(max_digits=14, decimal_places=4, **kwargs)


class PartnershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partnership
        fields = ["slug", "name", "area_name"]


class PeriodSerializer(serializers.Serializer):
    """A period (a Period row or a periods.Span: both have these attributes)."""

    label = serializers.CharField(read_only=True, help_text='e.g. "Q2 2026/27".')
    kind = serializers.ChoiceField(choices=PeriodKind.choices, read_only=True)
    start = serializers.DateField(read_only=True)
    end = serializers.DateField(read_only=True)


class ComputedDecimalField(serializers.DecimalField):
    """Rounds to its places with as many digits as the figure needs. DRF rounds in the default
    28-digit context, which a projection of extreme figures outgrows (InvalidOperation: a 500)."""

    def quantize(self, value):
        context = Context(prec=max(getcontext().prec, value.adjusted() + self.decimal_places + 2))
        return value.quantize(Decimal(1).scaleb(-self.decimal_places), rounding=self.rounding, context=context)


def computed(**kwargs):
    """A figure the status engine worked out (to 4 places; not bounded like stored figures)."""
    return ComputedDecimalField(max_digits=None, decimal_places=4, read_only=True, allow_null=True, **kwargs)


class IndicatorStatusSerializer(serializers.Serializer):
    """The indicator now, as the status engine judges it: its latest period with an approved result
    (`period` to `direction` are null while there is none) and its financial year's forecast."""

    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    status_meaning = serializers.SerializerMethodField()
    period = PeriodSerializer(
        source="latest.span", read_only=True, allow_null=True, help_text="The latest period with an approved result."
    )
    actual = computed(source="latest.assessment.actual", help_text="That period's own value.")
    compared = computed(
        source="latest.assessment.compared",
        help_text="What is judged against the target: year to date for cumulative indicators, else the period's value.",
    )
    target = computed(source="latest.assessment.target")
    monitoring_level = computed(source="latest.assessment.monitoring_level")
    direction = serializers.ChoiceField(
        choices=Direction.choices,
        source="latest.assessment.direction_from_previous",
        read_only=True,
        allow_null=True,
        help_text="Direction of travel since the previous period.",
    )
    financial_year = serializers.CharField(source="year.label", read_only=True)
    annual_target = computed(source="year.annual_target")
    forecast = serializers.ChoiceField(
        choices=Forecast.choices, read_only=True, help_text="Will the annual target be met?"
    )
    projected = computed(source="year.forecast.projected", help_text="Projected year-end value.")

    def get_status_meaning(self, summary) -> str:
        return STATUS_MEANING[summary.status]


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator, with where it stands now (`current`)."""

    # `summary` is attached by the view, worked out for the whole page at once.
    lead_theme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    current = IndicatorStatusSerializer(source="summary", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "title",
            "definition",
            "unit",
            "rate_per",
            "polarity",
            "frequency",
            "accumulation",
            "is_ratio",
            "numerator_label",
            "denominator_label",
            "allows_negative",
            "calculation",
            "lead_theme",
            "is_laa",
            "is_stretch",
            "current",
        ]
        read_only_fields = fields


class AnnualTargetSerializer(serializers.ModelSerializer):
    period = PeriodSerializer(read_only=True)
    agreement = serializers.ChoiceField(
        choices=Agreement.choices,
        read_only=True,
        help_text='"proposed" targets (and their profile) do not count for status until the executive board '
        'agrees them ("agreed").',
    )
    proposed_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Null for targets set before agreement."
    )
    agreed_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Null until the targets are agreed."
    )

    class Meta:
        model = AnnualTarget
        fields = [
            "period",
            "value",
            "monitoring_level",
            "agreement",
            "proposed_by",
            "proposed_at",
            "agreed_by",
            "agreed_at",
        ]
        read_only_fields = fields


class PeriodTargetSerializer(serializers.ModelSerializer):
    period = PeriodSerializer(read_only=True)

    class Meta:
        model = PeriodTarget
        fields = ["period", "value"]
        read_only_fields = fields


class TargetsSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(read_only=True)
    annual_targets = AnnualTargetSerializer(many=True, read_only=True)
    period_targets = PeriodTargetSerializer(
        many=True,
        read_only=True,
        help_text="The annual target profiled across the year (year to date for cumulative indicators). "
        "Periods without one use the default profile.",
    )


class ResultSerializer(serializers.ModelSerializer):
    period = PeriodSerializer(read_only=True)

    class Meta:
        model = Result
        fields = ["id", "indicator", "period", "value", "numerator", "denominator", "commentary"]
        read_only_fields = fields


# One key per data-quality standard ("accurate", ...), read from and written to the return's
# dq_* fields: validated data comes out keyed "dq_accurate", as ReturnInput expects.
AttestationsSerializer = type(
    "AttestationsSerializer",
    (serializers.Serializer,),
    {
        name: serializers.BooleanField(source=f"dq_{name}", default=False, help_text=f"{label}: {meaning}")
        for name, label, meaning in DATA_QUALITY_STANDARDS
    },
)


class WorkflowReturnSerializer(serializers.ModelSerializer):
    """What every return (indicator or spend) shows of its workflow: period, state and who moved it."""

    period = PeriodSerializer(read_only=True)
    state = serializers.ChoiceField(
        choices=ReturnState.choices,
        source="shown_state",
        read_only=True,
        help_text='"locked" once the collation deadline has passed, whatever the state was.',
    )
    submitted_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Null until the return is submitted."
    )
    decided_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Null until the return is approved or returned.",
    )


# After a return's own figures and words: where it is in the workflow.
WORKFLOW_FIELDS = [
    "submitted_by",
    "submitted_at",
    "decided_by",
    "decided_at",
    "return_reason",
    "locked_at",
    "reopen_reason",
    "updated_at",
]


class ReturnSerializer(WorkflowReturnSerializer):
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    attestations = AttestationsSerializer(source="*", read_only=True)

    class Meta:
        model = IndicatorReturn
        fields = [
            "id",
            "indicator",
            "indicator_code",
            "period",
            "state",
            "version",
            "value",
            "numerator",
            "denominator",
            "commentary",
            "variance_reason",
            "action_taken",
            "attestations",
            *WORKFLOW_FIELDS,
        ]
        read_only_fields = fields


class ReturnFilterSerializer(serializers.Serializer):
    period = serializers.DateField(required=False, help_text="Only returns for periods starting this day (YYYY-MM-DD).")
    indicator = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Only this indicator's returns (its id)."
    )


# What an entry and a decision may do, named once for the schema (SPECTACULAR_SETTINGS' enum names).
ENTRY_ACTION_CHOICES = [(a.value, a.label) for a in (ReturnAction.SAVE_DRAFT, ReturnAction.SUBMIT)]
DECISION_ACTION_CHOICES = [(a.value, a.label) for a in (ReturnAction.APPROVE, ReturnAction.RETURN, ReturnAction.REOPEN)]


class EntrySerializer(serializers.Serializer):
    """What every entry of a return (indicator or spend) ends with: what to do, and from which version."""

    action = serializers.ChoiceField(choices=ENTRY_ACTION_CHOICES)
    version = serializers.IntegerField(
        min_value=0,
        max_value=MAX_ID,
        default=0,
        help_text="The version you started from: 0 for a return not yet "
        "started. If someone saved since, the answer is 409.",
    )


class ReturnWriteSerializer(EntrySerializer):
    """Save a draft of, or submit, one indicator's return for one period."""

    indicator = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The indicator's id.")
    period_start = serializers.DateField(
        help_text="First day of the period, which is of the indicator's frequency "
        "(e.g. 2026-07-01 for Q2 2026/27 of a quarterly indicator)."
    )
    value = decimal(
        required=False,
        allow_null=True,
        error_messages=DECIMAL_ERRORS,
        help_text="For indicators not entered as a ratio.",
    )
    numerator = decimal(
        required=False, allow_null=True, error_messages=DECIMAL_ERRORS, help_text="For ratio indicators."
    )
    denominator = decimal(
        required=False, allow_null=True, error_messages=DECIMAL_ERRORS, help_text="For ratio indicators."
    )
    commentary = serializers.CharField(required=False, allow_blank=True, default="")
    variance_reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required to submit a result that is off target."
    )
    action_taken = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required to submit a result that is off target."
    )
    attestations = AttestationsSerializer(required=False, help_text="All six must be true to submit.")

    def to_input(self) -> ReturnInput:
        data = self.validated_data
        return ReturnInput(
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            commentary=data["commentary"],
            variance_reason=data["variance_reason"],
            action_taken=data["action_taken"],
            attestations=data.get("attestations", {}),
        )


class DecisionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=DECISION_ACTION_CHOICES)
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required to return or reopen."
    )
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_ID,
        allow_null=True,
        default=None,
        help_text="The version you decided on; if the return changed since, the answer is 409.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text='Send it as the header "Authorization: Token <token>".')


# Error bodies, for the schema: one shape for every 4xx (see indicators.api.errors).
class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words a person can be shown.")


class ValidationErrorSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.CharField(),
        help_text='Field (or rule) -> what is wrong with it, in words: nested fields as "attestations.accurate", '
        'problems with the request as a whole as "non_field_errors".',
    )


class ConflictSerializer(ErrorSerializer):
    current = ReturnSerializer(allow_null=True, help_text="The return as saved now.")
