"""A meeting's decisions and recommendations, closing, reopening or making a decision a SMART action,
responding to a recommendation, a board's decision log (HTML and PDF) and the assurance statement.
The rules are reporting.services.decisions'; who may do what is decided here: reading, whoever gets
the board's packs; recording at a meeting, the board's chair and members (the business group's
members for the business group) and administrators; responding, the receiving board's chair and
members; the assurance statement, the executive board's chair and members. The decision or
recommendation a page is about is named in its path, inside the meeting or board the path names: a
decision recorded at this meeting or, arising, at an earlier one of its board; a recommendation made
to this board. Any other (another meeting's, another board's, another partnership's) is 404."""

from functools import cached_property

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView, View

from escalation.forms.actions import ActionForm
from escalation.models import Escalation
from escalation.services.escalations import executive_board_ids
from partnership.concurrency import StaleEdit, stale_edit_message
from partnership.models import Board, Meeting, Membership
from partnership.pdf import pdf_response, render_pdf
from partnership.views.base import PartnershipMixin
from reporting.clock import clock
from reporting.forms.decisions import AssuranceForm, CloseDecisionForm, DecisionForm, RecommendationForm, ResponseForm
from reporting.models import AssuranceStatement, Decision, ExceptionItem, Recommendation, ReportingCycle
from reporting.packs.inputs import cycle_for, may_get_board_pack
from reporting.permissions import may_record, may_respond, may_write_assurance
from reporting.services import decisions as service


def posted_version(request):
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def kept_for_overwrite(form, stale, what):
    """After a StaleEdit: say so, keep what was typed, and carry the saved version so that saving
    again overwrites it knowingly."""
    form.add_error(None, stale_edit_message(what))
    form.data = form.data.copy()
    form.data["version"] = stale.current.version if stale.current else ""
    return stale.current


def add_problems(form, error):
    """A service's refusal shown on the form: beside each field, or above the form."""
    if isinstance(error, service.DecisionInvalid):
        form.add_errors(error.errors)
    else:
        form.add_error(None, str(error))


class MeetingMixin(PartnershipMixin):
    nav_section = "boards"

    def load_objects(self):
        self.meeting = self.get_scoped_or_404(
            Meeting.objects.select_related("board__partnership", "board__parent"), pk=self.kwargs["meeting_id"]
        )
        self.board = self.meeting.board

    def has_permission(self):
        return may_record(self.access, self.board)

    def meeting_url(self, anchor):
        return reverse("reporting:meeting_decisions", args=[self.partnership.slug, self.meeting.pk]) + f"#{anchor}"

    @cached_property
    def members(self):
        return list(self.scoped(Membership).filter(is_active=True).select_related("user"))


class DecisionMixin(MeetingMixin):
    """A page about one decision of the meeting's page: recorded at it, or arising from an earlier
    meeting of its board (what the page lists)."""

    def load_objects(self):
        super().load_objects()
        arising = Q(meeting__board=self.board, meeting__starts_at__lt=self.meeting.starts_at)
        decisions = Decision.objects.filter(Q(meeting=self.meeting) | arising)
        self.decision = self.get_scoped_or_404(
            decisions.select_related("meeting__board", "owner__user", "escalation__indicator", "action"),
            pk=self.kwargs["decision_id"],
        )


class MeetingDecisionsView(MeetingMixin, TemplateView):
    """The page: readers see it; the forms are for those who record (POST goes to the views below)."""

    template_name = "reporting/decisions/meeting.html"

    def has_permission(self):
        return may_get_board_pack(self.access, self.board)

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(**kwargs)
        cycle = cycle_for(self.meeting)
        agenda = service.meeting_agenda(self.meeting, cycle)
        bound, can_record = bound or {}, may_record(self.access, self.board)

        def form(prefix):  # the forms only for those who may record
            return bound.get(prefix) or (DecisionForm(prefix=prefix, members=self.members) if can_record else None)

        escalation_of = agenda["escalation_by_indicator"]
        context.update(
            meeting=self.meeting,
            board=self.board,
            cycle=cycle,
            agenda=agenda,
            items=[(v, escalation_of.get(v.item.indicator_id), form(f"item-{v.item.pk}")) for v in agenda["items"]],
            escalations=[(e, form(f"escalation-{e.pk}")) for e in agenda["escalations"]],
            target=service.recommendation_target(self.board),
            recommendation_form=bound.get("recommendation")
            or RecommendationForm(cycles=self.cycles, initial={"cycle": cycle.pk if cycle else ""}),
            error_form=next((f for f in bound.values() if f.errors), None),
            can_record=can_record,
            respond_board=self.board if may_respond(self.access, self.board) else None,
        )
        return context

    @cached_property
    def cycles(self):
        return list(self.scoped(ReportingCycle).select_related("period"))

    def render_bound(self, prefix, form):
        return self.render_to_response(self.get_context_data(bound={prefix: form}))


