import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from indicators.models import DataChallenge, Indicator, IndicatorReturn, Period, ReturnRound
from indicators.periods import PeriodKind, Span, latest_ended
from indicators.return_forms import AnswerForm, ChallengeForm, DecisionForm, OpenRoundForm, ReturnForm, decide_from_post, save_or_explain
from indicators.return_rules import DATA_QUALITY_STANDARDS, Figures
from indicators.returns import (
    due_periods,
    lock_round,
    open_round,
    preview_status,
    save_return,
)
from indicators.status import STATUS_MEANING, Status
from indicators.values import plain_number
from indicators.workflow import Action, ReturnState, available_actions, decide
from partnership.roles import RETURN_ENTRY_ROLES, Role
from partnership.views.base import PartnershipMixin


def return_url(partnership, indicator, period):
    return reverse("returns:edit", kwargs={"partnership_slug": partnership.slug, "indicator_id": indicator.pk, "period_id": period.pk})


def round_period_choices(rounds, today, count=4):
    """The last few finished quarters that have no round yet."""
    taken = {r.period.end for r in rounds}
    quarter = latest_ended(PeriodKind.QUARTER, today)
    choices = []
    for _ in range(count):
        if quarter.end not in taken:
            choices.append((quarter.start.isoformat(), quarter.label))
        quarter = quarter.previous()
    return choices


class MyReturnsView(PartnershipMixin, TemplateView):
    """Every return this person is responsible for in a round, grouped by theme (GOV.UK task list)."""

    template_name = "indicators/returns/my_returns.html"
    nav_section = "returns"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rounds = list(self.scoped(ReturnRound).select_related("period"))
        chosen = self.request.GET.get("round")
        current = next((r for r in rounds if str(r.pk) == chosen), None) or next((r for r in rounds if not r.locked_at), None) or (rounds[0] if rounds else None)
        context.update(rounds=rounds, round=current, today=timezone.localdate())
        if current:
            context.update(self.tasks(current))
            days = (current.collation_deadline - timezone.localdate()).days
            context["days_left"] = days
        if self.access.can_manage_partnership():
            context["open_form"] = OpenRoundForm(choices=round_period_choices(rounds, timezone.localdate()))
        return context

    def responsible_theme_ids(self):
        if self.access.is_admin:
            return None  # administrators oversee every theme's collation
        return self.access.theme_ids_with(RETURN_ENTRY_ROLES | {Role.REPORT_COORDINATOR})

    def tasks(self, round_):
        theme_ids = self.responsible_theme_ids()
        indicators = self.scoped(Indicator).select_related("lead_theme", "partnership")
        if theme_ids is not None:
            indicators = indicators.filter(lead_theme_id__in=theme_ids)
        due = [(indicator, due_periods(round_, indicator)) for indicator in indicators]
        due = [(indicator, span) for indicator, span in due if span]
        periods = {p.span: p for p in Period.objects.filter(end=round_.period.end)}
        returns = {
            (r.indicator_id, r.period.span): r
            for r in IndicatorReturn.objects.for_partnership(self.partnership).filter(period__end=round_.period.end).select_related("period")
        }
        groups = {}
        counts = {state: 0 for state in ReturnState}
        for indicator, span in due:
            ret = returns.get((indicator.pk, span))
            state = ret.shown_state if ret else (ReturnState.LOCKED if round_.locked_at else ReturnState.NOT_STARTED)
            counts[state] += 1
            period = periods.get(span)
            groups.setdefault(indicator.lead_theme, []).append({
                "indicator": indicator, "span": span, "return": ret, "state": state,
                "url": return_url(self.partnership, indicator, period) if period else None,
                "awaits_me": state == ReturnState.SUBMITTED and self.access.can_approve_returns(indicator.lead_theme_id),
            })
        missing_periods = {span for _, span in due} - set(periods)
        for span in missing_periods:  # make sure every due period exists so each task has a page
            periods[span] = Period.objects.for_span(span)
        for items in groups.values():
            for item in items:
                if item["url"] is None:
                    item["url"] = return_url(self.partnership, item["indicator"], periods[item["span"]])
        return {"groups": sorted(groups.items(), key=lambda kv: kv[0].position), "counts": counts, "total": len(due)}



