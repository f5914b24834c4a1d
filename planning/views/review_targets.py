"""Placing one target in the annual review, its SMART action points, and progress on a point."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView

from partnership.concurrency import StaleEdit, stale_edit_message
from partnership.views.base import FormPageMixin
from planning.forms.review import ActionPointForm, PlaceForm, ProgressForm
from planning.models import ActionPoint
from planning.services.plans import PlanRefused
from planning.services.review import add_action_point, place_target, record_point_progress

from .base import PlanningMixin
from .review import ReviewMixin


class TargetMixin(ReviewMixin):
    def load_objects(self):
        super().load_objects()
        self.target = get_object_or_404(
            self.review.targets.select_related("indicator"), pk=self.kwargs["review_target_id"]
        )

    def has_permission(self):
        return self.may_challenge

    def get_context_data(self, **kwargs):
        return super().get_context_data(target=self.target, **kwargs)

    def refused(self, form, error):
        if isinstance(error, StaleEdit):
            form.add_errors({"__all__": stale_edit_message("this target")})
        else:
            form.add_errors({"__all__": " ".join([error.message, *error.problems])})
        return self.form_invalid(form)


class PlaceTargetView(TargetMixin, FormPageMixin, FormView):
    form_class = PlaceForm
    template_name = "planning/review_target.html"
    submit_label = "Save"

    def get_page_title(self):
        return f"Place {self.target.code} {self.target.indicator.title}"

    def get_initial(self):
        return {"version": self.target.version, "judgement": self.target.judgement, "reason": self.target.reason}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            place_target(
                self.target,
                judgement=data["judgement"],
                reason=data["reason"],
                expected_version=data["version"],
                user=self.request.user,
            )
        except (StaleEdit, PlanRefused) as error:
            return self.refused(form, error)
        messages.success(self.request, f"{self.target.code} placed.")
        return redirect(self.review)


class ActionPointCreateView(TargetMixin, FormPageMixin, FormView):
    form_class = ActionPointForm
    submit_label = "Add the action point"
    template_name = "planning/review_target.html"

    def get_page_title(self):
        return f"Add a SMART action point for {self.target.code}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership, "today": self.today}

    def form_valid(self, form):
        try:
            add_action_point(self.target, user=self.request.user, today=self.today, **form.cleaned_data)
        except PlanRefused as error:
            return self.refused(form, error)
        messages.success(self.request, f"Action point added for {self.target.code}.")
        return redirect(self.review)


class PointProgressView(PlanningMixin, FormPageMixin, FormView):
    """The point's lead, or a member of the executive board, records progress through the year."""

    form_class = ProgressForm
    submit_label = "Record progress"

    def load_objects(self):
        self.point = self.get_scoped_or_404(
            ActionPoint.objects.select_related("target__review__partnership", "target__indicator", "lead"),
            pk=self.kwargs["action_point_id"],
        )

    def has_permission(self):
        return self.may_record_progress(self.point)

    def get_page_title(self):
        return f"Progress on the action point for {self.point.target.code}"

    def get_back_url(self):
        return self.point.target.review.get_absolute_url()

    def get_initial(self):
        return {"version": self.point.version, "status": self.point.status, "progress": self.point.progress}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            record_point_progress(
                self.point,
                status=data["status"],
                progress=data["progress"],
                expected_version=data["version"],
                user=self.request.user,
            )
        except StaleEdit:
            form.add_errors({"__all__": stale_edit_message("this action point")})
            return self.form_invalid(form)
        messages.success(self.request, "Progress recorded.")
        return redirect(self.get_back_url())
