"""The REST API for partner IT systems: read indicators, targets and results; enter and decide returns.

Tenant endpoints live under /api/p/<slug>/ and are scoped exactly like the web pages
(partnership.views.base.PartnershipMixin): the partnership comes from the caller's active
membership, so anyone else gets 404 and cannot tell it exists, and every query goes through
Model.objects.for_partnership. Writes go through indicators.services.returns, the path the return form and
the spreadsheet upload use, so the API has the same validation, workflow and audit trail.
"""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from indicators.models import AnnualTarget, Indicator, IndicatorReturn, Period, PeriodTarget, Result
from indicators.periods import KIND_FOR_FREQUENCY, PeriodKind, Span
from indicators.services.results import summarise
from indicators.services.returns import ReturnInvalid, ReturnRefused, decide_return, save_return
from indicators.services.rounds import round_for
from partnership.concurrency import StaleEdit
from partnership.models import Partnership
from partnership.services.access import access_for, membership_for
from partnership.throttling import is_locked_out, lockout_message
from partnership.views.base import TenantScopeMixin

from .serializers import (
    ConflictSerializer,
    DecisionSerializer,
    DetailSerializer,
    ErrorsSerializer,
    IndicatorSerializer,
    PartnershipSerializer,
    ResultSerializer,
    ReturnFilterSerializer,
    ReturnSerializer,
    ReturnWriteSerializer,
    TargetsSerializer,
    TokenSerializer,
)

SLUG = OpenApiParameter(
    "partnership_slug",
    str,
    OpenApiParameter.PATH,
    description="The partnership, as in its web address (/p/<slug>/). "
    "Partnerships you are not an active member of answer 404.",
)
NOT_FOUND = OpenApiResponse(DetailSerializer, description="Not a partnership you belong to, or not one of its objects.")
WRITE_RESPONSES = {
    400: OpenApiResponse(
        ErrorsSerializer, description="Figures or words that cannot be accepted: {field or rule: message}."
    ),
    403: OpenApiResponse(DetailSerializer, description="Not allowed (your role, or the return's state), in words."),
    404: NOT_FOUND,
    409: OpenApiResponse(ConflictSerializer, description="Someone saved the return since the version you sent."),
}


def first_messages(detail, prefix="") -> dict[str, str]:
    """DRF's {field: [messages]} (nested for attestations) as {field: message}, the shape the
    returns service uses, so every 400 from this API reads the same."""
    if not isinstance(detail, dict):
        detail = {"non_field_errors": detail}
    flat = {}
    for name, problems in detail.items():
        if isinstance(problems, dict):
            flat.update(first_messages(problems, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = str(problems[0] if isinstance(problems, list) else problems)
    return flat


def api_exception_handler(exc, context):
    """The returns service's exceptions as HTTP answers, so views just call the service."""
    if isinstance(exc, ReturnInvalid):
        return Response({"errors": exc.errors}, status=400)
    if isinstance(exc, ValidationError):
        return Response({"errors": first_messages(exc.detail)}, status=400)
    if isinstance(exc, ReturnRefused):
        return Response({"detail": str(exc)}, status=403)
    if isinstance(exc, StaleEdit):
        current = ReturnSerializer(exc.current).data if exc.current else None
        detail = f"{exc} Nothing was saved: check `current`, then send again with its version."
        return Response({"detail": detail, "current": current}, status=409)
    return exception_handler(exc, context)


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

    def get_exception_handler(self):
        return api_exception_handler


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


@extend_schema(tags=["auth"], summary="Get your API token", auth=[], responses={200: TokenSerializer})
class TokenView(ObtainAuthToken):
    """Swap a username and password for your API token (the same token every time).

    Throttled with the sign-in page (django-axes): after repeated failures the username is locked
    at that address, and this says so rather than "wrong password"."""

    def post(self, request, *args, **kwargs):
        if is_locked_out(request._request, str(request.data.get("username", ""))):
            return Response({"detail": lockout_message()}, status=429)
        return super().post(request, *args, **kwargs)


@extend_schema(tags=["partnerships"], summary="The partnerships you are an active member of")
class PartnershipListView(generics.ListAPIView):
    serializer_class = PartnershipSerializer
    pagination_class = None  # a person belongs to a handful

    def get_queryset(self):
        return Partnership.objects.for_user(self.request.user).order_by("name")


# --- indicators, targets, results (read only) -----------------------------------------------


@extend_schema(tags=["indicators"], parameters=[SLUG], responses={200: IndicatorSerializer, 404: NOT_FOUND})
class IndicatorListView(PartnershipAPIMixin, generics.ListAPIView):
    """The partnership's indicators, each with its current status, latest result, target and forecast."""

    queryset = Indicator.objects.select_related("lead_theme")
    serializer_class = IndicatorSerializer

    def paginate_queryset(self, queryset):
        return with_summaries(super().paginate_queryset(queryset), self.partnership)


@extend_schema(tags=["indicators"], parameters=[SLUG], responses={200: IndicatorSerializer, 404: NOT_FOUND})
class IndicatorDetailView(PartnershipAPIMixin, generics.RetrieveAPIView):
    """One indicator, with its current status, latest result, target and forecast."""

    queryset = Indicator.objects.select_related("lead_theme")
    serializer_class = IndicatorSerializer

    def get_object(self):
        return with_summaries([super().get_object()], self.partnership)[0]


@extend_schema(tags=["indicators"], parameters=[SLUG], responses={200: TargetsSerializer, 404: NOT_FOUND})
class IndicatorTargetsView(PartnershipAPIMixin, generics.GenericAPIView):
    """An indicator's annual targets (with monitoring levels) and its targets profiled by period."""

    queryset = Indicator.objects.all()
    serializer_class = TargetsSerializer
    lookup_url_kwarg = "indicator_id"

    def get(self, request, *args, **kwargs):
        indicator = self.get_object()
        targets = {
            "indicator": indicator.pk,
            "annual_targets": self.scoped(AnnualTarget).filter(indicator=indicator).select_related("period"),
            "period_targets": self.scoped(PeriodTarget).filter(indicator=indicator).select_related("period"),
        }
        return Response(self.get_serializer(targets).data)


@extend_schema(tags=["indicators"], parameters=[SLUG], responses={200: ResultSerializer, 404: NOT_FOUND})
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
        responses={200: ReturnSerializer, 400: WRITE_RESPONSES[400], 404: NOT_FOUND},
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
        responses={
            201: OpenApiResponse(ReturnSerializer, description="Created."),
            200: ReturnSerializer,
            **WRITE_RESPONSES,
        },
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


@extend_schema(tags=["returns"], parameters=[SLUG], responses={200: ReturnSerializer, 404: NOT_FOUND})
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
    responses={200: ReturnSerializer, **WRITE_RESPONSES},
)
class ReturnDecideView(PartnershipAPIMixin, generics.GenericAPIView):
    queryset = RETURNS
    serializer_class = DecisionSerializer

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
        return Response(ReturnSerializer(ret).data)