class OpenRoundView(PartnershipMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return self.access.can_manage_partnership()

    def post(self, request, *args, **kwargs):
        rounds = list(self.scoped(ReturnRound).select_related("period"))
        form = OpenRoundForm(request.POST, choices=round_period_choices(rounds, timezone.localdate()))
        if not form.is_valid():
            for field, errors in form.errors.items():
                for error in errors:
                    messages.error(request, f"Could not open returns: {error}")
            return redirect("returns:mine", partnership_slug=self.partnership.slug)
        span = Span(PeriodKind.QUARTER, dt.date.fromisoformat(form.cleaned_data["period_end"]))
        round_ = open_round(self.partnership, span, form.cleaned_data.get("collation_deadline"))
        messages.success(request, f"Opened {span.label} returns, due {round_.collation_deadline:%d %B %Y}.")
        return redirect(f"/p/{self.partnership.slug}/returns/?round={round_.pk}")


class LockRoundView(PartnershipMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return self.access.can_manage_partnership()

    def post(self, request, *args, **kwargs):
        round_ = self.get_scoped_or_404(ReturnRound.objects.select_related("period", "partnership"), pk=kwargs["round_id"])
        count = lock_round(round_)
        messages.success(request, f"Locked {round_.period} returns ({count} return{'s' if count != 1 else ''}).")
        return redirect(f"/p/{self.partnership.slug}/returns/?round={round_.pk}")


class ReturnView(PartnershipMixin, View):
    """One indicator's return for one period: the form, its status preview, the workflow actions,
    challenges and the audit trail."""

    template_name = "indicators/returns/return.html"
    nav_section = "returns"

    def setup_objects(self):
        self.indicator = self.get_scoped_or_404(Indicator.objects.select_related("lead_theme", "partnership"), pk=self.kwargs["indicator_id"])
        self.period = Period.objects.filter(pk=self.kwargs["period_id"]).first()
        if self.period is None:
            raise Http404
        self.ret = IndicatorReturn.objects.filter(indicator=self.indicator, period=self.period).select_related("submitted_by", "decided_by").first()

    def get(self, request, *args, **kwargs):
        self.setup_objects()
        return self.render(self.initial_form())

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        action = request.POST.get("action", Action.SAVE_DRAFT)
        if action not in (Action.SAVE_DRAFT, Action.SUBMIT):
            action = Action.SAVE_DRAFT
        state = self.ret.state if self.ret else ReturnState.NOT_STARTED
        decision = decide(action, state=state, locked=bool(self.ret and self.ret.is_locked), access=self.access, theme_id=self.indicator.lead_theme_id)
        if not decision.allowed and not self.access.can_enter_returns(self.indicator.lead_theme_id):
            raise PermissionDenied
        form = ReturnForm(request.POST, request.FILES, indicator=self.indicator)
        if not form.is_valid():
            return self.render(form, status=200)
        saved, conflict = save_or_explain(form, lambda: save_return(
            indicator=self.indicator, period=self.period, data=form.to_input(), action=action, user=request.user,
            access=self.access, expected_version=form.cleaned_data.get("version"),
        ))
        if saved is None:
            return self.render(form, conflict=conflict)
        self.ret = saved
        if action == Action.SUBMIT:
            messages.success(request, f"{self.indicator.code} {self.period} submitted for approval.")
            return redirect("returns:mine", partnership_slug=self.partnership.slug)
        messages.success(request, "Draft saved. It is not submitted yet.")
        return redirect(return_url(self.partnership, self.indicator, self.period))

    def initial_form(self):
        initial = {"version": self.ret.version if self.ret else 0}
        if self.ret:
            for name in ("value", "numerator", "denominator", "commentary", "variance_reason", "action_taken"):
                value = getattr(self.ret, name)
                initial[name] = plain_number(value) if hasattr(value, "normalize") else value
            for name, _, _ in DATA_QUALITY_STANDARDS:
                initial[f"dq_{name}"] = getattr(self.ret, f"dq_{name}")
        return ReturnForm(initial=initial, indicator=self.indicator)

    def render(self, form, status=200, conflict=None):
        theme_id = self.indicator.lead_theme_id
        state = self.ret.state if self.ret else ReturnState.NOT_STARTED
        locked = bool(self.ret and self.ret.is_locked)
        actions = available_actions(state=state, locked=locked, access=self.access, theme_id=theme_id)
        figures = self.figures_for_preview(form)
        preview = preview_status(self.indicator, self.period.span, figures, self.partnership.tolerance_percent) if figures else Status.GREY
        context = {
            "partnership": self.partnership, "membership": self.membership, "access": self.access, "nav_section": self.nav_section,
            "indicator": self.indicator, "period": self.period, "ret": self.ret, "form": form,
            "state": self.ret.shown_state if self.ret else ReturnState.NOT_STARTED,
            "can_edit": Action.SAVE_DRAFT in actions or Action.SUBMIT in actions,
            "can_approve": Action.APPROVE in actions, "can_return": Action.RETURN in actions, "can_reopen": Action.REOPEN in actions,
            "can_challenge": bool(self.ret) and self.access.can_challenge_data(),
            "can_answer": self.access.can_enter_returns(theme_id),
            "decision_form": DecisionForm(initial={"version": self.ret.version if self.ret else 0}),
            "challenge_form": ChallengeForm(), "answer_form": AnswerForm(),
            "preview": preview, "preview_meaning": STATUS_MEANING[preview],
            "conflict": conflict, "history": self.history(),
            "challenges": self.ret.challenges.select_related("raised_by__user", "answered_by__user") if self.ret else [],
            "back_url": f"/p/{self.partnership.slug}/returns/",
            "page_title": f"{self.indicator.code} return for {self.period}",
            "period_ended": self.period.span.has_ended(timezone.localdate()),
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def figures_for_preview(self, form):
        if form.is_bound and hasattr(form, "cleaned_data"):
            data = form.cleaned_data
            figures = Figures(data.get("value"), data.get("numerator"), data.get("denominator"))
        elif self.ret:
            figures = Figures(self.ret.value, self.ret.numerator, self.ret.denominator)
        else:
            return None
        return figures if any(v is not None for v in (figures.value, figures.numerator, figures.denominator)) else None

    def history(self):
        """Every change: who, when, what changed (old -> new, in words) and why."""
        if not self.ret:
            return []
        records = list(self.ret.history.select_related("history_user").order_by("-history_date", "-history_id"))
        user_ids = {getattr(r, name) for r in records for name in ("submitted_by_id", "decided_by_id")} - {None}
        names = {user.pk: user.get_full_name() or user.username for user in get_user_model().objects.filter(pk__in=user_ids)}
        labels = {f.name: f.verbose_name for f in IndicatorReturn._meta.fields}
        entries = []
        for newer, older in zip(records, records[1:] + [None], strict=True):
            changes = []
            if older is not None:
                delta = newer.diff_against(older, excluded_fields=["version", "updated_at", "submitted_at", "decided_at"])
                changes = [
                    (labels.get(c.field, c.field).capitalize(), shown(c.field, c.old, names), shown(c.field, c.new, names))
                    for c in delta.changes
                ]
            entries.append({"record": newer, "changes": changes, "created": older is None})
        return entries


def shown(field, value, user_names):
    """A history value in words: Yes/No, names not ids, numbers without trailing zeros."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field in ("submitted_by", "decided_by"):
        return user_names.get(value, "someone")
    if field == "state":
        return ReturnState(value).label
    if hasattr(value, "normalize"):
        return plain_number(value)
    return str(value)


class ReturnPreviewView(PartnershipMixin, View):
    """htmx: the status the figures being typed would get."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        indicator = self.get_scoped_or_404(Indicator.objects.select_related("partnership"), pk=kwargs["indicator_id"])
        period = Period.objects.filter(pk=kwargs["period_id"]).first()
        if period is None:
            raise Http404
        form = ReturnForm(request.POST, indicator=indicator)
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        figures = Figures(data.get("value"), data.get("numerator"), data.get("denominator"))
        has_figures = any(v is not None for v in (figures.value, figures.numerator, figures.denominator))
        status = preview_status(indicator, period.span, figures, self.partnership.tolerance_percent) if has_figures else Status.GREY
        return TemplateResponse(request, "indicators/returns/partials/preview.html", {"preview": status, "preview_meaning": STATUS_MEANING[status]})


class DecideView(PartnershipMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        ret = self.get_scoped_or_404(IndicatorReturn.objects.select_related("indicator__lead_theme", "indicator__partnership", "period"), pk=kwargs["return_id"])
        done = {Action.APPROVE: "approved: it now counts in dashboards and reports", Action.RETURN: "returned for revision", Action.REOPEN: "reopened"}
        decide_from_post(request, ret, self.access, done, f"{ret.indicator.code} {ret.period}")
        return redirect(return_url(self.partnership, ret.indicator, ret.period))


class EvidenceView(PartnershipMixin, View):
    """Evidence is served only to members of the return's partnership, never from a public path."""

    def get(self, request, *args, **kwargs):
        ret = self.get_scoped_or_404(IndicatorReturn, pk=kwargs["return_id"])
        if not ret.evidence:
            raise Http404
        return FileResponse(ret.evidence.open("rb"), as_attachment=True, filename=ret.evidence.name.rsplit("/", 1)[-1])


class ChallengeCreateView(PartnershipMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return self.access.can_challenge_data()

    def post(self, request, *args, **kwargs):
        ret = self.get_scoped_or_404(IndicatorReturn.objects.select_related("indicator", "period"), pk=kwargs["return_id"])
        form = ChallengeForm(request.POST)
        if form.is_valid():
            DataChallenge.objects.create(indicator_return=ret, raised_by=self.membership, question=form.cleaned_data["question"])
            messages.success(request, "Challenge raised: the theme's officers will answer it.")
        else:
            messages.error(request, form.errors["question"][0])
        return redirect(return_url(self.partnership, ret.indicator, ret.period))


class ChallengeAnswerView(PartnershipMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        challenge = self.get_scoped_or_404(
            DataChallenge.objects.select_related("indicator_return__indicator", "indicator_return__period"), pk=kwargs["challenge_id"]
        )
        ret = challenge.indicator_return
        self.require(self.access.can_enter_returns(ret.indicator.lead_theme_id))
        form = AnswerForm(request.POST)
        if form.is_valid():
            challenge.answer = form.cleaned_data["answer"]
            challenge.answered_by, challenge.answered_at = self.membership, timezone.now()
            challenge.state = DataChallenge.State.ANSWERED
            challenge.save()
            messages.success(request, "Answer recorded.")
        else:
            messages.error(request, form.errors["answer"][0])
        return redirect(return_url(self.partnership, ret.indicator, ret.period))


class ChallengeListView(PartnershipMixin, TemplateView):
    template_name = "indicators/returns/challenges.html"
    nav_section = "returns"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        challenges = self.scoped(DataChallenge).select_related(
            "indicator_return__indicator__lead_theme", "indicator_return__period", "raised_by__user", "answered_by__user"
        )
        context["open_challenges"] = [c for c in challenges if c.state == DataChallenge.State.OPEN]
        context["answered_challenges"] = [c for c in challenges if c.state == DataChallenge.State.ANSWERED][:20]
        return context
