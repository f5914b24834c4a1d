"""Data challenges (seed 000): the business group challenges a return's data; its officers answer."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView, View

from indicators.forms.returns import AnswerForm, ChallengeForm
from indicators.models import DataChallenge, IndicatorReturn
from partnership.views.base import PartnershipMixin

from .returns import return_url


class ChallengeCreateView(PartnershipMixin, View):
    http_method_names = ["post"]

    def load_objects(self):
        self.ret = self.get_scoped_or_404(
            IndicatorReturn.objects.select_related("indicator", "period"), pk=self.kwargs["return_id"]
        )

    def has_permission(self):
        return self.access.can_challenge_data()

    def post(self, request, *args, **kwargs):
        form = ChallengeForm(request.POST)
        if form.is_valid():
            DataChallenge.objects.create(
                indicator_return=self.ret, raised_by=self.membership, question=form.cleaned_data["question"]
            )
            messages.success(request, "Challenge raised: the theme's officers will answer it.")
        else:
            messages.error(request, form.errors["question"][0])
        return redirect(return_url(self.partnership, self.ret.indicator, self.ret.period))


class ChallengeAnswerView(PartnershipMixin, View):
    http_method_names = ["post"]

    def load_objects(self):
        self.challenge = self.get_scoped_or_404(
            DataChallenge.objects.select_related("indicator_return__indicator", "indicator_return__period"),
            pk=self.kwargs["challenge_id"],
        )

    def has_permission(self):
        return self.access.can_enter_returns(self.challenge.indicator_return.indicator.lead_theme_id)

    def post(self, request, *args, **kwargs):
        challenge, ret = self.challenge, self.challenge.indicator_return
        form = AnswerForm(request.POST)
        if form.is_valid():
            challenge.answer = form.cleaned_data["answer"]
            challenge.answered_by, challenge.answered_at = self.membership, timezone.now()
            challenge.state = DataChallenge.State.ANSWERED
            challenge.save()
            messages.success(request, "Answer recorded.")
        else:
            messages.error(request, form.errors["answer"][0])
        return redirect(return_url(self.partnership, ret.indicator, ret.period))


class ChallengeListView(PartnershipMixin, TemplateView):
    template_name = "indicators/returns/challenges.html"
    nav_section = "returns"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        challenges = self.scoped(DataChallenge).select_related(
            "indicator_return__indicator__lead_theme",
            "indicator_return__period",
            "raised_by__user",
            "answered_by__user",
        )
        context["open_challenges"] = [c for c in challenges if c.state == DataChallenge.State.OPEN]
        context["answered_challenges"] = [c for c in challenges if c.state == DataChallenge.State.ANSWERED][:20]
        return context
