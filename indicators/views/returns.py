"""Indicator returns: the round's task list, one return's page, its status preview, evidence and
its decisions."""

from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from indicators.forms.returns import AnswerForm, ChallengeForm, OpenRoundForm, ReturnForm
from indicators.models import Indicator, IndicatorReturn, Period, ReturnRound
from indicators.periods import KIND_FOR_FREQUENCY, PeriodKind, latest_ended
from indicators.return_rules import Figures
from indicators.services.returns import preview_status, save_return
from indicators.services.rounds import due_returns
from indicators.status import STATUS_MEANING, Status
from indicators.workflow import ReturnState
from partnership.roles import RETURN_ENTRY_ROLES, Role
from partnership.views.base import PartnershipMixin

from .workflow import DecideReturnView, WorkflowReturnView


def return_url(partnership, indicator, period):
    kwargs = {"partnership_slug": partnership.slug, "indicator_id": indicator.pk, "period_id": period.pk}
    return reverse("indicators:return_edit", kwargs=kwargs)


def returns_url(partnership, round_=None):
    url = reverse("indicators:return_list", kwargs={"partnership_slug": partnership.slug})
    return f"{url}?round={round_.pk}" if round_ else url


def round_period_choices(rounds, today, count=4):
    """The last few finished quarters that have no round yet."""
    taken = {r.period.end for r in rounds}
    quarter = latest_ended(PeriodKind.QUARTER, today)
    choices = []
    for _ in range(count):
        if quarter.end not in taken:
            choices.append((quarter.start.isoformat(), quarter.label))
        quarter = quarter.previous()
    return choices


def present(figures: Figures) -> Figures | None:
    """The figures, or None when there are none to judge."""
    return figures if any(v is not None for v in (figures.value, figures.numerator, figures.denominator)) else None


def preview_of(indicator, span, figures: Figures | None, tolerance_percent) -> dict:
    """The status figures being entered would get, for the page and its htmx preview."""
    status = preview_status(indicator, span, figures, tolerance_percent) if figures else Status.GREY
    return {"preview": status, "preview_meaning": STATUS_MEANING[status]}


def figures_of(form) -> Figures | None:
    """The figures a bound form was given, or None when it has none to judge."""
    data = getattr(form, "cleaned_data", {})
    return present(Figures(data.get("value"), data.get("numerator"), data.get("denominator")))


class MyReturnsView(PartnershipMixin, TemplateView):
    """Every return this person is responsible for in a round, grouped by theme (GOV.UK task list)."""

    template_name = "indicators/returns/my_returns.html"
    nav_section = "returns"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rounds = list(self.scoped(ReturnRound).select_related("period"))
        chosen = self.request.GET.get("round")
        current = (
            next((r for r in rounds if str(r.pk) == chosen), None)
            or next((r for r in rounds if not r.locked_at), None)
            or (rounds[0] if rounds else None)
        )
        context.update(rounds=rounds, round=current, today=today)
        if current:
            context.update(self.tasks(current), days_left=(current.collation_deadline - today).days)
        if self.access.can_manage_partnership():
            context["open_form"] = OpenRoundForm(choices=round_period_choices(rounds, today))
        return context

    def responsible_theme_ids(self):
        if self.access.is_admin:
            return None  # administrators oversee every theme's collation
        return self.access.theme_ids_with(RETURN_ENTRY_ROLES | {Role.REPORT_COORDINATOR})

    def tasks(self, round_):
        theme_ids = self.responsible_theme_ids()
        indicators = self.scoped(Indicator).select_related("lead_theme", "partnership")
        if theme_ids is not None:
            indicators = indicators.filter(lead_theme_id__in=theme_ids)
        due = due_returns(round_, indicators)
        groups, counts = {}, {state: 0 for state in ReturnState}
        for item in due:
            counts[item.state] += 1
            groups.setdefault(item.indicator.lead_theme, []).append(
                {
                    "indicator": item.indicator,
                    "span": item.span,
                    "return": item.ret,
                    "state": item.state,
                    "url": return_url(self.partnership, item.indicator, item.period) if item.period else None,
                    "awaits_me": item.state == ReturnState.SUBMITTED
                    and self.access.can_approve_returns(item.indicator.lead_theme_id),
                }
            )
        themes = sorted(groups, key=lambda theme: theme.position)
        # Each theme's returns, and whether this person may upload its spreadsheet (only its officers).
        groups = [(theme, groups[theme], self.access.can_enter_returns(theme.pk)) for theme in themes]
        return {"groups": groups, "counts": counts, "total": len(due)}


