"""The planning calendar: the year's stages and where each stands; the administrator changes them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView, UpdateView

from partnership.history import history_entries
from partnership.views.base import FormPageMixin
from partnership.years import financial_year_label, financial_year_of
from planning.forms.calendar import StageForm
from planning.models import PlanningStage
from planning.services.calendar import stages_for, year_rows

from .base import PlanningMixin


def calendar_url(partnership):
    return reverse("planning:calendar", kwargs={"partnership_slug": partnership.slug})


class CalendarView(PlanningMixin, TemplateView):
    template_name = "planning/calendar.html"

    def get_context_data(self, **kwargs):
        year = financial_year_of(self.today)
        stages = PlanningStage.history.filter(partnership_id=self.partnership.pk).select_related("history_user")
        return super().get_context_data(
            page_title=f"Planning calendar {financial_year_label(year)}",
            rows=year_rows(self.partnership, year, self.today),
            may_change=self.access.can_manage_partnership(),
            history=history_entries(stages, subject=lambda record: record.name, skip_created=True),
            with_subject="Stage",
            **kwargs,
        )


class StageEditView(PlanningMixin, FormPageMixin, UpdateView):
    form_class = StageForm
    submit_label = "Save the stage"

    def has_permission(self):
        return self.access.can_manage_partnership()

    def get_object(self, queryset=None):
        stages_for(self.partnership)
        return get_object_or_404(PlanningStage.objects.for_partnership(self.partnership), pk=self.kwargs["stage_id"])

    def get_page_title(self):
        return f"Change the {self.object.name} stage"

    def get_back_url(self):
        return calendar_url(self.partnership)

    def form_valid(self, form):
        form.instance._history_user = self.request.user
        form.save()
        messages.success(self.request, f"Saved the {form.instance.name} stage.")
        return redirect(calendar_url(self.partnership))
