"""Calculating a calculated indicator's latest period again, by hand (the periodic job does it
until a board is shown the figure; after that only by hand, as a new version)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View

from indicators.models import Indicator
from partnership.views.base import PartnershipMixin
from reporting.services.computed import record, span_for


class CalculateView(PartnershipMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return self.access.can_manage_partnership()

    def post(self, request, *args, **kwargs):
        indicator = get_object_or_404(
            Indicator.objects.for_partnership(self.partnership).select_related("partnership"),
            pk=kwargs["indicator_id"],
        )
        if not indicator.is_calculated:
            messages.error(request, f"{indicator.code} is returned by its source: there is nothing to calculate.")
            return redirect(indicator.get_absolute_url())
        span = span_for(indicator, timezone.localdate())
        who = request.user.get_full_name() or request.user.username
        recorded = record(indicator, span, reason=f"Calculated again by {who}", user=request.user, after_freeze=True)
        if recorded.made:
            messages.success(
                request, f"{indicator.code} {span.label} calculated again: version {recorded.version.version}."
            )
        else:
            messages.success(
                request, f"{indicator.code} {span.label} is unchanged: version {recorded.version.version} stands."
            )
        return redirect(f"{indicator.get_absolute_url()}#calculation")
