"""What every member sees: the surveys to answer, answering once, and the results of closed ones
(only when enough members answered; before the close, everyone, the administrator included, sees
only how many have answered: surveys.window.results_refusal)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from partnership.pdf import pdf_response, render_pdf
from surveys.agreement import FLAG_LABEL, Choice
from surveys.forms.answers import AnswerForm
from surveys.models import Submission, Survey
from surveys.services.answers import ANSWERED_ONCE, submission_of, submit_answers
from surveys.services.refusals import SurveyRefused
from surveys.services.results import survey_results
from surveys.services.surveys import state_label
from surveys.window import SurveyState, answer_refusal, results_refusal

from .base import MemberSurveyMixin, SurveysMixin

RECORDED = "Your answers were recorded. You cannot change them, and nobody can see which answers were yours."


class SurveysView(SurveysMixin, TemplateView):
    """The surveys page: open ones (to answer, or answered), and closed ones with their results.
    Two queries, however many surveys."""

    template_name = "surveys/surveys.html"

    def get_context_data(self, **kwargs):
        surveys = list(self.scoped(Survey).filter(opened_at__isnull=False).order_by("-closes_on", "-pk"))
        answered = dict(
            Submission.objects.filter(membership=self.membership, survey__in=[s.pk for s in surveys]).values_list(
                "survey_id", "submitted_at"
            )
        )
        current, closed = [], []
        for survey in surveys:
            state = survey.state_on(self.today)
            row = {"survey": survey, "state": state, "label": state_label(survey, self.today)}
            row["answered_at"] = answered.get(survey.pk)
            (closed if state == SurveyState.CLOSED else current).append(row)
        return super().get_context_data(
            page_title="Surveys", current=current, closed=closed, is_admin=self.is_admin, **kwargs
        )


class AnswerView(MemberSurveyMixin, TemplateView):
    """One member answers once: the statements as GOV.UK radios; a second visit says they have
    answered. A refused submission shows the reason above the form with every choice kept."""

    template_name = "surveys/answer.html"

    def get_context_data(self, **kwargs):
        submission = submission_of(self.survey, self.membership)
        kwargs.setdefault("form", AnswerForm(statements=self.survey.statements.all()))
        return super().get_context_data(
            page_title=self.survey.title,
            answered_at=submission.submitted_at if submission else None,
            # Why the form is not shown (not open yet, or closed): said as information, not an error.
            notice=answer_refusal(state=self.state, opens_on=self.survey.opens_on, closes_on=self.survey.closes_on),
            results_withheld=self.results_withheld(),
            **kwargs,
        )

    def results_withheld(self) -> str | None:
        """Why the page does not link to the results (None: it does). One query, once closed."""
        submissions = self.survey.submissions.count() if self.state == SurveyState.CLOSED else 0
        return results_refusal(
            state=self.state,
            submissions=submissions,
            minimum=self.partnership.monitoring_minimum_count,
            closes_on=self.survey.closes_on,
        )

    def post(self, request, *args, **kwargs):
        form = AnswerForm(request.POST, statements=self.survey.statements.all())
        closed = answer_refusal(state=self.state, opens_on=self.survey.opens_on, closes_on=self.survey.closes_on)
        if closed or submission_of(self.survey, self.membership):
            return self.render_to_response(self.get_context_data(form=form, refusal=closed or ANSWERED_ONCE))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            submit_answers(self.survey, self.membership, form.choices(), today=self.today)
        except SurveyRefused as refused:
            return self.render_to_response(self.get_context_data(form=form, refusal=refused.message))
        messages.success(request, RECORDED)
        return redirect("surveys:answer", partnership_slug=self.partnership.slug, survey_id=self.survey.pk)


class ResultsMixin(MemberSurveyMixin):
    def results(self):
        return survey_results(self.survey, today=self.today)

    def results_context(self) -> dict:
        return {"results": self.results(), "choices": Choice.choices, "flag_label": FLAG_LABEL}


class ResultsView(ResultsMixin, TemplateView):
    """How many answered and the response rate; once the survey has closed, and only if at least the
    partnership's minimum count of members answered, % strongly agree or agree per statement, the
    counts, the flag and the change from the survey it is compared with. Otherwise why not, in words.
    The same for every member, the administrator included."""

    template_name = "surveys/results.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=f"Results: {self.survey}", **self.results_context(), **kwargs)


class ResultsPdfView(ResultsMixin, TemplateView):
    """The results page as a PDF, once the survey has closed (with too few respondents, it says so
    in place of the answers)."""

    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        context = self.results_context()
        if self.state != SurveyState.CLOSED:
            # Nothing to print before the close but how many have answered, which the page shows.
            messages.error(request, context["results"].withheld)
            return redirect("surveys:results", partnership_slug=self.partnership.slug, survey_id=self.survey.pk)
        pdf = render_pdf(
            "surveys/pdf/results.html",
            {
                **context,
                "partnership": self.partnership,
                "survey": self.survey,
                "state": self.state,
                "printed": timezone.now(),
            },
        )
        return pdf_response(pdf, f"{self.partnership.slug}-survey-{self.survey.pk}-results.pdf")
