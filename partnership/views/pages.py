from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import Count, Min, Prefetch, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView, View

from partnership.filtersets import BoardFilterSet, MemberFilterSet
from partnership.forms import MeetingForm, MembershipForm, PartnershipSettingsForm, RoleAssignmentForm
from partnership.models import Board, Meeting, Membership, Objective, Partnership, RoleAssignment, Theme
from partnership.roles import Role
from partnership.tables import BoardTable, MemberTable

from .base import PartnershipMixin
from .lists import ScopedListView


class HomeView(LoginRequiredMixin, TemplateView):
    """Your partnerships: a person may belong to several."""

    extra_context = {"nav_section": "home"}

    template_name = "partnership/home.html"

    def get(self, request, *args, **kwargs):
        partnerships = list(Partnership.objects.for_user(request.user))
        if len(partnerships) == 1:
            return redirect(partnerships[0])
        return self.render_to_response(self.get_context_data(partnerships=partnerships))


class OverviewView(PartnershipMixin, TemplateView):
    nav_section = "overview"
    template_name = "partnership/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        boards = list(self.scoped(Board).order_by("name"))
        context["board_tree"] = build_board_tree(boards)
        context["themes"] = self.scoped(Theme).select_related("board")
        context["my_roles"] = (
            RoleAssignment.objects.filter(membership=self.membership).select_related("theme", "board")
        )
        context["objectives"] = self.scoped(Objective).select_related("owner__user")
        context["upcoming_meetings"] = (
            self.scoped(Meeting).filter(starts_at__gte=timezone.now()).select_related("board")[:5]
        )
        context["member_count"] = self.scoped(Membership).filter(is_active=True).count()
        return context


def build_board_tree(boards):
    """Nest boards under their parents: [(board, [(child, [...]), ...]), ...], roots first."""
    children = {}
    for board in boards:
        children.setdefault(board.parent_id, []).append(board)

    def subtree(parent_id):
        return [(board, subtree(board.pk)) for board in children.get(parent_id, [])]

    return subtree(None)


class BoardListView(ScopedListView):
    nav_section = "boards"
    model = Board
    table_class = BoardTable
    filterset_class = BoardFilterSet
    export_name = "boards"
    page_title = "Boards and groups"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("parent__partnership", "partnership")
            .annotate(
                theme_count=Count("themes", distinct=True),
                next_meeting=Min("meetings__starts_at", filter=Q(meetings__starts_at__gte=timezone.now())),
            )
            .order_by("name")
        )


