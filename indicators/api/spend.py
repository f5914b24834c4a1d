"""Spend returns through the API: list, read, enter (save a draft or submit) and decide (approve,
return for revision, reopen), scoped like every tenant endpoint (indicators.api.views) and written
through the services the spend return page uses (indicators.services.money.save_spend_return and
indicators.services.returns.decide_return), so the same validation, workflow, lock and history."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from indicators.models import Commission, Period, SpendReturn
from indicators.periods import PeriodKind, Span
from indicators.services.money import save_spend_return
from indicators.services.rounds import round_for
from indicators.workflow import ReturnState

from .openapi import SLUG, answers
from .serializers import DecisionSerializer
from .spend_serializers import (
    SpendConflictSerializer,
    SpendFilterSerializer,
    SpendReturnSerializer,
    SpendWriteSerializer,
)
from .views import READ, WRITE, PartnershipAPIMixin, ReturnDecideView

# What a serialized spend return needs in one query (get_queryset narrows it to the partnership).
SPEND_RETURNS = SpendReturn.objects.select_related("commission__theme", "period", "submitted_by", "decided_by")


SPEND_CONFLICT = OpenApiResponse(
    SpendConflictSerializer,
    description="Someone saved the spend return since the version you sent: nothing was saved; `current` is the "
    "spend return as saved now.",
)


def spend_answers(success: dict) -> dict:
    """A spend write's responses: a 409 carries the spend return as saved now."""
    return answers(success, *WRITE, conflict=SPEND_CONFLICT)


def open_quarter(partnership, start) -> Period:
    """The quarter starting on `start`, as a round opened it: spend is returned only in a round, so
    any other date is a 400 (and no period is made)."""
    try:
        span = Span(PeriodKind.QUARTER, start)
    except ValueError:
        raise ValidationError(
            {"period_start": f"{start.isoformat()} does not start a quarter of the financial year."}
        ) from None
    period = Period.objects.filter(kind=span.kind, start=span.start).first()
    if period is None or round_for(partnership.pk, period) is None:
        raise ValidationError(
            {"period_start": f"Returns for {span.label} are not open: there is no round of returns for that period."}
        )
    return period


def filtered(queryset, params):
    filters = SpendFilterSerializer(data=params)
    filters.is_valid(raise_exception=True)
    data = filters.validated_data
    if "period" in data:
        queryset = queryset.filter(period__start=data["period"])
    if "commission" in data:
        queryset = queryset.filter(commission_id=data["commission"])
    if data.get("state") == ReturnState.LOCKED:
        queryset = queryset.filter(locked_at__isnull=False)
    elif "state" in data:  # as shown: a locked return shows as locked, whatever its state
        queryset = queryset.filter(state=data["state"], locked_at__isnull=True)
    return queryset


@extend_schema(tags=["spend returns"], parameters=[SLUG])
class SpendReturnListView(PartnershipAPIMixin, generics.ListAPIView):
    """The partnership's spend returns, in every state, by commission and quarter."""

    queryset = SPEND_RETURNS
    serializer_class = SpendReturnSerializer

    @extend_schema(
        summary="List spend returns",
        parameters=[SpendFilterSerializer],
        responses=answers(
            {200: SpendReturnSerializer}, 400, *READ, status_400="A filter that is not a date, an id or a state."
        ),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def filter_queryset(self, queryset):
        return filtered(queryset, self.request.query_params)

    @extend_schema(
        summary="Save a draft of, or submit, a spend return",
        description="Creates the commission's spend return for the quarter, or updates it. The same rules as the "
        "web form apply: only the commission's theme's officers may enter spend, amounts are pounds of £0 or "
        "more, a submission needs the actual spend (and, off profile, the reason for variance and the action "
        "taken), a submitted, approved or locked return cannot be changed, and `version` must be the version "
        "you started from. Nothing is saved unless everything is accepted.",
        request=SpendWriteSerializer,
        responses=spend_answers(
            {
                201: OpenApiResponse(SpendReturnSerializer, description="Created: the spend return's first version."),
                200: OpenApiResponse(SpendReturnSerializer, description="Updated."),
            }
        ),
    )
    def post(self, request, *args, **kwargs):
        entry = SpendWriteSerializer(data=request.data)
        entry.is_valid(raise_exception=True)
        data = entry.validated_data
        # A scoped lookup: another partnership's commission id is simply not found.
        commission = self.get_scoped_or_404(Commission.objects.select_related("theme"), pk=data["commission"])
        ret = save_spend_return(
            commission=commission,
            period=open_quarter(self.partnership, data["period_start"]),
            data=entry.to_input(),
            action=data["action"],
            user=request.user,
            access=self.access,
            expected_version=data["version"],
        )
        return Response(SpendReturnSerializer(ret).data, status=201 if ret.version == 1 else 200)


@extend_schema(tags=["spend returns"], parameters=[SLUG], responses=answers({200: SpendReturnSerializer}, *READ))
class SpendReturnDetailView(PartnershipAPIMixin, generics.RetrieveAPIView):
    """One spend return, with its state and version (send it back when you change the return)."""

    queryset = SPEND_RETURNS
    serializer_class = SpendReturnSerializer


@extend_schema(
    tags=["spend returns"],
    parameters=[SLUG],
    request=DecisionSerializer,
    summary="Approve, return for revision, or reopen a spend return",
    description="Approved spend counts in the spend totals. Only the theme's Report Coordinator may approve or "
    "return (never the person who submitted it, where the partnership separates the duties); only its "
    "Performance Management Lead may reopen a locked return. Returning and reopening need a reason.",
    responses=spend_answers({200: SpendReturnSerializer}),
)
class SpendReturnDecideView(ReturnDecideView):
    queryset = SPEND_RETURNS
    result_serializer = SpendReturnSerializer
