"""What the indicator-return and spend-return pages share: one view for entering a return (the
form for the theme's officers, the workflow actions, the history) and one for deciding it
(approve, return for revision, reopen). Both go through indicators.services.returns."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.generic import View

from indicators.forms.returns import DecisionForm
from indicators.services.returns import DECISION_ACTIONS, ReturnInvalid, ReturnRefused, decide_return
from indicators.workflow import ReturnAction, ReturnState, available_actions
from partnership.concurrency import StaleEdit, stale_edit_message
from partnership.history import history_entries
from partnership.views.base import PartnershipMixin


def save_or_explain(form, save, what: str = "this return"):
    """Run `save()` (a returns service call). When it is refused, the figures break a rule, or
    someone saved first, put the explanation on the form, keeping what was typed, and let the
    next save go through against the version now shown. Returns (saved, conflicting current)."""
    try:
        return save(), None
    except ReturnRefused as refused:
        form.add_error(None, str(refused))
    except ReturnInvalid as invalid:
        form.add_errors(invalid.errors)
    except StaleEdit as stale:
        form.add_error(None, stale_edit_message(what))
        form.data = form.data.copy()
        form.data["version"] = stale.current.version if stale.current else 0
        return None, stale.current
    return None, None


def workflow_context(ret, access, theme_id: int, history_options: dict, submitted_it: bool = False) -> dict:
    """What a return's page shows about its workflow: its state, what this person may do with it,
    the decision form, and its history."""
    state = ret.state if ret else ReturnState.NOT_STARTED
    locked = bool(ret and ret.is_locked)
    actions = available_actions(state=state, locked=locked, access=access, theme_id=theme_id, submitted_it=submitted_it)
    return {
        "ret": ret,
        "state": ret.shown_state if ret else ReturnState.NOT_STARTED,
        "can_edit": ReturnAction.SAVE_DRAFT in actions or ReturnAction.SUBMIT in actions,
        "can_approve": ReturnAction.APPROVE in actions,
        "can_return": ReturnAction.RETURN in actions,
        "can_reopen": ReturnAction.REOPEN in actions,
        "decision_form": DecisionForm(initial={"version": ret.version if ret else 0}),
        "history": history_entries(ret.history.select_related("history_user"), **history_options) if ret else [],
    }


class WorkflowReturnView(PartnershipMixin, View):
    """One return for one period: everyone in the partnership may read it, only the theme's officers
    post to it. Each kind provides `load_objects()` (setting `self.period` and `self.ret`, None when
    not started), `theme_id`, `form_class` (with `initial_for(ret)`), `save(**common)` (its service
    call), `page_url()`, `subject_label()`, `extra_context(form)`; optionally `make_form()` and
    `submitted_url()`."""

    history_options = {}

    def has_permission(self):
        return self.request.method != "POST" or self.access.can_enter_returns(self.theme_id)

    def get(self, request, *args, **kwargs):
        return self.render(self.initial_form())

    def post(self, request, *args, **kwargs):
        action = ReturnAction.SUBMIT if request.POST.get("action") == ReturnAction.SUBMIT else ReturnAction.SAVE_DRAFT
        form = self.make_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        common = {"data": form.to_input(), "action": action, "user": request.user, "access": self.access}
        common["expected_version"] = form.cleaned_data.get("version")
        saved, conflict = save_or_explain(form, lambda: self.save(**common))
        if saved is None:
            return self.render(form, conflict=conflict)
        self.ret = saved
        if action == ReturnAction.SUBMIT:
            messages.success(request, f"{self.subject_label()} submitted for approval.")
            return redirect(self.submitted_url())
        messages.success(request, "Draft saved. It is not submitted yet.")
        return redirect(self.page_url())

    def initial_form(self):
        return self.make_form(initial=self.form_class.initial_for(self.ret))

    def render(self, form, conflict=None):
        submitted_it = self.partnership.submitted_it(self.ret, self.request.user)
        context = {
            **self.base_context(),
            **workflow_context(self.ret, self.access, self.theme_id, self.history_options, submitted_it),
            "period": self.period,
            "form": form,
            "conflict": conflict,
            "period_ended": self.period.span.has_ended(timezone.localdate()),
            **self.extra_context(form),
        }
        return TemplateResponse(self.request, self.template_name, context)

    # --- what each kind of return says ---

    def make_form(self, data=None, files=None, initial=None):
        return self.form_class(data, files, initial=initial)

    def submitted_url(self) -> str:
        return self.page_url()


class DecideReturnView(PartnershipMixin, View):
    """Approve, return for revision or reopen a return from its decision form, telling the person
    what happened (or why not). Someone with no say over the return at all gets 403. Each kind
    of return's view declares `queryset`, `pk_url_kwarg` and `done`, and provides
    `subject_label()` and `page_url()`."""

    http_method_names = ["post"]
    queryset = None
    pk_url_kwarg = ""
    done = {}  # action -> words for what happened

    def load_objects(self):
        self.ret = self.get_scoped_or_404(self.queryset, pk=self.kwargs[self.pk_url_kwarg])

    def has_permission(self):
        theme_id = self.ret.theme_id
        return self.access.can_approve_returns(theme_id) or self.access.can_reopen_returns(theme_id)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in DECISION_ACTIONS:
            raise Http404
        form = DecisionForm(request.POST)
        form.is_valid()
        try:
            decide_return(
                self.ret,
                action=action,
                user=request.user,
                access=self.access,
                reason=form.cleaned_data.get("reason", ""),
                expected_version=form.cleaned_data.get("version"),
            )
        except ReturnRefused as refused:
            messages.error(request, str(refused))
        except ReturnInvalid as invalid:
            messages.error(request, next(iter(invalid.errors.values())))
        except StaleEdit:
            messages.error(request, stale_edit_message("this return", kept=False))
        else:
            messages.success(request, f"{self.subject_label()} {self.done[action]}.")
        return redirect(self.page_url())
