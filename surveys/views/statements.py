"""A draft survey's statements: add, edit, move up or down, remove. Every change is refused once the
survey has been opened (with the reason, on the survey's page)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView, View

from partnership.concurrency import StaleEdit, stale_edit_message
from partnership.views.base import FormPageMixin
from surveys.forms.surveys import StatementForm
from surveys.models import Statement
from surveys.services.refusals import SurveyRefused
from surveys.services.statements import (
    STATEMENT_FIELDS,
    add_statement,
    move_statement,
    remove_statement,
    save_statement,
)
from surveys.window import change_refusal

from .base import AdminSurveyMixin


class DraftOnlyMixin(AdminSurveyMixin):
    """Refuses (with the reason, on the survey's page) once the survey has been opened."""

    def dispatch_refusal(self):
        refusal = change_refusal(self.state)
        if refusal:
            messages.error(self.request, refusal)
            return redirect(self.survey)
        return None

    def get(self, request, *args, **kwargs):
        return self.dispatch_refusal() or super().get(request, *args, **kwargs)


class StatementMixin(DraftOnlyMixin):
    def load_objects(self):
        super().load_objects()
        self.statement = self.get_scoped_or_404(
            Statement.objects.select_related("indicator", "objective"),
            pk=self.kwargs["statement_id"],
            survey=self.survey,
        )


class StatementFormMixin(FormPageMixin):
    form_class = StatementForm

    def get_back_url(self):
        return self.survey.get_absolute_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def fields_from(self, form):
        return {name: form.cleaned_data[name] for name in STATEMENT_FIELDS}

    def refused(self, form, refused: SurveyRefused):
        form.add_errors({refused.field or "__all__": refused.message})
        return self.form_invalid(form)


class StatementCreateView(StatementFormMixin, DraftOnlyMixin, FormView):
    submit_label = "Add the statement"

    def get_page_title(self):
        return f"Add a statement to {self.survey}"

    def form_valid(self, form):
        try:
            statement = add_statement(self.survey, **self.fields_from(form))
        except SurveyRefused as refused:
            return self.refused(form, refused)
        messages.success(self.request, f"Added statement {statement.position}.")
        return redirect(self.survey)


class StatementEditView(StatementFormMixin, StatementMixin, FormView):
    submit_label = "Save the statement"

    def get_page_title(self):
        return f"Edit statement {self.statement.position}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.statement}

    def form_valid(self, form):
        try:
            save_statement(self.statement, self.fields_from(form), expected_version=form.cleaned_data["version"] or 0)
        except StaleEdit as stale:
            form.add_error(None, stale_edit_message("this statement"))
            form.data = form.data.copy()
            form.data["version"] = stale.current.version
            return self.form_invalid(form)
        except SurveyRefused as refused:
            return self.refused(form, refused)
        messages.success(self.request, f"Saved statement {self.statement.position}.")
        return redirect(self.survey)


class StatementMoveView(StatementMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        step = {"up": -1, "down": 1}.get(request.POST.get("direction"))
        if step is None:
            messages.error(request, "Choose to move the statement up or down.")
            return redirect(self.survey)
        try:
            moved = move_statement(self.statement, step)
        except SurveyRefused as refused:
            messages.error(request, refused.message)
            return redirect(self.survey)
        if moved:
            messages.success(request, f"Moved \u2018{self.statement}\u2019 {request.POST['direction']}.")
        return redirect(f"{self.survey.get_absolute_url()}#statement-{self.statement.pk}")


class StatementRemoveView(StatementMixin, TemplateView):
    template_name = "partnership/confirm.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Remove statement {self.statement.position}",
            explanation=f"\u2018{self.statement}\u2019 will be removed from the survey. Its history is kept.",
            confirm_label="Remove the statement",
            back_url=self.survey.get_absolute_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            remove_statement(self.statement)
        except SurveyRefused as refused:
            return self.render_to_response(self.get_context_data(refusal=refused.message))
        messages.success(request, f"Removed \u2018{self.statement}\u2019.")
        return redirect(self.survey)
