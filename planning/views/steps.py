"""The steps that move a plan on (buttons on its page), the executive board's challenges and the
theme's answers. A refused or out-of-date step comes back to the plan's page with the reason."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, View

from partnership.concurrency import StaleEdit, stale_edit_message
from partnership.views.base import FormPageMixin
from planning.forms.plans import AnswerForm, ChallengeForm, VersionForm
from planning.services import plans as service

from .base import ExecutiveMixin, PlanMixin, ThemeWriterMixin


class StepView(PlanMixin, View):
    """POST only: take `step` on the plan, from the version the page showed."""

    http_method_names = ["post"]
    step = ""
    done = ""

    def has_permission(self):
        return {"submit": self.may_write, "withdraw": self.may_write, "recommend": self.may_challenge}.get(
            self.step, self.may_approve
        )

    def post(self, request, *args, **kwargs):
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, stale_edit_message("this plan", kept=False))
            return redirect(self.plan)
        extra = {"today": self.today} if self.step == "submit" else {}
        try:
            getattr(service, self.step)(
                self.plan, expected_version=form.cleaned_data["version"], user=request.user, **extra
            )
        except StaleEdit:
            messages.error(request, stale_edit_message("this plan", kept=False))
        except service.PlanRefused as refused:
            messages.error(request, " ".join([refused.message, *refused.problems]))
        else:
            messages.success(request, self.done)
        return redirect(self.plan)


class SubmitView(StepView):
    step, done = "submit", "Plan submitted to the executive board, who have been told."


class WithdrawView(StepView):
    step, done = "withdraw", "Plan withdrawn: change it, then submit it again (a new version is kept)."


class RecommendView(StepView):
    step, done = "recommend", "Plan recommended to the partnership board for approval."


class ApproveView(StepView):
    step, done = "approve", "Plan approved. It is now part of the partnership's LAA action plan."


class ChallengeView(ExecutiveMixin, FormPageMixin, FormView):
    form_class = ChallengeForm
    submit_label = "Send the challenge"

    def get_page_title(self):
        return f"Challenge the {self.plan}"

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "plan": self.plan}
        if "item" in self.request.GET and not self.request.method == "POST":
            kwargs["initial"] = {"item": self.request.GET["item"]}
        return kwargs

    def form_valid(self, form):
        try:
            service.raise_challenge(
                self.plan,
                item=form.cleaned_data["item"],
                question=form.cleaned_data["question"],
                user=self.request.user,
            )
        except service.PlanRefused as refused:
            form.add_errors({"__all__": refused.message})
            return self.form_invalid(form)
        messages.success(self.request, "Challenge sent: the theme has been told.")
        return redirect(self.plan)


class AnswerView(ThemeWriterMixin, FormPageMixin, FormView):
    form_class = AnswerForm
    submit_label = "Send the answer"
    template_name = "planning/answer.html"

    def load_objects(self):
        super().load_objects()
        self.challenge = get_object_or_404(
            self.plan.challenges.select_related("raised_by"), pk=self.kwargs["plan_challenge_id"]
        )

    def get_page_title(self):
        return f"Answer a challenge on the {self.plan}"

    def get_initial(self):
        return {"version": self.challenge.version, "answer": self.challenge.answer}

    def get_context_data(self, **kwargs):
        return super().get_context_data(challenge=self.challenge, **kwargs)

    def form_valid(self, form):
        try:
            service.answer_challenge(
                self.challenge,
                answer=form.cleaned_data["answer"],
                expected_version=form.cleaned_data["version"],
                user=self.request.user,
            )
        except StaleEdit:
            form.add_errors({"__all__": stale_edit_message("this answer")})
            return self.form_invalid(form)
        except service.PlanRefused as refused:
            form.add_errors({"__all__": refused.message})
            return self.form_invalid(form)
        messages.success(self.request, "Answer sent.")
        return redirect(self.plan)
