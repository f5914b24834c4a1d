"""The annual performance review: the reviews, one review's targets, placing a target, its SMART
action points, the partnership board's agreement, progress on the points, and the Annual Report."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from partnership.concurrency import StaleEdit, stale_edit_message
from partnership.history import history_entries
from partnership.pdf import pdf_response, render_pdf
from partnership.views.base import FormPageMixin
from partnership.years import financial_year_of
from planning.forms.review import AgreeForm, OpenReviewForm
from planning.models import ActionPoint, AnnualReview
from planning.review_rules import agree_problems, needs_action_points
from planning.services.annual_report import annual_report_data
from planning.services.plans import PlanRefused
from planning.services.review import agree_review, open_review

from .base import PlanningMixin


class ReviewsView(PlanningMixin, FormView):
    """The reviews so far; the executive board opens the next one."""

    template_name = "planning/reviews.html"
    form_class = OpenReviewForm

    def has_permission(self):
        return self.request.method == "GET" or self.may_challenge

    def get_form_kwargs(self):
        year = financial_year_of(self.today)
        return {**super().get_form_kwargs(), "years": [year - 1, year]}

    def get_context_data(self, **kwargs):
        reviews = AnnualReview.objects.for_partnership(self.partnership).annotate(target_count=Count("targets"))
        return super().get_context_data(
            page_title="Annual performance reviews", reviews=reviews, may_open=self.may_challenge, **kwargs
        )

    def form_valid(self, form):
        review = open_review(self.partnership, form.cleaned_data["financial_year"], user=self.request.user)
        messages.success(self.request, f"Opened the {review}: place each target, and agree action points.")
        return redirect(review)


class ReviewMixin(PlanningMixin):
    def load_objects(self):
        self.review = self.get_scoped_or_404(
            AnnualReview.objects.select_related("partnership", "agreed_by"), pk=self.kwargs["review_id"]
        )

    def get_back_url(self):
        return self.review.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(review=self.review, **kwargs)


class ReviewView(ReviewMixin, TemplateView):
    template_name = "planning/review.html"

    def get_context_data(self, **kwargs):
        points = ActionPoint.objects.select_related("lead__user")
        targets = list(
            self.review.targets.select_related("indicator__lead_theme")
            .annotate(point_count=Count("action_points"))
            .prefetch_related(Prefetch("action_points", queryset=points))
        )
        for target in targets:
            target.needs_points = needs_action_points(target.status, target.judgement)
            for point in target.action_points.all():
                point.may_progress = self.may_record_progress(point)
        is_draft = self.review.state == AnnualReview.State.DRAFT
        return super().get_context_data(
            page_title=str(self.review),
            targets=targets,
            problems=agree_problems(targets) if is_draft else [],
            is_draft=is_draft,
            may_place=self.may_challenge and is_draft,
            may_agree=self.may_approve and is_draft,
            history=history_entries(self.review.history.select_related("history_user")),
            **kwargs,
        )


class AgreeReviewView(ReviewMixin, FormPageMixin, FormView):
    form_class = AgreeForm
    submit_label = "Agree the review and its action points"

    def has_permission(self):
        return self.may_approve

    def get_page_title(self):
        return f"Agree the {self.review}"

    def get_initial(self):
        return {"version": self.review.version, "summary": self.review.summary}

    def form_valid(self, form):
        try:
            agree_review(
                self.review,
                summary=form.cleaned_data["summary"],
                expected_version=form.cleaned_data["version"],
                user=self.request.user,
            )
        except StaleEdit:
            form.add_errors({"__all__": stale_edit_message("this review")})
            return self.form_invalid(form)
        except PlanRefused as refused:
            form.add_errors({"__all__": " ".join([refused.message, *refused.problems])})
            return self.form_invalid(form)
        messages.success(self.request, "Review agreed: its action points are tracked from now on.")
        return redirect(self.review)


class AnnualReportView(ReviewMixin, TemplateView):
    template_name = "planning/annual_report.html"

    def get_context_data(self, **kwargs):
        data = annual_report_data(self.review)
        return super().get_context_data(page_title=data["title"], data=data, **kwargs)


class AnnualReportPdfView(ReviewMixin, TemplateView):
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        data = annual_report_data(self.review)
        pdf = render_pdf("planning/pdf/annual_report.html", {"data": data, "printed": timezone.now()})
        return pdf_response(pdf, f"{self.partnership.slug}-annual-report-{self.review.financial_year}.pdf")
