"""The REST API for partner IT systems: read indicators, targets and results; enter and decide returns.

Tenant endpoints live under /api/p/<slug>/ and are scoped exactly like the web pages
(partnership.views.base.PartnershipMixin): the partnership comes from the caller's active
membership, so anyone else gets 404 and cannot tell it exists, and every query goes through
Model.objects.for_partnership. Writes go through indicators.services.returns, the path the return form and
the spreadsheet upload use, so the API has the same validation, workflow and audit trail.
"""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from indicators.models import AnnualTarget, Indicator, IndicatorReturn, Period, PeriodTarget, Result
from indicators.periods import KIND_FOR_FREQUENCY, PeriodKind, Span
from indicators.services.results import summarise
from indicators.services.returns import decide_return, save_return
from indicators.services.rounds import round_for
from partnership.models import Partnership
from partnership.services.access import access_for, membership_for
from partnership.throttling import is_locked_out, lockout_message
from partnership.views.base import TenantScopeMixin

from .openapi import SLUG, answers
from .serializers import (
    DecisionSerializer,
    IndicatorSerializer,
    PartnershipSerializer,
    ResultSerializer,
    ReturnFilterSerializer,
    ReturnSerializer,
    ReturnWriteSerializer,
    TargetsSerializer,
    TokenSerializer,
)

# The answers of the tenant endpoints (under /api/p/<slug>/).
READ = (401, 404)
WRITE = (400, 401, 403, 404, 409, 415)


class PartnershipAPIMixin(TenantScopeMixin):
    """For views under /api/p/<slug>/: the caller's membership, partnership and Access, and
    querysets narrowed to that partnership."""

    partnership = membership = access = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication first, so strangers get 401, not 404
        self.membership = membership_for(request.user, kwargs["partnership_slug"])
        if self.membership is None:
            raise NotFound()
        self.partnership = self.membership.partnership
        self.access = access_for(self.membership)


def with_summaries(indicators, partnership):
    """Attach each indicator's current status, worked out in one go (a fixed number of queries)."""
    summaries = summarise(indicators, partnership.tolerance_percent, timezone.localdate())
    for indicator in indicators:
        indicator.summary = summaries[indicator.pk]
    return indicators


def open_period(indicator, start) -> Period:
    """The period of the indicator's frequency starting on `start`, as a round opened it: returns
    are made only for periods a round collects, so any other date is a 400 (and no period is made)."""
    span = span_starting(indicator, start)
    period = Period.objects.filter(kind=span.kind, start=span.start).first()
    if period is None or round_for(indicator.partnership_id, period) is None:
        raise ValidationError(
            {"period_start": f"Returns for {span.label} are not open: there is no round of returns for that period."}
        )
    return period


def span_starting(indicator, start) -> Span:
    """The indicator's period (of its frequency) that starts on `start`."""
    kind = KIND_FOR_FREQUENCY[indicator.frequency]
    try:
        return Span(kind, start)
    except ValueError:
        what = (
            "financial year" if kind == PeriodKind.YEAR else f"{PeriodKind(kind).label.lower()} of the financial year"
        )
        raise ValidationError(
            {
                "period_start": f"{start.isoformat()} does not start a {what}: {indicator.code} is reported "
                f"{indicator.get_frequency_display().lower()}."
            }
        ) from None


# --- token, partnerships ----------------------------------------------------------------------------


@extend_schema(
    tags=["auth"],
    summary="Get your API token",
    auth=[],
    responses=answers(
        {200: TokenSerializer},
        400,
        415,
        429,
        status_400="No username or password, or no active user with that password.",
    ),
)
class TokenView(ObtainAuthToken):
    """Swap a username and password for your API token (the same token every time).

    Throttled with the sign-in page (django-axes): after repeated failures the username is locked
    at that address, and this says so rather than "wrong password"."""

    # It takes a password, not credentials: a stale token or a browser session (without its CSRF
    # token) sent along must not turn this into a 401 or 403.
    authentication_classes = ()

    def post(self, request, *args, **kwargs):
        # The body may be any JSON (a list, a number): the serializer says what is wrong with it.
        username = request.data.get("username", "") if isinstance(request.data, dict) else ""
        if is_locked_out(request._request, str(username)):
            return Response({"detail": lockout_message()}, status=429)
        return super().post(request, *args, **kwargs)


@extend_schema(
    tags=["partnerships"],
    summary="The partnerships you are an active member of",
    responses=answers({200: PartnershipSerializer(many=True)}, 401),
)
class PartnershipListView(generics.ListAPIView):
    serializer_class = PartnershipSerializer
    pagination_class = None  # a person belongs to a handful

    def get_queryset(self):
        return Partnership.objects.for_user(self.request.user).order_by("name")


# --- indicators, targets, results (read only) -----------------------------------------------


@extend_schema(tags=["indicators"], parameters=[SLUG], responses=answers({200: IndicatorSerializer}, *READ))
class IndicatorListView(PartnershipAPIMixin, generics.ListAPIView):
    """The partnership's indicators, each with its current status, latest result, target and forecast."""

    queryset = Indicator.objects.select_related("lead_theme")
    serializer_class = IndicatorSerializer

    def paginate_queryset(self, queryset):
        return with_summaries(super().paginate_queryset(queryset), self.partnership)