class DecisionRecordView(MeetingDecisionsView):
    """POST subject=item-<id> or escalation-<id>, with that subject's prefixed form."""

    http_method_names = ["post"]

    def has_permission(self):
        return may_record(self.access, self.board)

    def post(self, request, *args, **kwargs):
        subject = request.POST.get("subject", "")
        kind, _, number = subject.partition("-")
        if kind not in ("item", "escalation") or not number.isdigit():
            raise Http404("No subject was named.")
        model = ExceptionItem if kind == "item" else Escalation
        found = {"exception_item" if kind == "item" else "escalation": self.get_scoped_or_404(model, pk=number)}
        form = DecisionForm(request.POST, prefix=subject, members=self.members)
        if not form.is_valid():
            return self.render_bound(subject, form)
        try:
            service.record_decision(self.meeting, **found, **form.cleaned_data, user=request.user)
        except service.DecisionError as error:
            add_problems(form, error)
            return self.render_bound(subject, form)
        messages.success(request, "Decision recorded.")
        return redirect(self.meeting_url("decisions"))


class RecommendationRecordView(MeetingDecisionsView):
    http_method_names = ["post"]

    def has_permission(self):
        return may_record(self.access, self.board)

    def post(self, request, *args, **kwargs):
        form = RecommendationForm(request.POST, cycles=self.cycles)
        if not form.is_valid():
            return self.render_bound("recommendation", form)
        try:
            service.make_recommendation(
                self.meeting, to_board=service.recommendation_target(self.board), **form.cleaned_data, user=request.user
            )
        except service.DecisionError as error:
            add_problems(form, error)
            return self.render_bound("recommendation", form)
        messages.success(request, "Recommendation recorded.")
        return redirect(self.meeting_url("recommendations"))


class DecisionCloseView(DecisionMixin, View):
    """GET: the form to close the decision (or reopen it). POST action=close or action=reopen."""

    template_name = "reporting/decisions/close.html"

    def render(self, form, conflict=None):
        context = {**self.base_context(), "meeting": self.meeting, "decision": self.decision, "form": form}
        context.update(conflict=conflict, back_url=self.meeting_url("decisions"))
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render(CloseDecisionForm(initial={"version": self.decision.version}))

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "reopen":
            return self.reopen(request)
        form = CloseDecisionForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            data = dict(form.cleaned_data)
            service.close_decision(self.decision, expected_version=data.pop("version"), **data, user=request.user)
        except StaleEdit as stale:
            return self.render(form, conflict=kept_for_overwrite(form, stale, "this decision"))
        except service.DecisionError as error:
            add_problems(form, error)
            return self.render(form)
        messages.success(request, "Decision closed.")
        return redirect(self.meeting_url("decisions"))

    def reopen(self, request):
        try:
            service.reopen_decision(self.decision, expected_version=posted_version(request), user=request.user)
        except StaleEdit:
            messages.error(request, stale_edit_message("this decision", kept=False))
        except service.DecisionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Decision reopened.")
        return redirect(self.meeting_url("decisions"))


class DecisionActionView(DecisionMixin, View):
    """GET: the SMART action form, filled in from the decision. POST makes it."""

    template_name = "reporting/decisions/action.html"

    def render(self, form, escalation, version=None):
        context = {**self.base_context(), "meeting": self.meeting, "decision": self.decision, "form": form}
        context.update(escalation=escalation, back_url=self.meeting_url("decisions"))
        context.update(version=self.decision.version if version is None else version)
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        decision = self.decision
        initial = {"description": decision.decision, "lead": decision.owner_id, "due_date": decision.due_date}
        form = ActionForm(initial=initial, partnership=self.partnership, today=clock.today())
        return self.render(form, service.open_escalation_for(decision))

    def post(self, request, *args, **kwargs):
        form = ActionForm(request.POST, partnership=self.partnership, today=clock.today())
        escalation, version = service.open_escalation_for(self.decision), posted_version(request)
        if not form.is_valid():
            return self.render(form, escalation, version)
        try:
            service.make_action(self.decision, **form.cleaned_data, expected_version=version, user=request.user)
        except StaleEdit as stale:
            form.add_error(None, stale_edit_message("this decision"))
            return self.render(form, escalation, stale.current.version)
        except service.DecisionError as error:
            add_problems(form, error)
            return self.render(form, escalation, version)
        messages.success(request, f"The decision is now an action in the plan for {escalation.indicator.code}.")
        return redirect(self.meeting_url("decisions"))


