"""The plans list, starting a plan, a plan's page, editing its text, and a submitted version."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from partnership.concurrency import StaleEdit, stale_edit_message
from partnership.history import history_entries
from partnership.roles import THEME_ROLES
from partnership.views.base import FormPageMixin
from partnership.views.lists import ScopedListView
from partnership.years import financial_year_label, financial_year_of
from planning.filtersets import ActionPlanFilterSet
from planning.forms.plans import NewPlanForm, PlanForm, VersionForm
from planning.models import ActionPlan
from planning.rules import step_refusal, submission_problems
from planning.services.calendar import plan_deadlines
from planning.services.plans import PlanRefused, save_plan, start_plan
from planning.tables import ActionPlanTable

from .base import PlanMixin, PlanningMixin, ThemeWriterMixin


class PlanListView(PlanningMixin, ScopedListView):
    queryset = (
        ActionPlan.objects.select_related("theme__partnership")
        .annotate(
            item_count=Count("items", distinct=True),
            open_challenges=Count("challenges", filter=Q(challenges__answered_at=None), distinct=True),
        )
        .order_by("-financial_year", "theme__position")
    )
    table_class = ActionPlanTable
    filterset_class = ActionPlanFilterSet
    export_name = "action-plans"
    page_title = "Action plans"
    template_name = "planning/plan_list.html"

    def get_context_data(self, **kwargs):
        year = financial_year_of(self.today)
        writes = bool(self.access.theme_ids_with(THEME_ROLES))
        return super().get_context_data(
            laa_years=[(fy, financial_year_label(fy)) for fy in (year + 1, year)], may_start=writes, **kwargs
        )


class PlanCreateView(PlanningMixin, FormPageMixin, FormView):
    form_class = NewPlanForm
    page_title = "Start an action plan"
    submit_label = "Start the plan"

    def has_permission(self):
        return bool(self.access.theme_ids_with(THEME_ROLES))

    def get_back_url(self):
        return reverse("planning:plans", kwargs={"partnership_slug": self.partnership.slug})

    def get_form_kwargs(self):
        year = financial_year_of(self.today)
        return {
            **super().get_form_kwargs(),
            "partnership": self.partnership,
            "theme_ids": self.access.theme_ids_with(THEME_ROLES),
            "years": [year + 1, year],
        }

    def form_valid(self, form):
        plan = start_plan(form.cleaned_data["theme"], form.cleaned_data["financial_year"], user=self.request.user)
        messages.success(self.request, f"Started the {plan}. Add an item for each target.")
        return redirect(plan)


class PlanDetailView(PlanMixin, TemplateView):
    template_name = "planning/plan_detail.html"

    def get_context_data(self, **kwargs):
        plan = self.plan
        items = list(plan.items.select_related("indicator", "lead_partner", "lead_officer__user"))
        challenges = list(plan.challenges.select_related("raised_by", "answered_by", "item"))
        open_count = sum(1 for challenge in challenges if challenge.is_open)
        for item in items:
            item.challenge_list = [c for c in challenges if c.item_id == item.pk]
        steps = {
            step: step_refusal(step, plan.state, open_challenges=open_count)
            for step in ("submit", "withdraw", "challenge", "recommend", "approve", "edit")
        }
        return super().get_context_data(
            page_title=str(plan),
            items=items,
            plan_challenges=[c for c in challenges if c.item_id is None],
            open_challenges=open_count,
            steps=steps,
            not_ready=submission_problems(items, self.today) if steps["submit"] is None else [],
            may_write=self.may_write,
            may_challenge=self.may_challenge,
            may_approve=self.may_approve,
            versions=plan.versions.select_related("submitted_by"),
            deadlines=plan_deadlines(self.partnership, plan.financial_year),
            step_form=VersionForm(initial={"version": plan.version}),
            history=history_entries(plan.history.select_related("history_user")),
            **kwargs,
        )


class PlanEditView(ThemeWriterMixin, FormPageMixin, FormView):
    form_class = PlanForm
    submit_label = "Save the plan"

    def get_page_title(self):
        return f"Edit the {self.plan}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.plan
        kwargs["initial"] = {"version": self.plan.version}
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            save_plan(
                self.plan,
                expected_version=data["version"],
                user=self.request.user,
                priorities=data["priorities"],
                funding=data["funding"],
            )
        except StaleEdit:
            form.add_errors({"__all__": stale_edit_message("this plan")})
            return self.form_invalid(form)
        except PlanRefused as refused:
            form.add_errors({"__all__": refused.message})
            return self.form_invalid(form)
        messages.success(self.request, "Plan saved.")
        return redirect(self.plan)


class PlanVersionView(PlanMixin, TemplateView):
    template_name = "planning/plan_version.html"

    def get_context_data(self, **kwargs):
        version = get_object_or_404(self.plan.versions.select_related("submitted_by"), number=self.kwargs["number"])
        return super().get_context_data(page_title=f"{self.plan}, version {version.number}", version=version, **kwargs)