class BoardDetailView(PartnershipMixin, DetailView):
    nav_section = "boards"
    template_name = "partnership/board_detail.html"
    context_object_name = "board"

    def get_object(self, queryset=None):
        return self.get_scoped_or_404(
            Board.objects.select_related("parent", "partnership"), pk=self.kwargs["board_id"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = self.object
        context["children"] = board.children.all()
        context["themes"] = board.themes.all()
        context["seats"] = board.role_assignments.select_related(
            "membership__user", "membership__organisation"
        ).order_by("role", "membership__user__last_name")
        now = timezone.now()
        context["upcoming_meetings"] = board.meetings.filter(starts_at__gte=now)
        context["past_meetings"] = board.meetings.filter(starts_at__lt=now).order_by("-starts_at")[:5]
        context["can_manage_meetings"] = self.access.can_manage_meetings(board.pk)
        return context


class ThemeDetailView(PartnershipMixin, DetailView):
    nav_section = "overview"
    template_name = "partnership/theme_detail.html"
    context_object_name = "theme"

    def get_object(self, queryset=None):
        return self.get_scoped_or_404(
            Theme.objects.select_related("board", "partnership"), slug=self.kwargs["theme_slug"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignments = self.object.role_assignments.select_related(
            "membership__user", "membership__organisation"
        ).order_by("membership__user__last_name")
        by_role = {}
        for assignment in assignments:
            by_role.setdefault(assignment.role, []).append(assignment.membership)
        # Seed 001 Appendix B's columns, in its order.
        context["officers"] = [
            (label, by_role.get(role, []))
            for role, label in Role.choices
            if role
            in (
                Role.OUTCOME_LEAD,
                Role.PERFORMANCE_MANAGEMENT_LEAD,
                Role.REPORT_COORDINATOR,
                Role.LEAD_INFORMATION_OFFICER,
                Role.DELIVERY_MANAGER,
            )
        ]
        context["can_enter_returns"] = self.access.can_enter_returns(self.object.pk)
        return context


class MemberListView(ScopedListView):
    nav_section = "people"
    model = Membership
    table_class = MemberTable
    filterset_class = MemberFilterSet
    export_name = "people"
    page_title = "People"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("user", "organisation", "partnership")
            .prefetch_related(
                Prefetch(
                    "role_assignments",
                    queryset=RoleAssignment.objects.select_related("theme", "board").order_by("role"),
                )
            )
        )


class MemberDetailView(PartnershipMixin, DetailView):
    nav_section = "people"
    template_name = "partnership/member_detail.html"
    context_object_name = "member"

    def get_object(self, queryset=None):
        return self.get_scoped_or_404(
            Membership.objects.select_related("user", "organisation", "partnership"), pk=self.kwargs["membership_id"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignments"] = self.object.role_assignments.select_related("theme", "board")
        context["can_manage"] = self.access.can_manage_partnership()
        return context


class MemberEditView(PartnershipMixin, UpdateView):
    nav_section = "people"
    template_name = "partnership/form_page.html"
    form_class = MembershipForm

    def has_permission(self):
        return self.access.can_manage_partnership()

    def get_object(self, queryset=None):
        return self.get_scoped_or_404(Membership.objects.select_related("user"), pk=self.kwargs["membership_id"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"Saved {self.object.display_name}'s details.")
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page_title=f"Edit {self.object.display_name}", back_url=self.object.get_absolute_url())
        return context


class RoleAssignView(PartnershipMixin, CreateView):
    nav_section = "people"
    template_name = "partnership/form_page.html"
    form_class = RoleAssignmentForm

    def has_permission(self):
        return self.access.can_manage_partnership()

    def get_member(self):
        return self.get_scoped_or_404(Membership.objects.select_related("user"), pk=self.kwargs["membership_id"])

    def get_form_kwargs(self):
        self.member = self.get_member()
        return {**super().get_form_kwargs(), "partnership": self.partnership, "membership": self.member}

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
        messages.success(self.request, f"{self.member.display_name} is now {self.object}.")
        return redirect(self.member)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=f"Give {self.member.display_name} a role",
            back_url=self.member.get_absolute_url(),
            submit_label="Add role",
        )
        return context


class RoleRemoveView(PartnershipMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return self.access.can_manage_partnership()

    def post(self, request, *args, **kwargs):
        assignment = self.get_scoped_or_404(
            RoleAssignment.objects.select_related("membership__user", "membership__partnership", "theme", "board"),
            pk=kwargs["assignment_id"],
        )
        member = assignment.membership
        assignment.delete()
        messages.success(request, f"Removed {assignment} from {member.display_name}.")
        return redirect(member)


class MeetingCreateView(PartnershipMixin, CreateView):
    nav_section = "boards"
    template_name = "partnership/form_page.html"
    form_class = MeetingForm

    def get_board(self):
        return self.get_scoped_or_404(Board, pk=self.kwargs["board_id"])

    def has_permission(self):
        self.board = self.get_board()
        return self.access.can_manage_meetings(self.board.pk)

    def form_valid(self, form):
        form.instance.board = self.board
        self.object = form.save()
        messages.success(self.request, f"Scheduled {self.object}.")
        return redirect(self.board)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=f"Schedule a meeting of {self.board.name}",
            back_url=self.board.get_absolute_url(),
            submit_label="Schedule meeting",
        )
        return context


class MeetingEditView(PartnershipMixin, FormView):
    """Edit a meeting; a save based on an out-of-date copy is refused and both versions are shown."""

    nav_section = "boards"

    template_name = "partnership/meeting_edit.html"
    form_class = MeetingForm

    def has_permission(self):
        self.meeting = self.get_scoped_or_404(
            Meeting.objects.select_related("board__partnership"), pk=self.kwargs["meeting_id"]
        )
        return self.access.can_manage_meetings(self.meeting.board_id)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.meeting}

    def form_valid(self, form):
        submitted_version = form.cleaned_data.get("version") or 0
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        with transaction.atomic():
            # Conditional update: succeeds only if nobody saved since this form was opened.
            updated = Meeting.objects.filter(pk=self.meeting.pk, version=submitted_version).update(
                version=submitted_version + 1, **fields
            )
        if not updated:
            current = Meeting.objects.get(pk=self.meeting.pk)
            form.add_error(
                None,
                "Someone else changed this meeting while you were editing it. Your changes have not been "
                "saved: they are still in the form below. Compare them with the saved version, then save again.",
            )
            # Let the next save go through against the version the user has now seen.
            form.data = form.data.copy()
            form.data["version"] = current.version
            return self.render_to_response(self.get_context_data(form=form, current=current))
        messages.success(self.request, "Meeting updated.")
        return redirect(self.meeting.board)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=f"Edit meeting: {self.meeting}",
            back_url=self.meeting.board.get_absolute_url(),
            submit_label="Save changes",
        )
        return context


class SettingsView(PartnershipMixin, UpdateView):
    """The partnership's own settings: its agreement years and the tolerance used for status."""

    template_name = "partnership/form_page.html"
    form_class = PartnershipSettingsForm
    nav_section = "overview"

    def has_permission(self):
        return self.access.can_manage_partnership()

    def get_object(self, queryset=None):
        return self.partnership

    def form_valid(self, form):
        form.save()
        messages.success(self.request, "Partnership settings saved.")
        return redirect(self.partnership)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page_title="Partnership settings", back_url=self.partnership.get_absolute_url(), submit_label="Save settings")
        return context
