"""Opening and locking a round of returns (administrators)."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import View

from indicators.forms.returns import OpenRoundForm
from indicators.models import ReturnRound
from indicators.periods import PeriodKind, Span
from indicators.services.rounds import lock_round, open_round
from partnership.views.base import PartnershipMixin

from .returns import returns_url, round_period_choices


class OpenRoundView(PartnershipMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return self.access.can_manage_partnership()

    def post(self, request, *args, **kwargs):
        rounds = list(self.scoped(ReturnRound).select_related("period"))
        form = OpenRoundForm(request.POST, choices=round_period_choices(rounds, timezone.localdate()))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, f"Could not open returns: {error}")
            return redirect(returns_url(self.partnership))
        span = Span(PeriodKind.QUARTER, dt.date.fromisoformat(form.cleaned_data["period_end"]))
        round_ = open_round(self.partnership, span, form.cleaned_data.get("collation_deadline"))
        messages.success(request, f"Opened {span.label} returns, due {round_.collation_deadline:%d %B %Y}.")
        return redirect(returns_url(self.partnership, round_))


class LockRoundView(PartnershipMixin, View):
    http_method_names = ["post"]

    def load_objects(self):
        self.round = self.get_scoped_or_404(
            ReturnRound.objects.select_related("period", "partnership"), pk=self.kwargs["round_id"]
        )

    def has_permission(self):
        return self.access.can_manage_partnership()

    def post(self, request, *args, **kwargs):
        count = lock_round(self.round)
        messages.success(request, f"Locked {self.round.period} returns ({count} return{'s' if count != 1 else ''}).")
        return redirect(returns_url(self.partnership, self.round))