class IndicatorReturnMixin:
    """The indicator and period a return URL names, from this partnership (404 otherwise)."""

    def load_objects(self):
        self.indicator = self.get_scoped_or_404(
            Indicator.objects.select_related("lead_theme", "partnership"), pk=self.kwargs["indicator_id"]
        )
        # A period of another kind (a month for a quarterly indicator) is not one of its returns.
        kind = KIND_FOR_FREQUENCY[self.indicator.frequency]
        self.period = Period.objects.filter(pk=self.kwargs["period_id"], kind=kind).first()
        if self.period is None:
            raise Http404


class ReturnView(IndicatorReturnMixin, WorkflowReturnView):
    """One indicator's return for one period: the form, its status preview, the workflow actions,
    challenges and the audit trail."""

    template_name = "indicators/returns/return.html"
    nav_section = "returns"
    form_class = ReturnForm
    history_options = {"on_create": ("value", "numerator", "denominator")}

    def load_objects(self):
        super().load_objects()
        self.ret = (
            IndicatorReturn.objects.filter(indicator=self.indicator, period=self.period)
            .select_related("submitted_by", "decided_by")
            .first()
        )

    @property
    def theme_id(self):
        return self.indicator.lead_theme_id

    def make_form(self, data=None, files=None, initial=None):
        return ReturnForm(data, files, initial=initial, indicator=self.indicator)

    def save(self, **common):
        return save_return(indicator=self.indicator, period=self.period, **common)

    def subject_label(self):
        return f"{self.indicator.code} {self.period}"

    def page_url(self):
        return return_url(self.partnership, self.indicator, self.period)

    def submitted_url(self):
        return returns_url(self.partnership)

    def extra_context(self, form):
        if form.is_bound:
            figures = figures_of(form)
        else:
            figures = present(Figures(self.ret.value, self.ret.numerator, self.ret.denominator)) if self.ret else None
        return {
            **preview_of(self.indicator, self.period.span, figures, self.partnership.tolerance_percent),
            "indicator": self.indicator,
            "can_challenge": bool(self.ret) and self.access.can_challenge_data(),
            "can_answer": self.access.can_enter_returns(self.theme_id),
            "challenge_form": ChallengeForm(),
            "answer_form": AnswerForm(),
            "challenges": self.ret.challenges.select_related("raised_by__user", "answered_by__user")
            if self.ret
            else [],
            "back_url": returns_url(self.partnership),
            "page_title": f"{self.indicator.code} return for {self.period}",
        }


class ReturnPreviewView(IndicatorReturnMixin, PartnershipMixin, View):
    """htmx: the status the figures being typed would get."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ReturnForm(request.POST, indicator=self.indicator)
        form.is_valid()
        context = preview_of(self.indicator, self.period.span, figures_of(form), self.partnership.tolerance_percent)
        return TemplateResponse(request, "indicators/returns/partials/preview.html", context)


class ReturnDecideView(DecideReturnView):
    queryset = IndicatorReturn.objects.select_related("indicator__lead_theme", "indicator__partnership", "period")
    pk_url_kwarg = "return_id"
    done = {
        "approve": "approved: it now counts in dashboards and reports",
        "return": "returned for revision",
        "reopen": "reopened",
    }

    def subject_label(self):
        return f"{self.ret.indicator.code} {self.ret.period}"

    def page_url(self):
        return return_url(self.partnership, self.ret.indicator, self.ret.period)


class EvidenceView(PartnershipMixin, View):
    """Evidence is served only to members of the return's partnership, never from a public path."""

    def load_objects(self):
        self.ret = self.get_scoped_or_404(IndicatorReturn, pk=self.kwargs["return_id"])

    def get(self, request, *args, **kwargs):
        if not self.ret.evidence:
            raise Http404
        return FileResponse(
            self.ret.evidence.open("rb"), as_attachment=True, filename=self.ret.evidence.name.rsplit("/", 1)[-1]
        )