class BoardMixin(PartnershipMixin):
    nav_section = "boards"

    def load_objects(self):
        self.board = self.get_scoped_or_404(
            Board.objects.select_related("partnership", "parent"), pk=self.kwargs["board_id"]
        )

    def has_permission(self):
        return may_get_board_pack(self.access, self.board)

    def log_url(self, anchor):
        return reverse("reporting:decision_log", args=[self.partnership.slug, self.board.pk]) + f"#{anchor}"


class DecisionLogView(BoardMixin, TemplateView):
    template_name = "reporting/decisions/log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            board=self.board,
            log=service.decision_log(self.board),
            respond_board=self.board if may_respond(self.access, self.board) else None,
        )
        return context


class DecisionLogPdfView(BoardMixin, View):
    def get(self, request, *args, **kwargs):
        log = service.decision_log(self.board)
        pdf = render_pdf("reporting/pdf/decision_log.html", {"partnership": self.partnership, "log": log})
        return pdf_response(pdf, f"{self.partnership.slug}-decision-log-{self.board.pk}.pdf")


class RespondView(BoardMixin, View):
    """The receiving board's response to one recommendation made to it (?meeting=<id> fills in the
    meeting it was decided at: the link from a meeting's page)."""

    template_name = "reporting/decisions/respond.html"

    def load_objects(self):
        super().load_objects()
        self.recommendation = self.get_scoped_or_404(
            Recommendation.objects.select_related("meeting__board", "to_board", "cycle__period"),
            pk=self.kwargs["recommendation_id"],
            to_board=self.board,
        )

    def has_permission(self):
        return may_respond(self.access, self.board)

    def form(self, data=None):
        meetings = self.board.meetings.select_related("board").order_by("-starts_at")[:30]
        recommendation = self.recommendation
        initial = {"version": recommendation.version, "reason": recommendation.response_reason}
        initial.update(response=recommendation.response if not recommendation.is_pending else "")
        initial.update(meeting=self.request.GET.get("meeting") or recommendation.response_meeting_id or "")
        return ResponseForm(data, initial=initial, meetings=meetings)

    def render(self, form, conflict=None):
        context = {**self.base_context(), "board": self.board, "recommendation": self.recommendation, "form": form}
        context.update(conflict=conflict, back_url=self.log_url("received"))
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render(self.form())

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            data = dict(form.cleaned_data)
            service.respond(self.recommendation, expected_version=data.pop("version"), **data, user=request.user)
        except StaleEdit as stale:
            return self.render(form, conflict=kept_for_overwrite(form, stale, "this recommendation's response"))
        except service.DecisionError as error:
            add_problems(form, error)
            return self.render(form)
        messages.success(request, f"Response recorded: {form.cleaned_data['response']}.")
        return redirect(self.log_url("received"))


class AssuranceView(PartnershipMixin, View):
    """The executive board's assurance statement on a quarter, carried by the HSP/PMG report."""

    nav_section = "reports"
    template_name = "reporting/decisions/assurance.html"

    def load_objects(self):
        self.cycle = self.get_scoped_or_404(ReportingCycle.objects.select_related("period"), pk=self.kwargs["cycle_id"])
        self.statement = AssuranceStatement.objects.filter(cycle=self.cycle).first()

    def has_permission(self):
        return may_write_assurance(self.access, executive_board_ids(self.partnership))

    def render(self, form, conflict=None):
        back = reverse("reporting:partnership_report", args=[self.partnership.slug, self.cycle.pk])
        context = {**self.base_context(), "cycle": self.cycle, "form": form, "conflict": conflict, "back_url": back}
        context.update(page_title=f"Assurance statement, {self.cycle.period}", submit_label="Save the statement")
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        statement = self.statement
        initial = {"version": statement.version, "statement": statement.statement} if statement else {}
        return self.render(AssuranceForm(initial=initial))

    def post(self, request, *args, **kwargs):
        form = AssuranceForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            data = dict(form.cleaned_data)
            service.save_assurance(self.cycle, expected_version=data.pop("version"), **data, user=request.user)
        except StaleEdit as stale:
            return self.render(form, conflict=kept_for_overwrite(form, stale, "the assurance statement"))
        except service.DecisionError as error:
            add_problems(form, error)
            return self.render(form)
        messages.success(request, "Assurance statement saved.")
        return redirect("reporting:partnership_report", partnership_slug=self.partnership.slug, cycle_id=self.cycle.pk)