@extend_schema(tags=["indicators"], parameters=[SLUG], responses=answers({200: IndicatorSerializer}, *READ))
class IndicatorDetailView(PartnershipAPIMixin, generics.RetrieveAPIView):
    """One indicator, with its current status, latest result, target and forecast."""

    queryset = Indicator.objects.select_related("lead_theme")
    serializer_class = IndicatorSerializer

    def get_object(self):
        return with_summaries([super().get_object()], self.partnership)[0]


@extend_schema(tags=["indicators"], parameters=[SLUG], responses=answers({200: TargetsSerializer}, *READ))
class IndicatorTargetsView(PartnershipAPIMixin, generics.GenericAPIView):
    """An indicator's annual targets (with monitoring levels, and whether the executive board has agreed
    them: only agreed targets count for status) and its targets profiled by period."""

    queryset = Indicator.objects.all()
    serializer_class = TargetsSerializer
    lookup_url_kwarg = "indicator_id"

    def get(self, request, *args, **kwargs):
        indicator = self.get_object()
        targets = {
            "indicator": indicator.pk,
            "annual_targets": self.scoped(AnnualTarget)
            .filter(indicator=indicator)
            .select_related("period", "proposed_by", "agreed_by"),
            "period_targets": self.scoped(PeriodTarget).filter(indicator=indicator).select_related("period"),
        }
        return Response(self.get_serializer(targets).data)


@extend_schema(tags=["indicators"], parameters=[SLUG], responses=answers({200: ResultSerializer}, *READ))
class IndicatorResultsView(PartnershipAPIMixin, generics.ListAPIView):
    """An indicator's approved results (only approved returns become results), oldest first."""

    queryset = Result.objects.select_related("period")
    serializer_class = ResultSerializer

    def get_queryset(self):
        indicator = self.get_scoped_or_404(Indicator, pk=self.kwargs["indicator_id"])
        return super().get_queryset().filter(indicator=indicator)


# --- returns --------------------------------------------------------------------------------

# What a serialized return needs in one query (get_queryset narrows it to the partnership).
RETURNS = IndicatorReturn.objects.select_related("indicator", "period", "submitted_by", "decided_by")


@extend_schema(tags=["returns"], parameters=[SLUG])
class ReturnListView(PartnershipAPIMixin, generics.ListAPIView):
    """The partnership's returns, in every state, by indicator code and period."""

    queryset = RETURNS
    serializer_class = ReturnSerializer

    @extend_schema(
        summary="List returns",
        parameters=[ReturnFilterSerializer],
        responses=answers(
            {200: ReturnSerializer}, 400, *READ, status_400="A filter that is not a date or an indicator id."
        ),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def filter_queryset(self, queryset):
        filters = ReturnFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        if "period" in filters.validated_data:
            queryset = queryset.filter(period__start=filters.validated_data["period"])
        if "indicator" in filters.validated_data:
            queryset = queryset.filter(indicator_id=filters.validated_data["indicator"])
        return queryset

    @extend_schema(
        summary="Save a draft of, or submit, a return",
        description="Creates the indicator's return for the period, or updates it. The same rules as the web form "
        "apply: only the lead theme's officers may enter returns, a submission needs a value and all six "
        "data-quality attestations (and, when off target, the reason for variance and the action "
        "taken), and `version` must be the version you started from.",
        request=ReturnWriteSerializer,
        responses=answers(
            {
                201: OpenApiResponse(ReturnSerializer, description="Created: the return's first version."),
                200: OpenApiResponse(ReturnSerializer, description="Updated."),
            },
            *WRITE,
        ),
    )
    def post(self, request, *args, **kwargs):
        entry = ReturnWriteSerializer(data=request.data)
        entry.is_valid(raise_exception=True)
        data = entry.validated_data
        # A scoped lookup: another partnership's indicator id is simply not found.
        indicator = self.get_scoped_or_404(Indicator.objects.select_related("partnership"), pk=data["indicator"])
        period = open_period(indicator, data["period_start"])
        ret = save_return(
            indicator=indicator,
            period=period,
            data=entry.to_input(),
            action=data["action"],
            user=request.user,
            access=self.access,
            expected_version=data["version"],
        )
        return Response(ReturnSerializer(ret).data, status=201 if ret.version == 1 else 200)


@extend_schema(tags=["returns"], parameters=[SLUG], responses=answers({200: ReturnSerializer}, *READ))
class ReturnDetailView(PartnershipAPIMixin, generics.RetrieveAPIView):
    """One return, with its state, version (send it back when you change the return) and attestations."""

    queryset = RETURNS
    serializer_class = ReturnSerializer


@extend_schema(
    tags=["returns"],
    parameters=[SLUG],
    request=DecisionSerializer,
    summary="Approve, return for revision, or reopen a return",
    description="Approving makes the return's figures the period's result. Only the theme's Report Coordinator may "
    "approve or return; only its Performance Management Lead may reopen a locked return. Returning and "
    "reopening need a reason.",
    responses=answers({200: ReturnSerializer}, *WRITE),
)
class ReturnDecideView(PartnershipAPIMixin, generics.GenericAPIView):
    """Decides any kind of return (indicators.api.spend decides spend returns with it)."""

    queryset = RETURNS
    serializer_class = DecisionSerializer
    result_serializer = ReturnSerializer

    def post(self, request, *args, **kwargs):
        ret = self.get_object()
        decision = self.get_serializer(data=request.data)
        decision.is_valid(raise_exception=True)
        data = decision.validated_data
        ret = decide_return(
            ret,
            action=data["action"],
            user=request.user,
            access=self.access,
            reason=data["reason"],
            expected_version=data["version"],
        )
        return Response(self.result_serializer(ret).data)
