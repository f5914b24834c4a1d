"""Spend returns: a commission's actual spend for a quarter, with the indicator returns' workflow,
validation and audit (indicators.views.workflow)."""

from django.http import Http404
from django.urls import reverse

from indicators.forms.money import SpendReturnForm
from indicators.models import Commission, Period, SpendReturn
from indicators.money import describe_variance, variance_percent
from indicators.periods import PeriodKind
from indicators.services.money import VARIANCE_EXPLANATION_THRESHOLD, quarter_profile, save_spend_return
from indicators.tables import money_in_history

from .money import commission_url
from .workflow import DecideReturnView, WorkflowReturnView


def spend_url(partnership, commission, period):
    kwargs = {"partnership_slug": partnership.slug, "commission_id": commission.pk, "period_id": period.pk}
    return reverse("indicators:spend_return_edit", kwargs=kwargs)


class SpendReturnView(WorkflowReturnView):
    """One commission's spend return for one quarter. Everyone in the partnership may read it."""

    template_name = "indicators/money/spend_return.html"
    nav_section = "money"
    form_class = SpendReturnForm
    history_options = {"on_create": ("actual_spend",), "format_value": money_in_history}

    def load_objects(self):
        self.commission = self.get_scoped_or_404(
            Commission.objects.select_related("theme", "provider"), pk=self.kwargs["commission_id"]
        )
        self.period = Period.objects.filter(pk=self.kwargs["period_id"], kind=PeriodKind.QUARTER).first()
        if self.period is None:
            raise Http404
        self.ret = (
            SpendReturn.objects.filter(commission=self.commission, period=self.period)
            .select_related("commission", "submitted_by", "decided_by")
            .first()
        )
        self.profile = quarter_profile(self.commission, self.period)

    @property
    def theme_id(self):
        return self.commission.theme_id

    def save(self, **common):
        return save_spend_return(commission=self.commission, period=self.period, **common)

    def subject_label(self):
        return f"{self.commission} {self.period} spend"

    def page_url(self):
        return spend_url(self.partnership, self.commission, self.period)

    def submitted_url(self):
        return commission_url(self.partnership, self.commission, self.period.span.financial_year)

    def extra_context(self, form):
        """The actual spend the variance is worked out from: the form's when it was posted."""
        if form.is_bound:
            actual = getattr(form, "cleaned_data", {}).get("actual_spend")
        else:
            actual = self.ret.actual_spend if self.ret else None
        return {
            "commission": self.commission,
            "profile": self.profile,
            "actual": actual,
            "variance_words": describe_variance(variance_percent(actual, self.profile))
            if actual is not None
            else "No spend entered yet",
            "threshold": VARIANCE_EXPLANATION_THRESHOLD,
            "back_url": commission_url(self.partnership, self.commission, self.period.span.financial_year),
            "page_title": f"{self.commission} spend for {self.period}",
        }


class SpendDecideView(DecideReturnView):
    """Approve, return or reopen a spend return, as for indicator returns."""

    queryset = SpendReturn.objects.select_related("commission__theme", "period")
    pk_url_kwarg = "spend_return_id"
    done = {
        "approve": "approved: it now counts in the spend totals",
        "return": "returned for revision",
        "reopen": "reopened",
    }

    def subject_label(self):
        return f"{self.ret.commission} {self.ret.period} spend"

    def page_url(self):
        return spend_url(self.partnership, self.ret.commission, self.ret.period)
