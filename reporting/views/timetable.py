import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, UpdateView, View

from indicators.periods import PeriodKind, latest_ended
from partnership.models import Theme
from partnership.views.base import FormPageMixin, PartnershipMixin
from reporting.forms.timetable import TimetableSettingsForm
from reporting.holidays import england_and_wales
from reporting.models import ReportingCycle
from reporting.services.collation import (
    collation_progress,
    cycle_milestones,
    meeting_paper_checks,
    reports_ready_at,
    review_meeting_checks,
    theme_reports,
)
from reporting.services.cycles import settings_for
from reporting.tasks import advance_partnership_timetable
from reporting.timetable import REPORTING_KINDS, cycle_kind, milestones, next_milestone, review_window_problem, stage_on


def following_milestones(cycles, dates, settings):
    """The next quarter's milestones: its cycle's, once opened, else at the partnership's offsets."""
    span = latest_ended(PeriodKind.QUARTER, dates.period_end + dt.timedelta(days=1)).next()
    following = next((c for c in cycles if c.period.end == span.end), None)
    return cycle_milestones(following) if following else milestones(span.end, settings.offsets, england_and_wales())


class TimetableView(PartnershipMixin, TemplateView):
    template_name = "reporting/timetable.html"
    nav_section = "timetable"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        cycles = list(self.scoped(ReportingCycle).select_related("period", "return_round__period"))
        chosen = self.request.GET.get("cycle")
        cycle = next((c for c in cycles if str(c.pk) == chosen), cycles[0] if cycles else None)
        settings = settings_for(self.partnership)
        if cycle:
            dates = cycle_milestones(cycle)
            reports = theme_reports(cycle)
            progress = collation_progress(cycle)
            done = {
                "Reminders sent": cycle.reminders_sent_at,
                "Returns collated (collation deadline)": cycle.locked_at,
                "Theme exception reports ready": reports_ready_at(cycle, reports, self.scoped(Theme).count())
                or cycle.snapshot_at,
                "HSP/PMG report ready": cycle.report_assembled_at,
            }
            context["theme_counts"] = [(theme, counts, reports.get(theme.pk)) for theme, counts in progress]
        else:  # nothing opened yet: show what the job will do for the latest quarter
            dates = milestones(latest_ended(PeriodKind.QUARTER, today).end, settings.offsets, england_and_wales())
            done = {}
        upcoming = next_milestone(dates, today)
        kind = cycle.kind if cycle else cycle_kind(dates.period_end, settings.cadence)
        reviews = kind in REPORTING_KINDS  # a review, or Halton's Quarter 3 update: reports are papers
        following = following_milestones(cycles, dates, settings)
        paper_checks = meeting_paper_checks(self.partnership, dates, with_reports=reviews, next_dates=following)
        context.update(
            cycles=cycles,
            cycle=cycle,
            settings=settings,
            dates=dates,
            today=today,
            milestone_rows=[(name, day, done.get(name), day < today) for name, day in dates.as_list()],
            stage=stage_on(dates, today),
            upcoming=upcoming,
            days_to_upcoming=(upcoming[1] - today).days if upcoming else None,
            meeting_checks=review_meeting_checks(self.partnership, dates, following),
            reviews=reviews,
            kind=kind,
            window_problem=review_window_problem(dates) if reviews else None,
            paper_checks=paper_checks,
            early_meetings=sum(1 for check in paper_checks if check.problem and check.meeting),
            boards_without=sum(1 for check in paper_checks if check.meeting is None),
        )
        return context


class RunTimetableView(PartnershipMixin, View):
    """Run the periodic job for this partnership now (it is safe to run at any time)."""

    http_method_names = ["post"]

    def has_permission(self):
        return self.access.can_manage_partnership()

    def post(self, request, *args, **kwargs):
        advance_partnership_timetable.delay(self.partnership.pk)
        messages.success(request, "The timetable has been brought up to date.")
        return redirect("reporting:timetable", partnership_slug=self.partnership.slug)


class TimetableSettingsView(PartnershipMixin, FormPageMixin, UpdateView):
    form_class = TimetableSettingsForm
    nav_section = "timetable"
    page_title = "Timetable settings"
    submit_label = "Save settings"

    def has_permission(self):
        return self.access.can_manage_partnership()

    def get_object(self, queryset=None):
        return settings_for(self.partnership)

    def form_valid(self, form):
        form.save()
        messages.success(self.request, "Timetable settings saved. They apply to quarters opened from now on.")
        return redirect(self.get_back_url())

    def get_back_url(self):
        return reverse("reporting:timetable", kwargs={"partnership_slug": self.partnership.slug})
