"""What the API reads and writes of spend returns: a commission's actual spend for a quarter, its
match funding and its progress (seed 003). As for indicator returns, the input serializers only
check types and amounts (with the web form's words); the rules live in indicators.services.money."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators.models import SpendReturn
from indicators.money import MONEY_FIELDS, PROGRESS_FIELDS, money_problem, parse_money
from indicators.services.money import VARIANCE_EXPLANATION_THRESHOLD, SpendInput
from indicators.workflow import ReturnState

from .serializers import MAX_ID, WORKFLOW_FIELDS, EntrySerializer, ErrorSerializer, WorkflowReturnSerializer

TEXT_FIELDS = ("commentary", "variance_reason", "action_taken")
OFF_PROFILE = (
    f"Required to submit spend more than {VARIANCE_EXPLANATION_THRESHOLD:g}% over or under the quarter's profile."
)


def money(**kwargs):
    """An amount of money as stored (2 places), read as a string so no penny is lost."""
    return serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True, **kwargs)


class SpendReturnSerializer(WorkflowReturnSerializer):
    commission_name = serializers.CharField(source="commission.name", read_only=True)
    theme = serializers.SlugRelatedField(source="commission.theme", slug_field="slug", read_only=True)
    funding = serializers.CharField(
        source="commission.funding", read_only=True, help_text="The commission's (main) funding stream."
    )
    funding_shares = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True),
        source="commission.shares",
        read_only=True,
        help_text="Its budget's split by stream in percent (abg, mainstream, other_grant); all null: "
        "the whole budget comes from `funding`.",
    )
    actual_spend = money(help_text="Null until entered.")
    match_cash = money()
    match_in_kind = money()
    match_leverage = money(help_text="Leverage or complementary funding.")

    class Meta:
        model = SpendReturn
        fields = [
            "id",
            "commission",
            "commission_name",
            "theme",
            "funding",
            "funding_shares",
            "period",
            "state",
            "version",
            *MONEY_FIELDS,
            *TEXT_FIELDS,
            *PROGRESS_FIELDS,
            *WORKFLOW_FIELDS,
        ]
        read_only_fields = fields


class SpendFilterSerializer(serializers.Serializer):
    period = serializers.DateField(required=False, help_text="Only spend for the quarter starting this day.")
    commission = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Only this commission's spend returns (its id)."
    )
    state = serializers.ChoiceField(
        required=False,
        choices=[(s.value, s.label) for s in ReturnState if s != ReturnState.NOT_STARTED],
        help_text='Only spend returns in this state, as shown ("locked" whatever the state underneath).',
    )


@extend_schema_field({"type": "string", "format": "decimal", "nullable": True, "example": "1250.50"})
class MoneyInputField(serializers.CharField):
    """Pounds as people type them ("1250.50", "£1,250.50", or a JSON number), checked by
    indicators.money with the web form's words; empty is no amount."""

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, default=None, **kwargs)

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str) and not data.strip():
            data = None  # blank is no amount, as on the web form
        return super().run_validation(data)

    def to_internal_value(self, data):
        if isinstance(data, bool):
            data = str(data)  # not an amount: refused below in the form's words
        text = super().to_internal_value(data)
        if problem := money_problem(text):
            raise serializers.ValidationError(problem)
        return parse_money(text)


class SpendWriteSerializer(EntrySerializer):
    """Save a draft of, or submit, one commission's spend return for one quarter. Every field is
    what the return will say: one left out is saved empty, as on the web form."""

    commission = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The commission's id.")
    period_start = serializers.DateField(help_text="First day of the quarter (e.g. 2026-07-01 for Q2 2026/27).")
    actual_spend = MoneyInputField(help_text="Spent from the grant in this quarter only. Needed to submit.")
    match_cash = MoneyInputField(help_text="Match funding: cash.")
    match_in_kind = MoneyInputField(help_text="Match funding: the value of staff time, premises or goods given.")
    match_leverage = MoneyInputField(help_text="Other funding the commission brought in for the same purpose.")
    commentary = serializers.CharField(required=False, allow_blank=True, default="")
    variance_reason = serializers.CharField(required=False, allow_blank=True, default="", help_text=OFF_PROFILE)
    action_taken = serializers.CharField(required=False, allow_blank=True, default="", help_text=OFF_PROFILE)
    sustainability = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Progress towards sustainability / mainstreaming."
    )
    partnership_working = serializers.CharField(required=False, allow_blank=True, default="")
    community_engagement = serializers.CharField(required=False, allow_blank=True, default="")

    def to_input(self) -> SpendInput:
        data = self.validated_data
        return SpendInput(**{name: data[name] for name in (*MONEY_FIELDS, *TEXT_FIELDS, *PROGRESS_FIELDS)})


class SpendConflictSerializer(ErrorSerializer):
    current = SpendReturnSerializer(allow_null=True, help_text="The spend return as saved now.")
