"""The administrator's pages: the list of surveys, making one, its details and statements, and
opening it."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from partnership.concurrency import StaleEdit, stale_edit_message
from partnership.history import history_entries
from partnership.models import Membership
from partnership.views.base import FormPageMixin
from partnership.views.lists import ScopedListView
from surveys.filtersets import SurveyFilterSet
from surveys.forms.surveys import NewSurveyForm, SurveyForm
from surveys.models import Submission, Survey
from surveys.services.refusals import SurveyRefused
from surveys.services.surveys import DETAIL_FIELDS, latest_closed_before, make_survey, open_survey, save_survey
from surveys.tables import SurveyTable
from surveys.window import SurveyState, change_refusal, open_refusal

from .base import AdminSurveyMixin, SurveysMixin


def surveys_url(partnership, name="manage"):
    return reverse(f"surveys:{name}", kwargs={"partnership_slug": partnership.slug})


class SurveyListView(SurveysMixin, ScopedListView):
    queryset = (
        Survey.objects.select_related("partnership")
        .annotate(
            statement_count=Count("statements", distinct=True), submission_count=Count("submissions", distinct=True)
        )
        .order_by("-opens_on", "-pk")
    )
    table_class = SurveyTable
    filterset_class = SurveyFilterSet
    export_name = "surveys"
    page_title = "Manage surveys"
    template_name = "surveys/manage_list.html"

    def has_permission(self):
        return self.is_admin


def refused_into(form, refused: SurveyRefused):
    form.add_errors({refused.field or "__all__": refused.message})


class SurveyCreateView(SurveysMixin, FormPageMixin, FormView):
    form_class = NewSurveyForm
    page_title = "Make a survey"
    submit_label = "Make the survey"

    def has_permission(self):
        return self.is_admin

    def get_back_url(self):
        return surveys_url(self.partnership)

    def get_form_kwargs(self):
        default = latest_closed_before(self.partnership, self.today)
        return {**super().get_form_kwargs(), "partnership": self.partnership, "default_previous": default}

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in DETAIL_FIELDS}
        try:
            survey = make_survey(self.partnership, **fields, copy_statements=form.cleaned_data["copy_statements"])
        except SurveyRefused as refused:
            refused_into(form, refused)
            return self.form_invalid(form)
        copied = survey.statements.count()
        messages.success(
            self.request,
            f"Made the survey \u2018{survey}\u2019" + (f" with {copied} statements copied." if copied else "."),
        )
        return redirect(survey)


class SurveyDetailView(AdminSurveyMixin, TemplateView):
    template_name = "surveys/survey_detail.html"

    def get_context_data(self, **kwargs):
        statements = list(self.survey.statements.select_related("indicator", "objective", "carried_from__survey"))
        members = self.scoped(Membership).filter(is_active=True).count()
        answered = Submission.objects.filter(survey=self.survey, membership__is_active=True).count()
        return super().get_context_data(
            page_title=str(self.survey),
            statements=statements,
            can_change=change_refusal(self.state) is None,
            open_problem=open_refusal(
                state=self.state, statements=len(statements), closes_on=self.survey.closes_on, today=self.today
            ),
            answered=answered,
            members=members,
            shows_results=self.state != SurveyState.DRAFT,
            history=history_entries(self.survey.history.select_related("history_user")[:20], skip_unchanged=True),
            back_url=surveys_url(self.partnership),
            **kwargs,
        )


class SurveyEditView(AdminSurveyMixin, FormPageMixin, FormView):
    form_class = SurveyForm
    submit_label = "Save changes"

    def get_page_title(self):
        return f"Edit {self.survey}"

    def get_back_url(self):
        return self.survey.get_absolute_url()

    def get(self, request, *args, **kwargs):
        refusal = change_refusal(self.state)
        if refusal:
            messages.error(request, refusal)
            return redirect(self.survey)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership, "instance": self.survey}

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in DETAIL_FIELDS}
        try:
            self.survey = save_survey(self.survey, fields, expected_version=form.cleaned_data.get("version") or 0)
        except StaleEdit as stale:
            form.add_error(None, stale_edit_message("this survey"))
            form.data = form.data.copy()
            form.data["version"] = stale.current.version
            return self.form_invalid(form)
        except SurveyRefused as refused:
            refused_into(form, refused)
            return self.form_invalid(form)
        messages.success(self.request, f"Saved the survey \u2018{self.survey}\u2019.")
        return redirect(self.survey)


class SurveyOpenView(AdminSurveyMixin, TemplateView):
    """GET asks, POST opens (or says why it cannot)."""

    template_name = "partnership/confirm.html"

    def get_context_data(self, **kwargs):
        survey = self.survey
        return super().get_context_data(
            page_title=f"Open {survey}",
            explanation=(
                f"Members can answer from {survey.opens_on:%-d %B %Y} to {survey.closes_on:%-d %B %Y}. Once it is "
                "open its statements can no longer change, and each member answers once."
            ),
            confirm_label="Open the survey",
            back_url=survey.get_absolute_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            open_survey(self.survey, user=request.user, today=self.today)
        except SurveyRefused as refused:
            return self.render_to_response(self.get_context_data(refusal=refused.message))
        messages.success(request, f"Opened \u2018{self.survey}\u2019 to members from {self.survey.opens_on:%-d %B %Y}.")
        return redirect(self.survey)
